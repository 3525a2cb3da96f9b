"""Stage 4a: a talk's speakers, and its title without them.

Looked for in this order: the heading ("Speaker: Title", "Title - Speaker", "Title by Speaker",
"Title (Speaker)", "Keynote: NAME — Title", "Fireside chat with NAME"), then the first lines of the
talk (see `openers`), then a heading that is only a person's name above the talk's heading. Nothing
found gives an empty tuple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from search.ingest.content import Block
from search.ingest.evidence import Option, choose
from search.ingest.nameheads import subtitle_names, title_above_name
from search.ingest.metadata import conference_prefix, looks_like_conference
from search.ingest.names import HANDLE, SEPARATORS, is_name, lower_full_name, name_from_line, split_names
from search.ingest.persons import evidence, is_given_name, role_share
from search.ingest.openers import (
    LABEL_ONLY,
    BY_WORDS,
    LABELLED,
    LOOK_AHEAD,
    TALK_BY,
    from_byline,
    from_line,
    line_options,
    is_attribution,
    is_author_line,
    listed_names,
    quoted_title_by,
)

WIDGET_LINE = re.compile(r"(?i)^\W*(?:follow|share|listen|\d+(?:\.\d+)?k?|\d+ min(?:ute)?s? read\b.*)\W*$")  # (Medium's buttons)
TALK_OF_PREFIX = re.compile(  # "Il talk di NAME: Title", "Keynote by NAME: Title", "Vortrag von NAME: Title"
    r"(?i)^(?:(?:il|the|der|die|de|het|la|le|el|o|a) )?(?:talk|keynote|vortrag|lezing|charla|palestra|conférence|"
    r"intervento|presentation|présentation|prezentacja)\s+(?:di|by|von|van|de|of|door|par|da|do)\s+(?P<names>[^:]{3,80}?)\s*:\s+(?P<title>\S.+)$"
)
TITLE_WITH = re.compile(  # "Fireside chat with NAME": the names are part of the title
    r"(?i)^(?P<title>(?:an? |the )?(?:fireside chat|conversation|interview|q&a|q and a|ask me anything|ama|in conversation|"
    r"panel(?: discussion)?|gesprek|gespräch|entretien))\s+(?:with|met|mit|avec)\s+(?P<names>.{3,80})$"
)
KIND_LEAD = re.compile(r"(?i)^(?:(?:opening|closing) )?(?:keynote|lightning talk|workshop|tutorial|panel)\s*:\s+")
TITLE_PREFIX = re.compile(r"^(?P<names>[^:]{3,80}?)\s*:\s+(?P<title>.+)$")
TITLE_DASH = re.compile(r"^(?P<title>.+)\s+[-–—|]\s+(?P<names>.{3,80})$")
TITLE_BY = re.compile(  # "Title by NAME", "Title, presented by NAME", "Title — by NAME"
    r"^(?P<title>.+?)(?:,|\s+[-–—])?\s+(?:(?:presented|given|delivered|held)\s+)?" + BY_WORDS + r"\s+(?P<names>.{3,80})$", re.I
)
POSSESSIVE_TITLE = re.compile(  # "Yukihiro Matsumoto's keynote: Ruby 3.3 and beyond"
    r"^(?P<names>[^:]{3,60}?)['’]s?\s+(?:keynote|talk|lightning talk|presentation|session|workshop)\s*[:\-–—]\s+(?P<title>\S.+)$"
)
TITLE_QUOTED_BY = re.compile(  # "«Rust para pythonistas», de Iñaki Etxeberria", "„Titel“ von NAME"
    r"^(?P<title>[«\"“„‘'][^«»\"“”„]+?[»\"”“’']),?\s+(?:by|von|door|par|de|di|do|da|przez|od)\s+(?P<names>.{3,80})$", re.I
)
TITLE_COMMA = re.compile(r"^(?P<title>.+),\s+(?P<names>[^,]{3,80})$")  # "Typing at scale, Ana Ruiz"
TIME_LEAD = re.compile(  # "10:30 ", "10:00 · Room B · " (a schedule's time and room before the title)
    r"^\(?\d{1,2}[:h]\d{2}(?:\s*(?:[-–—]|to)\s*\d{1,2}[:h]\d{2})?\s*(?:[ap]\.?m\.?)?\)?\s*[-–—:|·]?\s+"
    r"(?:(?:room|hall|stage|track|saal|zaal|sala|salle|aula)\s+[\w.-]{1,12}\s*[-–—:|·]\s+)?(?=\S)", re.I
)
TITLE_PARENS = re.compile(r"^(?P<title>.+?)\s*[(\[](?P<names>[^()\[\]]{3,80})[)\]]$")  # "Title (NAME)", "Title [NAME]"
NAMES_DASH = re.compile(r"^(?P<names>.{3,80}?)\s+[-–—|]\s+(?P<title>[A-Z0-9\"“'‘].+)$")
TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s*:\s+(?P<names>.{3,80})$")
NAMES_ON = re.compile(r"^(?P<names>[^:]{3,60}?)\s+on\s+(?P<title>\S.+)$")  # "Carol Willing on Jupyter"
AT_EVENT = re.compile(r"\s+(?:at|@)\s+(?=[A-Z0-9]).*$")  # "Matt Harrison at PyCon US 2023"
DASHES = re.compile(r"\s+[-–—|]\s+")


MEDIA_MARKS = re.compile(r"\s*[\[(](?:slides|video|videos|recording|code|demo|pdf|links?|youtube)[\])]", re.I)
MAX_NAME_ITEMS = 8
LABEL_LOOK_AHEAD = 12
TITLE_PATTERNS = (  # tried in this order
    TALK_OF_PREFIX, POSSESSIVE_TITLE, TITLE_QUOTED_BY, TITLE_PREFIX, TITLE_DASH, NAMES_DASH, TITLE_BY, TITLE_PARENS, TITLE_SUFFIX, NAMES_ON,
    TITLE_COMMA,
)
NAMES_FIRST_PATTERNS = tuple(NAMES_DASH if p is TITLE_DASH else TITLE_DASH if p is NAMES_DASH else p for p in TITLE_PATTERNS)
PATTERN_CUES = {
    TALK_OF_PREFIX: "heading_talk_of", POSSESSIVE_TITLE: "heading_possessive", TITLE_QUOTED_BY: "heading_quoted_by",
    TITLE_PREFIX: "heading_names_colon", TITLE_DASH: "heading_dash_names", NAMES_DASH: "heading_names_dash",
    TITLE_BY: "heading_by", TITLE_PARENS: "heading_parens", TITLE_SUFFIX: "heading_colon_names",
    NAMES_ON: "heading_names_on", TITLE_COMMA: "heading_comma_names",
}


@dataclass(frozen=True)
class Speakers:
    names: tuple[str, ...] = ()
    title: str = ""
    line: int | None = None  # index of a block that is only the speaker line (left out of the body)
    cue: str = field(default="", compare=False)  # which cue named them (see `options`)
    position: int = field(default=0, compare=False)  # for a cue in a talk's opening lines: which line (0, 1, 2)


@lru_cache(maxsize=16384)
def title_options(title: str, names_first: bool = False) -> tuple[Speakers, ...]:
    """Every way a heading can be read as names and a title: "Speaker: Title", "Title - Speaker", "Speaker -
    Title", "Title by Speaker", "Title (Speaker)", "Title: Speaker", "Fireside chat with NAME", "Keynote: NAME
    — Title"; a conference prefix first is kept on the title ("PyCon 2015: Speaker: Title"). `names_first`: the
    page's other headings read "NAME - Title", so "Jana Nováková - Pager Fatigue" is tried that way first."""
    found: list[Speakers] = []
    match = TITLE_WITH.match(title.strip())
    names = split_names(match.group("names")) if match else None
    if names:
        found.append(Speakers(names, title.strip(), cue="heading_with"))
    title = MEDIA_MARKS.sub("", title)  # ("Title – NAME [slides] [video]")
    conf, rest = conference_prefix(TIME_LEAD.sub("", title))
    prefix = f"{conf}: " if conf and TIME_LEAD.sub("", title).lstrip("[ ").startswith(conf) else ""  # (not "... at PyCon")
    for pattern in NAMES_FIRST_PATTERNS if names_first else TITLE_PATTERNS:
        match = pattern.match(rest)
        if match:
            names = split_names(match.group("names")) or split_names(strip_affiliation(match.group("names")))
            names = names or split_names(AT_EVENT.sub("", match.group("names")))
            if names and not any(HANDLE.match(n) for n in names) and (pattern is not TITLE_COMMA or full_names(names)):
                if not is_contact_line(match.group("title")):  # ("Yuki Sato (@yukisato) - Money Forward": a person and a company)
                    found.append(Speakers(names, prefix + match.group("title").strip(), cue=PATTERN_CUES[pattern]))
    match = TITLE_BY.match(rest)
    lower = lower_full_name(match.group("names")) if match and not found else None
    if lower:  # ("Caching by pat jones")
        found.append(Speakers((lower,), prefix + match.group("title").strip(), cue="heading_by_lower"))
    first = match.group("names").strip().rstrip(".") if match and not found else ""
    if first and is_name(first, allow_single=True) and is_given_name(first) >= 1:  # ("Theming by Jane")
        found.append(Speakers((first,), prefix + match.group("title").strip(), cue="heading_by_first"))
    lead = KIND_LEAD.match(rest)
    if lead:  # "Keynote: Prof. Dr. NAME — Title" (the kind stays on the title)
        for inner in title_options(rest[lead.end() :], names_first):
            found.append(Speakers(inner.names, f"{prefix}{lead.group(0).strip()} {inner.title}", cue="heading_kind_" + inner.cue))
    parts = from_title_parts(title)
    if parts.names:
        found.append(parts)
    return tuple(found)


def from_title(title: str, names_first: bool = False) -> Speakers:
    """The first reading of a heading as names and a title (see `title_options`); no names when none reads so."""
    options = title_options(title, names_first)
    return options[0] if options else Speakers((), title)


def is_contact_line(text: str) -> bool:
    """A name with its handle ("Yuki Sato (@yukisato)"): a person, never a talk's title."""
    return "@" in text and bool(name_from_line(text, allow_single=False))


def full_names(names: tuple[str, ...]) -> bool:
    """First and last names each ("Ana Ruiz"), not lone words ("Lookups, Transforms and Expressions")."""
    return all(len(name.split()) >= 2 for name in names)


def from_title_parts(title: str) -> Speakers:
    """"PyCon 2012 - Guido van Rossum - Keynote": the one part that is names, the rest is the title."""
    parts = [part.strip() for part in DASHES.split(title)]
    if len(parts) < 3:
        return Speakers((), title)
    named = [(n, split_names(part)) for n, part in enumerate(parts)]
    found = [(n, names) for n, names in named if names and not any(HANDLE.match(x) for x in names)]
    if len(found) != 1:
        return Speakers((), title)
    index, names = found[0]
    rest = parts[:index] + parts[index + 1 :]
    topical = [part for part in rest if not looks_like_conference(part)] or rest
    return Speakers(names, " - ".join(topical), cue="heading_parts")


def strip_affiliation(names: str) -> str:
    """"Jane Doe (Acme)" -> "Jane Doe"; "Jane Doe, Acme Corp" -> "Jane Doe" (a short tail after one comma)."""
    names = re.sub(r"\s*\([^()]*\)\s*$", "", names.strip())
    head, comma, tail = names.partition(",")
    if comma and "," not in tail and len(tail.split()) <= 3 and not re.search(r"\b(?:and|&)\b", tail):
        return head
    return names


def text_blocks(blocks: list[Block], start: int, end: int, subtitle: bool = True) -> list[int]:
    """Indexes of the first few text blocks of a talk, stopping at its first sub-heading (not at a subtitle)."""
    found = []
    for i in range(start, end):
        if blocks[i].kind == "h" and (found or i > start or blocks[i].link or not subtitle):
            break  # (a heading right below the title is its subtitle: "EuroPython 2022, Dublin")
        if blocks[i].kind == "h":
            continue
        if blocks[i].kind in ("p", "li") and not WIDGET_LINE.match(blocks[i].text):
            found.append(i)
            if len(found) == LOOK_AHEAD:
                break
    return found


def find_speakers(
    blocks: list[Block], head: int | None, end: int, title: str, subtitle: bool = True, author: str = "",
    names_first: bool = False, section: bool = False, where: str = "",
) -> Speakers:
    """The talk's speakers: every cue proposes names, the evidence decides (see `options`, `decide`)."""
    found = options(blocks, head, end, title, subtitle, author, names_first, section)
    return decide(found, author, where or title) or Speakers((), title)


def options(
    blocks: list[Block], head: int | None, end: int, title: str, subtitle: bool = True, author: str = "",
    names_first: bool = False, section: bool = False,
) -> list[Speakers]:
    """What each cue says of the talk's speakers: its heading, a sub-heading, its first lines, a byline, its
    last line; for a section also a heading of names above or around it, for a page its sections' one person."""
    found = list(title_options(title, names_first))
    if subtitle_names(blocks, head, end):
        found.append(Speakers(subtitle_names(blocks, head, end), title, cue="subheading"))
    start = head + 1 if head is not None else 0
    lines = [
        i for i in text_blocks(blocks, start, end, subtitle)
        if not is_author_line(blocks[i].text, author) and not is_attribution(blocks, i)
    ]
    for position, i in enumerate(label_lines(blocks, start, end)):
        found.append(Speakers(listed_names(blocks, i, end), title, cue="label_list", position=min(position, 2)))
    for position, i in enumerate(lines):
        for cue, names, whole in line_options(blocks[i].text, position):
            found.append(Speakers(names, title, i if whole else None, cue, position))
        quoted = quoted_title_by(blocks[i].text, title)
        if quoted:
            found.append(Speakers(quoted, title, cue="quoted_by", position=position))
    items = name_items(blocks, lines[0], end) if lines else ()
    if len(items) >= 2:
        found.append(Speakers(items, title, cue="name_items"))
    for cue, names in (("byline", from_byline(blocks, start, end)), ("closing", closing_names(blocks, start, end))):
        if names:
            found.append(Speakers(names, title, cue=cue))
    if section and head is not None:
        by_heading = name_heading(blocks, head, end)
        if by_heading.names:
            found.append(by_heading)
        if group_speakers(blocks, head):
            found.append(Speakers(group_speakers(blocks, head), title, cue="group_heading"))
        names, above = title_above_name(blocks, head)
        if names:
            found.append(Speakers(names, above, cue="name_below_title"))
        whole = split_names(" ".join(title.split()))
        if not (by_heading.names or names):
            if whole and all(" " in name for name in whole):
                found.append(Speakers(whole, title, cue="heading_is_name"))  # ("## Jane Smith" over her talk's notes)
            elif not whole and (person := person_line(title)):  # ("## Jane Smith, CTO, Acme")
                found.append(Speakers((person,), title, cue="heading_is_name"))
    elif head is not None or not section:
        people = person_heads(blocks, start, end)
        if people:
            found.append(Speakers(people, title, cue="person_heads"))
        shared = shared_speakers(blocks, start, end)
        if shared:
            found.append(Speakers(shared, title, cue="shared"))
    return found


def person_line(text: str) -> str:
    """The person a heading introduces rather than a talk: their name alone, or with a role, company or
    handle after it ("Erik Schlegel - MS, prin eng", "Janna Curtis | Cadre5 |"; not "NAME: Title of talk")."""
    names = name_from_line(text, allow_single=False)
    text = " ".join(text.split())
    if len(names) != 1 or evidence(names[0]).likeness < 0.6 or not text.startswith(names[0].split()[0]):
        return ""
    pieces = SEPARATORS.split(text, maxsplit=1)
    if len(pieces) == 1:
        return names[0]
    rest, colon = pieces[1], text[len(pieces[0]) :].lstrip().startswith(":")
    looks_like_role = role_share(rest) > 0 or "@" in rest or "://" in rest or len(rest.split()) <= 4
    return names[0] if looks_like_role and not colon else ""


def person_heads(blocks: list[Block], start: int, end: int) -> tuple[str, ...]:
    """The people a talk's first sub-headings introduce, before its notes' own headings ("## Erik Schlegel - MS"
    / "## Christoph Schittko - MS" / "## Goals")."""
    found = []
    for i in range(start, end):
        if blocks[i].kind != "h":
            continue
        person = person_line(blocks[i].text)
        if not person:
            break
        found.append(person)
    return tuple(found)


def label_lines(blocks: list[Block], start: int, end: int) -> list[int]:
    """Lines among a talk's first dozen that are a speaker label over names ("Speakers" / "Mark Emeis - founder")."""
    found = []
    for i in range(start, min(end, start + LABEL_LOOK_AHEAD)):
        if blocks[i].kind == "h" and i > start:
            break
        if blocks[i].kind in ("p", "li") and LABEL_ONLY.match(blocks[i].text.strip()) and listed_names(blocks, i, end):
            found.append(i)
    return found


def name_items(blocks: list[Block], first: int, end: int) -> tuple[str, ...]:
    """Names on consecutive lines opening the talk, one person a line with their role or handle ("Roberto
    Cortez, RedHat - @radcortez" / "Justin Lee, RedHat - @evanchooly"): a panel or a talk given by several."""
    found: list[str] = []
    for block in blocks[first : min(end, first + MAX_NAME_ITEMS)]:
        lines = [line for line in block.text.split("\n") if not HANDLE.match(line.strip())] if block.kind in ("p", "li") else []
        named = [name_from_line(line, allow_single=False) for line in lines]  # (a line of only a handle is theirs)
        if not lines or not all(len(n) == 1 and " " in n[0] for n in named):
            break
        found.extend(n[0] for n in named)
    return tuple(dict.fromkeys(found))


def features(option: Speakers, author: str = "") -> dict[str, float]:
    """What the fitted weights weigh: the cue, the line it is on, and how much each name reads as a person's."""
    found = [evidence(name) for name in option.names]
    share = lambda values: sum(values) / len(values) if values else 0.0  # noqa: E731
    return {
        f"cue={option.cue}": 1.0,
        "position": float(option.position),
        "given": share([e.given for e in found]),
        "surname": share([e.surname for e in found]),
        "person": share([e.person for e in found]),
        "shape": share([e.shape for e in found]),
        "handle": share([e.handle for e in found]),
        "one_word": share([float(" " not in n and not n.startswith("@")) for n in option.names]),
        "several": float(len(option.names) > 1),
        "role": share([role_share(name) for name in option.names]),
        "weakest": min((e.likeness for e in found), default=0.0),
        "author": float(bool(author) and any(n.casefold() == author.casefold() for n in option.names)),
    }


def decide(found: list[Speakers], author: str = "", where: str = "") -> Speakers | None:
    """The option the weighed evidence prefers, or None when no option scores above zero."""
    folded = [{n.casefold() for n in option.names} for option in found]
    described = [
        Option(option.cue, features(option, author) | {"superset": float(any(other < names for other in folded)),
                                                        "subset": float(any(names < other for other in folded))},
               detail={"names": option.names})
        for option, names in zip(found, folded)
    ]
    best = choose("speaker", where, described)
    return found[best] if best is not None else None


def closing_names(blocks: list[Block], start: int, end: int) -> tuple[str, ...]:
    """A talk's last line that only credits its speaker ("Talk by Marta Pereira.", "Speaker: NAME")."""
    last = next((blocks[i] for i in range(end - 1, start - 1, -1) if blocks[i].kind in ("p", "li", "pre", "h")), None)
    if last is None or last.kind != "p" or len(last.text) > 80 or "\n" in last.text:
        return ()
    if not (TALK_BY.match(last.text) or LABELLED.match(last.text)):
        return ()
    return from_line(last.text, position=LOOK_AHEAD)[0]


def section_speakers(blocks: list[Block], start: int, end: int, heading: bool = True) -> tuple[str, ...]:
    """The speakers a section names in its heading or its opening lines (empty when none)."""
    if heading and blocks[start].kind == "h":
        return find_speakers(blocks, start, end, blocks[start].text, subtitle=False, section=True).names
    if start >= end:
        return ()
    return find_speakers(blocks, start - 1 if start > 0 else None, end, "", subtitle=False, section=True).names


def name_heading(blocks: list[Block], head: int, end: int) -> Speakers:
    """A heading that is only a person's name over a short title line and the notes
    ("<h2>Jane Doe</h2><p><em>Dataframes without pandas</em></p><p>notes</p>"): that person's talk."""
    text = " ".join(blocks[head].text.split())
    names = split_names(text)
    below = head + 1
    if not names or " ".join(names) != text or any(" " not in n for n in names) or below + 1 >= end:
        return Speakers()
    line = blocks[below]
    if line.kind != "p" or "\n" in line.text or len(line.text) > 100 or line.text.rstrip().endswith((".", ":", ";", ",")):
        return Speakers()
    return Speakers(names, line.text.strip(), below, "name_heading") if blocks[below + 1].kind in ("p", "li", "pre") else Speakers()


def group_speakers(blocks: list[Block], head: int) -> tuple[str, ...]:
    """A heading that is only a person's name, right above a talk's heading: that person's talk
    ("<h2>Jane Doe</h2><h3>Title</h3>")."""
    if head == 0 or blocks[head - 1].kind != "h" or blocks[head - 1].level >= blocks[head].level:
        return ()
    text = blocks[head - 1].text
    names = split_names(text)
    return names if names and " ".join(names) == " ".join(text.split()) else ()


def shared_speakers(blocks: list[Block], start: int, end: int) -> tuple[str, ...]:
    """The one person every sub-section of a talk names ("Jane Doe explains...", "Jane Doe shows...")."""
    heads = [i for i in range(start, end) if blocks[i].kind == "h"]
    found = [section_speakers(blocks, h, e) for h, e in zip(heads, heads[1:] + [end])]
    named = [names for names in found if names]
    same = {frozenset(n.casefold() for n in names) for names in named}
    return named[0] if len(named) >= 2 and len(same) == 1 else ()
