"""The one mapping between a `Talk` and the fields of its index document (stored and indexed)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from search.model import Talk
from search.schema import content_hash


def fields_from_talk(talk: Talk, sources: Iterable[str]) -> dict:
    """The one mapping from a Talk to index fields. `sources` lists every page holding it, its own first."""
    sources = list(dict.fromkeys(s for s in sources if s)) or ([talk.source] if talk.source else [])
    fields = {
        "id": talk.id,
        "title": talk.title,
        "speakers": "\n".join(talk.speakers),
        "speaker_facet": ",".join(name.replace(",", " ").strip() for name in talk.speakers),
        "conference": talk.conference or "",
        "conference_facet": talk.conference or "",
        "tags": ",".join(tag.replace(",", " ").strip() for tag in talk.tags),
        "body": talk.body,
        "url": talk.url,
        "sources": "\n".join(sources),
        "content_hash": content_hash(talk),
    }
    if talk.date:
        fields["date"] = dt.datetime.combine(talk.date, dt.time())
    year = talk.date.year if talk.date else year_in_name(talk.conference)
    if year:
        fields["year"] = year
    return {name: value for name, value in fields.items() if value not in ("", None)}


def year_in_name(conference: str | None) -> int | None:
    """The year a conference's name carries ("PyCon UK 2013" -> 2013), for talks whose notes give no date."""
    match = re.search(r"\b(19[5-9]\d|20\d\d)\b", conference or "")
    return int(match.group(1)) if match else None


def talk_from_fields(fields: dict) -> Talk:
    """The Talk stored in a document's fields (its `source` is the first of its sources)."""
    date = fields.get("date")
    return Talk(
        id=fields["id"],
        title=fields.get("title", ""),
        speakers=tuple(name for name in fields.get("speakers", "").split("\n") if name),
        date=date.date() if isinstance(date, dt.datetime) else date,
        conference=fields.get("conference") or None,
        tags=tuple(tag for tag in fields.get("tags", "").split(",") if tag),
        url=fields.get("url", ""),
        source=next(iter(sources_of(fields)), ""),
        body=fields.get("body", ""),
    )


def sources_of(fields: dict) -> list[str]:
    return [source for source in fields.get("sources", "").split("\n") if source]
