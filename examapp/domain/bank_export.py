"""Writing a bank back to YAML, and comparing two versions of a bank question by question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from .bank_schema import BankInfo
from .questions import TRUE_KEY, Question, QuestionType


class _FlowList(list):
    """Short lists (answers, tags) read best on one line: ``answer: [A, C]``."""


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese unescaped, keys in the order we give them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line stems and explanations stay readable as literal blocks.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _question_dict(q: Question, bank_module: str) -> dict:
    data: dict = {"id": q.id, "type": str(q.type), "stem": q.stem}
    if q.type == QuestionType.TRUEFALSE:
        data["answer"] = TRUE_KEY in q.answer
    else:
        data["options"] = dict(q.options)
        keys = [k for k in q.option_keys if k in q.answer]
        data["answer"] = keys[0] if q.type == QuestionType.SINGLE else _FlowList(keys)
    data["explanation"] = q.explanation
    if q.tags:
        data["tags"] = _FlowList(q.tags)
    data["difficulty"] = q.difficulty
    if q.module and q.module != bank_module:
        data["module"] = q.module
    return data


def dump_bank(bank: BankInfo, questions: list[Question]) -> str:
    """Our YAML for a bank; parsing it back gives questions with the same content hashes."""
    doc: dict = {"bank": bank.id, "title": bank.title, "module": bank.module}
    if bank.description:
        doc["description"] = bank.description
    doc["questions"] = [_question_dict(q, bank.module) for q in questions]
    return yaml.dump(
        doc,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )


@dataclass(frozen=True)
class BankDiff:
    """Question ids by what an import would do to them; ``changed`` means a new content version."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: list[str]


def diff_banks(old: Mapping[str, Question], new: Mapping[str, Question]) -> BankDiff:
    """Compare two sets of questions by id and content hash."""
    both = old.keys() & new.keys()
    changed = sorted(i for i in both if old[i].content_hash() != new[i].content_hash())
    return BankDiff(
        added=sorted(new.keys() - old.keys()),
        changed=changed,
        removed=sorted(old.keys() - new.keys()),
        unchanged=sorted(both - set(changed)),
    )
