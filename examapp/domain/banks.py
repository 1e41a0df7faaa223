"""Question banks and exam definitions: load YAML, validate everything together, return domain objects.

Run ``python -m examapp.domain.banks check PATH...`` in CI: it prints each problem and exits 1,
or prints ``OK: N banks, M questions, K exams``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .bank_exams import build_exam, pool_for
from .bank_export import BankDiff, diff_banks, dump_bank
from .bank_questions import build_bank
from .bank_schema import MODULES, BankInfo, Catalog, LineDict
from .bank_yaml import MAX_BANK_BYTES, read_yaml
from .errors import Problem, ValidationFailed
from .questions import Question

__all__ = [
    "MAX_BANK_BYTES",
    "MODULES",
    "BankDiff",
    "BankInfo",
    "Catalog",
    "ValidationFailed",
    "bank_from_doc",
    "build_bank",
    "diff_banks",
    "dump_bank",
    "load_catalog",
    "parse_bank_text",
    "pool_for",
]


def _id_problems(
    doc: LineDict, filename: str, bank: str, where: dict[str, str], known: Mapping[str, Question]
) -> list[Problem]:
    """Question ids must be unique in the file, across files, and against other stored banks."""
    problems = []
    for raw in doc["questions"]:
        qid = raw.get("id") if isinstance(raw, LineDict) else None
        if not isinstance(qid, str):
            continue
        line = raw.key_lines["id"]
        if qid in where:
            msg = f"题号重复，已在 {where[qid]} 出现 / duplicate question id"
            problems.append(Problem(filename, line, qid, "id", msg))
        elif qid in known and known[qid].bank != bank:
            msg = f"题号已属于题库 {known[qid].bank} / id already used by another bank"
            problems.append(Problem(filename, line, qid, "id", msg))
        where.setdefault(qid, f"{filename}:{line}")
    return problems


def _validate(
    docs: list[tuple[str, LineDict]], problems: list[Problem], known: Mapping[str, Question] = {}
) -> Catalog:
    """Build banks first, then exams against every question; raise with all problems at once."""
    banks: dict[str, BankInfo] = {}
    questions: dict[str, Question] = {}
    where: dict[str, str] = {}
    exam_docs = []
    for filename, doc in docs:
        if ("bank" in doc) == ("exam" in doc):
            msg = "文件顶层必须有 bank: 或 exam: 之一 / needs exactly one of bank: or exam:"
            problems.append(Problem(filename, doc.line, "", "", msg))
        elif "exam" in doc:
            exam_docs.append((filename, doc))
            continue
        else:
            info, built, found = build_bank(doc, filename)
            problems += found
            if info is None:
                continue
            line = doc.key_lines.get("bank", doc.line)
            if info.id in banks:
                msg = f"题库编号重复，已在 {where['bank:' + info.id]} 定义 / duplicate bank id"
                problems.append(Problem(filename, line, "", "bank", msg))
            banks[info.id], where["bank:" + info.id] = info, f"{filename}:{line}"
            problems += _id_problems(doc, filename, info.id, where, known)
            questions.update((q.id, q) for q in built if q.id not in questions)
    # Exams may draw on questions already stored in other banks (uploads), never the replaced ones.
    pool = {k: q for k, q in known.items() if q.bank not in banks} | questions
    bank_ids = {q.bank for q in pool.values()} | set(banks)
    exams = {}
    for filename, doc in exam_docs:
        spec, found = build_exam(doc, filename, pool, bank_ids)
        problems += found
        if spec is not None and spec.id in exams:
            msg = f"考试编号重复，已在 {exams[spec.id].source_file} 定义 / duplicate exam id"
            problems.append(Problem(filename, spec.source_line, "", "exam", msg))
        elif spec is not None:
            exams[spec.id] = spec
    if problems:
        raise ValidationFailed(problems)
    return Catalog(banks=banks, questions=questions, exams=exams)


def bank_from_doc(
    doc: LineDict, filename: str, known_questions: Mapping[str, Question] = {}
) -> tuple[BankInfo, list[Question]]:
    """Validate one bank document built by a converter; raise ValidationFailed on any problem."""
    catalog = _validate([(filename, doc)], [], known_questions)
    (info,) = catalog.banks.values()
    return info, [catalog.questions[qid] for qid in info.question_ids]


def _expand(paths: Iterable[Path | str], problems: list[Problem]) -> list[Path]:
    """Directories become their *.yaml/*.yml files, minus READMEs, policy files and templates."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")):
                rel = found.relative_to(path)
                skip = found.stem.lower() in ("readme",) or found.name.startswith("policy")
                if not (skip or "templates" in rel.parts[:-1] or not found.is_file()):
                    files.append(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "", "", "文件不存在 / no such file"))
    return list(dict.fromkeys(files))


def load_catalog(paths: Iterable[Path | str]) -> Catalog:
    """Load and validate every bank and exam under ``paths``; raise ValidationFailed on any problem."""
    problems: list[Problem] = []
    docs = []
    for path in _expand(paths, problems):
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            # Refused from its size alone: a huge file is never read, let alone parsed.
            msg = f"文件太大（{size} 字节，上限 {MAX_BANK_BYTES} 字节） / file too large"
            problems.append(Problem(str(path), 0, "", "", msg))
            continue
        doc, found = read_yaml(path.read_bytes(), str(path))
        problems += found
        if doc is not None:
            docs.append((str(path), doc))
    return _validate(docs, problems)


def parse_bank_text(
    text: str | bytes, filename: str, known_questions: Mapping[str, Question] = {}
) -> Catalog:
    """Validate one uploaded bank or exam file against the questions already stored."""
    doc, problems = read_yaml(text, filename)
    return _validate([(filename, doc)] if doc is not None else [], problems, known_questions)


def main(argv: list[str] | None = None) -> int:
    """``check PATH...``: print every problem and return 1, or a one-line summary and 0."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] != "check":
        print("usage: python -m examapp.domain.banks check PATH...", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(args[1:])
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    print(
        f"OK: {len(catalog.banks)} banks, {len(catalog.questions)} questions, {len(catalog.exams)} exams"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
