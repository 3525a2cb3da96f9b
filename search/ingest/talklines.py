"""Stage 2b: paragraphs and list items that stand in for headings on pages without them.

Hand-written pages and live blogs often give each talk a one-line paragraph instead of a heading:
"<p><b>Btrfs snapshots</b> - Henk Jansen</p>", "<p><strong>09:45</strong> Docs as a product — Jane Doe
(Acme)</p>", or a title line with a "by Henk Jansen" line below it. Two or more such lines, each
followed by text, become headings one level below the page's deepest one, so the boundary stage can
split at them. Lightning talks are often a list: "<li><b>Title</b> by NAME: notes</li>"; two or more
such items under words that speak of talks become a heading and a paragraph each.
"""

from __future__ import annotations

import re
from dataclasses import replace

from search.ingest.content import Block
from search.ingest.names import split_names
from search.ingest.openers import LABELLED, TALK_BY, from_line, labelled
from search.ingest.persons import likeness
from search.ingest.speakers import from_title, is_contact_line

MAX_CHARS = 150
ENDINGS = (".", "!", "?", ":", ";", ",")
TEXT_KINDS = ("p", "li", "pre")
LIST_TALK_BREAK = re.compile(r"\s*:\s+|\s+[-–—]\s+")  # "Title by NAME: notes", "<b>Title</b> (NAME) — notes"
TALK_WORDS = re.compile(
    r"(?i)\b(?:talks?|lightning|keynotes?|presentations?|sessions?|speakers?|vorträge|lezingen|charlas|"
    r"palestras|wykłady|interventions|conférences|exposés|orat(?:eur|rice)s?|intervenant(?:e|s|es)?)\b"
)
TIME_ONLY = re.compile(r"^\d{1,2}[:h.]\d{2}(?:\s*(?:[-–—]|to)\s*\d{1,2}[:h.]\d{2})?\s*(?:[ap]\.?m\.?)?$", re.I)
NAME_ON_QUOTED = re.compile(  # "Next up: Grace Adebayo on “Incident command for humans”. ..."
    r"^(?:(?:next up|up next|first up|now|then|next|after (?:that|lunch|the break))\s*[:,\-–—]?\s*)?"
    r"(?P<names>[^\"“”«»:]{3,80}?)\s+(?:on|with|about|presenting)\s+[“\"‘«](?P<title>[^”\"’»]{3,150})[”\"’»]",
    re.I,
)
QUOTE_OPENERS = ("\"", "“", "„", "«", "‘", "'")
NOT_A_TITLE = re.compile(r"(?i)^(?:posted|published|written|updated|edited|last changed|photos?|slides|video)\b")


def with_talk_lines(blocks: list[Block]) -> list[Block]:
    """The blocks, with talk lines turned into headings when there are at least two of them."""
    blocks = with_two_line_titles(with_timed_talks(with_list_talks(blocks)))
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
    if is_talk_line(blocks[n]) or is_list_talk_line(blocks, n):
        return True
    if not is_title_line(blocks[n]) or labelled(blocks[n].text):
        return False
    return n + 2 < len(blocks) and is_speaker_line(blocks[n + 1]) and blocks[n + 2].kind in TEXT_KINDS


def is_list_talk_line(blocks: list[Block], n: int) -> bool:
    """"- **Title** — Jane Doe" over its own bullets of notes (a terse page of talks as one nested list);
    not a linked item of an index, nor a quotation's attribution ("“...” — NAME")."""
    block, below = blocks[n], blocks[n + 1]
    if block.kind != "li" or block.link_chars or below.kind != "li" or block.text.startswith(QUOTE_OPENERS):
        return False
    if not is_talk_line(replace(block, kind="p")) or is_talk_line(replace(below, kind="p")):
        return False
    return all(" " in name for name in from_title(block.text).names)


def is_title_line(block: Block) -> bool:
    text = block.text
    return block.kind == "p" and "\n" not in text and 3 <= len(text) <= MAX_CHARS and not text.endswith(ENDINGS)


def is_speaker_line(block: Block) -> bool:
    """A line that only names speakers ("by Jane Doe", "Speaker: Jane Doe (Acme)")."""
    names, only = from_line(block.text)
    return block.kind == "p" and bool(names) and only and bool(labelled(block.text))


def is_talk_line(block: Block) -> bool:
    """"Title - Speaker" on one short line of its own (not a sentence, not a "Speaker: NAME" line)."""
    text = block.text
    if not is_title_line(block):
        return False
    if labelled(text) or TALK_BY.match(text) or is_contact_line(text):
        return False  # ("Yuki Sato (@yukisato) - Money Forward" is who speaks)
    found = from_title(text)
    if not found.names or not found.title.strip() or NOT_A_TITLE.match(found.title):
        return False
    # A title more like a person's name than the names is a person with a role ("Jane Doe (Principal Architect)").
    return likeness(found.title) <= min(map(likeness, found.names))


def with_list_talks(blocks: list[Block]) -> list[Block]:
    """List items "Title by NAME: notes" (two or more, below words about talks) as heading + paragraph."""
    items = [n for n, b in enumerate(blocks) if b.kind == "li" and list_talk(b.text)]
    if len(items) < 2 or not any(TALK_WORDS.search(context(blocks, n)) for n in items):
        return blocks
    level = max((b.level for b in blocks if b.kind == "h"), default=1) + 1
    out: list[Block] = []
    for n, block in enumerate(blocks):
        if n in items:
            head, notes = list_talk(block.text)
            out += [replace(block, kind="h", text=head, level=level), replace(block, kind="p", text=notes)]
        else:
            out.append(block)
    return out


def list_talk(text: str) -> tuple[str, str] | None:
    """("Title by NAME", "notes") when a list item is a talk's title with its speaker, then its notes
    (after a colon or a dash: the first break whose left side names a speaker)."""
    for match in LIST_TALK_BREAK.finditer(text):
        head, notes = text[: match.start()], text[match.end() :]
        if "\n" in head or len(head) > 160 or len(notes) < 10:
            return None
        if len(head) >= 3 and (from_title(head).names or labels_speaker(notes)):
            return head, notes  # ("<dt>Title</dt><dd>Speaker: NAME. notes</dd>" reads "Title: Speaker: NAME. notes")
    return None


def context(blocks: list[Block], n: int) -> str:
    """The text right above a list: the paragraph that introduces it and the heading it is under."""
    above = next((b.text for b in reversed(blocks[:n]) if b.kind in ("h", "p")), "")
    heading = next((b.text for b in reversed(blocks[:n]) if b.kind == "h"), "")
    return f"{above} {heading}"


def labels_speaker(text: str) -> bool:
    """Does the text open with a speaker label ("Speaker: NAME. ...")? A bare "by NAME" does not count."""
    match = LABELLED.match(text)
    return bool(match) and not text.lower().startswith(("by ", "von ", "door ", "par "))


def with_timed_talks(blocks: list[Block]) -> list[Block]:
    """A live blog's time-only heading ("10:05") over "NAME on “Title”. notes" reads "Title - NAME"."""
    out = list(blocks)
    for n, block in enumerate(blocks[:-1]):
        if block.kind == "h" and TIME_ONLY.match(block.text) and blocks[n + 1].kind == "p":
            match = NAME_ON_QUOTED.match(blocks[n + 1].text)
            if match and split_names(match.group("names")):
                out[n] = replace(block, text=f"{match.group('title').strip()} - {match.group('names').strip()}")
    return out


def with_two_line_titles(blocks: list[Block]) -> list[Block]:
    """"<p><b>Title</b><br>NAME</p>" followed by text, two or more times: a heading "Title - NAME" each."""
    found = {n: two_line_title(b) for n, b in enumerate(blocks[:-1]) if blocks[n + 1].kind in TEXT_KINDS}
    found = {n: text for n, text in found.items() if text}
    if len(found) < 2:
        return blocks
    level = max((b.level for b in blocks if b.kind == "h"), default=1) + 1
    return [replace(b, kind="h", text=found[n], level=level) if n in found else b for n, b in enumerate(blocks)]


def two_line_title(block: Block) -> str:
    lines = block.text.split("\n")
    if block.kind != "p" or len(lines) != 2:
        return ""
    title, speaker = lines
    names, only = from_line(speaker)
    if not names or not only or len(title) > MAX_CHARS or title.endswith(ENDINGS):
        return ""
    return f"{title} - {' and '.join(names)}" if all(" " in n for n in names) else ""
