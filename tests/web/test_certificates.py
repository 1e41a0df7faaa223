"""Certificates: issued once for a passed certification exam, printable, publicly verifiable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from examapp.extensions import db
from examapp.models import Certificate
from examapp.services import certificates, grading
from tests.factories import make_exam, make_graded_attempt, make_question_version, make_user


@pytest.fixture
def passed(app):
    """A trainee who passed a certification exam with 80 of 100."""
    person = make_user(display_name="周合格")
    exam = make_exam(title="天猫逆向认证", pass_mark=60)
    return person, exam, make_graded_attempt(person, exam, 80)


def test_certificate_is_issued_once(passed) -> None:
    """Does issuing twice return the same certificate and store only one?"""
    _person, _exam, attempt = passed
    first = certificates.issue_for_attempt(attempt)
    second = certificates.issue_for_attempt(attempt)
    assert first.id == second.id
    assert db.session.query(Certificate).count() == 1


def test_code_is_random_and_unguessable(app) -> None:
    """Are codes 12 characters from a 32-symbol alphabet, and different each time?"""
    codes = {certificates.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 12 and set(c) <= set(certificates.CODE_ALPHABET) for c in codes)
    assert len(certificates.CODE_ALPHABET) == 32


def test_no_certificate_for_a_fail_or_another_kind(app) -> None:
    """Do a failed certification attempt and a passed module test get no certificate?"""
    person = make_user()
    failed = make_graded_attempt(person, make_exam(pass_mark=60), 40)
    module_test = make_graded_attempt(person, make_exam(kind="module", pass_mark=60), 90)
    assert certificates.issue_for_attempt(failed) is None
    assert certificates.issue_for_attempt(module_test) is None
    assert db.session.query(Certificate).count() == 0


def test_grading_issues_the_certificate(app) -> None:
    """When exam-core grades a passing certification attempt, is a certificate issued?"""
    exam = make_exam(pass_mark=5, total_points=5)
    version = make_question_version("cert-q1", ["A"])
    attempt = make_graded_attempt(make_user(), exam, 0, items=[(version, ["A"], 5)])
    attempt.state, attempt.score, attempt.passed = "open", None, None
    db.session.commit()
    assert grading.close_attempt(attempt.id, datetime(2026, 11, 10, 2, 10, tzinfo=UTC))
    assert db.session.query(Certificate).filter_by(attempt_id=attempt.id).count() == 1


def test_trainee_sees_printable_certificate(passed, client) -> None:
    """Does the list issue lazily and the page show name, exam, score, code and the check URL?"""
    person, _exam, _attempt = passed
    client.login(person.username)
    listing = client.get("/learn/certificates").get_data(as_text=True)
    certificate = db.session.query(Certificate).one()
    assert f"/learn/certificates/{certificate.id}" in listing
    page = client.get(f"/learn/certificates/{certificate.id}").get_data(as_text=True)
    code = certificates.display_code(certificate.code)
    for text in ("周合格", "天猫逆向认证", "80 / 100", code, f"/auth/verify/{certificate.code}"):
        assert text in page


def test_print_stylesheet_hides_the_chrome() -> None:
    """Does the stylesheet have print rules that hide the menu and keep the certificate?"""
    css = (Path(__file__).resolve().parents[2] / "examapp/static/css/app.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".topbar" in print_rules and ".certificate" in print_rules


def test_another_persons_certificate_is_404(passed, login_as) -> None:
    """Is someone else's certificate page a 404?"""
    _person, _exam, attempt = passed
    certificate = certificates.issue_for_attempt(attempt)
    assert login_as("trainee").get(f"/learn/certificates/{certificate.id}").status_code == 404


def test_public_verification_shows_valid_certificate(passed, client) -> None:
    """Can anyone, not logged in, check a code and see name, exam, date and "valid"?"""
    _person, _exam, attempt = passed
    certificate = certificates.issue_for_attempt(attempt)
    response = client.get(f"/auth/verify/{certificate.code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "周合格" in page and "天猫逆向认证" in page and "有效" in page
    assert certificate.issued_at.strftime("%Y") in page


def test_typed_code_with_dashes_and_lower_case_is_found(passed, client) -> None:
    """Does the form accept the code as printed (dashes) or in lower case?"""
    _person, _exam, attempt = passed
    certificate = certificates.issue_for_attempt(attempt)
    typed = certificates.display_code(certificate.code).lower()
    response = client.get("/auth/verify", query_string={"code": typed}, follow_redirects=True)
    assert response.status_code == 200 and "周合格" in response.get_data(as_text=True)


def test_unknown_code_is_a_clear_404(client, app) -> None:
    """Does an unknown code give a 404 page that says no certificate has it?"""
    response = client.get("/auth/verify/ZZZZZZZZZZZZ")
    assert response.status_code == 404
    assert "未找到证书" in response.get_data(as_text=True)


def test_manager_revokes_and_public_check_says_revoked(passed, login_as, client) -> None:
    """After a manager revokes with a reason, does the public check show "revoked"?"""
    _person, _exam, attempt = passed
    certificate = certificates.issue_for_attempt(attempt)
    manager = login_as("manager")
    assert "周合格" in manager.get("/manager/certificates").get_data(as_text=True)
    response = manager.form_post(
        f"/manager/certificates/{certificate.id}/revoke", {"reason": "考试代考，经查属实"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Certificate, certificate.id)
    assert stored.revoked_at is not None and "考试代考" in stored.revoke_reason
    page = client.get(f"/auth/verify/{certificate.code}").get_data(as_text=True)
    assert "已撤销" in page


def test_revoking_needs_a_reason_and_a_manager(passed, login_as) -> None:
    """Is a revoke without a reason refused, and a trainee's revoke forbidden?"""
    _person, _exam, attempt = passed
    certificate = certificates.issue_for_attempt(attempt)
    login_as("manager").form_post(f"/manager/certificates/{certificate.id}/revoke", {"reason": ""})
    trainee = login_as("trainee")
    forbidden = trainee.form_post(f"/manager/certificates/{certificate.id}/revoke", {"reason": "x"})
    assert forbidden.status_code == 403
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None
