"""Trainer pages: browsing and searching questions, versions, exam definitions, item statistics."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from examapp.domain.banks import load_catalog, parse_bank_text
from examapp.extensions import db
from examapp.models import Attempt, Exam
from examapp.services import bank_queries, banks, item_stats
from tests.factories import fixture_banks_dir, load_sample_bank, make_user

VALID = fixture_banks_dir() / "valid"
START = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _listed(client, url: str) -> list[str]:
    """The question ids a list page links to, in order."""
    return re.findall(r'<a href="/trainer/questions/([a-z0-9-]+)"><code>', _html(client.get(url)))


def test_browse_filters_by_module_type_tag_and_text(app, login_as) -> None:
    """Do the filters narrow the list to exactly the matching questions?"""
    load_sample_bank()
    client = login_as("trainer")
    assert _listed(client, "/trainer/questions?type=truefalse") == [
        "sample-tf-001",
        "sample-tf-002",
        "sample-tf-003",
        "sample-tf-004",
    ]
    assert _listed(client, "/trainer/questions?tag=物流") == ["sample-m-003", "sample-s-004"]
    assert _listed(client, "/trainer/questions?q=江浙沪") == ["sample-s-004"]
    assert _listed(client, "/trainer/questions?q=SAMPLE-M-00&type=multiple&bank=sample-comm") == [
        "sample-m-001",
        "sample-m-002",
        "sample-m-003",
        "sample-m-004",
    ]
    assert _listed(client, "/trainer/questions?module=platform-rules") == []


def test_browse_paginates_and_keeps_the_filters(app, login_as) -> None:
    """With more questions than a page holds, does page 2 show the rest and keep the filter?"""
    load_sample_bank()
    client = login_as("trainer")
    assert len(_listed(client, "/trainer/questions?module=communication")) == 12  # 20 a page
    page = bank_queries.search_questions(module="communication", page=2, per_page=5)
    assert (page.page, page.pages, page.total) == (2, 3, 12)
    assert [q.id for q in page.questions] == sorted(banks.current_questions())[5:10]
    assert bank_queries.search_questions(page=99, per_page=5).page == 3


def test_question_page_shows_key_explanation_and_versions(app, login_as, tmp_path: Path) -> None:
    """Does a trainer see the answer, the explanation and each version with its stem diff?"""
    load_sample_bank()
    text = (VALID / "sample-bank.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("最迟多久", "最晚多久"), encoding="utf-8")
    banks.import_paths([tmp_path / "b.yaml", VALID / "exams"], user=make_user(role="trainer"))
    client = login_as("trainer")
    html = _html(client.get("/trainer/questions/sample-s-001"))
    assert "规范要求在 10 秒之内先回一句问候" in html
    assert '<li class="q-correct">\n        <b>B</b> 10秒' in html
    assert "<del>迟</del><ins>晚</ins>" in html
    old = parse_bank_text(text, "x.yaml").questions["sample-s-001"].content_hash()
    assert old in html and banks.current_questions()["sample-s-001"].content_hash() in html


def test_unknown_question_is_404(app, login_as) -> None:
    """Is a question id that does not exist a 404 page rather than an error?"""
    assert login_as("trainer").get("/trainer/questions/nope-001").status_code == 404


def test_template_and_export_downloads(app, login_as) -> None:
    """Do the xlsx template and a bank's YAML export download as files that read back?"""
    load_sample_bank()
    client = login_as("trainer")
    xlsx = client.get("/trainer/template.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.worksheets[0]["C1"].value == "stem"
    exported = client.get("/trainer/banks/sample-comm.yaml")
    assert exported.status_code == 200
    assert parse_bank_text(exported.data, "e.yaml").questions.keys() == (
        load_catalog([VALID]).questions.keys()
    )
    assert client.get("/trainer/banks/none.yaml").status_code == 404


def test_exam_definitions_page_lists_sections_points_and_pools(app, login_as) -> None:
    """Does the exams page show each section's draw, points and how many questions it can draw from?"""
    load_sample_bank()
    html = _html(login_as("trainer").get("/trainer/exams"))
    assert "沟通规范·样例认证考试" in html
    row = re.search(r"<td>单选题.*?</tr>", html, re.S).group(0)
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # draws 2 at 2 points = 4; the sample bank holds 4 single-choice questions to draw from
    assert cells[1:5] == ["2", "2", "4", "4"]


def test_trainer_pages_are_closed_to_trainees(app, login_as) -> None:
    """Can a trainee reach the answer keys through the trainer pages? (They must not.)"""
    load_sample_bank()
    client = login_as("trainee")
    for url in ("/trainer/questions/sample-s-001", "/trainer/banks/sample-comm.yaml"):
        assert client.get(url).status_code == 403


# --- item statistics --------------------------------------------------------------------------


def _graded(user, exam: Exam, items: list[tuple[str, bool]], bonus: float) -> None:
    result = {
        "sections": [{"section_index": 0, "title": "全部", "points": 0, "max_points": 0}],
        "items": [
            {
                "position": i,
                "question_id": qid,
                "points_awarded": 2.0 if right else 0.0,
                "max_points": 2.0,
                "correct": right,
            }
            for i, (qid, right) in enumerate(items, start=1)
        ],
    }
    score = sum(2.0 for _, right in items if right) + bonus
    db.session.add(
        Attempt(
            user_id=user.id,
            exam_id=exam.id,
            seed=1,
            state="graded",
            started_at=START,
            deadline=START + timedelta(minutes=10),
            finished_at=START + timedelta(minutes=9),
            score=score,
            max_score=20,
            passed=score >= 6,
            result=result,
            exam_spec=exam.spec,
        )
    )


def _twelve_candidates() -> None:
    """Candidate i is stronger with i: s-002 tracks strength, tf-001 runs against it."""
    load_sample_bank()
    exam = db.session.get(Exam, "sample-cert")
    for i in range(12):
        user = make_user()
        items = [
            ("sample-s-001", True),
            ("sample-s-002", i >= 6),
            ("sample-tf-001", i < 4),
            ("deleted-q-9", i % 3 == 0),
        ]
        _graded(user, exam, items, bonus=float(i))
    broken = make_user()
    db.session.add(
        Attempt(
            user_id=broken.id,
            exam_id=exam.id,
            seed=2,
            state="graded",
            deadline=START,
            score=3,
            result={"items": "garbled"},
            exam_spec=exam.spec,
        )
    )
    db.session.commit()


def test_item_statistics_flag_bad_questions_first(app, login_as) -> None:
    """Are the misleading and too-easy questions listed first, with their flags and links?"""
    _twelve_candidates()
    (result,) = item_stats.exam_item_stats()
    assert result.attempts == 12  # the garbled result is skipped, not counted
    by_id = {row.stats.question_id: row for row in result.rows}
    assert "negative_discrimination" in by_id["sample-tf-001"].stats.flags
    assert by_id["sample-s-001"].stats.flags == ("too_easy",)
    assert not by_id["sample-s-002"].flagged
    flagged = [row.flagged for row in result.rows]
    assert flagged == sorted(flagged, reverse=True) and flagged[:2] == [True, True]
    html = _html(login_as("trainer").get("/trainer/stats"))
    assert html.index("/trainer/questions/sample-tf-001") < html.index(
        "/trainer/questions/sample-s-002"
    )
    assert "/trainer/questions/deleted-q-9" not in html and "deleted-q-9" in html


def test_item_statistics_page_for_one_exam_and_empty(app, login_as) -> None:
    """Does the exam filter work, and an exam without attempts say so instead of erroring?"""
    client = login_as("trainer")
    assert "sample-s-001" not in _html(client.get("/trainer/stats"))
    _twelve_candidates()
    assert "sample-s-001" in _html(client.get("/trainer/stats?exam=sample-cert"))
    assert "sample-s-001" not in _html(client.get("/trainer/stats?exam=other"))


def test_attempt_records_are_read_defensively() -> None:
    """Do odd stored results (missing keys, no 'correct', junk) give a record or None, never raise?"""
    assert item_stats.attempt_record(None) is None
    assert item_stats.attempt_record({"items": [1, "x", {"question_id": 3}]}) is None
    record = item_stats.attempt_record(
        {
            "items": [
                {"question_id": "a", "points_awarded": 2, "max_points": 2},
                {"question_id": "b", "points_awarded": "junk", "max_points": 2},
                {"question_id": "c", "points_awarded": 1, "max_points": 2, "correct": False},
            ]
        }
    )
    assert record.items == {"a": True, "c": False}
    assert record.total_score == 3.0 and record.awarded == {"a": 2.0, "c": 1.0}
