"""The day a talk was given: every cue proposes a date, and the most trusted cue that found one decides.

In order of trust (as htmldate orders its sources): the talk's own "date:" field; a line under its heading that
is only a date; a day heading above it that carries a date ("Day 1 (6/15/2016)"); a day heading or title that
names a day of the event ("Day 2", "Thursday") resolved against the dates its event's index page gives; the
page's date (the day a recap names, the post's date, its URL or file name); a date in the title; a date under
the page's title. A listing's
entry is dated by its own marks only. The candidates are recorded, so `split --explain` shows them.
"""

from __future__ import annotations

import datetime as dt

from search.ingest.boundaries import Span
from search.ingest.content import Block
from search.ingest.dates import date_ranges, is_date_only, parse_date
from search.ingest.evidence import Option, record
from search.ingest.folder import resolve_day
from search.ingest.metadata import DATE_LINE, entry_date, field_date, group_date, intro_date, talk_day

OWN_LINES = 3  # text blocks under a talk's heading where its date line may stand


def talk_date(blocks: list[Block], span: Span, raw_title: str, page_date: dt.date | None,
              event: tuple[dt.date, dt.date] | None) -> dt.date | None:
    scope = range(span.start, span.end)
    if span.listed:
        return entry_date(blocks, scope, span.permalink)
    written = intro_date(blocks, page_date.year if page_date else None)
    candidates = [
        ("date field", field_date(blocks, scope)),
        ("date line under the heading", own_date_line(blocks, span) if span.section else None),
        ("day heading with a date", group_date(blocks, span.head, page_date) if span.section and span.head is not None else None),
        ("day of the event", resolve_day(" ".join(day_headings(blocks, span) + [raw_title]), event)),
        ("the page's date", talk_day(page_date, written) if page_date else None),
        ("date in the title", parse_date(raw_title)),
        ("date under the page's title", written),
    ]
    chosen = next((n for n, (_, day) in enumerate(candidates) if day), None)
    record("date", raw_title, [Option(label, {}, detail={"date": day.isoformat() if day else None})
                               for label, day in candidates], chosen)
    return candidates[chosen][1] if chosen is not None else None


def own_date_line(blocks: list[Block], span: Span) -> dt.date | None:
    """A line that is only a date (or "Date: ...") among the first lines under a section's heading."""
    seen = 0
    for block in blocks[(span.head if span.head is not None else span.start - 1) + 1 : span.end]:
        if block.kind == "h" or seen == OWN_LINES:
            break
        if block.kind in ("p", "li", "byline"):
            seen += 1
            text = block.text.strip()
            days = date_ranges(text) if len(text) <= 60 and (is_date_only(text) or DATE_LINE.match(text)) else []
            if len(days) == 1 and days[0][0] == days[0][1]:
                return days[0][0]  # (one day: a span of days under a heading is an event being announced)
    return None


def day_headings(blocks: list[Block], span: Span) -> list[str]:
    """The headings above a talk that group it (nearest first): "Day 2 - Thursday" over its talks."""
    if span.head is None:
        return []
    found, level = [], blocks[span.head].level
    for block in reversed(blocks[: span.head]):
        if block.kind in ("h", "dateh") and block.level < level:
            found.append(block.text)
            level = block.level
    return found
