"""Character-level differences between two texts, for showing what an edit changed.

Chinese has no spaces between words, so a word diff would mark whole sentences; characters work.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

Op = Literal["same", "removed", "added"]


def text_diff(before: str, after: str) -> list[tuple[Op, str]]:
    """(op, text) runs that turn ``before`` into ``after``; joining same+added gives ``after``."""
    runs: list[tuple[Op, str]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", before[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("removed", before[i1:i2]))
        if j2 > j1:
            runs.append(("added", after[j1:j2]))
    return runs
