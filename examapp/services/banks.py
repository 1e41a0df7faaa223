"""Question banks in the database: all-or-nothing imports, content versions, export, lookups.

A question's content hash is its version. Importing writes a QuestionVersion only for a hash not
stored yet and never edits one, so the versions that attempts point at keep their exact content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Row, or_, select

from ..domain.bank_schema import BankInfo, Catalog
from ..domain.banks import dump_bank, load_catalog
from ..domain.errors import DomainError, Problem, ValidationFailed
from ..domain.questions import Question
from ..extensions import db
from ..models import Bank, BankImport, QuestionRecord, QuestionVersion, User, utcnow
from .exam_defs import sync_exams

Progress = Callable[[int], None]


@dataclass
class ImportSummary:
    """What one import did, by id; ``import_id`` is the BankImport row (None when nothing changed)."""

    filename: str
    banks_added: list[str] = field(default_factory=list)
    banks_updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # new content version
    retagged: list[str] = field(default_factory=list)  # tags, difficulty, module or bank only
    retired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    exams_added: list[str] = field(default_factory=list)
    exams_changed: list[str] = field(default_factory=list)
    exams_unchanged: list[str] = field(default_factory=list)
    import_id: int | None = None

    @property
    def changed_anything(self) -> bool:
        """Did the import write anything at all?"""
        writes = (self.banks_added, self.banks_updated, self.added, self.changed, self.retagged)
        return any(writes) or any((self.retired, self.exams_added, self.exams_changed))

    def as_dict(self) -> dict:
        """A JSON-safe copy for the BankImport record."""
        return {k: v for k, v in asdict(self).items() if k != "import_id"}

    def line(self) -> str:
        """One line for the CLI and the demo loader."""
        return (
            f"{self.filename}: questions +{len(self.added)} added, {len(self.changed)} new versions, "
            f"{len(self.retagged)} retagged, {len(self.retired)} retired, "
            f"{len(self.unchanged)} unchanged; exams +{len(self.exams_added)} added, "
            f"{len(self.exams_changed)} changed, {len(self.exams_unchanged)} unchanged"
        )


def _who(user: User | None) -> str:
    return user.username if user is not None else "cli"


def _owner_problems(catalog: Catalog) -> list[Problem]:
    """An id stored in another bank that this import does not also replace is a clash."""
    ids = list(catalog.questions)
    if not ids:
        return []
    problems = []
    for record in db.session.scalars(select(QuestionRecord).where(QuestionRecord.id.in_(ids))):
        q = catalog.questions[record.id]
        if record.bank_id != q.bank and not record.retired and record.bank_id not in catalog.banks:
            source = catalog.banks[q.bank].source_file
            msg = f"题号已属于题库 {record.bank_id} / id already used by another bank"
            problems.append(Problem(source, q.source_line, q.id, "id", msg))
    return problems


def _record_fields(q: Question) -> dict:
    return {
        "bank_id": q.bank,
        "module": q.module,
        "type": str(q.type),
        "tags": list(q.tags),
        "difficulty": q.difficulty,
    }


def _sync_bank_row(info: BankInfo, summary: ImportSummary, now: datetime) -> Bank:
    bank = db.session.get(Bank, info.id)
    header = {"title": info.title, "module": info.module, "description": info.description}
    if bank is None:
        bank = Bank(id=info.id, source_file=info.source_file[:255], updated_at=now, **header)
        db.session.add(bank)
        summary.banks_added.append(info.id)
    elif any(getattr(bank, k) != v for k, v in header.items()):
        for key, value in header.items():
            setattr(bank, key, value)
        bank.source_file, bank.updated_at = info.source_file[:255], now
        summary.banks_updated.append(info.id)
    return bank


def _sync_questions(
    info: BankInfo,
    catalog: Catalog,
    summary: ImportSummary,
    who: str,
    now: datetime,
    progress: Progress | None,
) -> None:
    """Add, version, retag, restore and retire this bank's questions."""
    ids = list(info.question_ids)
    records = {
        r.id: r
        for r in db.session.scalars(
            select(QuestionRecord).where(
                or_(QuestionRecord.bank_id == info.id, QuestionRecord.id.in_(ids))
            )
        )
    }
    stored = set(
        db.session.execute(
            select(QuestionVersion.question_id, QuestionVersion.content_hash).where(
                QuestionVersion.question_id.in_(list(records))
            )
        ).tuples()
    )
    for qid in ids:
        q = catalog.questions[qid]
        content_hash, fields = q.content_hash(), _record_fields(q)
        record = records.get(qid)
        if record is None:
            record = QuestionRecord(id=qid, current_hash=content_hash, updated_at=now, **fields)
            db.session.add(record)
            summary.added.append(qid)
        elif record.retired or record.current_hash != content_hash:
            (summary.added if record.retired else summary.changed).append(qid)
        elif any(getattr(record, k) != v for k, v in fields.items()):
            summary.retagged.append(qid)
        else:
            summary.unchanged.append(qid)
            if progress:
                progress(1)
            continue
        for key, value in fields.items():
            setattr(record, key, value)
        record.current_hash, record.retired, record.updated_at = content_hash, False, now
        if (qid, content_hash) not in stored:
            # A reverted edit reuses its old version row; otherwise a new immutable version.
            db.session.add(
                QuestionVersion(
                    question_id=qid,
                    content_hash=content_hash,
                    snapshot=q.snapshot(),
                    created_at=now,
                    created_by=who[:80],
                )
            )
            stored.add((qid, content_hash))
        if progress:
            progress(1)
    keep = set(ids)
    for record in records.values():
        if record.bank_id == info.id and record.id not in keep and not record.retired:
            # Retired, not deleted: past attempts still point at its versions.
            record.retired, record.updated_at = True, now
            summary.retired.append(record.id)


def import_catalog(
    catalog: Catalog,
    filename: str,
    user: User | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write a validated catalog in ONE transaction: any error rolls every change back."""
    now = now or utcnow()
    summary = ImportSummary(filename=filename)
    try:
        problems = _owner_problems(catalog)
        if problems:
            raise ValidationFailed(problems)
        for info in catalog.banks.values():
            _sync_bank_row(info, summary, now)
            _sync_questions(info, catalog, summary, _who(user), now, progress)
        sync_exams(catalog.exams.values(), summary, now)
        if summary.changed_anything:
            record = BankImport(
                filename=filename[:255],
                user_id=user.id if user is not None else None,
                at=now,
                summary={"state": "done", **summary.as_dict()},
            )
            db.session.add(record)
            db.session.flush()
            summary.import_id = record.id
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return summary


def import_paths(
    paths: Iterable[Path | str],
    user: User | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Validate the bank and exam files under ``paths`` together, then import them all or nothing."""
    paths = list(paths)
    catalog = load_catalog(paths)
    return import_catalog(catalog, ", ".join(str(p) for p in paths), user, now, progress)


def load_question_banks() -> str:
    """Demo/content loader: import the shipped ``question_banks/`` (idempotent)."""
    from flask import current_app

    return "question banks: " + import_paths([current_app.config["QUESTION_BANKS_DIR"]]).line()


def question_of(record: QuestionRecord, version: QuestionVersion) -> Question:
    """A domain Question from a stored version, with the record's latest tags and placement."""
    # Tags, difficulty, module and bank are not part of the version, so the record has the latest.
    overlay = {
        "bank": record.bank_id,
        "module": record.module,
        "tags": list(record.tags or ()),
        "difficulty": record.difficulty,
    }
    return Question.from_snapshot({**version.snapshot, **overlay})


def _current_rows(
    ids: Iterable[str] | None = None, bank_id: str | None = None
) -> Sequence[Row[tuple[QuestionRecord, QuestionVersion]]]:
    stmt = (
        select(QuestionRecord, QuestionVersion)
        .join(
            QuestionVersion,
            (QuestionVersion.question_id == QuestionRecord.id)
            & (QuestionVersion.content_hash == QuestionRecord.current_hash),
        )
        .where(QuestionRecord.retired.is_(False))
        .order_by(QuestionRecord.id)
    )
    if ids is not None:
        stmt = stmt.where(QuestionRecord.id.in_(list(ids)))
    if bank_id is not None:
        stmt = stmt.where(QuestionRecord.bank_id == bank_id)
    return db.session.execute(stmt).tuples()


def current_questions(
    ids: Iterable[str] | None = None, bank_id: str | None = None
) -> dict[str, Question]:
    """Domain Questions (current version, not retired) by id, optionally only these ids or one bank."""
    return {
        record.id: question_of(record, version) for record, version in _current_rows(ids, bank_id)
    }


def current_versions(ids: Iterable[str]) -> dict[str, QuestionVersion]:
    """The QuestionVersion rows that are current for these (non-retired) question ids."""
    return {record.id: version for record, version in _current_rows(ids)}


def version_for(question_id: str, content_hash: str) -> QuestionVersion | None:
    """The stored version of a question with this content hash, if any."""
    return db.session.scalar(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question_id,
            QuestionVersion.content_hash == content_hash,
        )
    )


def export_bank(bank_id: str) -> str:
    """The bank's current questions as our YAML; importing it again changes nothing."""
    bank = db.session.get(Bank, bank_id)
    if bank is None:
        raise DomainError(f"题库 {bank_id} 不存在 / no such bank")
    info = BankInfo(
        id=bank.id,
        title=bank.title,
        module=bank.module,
        description=bank.description or "",
        source_file=bank.source_file,
    )
    return dump_bank(info, list(current_questions(bank_id=bank_id).values()))
