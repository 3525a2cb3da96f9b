"""A sub-heading right under a talk's title that is only its speakers' names.

Markdown notes written as "# Generics in Practice" then "## Ian Walker" then the notes. Taken only when
that sub-heading is the one heading of its level in the talk (a "## Key Points" beside "## Q&A" is an
outline, not a person) and every name has a first and a last name.
"""

from __future__ import annotations

from search.ingest.content import Block
from search.ingest.names import split_names

MARKS = frozenset({"byline", "time", "tag", "bookmark", "dateh"})  # (a theme's "posted in EVENT" line)


def subtitle_names(blocks: list[Block], head: int | None, end: int) -> tuple[str, ...]:
    if head is None:
        return ()
    below = next((i for i in range(head + 1, end) if blocks[i].kind not in MARKS), None)
    if below is None or blocks[below].kind != "h" or blocks[below].level <= blocks[head].level:
        return ()
    text = " ".join(blocks[below].text.split())
    names = split_names(text)
    if not names or " ".join(names) != text or any(" " not in name for name in names):
        return ()
    level = blocks[below].level
    return () if any(b.kind == "h" and b.level <= level for b in blocks[below + 1 : end]) else names
