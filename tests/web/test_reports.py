"""Manager reports on hand-made data: pass rates by exam/module/cohort/month, distributions, CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from examapp.services import reports
from tests.factories import make_cohort, make_exam, make_graded_attempt, make_user


def at(month: int, day: int, hour: int = 2) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def data(app):
    """Exam A: alice fails then passes, bob passes, carol fails. Exam B: alice passes."""
    north, south = make_cohort("北区批次"), make_cohort("南区批次")
    alice = make_user(username="r-alice", display_name="王小丽", cohort=north)
    bob = make_user(username="r-bob", display_name="=HYPERLINK(1)", cohort=north)
    carol = make_user(username="r-carol", display_name="陈可", cohort=south)
    exam_a = make_exam("exam-a", title="认证A", module="communication", pass_mark=60)
    exam_b = make_exam("exam-b", kind="module", title="模块B", module="complaint-handling")
    # 2026-10-31 17:00 UTC is 2026-11-01 01:00 in Beijing: a November attempt.
    make_graded_attempt(alice, exam_a, 40, number=1, started_at=at(10, 31, 17))
    make_graded_attempt(alice, exam_a, 70, number=2, started_at=at(11, 3))
    make_graded_attempt(bob, exam_a, 90, number=1, started_at=at(10, 20))
    make_graded_attempt(carol, exam_a, 50, number=1, started_at=at(10, 21))
    make_graded_attempt(alice, exam_b, 80, number=1, started_at=at(11, 5))
    return exam_a, exam_b


def _rates(dimension: str) -> dict[str, tuple[int, int, int]]:
    return {
        row.key: (
            row.rates.candidates,
            row.rates.first_attempt_passed,
            row.rates.eventually_passed,
        )
        for row in reports.pass_rate_table(dimension)
    }


def test_pass_rates_by_exam(data) -> None:
    """Exam A: 3 candidates, 1 passed first time, 2 eventually; exam B: 1/1/1?"""
    assert _rates("exam") == {"exam-a": (3, 1, 2), "exam-b": (1, 1, 1)}


def test_pass_rates_by_module_and_cohort(data) -> None:
    """Is each (person, exam) one candidate when grouped by module and by cohort?"""
    assert _rates("module") == {"communication": (3, 1, 2), "complaint-handling": (1, 1, 1)}
    assert _rates("cohort") == {"北区批次": (3, 2, 3), "南区批次": (1, 0, 0)}


def test_pass_rates_by_month_use_beijing_time(data) -> None:
    """Is alice's first attempt (31 Oct 17:00 UTC = 1 Nov Beijing) counted in November?"""
    assert _rates("month") == {"2026-10": (2, 1, 1), "2026-11": (2, 1, 2)}


def test_score_distribution(data) -> None:
    """Are exam A's four scores in the 40, 50, 70 and 90 bins?"""
    dist = {d.exam.id: d for d in reports.distributions()}["exam-a"]
    counts = {low: count for low, _high, count in dist.bins if count}
    assert counts == {40: 1, 50: 1, 70: 1, 90: 1} and dist.total == 4 and dist.peak == 1


def test_exam_list_shows_pass_rates(data, login_as) -> None:
    """Does /manager/exams show exam A's 33% first-attempt and 67% eventual pass rates?"""
    page = login_as("manager").get("/manager/exams").get_data(as_text=True)
    assert "33%" in page and "67%" in page


def test_report_page_renders_tables_and_bars(data, login_as) -> None:
    """Does /manager/reports show every dimension, the bars and the funnel?"""
    page = login_as("manager").get("/manager/reports").get_data(as_text=True)
    for dimension in ("exam", "module", "cohort", "month"):
        assert f'data-dimension="{dimension}"' in page
    assert "北区批次" in page and 'class="bar"' in page and "2026-11" in page


def test_csv_has_bom_and_every_attempt(data, login_as) -> None:
    """Is the CSV UTF-8 with a BOM, one row per attempt, Chinese intact, formulas neutralised?"""
    response = login_as("manager").get("/manager/reports.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5
    by_user = [r for r in rows[1:] if r[1] == "r-alice"]
    assert [(r[3], r[4], r[6], r[8]) for r in by_user] == [
        ("认证A", "1", "40", "否"),
        ("认证A", "2", "70", "是"),
        ("模块B", "1", "80", "是"),
    ]
    assert by_user[0][0] == "王小丽" and by_user[0][2] == "北区批次"
    assert by_user[0][5] == "2026-11-01 01:00"
    bob = next(r for r in rows if r[1] == "r-bob")
    assert bob[0] == "'=HYPERLINK(1)"


def test_exam_results_page_lists_attempts(data, login_as) -> None:
    """Does /manager/exams/<id>/results list every attempt of that exam only?"""
    page = login_as("manager").get("/manager/exams/exam-a/results").get_data(as_text=True)
    assert page.count("<tr>") - 1 == 4  # header row + four attempts
    assert "王小丽" in page and "陈可" in page and "模块B" not in page


def test_pages_render_on_an_empty_database(app, login_as) -> None:
    """Do the report pages and the CSV work with no data at all?"""
    manager = login_as("manager")
    for url in ("/manager/exams", "/manager/reports", "/manager/regrades", "/manager/certificates"):
        assert manager.get(url).status_code == 200, url
    rows = list(
        csv.reader(io.StringIO(manager.get("/manager/reports.csv").data.decode("utf-8-sig")))
    )
    assert len(rows) == 1
