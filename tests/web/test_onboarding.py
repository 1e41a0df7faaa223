"""Manager's onboarding pages: who may change a status, refused changes, the timeline, the roster."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from examapp.extensions import db
from examapp.models import OnboardingEvent, User, utcnow
from examapp.services import onboarding, people
from tests import factories

ACTIONS = [
    ("incident", {"incident": "late_leave", "reason": "开班前 1 小时才请假"}),
    ("sign-off", {"reason": "带教确认"}),
    ("status", {"target": "disqualified", "reason": "测试"}),
]


def _state(user_id: int) -> tuple[str, int]:
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count(OnboardingEvent.id)).where(OnboardingEvent.user_id == user_id)
    )
    return db.session.get(User, user_id).status, count


@pytest.fixture
def active_trainee(app) -> User:
    """A trainee who became active 58 days ago (dates in the past, so new events follow them)."""
    return factories.make_active_trainee(utcnow() - timedelta(days=60))


@pytest.mark.parametrize(("action", "form"), ACTIONS)
def test_a_trainee_cannot_change_any_status(app, login_as, active_trainee, action, form) -> None:
    """Is every manager action refused (403) to a trainee, leaving the record unchanged?"""
    before = _state(active_trainee.id)
    client = login_as("trainee")
    for target in (active_trainee.id, client.user.id):
        response = client.form_post(f"/manager/people/{target}/{action}", form)
        assert response.status_code == 403
    assert _state(active_trainee.id) == before
    assert _state(client.user.id) == ("training", 0)


def test_illegal_transition_shows_the_reason_and_changes_nothing(app, login_as) -> None:
    """Does training -> active answer 409 with the domain's message and leave the record alone?"""
    person = factories.make_user(display_name="陈新人")
    manager = login_as("manager")
    response = manager.form_post(
        f"/manager/people/{person.id}/status", {"target": "active", "reason": "想直接上岗"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "未执行：记录没有任何改动" in body
    assert "不能从「培训中」直接转为「上岗」" in body
    assert _state(person.id) == ("training", 0)


def test_missing_reason_is_refused_clearly(app, login_as, active_trainee) -> None:
    """Is an incident without a reason refused with "请填写原因" and nothing recorded?"""
    before = _state(active_trainee.id)
    manager = login_as("manager")
    response = manager.form_post(
        f"/manager/people/{active_trainee.id}/incident", {"incident": "late_leave", "reason": " "}
    )
    assert response.status_code == 409
    assert "请填写原因" in response.get_data(as_text=True)
    assert _state(active_trainee.id) == before


def test_refused_sign_off_in_the_wrong_status(app, login_as, active_trainee) -> None:
    """Is a sign-off for someone already active refused with the status named?"""
    before = _state(active_trainee.id)
    manager = login_as("manager")
    response = manager.form_post(
        f"/manager/people/{active_trainee.id}/sign-off", {"reason": "表现良好"}
    )
    assert response.status_code == 409
    assert "当前是「上岗」" in response.get_data(as_text=True)
    assert _state(active_trainee.id) == before


def test_three_warnings_through_the_page_suspend(app, login_as, active_trainee) -> None:
    """Do three recorded warnings (1 + 2) suspend an active person, shown on the person page?"""
    manager = login_as("manager")
    url = f"/manager/people/{active_trainee.id}/incident"
    first = manager.form_post(url, {"incident": "late_leave", "reason": "请假太晚"})
    assert first.status_code == 302
    assert _state(active_trainee.id)[0] == "active"
    manager.form_post(url, {"incident": "absence_without_leave", "reason": "无故缺勤"})
    status, count = _state(active_trainee.id)
    assert status == "suspended"
    page = manager.get(f"/manager/people/{active_trainee.id}").get_data(as_text=True)
    assert "停止服务" in page and "warnings.for_suspension" in page


def test_legal_change_appends_events_and_the_timeline_shows_every_one(app, login_as) -> None:
    """After legal actions, does the timeline list every event with who, why and the rule?"""
    person = factories.make_active_trainee(utcnow() - timedelta(days=60))
    manager = login_as("manager", display_name="张主管")
    before = _state(person.id)[1]
    response = manager.form_post(
        f"/manager/people/{person.id}/status", {"target": "suspended", "reason": "顾客投诉核实"}
    )
    assert response.status_code == 302
    status, count = _state(person.id)
    assert status == "suspended" and count == before + 2
    page = manager.get(f"/manager/people/{person.id}").get_data(as_text=True)
    rows = onboarding.event_rows(person.id)
    assert page.count('<li class="timeline-') == len(rows) == count
    for row in rows:
        assert row.reason in page
        assert row.rule in page
    assert "张主管" in page and "顾客投诉核实" in page


def test_person_page_only_for_trainees(app, login_as) -> None:
    """Is a person page 404 for an unknown id or for someone who is not a trainee?"""
    manager = login_as("manager")
    assert manager.get("/manager/people/99999").status_code == 404
    assert manager.get(f"/manager/people/{manager.user.id}").status_code == 404


def test_roster_filters_by_cohort_status_and_name(app, login_as) -> None:
    """Do the cohort, status and name filters each narrow the roster as asked?"""
    spring, autumn = factories.make_cohort("春季批"), factories.make_cohort("秋季批")
    factories.make_user(display_name="王一", cohort=spring)
    factories.make_user(display_name="李二", cohort=autumn)
    active = factories.make_active_trainee(utcnow() - timedelta(days=60), cohort=autumn)
    manager = login_as("manager")

    def names(query: str) -> str:
        return manager.get(f"/manager/roster{query}").get_data(as_text=True)

    everyone = names("")
    assert "王一" in everyone and "李二" in everyone and active.username in everyone
    by_cohort = names(f"?cohort={spring.id}")
    assert "王一" in by_cohort and "李二" not in by_cohort
    by_status = names("?status=active")
    assert active.username in by_status and "王一" not in by_status
    by_name = names("?q=李")
    assert "李二" in by_name and "王一" not in by_name


def test_funnel_counts_each_status_with_roster_links(app, login_as) -> None:
    """Does the manager's home count trainees per status and link to the filtered roster?"""
    factories.make_user()
    factories.make_user()
    factories.make_active_trainee(utcnow() - timedelta(days=60))
    manager = login_as("manager")
    rows = {row.status: row.count for row in people.funnel()}
    assert rows["training"] == 2 and rows["active"] == 1
    page = manager.get("/manager/").get_data(as_text=True)
    assert 'href="/manager/roster?status=active"' in page
    assert "入职漏斗" in page


def test_onboarding_tick_ends_a_30_day_suspension(app) -> None:
    """Does `flask onboarding tick` return a person suspended 31 days ago to active?"""
    start = utcnow() - timedelta(days=60)
    person = factories.make_active_trainee(start)
    manager = factories.make_user(role="manager")
    onboarding.change_status(
        person, "suspended", manager, "严重违规", now=utcnow() - timedelta(days=31)
    )
    result = app.test_cli_runner().invoke(args=["onboarding", "tick"])
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output
    assert _state(person.id)[0] == "active"
    kinds = [row.kind for row in onboarding.event_rows(person.id)][-2:]
    assert kinds == ["suspension_ended", "status_change"]
    again = app.test_cli_runner().invoke(args=["onboarding", "tick"])
    assert "0 changed" in again.output
