"""`flask --app wsgi banks check|import|export|template`: question banks from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from ..domain.banks import load_catalog
from ..domain.errors import DomainError, ValidationFailed
from ..domain.formats import build_template
from ..services import banks

banks_cli = AppGroup("banks", help="Check, import and export question banks and exam definitions.")

# Below this many questions the import is over before a bar would be worth drawing.
PROGRESS_ABOVE = 200


def _fail(exc: ValidationFailed, importing: bool = False) -> None:
    """Print every problem as file:line: id: field: message and exit 1 (what CI looks for)."""
    for problem in exc.problems:
        click.echo(str(problem))
    outcome = "; nothing was imported" if importing else ""
    click.echo(f"{len(exc.problems)} problem(s){outcome}.", err=True)
    sys.exit(1)


@banks_cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate bank and exam files (directories are searched); exit 1 listing every problem."""
    try:
        catalog = load_catalog(paths)
    except ValidationFailed as exc:
        _fail(exc)
    click.echo(
        f"OK: {len(catalog.banks)} banks, {len(catalog.questions)} questions, "
        f"{len(catalog.exams)} exams"
    )


@banks_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_(paths: tuple[Path, ...]) -> None:
    """Validate, then import everything in one transaction: one bad question imports nothing."""
    try:
        catalog = load_catalog(paths)
    except ValidationFailed as exc:
        _fail(exc, importing=True)
    name = ", ".join(str(p) for p in paths)
    total = sum(len(info.question_ids) for info in catalog.banks.values())
    try:
        if total > PROGRESS_ABOVE:
            with click.progressbar(
                length=total, label="Importing questions", file=sys.stderr
            ) as bar:
                summary = banks.import_catalog(catalog, name, progress=bar.update)
        else:
            summary = banks.import_catalog(catalog, name)
    except ValidationFailed as exc:
        _fail(exc, importing=True)
    click.echo(summary.line())
    if not summary.changed_anything:
        click.echo("Nothing changed.")


@banks_cli.command("export")
@click.argument("bank")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
def export(bank: str, output: Path | None) -> None:
    """Write a bank's current questions as YAML (importing it back changes nothing)."""
    try:
        text = banks.export_bank(bank)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


@banks_cli.command("template")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File."
)
def template(output: Path) -> None:
    """Write the Excel template (one question per row) that uploads accept."""
    output.write_bytes(build_template())
    click.echo(f"Wrote {output}")
