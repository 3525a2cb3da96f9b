"""Sets of matching document numbers (for totals, facets and filters), computed block by block from the
postings instead of stepping Whoosh's matcher tree one document at a time.

Ranking still runs through Whoosh's scorer (with its block-quality skipping) for the first page only; the
whole result set comes from here, which is what makes facets over 10,000 talks cheap.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher


def docset(searcher, q: wq.Query) -> set[int]:
    """The document numbers (top-level) matching `q` in this searcher, deleted documents excluded."""
    return _Evaluator(searcher).run(q)


def checked_phrases(searcher, q: wq.Query) -> wq.Query:
    """`q` with each phrase replaced by its words AND the talks where they stand in order, found by checking
    positions on the talks that have all the words (instead of Whoosh's span matcher over every posting)."""
    if isinstance(q, wq.Phrase) and len(q.words) > 1:
        found = _Evaluator(searcher).phrase(q)
        words = wq.And([wq.Term(q.fieldname, word) for word in q.words], boost=q.boost)
        return wq.And([words, DocsQuery(found)]) if found else wq.NullQuery
    return q.apply(lambda child: checked_phrases(searcher, child))


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


class _Evaluator:
    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = searcher.leaf_searchers()
        self._deleted: dict[int, set[int]] = {}

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

    def phrase(self, q: wq.Phrase) -> set[int]:
        """Talks with the phrase's words in order, each at most `slop` positions after the one before (as Whoosh)."""
        if not q.words:
            return set()
        candidates = self.intersection([wq.Term(q.fieldname, word) for word in q.words])
        if len(q.words) == 1 or not candidates:
            return candidates
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
        out: set[int] = set()
        for leaf, offset in self.leaves:
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            ids = _posting_ids(reader.postings(field, text))
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

    def everything(self) -> set[int]:
        return set(self.searcher.reader().all_doc_ids())


def _posting_ids(matcher) -> list[int]:
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


def _in_order(positions: list[list[int]], slop: int) -> bool:
    reach = set(positions[0])
    for following in positions[1:]:
        present = set(following)
        reach = {p + gap for p in reach for gap in range(1, max(slop, 1) + 1) if p + gap in present}
        if not reach:
            return False
    return True
