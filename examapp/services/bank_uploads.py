"""Uploading a bank through the site: convert, validate, preview the diff, then confirm.

Between preview and confirm the YAML stays on the server, in a ``bank_imports`` row marked
``pending`` (the database, so any host behind a load balancer can finish the confirm). The
browser only holds ``<id>.<secret>``; confirm re-reads the stored YAML, checks that the stored
questions have not moved on since the preview, and imports exactly that.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePath

from sqlalchemy import delete

from ..domain.bank_schema import Catalog
from ..domain.banks import diff_banks, parse_bank_text
from ..domain.errors import DomainError, ValidationFailed
from ..domain.exam_specs import spec_hash
from ..domain.formats import convert_upload
from ..domain.questions import Question
from ..domain.textdiff import text_diff
from ..extensions import db
from ..models import Bank, BankImport, Exam, User, utcnow
from .banks import ImportSummary, current_questions, import_catalog

PENDING_TTL = timedelta(hours=2)
PENDING, DONE = "pending", "done"
_CONTENT_FIELDS = ("type", "stem", "options", "answer", "explanation")
_META_FIELDS = ("tags", "difficulty", "module")


class PreviewExpired(DomainError):
    """The confirm does not match a live preview of this user (expired, used, or altered)."""


class PreviewStale(DomainError):
    """The stored questions changed after the preview, so the diff shown is no longer true."""


@dataclass(frozen=True)
class ChangedQuestion:
    before: Question
    after: Question

    @property
    def fields(self) -> list[str]:
        """The fields that differ (content first, then tags/difficulty/module)."""
        return [
            name
            for name in _CONTENT_FIELDS + _META_FIELDS
            if getattr(self.before, name) != getattr(self.after, name)
        ]

    @property
    def stem_diff(self) -> list[tuple[str, str]]:
        return text_diff(self.before.stem, self.after.stem)


@dataclass(frozen=True)
class BankChanges:
    bank_id: str
    title: str
    module: str
    is_new: bool
    added: list[Question]
    changed: list[ChangedQuestion]
    retagged: list[ChangedQuestion]
    removed: list[Question]
    unchanged: int


@dataclass(frozen=True)
class ExamChange:
    exam_id: str
    title: str
    status: str  # added | changed | unchanged


@dataclass
class Preview:
    """What an upload would do, or every problem that stops it; ``token`` is set when staged."""

    filename: str
    yaml_text: str = ""
    converted: bool = False
    problems: list[str] = field(default_factory=list)
    banks: list[BankChanges] = field(default_factory=list)
    exams: list[ExamChange] = field(default_factory=list)
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        """Would confirming write anything?"""
        touched = any(
            b.is_new or b.added or b.changed or b.retagged or b.removed for b in self.banks
        )
        return touched or any(e.status != "unchanged" for e in self.exams)

    def signature(self) -> str:
        """A fingerprint of the YAML and the diff, to prove the confirm imports what was shown."""
        data = {
            "yaml": hashlib.sha256(self.yaml_text.encode()).hexdigest(),
            "banks": [
                [b.bank_id, b.is_new, [q.id for q in b.added], [q.id for q in b.removed],
                 [(c.after.id, c.before.content_hash()) for c in b.changed],
                 [c.after.id for c in b.retagged], b.unchanged]
                for b in self.banks
            ],
            "exams": [[e.exam_id, e.status] for e in self.exams],
        }  # fmt: skip
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def clean_filename(filename: str | None) -> str:
    """The base name of an uploaded file, without path parts or control characters."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[-120:] or "upload.yaml"


def _bank_changes(catalog: Catalog) -> list[BankChanges]:
    result = []
    for info in catalog.banks.values():
        old = current_questions(bank_id=info.id)
        new = {qid: catalog.questions[qid] for qid in info.question_ids}
        diff = diff_banks(old, new)
        retagged = [
            ChangedQuestion(old[qid], new[qid])
            for qid in diff.unchanged
            if any(getattr(old[qid], f) != getattr(new[qid], f) for f in _META_FIELDS)
        ]
        result.append(
            BankChanges(
                bank_id=info.id,
                title=info.title,
                module=info.module,
                is_new=db.session.get(Bank, info.id) is None,
                added=[new[qid] for qid in info.question_ids if qid in set(diff.added)],
                changed=[ChangedQuestion(old[qid], new[qid]) for qid in diff.changed],
                retagged=retagged,
                removed=[old[qid] for qid in diff.removed],
                unchanged=len(diff.unchanged) - len(retagged),
            )
        )
    return result


def _exam_changes(catalog: Catalog) -> list[ExamChange]:
    changes = []
    for spec in catalog.exams.values():
        row = db.session.get(Exam, spec.id)
        if row is None:
            status = "added"
        elif row.spec_hash != spec_hash(spec) or not row.active:
            status = "changed"
        else:
            status = "unchanged"
        changes.append(ExamChange(spec.id, spec.title, status))
    return changes


def _analyse(preview: Preview) -> Catalog | None:
    """Validate ``preview.yaml_text`` against the stored questions and fill in the diff."""
    yaml_name = f"{preview.filename}.yaml" if preview.converted else preview.filename
    try:
        catalog = parse_bank_text(preview.yaml_text, yaml_name, current_questions())
    except ValidationFailed as exc:
        preview.problems = [str(p) for p in exc.problems]
        return None
    preview.banks, preview.exams = _bank_changes(catalog), _exam_changes(catalog)
    return catalog


def _stage(preview: Preview, user: User, now: datetime) -> str:
    """Keep the previewed YAML server-side; return the token the confirm form carries."""
    _forget_expired(now)
    secret = secrets.token_urlsafe(24)
    row = BankImport(
        filename=preview.filename,
        user_id=user.id,
        at=now,
        summary={
            "state": PENDING,
            "token_hash": hashlib.sha256(secret.encode()).hexdigest(),
            "yaml": preview.yaml_text,
            "converted": preview.converted,
            "signature": preview.signature(),
        },
    )
    db.session.add(row)
    db.session.commit()
    return f"{row.id}.{secret}"


def _forget_expired(now: datetime) -> None:
    db.session.execute(
        delete(BankImport).where(
            BankImport.summary["state"].as_string() == PENDING, BankImport.at < now - PENDING_TTL
        )
    )


def preview_upload(
    data: bytes,
    filename: str,
    bank_id: str | None = None,
    module: str | None = None,
    user: User | None = None,
    now: datetime | None = None,
) -> Preview:
    """Convert and validate an upload; with ``user``, keep a changing preview for confirm_upload."""
    now = now or utcnow()
    name = clean_filename(filename)
    preview = Preview(
        filename=name, converted=PurePath(name).suffix.lower() not in (".yaml", ".yml")
    )
    try:
        preview.yaml_text = convert_upload(data, name, bank_id or None, module or None)
    except ValidationFailed as exc:
        preview.problems = [str(p) for p in exc.problems]
        return preview
    if _analyse(preview) is not None and preview.has_changes and user is not None:
        preview.token = _stage(preview, user, now)
    return preview


def _pending(token: str, user: User, now: datetime) -> BankImport:
    row_id, _, secret = (token or "").partition(".")
    row = db.session.get(BankImport, int(row_id)) if row_id.isdigit() else None
    summary = row.summary if row is not None else {}
    given = hashlib.sha256(secret.encode()).hexdigest()
    if (
        row is None
        or summary.get("state") != PENDING
        or row.user_id != user.id
        or not secrets.compare_digest(given, summary.get("token_hash", ""))
        or row.at < now - PENDING_TTL
    ):
        raise PreviewExpired(
            "这次预览已失效或已导入，请重新上传文件 / preview expired, upload again"
        )
    return row


def confirm_upload(token: str, user: User, now: datetime | None = None) -> ImportSummary:
    """Import exactly the previewed YAML, unless the stored banks changed since the preview."""
    now = now or utcnow()
    row = _pending(token, user, now)
    preview = Preview(
        filename=row.filename, yaml_text=row.summary["yaml"], converted=row.summary["converted"]
    )
    catalog = _analyse(preview)
    if catalog is None or preview.signature() != row.summary["signature"]:
        raise PreviewStale(
            "预览之后题库已被修改，请重新上传以查看最新差异 / banks changed since the preview"
        )
    db.session.delete(row)  # in the import's transaction: a failed import keeps the preview
    return import_catalog(catalog, row.filename, user, now)
