"""Small presentation helpers shared by templates: dates, safe links, weblogs, the line about what is indexed."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import PurePath
from urllib.parse import urlsplit

from flask import Flask


def init_app(app: Flask) -> None:
    app.add_template_filter(nice_date)
    app.add_template_filter(web_link)
    app.add_template_filter(host_of)
    app.add_template_filter(counted)
    app.add_template_filter(weblog)
    app.add_template_filter(day_heading)


def nice_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def web_link(url: str | None) -> str | None:
    """The URL if it is a web address a browser may follow, else None (no javascript:, no local paths)."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def host_of(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def day_heading(value: dt.date) -> str:
    """"Saturday 19 September 2015"."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def weblog(note) -> str:
    """Where a note was published: its web address's host, else the folder of its file."""
    for address in (note.url, note.source):
        if web_link(address):
            return host_of(address)
    return PurePath(note.source).parent.name if note.source else ""


def counted(number: int, noun: str) -> str:
    """counted(1, "talk") -> "1 talk"; counted(10000, "talk") -> "10,000 talks"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def index_facts(stats) -> dict:
    """Talks, speakers, conferences, the span of years and the last commit from `SearchService.stats()`."""
    return {
        "talks": stats.talks,
        "speakers": stats.speakers,
        "conferences": stats.conferences,
        "years": stats.years,
        "first_year": stats.first_year,
        "last_year": stats.last_year,
        "updated": stats.updated,
    }


class IndexFacts:
    """The home page's line about the index, recomputed only when the index generation changes (stats are slow)."""

    def __init__(self, service):
        self.service = service
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._facts: dict | None = None

    def get(self) -> dict:
        generation = self.service.generation()
        with self._lock:
            if generation == self._generation:
                return self._facts
        facts = index_facts(self.service.stats())
        directory = self.service.directory()  # a person's spellings and an event's count once
        facts.update(speakers=len(directory.people), conferences=len(directory.events))
        with self._lock:
            self._generation, self._facts = generation, facts
        return facts
