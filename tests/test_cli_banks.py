"""`flask banks ...`: exit codes and output a CI job or a trainer at a terminal can act on."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from examapp.domain.banks import load_catalog
from examapp.extensions import db
from examapp.models import BankImport, QuestionRecord, QuestionVersion
from examapp.services import banks
from tests.factories import fixture_banks_dir, load_sample_bank

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = fixture_banks_dir()


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["banks", *args])


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_check_passes_on_the_shipped_banks(app) -> None:
    """Does `banks check question_banks/` accept the shipped content with exit 0 and a summary?"""
    result = _run(app, "check", str(ROOT / "question_banks"))
    assert result.exit_code == 0, result.output
    catalog = load_catalog([ROOT / "question_banks"])
    assert result.stdout.strip() == (
        f"OK: {len(catalog.banks)} banks, {len(catalog.questions)} questions, "
        f"{len(catalog.exams)} exams"
    )


def test_check_fails_with_the_exact_problem_lines(app) -> None:
    """Does a bad file exit 1 and print each problem as file:line: id: field: message?"""
    bad = FIXTURES / "bad" / "many-problems.yaml"
    result = _run(app, "check", str(bad))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert (
        f"{bad}:10: bad-001: anwser: 未知字段 anwser，是否想写 answer？ / unknown field, did you mean answer?"
        in lines
    )
    assert (
        f"{bad}:22: bad-003: answer: 答案 E 不在选项 A, B, C 中 / answer not among options" in lines
    )
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "problem(s)" in result.stderr


def test_check_refuses_a_missing_path(app, tmp_path: Path) -> None:
    """Is a typo in the path an error (exit 1), not a silent 'OK: 0 banks'?"""
    result = _run(app, "check", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_import_is_all_or_nothing(app, tmp_path: Path) -> None:
    """Does `banks import` with one bad file among good ones import nothing and exit 1?"""
    result = _run(app, "import", str(FIXTURES / "valid"), str(FIXTURES / "bad"))
    assert result.exit_code == 1
    assert "nothing was imported" in result.stderr
    assert _count(QuestionRecord) == 0 and _count(BankImport) == 0


def test_import_then_reimport_reports_nothing_changed(app) -> None:
    """Does a second import of the same files say so and write no new rows?"""
    first = _run(app, "import", str(FIXTURES / "valid"))
    assert first.exit_code == 0, first.output
    assert "+12 added" in first.output
    versions = _count(QuestionVersion)
    second = _run(app, "import", str(FIXTURES / "valid"))
    assert second.exit_code == 0
    assert "Nothing changed." in second.output
    assert _count(QuestionVersion) == versions and _count(BankImport) == 1


def test_import_of_the_shipped_banks_shows_a_progress_bar(app) -> None:
    """Is a large import (over 200 questions) accompanied by a progress bar on stderr?"""
    result = _run(app, "import", str(ROOT / "question_banks"))
    assert result.exit_code == 0, result.stderr
    assert "Importing questions" in result.stderr
    assert _count(QuestionRecord) == len(load_catalog([ROOT / "question_banks"]).questions)


def test_export_round_trips_through_import(app, tmp_path: Path) -> None:
    """Does `banks export BANK -o FILE` write YAML whose import changes nothing?"""
    load_sample_bank()
    out = tmp_path / "sample-comm.yaml"
    result = _run(app, "export", "sample-comm", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == banks.export_bank("sample-comm")
    again = _run(app, "import", str(out))
    assert again.exit_code == 0 and "Nothing changed." in again.output


def test_export_to_stdout_and_unknown_bank(app) -> None:
    """Does export print YAML without -o, and name the problem for an unknown bank?"""
    load_sample_bank()
    printed = _run(app, "export", "sample-comm")
    assert printed.exit_code == 0 and printed.stdout.startswith("bank: sample-comm\n")
    missing = _run(app, "export", "no-such-bank")
    assert missing.exit_code == 1 and "no such bank" in missing.stderr


def test_template_writes_the_xlsx_template(app, tmp_path: Path) -> None:
    """Does `banks template -o FILE` write a workbook whose header row is the documented layout?"""
    out = tmp_path / "template.xlsx"
    result = _run(app, "template", "-o", str(out))
    assert result.exit_code == 0, result.output
    header = [c.value for c in next(load_workbook(out).worksheets[0].iter_rows(max_row=1))]
    assert header[:3] == ["id", "type", "stem"]
