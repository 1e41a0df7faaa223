"""One bank document checked question by question: the header, each question's rules, domain objects.

This module owns what ``build_bank`` needs to turn a parsed bank file into ``BankInfo`` and
``Question`` objects: the header check, the per-question rules a schema-valid question can still
break (empty stem, duplicate options, an answer that does not fit its type) and the conversion to
the domain dataclass. Cross-file checks (duplicate ids, exams, loading files) stay in ``banks``.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from .bank_schema import MODULES, BankHeader, BankInfo, LineDict, QuestionModel, model_problems
from .errors import Problem
from .questions import FALSE_KEY, TRUE_KEY, TRUEFALSE_OPTIONS, Question, QuestionType


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
