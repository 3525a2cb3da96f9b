"""`SearchService`: one per process, shared by the CLI and the web UI, safe to call from many threads.

Each thread keeps its own searcher and reuses it until a new commit lands or the live generation is swapped
(`reindex --full`); then it opens a new one and closes the old. Results are cached per index generation.
"""

from __future__ import annotations

import datetime as dt
import heapq
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup
from whoosh import query as wq

from search.directory import Directory, TalkContext
from search.docsets import PHRASE_CHECKS, DocSets
from search.errors import QueryError
from search.facets import FacetColumns, FacetTable
from search.fields import talk_from_fields
from search.generations import live_token, open_searcher, read_directory
from search.stats import index_stats
from search.model import Hit, SearchResults, Talk
from search.ranking import bm25_top, term_scores
from search.schema import analysis_is_current
from search.query import (
    FIELD_BOOSTS,
    all_spellings,
    ParsedQuery,
    bound_expansions,
    correct,
    has_expansions,
    is_blank,
    near_names,
    normalise,
    parse,
    query_terms,
)
from search.snippets import analyzed_spans, mark, paragraphs, snippet, stored_spans

SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
MAX_PAGE = 1000
CACHE_SIZE = 512
ALL_WORDS_NOTICE = "No talk has all of these words; showing talks with any of them."
OLD_ANALYSIS_NOTICE = ("This index was built by an earlier version of confsearch; run `confsearch reindex --full` "
                       "to search it with the current word matching.")


class SearchService:
    def __init__(self, root: Path | str, *, cache_size: int = CACHE_SIZE, boosts: dict[str, float] | None = None):
        self.root = Path(root)
        self.boosts = boosts or FIELD_BOOSTS
        self._lock = threading.Lock()
        self._local = threading.local()
        self._open: set = set()
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        self._tables: dict[str, FacetTable] = {}
        self._searcher()  # IndexNotFound / IndexCorrupt now rather than at the first search

    # --- searchers -------------------------------------------------------------------------

    def _searcher(self):
        """This thread's searcher, reopened when the index changed since its last use."""
        local = self._local
        old = getattr(local, "searcher", None)
        if old is not None and local.token == live_token(self.root) and _up_to_date(old):
            return old
        # A new searcher rather than Searcher.refresh(): Whoosh 2.7.4's refresh closes the readers it meant to
        # reuse and, when a writer deletes a merged segment meanwhile, retries and closes them again
        # (ReaderClosed); it reuses nothing anyway (it keys readers by generation, looks them up by segment).
        new, token = open_searcher(self.root)
        with self._lock:
            self._open.add(new)
            if old is not None:
                self._open.discard(old)
                old.close()
        local.searcher, local.token = new, token
        return new

    def generation(self) -> str:
        """Changes whenever a new commit lands or the live generation is swapped."""
        return _generation(self._searcher(), self._local.token)

    def warm(self) -> None:
        """Read this generation's tables (facet columns, field lengths) now, not in the first searches: a server
        calls it before forking its workers, which then start with them."""
        searcher = self._searcher()
        table = self._table(searcher, _generation(searcher, self._local.token))
        table.columns(searcher.reader())
        for field in searcher.schema.scorable_names():
            table.scores.get(searcher, field)

    def close(self) -> None:
        with self._lock:
            for searcher in self._open:
                searcher.close()
            self._open.clear()
        self._local = threading.local()

    # --- search ------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        page: int = 1,
        per_page: int = 10,
        speaker: str | None = None,
        conference: str | None = None,
        year: int | str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        sort: str = "relevance",
        facets: bool = True,
    ) -> SearchResults:
        """A page of ranked hits for `query`, and (unless `facets` is false) the facet counts of all of them."""
        started = time.perf_counter()
        page, per_page, sort = _check_paging(page, per_page, sort)
        filters = (speaker or None, conference or None, _year(year), _date(since, "since"), _date(until, "until"))
        searcher = self._searcher()
        key = (_generation(searcher, self._local.token), normalise(query)[0], filters, sort, page, per_page, facets)
        results = self._cached(key)
        if results is None:
            search = Search(searcher, self._table(searcher, key[0]), filters, sort, page, per_page, self.boosts, facets)
            results = search.browse() if is_blank(query) and search.filter is not None else search.run(query)
            if not analysis_is_current(searcher.schema):
                results = replace(results, notice=" ".join(filter(None, (results.notice, OLD_ANALYSIS_NOTICE))))
            self._remember(key, results)
        return replace(results, elapsed_ms=round((time.perf_counter() - started) * 1000, 2))

    def _cached(self, key):
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def _remember(self, key, results: SearchResults) -> None:
        with self._lock:
            self._cache[key] = results
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _table(self, searcher, generation: str) -> FacetTable:
        with self._lock:
            table = self._tables.get(generation)
        if table is None:
            table = FacetTable(read_directory(searcher, self.root, self._local.token), searcher.reader().doc_count_all())
            with self._lock:
                self._tables = {generation: table, **dict(list(self._tables.items())[:1])}
        return table

    # --- people, conferences, talks with all their notes ------------------------------------------

    def directory(self) -> Directory:
        """The people, conferences and grouped notes of the live generation (see `search.directory`)."""
        searcher = self._searcher()
        table = self._table(searcher, _generation(searcher, self._local.token))
        return table.directory or Directory([None] * searcher.reader().doc_count_all(), [], [], [], [])

    def context(self, talk_id: str) -> TalkContext:
        """The other notes of this talk, and the other events it was given at."""
        searcher = self._searcher()
        docnum = searcher.document_number(id=talk_id)
        directory = self.directory()
        return directory.context(docnum) if docnum is not None else TalkContext()

    # --- single talks ------------------------------------------------------------------------

    def get(self, talk_id: str) -> Talk | None:
        fields = self._searcher().document(id=talk_id)
        return talk_from_fields(fields) if fields else None

    def highlight_body(self, talk: Talk, query: str) -> Markup:
        """The whole body escaped, one <p> per paragraph, the query's words in <mark>."""
        try:
            terms = {t for f, t in query_terms(parse(query, self._searcher().schema).query) if f == "body"}
        except QueryError:
            terms = set()
        return paragraphs(talk.body, analyzed_spans(talk.body, terms))

    def related(self, talk_id: str, limit: int = 5) -> list[Hit]:
        """Talks most like this one (more-like-this over title and body)."""
        searcher = self._searcher()
        docnum = searcher.document_number(id=talk_id)
        if docnum is None:
            return []
        fields = searcher.stored_fields(docnum)
        text = f"{fields.get('title') or ''}\n{fields.get('body') or ''}"
        directory = self.directory()
        extra = len(directory.members.get(directory.leader[docnum], ())) if docnum < len(directory.leader) else 0
        results = searcher.more_like(docnum, "body", text=text, top=2 * limit + extra, numterms=15)
        ranked = _one_per_talk([(hit.score, hit.docnum) for hit in results], directory, exclude=docnum)
        return _hits(searcher, ranked[:limit], set(), directory)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Completions for a search box: speaker and conference names first, then titles."""
        prefix = normalise(prefix)[0][:100]
        if len(prefix) < 2:
            return []
        searcher = self._searcher()
        table = self._table(searcher, _generation(searcher, self._local.token))
        found = table.columns(searcher.reader()).names_starting(prefix, limit)
        if len(found) < limit:
            found += [t for t in _titles_starting(searcher, table, prefix, limit) if t not in found]
        return found[:limit]

    def stats(self):
        return index_stats(self.root)


class Search:
    """One search request run on one searcher: the query, its fallbacks, facets, a page of hits."""

    def __init__(self, searcher, table: FacetTable, filters, sort: str, page: int, per_page: int, boosts,
                 facets: bool = True):
        self.searcher, self.table, self.sort, self.boosts = searcher, table, sort, boosts
        self.page, self.per_page, self.want_facets = page, per_page, facets
        self.sets = DocSets(searcher, table.term_sets, partial(term_scores, searcher, cache=table.scores))
        self.directory = table.directory
        query = self.columns.filter_query(*filters) if any(filters) else None
        self.filter = self.sets.run(query) if query is not None else None

    @property
    def columns(self) -> FacetColumns:
        return self.table.columns(self.searcher.reader())

    def counts(self, docs) -> dict[str, dict[str, int]]:
        """Facet counts over `docs`, one note per talk (none when the caller shows no facets)."""
        if not self.want_facets:
            return {}
        if self.directory and self.directory.same:
            docs = self.directory.first_of_each_talk(sorted(docs))
        return self.columns.counts(docs)

    def run(self, text: str) -> SearchResults:
        parsed = self.parse(text)
        outcome = self.execute(parsed.query, self.any_words(parsed))
        suggestion = notice = None
        if not outcome.strict:
            suggestion = correct(parsed.text, self.searcher.reader(), self.table.lexicon)
            outcome, notice = self.fallback(parsed, suggestion, outcome)
        return SearchResults(
            query=parsed.text,
            total=outcome.total,
            page=self.page,
            per_page=self.per_page,
            hits=tuple(outcome.hits),
            suggestion=suggestion,
            notice=" ".join(n for n in (parsed.notice, notice, self.unchecked_notice()) if n) or None,
            facets=self.counts(outcome.docs),
            facet_slugs=self.facet_slugs(),
        )

    def browse(self) -> SearchResults:
        """No query, only filters: every talk matching them, newest first, each with the start of its body."""
        docs = self.filter
        limit = self.page * self.per_page
        dates = self.columns.dates
        newest = heapq.nlargest(limit + self.hidden(docs), docs, key=lambda d: (dates[d], -d))
        page = _one_per_talk([(0.0, d) for d in newest], self.directory)[(self.page - 1) * self.per_page : limit]
        return SearchResults(
            query="",
            total=self.talks(docs),
            page=self.page,
            per_page=self.per_page,
            hits=tuple(_hits(self.searcher, page, set(), self.directory)),
            facets=self.counts(docs),
            facet_slugs=self.facet_slugs(),
        )

    # Notes of one talk are one result: ranked as its best-ranked note, counted once in the total and facets.

    def talks(self, docs) -> int:
        return self.directory.talk_count(docs) if self.directory and self.directory.same else len(docs)

    def hidden(self, docs) -> int:
        """How many of `docs` are further notes of a talk another of them is a note of."""
        return len(docs) - self.talks(docs)

    def facet_slugs(self) -> dict[str, dict[str, str]]:
        """Page slugs of every speaker and conference name the facets can show."""
        if self.directory is None or not self.want_facets:
            return {}
        return self.columns.facet_slugs()

    def unchecked_notice(self) -> str | None:
        if not self.sets.unchecked:
            return None
        checked = PHRASE_CHECKS
        return (f"Only the newest {checked} of the {checked + self.sets.unchecked} talks with all the words of the "
                "phrase were checked for the exact phrase; add a word to narrow the search.")

    def parse(self, text: str, any_word: bool = False) -> ParsedQuery:
        return parse(text, self.searcher.schema, any_word=any_word, boosts=self.boosts)

    def any_words(self, parsed: ParsedQuery) -> wq.Query | None:
        """For two or more plain words: the query for talks with any of them, ranked after those with all."""
        if parsed.plain and len(parsed.text.split()) > 1:
            return self.parse(parsed.text, any_word=True).query
        return None

    def fallback(self, parsed: ParsedQuery, suggestion: str | None, outcome: Outcome) -> tuple[Outcome, str | None]:
        """Nothing has all the words: the corrected query if it finds anything, else talks with any word."""
        if suggestion:
            corrected = self.parse(suggestion)
            found = self.execute(corrected.query, self.any_words(corrected))
            showing = f"No results for {parsed.text}; showing results for {suggestion}."
            if found.strict:
                return found, showing
            if found.total:
                return found, f"{showing} {ALL_WORDS_NOTICE}"
        return outcome, ALL_WORDS_NOTICE if outcome.total else None

    def execute(self, q: wq.Query, tail: wq.Query | None = None) -> Outcome:
        """Talks matching `q` ranked first, then (by relevance) those matching only `tail`; one page of hits."""
        reader = self.searcher.reader()
        lexicon = self.table.lexicon
        q = self.expand(q)
        limit = self.page * self.per_page
        docs = self._docs(q)
        hidden = self.hidden(docs)
        ranked = self._rank(q, limit + hidden, docs, self.filter) if docs else []
        terms, count = query_terms(q), len(docs)
        if tail is not None and (self.sort == "relevance" or not docs):
            tail = self.expand(tail)
            more = self._docs(tail) - docs
            if more:
                wanted = limit + self.hidden(docs | more) - len(ranked)
                ranked += self._rank(tail, wanted, more, more) if wanted > 0 else []
                docs |= more
                terms = query_terms(tail)
        page = _one_per_talk(ranked, self.directory)[(self.page - 1) * self.per_page : limit]
        return Outcome(count, self.talks(docs), docs, _hits(self.searcher, page, terms, self.directory))

    def expand(self, q: wq.Query) -> wq.Query:
        """Every spelling of a speaker, names misspelled by a letter, bounded prefixes and fuzzy terms, phrases
        checked on positions."""
        reader, lexicon = self.searcher.reader(), self.table.lexicon
        q = all_spellings(near_names(q, reader, lexicon), self.table.spellings)
        return self.sets.checked(bound_expansions(q, reader, lexicon))

    def _docs(self, q: wq.Query) -> set[int]:
        docs = self.sets.run(q)
        return docs & self.filter if self.filter is not None else docs

    def _rank(self, q: wq.Query, limit: int, docs: set[int], allowed: set[int] | None) -> list[tuple]:
        """(score, docnum) of the best `limit` of `docs` (all matching `q`, within `allowed`): newest first
        from the date table, by constant term weights for expanded prefix/fuzzy terms, else BM25F."""
        if self.sort == "date":
            dates = self.columns.dates
            return [(0.0, d) for d in heapq.nlargest(limit, docs, key=lambda d: (dates[d], -d))]
        if has_expansions(q):
            return self.sets.constant_ranking(q, docs, limit)
        found = bm25_top(self.searcher, q, docs, limit, self.table.scores)
        if found is None:
            found = list(self.searcher.search(q, limit=limit, filter=allowed).top_n)
        return found


class Outcome(NamedTuple):
    strict: int  # talks matching the query itself (all words)
    total: int  # with those matching only the any-word tail
    docs: set
    hits: list


def _titles_starting(searcher, table: FacetTable, prefix: str, limit: int) -> list[str]:
    """Titles with the prefix's words, the last one as a prefix (ranked by matched words, no BM25)."""
    words = prefix.split()
    text = " ".join(f"title:{w}" for w in words[:-1]) + f" title:{words[-1]}*"
    try:
        q = bound_expansions(parse(text, searcher.schema).query, searcher.reader(), table.lexicon)
    except QueryError:
        return []
    sets = DocSets(searcher, table.term_sets)
    best = sets.constant_ranking(q, sets.run(q), limit)
    titles = (searcher.stored_fields(docnum).get("title") for _, docnum in best)
    return list(dict.fromkeys(t for t in titles if t))


def _one_per_talk(ranked: list[tuple], directory: Directory | None, exclude: int | None = None) -> list[tuple]:
    """(score, docnum) pairs with each talk kept once, at its best-ranked note (and without the talk of
    `exclude`)."""
    if directory is None or not directory.same:
        return [pair for pair in ranked if pair[1] != exclude]
    skip = directory.leader[exclude] if exclude is not None and exclude < len(directory.leader) else None
    kept = set(directory.first_of_each_talk(d for _, d in ranked))
    return [(score, d) for score, d in ranked if d in kept and (skip is None or directory.leader[d] != skip)]


def _hits(searcher, ranked: list[tuple], terms: set[tuple[str, str]], directory: Directory | None = None) -> list[Hit]:
    """Hits for (score, docnum) pairs, with snippets, marked title and speakers, and the talk's other notes."""
    body_terms = {t for f, t in terms if f == "body"}
    spans = stored_spans(searcher.reader(), [d for _, d in ranked], "body", body_terms) if body_terms else {}
    hits = [_hit(searcher.stored_fields(docnum), _score(score), spans.get(docnum, []), terms) for score, docnum in ranked]
    if directory is None:
        return hits
    return [replace(hit, speaker_slugs=tuple(directory.speaker_slug(s) for s in hit.speakers),
                    conference_slug=directory.event_slug(docnum), more_notes=directory.other_notes(docnum))
            for hit, (_, docnum) in zip(hits, ranked)]


def _hit(fields: dict, score: float, body_spans: list, terms: set[tuple[str, str]]) -> Hit:
    talk = talk_from_fields(fields)
    snippet_html, snippet_text = snippet(talk.body, [s for s in body_spans if s[1] <= len(talk.body)])
    title_terms = {t for f, t in terms if f == "title"}
    name_terms = {t for f, t in terms if f == "speakers"}
    return Hit(
        id=talk.id,
        title=talk.title,
        speakers=talk.speakers,
        date=talk.date,
        conference=talk.conference,
        url=talk.url,
        source=talk.source,
        score=score,
        snippet_html=snippet_html,
        snippet_text=snippet_text,
        title_html=mark(talk.title, analyzed_spans(talk.title, title_terms)),
        speakers_html=tuple(mark(s, analyzed_spans(s, name_terms, names=True)) for s in talk.speakers),
    )


def _up_to_date(searcher) -> bool:
    try:
        return searcher.up_to_date()
    except OSError:  # its generation's folder is gone (deleted after two full rebuilds): it is not
        return False


def _generation(searcher, token: str) -> str:
    return f"{token}:{searcher.reader().generation()}"


def _score(score) -> float:
    return float(score) if isinstance(score, (int, float)) else 0.0


def _showing(original: str, suggestion: str) -> str:
    return f"No results for {original}; showing results for {suggestion}."


def _check_paging(page, per_page, sort) -> tuple[int, int, str]:
    sort = sort or "relevance"
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError):
        raise QueryError("The page and the number of results per page must be whole numbers.") from None
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"The page must be between 1 and {MAX_PAGE}.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"The number of results per page must be between 1 and {MAX_PER_PAGE}.")
    if sort not in SORTS:
        raise QueryError(f"Sort by 'relevance' or 'date', not {sort!r}.")
    return page, per_page, sort


def _year(year) -> int | None:
    if year in (None, ""):
        return None
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise QueryError(f"The year must be a number like 2015, not {year!r}.") from None
    if not 1900 <= value <= 2100:
        raise QueryError(f"The year must be between 1900 and 2100, not {value}.")
    return value


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1) if name == "since" else dt.date(int(text), 12, 31)
        if len(text) == 7:
            start = dt.date.fromisoformat(text + "-01")
            if name == "since":
                return start
            return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"--{name} must be a date like 2015, 2015-05 or 2015-05-22, not {text!r}.") from None
