"""Index terms near a word (fuzzy terms, "did you mean") or starting with a prefix, from each field's terms
kept per index generation.

Whoosh's `reader.terms_within` walks the merged lexicon of every segment and computes each edit distance in
Python; here the terms sharing the word's first letter (first two for a prefix) are read once per generation,
a segment at a time, and compared in C (rapidfuzz).
"""

from __future__ import annotations

import threading


class Lexicon:
    """Per index generation, shared by threads: the terms of a field that start with a given prefix (in
    lexicon order) with their document frequencies."""

    def __init__(self, size: int = 512):
        self.size = size
        self._lock = threading.Lock()
        self._terms: dict[tuple[str, str], tuple[list[str], list[int]]] = {}

    def within(self, reader, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """The terms of `field` at most `maxdist` edits (Damerau-Levenshtein, as Whoosh) from `text` that
        share its first `prefix` characters."""
        from rapidfuzz import process  # here: most searches never need it (a fifth of a CLI search's imports)
        from rapidfuzz.distance import OSA

        terms, _ = self.starting(reader, field, text[:prefix])
        found = process.extract(text, terms, scorer=OSA.distance, score_cutoff=maxdist, limit=None)
        return [term for term, _, _ in found]

    def prefixed(self, reader, field: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """(term, document frequency) of the first `limit` terms of `field` starting with `prefix`."""
        terms, frequencies = self.starting(reader, field, prefix[:2], frequencies=True)
        found = []
        for term, frequency in zip(terms, frequencies):
            if term.startswith(prefix):
                found.append((term, frequency))
                if len(found) >= limit:
                    break
        return found

    def starting(self, reader, field: str, start: str, frequencies: bool = False) -> tuple[list[str], list[int]]:
        """The terms starting with `start` in lexicon order (and their document frequencies when asked)."""
        key = (field, start, frequencies)
        with self._lock:
            found = self._terms.get(key)
        if found is None:
            found = _read_terms(reader, field, start, frequencies)
            with self._lock:
                if len(self._terms) >= self.size:
                    self._terms.pop(next(iter(self._terms)))
                self._terms[key] = found
        return found


def _read_terms(reader, field: str, start: str, frequencies: bool) -> tuple[list[str], list[int]]:
    """Each segment's lexicon read on its own (Whoosh's merge of all segments' lexicons costs several times more)."""
    counts: dict[bytes, int] = {}
    for leaf, _offset in reader.leaf_readers():
        if frequencies:
            for term, info in leaf.iter_prefix(field, start):
                counts[term] = counts.get(term, 0) + info.doc_frequency()
        else:
            counts.update(dict.fromkeys(leaf.expand_prefix(field, start), 0))
    decode = reader.schema[field].from_bytes
    ordered = sorted(counts)
    return [decode(term) for term in ordered], [counts[term] for term in ordered]
