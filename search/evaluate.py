"""Relevance evaluation, like Elasticsearch's ranking evaluation API.

A judgments file has one JSON object per line: `{"query": "...", "relevant": [ids or urls], "k": 3}`.
A relevant entry matches a hit by id, or as a suffix of the hit's url or source (so judgments written as
`DjangoConEurope2015/docker.html` survive changes to ids and folders).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from search.errors import SearchError
from search.model import Hit

DEPTH = 10


@dataclass(frozen=True)
class Judgment:
    query: str
    relevant: tuple[str, ...]
    k: int = 3


@dataclass(frozen=True)
class Outcome:
    """How one judged query ranked: the rank (1-based) of each relevant talk in the top DEPTH, or None."""

    judgment: Judgment
    ranks: tuple[int | None, ...]
    top: tuple[str, ...]  # titles of the first hits, for reading failures

    @property
    def success_at_1(self) -> bool:
        return 1 in self.ranks

    @property
    def success_at_k(self) -> bool:
        """Every relevant talk is within the first k hits."""
        return all(rank is not None and rank <= self.judgment.k for rank in self.ranks)

    @property
    def reciprocal_rank(self) -> float:
        found = [rank for rank in self.ranks if rank is not None]
        return 1 / min(found) if found else 0.0

    @property
    def ndcg(self) -> float:
        dcg = sum(1 / math.log2(rank + 1) for rank in self.ranks if rank is not None)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(self.ranks), DEPTH) + 1))
        return dcg / ideal if ideal else 0.0


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    def _mean(self, values) -> float:
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success_at_k]

    def to_dict(self) -> dict:
        return {
            "queries": len(self.outcomes),
            "success_at_1": round(self._mean(o.success_at_1 for o in self.outcomes), 4),
            "success_at_k": round(self._mean(o.success_at_k for o in self.outcomes), 4),
            "passed_at_k": sum(o.success_at_k for o in self.outcomes),
            "mrr": round(self._mean(o.reciprocal_rank for o in self.outcomes), 4),
            "ndcg_at_10": round(self._mean(o.ndcg for o in self.outcomes), 4),
            "failures": [
                {"query": o.judgment.query, "relevant": list(o.judgment.relevant), "k": o.judgment.k,
                 "ranks": list(o.ranks), "top": list(o.top)}
                for o in self.failures
            ],
        }

    def __str__(self) -> str:
        d = self.to_dict()
        lines = [
            f"{d['queries']} queries",
            f"success@1  {d['success_at_1']:.3f}",
            f"success@k  {d['success_at_k']:.3f}  ({d['passed_at_k']} of {d['queries']} with every relevant talk in the top k)",
            f"MRR        {d['mrr']:.3f}",
            f"nDCG@10    {d['ndcg_at_10']:.3f}",
        ]
        for f in d["failures"]:
            ranks = ", ".join("-" if r is None else str(r) for r in f["ranks"])
            lines.append(f"FAIL {f['query']!r}: ranks {ranks} (k={f['k']}); top: {' | '.join(f['top'][:3])}")
        return "\n".join(lines)


def load_judgments(path: Path | str) -> list[Judgment]:
    """Read a JSONL judgments file; a bad line is a SearchError naming the file and line."""
    judgments = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SearchError(f"Cannot read the judgments file {path}: {error}.") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
            relevant = data["relevant"]
            judgments.append(Judgment(str(data["query"]), tuple(map(str, relevant)), int(data.get("k", 3))))
            if not relevant or isinstance(relevant, str):
                raise ValueError("'relevant' must be a non-empty list")
        except (ValueError, KeyError, TypeError) as error:
            raise SearchError(f"{path}, line {number}: not a judgment ({error}); expected {{\"query\", \"relevant\": [...], \"k\"}}.") from None
    if not judgments:
        raise SearchError(f"{path} holds no judgments.")
    return judgments


def matches(entry: str, hit: Hit) -> bool:
    """By id, or as the end of the url or source, ignoring a trailing .html/.htm or slash."""
    if entry == hit.id:
        return True
    wanted = _plain(entry)
    return bool(wanted) and any(_plain(where).endswith(wanted) for where in (hit.url, hit.source) if where)


def _plain(location: str) -> str:
    path, hash_, anchor = location.partition("#")
    path = re.sub(r"(/index\.html?|\.html?|/)$", "", path)
    return path + hash_ + anchor


def evaluate(service, judgments: list[Judgment]) -> Report:
    """Run each judged query through `service.search` and score the ranking."""
    outcomes = []
    for judgment in judgments:
        hits = service.search(judgment.query, per_page=DEPTH).hits
        ranks = tuple(
            next((rank for rank, hit in enumerate(hits, 1) if matches(entry, hit)), None) for entry in judgment.relevant
        )
        outcomes.append(Outcome(judgment, ranks, tuple(hit.title for hit in hits[:5])))
    return Report(tuple(outcomes))
