"""Stage 5: one span of blocks + what the page says about itself -> a `Talk`."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from search.ingest.boundaries import Span, is_toc
from search.ingest.content import Block
from search.ingest.metadata import conference, entry_date, page_date, tags_of
from search.ingest.pageinfo import PageInfo, doc_title_without_site
from search.ingest.speakers import find_speakers
from search.model import Talk

SITE_FILES = frozenset({"readme", "license", "licence", "changelog", "changes", "contributing", "authors",
                        "genindex", "search", "py-modindex", "404", "tags", "categories", "archive"})
SLUG = re.compile(r"[^a-z0-9]+")


def talk_id(key: str) -> str:
    """A short URL-safe id, stable across runs: 16 base32 characters of the key's SHA-1."""
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:16].lower()


def normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment))


def slug(text: str) -> str:
    return SLUG.sub("-", text.lower()).strip("-")[:80]


def is_site_page(info: PageInfo, blocks: list[Block], source: str) -> bool:
    """The site's own README/about/home page (titled like the site), not notes on a talk."""
    stem = PurePosixPath(urlsplit(source).path if "://" in source else source).stem.lower()
    if stem in SITE_FILES:
        return True
    title = next((b.text for b in blocks if b.kind == "h"), "")
    site = slug(info.site_name)
    return bool(title and site and len(slug(title)) >= 6 and site.startswith(slug(title)))


def page_url(info: PageInfo, blocks: list[Block]) -> str:
    bookmarks = [b.text for b in blocks if b.kind == "bookmark"]
    if info.canonical:
        return info.canonical
    if len(set(bookmarks)) == 1:
        return resolve(info.base, bookmarks[0])
    return info.base


def resolve(base: str, href: str) -> str:
    from urllib.parse import urljoin

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
        if i == span.head or i == skip or block.kind not in ("p", "li", "pre", "h"):
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


def build_talk(blocks: list[Block], span: Span, info: PageInfo, source: str, listing: bool) -> Talk | None:
    if is_toc(blocks, span):
        return None
    own_url = page_url(info, blocks)
    raw_title = blocks[span.head].text if span.head is not None else doc_title_without_site(info)
    found = find_speakers(blocks, span.head, span.end, raw_title)
    body = body_text(blocks, span, found.line)
    if not body.strip():
        return None
    scope = range(span.start, span.end)
    if listing:
        date = entry_date(blocks, scope, span.permalink)
    else:
        date = page_date(blocks, info, source, raw_title)
    tags = tags_of(blocks, scope if listing else range(len(blocks)))
    url = talk_url(span, blocks, info, own_url)
    title, conf = strip_conference_prefix(found.title or raw_title)
    conf_name = conference(raw_title, blocks, scope, tags, info, date)
    return Talk(
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


def strip_conference_prefix(title: str) -> tuple[str, str | None]:
    """"Pygrunn: Title" -> ("Title", "Pygrunn") when the prefix looks like a conference."""
    from search.ingest.metadata import PREFIX, looks_like_conference

    match = PREFIX.match(title)
    if match and looks_like_conference(match.group("conf")):
        return title[match.end("conf") + 1 :].strip(), match.group("conf").strip()
    return title, None
