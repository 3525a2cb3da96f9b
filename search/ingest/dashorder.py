"""Which side of "A - B" the page's talk headings put the speaker on.

"Jana Nováková - Pager Fatigue" reads both ways ("Pager Fatigue" looks like a name too); the page's
other headings decide: when more of them read "NAME - Title" ("Luc Fontaine - Chaos Engineering on a
Shoestring") than "Title - NAME", the ambiguous one does as well.
"""

from __future__ import annotations

from search.ingest.boundaries import Span
from search.ingest.content import Block
from search.ingest.names import split_names
from search.ingest.speakers import NAMES_DASH, TITLE_DASH


def names_lead(blocks: list[Block], spans: list[Span]) -> bool:
    """Do the unambiguous "A - B" headings of these talks mostly name the speaker first?"""
    heads = [blocks[s.head].text.strip() for s in spans if s.head is not None]
    first = sum(reads_one_way(text, NAMES_DASH) for text in heads)
    last = sum(reads_one_way(text, TITLE_DASH) for text in heads)
    return first > last


def reads_one_way(text: str, pattern) -> bool:
    """The pattern's names side is names and its title side is not."""
    match = pattern.match(text)
    return bool(match and split_names(match.group("names")) and not split_names(match.group("title")))
