"""Stage 4a: a talk's speakers, and its title without them.

Looked for in this order: the heading ("Speaker: Title", "Title - Speaker", "Title by Speaker",
"Title (Speaker)"), then the first lines of the talk ("by NAME", "Speaker: NAME", "Presented by NAME",
"A talk given by NAME at ...", "NAME talks about ...", or a line that is just a name, maybe with a
handle, URL or affiliation). Labels and "by" words are also read in German, Dutch, French, Spanish,
Italian, Polish and Hungarian ("Referentin:", "Vortrag von", "door", "par A et B", "Ponente:").
Nothing found gives an empty tuple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.ingest.content import Block
from search.ingest.metadata import conference_prefix, looks_like_conference
from search.ingest.names import AFFILIATION, HANDLE, PARTICLES, name_from_line, split_names

NAME_CUT = re.compile(
    r"\s+(?:[-–—|]|at|from|of|on|about|for|who|with|given|gave|giving|in|was|is|were|has|had|did|will|"
    r"auf|bei|beim|op|bij|à|au|aux|sur|chez|pendant|lors|während)\s+|\s*[,(:;.]\s*|\s+(?=@|https?://)"
)
EVENT_CUT = re.compile(  # "NAME, NAME and NAME at PGConf.EU 2022 in Berlin."
    r"\s+(?:at|from|in|on|during|for|about|who|was|is|auf|bei|beim|op|bij|à|au|sur|lors|pendant|während|a|al|en)\s+.*$|"
    r"\s*[(:;]\s*.*$|[.!?]\s*$",
    re.S,
)
SENTENCES = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")  # (not after "Chris O." or "Dr.")
SENTENCE_BREAK = re.compile(r"(?<=[a-z]{3})[.!?]\s+\w{2}")  # (not after "Chris O." or "Dr.")
LEAD_IN = re.compile(  # "In this talk, NAME explained ...", "In her talk on Tuesday, NAME showed ...", "Notes on NAME's talk",
    # "At PlatformCon 2023 last week, NAME gave ..."
    r"(?i)^(?:(?:in|during|for) (?:this|his|her|their|the) (?:talk|keynote|presentation|session|lightning talk)"
    r"(?:\s+[^,]{1,40})?,\s+|(?:my |some |a few )?notes (?:on|from|about|of) |(?:at|during) [^,]{3,60},\s+|"
    r"(?:next|next up|then|after that|after lunch|after the break|finally|first|first up|afterwards),\s+|"
    r"(?:today|yesterday|this (?:morning|afternoon|evening)|tonight|last (?:week|night)),?\s+)"
)
QUOTED_BY = re.compile(  # "my favourite talk was “Accessible forms” by NAME."
    r"[“\"«„‘](?P<quoted>[^”\"»“’]{3,120})[”\"»“’],?\s+(?:by|von|door|par|de|di)\s+(?P<rest>[^.!?;]+)"
)
WIDGET_LINE = re.compile(r"(?i)^\W*(?:follow|share|listen|\d+(?:\.\d+)?k?|\d+ min(?:ute)?s? read\b.*)\W*$")  # (Medium's buttons)
BY_WORDS = r"(?:by|von|door|par)"  # "by NAME" in English, German, Dutch, French
LABELLED = re.compile(
    r"^(?:(?:the |a |o |la |le |il |die |der |de |het |el )?"  # ("A palestrante NAME abriu ...")
    r"(?:(?:keynote |guest )?speakers?(?:\(s\))?|presenters?|presented by|talk by|keynote by|given by|"
    r"on stage|panel(?:l?ists?| members)|on the panel|moderat(?:or|ed by)|facilitated by|facilitators?|hosted by|"
    r"referent(?:in|en|innen)?|"
    r"sprecher(?:in)?|vortragende[rn]?|spreker|sprekers|orat(?:eur|rice)s?|intervenant(?:e|s|es)?|"
    r"conférenci(?:er|ère)s?|prelegen(?:t|tka|ci)|ponentes?|relat(?:ore|rice)|palestrantes?|előadók?|přednášející|talare|föreläsare|foredragsholdere?|puhuja|" + BY_WORDS + r"))"
    r"\s*[:\-–—]?\s+(?:(?:is|was|are|were)\s+)?(?P<rest>.+)$",  # ("The speaker is NAME, who ...")
    re.I | re.S,
)
LABEL_ONLY = re.compile(
    r"(?i)^(?:(?:keynote |guest )?speakers?|presenters?|panel(?:l?ists?| members)|on stage|on the panel|facilitators?|"
    r"referent(?:in|en|innen)?|sprecher(?:innen)?|sprekers?|intervenant(?:e|s|es)?|ponentes|relatori|prelegenci|palestrantes)\s*:$"
)
POST_META = re.compile(r"(?i)\bmin(?:ute)?s?\s+read\b|\breading time\b|[·•|]\s*(?:updated|posted|published)\b")
QUOTE_MARKS = "\"“„«‘'»”"
BY_LINE = re.compile(r"^" + BY_WORDS + r"\s", re.I)
TALK_BY = re.compile(
    r"^(?:(?:my |some )?notes (?:on|from|of) )?(?:(?:this|that) (?:is|was) )?(?:an? |the |this |that )?"
    r"(?:(?:short|lightning|keynote|great|nice|opening|closing) )?"
    r"(?:talk|keynote|presentation|session|lecture|tutorial)s?\s+(?:(?:was|is)\s+)?"
    r"(?:given |held |presented |done )?by\s+(?P<rest>.+)$",
    re.I | re.S,
)
TALK_BY_ABROAD = re.compile(  # "Notizen zum Vortrag von NAME", "Een talk door NAME", "Présentation de NAME"
    r"^(?:(?:notizen|notities|aantekeningen|notes|compte[- ]rendu) (?:zum|zur|zu|van|bij|de|du|sur) )?"
    r"(?:(?:een|der|die|das|ein|eine|la|le|une?|de|il|lo|el) )?(?:talk|vortrag|vortrags|lezing|presentatie|"
    r"keynote|présentation|conférence|exposé|intervention|wykład|prezentacja|charla|ponencia|intervento|"
    r"relazione)\s+(?:gegeven |gehouden |donnée? |présentée? )?(?:von|door|par|de|d[’']|di|by)\s*(?P<rest>.+)$",
    re.I | re.S,
)
TALK_BY_INSIDE = re.compile(  # "... the Kafka Summit talk presented by A and B.", "The keynote of CONF in CITY was given by A"
    r"\b(?:talk|keynote|presentation|session|lecture)\s+(?:(?:of|at)\s+[^,.;!?]{3,60}?\s+)?(?:(?:was|is)\s+)?"
    r"(?:given |presented |delivered |held )?by\s+(?P<rest>[^.!?;]+)",
    re.I,
)
TALK_ABOUT = re.compile(  # "A talk about Armin Ronacher given at PyCodeConf": only a full name counts
    r"^(?:an? |the )?(?:\w+ )?(?:talk|keynote|presentation)\s+(?:given\s+)?about\s+(?P<names>[^,.;:()]{3,80}?)"
    r"\s+(?:given|held|presented|delivered)\b",
    re.I,
)
VERBS = (
    r"gives|gave|giving|is giving|talks|talked|is talking|was talking|will talk|speaks|spoke|presents|"
    r"presented|is presenting|explains|explained|shows|showed|introduces|introduced|tells|told|discusses|"
    r"discussed|demonstrates|demonstrated|shares|shared|opens|opened|kicks off|kicked off|starts|started|"
    r"takes us|took us|walks us|walked us|walks|walked|went|goes|covers|covered|describes|described|argues|"
    r"argued|demos|demoed|reviews|reviewed|outlines|outlined|summarises|summarised|summarizes|summarized|"
    r"did a talk|does a talk|has a talk|had a talk|is here|begins|began"
)
NAME_VERB = re.compile(r"^(?P<names>[^.!?:;]{2,90}?)\s+(?:\([^)]{0,60}\)\s+)?(?:" + VERBS + r")\b", re.S)
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
TITLE_BY = re.compile(r"^(?P<title>.+?),?\s+" + BY_WORDS + r"\s+(?P<names>.{3,80})$", re.I)
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
POSSESSIVE = re.compile(r"^(?P<names>[^.!?:;]{3,60}?)['’]s?\s+(?:keynote|talk|presentation|session|lightning talk)\b")
AT_EVENT = re.compile(r"\s+(?:at|@)\s+(?=[A-Z0-9]).*$")  # "Matt Harrison at PyCon US 2023"
DASHES = re.compile(r"\s+[-–—|]\s+")
LOOK_AHEAD = 3


@dataclass(frozen=True)
class Speakers:
    names: tuple[str, ...] = ()
    title: str = ""
    line: int | None = None  # index of a block that is only the speaker line (left out of the body)


def from_title(title: str) -> Speakers:
    """"Speaker: Title", "Title - Speaker", "Speaker - Title", "Title by Speaker", "Title (Speaker)",
    "Title: Speaker"; a conference prefix first is kept on the title ("PyCon 2015: Speaker: Title")."""
    match = TITLE_WITH.match(title.strip())
    names = split_names(match.group("names")) if match else None
    if names:
        return Speakers(names, title.strip())
    conf, rest = conference_prefix(TIME_LEAD.sub("", title))
    prefix = f"{conf}: " if conf and TIME_LEAD.sub("", title).lstrip("[ ").startswith(conf) else ""  # (not "... at PyCon")
    for pattern in (TALK_OF_PREFIX, TITLE_QUOTED_BY, TITLE_PREFIX, TITLE_DASH, NAMES_DASH, TITLE_BY, TITLE_PARENS, TITLE_SUFFIX, NAMES_ON, TITLE_COMMA):
        match = pattern.match(rest)
        if match:
            names = split_names(match.group("names")) or split_names(strip_affiliation(match.group("names")))
            names = names or split_names(AT_EVENT.sub("", match.group("names")))
            if names and not any(HANDLE.match(n) for n in names) and (pattern is not TITLE_COMMA or full_names(names)):
                if not is_contact_line(match.group("title")):  # ("Yuki Sato (@yukisato) - Money Forward": a person and a company)
                    return Speakers(names, prefix + match.group("title").strip())
    lead = KIND_LEAD.match(rest)
    if lead:  # "Keynote: Prof. Dr. NAME — Title" (the kind stays on the title)
        found = from_title(rest[lead.end() :])
        if found.names:
            return Speakers(found.names, f"{prefix}{lead.group(0).strip()} {found.title}")
    return from_title_parts(title)


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
    return Speakers(names, " - ".join(topical))


def strip_affiliation(names: str) -> str:
    """"Jane Doe (Acme)" -> "Jane Doe"; "Jane Doe, Acme Corp" -> "Jane Doe" (a short tail after one comma)."""
    names = re.sub(r"\s*\([^()]*\)\s*$", "", names.strip())
    head, comma, tail = names.partition(",")
    if comma and "," not in tail and len(tail.split()) <= 3 and not re.search(r"\b(?:and|&)\b", tail):
        return head
    return names


def from_line(text: str, position: int = 0) -> tuple[tuple[str, ...], bool]:
    """Speakers named by one of a talk's first blocks (`position` 0, 1, 2); the flag is True when the
    block is only a speaker line. A lone first name ("Larry") counts only in the very first block."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    first = lines[0] if lines else ""
    found = labelled_names(lines)
    if found[0]:
        return found
    names = sentence_names(first) or labelled_sentence(first) or (extra_name_lines(text) if position == 0 else ())
    if names:
        return names, False
    names = name_from_line(first, allow_single=position == 0)
    return names, bool(names) and "\n" not in text and len(first) < 80


def labelled_names(lines: list[str]) -> tuple[tuple[str, ...], bool]:
    """"Speaker: NAME", "Talk by NAME", "Vortrag von NAME" in a block's first lines ("by NAME" only first)."""
    for n, line in enumerate(lines[:4]):
        for pattern in (LABELLED, TALK_BY, TALK_BY_ABROAD):
            match = pattern.match(line)
            if match and (n == 0 or (pattern is LABELLED and not BY_LINE.match(line))):
                names = names_before_cut(match.group("rest"))
                if names:
                    only = len(lines) == 1 and len(lines[0]) < 120 and not SENTENCE_BREAK.search(lines[0])
                    return names, pattern is LABELLED and only  # ("Talk by A. Notes..." is text too)
    return (), False


def labelled_sentence(first: str) -> tuple[str, ...]:
    """"Great room. On stage: A, B and C." / "... packed. Speaker: NAME. ...": a label opening a later sentence."""
    for sentence in SENTENCES.split(first)[1:5]:
        match = LABELLED.match(sentence)
        names = names_before_cut(match.group("rest")) if match and not BY_LINE.match(sentence) else ()
        if names:
            return names
    return ()


def sentence_names(first: str) -> tuple[str, ...]:
    """"... the talk presented by NAME", "A talk about NAME given at", "NAME talks about", "NAME's talk"."""
    match = TALK_BY_INSIDE.search(first)
    names = names_before_cut(match.group("rest")) if match else None
    if names:
        return names
    match = TALK_ABOUT.match(first)
    names = split_names(match.group("names")) if match else None
    if names:
        return names
    for pattern in (NAME_VERB, POSSESSIVE):
        match = pattern.match(LEAD_IN.sub("", first))
        names = split_names(match.group("names")) if match else None
        if names:
            return names
    return ()


def names_before_cut(rest: str) -> tuple[str, ...]:
    rest = rest.strip()
    whole = split_names(rest.rstrip("."), allow_single=False)
    if whole:
        return whole
    for text in (AFFILIATION.sub("", rest), rest):  # "A (Datadog), B (Spotify) and C"
        names = split_names(EVENT_CUT.sub("", text), allow_single=False)
        if names:
            return names
    head = NAME_CUT.split(rest, maxsplit=1)[0]
    return split_names(head, allow_single=True) or split_names(leading_name(rest)) or ()


def leading_name(text: str) -> str:
    """The capitalised words (and particles) a labelled text opens with: "Ana dos Santos abriu a ..." -> "Ana dos Santos"."""
    taken = []
    for token in text.split()[:6]:
        if not (token[:1].isupper() or token.lower() in PARTICLES):
            break
        taken.append(token)
    while taken and taken[-1].lower() in PARTICLES:
        taken.pop()
    return " ".join(taken)


def extra_name_lines(text: str) -> tuple[str, ...]:
    """"Iacopo Spalletti - Django CMS\\nTom Dyson - Wagtail": one speaker per line."""
    lines = [line for line in text.split("\n") if line.strip()]
    found = [name_from_line(line) for line in lines[:4]]
    names = tuple(n[0] for n in found if n and not HANDLE.match(n[0]) and " " in n[0])
    return names if len(names) >= 2 else ()


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
    blocks: list[Block], head: int | None, end: int, title: str, subtitle: bool = True, author: str = ""
) -> Speakers:
    by_title = from_title(title)
    if by_title.names:
        return by_title
    start = head + 1 if head is not None else 0
    lines = [
        i for i in text_blocks(blocks, start, end, subtitle)
        if not is_author_line(blocks[i].text, author) and not is_attribution(blocks, i)
    ]
    for position, i in enumerate(lines):
        listed = listed_names(blocks, i, end)
        if listed:
            return Speakers(listed, title)
        names, whole = from_line(blocks[i].text, position)
        names = names or quoted_title_by(blocks[i].text, title)
        if names:
            return Speakers(names, title, i if whole else None)
    return Speakers(from_byline(blocks, start, end), title)


def listed_names(blocks: list[Block], label: int, end: int) -> tuple[str, ...]:
    """"Panelists:" / "Speakers:" alone on a line, then one name per list item."""
    if not LABEL_ONLY.match(blocks[label].text):
        return ()
    found: list[str] = []
    for block in blocks[label + 1 : min(end, label + 9)]:
        named = name_from_line(block.text, allow_single=False) if block.kind == "li" else ()
        if not named:
            break
        found.extend(named)
    return tuple(found)


def quoted_title_by(text: str, title: str) -> tuple[str, ...]:
    """The speakers after the talk's own title quoted in the text ("... “Accessible forms” by NAME"); a
    quoted book or talk that is not this one ("I re-read “Refactoring” by NAME") names no speaker."""
    folded = " ".join(title.casefold().split())
    for match in QUOTED_BY.finditer(text):
        quoted = " ".join(match.group("quoted").casefold().strip(" ,.").split())
        names = names_before_cut(match.group("rest")) if quoted and quoted in folded else ()
        if names:
            return names
    return ()


def is_author_line(text: str, author: str) -> bool:
    """A line that is only the post author's name, or "By NAME · 5 min read" (a byline the theme does not mark)."""
    if BY_LINE.match(text) and POST_META.search(text):
        return True
    return bool(author) and text.strip().casefold() == author.casefold()


def is_attribution(blocks: list[Block], i: int) -> bool:
    """"— Marc Andreessen" right below a quotation: who said it, not who spoke."""
    text = blocks[i].text.lstrip()
    return i > 0 and text[:1] in "—–-~" and blocks[i - 1].text.lstrip()[:1] in QUOTE_MARKS


def from_byline(blocks: list[Block], start: int, end: int) -> tuple[str, ...]:
    """"Notes on the talk by NAME at ..." in the post's byline (a plain "by NAME" there is the blog's author)."""
    for i in range(start, min(end, start + LOOK_AHEAD + 2)):
        if blocks[i].kind == "h":
            break
        match = byline_label(blocks[i].text) if blocks[i].kind == "byline" else None
        names = names_before_cut(match.group("rest")) if match else ()
        if names:
            return names
    return ()


def byline_label(text: str) -> re.Match | None:
    """"Notes on the talk by NAME", "Speaker: NAME" in a byline or a page's properties (not a bare "by NAME": that is the author)."""
    labelled = LABELLED.match(text)
    return TALK_BY.match(text) or (labelled if labelled and not BY_LINE.match(text) else None)


def has_speaker_evidence(blocks: list[Block], start: int, end: int, heading: bool = True) -> bool:
    """Does this section name its own speaker (in its heading or its opening lines)?"""
    return bool(section_speakers(blocks, start, end, heading))


def section_speakers(blocks: list[Block], start: int, end: int, heading: bool = True) -> tuple[str, ...]:
    """The speakers a section names in its heading or its opening lines (empty when none)."""
    if heading and blocks[start].kind == "h":
        names = from_title(blocks[start].text).names or group_speakers(blocks, start)
        if names:
            return names
        start += 1
    if start >= end:
        return ()
    return find_speakers(blocks, start - 1 if start > 0 else None, end, "", subtitle=False).names


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
