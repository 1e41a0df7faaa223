"""Read-only views of the stored banks for trainers: overview, search, one question's history."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from ..domain.bank_schema import MODULES
from ..domain.questions import Question
from ..domain.textdiff import text_diff
from ..extensions import db
from ..models import Bank, BankImport, QuestionRecord, QuestionVersion, User
from .bank_uploads import DONE
from .banks import current_questions, question_of

PER_PAGE = 20


@dataclass(frozen=True)
class BankRow:
    bank: Bank
    module_label: str
    questions: int
    retired: int


def bank_overview() -> list[BankRow]:
    """Every bank with its live and retired question counts, by module then id."""
    rows = db.session.execute(
        select(Bank, QuestionRecord.retired, func.count(QuestionRecord.id))
        .outerjoin(QuestionRecord, QuestionRecord.bank_id == Bank.id)
        .group_by(Bank.id, QuestionRecord.retired)
        .order_by(Bank.module, Bank.id)
    ).all()
    counts: dict[str, list] = {}
    for bank, retired, count in rows:
        entry = counts.setdefault(bank.id, [bank, 0, 0])
        if retired is not None:
            entry[2 if retired else 1] += count
    return [BankRow(b, MODULES.get(b.module, b.module), n, r) for b, n, r in counts.values()]


def recent_imports(limit: int = 10) -> list[tuple[BankImport, str]]:
    """The latest finished imports with who made them ("cli" for the command line)."""
    rows = db.session.execute(
        select(BankImport, User.display_name)
        .outerjoin(User, User.id == BankImport.user_id)
        .where(BankImport.summary["state"].as_string() == DONE)
        .order_by(BankImport.at.desc(), BankImport.id.desc())
        .limit(limit)
    ).all()
    return [(record, name or "cli") for record, name in rows]


def finished_import(import_id: int) -> BankImport | None:
    """One finished import record (never a pending preview)."""
    record = db.session.get(BankImport, import_id)
    return record if record is not None and record.summary.get("state") == DONE else None


@dataclass(frozen=True)
class QuestionPage:
    questions: list[Question]
    total: int
    page: int
    pages: int
    tags: list[str]
    banks: list[str]


def _matches(q: Question, text: str) -> bool:
    haystack = [q.id, q.stem, q.explanation, *(t for _, t in q.options)]
    return any(text in part.lower() for part in haystack)


def search_questions(
    module: str = "",
    bank: str = "",
    tag: str = "",
    qtype: str = "",
    text: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> QuestionPage:
    """Current questions matching every given filter (text searches id, stem, options, explanation)."""
    # Filtered in Python: JSON snapshots are stored ASCII-escaped, so SQL LIKE cannot see Chinese,
    # and a few thousand questions filter in milliseconds.
    everything = list(current_questions().values())
    text = text.strip().lower()
    found = [
        q
        for q in everything
        if (not module or q.module == module)
        and (not bank or q.bank == bank)
        and (not tag or tag in q.tags)
        and (not qtype or q.type == qtype)
        and (not text or _matches(q, text))
    ]
    found.sort(key=lambda q: (q.module, q.bank, q.id))
    pages = max(1, math.ceil(len(found) / per_page))
    page = min(max(page, 1), pages)
    return QuestionPage(
        questions=found[(page - 1) * per_page : page * per_page],
        total=len(found),
        page=page,
        pages=pages,
        tags=sorted({t for q in everything for t in q.tags}),
        banks=sorted({q.bank for q in everything}),
    )


@dataclass(frozen=True)
class VersionRow:
    version: QuestionVersion
    question: Question
    is_current: bool
    stem_diff: list[tuple[str, str]]  # against the previous version; empty for the first


@dataclass(frozen=True)
class QuestionDetail:
    record: QuestionRecord
    current: Question
    versions: list[VersionRow]  # newest first


def question_detail(question_id: str) -> QuestionDetail | None:
    """A question (retired ones too) with every stored version, newest first."""
    record = db.session.get(QuestionRecord, question_id)
    if record is None:
        return None
    rows, previous = [], None
    for version in sorted(record.versions, key=lambda v: (v.created_at, v.id)):
        question = Question.from_snapshot(version.snapshot)
        diff = text_diff(previous.stem, question.stem) if previous is not None else []
        rows.append(
            VersionRow(version, question, version.content_hash == record.current_hash, diff)
        )
        previous = question
    current = next((r for r in rows if r.is_current), rows[-1])
    return QuestionDetail(record, question_of(record, current.version), list(reversed(rows)))
