"""Roster CSV files: encodings Excel produces, Chinese headers and roles, and every row rule."""

from __future__ import annotations

import pytest

from examapp.domain.errors import ValidationFailed
from examapp.domain.roster_import import (
    MAX_ROWS,
    RosterRow,
    parse_roster,
    read_roster,
    template_csv,
)

HEADER = "username,display_name,role,cohort,password\n"
CHINESE = "用户名,姓名,角色,批次,密码\r\nzhangsan,张三,学员,2027年1月批次,\r\nli.si,李四,培训师,,li-si-pass\r\n"


def problems_of(text: str, existing: tuple[str, ...] = ()) -> list[tuple[int, str, str, str]]:
    """(line, username, column, message) of every problem parse_roster reports."""
    with pytest.raises(ValidationFailed) as caught:
        parse_roster(text, "hires.csv", existing)
    assert all(p.file == "hires.csv" for p in caught.value.problems)
    return [(p.line, p.question_id, p.field, p.message) for p in caught.value.problems]


def test_english_file_gives_rows_with_defaults() -> None:
    """Does a plain file give one row per line, with trainee, no cohort and no password by default?"""
    rows = parse_roster(HEADER + "wang.wu,王五,,,\nzhao-6,,manager,A批,manager-pass\n", "f.csv")
    assert rows == [
        RosterRow(2, "wang.wu", "王五", "trainee", None, None),
        RosterRow(3, "zhao-6", "zhao-6", "manager", "A批", "manager-pass"),
    ]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"], ids=["utf8", "bom", "gb18030", "gbk"]
)
def test_chinese_headers_and_roles_in_every_excel_encoding(encoding: str) -> None:
    """Are Chinese headers and role names read the same in UTF-8, UTF-8 with BOM and GBK files?"""
    rows = read_roster(CHINESE.encode(encoding), "hires.csv")
    assert [(r.username, r.display_name, r.role, r.cohort, r.password) for r in rows] == [
        ("zhangsan", "张三", "trainee", "2027年1月批次", None),
        ("li.si", "李四", "trainer", None, "li-si-pass"),
    ]


def test_gb18030_file_is_not_mistaken_for_utf8() -> None:
    """Is a GB18030 file really decoded as GB18030 (its bytes are not valid UTF-8)?"""
    data = "用户名,姓名,角色\nchen,陈晨,主管\n".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (row,) = read_roster(data, "gbk.csv")
    assert (row.display_name, row.role) == ("陈晨", "manager")


@pytest.mark.parametrize(
    "data",
    [
        "用户名\nzhang\n".encode("utf-16"),
        b"PK\x03\x04\x14\x00\x06\x00binary xlsx",
        b"username\n\xff\xfe\xfd\n",
    ],
    ids=["utf16", "xlsx", "undecodable"],
)
def test_other_encodings_get_a_clear_error(data: bytes) -> None:
    """Do UTF-16 text, an .xlsx file or undecodable bytes get one problem telling how to save as CSV?"""
    with pytest.raises(ValidationFailed) as caught:
        read_roster(data, "x.csv")
    (problem,) = caught.value.problems
    assert "CSV UTF-8" in problem.message and problem.line == 0


def test_role_names_are_case_insensitive_in_english() -> None:
    """Is 'Admin' read as the admin role?"""
    (row,) = parse_roster(HEADER + "boss,,Admin,,\n", "f.csv")
    assert row.role == "admin"


def test_missing_username_is_reported_on_its_line() -> None:
    """Is an empty username reported with the CSV line number?"""
    assert problems_of(HEADER + "ok-1,,,,\n,无名,,,\n") == [
        (3, "", "username", "用户名不能为空 / username is required")
    ]


@pytest.mark.parametrize("name", ["张三", "has space", "a/b", "x@y.com"])
def test_bad_characters_in_username(name: str) -> None:
    """Are usernames outside letters, digits, '.', '_' and '-' refused, as the admin form does?"""
    ((line, username, column, message),) = problems_of(HEADER + f"{name},,,,\n")
    assert (line, username, column) == (2, name, "username")
    assert "字母、数字" in message


def test_duplicate_usernames_name_the_first_line() -> None:
    """Is the second occurrence of a username reported, pointing at the first one's line?"""
    assert problems_of(HEADER + "dup,,,,\nother,,,,\ndup,,,,\n") == [
        (4, "dup", "username", "与第 2 行重复 / duplicate in this file")
    ]


def test_existing_usernames_are_refused() -> None:
    """Is a username that already has an account reported?"""
    assert problems_of(HEADER + "new-one,,,,\ntaken,,,,\n", existing=("taken",)) == [
        (3, "taken", "username", "该用户名已存在 / this username already exists")
    ]


def test_unknown_role() -> None:
    """Is an unknown role reported in the role column with the choices?"""
    ((line, username, column, message),) = problems_of(HEADER + "x1,,经理,,\n")
    assert (line, username, column) == (2, "x1", "role")
    assert "经理" in message and "学员" in message


def test_short_password() -> None:
    """Is a password of 7 characters refused (8 is the minimum)?"""
    assert problems_of(HEADER + "x1,,,,1234567\nx2,,,,12345678\n") == [
        (2, "x1", "password", "密码至少 8 位 / at least 8 characters")
    ]


def test_unknown_and_duplicate_columns_are_reported_on_the_header_line() -> None:
    """Are an unknown column and a repeated column both reported on line 1?"""
    found = problems_of("用户名,手机,username\nx1,138,x1\n")
    assert [(line, column) for line, _u, column, _m in found] == [(1, "username"), (1, "手机")]


def test_missing_username_column() -> None:
    """Is a file without a username column refused with that reason?"""
    found = problems_of("姓名,角色\n张三,学员\n")
    assert [(line, column) for line, _u, column, _m in found] == [(1, "username")]


def test_all_problems_are_reported_at_once() -> None:
    """Does one pass report every broken row, each on its own line, in line order?"""
    text = HEADER + "good,,,,\n,无名,,,\nbad name,,,,\ngood,,,,\nr,,boss,,\np,,,,short\n"
    assert [(line, column) for line, _u, column, _m in problems_of(text)] == [
        (3, "username"),
        (4, "username"),
        (5, "username"),
        (6, "role"),
        (7, "password"),
    ]


def test_quoted_newline_keeps_later_line_numbers_true() -> None:
    """Does a name with a line break inside quotes still leave later rows on their real lines?"""
    found = problems_of(HEADER + 'a1,"两行\n姓名",,,\n,无名,,,\n')
    assert [line for line, *_ in found] == [4]


def test_blank_rows_are_skipped() -> None:
    """Are the empty ',,,,' rows Excel leaves at the end ignored?"""
    rows = parse_roster(HEADER + "a1,,,,\n,,,,\n\n , ,,,\n", "f.csv")
    assert [r.username for r in rows] == ["a1"]


def test_header_only_or_empty_file() -> None:
    """Are an empty file and a file without rows refused?"""
    assert [m for *_, m in problems_of("")] == ["文件为空 / empty file"]
    assert [m for *_, m in problems_of(HEADER)] == ["没有数据行 / no rows"]


def test_more_than_the_row_limit_is_refused() -> None:
    """Is a file of MAX_ROWS + 1 rows refused (and MAX_ROWS accepted)?"""
    rows = "".join(f"user{i},,,,\n" for i in range(MAX_ROWS + 1))
    found = problems_of(HEADER + rows)
    assert len(found) == 1 and str(MAX_ROWS) in found[0][3] and found[0][0] == MAX_ROWS + 2
    lines = HEADER + "".join(f"user{i},,,,\n" for i in range(MAX_ROWS))
    assert len(parse_roster(lines, "f.csv")) == MAX_ROWS


def test_template_is_utf8_with_bom_and_reads_back() -> None:
    """Does the template start with a BOM and parse as a header with the five columns?"""
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "用户名" in data.decode("utf-8-sig")
    assert [m for *_, m in problems_of(data.decode("utf-8-sig"))] == ["没有数据行 / no rows"]
