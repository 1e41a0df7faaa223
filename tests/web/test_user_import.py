"""Admins create a cohort of new hires from one CSV file: all accounts, or none."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from examapp.domain.errors import DomainError, ValidationFailed
from examapp.domain.roster_import import ROLES
from examapp.extensions import db
from examapp.models import Cohort, Role, User
from examapp.services import user_import
from tests.factories import make_cohort, make_user

ROSTER = (
    "用户名,姓名,角色,批次,密码\r\n"
    "hire.one,张一,学员,2027年1月批次,hire-one-pass\r\n"
    "hire.two,张二,,2027年1月批次,\r\n"
    "coach-1,王教练,培训师,,\r\n"
)


def upload(client, data: bytes, name: str = "hires.csv"):
    """POST a roster file to the import page through the real form."""
    return client.form_post(
        "/admin/import", {"file": (BytesIO(data), name)}, content_type="multipart/form-data"
    )


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_admin_imports_a_cohort_and_the_hires_can_log_in(app, login_as) -> None:
    """Are all rows created in their cohort, and can each hire log in with the shown password?"""
    admin = login_as("admin")
    response = upload(admin, ROSTER.encode("gb18030"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert response.headers["Cache-Control"] == "no-store"
    assert "不会再次显示" in page
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "2027年1月批次"))
    hires = {u.username: u for u in cohort.members}
    assert set(hires) == {"hire.one", "hire.two"}
    assert hires["hire.one"].display_name == "张一" and hires["hire.one"].role == Role.TRAINEE
    coach = db.session.scalar(select(User).where(User.username == "coach-1"))
    assert coach.role == Role.TRAINER and coach.cohort is None

    # The page shows generated passwords only; the one from the file is not echoed.
    assert "hire-one-pass" not in page
    shown = re.findall(r'<code class="nowrap">([^<]+)</code>', page)
    assert len(shown) == 2 and all(len(p) == 10 for p in shown)
    app.test_client().login("hire.one", "hire-one-pass")
    logged_in = {name: False for name in ("hire.two", "coach-1")}
    for name in logged_in:
        for password in shown:
            attempt = app.test_client().form_post(
                "/auth/login", {"username": name, "password": password}
            )
            logged_in[name] |= attempt.status_code == 302
    assert logged_in == {"hire.two": True, "coach-1": True}


def test_generated_passwords_are_stored_only_as_hashes(app, login_as) -> None:
    """Is no generated password kept in plain text in the users table?"""
    admin = login_as("admin")
    page = upload(admin, ROSTER.encode()).get_data(as_text=True)
    shown = re.findall(r'<code class="nowrap">([^<]+)</code>', page)
    stored = [u.password_hash for u in db.session.scalars(select(User))]
    assert shown and not any(p in h for p in shown for h in stored)


def test_one_bad_row_creates_nothing_and_lists_every_problem(app, login_as) -> None:
    """Does a file with bad rows create no account, no cohort, and show each problem's line?"""
    admin = login_as("admin")
    make_user(username="taken")
    before = user_count()
    bad = ROSTER + "taken,,,,\r\nbad name,,主任,,123\r\n"
    response = upload(admin, bad.encode("utf-8-sig"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert user_count() == before
    assert db.session.scalar(select(Cohort).where(Cohort.name == "2027年1月批次")) is None
    rows = re.findall(r'<tr class="problem-row">\s*<td>(\d+)</td><td>([^<]*)</td>', page)
    assert rows == [("5", "taken"), ("6", "bad name"), ("6", "bad name"), ("6", "bad name")]
    assert "未创建任何账号" in page or "No account was created" in page


def test_existing_cohort_is_reused(app, login_as) -> None:
    """Does a cohort that exists get the new hires instead of a twin?"""
    admin = login_as("admin")
    cohort = make_cohort("2027年1月批次")
    upload(admin, ROSTER.encode())
    assert db.session.scalar(select(func.count(Cohort.id))) == 1
    db.session.refresh(cohort)
    assert {u.username for u in cohort.members} == {"hire.one", "hire.two"}


def test_an_xlsx_file_gets_a_clear_error(login_as) -> None:
    """Is an Excel workbook uploaded by mistake refused with how to save it as CSV?"""
    admin = login_as("admin")
    before = user_count()
    page = upload(admin, b"PK\x03\x04 not a csv", name="hires.xlsx").get_data(as_text=True)
    assert "CSV UTF-8" in page and user_count() == before


@pytest.mark.parametrize("role", ["trainee", "trainer", "manager"])
def test_other_roles_cannot_import(login_as, role: str) -> None:
    """Do non-admins get 403 on the import page, its POST and the template?"""
    client = login_as(role)
    before = user_count()
    assert client.get("/admin/import").status_code == 403
    assert client.get("/admin/import/template.csv").status_code == 403
    assert upload(client, ROSTER.encode()).status_code == 403
    assert user_count() == before


def test_import_needs_the_csrf_token(login_as) -> None:
    """Is a POST without the CSRF token refused and nothing created?"""
    admin = login_as("admin")
    before = user_count()
    response = admin.post(
        "/admin/import",
        data={"file": (BytesIO(ROSTER.encode()), "hires.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert user_count() == before


def test_template_downloads_with_a_bom(login_as) -> None:
    """Does the template download as a CSV attachment Excel opens in Chinese?"""
    response = login_as("admin").get("/admin/import/template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff用户名,姓名,角色,批次,密码".encode())


def test_admin_menu_links_the_import_page(login_as) -> None:
    """Can an admin find the import page from the menu?"""
    assert 'href="/admin/import"' in login_as("admin").get("/admin/").get_data(as_text=True)


def test_a_username_taken_meanwhile_creates_nothing(app, monkeypatch) -> None:
    """If someone takes a username between the check and the commit, is nothing created?"""
    from examapp.domain import roster_import

    real = roster_import.read_roster

    def read_then_race(*args: object, **kwargs: object) -> list:
        rows = real(*args, **kwargs)
        make_user(username="hire.two")  # committed by "another admin"
        return rows

    monkeypatch.setattr(roster_import, "read_roster", read_then_race)
    with pytest.raises(DomainError, match="未创建任何账号"):
        user_import.import_roster(ROSTER.encode(), "hires.csv")
    names = set(db.session.scalars(select(User.username)))
    assert names == {"hire.two"}
    assert db.session.scalar(select(func.count(Cohort.id))) == 0


def test_service_uses_the_given_time(app) -> None:
    """Are the new accounts stamped with the injected time?"""
    now = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)
    result = user_import.import_roster(ROSTER.encode(), "C:\\Users\\hr\\hires.csv", now=now)
    assert [a.username for a in result.accounts] == ["hire.one", "hire.two", "coach-1"]
    assert result.new_cohorts == ["2027年1月批次"]
    user = db.session.scalar(select(User).where(User.username == "coach-1"))
    assert user.created_at == now


def test_problems_name_the_file_without_its_folder(app) -> None:
    """Does a Windows path sent by the browser shrink to the file name in the problems?"""
    with pytest.raises(ValidationFailed) as caught:
        user_import.import_roster(b"username\n,x\n", "C:\\Users\\hr\\hires.csv")
    assert {p.file for p in caught.value.problems} == {"hires.csv"}


def test_roles_match_the_stored_role_enum() -> None:
    """Does the pure roster module know exactly the roles the database stores?"""
    assert set(ROLES) == {r.value for r in Role}


def test_cli_imports_a_file_and_prints_generated_passwords(app, tmp_path: Path) -> None:
    """Does `users import FILE` create the accounts and print a password for each row without one?"""
    roster = tmp_path / "hires.csv"
    roster.write_bytes(ROSTER.encode("gbk"))
    result = app.test_cli_runner().invoke(args=["users", "import", str(roster)])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["hire.one", "hire.two", "coach-1"]
    assert [len(line[3]) for line in lines[1:]] == [10, 10]
    assert db.session.scalar(select(func.count(User.id))) == 3


def test_cli_refuses_a_bad_file_and_lists_problems(app, tmp_path: Path) -> None:
    """Does the command exit non-zero, print every problem line and create nothing?"""
    roster = tmp_path / "hires.csv"
    roster.write_text(ROSTER + "x,,,,short\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["users", "import", str(roster)])
    assert result.exit_code != 0
    assert "hires.csv:5: x: password:" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0
