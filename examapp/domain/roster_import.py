"""A cohort of new hires from one CSV file: decoding, header aliases and every row rule.

The file has a header row and the columns ``username, display_name, role, cohort, password``
(Chinese headers 用户名, 姓名, 角色, 批次, 密码 work too). Only ``username`` is required; the role
defaults to trainee, an empty cohort means none, an empty password means "generate one".
Every problem is collected and raised at once as ``ValidationFailed``; its ``Problem`` holds
(file, CSV line, username, column, message). Pure: no database, no randomness.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from .errors import Problem, ValidationFailed

MAX_ROWS = 500
MIN_PASSWORD_LENGTH = 8  # the same minimum as services.accounts and the admin form
MAX_PASSWORD_LENGTH = 200
MAX_USERNAME_LENGTH = 64  # the column sizes of users.username, users.display_name, cohorts.name
MAX_NAME_LENGTH = 80
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")  # the admin form's rule

COLUMNS = ("username", "display_name", "role", "cohort", "password")
HEADER_ALIASES = {"用户名": "username", "姓名": "display_name", "角色": "role", "批次": "cohort"}
HEADER_ALIASES |= {"密码": "password", "name": "display_name"}
# Stored role values (models.Role spells them the same way; a test keeps the two in step).
ROLES = ("trainee", "trainer", "manager", "admin")
ROLE_ALIASES = {"学员": "trainee", "培训师": "trainer", "主管": "manager", "管理员": "admin"}
DEFAULT_ROLE = "trainee"
# The headers of the downloadable template: Chinese, as the admins' Excel shows them.
TEMPLATE_HEADERS = ("用户名", "姓名", "角色", "批次", "密码")


@dataclass(frozen=True)
class RosterRow:
    """One valid hire: ``password`` None means the service generates one."""

    line: int
    username: str
    display_name: str
    role: str
    cohort: str | None
    password: str | None


def decode_roster(data: bytes, filename: str) -> str:
    """The text of a CSV saved by Excel: UTF-8 (with or without BOM), else GB18030/GBK."""

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed([Problem(filename, 0, "", "", message)])

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        # UTF-16 ("Unicode text") or a binary file such as .xlsx: gb18030 would decode it as junk.
        raise refuse(
            "不是 CSV 文本文件（可能是 .xlsx 或 Unicode 文本）：请在 Excel 中另存为"
            "“CSV UTF-8（逗号分隔）” / not a CSV text file: save it as “CSV UTF-8” in Excel"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(
        "无法识别文件编码（支持 UTF-8 与 GBK/GB18030）：请另存为“CSV UTF-8（逗号分隔）” / "
        "unknown encoding (UTF-8 or GBK/GB18030 expected): save it as “CSV UTF-8”"
    )


def read_roster(data: bytes, filename: str, existing: Collection[str] = ()) -> list[RosterRow]:
    """Decode and validate a roster file; raises ValidationFailed listing every problem."""
    return parse_roster(decode_roster(data, filename), filename, existing)


def parse_roster(text: str, filename: str, existing: Collection[str] = ()) -> list[RosterRow]:
    """Validate roster text against the usernames that ``existing`` already holds."""
    records = list(_records(text.removeprefix("\ufeff")))
    if not records:
        raise ValidationFailed([Problem(filename, 1, "", "", "文件为空 / empty file")])
    header_line, header = records[0]
    body = records[1:]
    if len(body) > MAX_ROWS:
        # Refused before any row is checked: a file this long is almost surely the wrong one.
        raise ValidationFailed(
            [
                Problem(
                    filename,
                    body[MAX_ROWS][0],
                    "",
                    "",
                    f"最多 {MAX_ROWS} 行，此文件有 {len(body)} 行：请拆分后分批导入 / "
                    f"at most {MAX_ROWS} rows, this file has {len(body)}: split it",
                )
            ]
        )
    columns, problems = _read_header(header, header_line, filename)
    if "username" not in columns:
        raise ValidationFailed(problems)  # every row would repeat "username is required"
    if not body and not problems:
        problems.append(Problem(filename, header_line, "", "", "没有数据行 / no rows"))
    rows: list[RosterRow] = []
    first_seen: dict[str, int] = {}
    taken = set(existing)
    for line, cells in body:
        values = {
            name: cells[i].strip() if i < len(cells) else ""
            for i, name in enumerate(columns)
            if name
        }
        row, row_problems = _check_row(values, line, filename, first_seen, taken)
        problems += row_problems
        if row is not None:
            rows.append(row)
    if problems:
        raise ValidationFailed(problems)
    return rows


def template_csv() -> bytes:
    """The downloadable template: the header row, UTF-8 with a BOM so Excel shows Chinese."""
    return ("\ufeff" + ",".join(TEMPLATE_HEADERS) + "\r\n").encode("utf-8")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first CSV line, cells) of every record that is not blank (Excel leaves ',,,,' rows)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _read_header(
    header: list[str], line: int, filename: str
) -> tuple[list[str | None], list[Problem]]:
    """The canonical column name at each position (None for an empty header cell)."""
    problems: list[Problem] = []
    columns: list[str | None] = []
    for raw in header:
        cell = raw.strip()
        name = HEADER_ALIASES.get(cell, cell.lower().replace(" ", "_"))
        if not cell:
            columns.append(None)
            continue
        if name not in COLUMNS:
            msg = f"未知的列“{cell}”，可用的列：{', '.join(COLUMNS)} / unknown column"
            problems.append(Problem(filename, line, "", cell, msg))
            name = None
        elif name in columns:
            problems.append(Problem(filename, line, "", name, "重复的列 / duplicate column"))
            name = None
        columns.append(name)
    if "username" not in columns:
        msg = "缺少“用户名”（username）列 / the username column is missing"
        problems.append(Problem(filename, line, "", "username", msg))
    return columns, problems


def _check_row(
    values: dict[str, str], line: int, filename: str, first_seen: dict[str, int], taken: set[str]
) -> tuple[RosterRow | None, list[Problem]]:
    """One data row: the row when valid, and its problems."""
    username = values.get("username", "")
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(filename, line, username, column, message))

    if not username:
        problem("username", "用户名不能为空 / username is required")
    elif not USERNAME_PATTERN.match(username):
        problem("username", "用户名只能包含字母、数字和 . _ - / letters, digits, . _ - only")
    elif len(username) > MAX_USERNAME_LENGTH:
        problem("username", f"用户名最长 {MAX_USERNAME_LENGTH} 个字符 / too long")
    elif username in first_seen:
        problem("username", f"与第 {first_seen[username]} 行重复 / duplicate in this file")
    elif username in taken:
        problem("username", "该用户名已存在 / this username already exists")
    first_seen.setdefault(username, line)

    display_name = values.get("display_name", "") or username
    if len(display_name) > MAX_NAME_LENGTH:
        problem("display_name", f"姓名最长 {MAX_NAME_LENGTH} 个字符 / name too long")
    raw_role = values.get("role", "")
    role = ROLE_ALIASES.get(raw_role, raw_role.lower()) or DEFAULT_ROLE
    if role not in ROLES:
        choices = "、".join(ROLE_ALIASES)
        problem("role", f"未知角色“{raw_role}”，可用：{choices} / unknown role")
    cohort = values.get("cohort", "") or None
    if cohort and len(cohort) > MAX_NAME_LENGTH:
        problem("cohort", f"批次名称最长 {MAX_NAME_LENGTH} 个字符 / cohort name too long")
    password = values.get("password", "") or None
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        msg = f"密码至少 {MIN_PASSWORD_LENGTH} 位 / at least {MIN_PASSWORD_LENGTH} characters"
        problem("password", msg)
    elif password is not None and len(password) > MAX_PASSWORD_LENGTH:
        problem("password", f"密码最长 {MAX_PASSWORD_LENGTH} 位 / too long")
    if problems:
        return None, problems
    return RosterRow(line, username, display_name, role, cohort, password), []
