"""Regrading after a key fix: which paper items take the new key, and what that changes.

A stored paper keeps the version each candidate was given. After a trainer fixes a wrong key, the
item is re-keyed only when the question's current version has a *different answer* with the
*same type and the same options* (key and text): then the candidate saw the same choices and only
the key was wrong. A reworded or re-optioned question is a new question, and old papers keep it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .assembly import PaperItem
from .grading import GradeResult, changed_positions, grade_paper, regrade_plan


@dataclass(frozen=True)
class CurrentKey:
    """The current version of a question: its content hash and snapshot."""

    version: str
    snapshot: Mapping


@dataclass(frozen=True)
class AttemptRegrade:
    """One attempt graded with its old keys and with the fixed keys."""

    old: GradeResult
    new: GradeResult
    rekeyed: tuple[int, ...]  # positions whose key was replaced
    items: tuple[PaperItem, ...]  # the paper with the fixed keys

    @property
    def affected(self) -> bool:
        return regrade_plan(self.old, self.new)

    @property
    def changed(self) -> tuple[int, ...]:
        return changed_positions(self.old, self.new)


def rekey(item: PaperItem, current: CurrentKey | None) -> PaperItem | None:
    """The item with the current key, or None when the key did not change or may not be applied."""
    if current is None or current.version == item.version:
        return None
    new, old = current.snapshot, item.snapshot
    same_choices = new.get("type") == old.get("type") and _options(new) == _options(old)
    if not same_choices or sorted(new.get("answer", ())) == sorted(old.get("answer", ())):
        return None
    return replace(item, version=current.version, snapshot=dict(new))


def _options(snapshot: Mapping) -> list[tuple[str, str]]:
    return [(key, text) for key, text in snapshot.get("options", ())]


def regrade_attempt(
    pass_mark: float,
    items: Sequence[PaperItem],
    responses: Mapping[int, frozenset[str]],
    current: Mapping[str, CurrentKey],
    section_titles: Sequence[str] = (),
) -> AttemptRegrade:
    """Grade a paper with its stored keys and with every applicable fixed key."""
    fixed, rekeyed = [], []
    for item in items:
        new_item = rekey(item, current.get(item.question_id))
        if new_item is not None:
            rekeyed.append(item.position)
        fixed.append(new_item or item)
    old = grade_paper(pass_mark, items, responses, section_titles)
    new = grade_paper(pass_mark, fixed, responses, section_titles) if rekeyed else old
    return AttemptRegrade(old, new, tuple(rekeyed), tuple(fixed))
