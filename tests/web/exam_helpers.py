"""Shared pieces of the exam web tests: the sample exam, a clock the services read, API calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.extensions import db
from examapp.models import Exam
from examapp.services import attempts
from tests.factories import load_sample_bank

EXAM_ID = "sample-cert"  # tests/fixtures/banks/valid/exams/sample-exam.yaml: 6 questions, 10 min
START = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 09:00 Beijing time


class Clock:
    """The time the exam services see; tests move it forward."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Replace the exam services' clock for this test."""
    fake = Clock()
    monkeypatch.setattr(attempts, "clock", fake)
    return fake


@pytest.fixture
def sample_exam(app) -> Exam:
    """The fixture bank and exam, imported; its module requirement lifted unless a test needs it."""
    load_sample_bank()
    return set_spec(EXAM_ID, requires_modules=[])


def set_spec(exam_id: str, **fields: object) -> Exam:
    """Change fields of a stored exam's spec (as an edited and re-imported YAML file would)."""
    exam = db.session.get(Exam, exam_id)
    exam.spec = {**exam.spec, **fields}
    db.session.commit()
    return exam


def start(client, exam_id: str = EXAM_ID):
    """POST /learn/api/exams/<id>/attempts as the exam page would."""
    return client.json_post(f"/learn/api/exams/{exam_id}/attempts")


def save(client, attempt_id: int, position: int, chosen, revision, **extra):
    """PUT one answer with the CSRF header."""
    return client.put(
        f"/learn/api/attempts/{attempt_id}/answers/{position}",
        json={"chosen": chosen, "revision": revision, **extra},
        headers={"X-CSRFToken": client.csrf_token()},
    )


def submit(client, attempt_id: int):
    return client.json_post(f"/learn/api/attempts/{attempt_id}/submit")


def get_json(client, url: str):
    return client.get(url, headers={"Accept": "application/json"})


def first_option(item: dict) -> list[str]:
    return [item["options"][0]["key"]]
