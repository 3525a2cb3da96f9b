"""Small presentation helpers shared by templates: dates, safe links, the line about what is indexed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Flask


def init_app(app: Flask) -> None:
    app.add_template_filter(nice_date)
    app.add_template_filter(web_link)
    app.add_template_filter(host_of)


def nice_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def web_link(url: str | None) -> str | None:
    """The URL if it is a web address a browser may follow, else None (no javascript:, no local paths)."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def host_of(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def index_facts(stats) -> dict:
    """Talks, conferences and the span of years, from `SearchService.stats()` (counts or lists)."""
    data = stats.to_dict() if hasattr(stats, "to_dict") else dict(stats)
    years = data.get("years")
    years = sorted(int(year) for year in years) if isinstance(years, (list, tuple, dict)) else []
    return {
        "talks": count(data.get("talks")),
        "conferences": count(data.get("conferences")),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
    }


def count(value) -> int:
    return value if isinstance(value, int) else len(value or ())
