"""Index terms near a word (fuzzy terms, "did you mean"), with each field's terms kept per index generation.

Whoosh's `reader.terms_within` walks the merged lexicon of every segment and computes each edit distance in
Python; here the terms sharing the word's first letters are read once per generation and compared in C.
"""

from __future__ import annotations

import threading

from rapidfuzz import process
from rapidfuzz.distance import OSA


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
        terms, _ = self.starting(reader, field, text[:prefix])
        found = process.extract(text, terms, scorer=OSA.distance, score_cutoff=maxdist, limit=None)
        return [term for term, _, _ in found]

    def prefixed(self, reader, field: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """(term, document frequency) of the first `limit` terms of `field` starting with `prefix`."""
        terms, frequencies = self.starting(reader, field, prefix[:1])
        found = []
        for term, frequency in zip(terms, frequencies):
            if term.startswith(prefix):
                found.append((term, frequency))
                if len(found) >= limit:
                    break
        return found

    def starting(self, reader, field: str, start: str) -> tuple[list[str], list[int]]:
        key = (field, start)
        with self._lock:
            found = self._terms.get(key)
        if found is None:
            decode = reader.schema[field].from_bytes
            terms, frequencies = [], []
            for term, info in reader.iter_prefix(field, start):
                terms.append(decode(term))
                frequencies.append(info.doc_frequency())
            found = (terms, frequencies)
            with self._lock:
                if len(self._terms) >= self.size:
                    self._terms.pop(next(iter(self._terms)))
                self._terms[key] = found
        return found
