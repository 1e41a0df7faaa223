"""`flask --app wsgi exams regrade EXAM_ID [--apply] --reason ...`: fix results after a key fix."""

import getpass

import click
from flask.cli import AppGroup

from ..domain.errors import DomainError
from ..services import regrade as regrade_service

exams_cli = AppGroup("exams", help="Exam maintenance: regrade after a key fix.")


@exams_cli.command("regrade")
@click.argument("exam_id")
@click.option("--apply", "do_apply", is_flag=True, help="Write the changes (default: dry run).")
@click.option("--reason", default="", help="Why (required with --apply), e.g. the fixed question.")
@click.option("--by", default=None, help="Who runs it (default: the login name).")
def regrade(exam_id: str, do_apply: bool, reason: str, by: str | None) -> None:
    """Regrade EXAM_ID's graded attempts with the current keys: dry run first, --apply to write."""
    try:
        plan = regrade_service.plan(exam_id)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"exam {exam_id}: {plan.checked} graded attempts checked, {len(plan.changes)} affected"
    )
    if plan.changes:
        click.echo(f"{'attempt':>7}  {'user':<20} {'no':>2}  {'old':>7} -> {'new':<7} pass")
        for c in plan.changes:
            verdict = _pass_text(c.old_passed, c.new_passed)
            click.echo(
                f"{c.attempt_id:>7}  {c.username:<20} {c.number:>2}  "
                f"{c.old_score:>7g} -> {c.new_score:<7g} {verdict}  [{', '.join(c.question_ids)}]"
            )
    if not do_apply:
        click.echo("dry run: nothing changed. Run again with --apply --reason '...' to write.")
        return
    if not reason.strip():
        raise click.ClickException("--reason is required with --apply (it is kept in the record)")
    try:
        run = regrade_service.apply(exam_id, by or _login_name(), reason)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"applied: regrade run {run.id} recorded, {len(run.changes)} attempts updated")


def _pass_text(old: bool, new: bool) -> str:
    word = {True: "pass", False: "fail"}
    return word[new] if old == new else f"{word[old]} -> {word[new]}"


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"
