"""The splitter against hand-made labels for the shared development corpus (skipped when it is absent).

Per-talk split F1: predicted and expected talks are matched per page by normalised title. Speaker
accuracy: the share of matched talks whose speaker set is exactly the expected one. Run with `-s` to see
the figures and the misses.
"""

from __future__ import annotations

import json
import re
import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from search.ingest import read_paths

EXPECTED = Path(__file__).with_name("devcorpus_expected.json")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def devcorpus() -> Path:
    """../shared/devcorpus beside the checkout, or beside the worktrees folder (/work/wt/NAME -> /work/shared)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "devcorpus").is_dir():
            return base / "shared" / "devcorpus"
    pytest.skip("the shared development corpus (../shared/devcorpus) is not here")


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w@]+", " ", text.casefold()).split())


def match_talks(predicted: list[dict], expected: list[dict]) -> list[tuple[dict, dict]]:
    pairs, left = [], list(predicted)
    for want in expected:
        scored = [(SequenceMatcher(None, norm(want["title"]), norm(got["title"])).ratio(), n) for n, got in enumerate(left)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= 0.85:
            pairs.append((left.pop(best[1]), want))
    return pairs


def evaluate(devcorpus: Path) -> dict:
    labels = json.loads(EXPECTED.read_text(encoding="utf-8"))
    started = time.perf_counter()
    pages = list(read_paths([devcorpus]))
    seconds = time.perf_counter() - started
    found = {str(Path(page.source).relative_to(devcorpus.resolve())): page for page in pages}
    tp = n_pred = n_exp = speakers_ok = 0
    misses = []
    for path, expected in labels.items():
        predicted = [talk.to_dict() for talk in found[path].talks]
        pairs = match_talks(predicted, expected)
        tp, n_pred, n_exp = tp + len(pairs), n_pred + len(predicted), n_exp + len(expected)
        if len(pairs) != len(expected) or len(pairs) != len(predicted):
            misses.append(f"split {path}: expected {[e['title'] for e in expected]} got {[p['title'] for p in predicted]}")
        for got, want in pairs:
            if {norm(s) for s in got["speakers"]} == {norm(s) for s in want["speakers"]}:
                speakers_ok += 1
            else:
                misses.append(f"speakers {path} {want['title']!r}: expected {want['speakers']} got {got['speakers']}")
    precision, recall = tp / max(n_pred, 1), tp / max(n_exp, 1)
    return {
        "pages": len(pages),
        "expected_talks": n_exp,
        "predicted_talks": n_pred,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "precision": precision,
        "recall": recall,
        "speaker_accuracy": speakers_ok / max(tp, 1),
        "pages_per_second": len(pages) / seconds,
        "misses": misses,
    }


def test_devcorpus_split_f1_and_speaker_accuracy(devcorpus):
    result = evaluate(devcorpus)
    for miss in result["misses"]:
        print(miss)
    print(
        f"devcorpus: {result['pages']} pages, {result['expected_talks']} expected talks, "
        f"{result['predicted_talks']} predicted; split F1 {result['f1']:.3f} "
        f"(P {result['precision']:.3f}, R {result['recall']:.3f}); "
        f"speaker accuracy {result['speaker_accuracy']:.3f}; {result['pages_per_second']:.0f} pages/s"
    )
    assert result["f1"] >= 0.95
    assert result["speaker_accuracy"] >= 0.90
