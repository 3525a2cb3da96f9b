"""Ranked search against plain BM25 over the same talks: the judged queries of tests/judgments/ run through
confsearch and through SQLite FTS5's bm25() on one text column (title, speakers, conference and notes),
the query's words ORed (or: talks with all of them first), operators and field prefixes dropped.

    python bench/bm25_baseline.py [--corpus ../shared/devcorpus] [JUDGMENTS.jsonl ...]
    python bench/bm25_baseline.py --corpus ../shared/devcorpus2

The devcorpus splits are the labelled ones (split F1 1.000 against tests/devcorpus_truth.jsonl), so there
the baseline ranks perfect splits; on devcorpus2 both rank confsearch's split (F1 0.941). Prints, per
judgments file: passed@k (every relevant talk in the first k), success@1 and MRR for confsearch, for plain
BM25, for plain BM25 with Porter stemming, and for that with the talks holding all the words ranked first
(as confsearch does).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.evaluate import DEPTH, evaluate, load_judgments
from search.index import update_pages
from search.ingest import dedupe, read_paths
from search.model import Talk
from search.service import SearchService

REPO = Path(__file__).resolve().parent.parent
JUDGMENTS = REPO / "tests" / "judgments"
WORD = re.compile(r"\w+")
FIELD_PREFIX = re.compile(r"\b\w+:(?=\S)")


class PlainBM25:
    """FTS5 bm25() over one column; `search` answers like SearchService.search (hits with id, url, source)."""

    def __init__(self, talks: list[Talk], tokenizer: str, all_words_first: bool = False):
        self.talks = {talk.id: talk for talk in talks}
        self.all_words_first = all_words_first
        self.db = sqlite3.connect(":memory:")
        self.db.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, id UNINDEXED, tokenize = '{tokenizer}')")
        self.db.executemany("INSERT INTO t VALUES (?, ?)", [
            ("\n".join([talk.title, *talk.speakers, talk.conference or "", talk.body]), talk.id) for talk in talks
        ])

    def search(self, query: str, per_page: int = DEPTH) -> SimpleNamespace:
        words = [f'"{word}"' for word in WORD.findall(FIELD_PREFIX.sub("", query).replace("~", " "))
                 if word.upper() not in ("AND", "OR", "NOT")]
        ranked = self._ranked(" AND ".join(words), per_page) if self.all_words_first else []
        ranked += [talk_id for talk_id in self._ranked(" OR ".join(words), per_page) if talk_id not in ranked]
        return SimpleNamespace(hits=[self.talks[talk_id] for talk_id in ranked[:per_page]])

    def _ranked(self, match: str, limit: int) -> list[str]:
        if not match:
            return []
        rows = self.db.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, limit))
        return [talk_id for (talk_id,) in rows]


def judgments_for(corpus: Path) -> list[Path]:
    """The judgments files written for a corpus folder: NAME.jsonl and NAME-heldout*.jsonl."""
    return sorted([*JUDGMENTS.glob(f"{corpus.name}.jsonl"), *JUDGMENTS.glob(f"{corpus.name}-heldout*.jsonl")])


def compare(corpus: Path, judgments: list[Path]) -> dict[str, dict[str, dict]]:
    """{judgments file name: {engine: evaluate()'s figures}} for confsearch and the plain BM25 engines."""
    pages = list(read_paths([corpus]))
    talks = list(dedupe([talk for page in pages for talk in page.talks]))
    engines = {"plain BM25": PlainBM25(talks, "unicode61 remove_diacritics 2"),
               "plain BM25 + Porter": PlainBM25(talks, "porter unicode61 remove_diacritics 2"),
               "BM25, all words first": PlainBM25(talks, "porter unicode61 remove_diacritics 2", all_words_first=True)}
    with tempfile.TemporaryDirectory() as folder:
        update_pages(Path(folder) / "index", pages)
        service = SearchService(Path(folder) / "index")
        try:
            engines = {"confsearch": service, **engines}
            return {path.name: {name: evaluate(engine, load_judgments(path)).to_dict() for name, engine in engines.items()}
                    for path in judgments}
        finally:
            service.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judgments", nargs="*", type=Path, help="default: those written for the corpus")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "devcorpus")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no such folder (the shared development corpus)")
    print(f"{'judgments':28} {'engine':22} {'passed@k':>10} {'s@1':>6} {'MRR':>6}")
    for judged, engines in compare(args.corpus, args.judgments or judgments_for(args.corpus)).items():
        for name, figures in engines.items():
            print(f"{judged:28} {name:22} {figures['passed_at_k']:>4} of {figures['queries']:<3}"
                  f" {figures['success_at_1']:6.3f} {figures['mrr']:6.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
