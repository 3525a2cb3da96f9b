"""The one Whoosh schema, its analyzers, and the mapping from a `Talk` to index fields.

Text fields are searchable; `*_facet` fields hold exact values for grouping and filtering.
Every field a result shows is stored, so a hit never needs the source page again.
"""

from __future__ import annotations

import functools
import json
import re

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    SubstitutionFilter,
    Token,
)
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.support.charset import accent_map

from search.model import Talk

# Words: letters/digits, keeping inner apostrophes; hyphens, dots and underscores split
# ("don't" -> "don't", "rest-api" -> "rest", "api", "@brandon_rhodes" -> "brandon", "rhodes").
WORDS = r"[^\W_]+(?:['’][^\W_]+)*"
# Accents folded, and the typographic apostrophe read as the typed one ("don’t" = "don't").
FOLDING = {**accent_map, ord("’"): "'"}
_CAMEL_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_CAMEL = re.compile(r"[a-z][A-Z]")


def prose_analyzer(stem_cache: int | None = 50000):
    """English prose: lowercase, accents folded, stop words out, stemmed ("generators" finds "generator"); an
    identifier in camel case is also its words ("StreamingHTTPResponse" is found by "streaming response")."""
    return WordCachedAnalyzer(RegexTokenizer(WORDS), CamelCaseFilter(), LowercaseFilter(), CharsetFilter(FOLDING),
                              SubstitutionFilter(r"'s?$", ""), StopFilter(), StemFilter(cachesize=stem_cache))


class WordCachedAnalyzer(CompositeAnalyzer):
    """A tokenizer's words through filters that each look at one word alone (a StopFilter may renumber the
    positions), giving the tokens the chain gives, but running each distinct word through the filters once:
    most of the time of indexing went to passing every word of every body through seven generators.

    Queries (mode "query", where a camel-case word stays whole) and unusual options go through the chain. It
    is kept in an index as the plain chain (so any version reads the index); writers put it back on the
    schema they read (`with_word_cache`).
    """

    CACHE_WORDS = 200_000

    def __init__(self, *composables):
        super().__init__(*composables)
        tokenizer = self.items[0]
        if not isinstance(tokenizer, RegexTokenizer) or tokenizer.gaps:
            raise ValueError("a WordCachedAnalyzer reads the words a RegexTokenizer matches")
        self._words: dict[str, tuple] = {}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", no_morph=False, **kwargs):
        if mode == "query" or keeporiginal or not removestops or not tokenize or no_morph:
            return super().__call__(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                    removestops=removestops, start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, no_morph=no_morph, **kwargs)
        return self._tokens(value, positions, chars, start_pos, start_char, mode, kwargs)

    def _tokens(self, value, positions, chars, start_pos, start_char, mode, kwargs):
        renumber = any(getattr(item, "renumber", False) for item in self.items[1:])
        words = self._words
        t = Token(positions, chars, removestops=True, mode=mode, **kwargs)
        pos = None
        for index, match in enumerate(self.items[0].expression.finditer(value)):
            word = match.group(0)
            forms = words.get(word)
            if forms is None:
                forms = self._forms(word)
            start = start_char + match.start()
            for text, begin, end, offset in forms:
                t.text, t.boost, t.stopped = text, 1.0, False
                if positions:  # as StopFilter renumbers: the first token keeps its place, the next follow it
                    pos = pos + 1 if renumber and pos is not None else start_pos + index + offset
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = start + begin, start + end
                yield t

    def _forms(self, word: str) -> tuple:
        """(text, start, end, position) of each token the chain makes of `word` alone."""
        tokens = super().__call__(word, positions=True, chars=True, mode="index")
        forms = tuple((t.text, t.startchar, t.endchar, t.pos) for t in tokens)
        if len(self._words) >= self.CACHE_WORDS:
            self._words.clear()
        self._words[word] = forms
        return forms

    def __eq__(self, other):
        return isinstance(other, CompositeAnalyzer) and other.items == self.items

    def __reduce__(self):
        return CompositeAnalyzer, tuple(self.items)  # the chain, without the cache


def with_word_cache(schema) -> None:
    """Give the prose fields of a schema read from an index (stored as the plain chain) the word cache, when
    their filters are this version's; an index built with other analysis is written as it was built."""
    for name in ("title", "body"):
        field = schema[name] if name in schema else None
        if field is None or type(field.analyzer) is not CompositeAnalyzer:
            continue
        if _filters(field) == _current_filters()[name]:
            field.analyzer = WordCachedAnalyzer(*field.analyzer.items)
            if hasattr(field.format, "analyzer"):
                field.format.analyzer = field.analyzer


@functools.cache
def shared_prose_analyzer():
    """One prose analyzer for reading text at query time, shared by threads: built once (building one costs
    more than analyzing a title), without the stem cache (Whoosh's is not safe to share between threads)."""
    return prose_analyzer(stem_cache=None)


def name_analyzer():
    """Names: lowercase and accents folded, nothing stemmed or dropped ("van der" stays, "Sébastien" = "sebastien");
    a handle in camel case is its words too ("@IanOzsvald" is also "ian ozsvald")."""
    return RegexTokenizer(WORDS) | CamelCaseFilter() | LowercaseFilter() | CharsetFilter(FOLDING)


class CamelCaseFilter(Filter):
    """A word in camel case ("IanOzsvald", "MacIver"), then each of its parts ("ian", "ozsvald") at successive
    positions from the word's own, later words keeping theirs: "ian ozsvald", "david maciver" and "pycon uk"
    all match as phrases. A query keeps its words whole ("PyCon" looks for "pycon")."""

    def __call__(self, tokens):
        for t in tokens:
            camel = t.mode != "query" and _CAMEL.search(t.text)
            parts = list(_CAMEL_PARTS.finditer(t.text)) if camel else []
            start, pos = getattr(t, "startchar", 0), getattr(t, "pos", 0)
            yield t
            if len(parts) < 2:
                continue
            for i, part in enumerate(parts):
                t.text, t.pos = part.group(), pos + i
                if t.chars:
                    t.startchar, t.endchar = start + part.start(), start + part.end()
                yield t
            t.pos = pos


def analysis_is_current(schema) -> bool:
    """Whether an index's own analyzers (Whoosh keeps them in the index) are this version's: an index built
    with older ones still searches, as it was built, until `reindex --full`."""
    return all(_filters(schema[name]) == filters for name, filters in _current_filters().items() if name in schema)


@functools.cache
def _current_filters() -> dict[str, tuple[str, ...]]:
    schema = build_schema()
    return {name: _filters(schema[name]) for name in ("title", "body", "speakers", "conference")}


def _filters(field) -> tuple[str, ...]:
    return tuple(type(part).__name__ for part in getattr(field.analyzer, "items", [field.analyzer]))


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(analyzer=prose_analyzer(), stored=True, phrase=True),
        speakers=TEXT(analyzer=name_analyzer(), stored=True, phrase=True),
        speaker_facet=KEYWORD(commas=True, stored=False, lowercase=False, scorable=False),
        conference=TEXT(analyzer=name_analyzer(), stored=True, phrase=True),
        conference_facet=ID(stored=False),
        tags=KEYWORD(commas=True, lowercase=True, scorable=True, stored=True),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=False, sortable=True),
        body=TEXT(analyzer=prose_analyzer(), stored=True, phrase=True, chars=True),
        url=ID(stored=True),
        # One source (file path or URL) per line: paths may hold commas and spaces.
        sources=TEXT(analyzer=RegexTokenizer(r"[^\n]+"), stored=True, phrase=False),
        content_hash=ID(stored=True),
    )


def content_hash(talk: Talk) -> str:
    """Changes whenever anything a user could see of the talk changes (the source list excluded)."""
    import hashlib  # here: only writing needs it, and a command-line search should not load it

    data = talk.to_dict()
    data.pop("source", None)
    return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
