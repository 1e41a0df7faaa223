import click
from flask import current_app
from flask.cli import AppGroup

from ..services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

demo_cli = AppGroup("demo", help="Demo data for a local try-out.")


@demo_cli.command("load")
def load() -> None:
    """Create the demo cohort, users and content (idempotent; refused in production)."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException(
            "demo data is only loaded in development (KEFU_ENV=development), never in production"
        )
    for line in load_demo():
        click.echo(line)
    logins = ", ".join(username for username, _, _ in DEMO_USERS)
    click.echo(f"Demo logins (password {DEMO_PASSWORD}): {logins}")
