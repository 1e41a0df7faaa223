"""Converters from formats trainers already have (GIFT, Aiken, Excel) into our bank YAML."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..bank_export import dump_bank
from ..bank_schema import MODULES
from ..bank_yaml import MAX_BANK_BYTES, decode_text, read_yaml
from ..banks import parse_bank_text
from ..errors import Problem, ValidationFailed
from .aiken import parse_aiken
from .common import PLACEHOLDER_EXPLANATION, slug
from .gift import parse_gift
from .xlsx import build_template, parse_xlsx

__all__ = [
    "PLACEHOLDER_EXPLANATION",
    "SUPPORTED_EXTENSIONS",
    "build_template",
    "convert_upload",
    "parse_aiken",
    "parse_gift",
    "parse_xlsx",
]

SUPPORTED_EXTENSIONS = (".yaml", ".yml", ".gift", ".aiken", ".txt", ".xlsx")
# A GIFT answer block: "{=…", "{~…", "{T}", "{FALSE#…}"; Aiken files have none of these.
_LOOKS_LIKE_GIFT = re.compile(r"\{\s*[=~]|\{\s*(?:T|F|TRUE|FALSE)\s*[}#]")


def _fail(filename: str, message: str) -> ValidationFailed:
    return ValidationFailed([Problem(filename, 0, "", "", message)])


def _yaml_passthrough(data: bytes, filename: str, bank_id: str | None) -> str:
    """Our own format is validated and returned untouched, comments and all."""
    doc, problems = read_yaml(data, filename)
    if doc is not None and "exam" in doc and "bank" not in doc:
        # Exam pools can only be checked against the stored questions: parse_bank_text does that.
        return data.decode("utf-8").removeprefix("\ufeff")
    catalog = parse_bank_text(data, filename)
    if bank_id and bank_id not in catalog.banks:
        message = f"文件中的题库编号是 {', '.join(catalog.banks)}，与所填的 {bank_id} 不一致 / bank id mismatch"
        raise _fail(filename, message)
    return data.decode("utf-8").removeprefix("\ufeff")


def convert_upload(data: bytes, filename: str, bank_id: str | None, module: str | None) -> str:
    """Any supported upload as our bank YAML (via dump_bank), ready for review and parse_bank_text."""
    if len(data) > MAX_BANK_BYTES:
        raise _fail(
            filename, f"文件太大（{len(data)} 字节，上限 {MAX_BANK_BYTES} 字节） / file too large"
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _yaml_passthrough(data, filename, bank_id)
    if suffix not in SUPPORTED_EXTENSIONS:
        message = f"不支持的文件类型 {suffix or '（无扩展名）'}，可用：{', '.join(SUPPORTED_EXTENSIONS)}（.xls/.csv 请另存为 .xlsx） / unsupported file type"
        raise _fail(filename, message)
    bank = bank_id or slug(PurePath(filename).stem)
    problems = []
    if not bank or slug(bank) != bank:
        problems.append(
            Problem(
                filename, 0, "", "bank", "请填写题库编号（小写字母、数字和 -） / bank id required"
            )
        )
    if module not in MODULES:
        problems.append(
            Problem(
                filename, 0, "", "module", f"请选择模块：{', '.join(MODULES)} / module required"
            )
        )
    if problems:
        raise ValidationFailed(problems)
    if suffix == ".xlsx":
        info, questions = parse_xlsx(data, filename, bank, module)
    else:
        text, problem = decode_text(data, filename)
        if text is None:
            raise ValidationFailed([problem])
        gift = suffix == ".gift" or (suffix == ".txt" and _LOOKS_LIKE_GIFT.search(text))
        info, questions = (parse_gift if gift else parse_aiken)(text, filename, bank, module)
    return dump_bank(info, questions)
