"""Course modules and lessons: parse and check the Markdown files under ``courses/``.

Layout: one folder per module holding ``module.yaml`` and lessons named ``NN-slug.md``. A lesson is
YAML front matter between ``---`` lines followed by a Markdown body. Every problem in every file is
reported at once, located by file, line, lesson slug and field. Rendering and progress helpers
live in ``course_render``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from examapp.domain.errors import Problem, ValidationFailed

MODULE_FILE = "module.yaml"
LESSON_NAME = re.compile(r"^(?P<order>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
FENCE = "---"

# field -> (accepted types, human description); bool is excluded from int below on purpose
MODULE_FIELDS: dict[str, tuple[type, str]] = {
    "id": (str, "text"),
    "title": (str, "text"),
    "title_en": (str, "text"),
    "order": (int, "a whole number"),
    "summary": (str, "text"),
    "required": (bool, "true or false"),
}
LESSON_FIELDS: dict[str, tuple[type, str]] = {
    "title": (str, "text"),
    "title_en": (str, "text"),
    "order": (int, "a whole number"),
    "minutes": (int, "a whole number"),
    "key_facts": (list, "a list of text"),
    "practice": (list, "a list of question ids"),
}
KEY_FACTS_RANGE = (3, 6)


@dataclass(frozen=True)
class LessonInfo:
    """One lesson as read from its Markdown file."""

    module_id: str
    slug: str
    title: str
    title_en: str
    order: int
    minutes: int
    key_facts: tuple[str, ...]
    practice: tuple[str, ...]
    body_markdown: str
    source_file: str
    content_hash: str


@dataclass(frozen=True)
class ModuleInfo:
    """One course module with its lessons in reading order."""

    id: str
    title: str
    title_en: str
    order: int
    summary: str
    required: bool
    lessons: tuple[LessonInfo, ...]


class _Report:
    """Collects problems for one file so checks can keep going after the first one."""

    def __init__(self, file: str, owner: str, problems: list[Problem], top: int = 1) -> None:
        # top: the line a missing field is reported on (where the field block starts)
        self.file, self.owner, self.problems, self.top = file, owner, problems, top

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, self.owner, field, message))


def load_courses(root: Path) -> list[ModuleInfo]:
    """Read every module folder under ``root``; raise ValidationFailed listing all problems."""
    root = Path(root)
    problems: list[Problem] = []
    modules: list[ModuleInfo] = []
    if not root.is_dir():
        raise ValidationFailed([Problem(str(root), 0, "", "", "course folder not found")])
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        module = _load_module(folder, root, problems)
        if module is not None:
            modules.append(module)
    _check_unique(
        [(m.order, m.id, f"{_rel(root / m.id, root)}/{MODULE_FILE}") for m in modules],
        "module order",
        problems,
    )
    if problems:
        raise ValidationFailed(problems)
    return sorted(modules, key=lambda m: m.order)


def _rel(path: Path, root: Path) -> str:
    """Name files as the trainer sees them in the repository (``courses/<module>/<file>``)."""
    return path.relative_to(root.parent).as_posix()


def _load_module(folder: Path, root: Path, problems: list[Problem]) -> ModuleInfo | None:
    """Parse one module folder; return None when its module.yaml is unusable."""
    meta_path = folder / MODULE_FILE
    report = _Report(_rel(meta_path, root), folder.name, problems)
    if not meta_path.is_file():
        report.add(0, "", f"missing {MODULE_FILE}")
        return None
    meta, lines = _parse_mapping(meta_path.read_text(encoding="utf-8"), 1, report)
    lessons = [
        lesson
        for path in sorted(folder.glob("*.md"))
        if (lesson := _load_lesson(path, folder.name, root, problems)) is not None
    ]
    _check_unique([(le.order, le.slug, le.source_file) for le in lessons], "lesson order", problems)
    if meta is None or not _check_fields(meta, lines, MODULE_FIELDS, report):
        return None
    if meta["id"] != folder.name:
        report.add(lines.get("id", 1), "id", f"must equal the folder name {folder.name!r}")
        return None
    return ModuleInfo(
        id=meta["id"],
        title=meta["title"],
        title_en=meta["title_en"],
        order=meta["order"],
        summary=meta["summary"],
        required=meta["required"],
        lessons=tuple(sorted(lessons, key=lambda le: le.order)),
    )


def _load_lesson(
    path: Path, module_id: str, root: Path, problems: list[Problem]
) -> LessonInfo | None:
    """Parse one lesson file; return None (after reporting) when anything is wrong."""
    name = LESSON_NAME.match(path.name)
    slug = name["slug"] if name else path.stem
    report = _Report(_rel(path, root), slug, problems)
    if not name:
        report.add(0, "", "file name must look like NN-slug.md (two digits, lowercase slug)")
        return None
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        report.add(1, "front_matter", "missing front matter: the file must start with a '---' line")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        report.add(1, "front_matter", "front matter is not closed by a second '---' line")
        return None
    before = len(problems)
    meta, field_lines = _parse_mapping("\n".join(lines[1:end]), 2, report)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    if not body.strip():
        report.add(end + 2, "body", "lesson body is empty")
    if meta is None or not _check_fields(meta, field_lines, LESSON_FIELDS, report):
        return None
    _check_lists(meta, field_lines, report)
    if len(problems) > before:
        return None
    return LessonInfo(
        module_id=module_id,
        slug=slug,
        title=meta["title"],
        title_en=meta["title_en"],
        order=meta["order"],
        minutes=meta["minutes"],
        key_facts=tuple(meta["key_facts"]),
        practice=tuple(meta["practice"]),
        body_markdown=body + "\n",
        source_file=report.file,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


def _parse_mapping(text: str, first_line: int, report: _Report) -> tuple[dict | None, dict]:
    """Load a YAML mapping and the file line of each top-level key (``first_line`` = line 1)."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        report.add(line, "", f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
        return None, {}
    if not isinstance(data, dict):
        report.add(first_line, "", "must be a YAML mapping of field: value")
        return None, {}
    lines = {
        key.value: first_line + key.start_mark.line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, lines


def _check_fields(
    data: dict[str, Any], lines: dict[str, int], spec: dict[str, tuple[type, str]], report: _Report
) -> bool:
    """Report unknown, missing and mistyped fields; True when the mapping can be used."""
    ok = True
    for key in data:
        if key not in spec:
            report.add(
                lines.get(str(key), report.top),
                str(key),
                f"unknown field (allowed: {', '.join(spec)})",
            )
            ok = False
    for field, (kind, described) in spec.items():
        line = lines.get(field, report.top)
        if field not in data:
            report.add(report.top, field, "missing field")
            ok = False
        elif not _is_kind(data[field], kind):
            report.add(line, field, f"must be {described}, got {type(data[field]).__name__}")
            ok = False
        elif kind is str and not data[field].strip():
            report.add(line, field, "must not be empty")
            ok = False
        elif kind is int and data[field] < (0 if field == "order" else 1):
            report.add(line, field, "must be a positive number")
            ok = False
    return ok


def _is_kind(value: Any, kind: type) -> bool:
    """isinstance, except that YAML's true/false never counts as a number."""
    if kind is int and isinstance(value, bool):
        return False
    return isinstance(value, kind)


def _check_lists(data: dict[str, Any], lines: dict[str, int], report: _Report) -> None:
    """key_facts: 3–6 non-empty strings; practice: non-empty strings without repeats."""
    facts, practice = data["key_facts"], data["practice"]
    low, high = KEY_FACTS_RANGE
    if not all(isinstance(f, str) and f.strip() for f in facts):
        report.add(lines["key_facts"], "key_facts", "every key fact must be non-empty text")
    elif not low <= len(facts) <= high:
        report.add(lines["key_facts"], "key_facts", f"needs {low}–{high} facts, got {len(facts)}")
    if not all(isinstance(q, str) and q.strip() for q in practice):
        report.add(lines["practice"], "practice", "every practice entry must be a question id")
    elif len(set(practice)) != len(practice):
        report.add(lines["practice"], "practice", "a question id is listed twice")


def _check_unique(items: list[tuple[int, str, str]], what: str, problems: list[Problem]) -> None:
    """Report every item whose order number another item already uses."""
    seen: dict[int, str] = {}
    for order, owner, file in sorted(items, key=lambda i: (i[0], i[2])):
        if order in seen:
            problems.append(
                Problem(file, 0, owner, "order", f"duplicate {what} {order} (also {seen[order]})")
            )
        else:
            seen[order] = owner
