"""Importing banks into the database: all or nothing, versions, retirement, export round trips."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from examapp.domain.banks import load_catalog, parse_bank_text
from examapp.domain.errors import ValidationFailed
from examapp.domain.exam_specs import spec_from_dict
from examapp.extensions import db
from examapp.models import Bank, BankImport, Exam, QuestionRecord, QuestionVersion
from examapp.services import banks
from tests.factories import fixture_banks_dir, load_sample_bank

VALID = fixture_banks_dir() / "valid"
BANK_FILE = VALID / "sample-bank.yaml"
LATER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Bank, QuestionRecord, QuestionVersion, Exam, BankImport)
    )


def _edited(tmp_path: Path, old: str, new: str, name: str = "sample-bank.yaml") -> Path:
    text = BANK_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_sample_bank_loads_its_questions_and_exam(app) -> None:
    """Does load_sample_bank() store 12 current questions, one version each, and the exam spec?"""
    summary = load_sample_bank()
    assert len(summary.added) == 12 and summary.exams_added == ["sample-cert"]
    questions = banks.current_questions()
    assert sorted(questions) == sorted(load_catalog([VALID]).questions)
    assert questions["sample-s-001"].answer == frozenset({"B"})
    exam = db.session.get(Exam, "sample-cert")
    assert spec_from_dict(exam.spec) == load_catalog([VALID]).exams["sample-cert"]
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 12


def test_reimporting_an_unchanged_bank_writes_nothing(app) -> None:
    """Does importing the same files twice leave every row (and the import log) as it was?"""
    load_sample_bank()
    before = _counts()
    stamps = {r.id: r.updated_at for r in db.session.scalars(select(QuestionRecord))}
    summary = banks.import_paths([VALID], now=LATER)
    assert not summary.changed_anything and summary.import_id is None
    assert len(summary.unchanged) == 12
    assert _counts() == before
    db.session.expire_all()
    assert {r.id: r.updated_at for r in db.session.scalars(select(QuestionRecord))} == stamps


def test_one_bad_question_imports_nothing(app, tmp_path: Path) -> None:
    """Does a file with one broken question leave the database exactly as it was?"""
    load_sample_bank()
    before = _counts()
    bad = _edited(tmp_path, "answer: C\n", "anwser: C\n")
    extra = tmp_path / "other.yaml"
    extra.write_text(
        "bank: other\ntitle: 另一个\nmodule: communication\nquestions:\n"
        "  - {id: other-1, type: truefalse, stem: 题, answer: true, explanation: 因为}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        banks.import_paths([bad, extra])
    assert any("anwser" in str(p) for p in failed.value.problems)
    assert _counts() == before
    assert db.session.get(Bank, "other") is None


def test_an_error_during_the_write_rolls_back_everything(app, tmp_path: Path, monkeypatch) -> None:
    """If the database write fails half-way (after some rows were added), is nothing kept?"""
    before = _counts()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(banks, "sync_exams", explode)
    with pytest.raises(RuntimeError):
        banks.import_paths([VALID])
    assert _counts() == before


def test_editing_a_question_adds_a_version_and_keeps_the_old_one(app, tmp_path: Path) -> None:
    """Does an edited stem create a new version while the stored version stays byte-for-byte?"""
    load_sample_bank()
    old = banks.current_versions(["sample-s-003"])["sample-s-003"]
    old_id, old_snapshot, old_hash = old.id, dict(old.snapshot), old.content_hash
    edited = _edited(tmp_path, "无法满足顾客的要求时", "顾客的要求无法满足时")
    summary = banks.import_paths([edited, VALID / "exams"], now=LATER)
    assert summary.changed == ["sample-s-003"] and summary.import_id is not None
    db.session.expire_all()
    kept = db.session.get(QuestionVersion, old_id)
    assert kept.snapshot == old_snapshot and kept.content_hash == old_hash
    new = banks.current_versions(["sample-s-003"])["sample-s-003"]
    assert new.id != old_id and new.snapshot["stem"].startswith("顾客的要求无法满足时")
    assert banks.version_for("sample-s-003", old_hash).id == old_id
    assert len(db.session.get(QuestionRecord, "sample-s-003").versions) == 2


def test_a_reverted_edit_reuses_the_old_version(app, tmp_path: Path) -> None:
    """Does going back to earlier content point at the earlier version instead of a duplicate?"""
    load_sample_bank()
    edited = _edited(tmp_path, "无法满足顾客的要求时", "顾客的要求无法满足时")
    banks.import_paths([edited, VALID / "exams"])
    summary = banks.import_paths([VALID])
    assert summary.changed == ["sample-s-003"]
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 13


def test_tag_only_edits_update_the_question_without_a_new_version(app, tmp_path: Path) -> None:
    """Are tags and difficulty (not part of the version) updated in place, with no new version?"""
    load_sample_bank()
    edited = _edited(tmp_path, "tags: [情绪管理]", "tags: [情绪管理, 投诉]")
    summary = banks.import_paths([edited, VALID / "exams"])
    assert summary.retagged == ["sample-tf-003"] and not summary.changed
    assert banks.current_questions(["sample-tf-003"])["sample-tf-003"].tags == ("情绪管理", "投诉")
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 12


def test_questions_missing_from_a_reimport_are_retired_not_deleted(app, tmp_path: Path) -> None:
    """Is a question dropped from its bank file retired (hidden, versions kept) and restorable?"""
    load_sample_bank()
    text = BANK_FILE.read_text(encoding="utf-8")
    start = text.index("  - id: sample-tf-004")
    (tmp_path / "sample-bank.yaml").write_text(text[:start], encoding="utf-8")
    summary = banks.import_paths([tmp_path / "sample-bank.yaml"])
    assert summary.retired == ["sample-tf-004"]
    assert "sample-tf-004" not in banks.current_questions()
    assert db.session.get(QuestionRecord, "sample-tf-004").retired
    assert len(db.session.get(QuestionRecord, "sample-tf-004").versions) == 1
    again = banks.import_paths([VALID])
    assert again.added == ["sample-tf-004"] and "sample-tf-004" in banks.current_questions()


def test_a_question_id_owned_by_another_bank_is_refused(app, tmp_path: Path) -> None:
    """Can a second bank file silently take over a stored question id? (It must not.)"""
    load_sample_bank()
    before = _counts()
    thief = tmp_path / "thief.yaml"
    thief.write_text(
        "bank: thief\ntitle: 抢题\nmodule: communication\nquestions:\n"
        "  - id: sample-tf-001\n    type: truefalse\n    stem: 题\n    answer: true\n"
        "    explanation: 因为\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        banks.import_paths([thief])
    assert [str(p) for p in failed.value.problems] == [
        f"{thief}:5: sample-tf-001: id: 题号已属于题库 sample-comm / id already used by another bank"
    ]
    assert _counts() == before


def test_export_then_import_changes_nothing(app, tmp_path: Path) -> None:
    """Does the exported YAML parse to the same versions and re-import without any change?"""
    load_sample_bank()
    exported = banks.export_bank("sample-comm")
    parsed = parse_bank_text(exported, "exported.yaml")
    original = load_catalog([VALID]).questions
    assert {q.id: q.content_hash() for q in parsed.questions.values()} == {
        q.id: q.content_hash() for q in original.values()
    }
    assert {q.id: (q.tags, q.difficulty) for q in parsed.questions.values()} == {
        q.id: (q.tags, q.difficulty) for q in original.values()
    }
    before = _counts()
    (tmp_path / "exported.yaml").write_text(exported, encoding="utf-8")
    summary = banks.import_paths([tmp_path / "exported.yaml"])
    assert not summary.changed_anything and len(summary.unchanged) == 12
    assert _counts() == before


def test_changed_exam_definitions_are_updated(app, tmp_path: Path) -> None:
    """Is an edited exam definition stored as its new spec, and an unchanged one left alone?"""
    load_sample_bank()
    text = (VALID / "exams" / "sample-exam.yaml").read_text(encoding="utf-8")
    (tmp_path / "exam.yaml").write_text(text.replace("pass_mark: 6", "pass_mark: 7"), "utf-8")
    summary = banks.import_paths([BANK_FILE, tmp_path / "exam.yaml"])
    assert summary.exams_changed == ["sample-cert"]
    spec = spec_from_dict(db.session.get(Exam, "sample-cert").spec)
    assert spec.pass_mark == 7
    assert dataclasses.replace(
        spec, pass_mark=6, source_file="", source_line=0
    ) == dataclasses.replace(
        load_catalog([VALID]).exams["sample-cert"], source_file="", source_line=0
    )
