"""Question banks and exam definitions: load YAML, validate everything together, return domain objects.

Run ``python -m examapp.domain.banks check PATH...`` in CI: it prints each problem and exits 1,
or prints ``OK: N banks, M questions, K exams``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from .bank_exams import build_exam, pool_for
from .bank_export import BankDiff, diff_banks, dump_bank
from .bank_schema import (
    MAX_BANK_BYTES,
    MODULES,
    BankHeader,
    BankInfo,
    Catalog,
    LineDict,
    QuestionModel,
    model_problems,
    read_yaml,
)
from .errors import Problem, ValidationFailed
from .questions import FALSE_KEY, TRUE_KEY, TRUEFALSE_OPTIONS, Question, QuestionType

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


def _answer_problems(
    m: QuestionModel, keys: list[str], at: Callable[[str, str], Problem]
) -> list[Problem]:
    """Check the answer against the question type and its options."""
    if m.type == "truefalse":
        if isinstance(m.answer, bool):
            return []
        return [at("answer", "判断题答案必须是 true 或 false / must be true or false")]
    if isinstance(m.answer, bool):
        return [at("answer", "答案应为选项字母，不是 true/false / expected option letter(s)")]
    answer = [m.answer] if isinstance(m.answer, str) else m.answer
    distinct = len(set(answer))
    messages = []
    if m.type == "single" and len(answer) != 1:
        messages.append(
            f"单选题必须恰好有 1 个答案（现有 {len(answer)} 个） / single choice needs exactly one answer"
        )
    if m.type == "multiple" and distinct < 2:
        messages.append(
            f"多选题至少要有 2 个正确答案，写成列表如 [A, C]（现有 {distinct} 个） / multiple choice needs >= 2 answers"
        )
    if distinct != len(answer):
        messages.append("答案中有重复的选项 / duplicate answer key")
    for key in answer:
        if keys and key not in keys:
            messages.append(f"答案 {key} 不在选项 {', '.join(keys)} 中 / answer not among options")
    return [at("answer", message) for message in messages]


def _question_problems(m: QuestionModel, raw: LineDict, filename: str) -> list[Problem]:
    """The rules a well-formed question can still break."""

    def at(name: str, message: str) -> Problem:
        return Problem(filename, raw.key_lines.get(name, raw.line), m.id, name, message)

    problems = []
    if not m.stem:
        problems.append(at("stem", "题干不能为空 / stem must not be empty"))
    if not m.explanation:
        problems.append(at("explanation", "解析不能为空 / explanation must not be empty"))
    if m.module is not None and m.module not in MODULES:
        problems.append(
            at("module", f"未知模块 {m.module}，可选：{', '.join(MODULES)} / unknown module")
        )
    options = m.options or {}
    if m.type == "truefalse" and m.options is not None:
        problems.append(at("options", "判断题不能写 options / truefalse takes no options"))
    elif m.type != "truefalse" and len(options) < 2:
        problems.append(at("options", "选择题至少需要 2 个选项 / needs at least 2 options"))
    seen: dict[str, str] = {}
    for key, text in options.items():
        if not text:
            problems.append(at("options", f"选项 {key} 内容为空 / empty option"))
        elif text in seen:
            problems.append(
                at("options", f"选项 {key} 与 {seen[text]} 内容相同 / duplicate option text")
            )
        seen.setdefault(text, key)
    return problems + _answer_problems(m, list(options), at)


def _to_question(m: QuestionModel, bank: str, module: str, line: int) -> Question:
    if m.type == "truefalse":
        options, answer = TRUEFALSE_OPTIONS, frozenset({TRUE_KEY if m.answer else FALSE_KEY})
    else:
        options = tuple((m.options or {}).items())
        answer = frozenset([m.answer] if isinstance(m.answer, str) else m.answer)
    return Question(
        id=m.id,
        type=QuestionType(m.type),
        stem=m.stem,
        options=options,
        answer=answer,
        explanation=m.explanation,
        bank=bank,
        module=m.module or module,
        tags=tuple(dict.fromkeys(t for t in m.tags if t)),
        difficulty=m.difficulty,
        source_line=line,
    )


def build_bank(
    doc: LineDict, filename: str
) -> tuple[BankInfo | None, list[Question], list[Problem]]:
    """Validate one bank document; return its header, the questions that passed, and all problems."""
    try:
        header = BankHeader.model_validate(doc)
    except ValidationError as exc:
        problems = model_problems(exc, BankHeader, doc, filename)
        if not isinstance(doc.get("questions"), list) or any(p.field == "bank" for p in problems):
            return None, [], problems
        # Keep checking the questions even when the header is wrong, so every problem shows at once.
        header = BankHeader.model_construct(
            bank=doc["bank"], title=str(doc.get("title", "")), module=str(doc.get("module", ""))
        )
    else:
        problems = []
    if header.module not in MODULES and not any(p.field == "module" for p in problems):
        line = doc.key_lines.get("module", doc.line)
        problems.append(
            Problem(
                filename,
                line,
                "",
                "module",
                f"未知模块 {header.module}，可选：{', '.join(MODULES)} / unknown module",
            )
        )
    questions = []
    items = doc["questions"]
    for index, raw in enumerate(items):
        if not isinstance(raw, LineDict):
            problems.append(
                Problem(
                    filename,
                    items.item_lines[index],
                    "",
                    "questions",
                    "每道题必须是映射 / each question must be a mapping",
                )
            )
            continue
        qid = raw["id"] if isinstance(raw.get("id"), str) else ""
        try:
            m = QuestionModel.model_validate(raw)
        except ValidationError as exc:
            problems += model_problems(exc, QuestionModel, raw, filename, qid)
            continue
        found = _question_problems(m, raw, filename)
        problems += found
        if not found:
            questions.append(_to_question(m, header.bank, header.module, raw.line))
    info = BankInfo(
        id=header.bank,
        title=header.title,
        module=header.module,
        description=header.description,
        source_file=filename,
        question_ids=tuple(q.id for q in questions),
    )
    return info, questions, problems


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
