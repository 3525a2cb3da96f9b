"""The plain data that flows through confsearch: talks in, hits out.

Dicts appear only at the edges (index fields, JSON); inside, everything is one of these frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Talk:
    """One talk's notes, as split from a weblog page."""

    id: str
    title: str
    speakers: tuple[str, ...] = ()
    date: dt.date | None = None
    conference: str | None = None
    tags: tuple[str, ...] = ()
    url: str = ""
    source: str = ""
    body: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "speakers": list(self.speakers),
            "date": self.date.isoformat() if self.date else None,
            "conference": self.conference,
            "tags": list(self.tags),
            "url": self.url,
            "source": self.source,
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Talk:
        date = data.get("date")
        return cls(
            id=data["id"],
            title=data.get("title") or "",
            speakers=tuple(data.get("speakers") or ()),
            date=dt.date.fromisoformat(date) if isinstance(date, str) else date,
            conference=data.get("conference"),
            tags=tuple(data.get("tags") or ()),
            url=data.get("url") or "",
            source=data.get("source") or "",
            body=data.get("body") or "",
        )


@dataclass(frozen=True)
class Page:
    """What reading one file or URL gave: its talks, or the one-line reason it gave none."""

    source: str
    talks: tuple[Talk, ...] = ()
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.warning is None


@dataclass(frozen=True)
class Note:
    """One write-up of a talk, without its body: what a list of talks, or a talk's other notes, show."""

    id: str
    title: str
    speakers: tuple[str, ...] = ()
    date: dt.date | None = None
    conference: str | None = None
    url: str = ""
    source: str = ""

    @classmethod
    def of(cls, talk: Talk) -> Note:
        return cls(talk.id, talk.title, talk.speakers, talk.date, talk.conference, talk.url, talk.source)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "speakers": list(self.speakers),
            "date": self.date.isoformat() if self.date else None,
            "conference": self.conference,
            "url": self.url,
            "source": self.source,
        }


@dataclass(frozen=True)
class Hit:
    """One ranked search result. `snippet_html` is escaped text with <mark> added (markupsafe.Markup)."""

    id: str
    title: str
    speakers: tuple[str, ...]
    date: dt.date | None
    conference: str | None
    url: str
    source: str
    score: float
    snippet_html: str = ""
    snippet_text: str = ""
    title_html: str = ""
    speakers_html: tuple[str, ...] = ()
    speaker_slugs: tuple[str | None, ...] = ()  # each speaker's page (/speaker/<slug>), in the order of `speakers`
    conference_slug: str | None = None
    more_notes: tuple[Note, ...] = ()  # the other write-ups of the same talk

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "speakers": list(self.speakers),
            "date": self.date.isoformat() if self.date else None,
            "conference": self.conference,
            "url": self.url,
            "source": self.source,
            "score": round(self.score, 4),
            "snippet_html": str(self.snippet_html),
            "snippet_text": self.snippet_text,
            "speaker_slugs": list(self.speaker_slugs),
            "conference_slug": self.conference_slug,
            "more_notes": [note.to_dict() for note in self.more_notes],
        }


@dataclass(frozen=True)
class SearchResults:
    """A page of ranked hits plus what the user should be told about the query."""

    query: str
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...] = ()
    suggestion: str | None = None
    notice: str | None = None
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facet_slugs: dict[str, dict[str, str]] = field(default_factory=dict)  # speaker/conference name -> page slug
    elapsed_ms: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "suggestion": self.suggestion,
            "notice": self.notice,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "facet_slugs": self.facet_slugs,
        }
