"""Size benchmarks: validate every shipped bank, then assemble and grade 1,000 papers."""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from examapp.domain.assembly import assemble
from examapp.domain.banks import load_catalog
from examapp.domain.grading import grade_paper

ROOT = Path(__file__).resolve().parents[1]
PAPERS = 1000


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    peak_mib: float
    detail: str


def measure(name: str, work: Callable[[], str]) -> Measure:
    """Time ``work`` untraced, then run it again under tracemalloc for its allocation peak."""
    started = time.perf_counter()
    detail = work()
    seconds = time.perf_counter() - started  # tracemalloc slows Python down: time it without
    tracemalloc.start()
    try:
        work()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Measure(name, seconds, peak / 2**20, detail)


def validate_banks() -> str:
    """Load and validate question_banks/ as `banks check` does."""
    catalog = load_catalog([ROOT / "question_banks"])
    return f"{len(catalog.banks)} banks, {len(catalog.questions)} questions, {len(catalog.exams)} exams"


def assemble_and_grade(papers: int = PAPERS) -> str:
    """Assemble ``papers`` papers across the shipped exams and grade each with random answers."""
    catalog = load_catalog([ROOT / "question_banks"])
    exams = sorted(catalog.exams.values(), key=lambda spec: spec.id)
    rng = random.Random(2026)
    passed = 0
    for n in range(papers):
        spec = exams[n % len(exams)]
        items = assemble(spec, catalog.questions, seed=n)
        responses = {item.position: frozenset(rng.sample(item.option_order, 1)) for item in items}
        passed += grade_paper(spec.pass_mark, items, responses).passed
    return f"{papers} papers over {len(exams)} exams ({passed} passed by chance)"


def run() -> list[Measure]:
    """Both size measurements."""
    # The catalogue load inside assemble_and_grade is part of the honest cost of that step.
    return [
        measure("validate all shipped banks", validate_banks),
        measure(f"assemble + grade {PAPERS} papers", assemble_and_grade),
    ]
