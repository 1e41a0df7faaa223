from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..domain.errors import DomainError, ValidationFailed
from ..extensions import db
from ..models import Cohort, Role
from ..services import accounts, user_import

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


@users_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Create every account of a roster CSV at once (nothing when a row is wrong); prints passwords."""
    try:
        result = user_import.import_roster(file.read_bytes(), file.name)
    except ValidationFailed as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(exc.problems)} 个问题，未创建任何账号 / problems found, nothing created"
        ) from exc
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    for account in result.accounts:
        password = account.generated_password or "(as given in the file)"
        click.echo(f"{account.username}\t{account.role}\t{account.cohort or '-'}\t{password}")
    click.echo(
        f"created {len(result.accounts)} accounts; generated passwords are shown only now",
        err=True,
    )
