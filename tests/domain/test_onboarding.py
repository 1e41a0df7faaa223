"""The onboarding state machine: legal moves, guards, checklist and replay (no app, injected dates)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.domain.discipline_policy import load_policy
from examapp.domain.errors import DomainError
from examapp.domain.onboarding import (
    EventKind,
    OnboardingFacts,
    Status,
    checklist,
    entered_at,
    replay,
    sign_off,
    signed_off,
    status_change,
    transition,
)
from examapp.domain.onboarding_states import STATUS_LABELS

POLICY = load_policy()
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
S = Status

# Facts under which every guard is satisfied, so the legality table tests legality alone.
ALL_MET = OnboardingFacts(
    required_modules=frozenset({"m1", "m2"}),
    modules_done=frozenset({"m1", "m2"}),
    certification_passed=True,
    trial_exam_passed=True,
)

# Written out by hand (not read from ALLOWED) so the table checks the code against the issue.
LEGAL = {
    (S.TRAINING, S.TRIAL),
    (S.TRIAL, S.ACTIVE),
    (S.ACTIVE, S.SUSPENDED),
    (S.SUSPENDED, S.ACTIVE),
    *((s, S.DISQUALIFIED) for s in (S.TRAINING, S.TRIAL, S.ACTIVE, S.SUSPENDED)),
    *((s, S.BLACKLISTED) for s in S if s is not S.BLACKLISTED),
}
PAIRS = [(a, b) for a in S for b in S if a is not b]


def move(status, target, history=(), at=T0, facts=ALL_MET):
    return transition(status, target, list(history), at, "经理甲", "测试", facts, POLICY)


@pytest.mark.parametrize(("status", "target"), [p for p in PAIRS if p in LEGAL])
def test_can_a_legal_manual_change_be_made(status, target):
    """Does every legal change produce a STATUS_CHANGE that ends in the target status?"""
    events = move(status, target)
    change = events[-1] if target is not S.SUSPENDED else events[1]
    assert change.kind is EventKind.STATUS_CHANGE
    assert change.data == {"from": status.value, "to": target.value}
    assert change.actor == "经理甲" and change.rule == "manual"


@pytest.mark.parametrize(("status", "target"), [p for p in PAIRS if p not in LEGAL])
def test_is_an_illegal_manual_change_refused(status, target):
    """Is every change outside the table refused with a Chinese message naming the states?"""
    with pytest.raises(DomainError) as caught:
        move(status, target)
    message = str(caught.value)
    if status is S.BLACKLISTED:
        assert message == "「黑名单」不能撤销"
    else:
        assert (
            message == f"不能从「{STATUS_LABELS[status][0]}」直接转为「{STATUS_LABELS[target][0]}」"
        )


def test_does_trial_back_to_training_use_the_issue_wording():
    """Does the page get exactly "不能从「试岗」直接转为「培训中」"?"""
    with pytest.raises(DomainError, match="^不能从「试岗」直接转为「培训中」$"):
        move(S.TRIAL, S.TRAINING)


@pytest.mark.parametrize("status", list(S))
def test_is_a_change_to_the_same_status_refused(status):
    """Is "move to where you already are" refused rather than logged?"""
    with pytest.raises(DomainError, match="已经是"):
        move(status, status)


@pytest.mark.parametrize(("actor", "reason"), [("", "原因"), ("经理甲", "  ")])
def test_is_a_change_without_who_or_why_refused(actor, reason):
    """Does every manual change need an actor and a reason?"""
    with pytest.raises(DomainError):
        transition(S.TRAINING, S.TRIAL, [], T0, actor, reason, ALL_MET, POLICY)


def test_is_a_change_dated_before_the_last_event_refused():
    """Does the log stay in time order?"""
    history = move(S.TRAINING, S.TRIAL)
    with pytest.raises(DomainError, match="早于"):
        move(S.TRIAL, S.ACTIVE, history, at=T0 - timedelta(seconds=1))


def test_does_training_to_trial_name_the_missing_modules_and_exam():
    """Are unfinished modules counted and named, and the certification mentioned, in one message?"""
    facts = OnboardingFacts(frozenset({"m1", "m2", "m3"}), frozenset({"m1"}), False)
    with pytest.raises(DomainError) as caught:
        move(S.TRAINING, S.TRIAL, facts=facts)
    assert str(caught.value) == "还有 2 个必修模块未完成（m2、m3）；认证考试尚未通过"


def test_does_training_to_trial_need_the_certification_even_with_modules_done():
    """Are finished modules alone not enough to start the trial?"""
    facts = OnboardingFacts(frozenset({"m1"}), frozenset({"m1"}), certification_passed=False)
    with pytest.raises(DomainError, match="^认证考试尚未通过$"):
        move(S.TRAINING, S.TRIAL, facts=facts)


def test_does_a_passed_trial_exam_activate_at_once():
    """Can a trial exam pass move someone to active on their first day of trial?"""
    facts = OnboardingFacts(trial_exam_passed=True, entered_trial_at=T0)
    assert move(S.TRIAL, S.ACTIVE, at=T0, facts=facts)[-1].data["to"] == "active"


@pytest.mark.parametrize(
    ("days", "signed", "ok"),
    [(30, True, True), (31, True, True), (29, True, False), (30, False, False)],
)
def test_does_the_sign_off_path_need_both_the_trial_days_and_the_sign_off(days, signed, ok):
    """Without the trial exam: is sign-off accepted from exactly trial_days in, and not a day earlier?"""
    assert POLICY.trial_days == 30
    facts = OnboardingFacts(entered_trial_at=T0, signed_off=signed)
    at = T0 + days * DAY
    if ok:
        assert move(S.TRIAL, S.ACTIVE, at=at, facts=facts)[-1].data["to"] == "active"
    else:
        with pytest.raises(DomainError, match="试岗考试尚未通过"):
            move(S.TRIAL, S.ACTIVE, at=at, facts=facts)


def test_does_a_missing_trial_start_block_the_sign_off_path():
    """Without a recorded start of trial, can the days be counted? (No: the message says so.)"""
    with pytest.raises(DomainError, match="没有进入试岗的记录"):
        move(S.TRIAL, S.ACTIVE, facts=OnboardingFacts(signed_off=True))


def test_is_a_sign_off_refused_before_the_trial_days():
    """Can a mentor sign off on day 29 (no) and on day 30 (yes)?"""
    history = move(S.TRAINING, S.TRIAL)
    with pytest.raises(DomainError, match="还差 1 天"):
        sign_off(S.TRIAL, history, T0 + 29 * DAY, "带教乙", "表现良好", POLICY)
    events = sign_off(S.TRIAL, history, T0 + 30 * DAY, "带教乙", "表现良好", POLICY)
    assert [e.kind for e in events] == [EventKind.SIGN_OFF]
    assert not signed_off(history) and signed_off(history + events)


def test_is_a_sign_off_refused_outside_trial():
    """Can someone still in training be signed off? (No.)"""
    with pytest.raises(DomainError, match="只有「试岗」"):
        sign_off(S.TRAINING, [], T0, "带教乙", "表现良好", POLICY)


def suspended_history(start=T0):
    """Someone who went through training and trial and was suspended by hand at ``start``."""
    history = [
        status_change(S.TRAINING, S.TRIAL, start - 60 * DAY, "m", "r", "manual"),
        status_change(S.TRIAL, S.ACTIVE, start - 40 * DAY, "m", "r", "manual"),
    ]
    return history + move(S.ACTIVE, S.SUSPENDED, history, at=start)


def test_can_a_suspension_be_lifted_by_hand_only_once_it_has_run():
    """Is reinstatement refused at 29 days and accepted at exactly 30, with an end-of-suspension event?"""
    history = suspended_history()
    with pytest.raises(DomainError, match="才期满（还剩 1 天）"):
        move(S.SUSPENDED, S.ACTIVE, history, at=T0 + 29 * DAY)
    events = move(S.SUSPENDED, S.ACTIVE, history, at=T0 + 30 * DAY)
    assert [e.kind for e in events] == [EventKind.SUSPENSION_ENDED, EventKind.STATUS_CHANGE]
    assert replay(history + events) is S.ACTIVE


def test_does_a_manual_suspension_start_a_suspension_of_the_policy_length():
    """Does suspending by hand record the start, the cause and when it ends?"""
    events = move(S.ACTIVE, S.SUSPENDED)
    assert events[0].kind is EventKind.SUSPENSION_STARTED
    assert events[0].data == {"cause": "manual", "until": (T0 + 30 * DAY).isoformat()}
    assert [e.kind for e in events] == [EventKind.SUSPENSION_STARTED, EventKind.STATUS_CHANGE]


def test_does_the_training_checklist_show_progress_and_the_exam():
    """Does a trainee see how many modules are done, which are left, and the exam?"""
    facts = OnboardingFacts(frozenset({"m1", "m2"}), frozenset({"m1"}), False)
    items = checklist(S.TRAINING, facts, POLICY, T0)
    assert [(i.label, i.done) for i in items] == [
        ("完成全部必修模块", False),
        ("通过认证考试", False),
    ]
    assert items[0].detail == "已完成 1/2；未完成：m2"
    done = checklist(S.TRAINING, ALL_MET, POLICY, T0)
    assert all(i.done for i in done)


def test_does_the_trial_checklist_count_the_days_left():
    """Does someone 10 days into trial see 20 days to go and no sign-off yet?"""
    facts = OnboardingFacts(entered_trial_at=T0)
    items = checklist(S.TRIAL, facts, POLICY, T0 + 10 * DAY)
    assert [i.done for i in items] == [False, False, False]
    assert items[1].detail == "还差 20 天"
    later = checklist(S.TRIAL, facts, POLICY, T0 + 30 * DAY)
    assert later[1].done and later[1].detail == "已满"


def test_does_the_suspended_checklist_say_when_service_resumes():
    """Does a suspended person see the date they come back?"""
    history = suspended_history()
    (item,) = checklist(S.SUSPENDED, OnboardingFacts(), POLICY, T0 + DAY, history)
    assert not item.done and item.detail == f"{T0 + 30 * DAY:%Y-%m-%d %H:%M} 自动恢复上岗"


@pytest.mark.parametrize("status", [S.ACTIVE, S.DISQUALIFIED, S.BLACKLISTED])
def test_is_the_checklist_empty_when_nothing_is_next(status):
    """Do active and terminal people get no checklist?"""
    assert checklist(status, ALL_MET, POLICY, T0) == []


def test_does_replay_follow_a_full_onboarding():
    """Does replaying training -> trial -> active -> suspended -> active give the last status?"""
    history = suspended_history()
    history += move(S.SUSPENDED, S.ACTIVE, history, at=T0 + 31 * DAY)
    assert replay(history) is S.ACTIVE
    assert replay([]) is S.TRAINING
    assert entered_at(history, S.TRIAL) == T0 - 60 * DAY


def test_does_replay_reject_a_history_with_an_impossible_change():
    """Is a log that jumps from training straight to active reported instead of trusted?"""
    bad = [status_change(S.TRAINING, S.TRIAL, T0, "m", "r", "manual")]
    bad.append(status_change(S.TRAINING, S.ACTIVE, T0 + DAY, "m", "r", "manual"))
    with pytest.raises(DomainError, match="历史记录不一致"):
        replay(bad)


def test_does_every_status_have_both_labels():
    """Can templates show every status in Chinese and English?"""
    assert set(STATUS_LABELS) == set(S)
    assert all(zh and en for zh, en in STATUS_LABELS.values())
