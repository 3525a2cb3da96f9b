"""Stage 3: where do talks start and end in the block stream?

- a listing: two or more headings that link to other pages of the same site, each followed by text
  (Plone/WordPress/Hugo front pages and archives): one talk per linked heading;
- a page whose sections are separate talks: its title says so ("Lightning talks", "Keynotes", "Talks
  on day 2") or most sections open with their own speaker ("by NAME", "Speaker: NAME", a bare name);
- otherwise one talk: the first heading is its title and every later heading is a sub-heading of it.
An index / table-of-contents page (mostly links) yields nothing; that is decided in `is_toc`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from search.ingest.content import Block, site_of
from search.ingest.speakers import has_speaker_evidence

MULTI_TITLE = re.compile(
    r"(?i)\blightning\b|\b(?:talks|keynotes|presentations|sessions|lightnings|speakers)\b|\bmeetup\b"
)
LISTING_INTRO_LIMIT = 600
TEXT_KINDS = ("p", "li", "pre")
TOC_SHARE = 0.4
LINK_SHARE = 0.6


@dataclass(frozen=True)
class Span:
    """A talk's place in the stream: blocks[start:end]; `head` is its title heading (or None)."""

    start: int
    end: int
    head: int | None
    permalink: str = ""
    section: bool = False


def find_spans(blocks: list[Block], base: str) -> list[Span]:
    listing = listing_spans(blocks, base)
    if listing:
        return [sub for span in listing for sub in split_sections(blocks, span)]
    headings = [i for i, b in enumerate(blocks) if b.kind == "h"]
    if not headings:
        return [Span(0, len(blocks), None)] if blocks else []
    return split_sections(blocks, Span(0, len(blocks), headings[0]))


def listing_spans(blocks: list[Block], base: str) -> list[Span]:
    linked = [i for i, b in enumerate(blocks) if b.kind == "h" and b.link and is_page_link(b.link)]
    hosts = Counter(site_of(urljoin(base, blocks[i].link)) for i in linked)
    if not hosts:
        return []
    here = site_of(base)
    home = here if here in hosts or not here.startswith("file:") else hosts.most_common(1)[0][0]
    linked = [i for i in linked if site_of(urljoin(base, blocks[i].link)) == home]
    if len(linked) < 2:
        return []
    level = min(blocks[i].level for i in linked)
    starts = [i for i in linked if blocks[i].level == level]
    ends = starts[1:] + [len(blocks)]
    spans = [
        Span(s, cut_trailing_headings(blocks, s, e), s, urljoin(base, blocks[s].link))
        for s, e in zip(starts, ends)
    ]
    with_text = [s for s in spans if text_chars(blocks, s.start + 1, s.end) >= 40]
    if len(with_text) < 2 or intro_chars(blocks, starts[0]) > LISTING_INTRO_LIMIT:
        return []
    return with_text


def cut_trailing_headings(blocks: list[Block], start: int, end: int) -> int:
    """The last entry of a listing ends at a following heading of a higher level (a widget title)."""
    level = blocks[start].level
    for i in range(start + 1, end):
        if blocks[i].kind == "h" and blocks[i].level < level:
            return i
    return end


def is_page_link(href: str) -> bool:
    return urlsplit(href).scheme in ("", "http", "https", "file")


def text_chars(blocks: list[Block], start: int, end: int) -> int:
    return sum(len(b.text) for b in blocks[start:end] if b.kind in TEXT_KINDS)


def intro_chars(blocks: list[Block], end: int) -> int:
    return text_chars(blocks, 0, end)


def split_sections(blocks: list[Block], span: Span) -> list[Span]:
    """One talk, or one per top-level section when the sections are separate talks."""
    heads = [i for i in range(span.start, span.end) if blocks[i].kind == "h"]
    if span.head is not None:
        heads = [i for i in heads if i > span.head]
    if len(heads) < 2 and span.head is not None:
        return [span]
    title_level = blocks[span.head].level if span.head is not None else 0
    below = [i for i in heads if blocks[i].level > title_level] or heads
    level = min(blocks[i].level for i in below)
    tops = [i for i in heads if blocks[i].level <= level]
    if len(tops) < 2 or not sections_are_talks(blocks, span, tops):
        return [span]
    ends = tops[1:] + [span.end]
    return [Span(s, e, s, span.permalink, section=True) for s, e in zip(tops, ends)]


def sections_are_talks(blocks: list[Block], span: Span, tops: list[int]) -> bool:
    title = blocks[span.head].text if span.head is not None else ""
    if title and MULTI_TITLE.search(title):
        return True
    ends = tops[1:] + [span.end]
    evidence = sum(has_speaker_evidence(blocks, s, e) for s, e in zip(tops, ends))
    if evidence < max(2, (len(tops) + 1) // 2):
        return False
    first_section = tops[0]
    intro_start = span.head + 1 if span.head is not None else span.start
    return not has_speaker_evidence(blocks, intro_start, first_section, heading=False)


def is_toc(blocks: list[Block], span: Span) -> bool:
    """Mostly links to the same site (an index, a table of contents, an event page listing its talks), or no text."""
    body = [b for b in blocks[span.start + (span.head is not None) : span.end] if b.kind in TEXT_KINDS]
    total = sum(len(b.text) for b in body)
    if total == 0:
        return True
    local = sum(min(b.local_chars, len(b.text)) for b in body)
    links = sum(min(b.link_chars, len(b.text)) for b in body)
    link_items = sum(b.link_chars >= 0.8 * len(b.text) for b in body)
    return (
        local / total > TOC_SHARE
        or (not span.section and links / total > LINK_SHARE)
        or (link_items >= 5 and link_items >= 0.6 * len(body))
    )
