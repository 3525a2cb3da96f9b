"""What the live index holds: the counts `confsearch stats` and the home page show, and the sources it knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from search.fields import fields_from_talk, sources_of, talk_from_fields
from search.generations import open_searcher
from search.storage import fence


@dataclass(frozen=True)
class Stats:
    talks: int
    pages: int
    conferences: int
    years: int
    speakers: int
    size_bytes: int
    updated: str | None
    first_year: int | None = None  # the earliest and latest year of a talk (None when no talk has one)
    last_year: int | None = None

    def to_dict(self) -> dict:
        return {
            "talks": self.talks,
            "pages": self.pages,
            "conferences": self.conferences,
            "years": self.years,
            "speakers": self.speakers,
            "size_bytes": self.size_bytes,
            "updated": self.updated,
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


def _live_terms(reader, fieldname: str) -> set[bytes]:
    """Terms of `fieldname` still held by a document that is not deleted.

    A segment without deletions holds only live terms; in one with deletions, only the terms of its deleted
    documents (re-derived from their stored fields) need their postings checked.
    """
    live: set[bytes] = set()
    for segment, _offset in reader.leaf_readers():
        if fieldname not in segment.indexed_field_names():
            continue
        terms = set(segment.lexicon(fieldname))
        if segment.has_deletions():
            deleted = (n for n in range(segment.doc_count_all()) if segment.is_deleted(n))
            doubtful = set().union(*(_terms_of(reader.schema, fieldname, segment.stored_fields(n)) for n in deleted))
            terms -= {term for term in doubtful & terms if not segment.postings(fieldname, term).is_active()}
        live |= terms
    return live


def _terms_of(schema, fieldname: str, stored: dict) -> set[bytes]:
    """The terms a document with these stored fields has in `fieldname`."""
    value = fields_from_talk(talk_from_fields(stored), sources_of(stored)).get(fieldname)
    return {term for term, *_ in schema[fieldname].index(value)} if value else set()


def index_stats(root: Path | str) -> Stats:
    root = Path(root)
    with fence(root, exclusive=False):  # no file is deleted while they are counted
        searcher, token = open_searcher(root, fenced=False)
        folder = root / token
        size = sum(path.stat().st_size for path in folder.iterdir() if path.is_file())
        committed = max(toc.stat().st_mtime for toc in folder.glob("_*.toc"))  # the last commit's table of contents
        updated = dt.datetime.fromtimestamp(committed, dt.timezone.utc).isoformat(timespec="seconds")
    with searcher:
        reader = searcher.reader()
        years = {value for docnum, value in enumerate(reader.column_reader("year"))
                 if value is not None and not reader.is_deleted(docnum)} if reader.has_column("year") else set()
        return Stats(
            talks=reader.doc_count(),
            pages=len(_live_terms(reader, "sources")),
            conferences=len(_live_terms(reader, "conference_facet")),
            speakers=len(_live_terms(reader, "speaker_facet")),
            years=len(years - {0}),
            first_year=min(years - {0}, default=None),
            last_year=max(years - {0}, default=None),
            size_bytes=size,
            updated=updated,
        )
def known_sources(root: Path | str) -> list[str]:
    """Every source (file path or URL) that holds at least one indexed talk, sorted."""
    searcher, _token = open_searcher(root)
    with searcher:
        return sorted(term.decode("utf-8") for term in _live_terms(searcher.reader(), "sources"))

