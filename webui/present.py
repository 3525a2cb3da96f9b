"""Small presentation helpers shared by templates: dates, safe links, the line about what is indexed."""

from __future__ import annotations

import datetime as dt
import threading
from urllib.parse import urlsplit

from flask import Flask


def init_app(app: Flask) -> None:
    app.add_template_filter(nice_date)
    app.add_template_filter(web_link)
    app.add_template_filter(host_of)
    app.add_template_filter(counted)


def nice_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def web_link(url: str | None) -> str | None:
    """The URL if it is a web address a browser may follow, else None (no javascript:, no local paths)."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def host_of(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


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
        with self._lock:
            self._generation, self._facts = generation, facts
        return facts
