"""The best `limit` of a known set of matching talks by BM25F, scored as Whoosh scores them, from posting blocks.

The whole result set is already known (see docsets.py), so a page of hits needs only each matching
document's score: one pass over each query term's postings (ids and term frequencies a block at a time) and
the field lengths kept per index generation, instead of Whoosh's matcher tree with a method call per posting.
Queries with a node scored otherwise (coordination bonus, negation inside scoring, non-BM25F weighting)
return None and are ranked by Whoosh.
"""

from __future__ import annotations

import heapq
import sys
import threading
from array import array
from collections import OrderedDict

from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

from search.docsets import DocsQuery

# BM25F term-frequency saturation and length normalisation (Whoosh's defaults: K1 1.2, B 0.75), chosen with
# `confsearch eval` on tests/judgments (grid in tests/judgments/README.md): talk notes are short, and a short
# lightning talk should not outrank a full talk on the same topic by its length alone.
K1, B = 2.0, 0.5


def weighting() -> scoring.BM25F:
    """The weighting every searcher for queries uses."""
    return scoring.BM25F(K1=K1, B=B)


class ScoreCache:
    """Per index generation, shared by threads: each document's length in a scored field (as Whoosh reads it),
    and the BM25F scores of the most recently used terms (at most `budget` postings in all)."""

    def __init__(self, budget: int = 500_000, minimum: int = 0):
        self._lock = threading.Lock()
        self._lengths: dict[str, list[int]] = {}
        self._scores: OrderedDict = OrderedDict()
        self._held = 0
        self.budget, self.minimum = budget, minimum

    def scores(self, key) -> dict[int, float] | None:
        with self._lock:
            found = self._scores.get(key)
            if found is not None:
                self._scores.move_to_end(key)
        return found

    def keep(self, key, scores: dict[int, float]) -> None:
        if self.minimum <= len(scores) <= self.budget:
            with self._lock:
                if key not in self._scores:
                    self._scores[key] = scores
                    self._held += len(scores)
                while self._held > self.budget:
                    self._held -= len(self._scores.popitem(last=False)[1])

    def get(self, searcher, field: str) -> list[int]:
        with self._lock:
            found = self._lengths.get(field)
        if found is None:
            found = []
            for leaf, _offset in searcher.leaf_searchers():
                found += _leaf_lengths(leaf.reader(), field)
            with self._lock:
                self._lengths[field] = found
        return found


_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


def _leaf_lengths(reader, field: str) -> list[int]:
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is not None and hasattr(perdoc, "column_reader"):
        if not perdoc.has_column(_lenfield(field)):  # no talk has the field: Whoosh reads every length as 1
            return [1] * count
        raw = numbers(perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN))
        if len(raw) == count:
            return list(map(_LENGTH_OF_BYTE.__getitem__, raw))
    return [reader.doc_field_length(d, field, 1) or 1 for d in range(count)]


def numbers(column) -> list:
    """Every document's value in one segment's column reader: for fixed-size numbers one read and an array (a
    10,000-talk column in a millisecond, where Whoosh unpacks a value per call), else the reader's own values."""
    if type(column) is not NumericColumn.Reader or getattr(column, "_reverse", False):
        return list(column)
    try:
        values = array(column._typecode)
    except ValueError:
        return list(column)
    if values.itemsize != column._fixedlen:
        return list(column)
    values.frombytes(bytes(column._dbfile.get(column._basepos, column._count * column._fixedlen)))
    if sys.byteorder == "little":  # Whoosh writes them big-endian
        values.byteswap()
    return values.tolist() + [column._default] * (column._doccount - column._count)


def bm25_top(searcher, q: wq.Query, docs: set[int], limit: int, cache: ScoreCache) -> list[tuple[float, int]] | None:
    """(score, docnum) of the best `limit` of `docs` (all matching `q`), best first, ties to the lower docnum
    (as Whoosh's collector); None when `q` is not a sum of BM25F term scores."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
        return None
    parts = _scored_parts(q, 1.0, searcher.schema)
    if parts is None:
        return None
    scores = dict.fromkeys(docs, 0.0)
    for field, text, boost in parts:
        if field is None:  # a fixed set of documents, each scoring 1 (a checked phrase)
            for docnum in text & docs:
                scores[docnum] += boost
            continue
        term = _term_scores(searcher, field, text, cache, weighting)
        if len(term) < len(scores):
            for docnum, score in term.items():
                if docnum in scores:
                    scores[docnum] += score * boost
        else:
            for docnum in scores:
                score = term.get(docnum)
                if score is not None:
                    scores[docnum] += score * boost
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    return [(score, docnum) for docnum, score in best]


def _scored_parts(q: wq.Query, boost: float, schema) -> list | None:
    """(field, text, boost) of each scored term ((None, docnums, boost) for a DocsQuery), or None."""
    if type(q) is wq.Term:
        if q.fieldname not in schema:
            return None
        return [(q.fieldname, q.text, boost * q.boost)]
    if isinstance(q, DocsQuery):
        return [(None, q.docnums, boost)]
    if q is wq.NullQuery:
        return []
    if isinstance(q, wq.AndNot):
        return _scored_parts(q.a, boost * q.boost, schema)
    if type(q) is wq.And or (isinstance(q, wq.Or) and not q.scale and not q.minmatch):
        parts: list = []
        for child in q.children():
            found = _scored_parts(child, boost * q.boost, schema)
            if found is None:
                return None
            parts += found
        return parts
    return None


def term_scores(searcher, field: str, text, cache: ScoreCache) -> dict[int, float] | None:
    """The term's BM25F score (before boosts) in each document holding it, deleted ones too; None when the
    field is not scored by BM25F."""
    if type(searcher.weighting) is not scoring.BM25F or not searcher.schema[field].scorable:
        return None
    return _term_scores(searcher, field, text, cache, searcher.weighting)


def _term_scores(searcher, field: str, text, cache: ScoreCache, weighting) -> dict[int, float]:
    key = (field, text)
    found = cache.scores(key)
    if found is None:
        if searcher.schema[field].scorable:
            found = _bm25(searcher, field, text, cache.get(searcher, field), weighting)
        else:  # a field without lengths (year): Whoosh scores each posting by its weight
            found = _weights(searcher, field, text)
        cache.keep(key, found)
    return found


def _bm25(searcher, field: str, text, lengths: list[int], weighting) -> dict[int, float]:
    scores: dict[int, float] = {}
    idf = searcher.idf(field, text)
    avgfl = searcher.avg_field_length(field) or 1
    b = weighting._field_B.get(field, weighting.B)
    k1 = weighting.K1
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (field, text) not in reader:
            continue
        for docnum, tf in _postings(reader.postings(field, text), offset):
            scores[docnum] = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[docnum] / avgfl)))
    return scores


def _weights(searcher, field: str, text) -> dict[int, float]:
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (field, text) in reader:
            scores.update(_postings(reader.postings(field, text), offset))
    return scores


def _postings(matcher, offset: int):
    """(top-level docnum, term frequency) of a posting list, a block at a time when the codec allows it."""
    if not hasattr(matcher, "_read_ids"):
        while matcher.is_active():
            yield matcher.id() + offset, matcher.weight()
            matcher.next()
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        start = matcher._i
        yield from zip((d + offset for d in matcher._ids[start:]), matcher._weights[start:])
        matcher._next_block()
