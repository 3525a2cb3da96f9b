"""A sub-heading right under a talk's title that is only its speakers' names.

Markdown notes written as "# Generics in Practice" then "## Ian Walker" then the notes. Taken only when
that sub-heading is the one heading of its level in the talk (a "## Key Points" beside "## Q&A" is an
outline, not a person) and every name has a first and a last name. A sub-heading that is a speaker
label ("## Speaker", "## Panelists") names the people in the lines below it.
"""

from __future__ import annotations

from search.ingest.content import Block
from search.ingest.names import split_names
from search.ingest.openers import LABEL_ONLY, LABELLED, from_line, listed_name

MARKS = frozenset({"byline", "time", "tag", "bookmark", "dateh"})  # (a theme's "posted in EVENT" line)


def subtitle_names(blocks: list[Block], head: int | None, end: int) -> tuple[str, ...]:
    if head is None:
        return ()
    below = next((i for i in range(head + 1, end) if blocks[i].kind not in MARKS), None)
    if below is None or blocks[below].kind != "h" or blocks[below].level <= blocks[head].level:
        return ()
    text = " ".join(blocks[below].text.split())
    if LABEL_ONLY.match(text.rstrip(" :") + ":"):
        return labelled_section(blocks, below, end)
    labelled, whole = from_line(text) if LABELLED.match(text) else ((), False)
    if whole and all(" " in name for name in labelled):  # ("## Speaker: Tobias Kern")
        return labelled
    names = split_names(text)
    if not names or " ".join(names) != text or any(" " not in name for name in names):
        return ()
    level = blocks[below].level
    return () if any(b.kind == "h" and b.level <= level for b in blocks[below + 1 : end]) else names


def labelled_section(blocks: list[Block], label: int, end: int) -> tuple[str, ...]:
    """The names under a "## Speaker" sub-heading: one line of names, or one name per list item."""
    lines = []
    for block in blocks[label + 1 : end]:
        if block.kind == "h" or (lines and block.kind != lines[0].kind):
            break
        if block.kind in ("p", "li"):
            lines.append(block)
    if not lines:
        return ()
    if lines[0].kind == "p":
        return from_line(f"Speakers: {lines[0].text}")[0]
    found = [listed_name(block.text) for block in lines]
    return tuple(name for names in found for name in names) if all(found) else ()



def title_above_name(blocks: list[Block], head: int) -> tuple[tuple[str, ...], str]:
    """A section heading that is only full names right under a same-level heading with no text of its
    own ("### Nuxt 4" / "### Daniel Roe-Smith" / notes): that person's talk, titled by the heading above."""
    text = " ".join(blocks[head].text.split())
    names = split_names(text)
    if head == 0 or not names or " ".join(names) != text or any(" " not in name for name in names):
        return (), ""
    above = blocks[head - 1]
    if above.kind != "h" or above.level != blocks[head].level or split_names(above.text):
        return (), ""
    return names, above.text.strip()
