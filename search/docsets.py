"""Sets of matching document numbers (for totals, facets and filters), computed block by block from the
postings instead of stepping Whoosh's matcher tree one document at a time.

Ranking still runs through Whoosh's scorer (with its block-quality skipping) for the first page only; the
whole result set comes from here, which is what makes facets over 10,000 talks cheap.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import OrderedDict

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

PHRASE_CHECKS = 1000  # at most this many talks with all of a phrase's words are checked for its order


def docset(searcher, q: wq.Query) -> set[int]:
    """The document numbers (top-level) matching `q` in this searcher, deleted documents excluded."""
    return DocSets(searcher).run(q)


def checked_phrases(searcher, q: wq.Query) -> wq.Query:
    return DocSets(searcher).checked(q)


class TermSets:
    """Per index generation, shared by threads: the document numbers of the most used large terms."""

    def __init__(self, size: int = 256, minimum: int = 512):
        self.size, self.minimum = size, minimum
        self._lock = threading.Lock()
        self._sets: OrderedDict = OrderedDict()

    def get(self, key) -> set[int] | None:
        with self._lock:
            found = self._sets.get(key)
            if found is not None:
                self._sets.move_to_end(key)
        return set(found) if found is not None else None

    def put(self, key, docs: set[int]) -> None:
        if len(docs) >= self.minimum:
            with self._lock:
                self._sets[key] = array("i", docs)
                while len(self._sets) > self.size:
                    self._sets.popitem(last=False)


class DocsQuery(wq.Query):
    """Matches a fixed set of (top-level) document numbers, each with the same score."""

    def __init__(self, docnums):
        self.docnums = frozenset(docnums)
        self.boost = 1.0

    def __eq__(self, other):
        return type(other) is DocsQuery and other.docnums == self.docnums

    def __hash__(self):
        return hash((DocsQuery, len(self.docnums)))

    def __repr__(self):
        return f"DocsQuery({len(self.docnums)} documents)"

    def estimate_size(self, ixreader):
        return len(self.docnums)

    def matcher(self, searcher, context=None):
        offset = 0
        if searcher.has_parent():
            offset = searcher.get_parent()._offset_for_subsearcher(searcher) or 0
        count = searcher.doc_count_all()
        ids = sorted(d - offset for d in self.docnums if offset <= d < offset + count)
        return ListMatcher(ids, all_weights=1.0) if ids else NullMatcher()


class DocSets:
    """Evaluates queries to sets of document numbers for one request; term sets are reused within it and,
    for large ones, across requests through a `TermSets` of the same index generation."""

    def __init__(self, searcher, shared: TermSets | None = None, scored=None):
        """`scored(field, text)`: the term's scores by document number, or None (then its postings are read)."""
        self.searcher = searcher
        self.scored = scored
        self.leaves = searcher.leaf_searchers()
        self.shared = shared
        self.unchecked = 0  # talks with all of a phrase's words whose word order was not checked (bounded cost)
        self._terms: dict = {}
        self._deleted: dict[int, set[int]] = {}

    def checked(self, q: wq.Query) -> wq.Query:
        """`q` with each phrase replaced by its words AND the talks where they stand in order, found by checking
        positions on the talks that have all the words (instead of Whoosh's span matcher over every posting)."""
        if isinstance(q, wq.Phrase) and len(q.words) > 1:
            found = self.phrase(q)
            words = wq.And([wq.Term(q.fieldname, word) for word in q.words], boost=q.boost)
            return wq.And([words, DocsQuery(found)]) if found else wq.NullQuery
        return q.apply(self.checked)

    def run(self, q: wq.Query) -> set[int]:
        if type(q) is wq.Term:
            return self.term(q.fieldname, q.text)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            out: set[int] = set()
            for child in q.children():
                out |= self.run(child)
            return out
        if isinstance(q, wq.And):
            return self.intersection(list(q.children()))
        if isinstance(q, DocsQuery):
            return set(q.docnums)
        if isinstance(q, wq.Phrase):
            return self.phrase(q)
        if isinstance(q, wq.AndNot):
            return self.run(q.a) - self.run(q.b)
        if isinstance(q, wq.AndMaybe):
            return self.run(q.a)
        if isinstance(q, wq.Not):
            return self.everything() - self.run(q.query)
        if isinstance(q, wq.Every):
            return self.everything()
        if isinstance(q, type(wq.NullQuery)):
            return set()
        return set(self.searcher.docs_for_query(q))

    def intersection(self, children: list[wq.Query]) -> set[int]:
        out: set[int] | None = None
        for child in children:
            found = self.run(child)
            out = found if out is None else out & found
            if not out:
                return set()
        return out or set()

    def constant_ranking(self, q: wq.Query, docs: set[int], limit: int) -> list[tuple[float, int]]:
        """The best `limit` of `docs` when each matched term counts its boost once (no term frequencies):
        cheap where BM25 over dozens of expanded prefix or fuzzy terms is not."""
        scores = dict.fromkeys(docs, 0.0)
        for field, text, boost in _positive_terms(q):
            for docnum in self.term(field, text) & docs:
                scores[docnum] += boost
        best = heapq.nlargest(limit, docs, key=lambda d: (scores[d], -d))
        return [(scores[d], d) for d in best]

    def phrase(self, q: wq.Phrase) -> set[int]:
        """Talks with the phrase's words in order, each at most `slop` positions after the one before (as Whoosh)."""
        if not q.words:
            return set()
        words = [wq.Term(q.fieldname, word) for word in q.words]
        candidates = self.intersection(words)
        if len(q.words) == 1 or not candidates:
            return candidates
        if len(candidates) > PHRASE_CHECKS:  # bounded: the most recently indexed candidates are checked
            self.unchecked = max(self.unchecked, len(candidates) - PHRASE_CHECKS)
            candidates = set(heapq.nlargest(PHRASE_CHECKS, candidates))
        reader = self.searcher.reader()
        cursors = [reader.postings(q.fieldname, word) for word in q.words]
        found = set()
        for docnum in sorted(candidates):
            positions = []
            for cursor in cursors:
                cursor.skip_to(docnum)
                positions.append(cursor.value_as("positions"))
            if _in_order(positions, q.slop):
                found.add(docnum)
        return found

    def term(self, field: str, text) -> set[int]:
        key = (field, text)
        if key not in self._terms:
            found = self.shared.get(key) if self.shared is not None else None
            if found is None:
                found = self._read_term(field, text)
                if self.shared is not None:
                    self.shared.put(key, found)
            self._terms[key] = found
        return set(self._terms[key])

    def _read_term(self, field: str, text) -> set[int]:
        scored = self.scored(field, text) if self.scored is not None and field in self.searcher.schema else None
        if scored is not None:
            return set(scored).difference(self.all_deleted())
        out: set[int] = set()
        for leaf, offset in self.leaves:
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            ids = posting_ids(reader.postings(field, text))
            if reader.has_deletions():
                deleted = self.deleted(reader)
                ids = [d for d in ids if d not in deleted]
            out.update(ids if not offset else (offset + d for d in ids))
        return out

    def deleted(self, reader) -> set[int]:
        key = id(reader)
        if key not in self._deleted:
            perdoc = getattr(reader, "_perdoc", None)  # the codec's own set when available
            if perdoc is not None and hasattr(perdoc, "deleted_docs"):
                self._deleted[key] = set(perdoc.deleted_docs())
            else:
                self._deleted[key] = set(range(reader.doc_count_all())) - set(reader.all_doc_ids())
        return self._deleted[key]

    def all_deleted(self) -> set[int]:
        """The deleted documents' (top-level) numbers."""
        if None not in self._deleted:
            self._deleted[None] = {offset + d for leaf, offset in self.leaves if leaf.reader().has_deletions()
                                   for d in self.deleted(leaf.reader())}
        return self._deleted[None]

    def everything(self) -> set[int]:
        return set(self.searcher.reader().all_doc_ids())


def posting_ids(matcher) -> list[int]:
    """All ids of a posting list, a block at a time when the codec allows it."""
    if not hasattr(matcher, "_read_ids"):
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return ids


def _positive_terms(q: wq.Query):
    """(field, text, boost) of the terms a document is rewarded for matching."""
    if type(q) is wq.Term:
        yield q.fieldname, q.text, q.boost
    elif isinstance(q, wq.AndNot):
        yield from _positive_terms(q.a)
    elif not isinstance(q, (wq.Not, DocsQuery)):
        for child in q.children():
            yield from _positive_terms(child)


def _in_order(positions: list[list[int]], slop: int) -> bool:
    reach = set(positions[0])
    for following in positions[1:]:
        present = set(following)
        reach = {p + gap for p in reach for gap in range(1, max(slop, 1) + 1) if p + gap in present}
        if not reach:
            return False
    return True
