"""Where the splitter decides: options described by named features, scored by weights fitted on labelled pages.

A decision (which speakers a talk has, how a page divides into talks) gathers every option the cues
propose, each with its features ({"cue=heading_by": 1, "given": 1.0, ...}); `score` weighs them with
the weights in `weights.json` (fitted by `python -m search.ingest.fit`, see there) and the best option
wins. While `recording()` is active, every decision is kept with its options and scores, which is how the
fitter learns and how `confsearch split --explain` shows why a page split as it did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")

_weights: ContextVar[dict | None] = ContextVar("weights", default=None)
_records: ContextVar[list | None] = ContextVar("records", default=None)
_page: ContextVar[str] = ContextVar("page", default="")


@lru_cache(maxsize=1)
def fitted_weights() -> dict[str, dict[str, float]]:
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]


def weights() -> dict[str, dict[str, float]]:
    return _weights.get() or fitted_weights()


@contextmanager
def using_weights(override: dict[str, dict[str, float]]) -> Iterator[None]:
    """Split with other weights (the fitter's held-out runs)."""
    token = _weights.set(override)
    try:
        yield
    finally:
        _weights.reset(token)


def score(decision: str, features: dict[str, float]) -> float:
    table = weights().get(decision, {})
    return table.get("bias", 0.0) + sum(table.get(name, 0.0) * value for name, value in features.items())


@dataclass
class Option:
    label: str
    features: dict[str, float]
    score: float = 0.0
    detail: dict = field(default_factory=dict)  # (what the fitter needs to judge it: names, titles)


@dataclass
class Record:
    decision: str
    where: str  # the page, and the heading or talk the decision was about
    options: list[Option]
    chosen: int | None
    page: str = ""  # the source of the page being split
    talk: str = ""  # the id of the talk it decided for (set by `for_talk`)


@contextmanager
def recording() -> Iterator[list[Record]]:
    """Keep every decision made inside the block (with its options and their scores)."""
    records: list[Record] = []
    token = _records.set(records)
    try:
        yield records
    finally:
        _records.reset(token)


@contextmanager
def on_page(source: str) -> Iterator[None]:
    """Decisions made inside the block are about this page."""
    token = _page.set(source)
    try:
        yield
    finally:
        _page.reset(token)


def record(decision: str, where: str, options: list[Option], chosen: int | None) -> None:
    records = _records.get()
    if records is not None:
        records.append(Record(decision, where, options, chosen, _page.get()))


def for_talk(decision: str, where: str, talk_id: str) -> None:
    """Tie the last decision of this kind made about `where` to the talk it was made for."""
    records = _records.get()
    last = next((r for r in reversed(records or []) if r.decision == decision), None)
    if last is not None and last.where == where:
        last.talk = talk_id


def choose(decision: str, where: str, options: list[Option], threshold: float | None = 0.0) -> int | None:
    """The index of the best-scoring option (None when a threshold is given and none reaches it)."""
    for option in options:
        option.score = score(decision, option.features)
    best = max(range(len(options)), key=lambda n: options[n].score, default=None)
    if best is not None and threshold is not None and options[best].score < threshold:
        best = None
    record(decision, where, options, best)
    return best
