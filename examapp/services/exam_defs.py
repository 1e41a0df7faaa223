"""Exam definitions in the database: upserted from validated specs, read back as ExamSpec."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..domain.bank_exams import pool_for
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


@dataclass(frozen=True)
class ExamRow:
    exam: Exam
    spec: ExamSpec
    pools: list[int]  # questions each section can draw from right now

    @property
    def short_sections(self) -> list[int]:
        """Indexes of sections whose pool is smaller than what they draw."""
        return [i for i, s in enumerate(self.spec.sections) if self.pools[i] < s.count]


def exam_overview() -> list[ExamRow]:
    """Every stored exam (inactive too) with the current pool size of each section."""
    from .banks import current_questions

    questions = list(current_questions().values())
    return [
        ExamRow(row, spec, [len(pool_for(s, questions)) for s in spec.sections])
        for row, spec in exam_specs(active_only=False)
    ]
