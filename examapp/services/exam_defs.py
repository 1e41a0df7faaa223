"""Exam definitions in the database: upserted from validated specs, read back as ExamSpec."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..domain.exam_specs import spec_from_dict, spec_hash, spec_to_dict
from ..domain.exams import ExamSpec
from ..extensions import db
from ..models import Exam

if TYPE_CHECKING:
    from .banks import ImportSummary


def sync_exams(specs: Iterable[ExamSpec], summary: ImportSummary, now: datetime) -> None:
    """Add or update Exam rows whose spec changed; the caller commits (inside its import)."""
    for spec in specs:
        version = spec_hash(spec)
        row = db.session.get(Exam, spec.id)
        if row is not None and row.spec_hash == version and row.active:
            summary.exams_unchanged.append(spec.id)
            continue
        if row is None:
            row = Exam(id=spec.id)
            db.session.add(row)
            summary.exams_added.append(spec.id)
        else:
            summary.exams_changed.append(spec.id)
        row.title, row.kind, row.module = spec.title, str(spec.kind), spec.module
        row.spec, row.spec_hash, row.active, row.updated_at = spec_to_dict(spec), version, True, now


def exam_specs(active_only: bool = True) -> list[tuple[Exam, ExamSpec]]:
    """Every stored exam with its spec, ordered by kind then id."""
    stmt = select(Exam).order_by(Exam.kind, Exam.id)
    if active_only:
        stmt = stmt.where(Exam.active.is_(True))
    return [(row, spec_from_dict(row.spec)) for row in db.session.scalars(stmt)]
