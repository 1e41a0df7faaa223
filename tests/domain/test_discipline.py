"""Discipline: the policy file, warnings, suspensions, disqualification and blacklisting, with injected dates.

Boundary convention under test: windows are half-open, so an event exactly ``window_days`` old has
aged out (182 days counts, 183 does not); durations are inclusive (a 30-day suspension is over at
exactly 30 days).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from examapp.domain.discipline import (
    apply_incident,
    classify_leave,
    due_events,
    live_warnings,
    service_lapsed,
)
from examapp.domain.discipline_policy import (
    DEFAULT_POLICY_PATH,
    INCIDENT_LABELS,
    Consequence,
    Incident,
    Outcome,
    load_policy,
)
from examapp.domain.errors import DomainError, ValidationFailed
from examapp.domain.onboarding import (
    SYSTEM_ACTOR,
    EventKind,
    OnboardingFacts,
    Status,
    replay,
    status_change,
    transition,
)

POLICY = load_policy()
T0 = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
Inc = Incident
WARNING_INCIDENTS = {Inc.LATE_LEAVE: 1, Inc.ABSENCE_WITHOUT_LEAVE: 2, Inc.COMPLAINT_UPHELD: 1}
BLACKLISTING = [Inc.RED_LINE_6, Inc.RED_LINE_7]
DISQUALIFYING = [i for i in Inc if i not in WARNING_INCIDENTS and i not in BLACKLISTING]


class Person:
    """A person's status and append-only history; every step checks that replay agrees."""

    def __init__(self, status: Status = Status.ACTIVE, since: datetime = T0 - 400 * DAY):
        self.history = []
        path = [Status.TRAINING, Status.TRIAL, Status.ACTIVE, Status.SUSPENDED]
        for old, new in zip(path, path[1 : path.index(status) + 1], strict=False):
            self.history.append(status_change(old, new, since, "m", "r", "manual"))
        self.status = status

    def _append(self, events):
        self.history += events
        self.status = replay(self.history)
        return events

    def incident(self, incident, at):
        return self._append(
            apply_incident(self.status, self.history, incident, at, "经理甲", "记录", POLICY)
        )

    def move(self, target, at):
        facts = OnboardingFacts(trial_exam_passed=True)
        return self._append(
            transition(self.status, target, self.history, at, "经理甲", "手动", facts, POLICY)
        )

    def tick(self, now):
        return self._append(due_events(self.status, self.history, now, POLICY))


def kinds(events):
    return [e.kind for e in events]


# --- the policy file ---------------------------------------------------------------------------


def test_does_the_reviewed_policy_file_carry_the_seed_thresholds():
    """Does policy/onboarding.yaml say 30 trial days, 2 h notice, 3 warnings in 183 days, 30-day
    suspensions, 2 in 365 days, 183 idle days?"""
    p = POLICY
    assert (p.trial_days, p.leave_min_notice_hours) == (30, 2)
    assert (p.warning_window_days, p.warnings_for_suspension) == (183, 3)
    assert (p.suspension_days, p.suspension_window_days, p.suspensions_for_disqualification) == (
        30,
        365,
        2,
    )
    assert p.max_idle_days == 183
    assert {i: c.warnings for i, c in p.incidents.items() if c.outcome is Outcome.WARNING} == (
        WARNING_INCIDENTS
    )
    assert {i for i, c in p.incidents.items() if c.outcome is Outcome.BLACKLIST} == set(
        BLACKLISTING
    )
    assert all(p.incidents[i] == Consequence(Outcome.DISQUALIFY) for i in DISQUALIFYING)


def test_does_every_incident_have_a_label_and_every_red_line_its_number():
    """Can the manager's form show each incident, red lines numbered 1-7?"""
    assert set(INCIDENT_LABELS) == set(Inc)
    for n in range(1, 8):
        assert INCIDENT_LABELS[Inc(f"red_line_{n}")][0].startswith(f"红线{n}：")


def write_policy(tmp_path, old, new):
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "onboarding.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  window_days: 183\n", "", "warnings.window_days", "缺少此项"),
        ("for_suspension: 3", "for_suspension: three", "warnings.for_suspension", "应为正整数"),
        ("days: 30\n", "days: true\n", "trial.days", "应为正整数"),
        ("max_idle_days: 183", "max_idle_days: 0", "service.max_idle_days", "应为正整数"),
        ("min_notice_hours: 2", "min_notice_hour: 2", "leave.min_notice_hour", "未知的键"),
        (
            "  red_line_7: blacklist",
            "  red_line_8: blacklist",
            "incidents.red_line_8",
            "未知的违规类型",
        ),
        ("  red_line_7: blacklist", "  red_line_8: blacklist", "incidents.red_line_7", "缺少此项"),
        ("cheating: disqualify", "cheating: expel", "incidents.cheating", "应为 disqualify"),
        ("{warnings: 2}", "{warnings: -2}", "incidents.absence_without_leave", "应为"),
    ],
)
def test_does_a_bad_policy_file_name_the_key_and_line(tmp_path, old, new, field, message):
    """Is a missing, mistyped or unknown key reported by file, line and dotted key?"""
    path = write_policy(tmp_path, old, new)
    with pytest.raises(ValidationFailed) as caught:
        load_policy(path)
    found = [p for p in caught.value.problems if p.field == field]
    assert found, caught.value.problems
    assert message in found[0].message and found[0].file == str(path)
    if "缺少" not in message:
        line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
        assert field.rsplit(".", 1)[1] in line


def test_are_all_policy_problems_reported_at_once(tmp_path):
    """Does a file with two bad keys get both named, not just the first?"""
    path = write_policy(tmp_path, "days: 30\n", "days: x\n")
    path.write_text(path.read_text().replace("window_days: 365", "window_days: []"))
    with pytest.raises(ValidationFailed) as caught:
        load_policy(path)
    assert {p.field for p in caught.value.problems} == {"trial.days", "suspension.window_days"}


def test_is_broken_yaml_reported_with_its_line(tmp_path):
    """Does a YAML syntax error come back as a problem with the line, not a traceback?"""
    path = tmp_path / "p.yaml"
    path.write_text("trial:\n  days: 30\n  bad: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_policy(path)
    assert caught.value.problems[0].line >= 3 and "YAML" in caught.value.problems[0].message


# --- warnings and suspensions ------------------------------------------------------------------


@pytest.mark.parametrize(("incident", "count"), list(WARNING_INCIDENTS.items()))
def test_how_many_warnings_does_each_incident_give(incident, count):
    """Late leave 1, absence without leave 2, upheld non-business complaint 1?"""
    events = Person().incident(incident, T0)
    assert kinds(events) == [EventKind.WARNING]
    assert events[0].warnings == count and events[0].data == {"incident": incident.value}
    assert events[0].rule == f"incidents.{incident}" and events[0].actor == "经理甲"


def test_do_two_warnings_leave_the_person_active():
    """Two warnings in the window: still active, no suspension?"""
    p = Person()
    p.incident(Inc.LATE_LEAVE, T0)
    assert kinds(p.incident(Inc.COMPLAINT_UPHELD, T0 + DAY)) == [EventKind.WARNING]
    assert p.status is Status.ACTIVE and live_warnings(p.history, T0 + DAY, POLICY) == 2


def test_does_the_third_warning_suspend():
    """Exactly three warnings: WARNING, SUSPENSION_STARTED and active -> suspended, by the system?"""
    p = Person()
    p.incident(Inc.LATE_LEAVE, T0)
    p.incident(Inc.LATE_LEAVE, T0 + DAY)
    events = p.incident(Inc.COMPLAINT_UPHELD, T0 + 2 * DAY)
    assert kinds(events) == [
        EventKind.WARNING,
        EventKind.SUSPENSION_STARTED,
        EventKind.STATUS_CHANGE,
    ]
    assert events[1].data["cause"] == "warnings" and events[1].actor == SYSTEM_ACTOR
    assert events[2].data == {"from": "active", "to": "suspended"}
    assert p.status is Status.SUSPENDED


def test_does_absence_plus_a_late_leave_suspend():
    """Does a 2-warning absence count double toward the three?"""
    p = Person()
    p.incident(Inc.ABSENCE_WITHOUT_LEAVE, T0)
    p.incident(Inc.LATE_LEAVE, T0 + DAY)
    assert p.status is Status.SUSPENDED


@pytest.mark.parametrize(("age_days", "suspended"), [(182, True), (183, False), (200, False)])
def test_does_a_warning_count_until_it_is_183_days_old(age_days, suspended):
    """A warning 182 days old still counts; one exactly 183 days (or more) old has aged out."""
    p = Person()
    at = T0 + 300 * DAY
    p.incident(Inc.LATE_LEAVE, at - age_days * DAY)
    p.incident(Inc.LATE_LEAVE, at - DAY)
    p.incident(Inc.LATE_LEAVE, at)
    assert (p.status is Status.SUSPENDED) is suspended


def test_does_a_suspension_consume_the_warnings_that_caused_it():
    """After a warnings suspension runs out, does one new warning not suspend again?"""
    p = Person()
    for day in range(3):
        p.incident(Inc.LATE_LEAVE, T0 + day * DAY)
    p.tick(T0 + 40 * DAY)
    assert p.status is Status.ACTIVE
    assert kinds(p.incident(Inc.LATE_LEAVE, T0 + 41 * DAY)) == [EventKind.WARNING]
    assert live_warnings(p.history, T0 + 41 * DAY, POLICY) == 1


def test_does_a_manual_suspension_leave_earlier_warnings_counting():
    """A suspension for a serious fault was not caused by the warnings, so they still count."""
    p = Person()
    p.incident(Inc.LATE_LEAVE, T0)
    p.incident(Inc.LATE_LEAVE, T0 + DAY)
    p.move(Status.SUSPENDED, T0 + 2 * DAY)
    p.tick(T0 + 40 * DAY)
    assert live_warnings(p.history, T0 + 41 * DAY, POLICY) == 2


@pytest.mark.parametrize(
    ("second_on_day", "disqualified"), [(364, True), (365, False), (366, False)]
)
def test_does_a_second_suspension_within_365_days_disqualify(second_on_day, disqualified):
    """Second suspension 364 days after the first disqualifies; 365 or 366 days after does not."""
    p = Person()
    for day in range(3):
        p.incident(Inc.LATE_LEAVE, T0 + day * DAY)  # first suspension starts on day 2
    p.tick(T0 + 40 * DAY)
    first = T0 + 2 * DAY
    p.incident(Inc.LATE_LEAVE, first + 300 * DAY)
    p.incident(Inc.LATE_LEAVE, first + 301 * DAY)
    events = p.incident(Inc.LATE_LEAVE, first + second_on_day * DAY)
    assert EventKind.SUSPENSION_STARTED in kinds(events)
    assert (p.status is Status.DISQUALIFIED) is disqualified
    if disqualified:
        assert events[-1].data == {"from": "suspended", "to": "disqualified"}
        assert events[-1].rule == "suspension.for_disqualification"


def test_does_a_second_manual_suspension_within_a_year_disqualify():
    """Do suspensions by hand count toward the two-in-a-year rule too?"""
    p = Person()
    p.move(Status.SUSPENDED, T0)
    p.tick(T0 + 30 * DAY)
    events = p.move(Status.SUSPENDED, T0 + 100 * DAY)
    assert p.status is Status.DISQUALIFIED and events[-1].actor == SYSTEM_ACTOR


def test_do_trial_warnings_wait_and_count_once_active():
    """Warnings in trial suspend no one, but they carry over into active service."""
    p = Person(Status.TRIAL)
    p.incident(Inc.ABSENCE_WITHOUT_LEAVE, T0)
    assert kinds(p.incident(Inc.LATE_LEAVE, T0 + DAY)) == [EventKind.WARNING]
    assert p.status is Status.TRIAL
    p.move(Status.ACTIVE, T0 + 2 * DAY)
    p.incident(Inc.LATE_LEAVE, T0 + 3 * DAY)
    assert p.status is Status.SUSPENDED


def test_does_a_warning_while_suspended_not_suspend_again():
    """A late complaint upheld during a suspension is recorded without a second suspension."""
    p = Person(Status.SUSPENDED)
    events = p.incident(Inc.ABSENCE_WITHOUT_LEAVE, T0)
    assert kinds(events) == [EventKind.WARNING] and p.status is Status.SUSPENDED


def test_is_a_warning_for_a_trainee_refused():
    """Trainees have no shifts, so a warning does not apply to them."""
    with pytest.raises(DomainError, match="不适用警告"):
        Person(Status.TRAINING).incident(Inc.LATE_LEAVE, T0)


# --- disqualification and blacklisting ---------------------------------------------------------


@pytest.mark.parametrize("incident", DISQUALIFYING)
def test_does_each_disqualifying_incident_disqualify(incident):
    """Cheating, proxy taker, falsified performance, red lines 1-5, failed quarterly retake, no
    service record: an INCIDENT event then a change to disqualified?"""
    p = Person()
    events = p.incident(incident, T0)
    assert kinds(events) == [EventKind.INCIDENT, EventKind.STATUS_CHANGE]
    assert events[0].data == {"incident": incident.value}
    assert events[1].data == {"from": "active", "to": "disqualified"}
    assert p.status is Status.DISQUALIFIED


def test_does_red_line_3_disqualify_rather_than_blacklist():
    """Red line 3 (selling one's own goods while serving) ends eligibility, not a blacklisting."""
    p = Person()
    p.incident(Inc.RED_LINE_3, T0)
    assert p.status is Status.DISQUALIFIED


def test_can_a_trainee_be_disqualified_for_cheating():
    """Does cheating in the certification exam disqualify someone still in training?"""
    p = Person(Status.TRAINING)
    p.incident(Inc.CHEATING, T0)
    assert p.status is Status.DISQUALIFIED


@pytest.mark.parametrize("incident", BLACKLISTING)
@pytest.mark.parametrize("status", [s for s in Status if s is not Status.BLACKLISTED])
def test_do_red_lines_6_and_7_blacklist_from_any_state(incident, status):
    """Leaking data or abusing permissions blacklists, even someone already disqualified."""
    p = Person(Status.ACTIVE if status is Status.DISQUALIFIED else status)
    if status is Status.DISQUALIFIED:
        p.incident(Inc.CHEATING, T0 - DAY)
    events = p.incident(incident, T0)
    assert events[-1].data == {"from": status.value, "to": "blacklisted"}
    assert p.status is Status.BLACKLISTED


@pytest.mark.parametrize("incident", [Inc.LATE_LEAVE, Inc.CHEATING])
def test_are_warnings_and_disqualifications_refused_once_disqualified(incident):
    """A disqualified person can only get worse by a blacklisting red line."""
    p = Person()
    p.incident(Inc.FALSIFIED_PERFORMANCE, T0)
    with pytest.raises(DomainError, match="取消资格"):
        p.incident(incident, T0 + DAY)


@pytest.mark.parametrize("incident", list(Inc))
def test_is_every_incident_refused_once_blacklisted(incident):
    """Nothing more is recorded against a blacklisted person."""
    p = Person()
    p.incident(Inc.RED_LINE_6, T0)
    with pytest.raises(DomainError, match="黑名单"):
        p.incident(incident, T0 + DAY)


# --- time-driven consequences and helpers ------------------------------------------------------


def test_does_a_suspension_end_by_itself_at_exactly_30_days():
    """One second short of 30 days nothing happens; at exactly 30 days it ends and they are active."""
    p = Person()
    p.move(Status.SUSPENDED, T0)
    assert p.tick(T0 + 30 * DAY - timedelta(seconds=1)) == []
    events = p.tick(T0 + 30 * DAY)
    assert kinds(events) == [EventKind.SUSPENSION_ENDED, EventKind.STATUS_CHANGE]
    assert all(e.at == T0 + 30 * DAY and e.actor == SYSTEM_ACTOR for e in events)
    assert p.status is Status.ACTIVE and p.tick(T0 + 60 * DAY) == []


def test_is_a_late_tick_dated_when_the_suspension_ended():
    """If the cron runs late, is the return dated at day 30, not at the run, for honest funnels?"""
    p = Person()
    p.move(Status.SUSPENDED, T0)
    assert p.tick(T0 + 45 * DAY)[0].at == T0 + 30 * DAY


def test_is_nothing_due_for_someone_not_suspended():
    """Does due_events leave active people alone?"""
    assert due_events(Status.ACTIVE, Person().history, T0 + 999 * DAY, POLICY) == []


def test_does_replay_agree_with_the_status_after_a_long_sequence():
    """Trial warning, activation, three warnings, auto-return, red line 6: does replay end blacklisted?"""
    p = Person(Status.TRIAL)
    p.incident(Inc.LATE_LEAVE, T0)
    p.move(Status.ACTIVE, T0 + DAY)
    p.incident(Inc.ABSENCE_WITHOUT_LEAVE, T0 + 2 * DAY)
    assert p.status is Status.SUSPENDED
    p.tick(T0 + 32 * DAY)
    assert p.status is Status.ACTIVE
    p.incident(Inc.RED_LINE_6, T0 + 33 * DAY)
    assert replay(p.history) is p.status is Status.BLACKLISTED


@pytest.mark.parametrize(
    ("notice", "expected"),
    [
        (timedelta(hours=2), None),
        (timedelta(hours=3), None),
        (timedelta(minutes=119), Inc.LATE_LEAVE),
    ],
)
def test_is_leave_late_only_under_two_hours_before_the_shift(notice, expected):
    """Exactly 2 h ahead is on time; 1 h 59 min ahead is a late leave request."""
    shift = T0 + 10 * DAY
    assert classify_leave(shift - notice, shift, POLICY) == expected


def test_is_leave_refused_once_the_shift_has_started():
    """A shift under way cannot be left by asking for leave."""
    with pytest.raises(DomainError, match="班次已经开始"):
        classify_leave(T0, T0, POLICY)


@pytest.mark.parametrize(("idle_days", "lapsed"), [(182, False), (183, True)])
def test_does_service_lapse_after_183_idle_days(idle_days, lapsed):
    """182 days without service is fine; 183 days reports no_service_record."""
    assert service_lapsed(T0, T0 + idle_days * DAY, POLICY) is lapsed


def test_do_the_rules_accept_the_stored_strings():
    """Can the service pass status and incident as the plain strings the database stores?"""
    p = Person()
    events = apply_incident("active", p.history, "red_line_7", T0, "经理甲", "记录", POLICY)
    assert events[-1].data == {"from": "active", "to": "blacklisted"}
    p.move(Status.SUSPENDED, T0)
    assert len(due_events("suspended", p.history, T0 + 30 * DAY, POLICY)) == 2
