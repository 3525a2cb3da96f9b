"""Stage 5: one span of blocks + what the page says about itself -> a `Talk`."""

from __future__ import annotations

import base64
import hashlib
import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from search.ingest.boundaries import Span, is_toc
from search.ingest.content import Block, is_local_link
from search.ingest.dashorder import names_lead
from search.ingest.evidence import for_talk
from search.ingest.folder import NO_FOLDER, Folder
from search.ingest.frontmatter import front_matter, front_speakers
from search.ingest.dates import is_date_only
from search.ingest.metadata import conference, conference_prefix, marked_page_date, tags_of
from search.ingest.pageinfo import PageInfo, doc_title_without_site
from search.ingest.speakers import TIME_LEAD, Speakers, find_speakers
from search.ingest.when import talk_date
from search.model import Talk

SITE_FILES = frozenset({"readme", "license", "licence", "changelog", "changes", "contributing", "authors",
                        "genindex", "py-modindex", "404"})
SITE_TITLES = frozenset({"search", "search results", "index", "general index", "tags", "categories", "archive",
                         "archives", "about", "about me", "contact", "page not found", "404", "not found"})
SLUG = re.compile(r"[^a-z0-9]+")
WELCOME = re.compile(r"(?i)^welcome to\b")
ERROR_PAGE = re.compile(
    r"(?i)^\W*(?:error\W*)?(?:40[034]|50[0234])?\W*(?:(?:site |page |we are |we're |currently )*(?:down for|under|in) maintenance|"
    r"maintenance mode|scheduled maintenance|be right back|(?:service |temporarily )+unavailable|internal server error|"
    r"bad gateway|gateway time-?out|(?:page |file )?not found|forbidden|access denied|"
    r"error establishing a database connection|account (?:has been )?suspended|under construction|coming soon|"
    r"(?:this |the )?page (?:does not|doesn't|could not|cannot) (?:exist|be found)|nothing (?:was )?found)"
)
QUOTED_NOTES = re.compile(  # 'My notes on "Effective pandas"', 'Notizen zum Vortrag „Barrierefreiheit“'
    r"(?i)^(?:(?:my |some )?notes (?:on|from|of)(?: the (?:talk|keynote))?|(?:notizen|mitschrift) zu[mr]? (?:vortrag|talk|keynote)|"
    r"aantekeningen (?:bij|van) (?:de )?(?:talk|lezing)|notes sur (?:la )?(?:conférence|présentation)|notas de la charla|"
    r"appunti (?:dal|sul) talk) [\"“„«'‘](.+)[\"”“»'’]$"
)
TALK_LABEL = re.compile(  # "Talk: Title", "Talk 2: Title", "Session #3 - Title" (a "Keynote:" stays: it says what it was)
    r"(?i)^(?:(?:first|second|third|fourth|last|primo|secondo|terzo|ultimo|erster|zweiter|dritter|premier|deuxième|"
    r"troisième|eerste|tweede|derde|primera|segunda|tercera|pierwszy|drugi) )?"  # ("Primo talk: Title")
    r"(?:(?:lightning )?talk|session|presentation|vortrag|lezing|charla|palestra|ponencia|wykład|prezentacja|"
    r"přednáška|prednáška|föredrag|foredrag|előadás|esitelmä)\s*(?:#?\d{1,3}(?:\s*/\s*\d{1,3}|\s+of\s+\d{1,3})?\s*)?[:\-–—]\s+(?=\S)"
)
SECTION_NUMBER = re.compile(r"^\d{1,2}[.)]\s+(?=\w)")  # ("2. Debugging OOMKills": the post's numbering)
RECAP = re.compile(r"(?i)\b(?:recap|round-?up|notes from|highlights)\b")  # a listed post about a whole event
NOTES_LABEL = re.compile(  # "Notes: Title", "Verslag: Title", "Compte rendu : « Title »"
    r"(?i)^(?:(?:my |some |talk |session )?notes|verslag|compte[- ]rendu|notizen|mitschrift|recap|write-?up|"
    r"live ?blog|live notes|aantekeningen|anteckningar|notater|muistiinpanot|notatki|poznámky|appunti|notas|jegyzetek)"
    r"\s*[:\-–—]\s+(?=\S)"
)
LABEL_QUOTED = re.compile(  # "Keynote d'ouverture : « Title »": the quoted title after a short label
    r"^[^\"“„«‘:]{3,40}?\s*:\s*(?P<title>[„“\"«‘][^\"“”„«»]{3,}[”\"“»’])$"
)
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?:https?://|/|\.)[^()\s]*\)")  # "[Title](https://...)"
PICTOGRAPHS = re.compile(r"^[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\s]+")  # ("🎤 Title")
QUOTED = re.compile(r"^[\"“„«‘'](?P<title>[^\"“”„«»]+?)[\"”“»’']$")  # a title wholly in quotes
MIN_WORDS = 2  # a body of one word is no notes at all
ERROR_WORDS = 40  # an error page says little
META_LINE = re.compile(
    r"(?i)^(?:posted (?:by|on|in|at)|published (?:by|on)|filed (?:under|in)|tags?:|tagged:|categories:|"
    r"this (?:entry|post) was (?:posted|published)|©|\(c\) |copyright\b|.{0,60}\b(?:proudly )?powered by\b.{0,40}$)"
)


@dataclass(frozen=True)
class PageFacts:
    """What the whole page says, worked out once per page (not once per talk: a page may hold thousands)."""

    date: dt.date | None  # from the page's own marks, meta tags and URL
    tags: tuple[str, ...]
    bookmarks: tuple[str, ...]
    names_first: bool = False  # the page's "A - B" headings put the speaker first
    event: tuple[dt.date, dt.date] | None = None  # the event's days, from its index page


def page_facts(blocks: list[Block], info: PageInfo, source: str) -> PageFacts:
    bookmarks = tuple(b.text for b in blocks if b.kind == "bookmark")
    return PageFacts(marked_page_date(blocks, info, source), tags_of(blocks, range(len(blocks))), bookmarks)


def build_talks(blocks: list[Block], spans: list[Span], info: PageInfo, source: str, folder: Folder = NO_FOLDER) -> list[Talk]:
    facts = replace(page_facts(blocks, info, source), names_first=names_lead(blocks, spans), event=folder.event)
    talks = (build_talk(blocks, span, info, source, facts) for span in spans)
    return [talk for talk in talks if talk is not None]


def talk_id(key: str) -> str:
    """A short URL-safe id, stable across runs: 16 base32 characters of the key's SHA-1."""
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:16].lower()


def normal_url(url: str) -> str:
    """The permalink as an id key: host lower-cased, no trailing slash or "index.html", %-escapes decoded
    ("/posts/slug/" and "/posts/slug/index.html" are one page)."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/index\.html?$", "", unquote(parts.path)).rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment))


def slug(text: str) -> str:
    return SLUG.sub("-", text.lower()).strip("-")[:80]


def is_site_page(info: PageInfo, blocks: list[Block], source: str) -> bool:
    """The site's own README/about/home page (titled like the site), not notes on a talk."""
    stem = PurePosixPath(urlsplit(source).path if "://" in source else source).stem.lower()
    if stem in SITE_FILES:
        return True
    title = next((b.text for b in blocks if b.kind == "h"), "")
    if title.lower().strip(" .:!") in SITE_TITLES or WELCOME.match(title):
        return True
    site = slug(info.site_name)
    return bool(title and site and (site == slug(title) or (len(slug(title)) >= 6 and site.startswith(slug(title)))))


def page_url(info: PageInfo, blocks: list[Block], head: int | None, bookmarks: tuple[str, ...]) -> str:
    """A single entry's permalink: its title's link to its own page, the canonical link, a lone
    rel=bookmark link, or the page's own URL."""
    link = blocks[head].link if head is not None else ""
    if link and is_local_link(link, info.canonical or info.base) and urlsplit(resolve(info.base, link)).path not in ("", "/"):
        return resolve(info.canonical or info.base, link)
    if info.canonical and urlsplit(info.canonical).path not in ("", "/"):
        return info.canonical  # (a canonical link to the home page on a post is a theme's mistake)
    if len(set(bookmarks)) == 1:
        return resolve(info.base, bookmarks[0])
    return info.base


def resolve(base: str, href: str) -> str:
    return urljoin(base, href)


def talk_url(span: Span, blocks: list[Block], info: PageInfo, own_url: str) -> str:
    if span.section:
        head = blocks[span.head]
        return f"{(span.permalink or own_url).split('#')[0]}#{head.anchor or slug(head.text)}"
    return span.permalink or own_url


def body_text(blocks: list[Block], span: Span, skip: int | None) -> str:
    parts: list[str] = []
    items: list[str] = []
    for i in range(span.start, span.end):
        block = blocks[i]
        if i == span.head or i == skip or block.kind not in ("p", "li", "pre", "h") or is_meta_line(block):
            continue
        if block.kind == "li":
            items.append(block.text)
            continue
        if items:
            parts.append("\n".join(items))
            items = []
        parts.append(block.text)
    if items:
        parts.append("\n".join(items))
    return "\n\n".join(parts)


def is_meta_line(block: Block) -> bool:
    """"Posted by X at 10:04", "Filed under: ...", "Tags: ..." lines that a theme left unmarked."""
    return block.kind == "p" and len(block.text) < 160 and (bool(META_LINE.match(block.text)) or is_date_only(block.text))


def has_notes(title: str, body: str, section: bool) -> bool:
    """Real notes: a few words at least (a section among other talks may be shorter), and not an error
    page ("Down for maintenance.", "404 Not Found") served as if it were one."""
    words = len(body.split())
    if words < MIN_WORDS and not section:
        return False
    return words >= ERROR_WORDS or not (ERROR_PAGE.match(title) or ERROR_PAGE.match(body))


def without_crumb(title: str, crumbs: tuple[str, ...]) -> str:
    """"Engineering : Talk notes - Title" (a wiki's space name before its page title) -> "Talk notes - Title"."""
    for crumb in crumbs[:1]:
        if title.startswith(crumb) and title[len(crumb) :].lstrip().startswith(":"):
            return title[len(crumb) :].lstrip()[1:].strip() or title
    return title


def build_talk(blocks: list[Block], span: Span, info: PageInfo, source: str, facts: PageFacts) -> Talk | None:
    """The talk in blocks[span]; None for a table of contents or a span without text."""
    if is_toc(blocks, span):
        return None
    title_head = span.head  # (a section of a post: its page is the post its title links to; not in a listing)
    if span.section and not span.listed:
        title_head = next((i for i, b in enumerate(blocks) if b.kind == "h"), None)
    own_url = page_url(info, blocks, title_head, facts.bookmarks)
    raw_title = blocks[span.head].text if span.head is not None else doc_title_without_site(info)
    raw_title = NOTES_LABEL.sub("", TIME_LEAD.sub("", without_crumb(raw_title, info.crumbs)))  # "10:30 Title" on a live blog
    raw_title = MARKDOWN_LINK.sub(r"\g<text>", raw_title)  # (a Markdown tool's title, printed from the source)
    where = blocks[span.head].text if span.head is not None else raw_title
    matter = None if span.section else front_matter(blocks, span.head, span.end)
    if matter:  # (a Jekyll note's "title: ... speaker: ..." printed as a paragraph, under a made-up title)
        raw_title, found = matter[1]["title"], Speakers(front_speakers(matter[1]), matter[1]["title"], matter[0])
    else:
        found = find_speakers(blocks, span.head, span.end, raw_title, author=info.author, names_first=facts.names_first,
                              section=span.section, where=where)
    if span.listed and not found.names and RECAP.search(raw_title):
        return None  # (a listing's teaser of "PyCon US 2025 recap" is no talk; the post's own page has them)
    body = body_text(blocks, span, found.line)
    if not body.strip() and found.names and found.line is not None:
        body = blocks[found.line].text  # (a talk noted by its title and speaker only is still a talk)
    if not body.strip():
        return None
    scope = range(span.start, span.end)
    date = talk_date(blocks, span, raw_title, facts.date, facts.event)
    tags = tags_of(blocks, scope) if span.listed else facts.tags
    url = talk_url(span, blocks, info, own_url)
    conf, title = conference_prefix(found.title or raw_title)
    title = LABEL_QUOTED.sub(r"\g<title>", QUOTED_NOTES.sub(r"\1", title))
    title = QUOTED.sub(lambda m: m["title"].strip(), TALK_LABEL.sub("", PICTOGRAPHS.sub("", title)).strip())
    title = (SECTION_NUMBER.sub("", title) if span.section else title).rstrip(" :")  # ("1. Title", "Title: by NAME")
    if not title or not has_notes(title, body, span.section):
        return None
    page_title = next((b.text for b in blocks if b.kind == "h"), "") if span.section else ""
    conf_name = conference(raw_title, blocks, scope, tags, info, date, page_title)
    talk = Talk(
        id=talk_id(normal_url(url)),
        title=title,
        speakers=found.names,
        date=date,
        conference=conf_name or conf,
        tags=tags,
        url=url,
        source=source,
        body=body,
    )
    for_talk("speaker", where, talk.id)
    return talk
