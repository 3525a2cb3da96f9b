"""Per index generation: each talk's conference, year, speakers and date in plain lists, so facet counts over
a whole result set, filters by name and date sorting cost a pass over document numbers, not a Whoosh query.

With the generation's directory (see `search.directory`), a speaker is a person (all their spellings, counted
under the most frequent) and a conference an event.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from itertools import chain

from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from search.docsets import DocsQuery, TermSets, posting_ids
from search.lexicon import Lexicon
from search.query import Spellings
from search.ranking import ScoreCache, numbers
from search.schema import name_analyzer

FACET_LIMIT = 30
NO_DATE = 2**63  # a date column holds 2**64 - 1 for talks without a date


def _column(reader, field: str, translate: bool = True) -> list:
    """Each document's value in a column, read a segment at a time: a segment written without the column (no
    talk in it had a date) gives its default, where Whoosh's multi-segment reader misplaces documents."""
    values: list = []
    for leaf, _offset in reader.leaf_readers():
        raw = numbers(leaf.column_reader(field, translate=False))
        if translate:  # few distinct values (years): each translated once
            convert = leaf.schema[field].from_column_value
            raw = list(map({value: convert(value) for value in set(raw)}.__getitem__, raw))
        values += raw
    return values


class FacetTable:
    """Per index generation, shared by threads: the caches of that generation (large term sets, term scores,
    lexicon slices) and, read at first use, each document's facet values (`columns`)."""

    def __init__(self, directory=None, size: int | None = None):
        self.term_sets = TermSets()
        self.lexicon = Lexicon()
        self.scores = ScoreCache()
        if directory is not None and size is not None and len(directory.people_of) != size:
            directory = None  # not this generation's: spellings and conference names as they are
        self.directory = directory  # (the generation's people and events; None when it has none)
        self._columns: FacetColumns | None = None

    @functools.cached_property
    def spellings(self) -> Spellings | None:
        """Each person's spellings, for speaker names in queries (made at the first query that needs them)."""
        return Spellings(list(p.spellings) for p in self.directory.people) if self.directory else None

    def columns(self, reader) -> FacetColumns:
        """The facet columns, read with `reader` (any reader of this generation) the first time: a search that
        shows no facets, filters by no name and sorts by relevance never reads them (a command-line search)."""
        if self._columns is None:
            self._columns = FacetColumns(reader, self.directory)  # two threads may both read them: the same values
        return self._columns


class FacetColumns:
    """Each document's conference, year, speakers and date, for counting, filtering and sorting."""

    def __init__(self, reader, directory=None):
        self._folded: list[tuple[str, str]] | None = None
        self._slugs: dict[str, dict[str, str]] | None = None
        size = reader.doc_count_all()
        self.directory = directory
        if directory is None:
            self.values = {name: self._postings(reader, field, size) for name, field in FACET_FIELDS.items()
                           if field in reader.schema}
        else:
            self.values = {
                "conference": [(directory.events[n].name,) if n >= 0 else () for n in directory.event_of],
                "speaker": [tuple(directory.people[n].name for n in people) for people in directory.people_of],
            }
        self.dates: list[int] = [0] * size  # sortable date values (0 = no date)
        if reader.has_column("date"):
            self.dates = [value if value < NO_DATE else 0 for value in _column(reader, "date", translate=False)]
        self.years = self._years(reader, size)

    def _years(self, reader, size: int) -> list[tuple[str, ...]]:
        """The year column (a talk's date, else the year in its conference's name), else the dates' years."""
        if not reader.has_column("year"):
            return [(str(long_to_datetime(v).year),) if v else () for v in self.dates]
        return [(str(v),) if v else () for v in _column(reader, "year")]

    @staticmethod
    def _postings(reader, field: str, size: int) -> list[tuple[str, ...]]:
        by_doc: list[tuple[str, ...]] = [()] * size
        for term in reader.lexicon(field):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            if not value:
                continue
            for docnum in posting_ids(reader.postings(field, term)):
                by_doc[docnum] += (value,)
        return by_doc

    def counts(self, docs) -> dict[str, dict[str, int]]:
        """Counts of each conference, year and speaker over all of `docs` (most frequent first)."""

        def count(by_doc):
            return Counter(chain.from_iterable(map(by_doc.__getitem__, docs)))

        facets = {}
        for name, by_doc in self.values.items():
            counter = count(by_doc)
            facets[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:FACET_LIMIT])
        years = dict(sorted(count(self.years).items(), reverse=True))
        return {"conference": facets.get("conference", {}), "year": years, "speaker": facets.get("speaker", {})}

    def facet_slugs(self) -> dict[str, dict[str, str]]:
        """The page slug of every speaker and conference facet value (computed once)."""
        if self._slugs is None:
            directory = self.directory
            self._slugs = {"speaker": {p.name: p.slug for p in directory.people},
                           "conference": {e.name: e.slug for e in directory.events}} if directory else {}
        return self._slugs

    def folded_names(self) -> list[tuple[str, str]]:
        """(name, folded name) of every speaker then conference, most talks first (computed once)."""
        if self._folded is None:
            self._folded = [
                (value, _fold(value))
                for name in ("speaker", "conference")
                for value, _ in Counter(chain.from_iterable(self.values.get(name, ()))).most_common()
            ]
        return self._folded

    def names(self, name: str) -> set[str]:
        return set(chain.from_iterable(self.values.get(name, ())))

    def filter_query(self, speaker, conference, year, since, until) -> wq.Query | None:
        parts = []
        for name, value in (("speaker", speaker), ("conference", conference)):
            if value:
                parts.append(self._name_filter(name, value))
        if year:
            parts.append(wq.NumericRange("year", year, year))
        if since or until:
            start = dt.datetime.combine(since, dt.time.min) if since else None
            end = dt.datetime.combine(until, dt.time.max) if until else None
            parts.append(wq.DateRange("date", start, end))
        return wq.And(parts) if parts else None

    def _name_filter(self, name: str, value: str) -> wq.Query:
        """The talks of the person or event named `value` (any spelling); else the exact facet values equal to
        `value` ignoring case and accents, else its words in the text field."""
        if self.directory is not None:
            found = self.directory.person_named(value) if name == "speaker" else self.directory.event_named(value)
            if found is not None:
                return DocsQuery(found.docs)
        wanted = _fold(value)
        exact = [v for v in self.names(name) if _fold(v) == wanted]
        if exact:
            return wq.Or([wq.Term(FACET_FIELDS[name], v) for v in exact])
        words = [t.text for t in name_analyzer()(value)]
        field = "speakers" if name == "speaker" else "conference"
        return wq.And([wq.Term(field, w) for w in words]) if words else wq.NullQuery

    def names_starting(self, prefix: str, limit: int) -> list[str]:
        """Speaker and conference names with a word starting with `prefix` (folded), whole-name starts first."""
        wanted = _fold(prefix)
        found = [value for value, folded in self.folded_names() if f" {wanted}" in f" {folded}"]
        found.sort(key=lambda v: not _fold(v).startswith(wanted))
        return found[:limit]


FACET_FIELDS = {"conference": "conference_facet", "speaker": "speaker_facet"}


def _fold(text: str) -> str:
    return " ".join(t.text for t in name_analyzer()(text or ""))


