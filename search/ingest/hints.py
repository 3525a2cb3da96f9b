"""Speakers that only an index page names.

A Sphinx collection's table of contents often reads "Gradual typing in practice — Erik Nilsson" while the
talk's own page never names its speaker. An index page of the same folder (one that yields no talks)
gives such hints: the speakers of the page each link points to, with the title the link gives. A talk
read without speakers takes them from a hint for its own file, when the hint's title is its title.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import unquote, urlsplit

from search.ingest.chrome import find_main
from search.ingest.content import norm_space, parse, title_key
from search.ingest.decode import decode
from search.ingest.speakers import from_title
from search.model import Page

SAME_TITLE = 0.6
MAX_LINKS = 500


def index_hints(data: bytes, source: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{linked file path: (title, speakers)} for the links of an index page that name speakers."""
    root = parse(decode(data))
    if root is None:
        return {}
    base = Path(source).parent
    hints = {}
    for a in find_main(root).iter("a"):
        target = local_target(a.get("href") or "", base)
        if target is None:
            continue
        found = from_title(link_line(a))
        if found.names:
            hints[target] = (found.title, found.names)
        if len(hints) >= MAX_LINKS:
            break
    return hints


def local_target(href: str, folder: Path) -> str | None:
    """The file a relative link points to ("keynote.html#intro" -> FOLDER/keynote.html, "talk/" ->
    FOLDER/talk/index.html), else None."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = folder / unquote(parts.path)
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"  # ("talk/": a directory-URLs build)
    return str(target.resolve())


def link_line(a) -> str:
    """The link's text, or its list item's when the item holds only this link ("<a>Title</a> - NAME")."""
    item = a.getparent()
    while item is not None and item.tag not in ("li", "p", "dt", "td"):
        item = item.getparent()
    if item is not None and len(item.xpath(".//a[@href]")) == 1 and len(item) <= 3:
        return norm_space(item.text_content())
    return norm_space(a.text_content())


def with_hints(page: Page, hints: dict[str, tuple[str, tuple[str, ...]]]) -> Page:
    """The page, its talks without speakers given those a hint names for this file and title."""
    hint = hints.get(page.source)
    if hint is None or not page.talks:
        return page
    title, names = hint
    talks = tuple(
        replace(talk, speakers=names) if not talk.speakers and same_title(talk.title, title) else talk
        for talk in page.talks
    )
    return replace(page, talks=talks)


def same_title(a: str, b: str) -> bool:
    a, b = title_key(a), title_key(b)
    return bool(a and b) and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= SAME_TITLE)

