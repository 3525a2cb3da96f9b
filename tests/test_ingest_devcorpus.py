"""The splitter on real, hand-labelled notes: a committed score per source that must not drop.

../shared/devcorpus2/truth.jsonl (three sites built by Pelican, MkDocs Material and Hugo) and
tests/devcorpus_truth.jsonl (../shared/devcorpus: a Sphinx collection and Markdown notes, labelled by
reading the pages) are scored with `confsearch eval-split`'s rules; tests/split_scores.json holds the figures
of the current splitter. A change that lowers any of them fails here; one that raises them should raise the
committed figures too (`python -m search.ingest.fit` prints them; the test prints the current ones with -s).
Skipped where the shared corpora are absent (a user's clone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.spliteval import evaluate_split

ROOT = Path(__file__).resolve().parent.parent
SCORES = Path(__file__).with_name("split_scores.json")
CORPORA = {
    "devcorpus": (ROOT / "tests" / "devcorpus_truth.jsonl", "devcorpus"),
    "devcorpus2": (None, "devcorpus2"),
}
TOLERANCE = 0.0005  # (the figures are rounded to three places)


def shared(name: str) -> Path:
    """../shared/NAME beside the checkout, or beside the worktrees' folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / name).is_dir():
            return base / "shared" / name
    pytest.skip(f"the shared development corpus (../shared/{name}) is not here")


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_split_scores_do_not_drop(corpus: str):
    truth, folder = CORPORA[corpus]
    folder = shared(folder)
    report = evaluate_split(truth or folder / "truth.jsonl", [folder])
    print(f"\n{corpus}\n{report}")
    committed = json.loads(SCORES.read_text(encoding="utf-8"))[corpus]
    figures = report.to_dict()
    dropped = [
        f"{source} {measure}: {figures[source][measure]} < {value}"
        for source, measures in committed.items() for measure, value in measures.items()
        if value is not None and (figures[source][measure] or 0.0) < value - TOLERANCE
    ]
    assert not dropped, "; ".join(dropped)
