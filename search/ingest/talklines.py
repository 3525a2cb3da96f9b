"""Stage 2b: paragraphs that stand in for headings on pages without them.

Hand-written pages and live blogs often give each talk a one-line paragraph instead of a heading:
"<p><b>Btrfs snapshots</b> - Henk Jansen</p>", "<p><strong>09:45</strong> Docs as a product — Jane Doe
(Acme)</p>", or a title line with a "by Henk Jansen" line below it. Two or more such lines, each
followed by text, become headings one level below the page's deepest one, so the boundary stage can
split at them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from search.ingest.content import Block
from search.ingest.speakers import LABELLED, TALK_BY, from_line, from_title

MAX_CHARS = 150
ENDINGS = (".", "!", "?", ":", ";", ",")
TEXT_KINDS = ("p", "li", "pre")
NOT_A_TITLE = re.compile(r"(?i)^(?:posted|published|written|updated|edited|last changed|photos?|slides|video)\b")


def with_talk_lines(blocks: list[Block]) -> list[Block]:
    """The blocks, with talk lines turned into headings when there are at least two of them."""
    lines = [n for n in range(len(blocks) - 1) if starts_talk(blocks, n)]
    if len(lines) < 2:
        return blocks
    level = max((b.level for b in blocks if b.kind == "h"), default=1) + 1
    marked = set(lines)
    return [replace(b, kind="h", level=level) if n in marked else b for n, b in enumerate(blocks)]


def starts_talk(blocks: list[Block], n: int) -> bool:
    """"Title - Speaker" followed by text, or a short title line followed by "by NAME" and text."""
    if blocks[n + 1].kind not in TEXT_KINDS:
        return False
    if is_talk_line(blocks[n]):
        return True
    if not is_title_line(blocks[n]) or LABELLED.match(blocks[n].text):
        return False
    return n + 2 < len(blocks) and is_speaker_line(blocks[n + 1]) and blocks[n + 2].kind in TEXT_KINDS


def is_title_line(block: Block) -> bool:
    text = block.text
    return block.kind == "p" and "\n" not in text and 3 <= len(text) <= MAX_CHARS and not text.endswith(ENDINGS)


def is_speaker_line(block: Block) -> bool:
    """A line that only names speakers ("by Jane Doe", "Speaker: Jane Doe (Acme)")."""
    names, only = from_line(block.text)
    return block.kind == "p" and bool(names) and only and bool(LABELLED.match(block.text))


def is_talk_line(block: Block) -> bool:
    """"Title - Speaker" on one short line of its own (not a sentence, not a "Speaker: NAME" line)."""
    text = block.text
    if not is_title_line(block):
        return False
    if LABELLED.match(text) or TALK_BY.match(text):
        return False
    found = from_title(text)
    return bool(found.names) and bool(found.title.strip()) and not NOT_A_TITLE.match(found.title)
