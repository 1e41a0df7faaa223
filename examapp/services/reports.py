"""Manager reports: pass rates, score distributions, exam results and the attempts CSV.

A *candidate* for a pass rate is one person sitting one exam: "first attempt" counts those who
passed attempt 1, "eventual" those who passed any attempt. Grouped by module or cohort, each
(person, exam) pair is one candidate; by month, the month (Beijing time) of the first attempt.
Only graded attempts count; an attempt still open has no result yet.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..domain.bank_schema import MODULES
from ..domain.retakes import BEIJING
from ..domain.stats import PassRates, pass_rates, score_distribution
from ..extensions import db
from ..models import Attempt, AttemptState, Cohort, Exam, ExamWindow, User
from .texts import tr as _

DIMENSIONS = ("exam", "module", "cohort", "month")
CSV_BOM = "\ufeff"  # lets Excel detect UTF-8 and show the Chinese names


@dataclass(frozen=True)
class RateRow:
    """One group's pass rates."""

    key: str
    label: str
    rates: PassRates


@dataclass(frozen=True)
class ExamRow:
    """An exam as the manager's exam list shows it."""

    exam: Exam
    attempts: int
    windows: int
    rates: PassRates


@dataclass(frozen=True)
class Distribution:
    """One exam's score histogram: (low, high, count) bins and the largest count (for bar widths)."""

    exam: Exam
    bins: list[tuple[float, float, int]]
    peak: int
    total: int


def _graded(exam_id: str | None = None) -> list[Attempt]:
    query = (
        select(Attempt)
        .where(Attempt.state == AttemptState.GRADED)
        .options(joinedload(Attempt.exam))
        .order_by(Attempt.user_id, Attempt.exam_id, Attempt.number, Attempt.id)
    )
    if exam_id is not None:
        query = query.where(Attempt.exam_id == exam_id)
    return list(db.session.scalars(query).unique())


def _candidates(attempts: Iterable[Attempt]) -> dict[tuple[int, str], list[Attempt]]:
    """Each (person, exam)'s graded attempts, in attempt order."""
    grouped: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.user_id, attempt.exam_id)].append(attempt)
    return grouped


def _rates(groups: Iterable[list[Attempt]]) -> PassRates:
    return pass_rates([[bool(a.passed) for a in group] for group in groups])


def exam_rows() -> list[ExamRow]:
    """Every exam with its number of graded attempts, windows and pass rates."""
    exams = db.session.scalars(select(Exam).order_by(Exam.kind, Exam.id)).all()
    by_exam: dict[str, list[list[Attempt]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for (_user, exam_id), group in _candidates(_graded()).items():
        by_exam[exam_id].append(group)
        counts[exam_id] += len(group)
    windows = dict(
        db.session.execute(
            select(ExamWindow.exam_id, func.count(ExamWindow.id)).group_by(ExamWindow.exam_id)
        ).all()
    )
    return [
        ExamRow(exam, counts[exam.id], windows.get(exam.id, 0), _rates(by_exam[exam.id]))
        for exam in exams
    ]


def _month(attempts: list[Attempt]) -> str:
    return attempts[0].started_at.astimezone(BEIJING).strftime("%Y-%m")


def pass_rate_table(dimension: str) -> list[RateRow]:
    """Pass rates grouped by exam, module, cohort or month (of the first attempt)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    users = {u.id: u for u in db.session.scalars(select(User).options(joinedload(User.cohort)))}
    key_of: dict[str, Callable[[list[Attempt]], tuple[str, str]]] = {
        "exam": lambda g: (g[0].exam_id, g[0].exam.title),
        "module": lambda g: _module_key(g[0].exam.module),
        "cohort": lambda g: _cohort_key(users.get(g[0].user_id)),
        "month": lambda g: (_month(g), _month(g)),
    }
    groups: dict[tuple[str, str], list[list[Attempt]]] = defaultdict(list)
    for group in _candidates(_graded()).values():
        groups[key_of[dimension](group)].append(group)
    return [RateRow(key, label, _rates(groups[(key, label)])) for key, label in sorted(groups)]


def _module_key(module: str | None) -> tuple[str, str]:
    if not module:
        return ("", _("(across modules)"))
    return (module, MODULES.get(module, module))


def _cohort_key(user: User | None) -> tuple[str, str]:
    cohort: Cohort | None = user.cohort if user else None
    return (cohort.name, cohort.name) if cohort else ("", _("(no cohort)"))


def distributions(bins: int = 10) -> list[Distribution]:
    """The score distribution of every exam that has graded attempts."""
    scores: dict[str, list[float]] = defaultdict(list)
    exams: dict[str, Exam] = {}
    for attempt in _graded():
        scores[attempt.exam_id].append(float(attempt.score or 0))
        exams[attempt.exam_id] = attempt.exam
    result = []
    for exam_id in sorted(scores):
        exam = exams[exam_id]
        top = float(exam.spec.get("total_points") or max(scores[exam_id]) or 1)
        histogram = score_distribution(scores[exam_id], top, bins)
        peak = max(count for _, _, count in histogram)
        result.append(Distribution(exam, histogram, peak, len(scores[exam_id])))
    return result


@dataclass(frozen=True)
class ResultRow:
    """One attempt on an exam's results page or in the CSV."""

    attempt: Attempt
    user: User
    cohort: str


def attempt_rows(exam_id: str | None = None) -> list[ResultRow]:
    """Every attempt (graded or open), newest first, with its person and cohort."""
    query = (
        select(Attempt, User)
        .join(User, User.id == Attempt.user_id)
        .options(joinedload(Attempt.exam), joinedload(User.cohort))
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    )
    if exam_id is not None:
        query = query.where(Attempt.exam_id == exam_id)
    return [
        ResultRow(attempt, user, user.cohort.name if user.cohort else "")
        for attempt, user in db.session.execute(query).unique().all()
    ]


def _beijing(moment: datetime | None) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if moment else ""


def attempts_csv() -> str:
    """Every person's attempts as CSV text, starting with a BOM so Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Name"),
            _("Username"),
            _("Cohort"),
            _("Exam"),
            _("Attempt"),
            _("Started (Beijing time)"),
            _("Score"),
            _("Max score"),
            _("Passed"),
        ]
    )
    rows = sorted(
        attempt_rows(), key=lambda r: (r.user.username, r.attempt.exam_id, r.attempt.number)
    )
    for row in rows:
        attempt = row.attempt
        graded = attempt.state == AttemptState.GRADED
        writer.writerow(
            [
                _csv_safe(row.user.display_name),
                _csv_safe(row.user.username),
                _csv_safe(row.cohort),
                _csv_safe(attempt.exam.title),
                attempt.number,
                _beijing(attempt.started_at),
                f"{attempt.score:g}" if graded and attempt.score is not None else "",
                f"{attempt.max_score:g}" if graded and attempt.max_score is not None else "",
                (_("yes") if attempt.passed else _("no")) if graded else _("in progress"),
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @) in names typed by people."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass(frozen=True)
class ReportPage:
    """Everything the manager's report page shows."""

    rates: dict[str, list[RateRow]]
    distributions: list[Distribution]
    funnel: list


def report_page(now: datetime | None = None) -> ReportPage:
    """Pass rates by every dimension, score distributions and the onboarding funnel."""
    from . import people  # the funnel belongs to the onboarding pages; reused, not copied

    return ReportPage(
        rates={dimension: pass_rate_table(dimension) for dimension in DIMENSIONS},
        distributions=distributions(),
        funnel=people.funnel(now),
    )
