"""Stage 4b: a talk's date, conference and tags, each from the sources people use, in a fixed order."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from search.ingest.content import Block
from search.ingest.dates import DAY_AND_MONTH, MONTHS, date_from_url, parse_date
from search.ingest.pageinfo import PageInfo

CONF_WORD = re.compile(
    r"(?:^|\s)(?:Py[A-Z0-9]\w*|\w+Con(?:f)?\b|\w*[Cc]onf\b|EuroPython|"
    r"[A-Z]\w*(?:Camp|Fest|Days?|Summit|Week|Weekend))|\b(?:[Cc]onference|[Ss]ummit|[Mm]eetup|"
    r"[Ss]ymposium|[Ss]print|[Ww]eekend|[Cc]amp|[Ff]est|[Dd]ays)\b"
)
KNOWN = re.compile(r"(?i)\b(?:pycon|pygrunn|pydata|europython|djangocon|pyohio|pybay|pytexas|pycascades|fosdem|scipy)")
NAMED_YEAR = re.compile(r"^[A-Z][\w-]*(?:\.[\w-]+)*(?:\s+[A-Z][\w-]*(?:\.[\w-]+)*){0,3},?\s+(?:19|20)\d\d$")
MONTH_WORDS = frozenset(MONTHS)
GENERIC = frozenset("conference conferences meetup meetups summit sprint sprints camp fest days weekend symposium the notes".split())
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
FOLDER_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
AT_CONF = re.compile(  # "at PyGrunn 2015", "At CSS Day 2024 in ...", "the closing panel of Microservices Days 2024", "al Django Day"
    r"\b(?i:at|during|for|from|in|of|al|alla|auf|bei|beim|op|à|au|na|no|em|en)\s+(?:(?i:the|der|die|la|el|le|de)\s+)?"
    r"(?P<conf>[A-Z][\w-]*(?:\.[\w-]+)*(?:\s+(?:[A-Z][\w-]*(?:\.[\w-]+)*|\d{4})){0,4})"
)
EVENT_LABEL = re.compile(  # "Event: RustFest Zürich 2024, keynote" in a talk's properties
    r"(?i)^(?:event|conference|konferenz|veranstaltung|evento|événement|evenement|conferentie|konferencja)\s*:\s*(?P<conf>[^,;(\n]{3,60})"
)
POSTED_IN = re.compile(r"\b(?:posted|filed)\s+(?:in|under)\s+(?P<conf>.+)$", re.I)
PREFIX = re.compile(r"^(?P<conf>[^:]{3,40}):\s+\S")
BRACKETED = re.compile(r"^\[(?P<conf>[^\]]{3,40})\]\s*[-–—:|]?\s*(?P<rest>\S.*)$")
SUFFIX = re.compile(r"^(?P<title>.+?)\s*\((?P<conf>[^()]{3,40})\)$")
NOTES_SUFFIX = re.compile(  # "Feature Flags at Scale — notes from QCon London 2024", "Accessible forms, notes from Paris Web"
    r"(?i)^(?P<title>.{3,}?)\s*(?:[-–—|,]|\()\s*(?:my |some |live )?notes (?:from|at) (?:the )?(?P<conf>[^()]{3,60}?)\)?$"
)
KIND_SUFFIX = re.compile(  # "The state of Postgres, PGDay Lowlands keynote"
    r"(?i)^(?P<title>.{3,}?)\s*(?:,|\s[-–—|])\s*(?P<conf>[^,()]{3,40}?)\s+(?:opening |closing )?(?:keynote|talk|lightning talk|workshop)$"
)
AT_SUFFIX = re.compile(r"^(?P<title>.{8,}?)\s+at\s+(?:the\s+)?(?P<conf>[^,;:()]{3,40})$")  # "Refactoring legacy Java at Devoxx Belgium 2023"
NOTES_LEAD = re.compile(
    r"(?i)^(?:(?:my |some |more )?notes?\s+(?:from|on|of|at)|report\s+from|recap\s+of|highlights\s+(?:from|of)|"
    r"live\s*-?blog(?:ging)?(?:\s+(?:from|of))?)\s+(?:the\s+)?"
)
DASHED = re.compile(r"\s+[-–—|]\s+")
TALK_KIND = re.compile(r"(?i)\s+((?:opening |closing )?(?:keynote|talk|tutorial|lightning talks?|workshop|panel))$")
NOT_IN_NAME = frozenset("day days notes talks talk keynote keynotes recap live blog report highlights part".split())
CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
MAX_TAGS = 20
INTRO_BLOCKS = 8
DATE_FIELD = re.compile(r"(?i)^(?:date|when|datum|fecha|data|day|talk date)\s*:?$")  # (":date:" in a Sphinx field list)
DATE_LINE = re.compile(r"(?i)^(?:published|posted|date|written|updated)\b.{0,60}$")


def looks_like_conference(text: str) -> bool:
    """"PyGrunn", "DjangoCon Europe 2013", "SciPy 2016", "Plone Conference": not "Python" or "March 2016"."""
    text = text.strip()
    words = text.split()
    if not 0 < len(words) <= 6 or text.endswith("?"):
        return False
    if all(word.lower() in GENERIC or YEAR.fullmatch(word) for word in words):
        return False
    if CONF_WORD.search(text) or KNOWN.search(text):
        return True
    return bool(NAMED_YEAR.match(text)) and words[0].lower() not in MONTH_WORDS


def with_year(name: str, date: dt.date | None) -> str:
    """The name with the year of the talk added when it has none ("PyGrunn" -> "PyGrunn 2015")."""
    name = " ".join(DAY_AND_MONTH.sub("", name).split()).strip(" .,;:")
    if date and not YEAR.search(name):
        return f"{name} {date.year}"
    return name


def conference(
    title: str,
    blocks: list[Block],
    span: range,
    tags: tuple[str, ...],
    info: PageInfo,
    date: dt.date | None,
    page_title: str = "",
) -> str | None:
    for candidate in conference_candidates(title, blocks, span, tags, info, page_title):
        if candidate and looks_like_conference(candidate):
            return with_year(fuller_name(candidate, (title, page_title, info.doc_title)), date)
    return None


def fuller_name(name: str, texts: tuple[str, ...]) -> str:
    """The name as the titles spell it out: tag "europython" + title "EuroPython 2019, day one" ->
    "EuroPython 2019"; tag "Pycon" + "PyCon Italia 2023: the talks I liked" -> "PyCon Italia 2023"."""
    key = YEAR.sub("", name).casefold().split()
    for text in texts:
        for run in capitalised_runs(text or ""):
            words = run.split()
            extra = [w for w in words[len(key):] if not YEAR.fullmatch(w)]
            if ([w.casefold() for w in words[: len(key)]] == key and len(extra) <= 2
                    and not any(w.casefold() in NOT_IN_NAME for w in extra) and looks_like_conference(run)):
                return run
    return name


def conference_candidates(title, blocks, span, tags, info, page_title=""):
    yield from reversed(info.crumbs[1:-1])
    for block in (blocks[i] for i in span):
        if block.kind == "byline":
            match = POSTED_IN.search(block.text)
            if match:
                yield from capitalised_runs(match.group("conf"))[:1]
    conf, _ = conference_prefix(title)
    if conf:
        yield conf
    for block in [blocks[i] for i in span if blocks[i].kind in ("p", "li", "byline")][:6]:
        for line in block.text.split("\n"):
            match = EVENT_LABEL.match(line)
            if match:
                yield match.group("conf").strip()
    for block in [blocks[i] for i in span if blocks[i].kind in ("p", "li")][:3]:
        for match in AT_CONF.finditer(block.text):
            yield match.group("conf")
    yield from opening_names(blocks, span)
    yield from tags
    for text in (page_title, info.doc_title):
        yield from capitalised_runs(text)
    yield from path_names(info.path)


def opening_names(blocks: list[Block], span: range) -> list[str]:
    """"PyCon Israel 2023, 13 June 2023." opening a talk's first lines: the name with its year."""
    found = []
    for block in [blocks[i] for i in span if blocks[i].kind == "p"][:2]:
        runs = capitalised_runs(block.text)
        if runs and block.text.startswith(runs[0]) and YEAR.search(runs[0]):
            found.append(runs[0])
    return found


def capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised words and years: "Notes from DjangoCon Europe 2013" -> ["Notes", "DjangoCon Europe 2013"]."""
    runs, current = [], []
    for token in re.findall(r"[\w'’-]+(?:\.[\w'’-]+)*|[^\w\s]", text):  # ("Vue.js", "DevConf.cz")
        if (token[:1].isupper() or YEAR.fullmatch(token)) and token.lower() not in MONTH_WORDS:
            current.append(token)
        else:
            runs.append(" ".join(current))
            current = []
    runs.append(" ".join(current))
    return [run for run in runs if run]


def conference_prefix(title: str) -> tuple[str | None, str]:
    """"Pygrunn: Docker in production" -> ("Pygrunn", "Docker in production"); (None, title) otherwise."""
    match = BRACKETED.match(title)
    if match and looks_like_conference(match.group("conf")):  # "[PyCon JP 2020] Async I/O in depth"
        return match.group("conf").strip(), match.group("rest").strip()
    match = PREFIX.match(title)
    if match and looks_like_conference(match.group("conf")):
        rest = title[match.end() - 1 :].lstrip(": ").strip()
        parts = DASHED.split(match.group("conf"), maxsplit=1)
        if len(parts) == 2 and looks_like_conference(parts[0]) and not looks_like_conference(parts[1]):
            return strip_lead(parts[0]), f"{parts[1]}: {rest}"  # "DjangoCon US 2023 - Will Vincent: Django for AI"
        kind = TALK_KIND.search(match.group("conf"))
        if kind and looks_like_conference(match.group("conf")[: kind.start()]):  # "PyCon 2014 keynote: NAME"
            return strip_lead(match.group("conf")[: kind.start()]), f"{kind.group(1)}: {rest}"
        return strip_lead(match.group("conf")), rest
    return conference_suffix(title)


def conference_suffix(title: str) -> tuple[str | None, str]:
    """"Title (PyCon 2015)", "Title at DjangoCon 2019", "Title — notes from QCon London": the title without it."""
    match = NOTES_SUFFIX.match(title)
    if match:
        conf = match.group("conf").strip()
        return (conf if looks_like_conference(conf) else None), match.group("title").strip()
    match = KIND_SUFFIX.match(title)
    if match and looks_like_conference(match.group("conf")):
        return match.group("conf").strip(), match.group("title").strip()
    for pattern in (SUFFIX, AT_SUFFIX):
        match = pattern.match(title)
        conf = match.group("conf").strip() if match else ""
        if conf and looks_like_conference(conf) and (YEAR.search(conf) or KNOWN.search(conf)):
            return conf, match.group("title").strip()
    return None, title


def strip_lead(name: str) -> str:
    """"Notes from PyData London 2018" -> "PyData London 2018"."""
    return NOTES_LEAD.sub("", name.strip()).strip() or name.strip()


def path_names(path: str) -> list[str]:
    """Folder names that carry a conference name and year: PyGrunn2016 -> "PyGrunn 2016"."""
    names = []
    for part in reversed(PurePosixPath(path).parts[:-1]):
        if FOLDER_YEAR.search(part) and re.search(r"[A-Za-z]{3}", part):
            names.append(humanize(part))
    return names


def humanize(folder: str) -> str:
    words = []
    for chunk in re.split(r"[-_ ]+", folder):
        words.extend(CAMEL.findall(chunk) if not chunk.islower() else [chunk])
    merged: list[str] = []
    for word in words:
        if merged and (merged[-1] == "Py" or word in ("Con", "Conf")):
            merged[-1] += word
        else:
            merged.append(word)
    text = " ".join(merged)
    return text[:1].upper() + text[1:]


def tags_of(blocks: list[Block], span: range) -> tuple[str, ...]:
    """The entry's rel=tag links, as their names ("#ARCtic 2026" -> "ARCtic 2026")."""
    found: list[str] = []
    for i in span:
        block = blocks[i]
        name = block.text.lstrip("#").strip() if block.kind == "tag" else ""
        if 0 < len(name) <= 40 and name not in found:
            found.append(name)
    return tuple(found[:MAX_TAGS])


def entry_date(blocks: list[Block], span: range, permalink: str) -> dt.date | None:
    """A date the entry itself carries: <time>, a byline, a date heading just above it, or its permalink."""
    before = blocks[span.start - 1] if span.start > 0 and span else None
    if before is not None and before.kind in ("h", "dateh") and len(before.text) < 40 and parse_date(before.text):
        return parse_date(before.text)
    for i in span:
        block = blocks[i]
        if block.kind in ("time", "byline") or (block.kind in ("p", "li") and DATE_LINE.match(block.text)):
            found = parse_date(block.text)
            if found:
                return found
    return date_from_url(permalink)


def field_date(blocks: list[Block], span: range) -> dt.date | None:
    """The date a field list gives the talk: a "date:" term over the date ("date:" / "2025-04-23")."""
    for i in span:
        if blocks[i].kind == "p" and DATE_FIELD.match(blocks[i].text) and i + 1 < len(blocks) and len(blocks[i + 1].text) < 60:
            return parse_date(blocks[i + 1].text)
    return None


def marked_page_date(blocks: list[Block], info: PageInfo, source: str) -> dt.date | None:
    """The page's date from its own marks, meta tags and URL (the same for every talk on it)."""
    return (
        entry_date(blocks, range(len(blocks)), info.canonical)
        or next((parse_date(b.text) for b in blocks if b.kind == "dateh"), None)
        or info.published
        or date_from_url(info.base)
        or date_from_url(source)
    )


RECAP_DAYS = 14


def intro_date(blocks: list[Block], year: int | None = None) -> dt.date | None:
    """"Notes I took on Sunday 1 February 2015": a date in the first lines under the page's title
    ("Wednesday 12 June" takes the given year)."""
    texts = [b for b in blocks[:INTRO_BLOCKS] if b.kind in ("h", "p")]
    heads = [n for n, b in enumerate(texts) if b.kind == "h"]
    lines = texts[heads[0] + 1 : heads[1] if len(heads) > 1 else None][:2] + texts[: heads[0]][-2:] if heads else texts[:2]
    return next(filter(None, (dated(b.text, year) for b in lines if b.kind == "p")), None)  # (below the title, or above
    # a first heading that is already a talk's)


def dated(text: str, year: int | None) -> dt.date | None:
    """The date written in text; a day and month without a year take `year`."""
    found = parse_date(text)
    match = DAY_AND_MONTH.search(text) if not found and year else None
    return parse_date(f"{match.group(0).strip(' ,')} {year}") if match else found


def talk_day(published: dt.date | None, written: dt.date | None) -> dt.date | None:
    """The day a page says the talks were given, when it is at most two weeks before the post
    ("Stockholm, 9 November 2023." in a post of the 10th); otherwise the publication date."""
    if published and written and 0 <= (published - written).days <= RECAP_DAYS:
        return written
    return published or written


def group_date(blocks: list[Block], head: int, page: dt.date | None) -> dt.date | None:
    """A section's day from the group headings above it ("Friday 13 September" on a live blog; the
    year is the page's when the heading has none), or from the line right below such a heading
    ("Day 1" / "Tuesday 24 October 2023.")."""
    level = blocks[head].level
    for i in range(head - 1, -1, -1):
        block = blocks[i]
        if block.kind in ("h", "dateh") and block.level < level:
            found = parse_date(block.text)
            if not found and page and len(block.text) < 40:
                found = parse_date(f"{block.text} {page.year}")
            below = blocks[i + 1] if i + 1 < head else None
            if not found and below is not None and below.kind == "p" and len(below.text) < 120:
                found = dated(below.text, page.year if page else None)
            if found:
                return found
            level = block.level  # ("Track A" under "Saturday 28 October": look further up)
    return None
