"""Dates from the ways weblogs write them: ISO datetimes, "May 22, 2015", "22 May 2015", URL paths."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            # English, then the German, Dutch, French, Spanish, Italian, Portuguese and Polish names
            ("january", "jan", "januar", "januari", "janvier", "enero", "gennaio", "janeiro", "styczeń", "stycznia"),
            ("february", "feb", "februar", "februari", "février", "fevrier", "febrero", "febbraio", "fevereiro",
             "luty", "lutego"),
            ("march", "mar", "märz", "maerz", "maart", "mars", "marzo", "março", "marco", "marzec", "marca"),
            ("april", "apr", "avril", "abril", "aprile", "kwiecień", "kwietnia"),
            ("may", "mai", "mei", "mayo", "maggio", "maio", "maj", "maja"),
            ("june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwiec", "czerwca"),
            ("july", "jul", "juli", "juillet", "julio", "luglio", "julho", "lipiec", "lipca"),
            ("august", "aug", "augustus", "août", "aout", "agosto", "sierpień", "sierpnia"),
            ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "wrzesień", "września"),
            ("october", "oct", "oktober", "octobre", "octubre", "ottobre", "okt", "outubro", "październik",
             "października"),
            ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada"),
            ("december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dez", "dezembro",
             "grudzień", "grudnia"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.|er)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
TO_DAY = r"\s*[-–—]\s*\d{1,2}(?:st|nd|rd|th|\.)?"  # ("1-2 February 2025", "February 1–2, 2025": the first day)
PATTERNS = [
    re.compile(r"\b" + YEAR + r"-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)"),
    re.compile(r"\b" + DAY + TO_DAY + r"\s+" + MONTH + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + MONTH + r"\s+" + DAY + TO_DAY + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + MONTH + r"\s+" + DAY + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + DAY + r"\s+(?:of\s+|de\s+)?" + MONTH + r",?\s+(?:de\s+)?" + YEAR + r"\b", re.I),
    re.compile(r"\b" + YEAR + r"/(?P<mnum>\d\d)/(?P<day>\d\d)(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<first>\d{1,2})/(?P<second>\d{1,2})/" + YEAR + r"(?![\d/])"),  # 6/15/2016, 15/6/2016
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\." + YEAR + r"(?![\d.])"),  # 15.6.2016
]
RANGES = [  # a span of days: "15-17 May 2013", "May 16–17, 2016", "30 May - 1 June 2013", "May 30 - June 1, 2013"
    re.compile(r"\b" + DAY + r"\s*[-–—]\s*(?P<day2>\d{1,2})(?:st|nd|rd|th|\.)?\s+" + MONTH + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + MONTH + r"\s+" + DAY + r"\s*[-–—]\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + DAY + r"\s+" + MONTH + r"\s*[-–—]\s*(?P<day2>\d{1,2})(?:st|nd|rd|th|\.)?\s+"
               + MONTH.replace("?P<month>", "?P<month2>") + r",?\s+" + YEAR + r"\b", re.I),
    re.compile(r"\b" + MONTH + r"\s+" + DAY + r"\s*[-–—]\s*" + MONTH.replace("?P<month>", "?P<month2>")
               + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+" + YEAR + r"\b", re.I),
]
_MONTH = MONTH.replace("?P<month>", "?:")
_DAY = DAY.replace("?P<day>", "?:")
DAY_AND_MONTH = re.compile(r",?\s*(?:\b" + _DAY + r"\s+" + _MONTH + r"|\b" + _MONTH + r"\s+" + _DAY + r"\b,?)", re.I)
URL_DATE = re.compile(r"/" + YEAR + r"[/_-](?P<mnum>\d\d)(?:[/_-](?P<day>\d\d))?(?=[/_.-]|$)")
COMPACT_DATE = re.compile(r"/" + YEAR + r"(?P<mnum>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")  # /20130305-x.html


def parse_date(text: str | None) -> dt.date | None:
    """The first date written in text, or None."""
    if not text:
        return None
    for pattern in PATTERNS:
        match = pattern.search(text)
        if match:
            found = to_date(match)
            if found:
                return found
    return None


def to_date(match: re.Match) -> dt.date | None:
    parts = match.groupdict()
    if parts.get("first"):  # 6/15/2016 (month first, as US notes write it) unless the first can only be a day
        first, second = int(parts["first"]), int(parts["second"])
        parts["mnum"], parts["day"] = (str(second), str(first)) if first > 12 else (str(first), str(second))
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get((parts.get("month") or "").lower())
    try:
        return dt.date(int(parts["year"]), month or 0, int(parts.get("day") or 1))
    except (TypeError, ValueError):
        return None


def date_from_url(url: str | None) -> dt.date | None:
    """/2015/05/22/slug, /2015-05-22-slug, /2015_05_22_slug or /20150522-slug.html; a month-only path
    (/2015/05/) gives no date."""
    if not url:
        return None
    for pattern in (URL_DATE, COMPACT_DATE):
        for match in pattern.finditer(url):
            if match.group("day") and to_date(match):
                return to_date(match)
    return None


def date_ranges(text: str) -> list[tuple[dt.date, dt.date]]:
    """Every span of days written in text ("15-17 May 2013" -> (May 15, May 17)), and every single date as a
    span of one day."""
    found, rest = [], text
    for pattern in RANGES:
        for match in pattern.finditer(rest):
            first = to_date(match)
            month2 = MONTHS.get((match.groupdict().get("month2") or "").lower()) or (first.month if first else 0)
            try:
                last = dt.date(first.year, month2, int(match.group("day2"))) if first else None
            except ValueError:
                last = None
            if first and last and 0 <= (last - first).days <= 31:
                found.append((first, last))
        rest = pattern.sub(" ", rest)
    for pattern in PATTERNS:
        for match in pattern.finditer(rest):
            day = to_date(match)
            if day:
                found.append((day, day))
        rest = pattern.sub(" ", rest)
    return found


WEEKDAYS = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:on|posted|published)\b")


def is_date_only(text: str) -> bool:
    """"Saturday, April 12, 2014", "2015-05-22": a line that says nothing but a date (a date header)."""
    if len(text) > 60 or not parse_date(text):
        return False
    for pattern in PATTERNS:
        text = pattern.sub(" ", text)
    return not re.search(r"\w", WEEKDAYS.sub(" ", text))
