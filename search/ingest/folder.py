"""What an event's index page tells the pages beside it: speakers it names next to each talk's link, and the
event's dates (so that "Day 2" or "Thursday" above a talk is a date).

A Sphinx or MkDocs collection keeps one folder per event: `index.html` (the event's page: where, when, the talks
with their speakers) and a page per talk, or `talk/index.html` per talk in a "directory URLs" build. Such index
pages are read once per folder (cached while their files are unchanged), whether the folder is read whole
(`confsearch split`) or one changed file at a time (`confsearch index`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search.ingest.dates import date_ranges

INDEX_NAMES = ("index.html", "index.htm", "README.html", "readme.html")
MAX_INDEX_BYTES = 2 * 1024 * 1024
EVENT_DAYS = 14  # an index whose dates span more is a site's list of events, not one event's page
EVENT_TEXT = 4000  # characters of an index page looked at for the event's dates
DAY_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "first": 1, "second": 2, "third": 3, "fourth": 4}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_CUE = re.compile(
    r"(?i)\bday\s*[-#]?\s*(?P<n>\d{1,2}|one|two|three|four|five)\b|\b(?P<nth>first|second|third|fourth)\s+day\b|"
    r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
)


@dataclass(frozen=True)
class Folder:
    hints: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # file -> (title, speakers)
    event: tuple[dt.date, dt.date] | None = None  # the first and last day of the event


NO_FOLDER = Folder()


def index_pages(path: Path) -> list[Path]:
    """The event index pages that speak for `path`: its folder's, and for a `slug/index.html` page also the
    folder above (a directory-URLs build puts each talk in a folder of its own)."""
    folders = [path.parent] + ([path.parent.parent] if path.name.lower() in INDEX_NAMES else [])
    return [p for folder in folders for name in INDEX_NAMES if (p := folder / name) != path and p.is_file()]


def folder_of(path: str | Path) -> Folder:
    """The context the index pages beside a file give it (empty when there are none, or on any error)."""
    try:
        path = Path(path).resolve()
        indexes = tuple((str(p), p.stat().st_mtime_ns) for p in index_pages(path))
    except OSError:
        return NO_FOLDER
    return read_indexes(indexes) if indexes else NO_FOLDER


@lru_cache(maxsize=256)
def read_indexes(indexes: tuple[tuple[str, int], ...]) -> Folder:
    from search.ingest.hints import index_hints  # (hints splits titles as the speakers stage does)

    hints: dict[str, tuple[str, tuple[str, ...]]] = {}
    event = None
    for name, _ in indexes:
        try:
            data = Path(name).read_bytes()[:MAX_INDEX_BYTES]
            hints.update(index_hints(data, name))
            event = event or event_dates(data)
        except (OSError, ValueError, RecursionError):
            continue  # (an index page that cannot be read gives nothing)
    return Folder(hints, event)


def event_dates(data: bytes) -> tuple[dt.date, dt.date] | None:
    """The event's first and last day, from the dates an index page states near its top ("15-17 May 2013";
    "MAY 16–17, 2016: TUTORIALS" and "MAY 18–19, 2016: SESSIONS" make May 16-19)."""
    from search.ingest.chrome import find_main
    from search.ingest.content import norm_space, parse
    from search.ingest.decode import decode

    root = parse(decode(data))
    if root is None:
        return None
    spans = date_ranges(norm_space(" ".join(find_main(root).itertext()))[:EVENT_TEXT])
    if not spans:
        return None
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    return (first, last) if (last - first).days <= EVENT_DAYS else None


def resolve_day(text: str, event: tuple[dt.date, dt.date] | None) -> dt.date | None:
    """"Day 2", "Day two", "Thursday" in text, as a date of the event (None when it says no day or the event
    has no such day)."""
    match = DAY_CUE.search(text or "")
    if not match or not event:
        return None
    first, last = event
    if match["weekday"]:
        days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
        same = [day for day in days if WEEKDAYS[day.weekday()] == match["weekday"].lower()]
        return same[0] if len(same) == 1 else None
    number = match["n"] or match["nth"]
    n = int(number) if number.isdigit() else DAY_WORDS[number.lower()]
    day = first + dt.timedelta(n - 1)
    return day if 1 <= n and day <= last else None
