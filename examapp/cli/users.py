import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..domain.errors import DomainError
from ..extensions import db
from ..models import Cohort, Role
from ..services import accounts

users_cli = AppGroup("users", help="Create and manage accounts.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.TRAINEE.value)
@click.option("--name", "display_name", default=None, help="Display name (defaults to username).")
@click.option("--cohort", default=None, help="Cohort name; created if missing.")
@click.password_option(help="Prompted for when not given.")
def create(
    username: str, role: str, display_name: str | None, cohort: str | None, password: str
) -> None:
    """Create a user, e.g. `flask --app wsgi users create --role admin --username boss`."""
    try:
        group = None
        if cohort:
            group = db.session.scalar(select(Cohort).where(Cohort.name == cohort))
            group = group or accounts.create_cohort(cohort)
        user = accounts.create_user(
            username, password, role=role, display_name=display_name, cohort=group
        )
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.role} {user.username}")
