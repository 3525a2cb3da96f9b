"""A note's YAML front matter that a Markdown renderer printed as a paragraph.

A Jekyll-style note ("---\\ntitle: Testing accessibility\\nspeaker: Felix Baumann\\n---") rendered by a
plain Markdown tool comes out as a paragraph of "key: value" lines between two rules, under a title
the tool made up from the file name. Its `title` is the talk's title; its `speaker(s)` the speakers.
"""

from __future__ import annotations

import re

from search.ingest.content import Block
from search.ingest.nameheads import MARKS
from search.ingest.openers import from_line

FIELD = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]{0,30})\s*:\s*(?P<value>.*?)\s*$")
SPEAKER_KEYS = ("speaker", "speakers", "presenter", "presenters")


def front_matter(blocks: list[Block], head: int | None, end: int) -> tuple[int, dict[str, str]] | None:
    """The block index and fields of a front-matter paragraph right under the title (None when there is none)."""
    start = head + 1 if head is not None else 0
    first = next((i for i in range(start, end) if blocks[i].kind not in MARKS), None)
    if first is None or blocks[first].kind != "p":
        return None
    matches = [FIELD.match(line) for line in blocks[first].text.split("\n") if line.strip()]
    if len(matches) < 2 or not all(matches):
        return None
    fields = {m["key"].lower(): m["value"].strip("\"'") for m in matches}
    return (first, fields) if fields.get("title") else None


def front_speakers(fields: dict[str, str]) -> tuple[str, ...]:
    value = next((fields[key] for key in SPEAKER_KEYS if fields.get(key)), "")
    return from_line(f"Speakers: {value.strip('[]')}")[0] if value else ()
