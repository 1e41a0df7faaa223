"""The onboarding service: events and status written together, nothing half-written, time injected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from examapp.domain.errors import DomainError
from examapp.extensions import db
from examapp.models import OnboardingEvent, User
from examapp.services import courses, onboarding
from tests import factories

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _count(user: User) -> int:
    return db.session.scalar(
        select(func.count(OnboardingEvent.id)).where(OnboardingEvent.user_id == user.id)
    )


def _status(user: User) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).status


@pytest.fixture
def manager(app) -> User:
    return factories.make_user(role="manager", display_name="张主管")


def test_training_to_trial_refused_without_modules_or_certification(app, manager) -> None:
    """Is training -> trial refused (and nothing written) while a required module is unread?"""
    factories.load_courses()
    user = factories.make_user()
    factories.make_graded_attempt(user, factories.make_exam(kind="certification"), score=100)
    with pytest.raises(DomainError, match="必修模块"):
        onboarding.change_status(user, "trial", manager, "想提前试岗", now=START)
    assert (_status(user), _count(user)) == ("training", 0)


def test_training_to_trial_allowed_once_modules_read_and_certified(app, manager) -> None:
    """With every required module read and the certification passed, does trial get recorded?"""
    factories.load_courses()
    user = factories.make_user()
    for module in courses.modules():
        factories.read_module(user, module.id, at=START)
    assert courses.completed_modules(user.id) == {m.id for m in courses.modules()}
    factories.make_graded_attempt(user, factories.make_exam(kind="certification"), score=100)
    events = onboarding.change_status(user, "trial", manager, "认证通过", now=START)
    assert [e.kind for e in events] == ["status_change"]
    assert _status(user) == "trial"
    stored = db.session.get(User, user.id)
    assert stored.status_changed_at == START
    row = onboarding.event_rows(user.id)[0]
    assert (row.actor_id, row.actor_name, row.reason, row.rule) == (
        manager.id,
        "张主管",
        "认证通过",
        "manual",
    )


def test_a_failed_certification_does_not_count(app, manager) -> None:
    """Does a graded but failed certification attempt leave the guard closed?"""
    user = factories.make_user()
    exam = factories.make_exam(kind="certification")
    factories.make_graded_attempt(user, exam, score=40)
    assert onboarding.facts_for(user).certification_passed is False
    factories.make_graded_attempt(user, exam, score=90, number=2)
    assert onboarding.facts_for(user).certification_passed is True


def test_warning_is_refused_for_someone_in_training(app, manager) -> None:
    """Is a warning for a trainee still in training refused without writing anything?"""
    user = factories.make_user()
    with pytest.raises(DomainError):
        onboarding.record_incident(user, "late_leave", manager, "请假晚了", now=START)
    assert _count(user) == 0


def test_three_warnings_suspend_and_the_suspension_ends_after_30_days(app, manager) -> None:
    """Do three warnings within the window suspend an active person, ending by itself on day 30?"""
    user = factories.make_active_trainee(START)
    day = START + timedelta(days=10)
    onboarding.record_incident(user, "late_leave", manager, "开班前 1 小时请假", now=day)
    assert _status(user) == "active"
    events = onboarding.record_incident(user, "absence_without_leave", manager, "旷工", now=day)
    assert [e.kind for e in events] == ["warning", "suspension_started", "status_change"]
    assert _status(user) == "suspended"
    assert events[1].actor == "system"
    assert onboarding.apply_due(user, now=day + timedelta(days=29, hours=23)) == []
    assert _status(user) == "suspended"
    ended = onboarding.apply_due(user, now=day + timedelta(days=30))
    assert [e.kind for e in ended] == ["suspension_ended", "status_change"]
    assert _status(user) == "active"


def test_illegal_status_change_leaves_status_and_history_alone(app, manager) -> None:
    """Is training -> active refused with the domain's reason and nothing written?"""
    user = factories.make_user()
    with pytest.raises(DomainError, match="不能从"):
        onboarding.change_status(user, "active", manager, "直接上岗", now=START)
    with pytest.raises(DomainError, match="请填写原因"):
        onboarding.change_status(user, "disqualified", manager, "  ", now=START)
    with pytest.raises(DomainError, match="未知的状态"):
        onboarding.change_status(user, "boss", manager, "升职", now=START)
    assert (_status(user), _count(user)) == ("training", 0)


def test_due_events_and_a_refused_action_are_written_together_or_not_at_all(app, manager) -> None:
    """When an action is refused after a suspension ran out, is the due ending also held back?"""
    user = factories.make_active_trainee(START)
    onboarding.change_status(user, "suspended", manager, "严重违规", now=START + timedelta(days=3))
    before = _count(user)
    later = START + timedelta(days=40)
    with pytest.raises(DomainError):
        onboarding.change_status(user, "trial", manager, "退回试岗", now=later)
    assert (_status(user), _count(user)) == ("suspended", before)
    onboarding.record_incident(user, "late_leave", manager, "请假晚了", now=later)
    kinds = [row.kind for row in onboarding.event_rows(user.id)[before:]]
    assert kinds == ["suspension_ended", "status_change", "warning"]
    assert _status(user) == "active"


def test_sign_off_needs_the_trial_days(app, manager) -> None:
    """Is a mentor's sign-off refused before 30 days in trial and accepted after?"""
    user = factories.make_user()
    factories.make_graded_attempt(user, factories.make_exam(kind="certification"), score=100)
    onboarding.change_status(user, "trial", manager, "认证通过", now=START)
    with pytest.raises(DomainError, match="还差"):
        onboarding.sign_off_trial(user, manager, "表现良好", now=START + timedelta(days=29))
    assert _count(user) == 1
    onboarding.sign_off_trial(user, manager, "表现良好", now=START + timedelta(days=30))
    onboarding.change_status(user, "active", manager, "签字后上岗", now=START + timedelta(days=31))
    assert _status(user) == "active"
    items = onboarding.checklist_for(user, now=START + timedelta(days=31))
    assert items == []


def test_quarterly_retake_failure_disqualifies_as_the_system(app) -> None:
    """Does a failed quarterly exam and a failed retake disqualify, with actor 'system'?"""
    user = factories.make_active_trainee(START)
    exam = factories.make_exam(kind="quarterly")
    factories.make_graded_attempt(user, exam, score=30)
    assert onboarding.exam_outcome(user, "quarterly", False, now=START + timedelta(days=5)) == []
    factories.make_graded_attempt(user, exam, score=40, number=2)
    events = onboarding.exam_outcome(user, "quarterly", False, now=START + timedelta(days=6))
    assert _status(user) == "disqualified"
    assert {e.actor for e in events} == {"system"}
    assert events[0].data == {"incident": "quarterly_retake_failed"}
    assert onboarding.event_rows(user.id)[-1].actor_id is None


def test_a_passed_retake_or_another_exam_kind_changes_nothing(app) -> None:
    """Does a passed retake, or a failed certification, leave the status as it was?"""
    user = factories.make_active_trainee(START)
    before = _count(user)
    exam = factories.make_exam(kind="quarterly")
    factories.make_graded_attempt(user, exam, score=30)
    factories.make_graded_attempt(user, exam, score=90, number=2)
    assert onboarding.exam_outcome(user, "quarterly", True, now=START + timedelta(days=6)) == []
    assert onboarding.exam_outcome(user, "certification", False) == []
    assert (_status(user), _count(user)) == ("active", before)


def test_red_line_6_blacklists_and_nothing_more_can_be_recorded(app, manager) -> None:
    """Does leaking customer data blacklist at once, after which further incidents are refused?"""
    user = factories.make_active_trainee(START)
    onboarding.record_incident(
        user, "red_line_6", manager, "外发顾客资料", now=START + timedelta(3)
    )
    assert _status(user) == "blacklisted"
    count = _count(user)
    with pytest.raises(DomainError, match="黑名单"):
        onboarding.record_incident(user, "late_leave", manager, "请假晚", now=START + timedelta(4))
    assert _count(user) == count


def test_unknown_incident_is_refused_clearly(app, manager) -> None:
    """Is an incident that is not in the policy refused with a message naming it?"""
    user = factories.make_active_trainee(START)
    with pytest.raises(DomainError, match="未知的违规类型"):
        onboarding.record_incident(user, "napping", manager, "睡觉", now=START + timedelta(3))


def test_tick_ends_every_suspension_due(app, manager) -> None:
    """Does the cron tick end the suspensions that have run their 30 days, and only those?"""
    done = factories.make_active_trainee(START)
    running = factories.make_active_trainee(START)
    onboarding.change_status(done, "suspended", manager, "违规", now=START + timedelta(days=3))
    onboarding.change_status(running, "suspended", manager, "违规", now=START + timedelta(days=20))
    summary = onboarding.tick(now=START + timedelta(days=34))
    assert "1 changed" in summary
    assert (_status(done), _status(running)) == ("active", "suspended")
