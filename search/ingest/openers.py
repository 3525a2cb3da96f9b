"""Stage 4a (continued): the speakers a talk's opening lines name.

"by NAME", "Speaker: NAME", "Presented by NAME", "A talk given by NAME at ...", "NAME talks about ...",
"In her talk on Tuesday, NAME showed ...", a label opening a later sentence ("... packed. Speaker: NAME."),
a "Panelists:" line over one name per list item, the talk's own quoted title followed by "by NAME", or a
line that is just a name (maybe with a handle, URL or affiliation). Labels and "by" words are also read
in German, Dutch, French, Spanish, Italian, Portuguese, Polish, Czech, Swedish and Hungarian. A post's
author ("By NAME · 5 min read", the meta author) and a quotation's attribution are no speakers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from search.ingest.content import Block
from search.ingest.names import (
    AFFILIATION,
    COMMON,
    HANDLE,
    PARTICLES,
    first_name_with_affiliation,
    is_name,
    lower_full_name,
    name_from_line,
    split_names,
)

NAME_CUT = re.compile(
    r"\s+(?:[-–—|]|at|from|of|on|about|for|who|with|given|gave|giving|in|was|is|were|has|had|did|will|"
    r"auf|bei|beim|op|bij|à|au|aux|sur|chez|pendant|lors|während)\s+|\s*[,(:;.]\s*|\s+(?=@|https?://)"
)
EVENT_CUT = re.compile(  # "NAME, NAME and NAME at PGConf.EU 2022 in Berlin."
    r"\s+(?:at|from|in|on|during|for|about|who|was|is|auf|bei|beim|op|bij|à|au|sur|lors|pendant|während|a|al|en)\s+.*$|"
    r"\s*[(:;]\s*.*$|[.!?]\s*$",
    re.S,
)
MAX_NAME_LINES = 8  # one name per line: a panel of up to eight
WITH_MORE = re.compile(r",\s+(?:with|together with|joined by|mit|met|avec|con)\s+(?=[A-Z])")
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
BY_WORDS = r"(?:by|von|door|par)"  # "by NAME" in English, German, Dutch, French
LABELLED = re.compile(
    r"^(?:(?:the |a |o |la |le |il |die |der |de |het |el |our |today's |tonight's |this week's )?"  # ("A palestrante NAME ...")
    r"(?:(?:keynote |guest )?speakers?(?:\(s\))?|present[eo]rs?|presented by|talk by|keynote by|given by|"
    r"présentée? par|presentado por|presentato da|apresentado por|präsentiert von|gepresenteerd door|"
    r"on stage|panel(?:l?ists?| members)|on the panel|moderat(?:or|ed by)|facilitated by|facilitators?|hosted by|"
    r"led by|run by|trainers?|instructors?|tutors?|"
    r"referent(?:in|en|innen)?|"
    r"sprecher(?:in)?|vortragende[rn]?|spreker|sprekers|orat(?:eur|rice)s?|intervenant(?:e|s|es)?|"
    r"conférenci(?:er|ère)s?|prelegen(?:t|tka|ci)|ponentes?|relat(?:ore|rice|ori|rici)|palestrantes?|előadók?|přednášející|"
    r"talare|föreläsare|foredragsholdere?|puhuja|" + BY_WORDS + r"))"
    r"\s*[:\-–—]?\s+(?:(?:is|was|are|were)\s+)?(?P<rest>.+)$",  # ("The speaker is NAME, who ...")
    re.I | re.S,
)
MODERATOR_ONLY = re.compile(r"(?i)^(?:the )?moderat(?:or|ed by)\b(?!.*,\s+(?:with|together with|joined by)\s)")  # (not a speaker)
PICTOGRAPHS = re.compile(r"^[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\s]+|\s+$")  # ("👤 Speaker: NAME")
LABEL_ONLY = re.compile(  # a line that is only a label over the names below it ("Speakers:", "Presenters", "Who")
    r"(?i)^(?:(?:keynote |guest )?speakers?|present[eo]rs?|panel(?:l?ists?| members)|on stage|on the panel|facilitators?|"
    r"trainers?|instructors?|who|"
    r"referent(?:in|en|innen)?|sprecher(?:innen)?|sprekers?|intervenant(?:e|s|es)?|ponentes|relatori|prelegenci|palestrantes)\s*:?$"
)
POST_META = re.compile(r"(?i)\bmin(?:ute)?s?\s+read\b|\breading time\b|[·•|]\s*(?:updated|posted|published)\b")
QUOTE_MARKS = "\"“„«‘'»”"
BY_LINE = re.compile(r"^" + BY_WORDS + r"\s", re.I)
TALK_BY = re.compile(
    r"^(?:(?:my |some )?notes (?:on|from|of) )?(?:(?:this|that) (?:is|was) )?(?:an? |the |this |that )?"
    r"(?:(?:short|lightning|keynote|great|nice|opening|closing) )?"
    r"(?:talk|keynote|presentation|session|lecture|tutorial)s?\s+(?:(?:was|is)\s+)?"
    r"(?:given |held |presented |done )?(?:by|from)\s+(?P<rest>.+)$",
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
    r"did a talk|does a talk|has a talk|had a talk|is here|begins|began|compares|compared|explores|explored|"
    r"proposes|proposed|announces|announced|showcases|showcased|highlights|highlighted|live-coded|recounts|recounted|"
    r"reflects|reflected|closes|closed|concludes|concluded|wraps up|wrapped up|"
    r"liet zien|laat zien|gaf|geeft|hield|vertelde|vertelt|presenteerde|presenteert|sprak|spreekt|legde uit|legt uit|"  # (Dutch)
    r"zeigte|zeigt|erklärte|erklärt|sprach|spricht|präsentierte|präsentiert|erzählte|erzählt|"  # (German)
    r"a présenté|présente|a expliqué|explique|a montré|presentó|explicó|habló|mostró|apresentou|explicou|mostrou"
)
NAME_VERB = re.compile(r"^(?P<names>[^.!?:;]{2,90}?)\s+(?:\([^)]{0,60}\)\s+)?(?:" + VERBS + r")\b", re.S)
POSSESSIVE = re.compile(r"^(?P<names>[^.!?:;]{3,60}?)['’]s?\s+(?:keynote|talk|presentation|session|lightning talk)\b")
LOOK_AHEAD = 3
LOWER_NAME = re.compile(r"^[a-z][a-z\u00df-\u00ff]{2,19}$")
PLACEHOLDERS = frozenset("tbd tba tbc unknown none nobody anonymous someone somebody various me myself".split())


def labelled(text: str) -> re.Match | None:
    """"Speaker: NAME" (after any pictograph: "👤 Relatore: NAME")."""
    return LABELLED.match(PICTOGRAPHS.sub("", text))


def from_line(text: str, position: int = 0) -> tuple[tuple[str, ...], bool]:
    """Speakers named by one of a talk's first blocks (`position` 0, 1, 2); the flag is True when the
    block is only a speaker line. A lone first name ("Larry") counts only in the very first block."""
    lines = [PICTOGRAPHS.sub("", line) for line in text.split("\n") if PICTOGRAPHS.sub("", line)]
    first = lines[0] if lines else ""
    found = labelled_names(lines)
    if found[0]:
        return found
    names = sentence_names(first) or labelled_sentence(first) or (extra_name_lines(text) if position == 0 else ())
    names = names or (possessive_first_name(first) if position == 0 else ())
    if names:
        return names, False
    names = name_from_line(first, allow_single=position == 0)
    return names, bool(names) and "\n" not in text and len(first) < 80


@lru_cache(maxsize=16384)
def line_options(text: str, position: int = 0) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """Every reading of one of a talk's first blocks as speakers: (cue, names, block is only them)."""
    lines = [PICTOGRAPHS.sub("", line) for line in text.split("\n") if PICTOGRAPHS.sub("", line)]
    first = lines[0] if lines else ""
    found = []
    names, whole = labelled_names(lines)
    if names:
        found.append(("label", names, whole))
    for cue, names in (("prose", sentence_names(first)), ("label_sentence", labelled_sentence(first))):
        if names:
            found.append((cue, names, False))
    if position == 0:
        for cue, names in (("name_lines", extra_name_lines(text)), ("possessive", possessive_first_name(first))):
            if names:
                found.append((cue, names, False))
    names = name_from_line(first, allow_single=position == 0)
    if names:
        found.append(("name_line", names, "\n" not in text and len(first) < 80))
    elif position == 0:
        lower, single = lower_full_name(re.sub(r"(?i)^by\s+", "", first)), first_name_with_affiliation(first)
        if lower:
            found.append(("lower_name_line", (lower,), "\n" not in text))
        if single:
            found.append(("first_name_line", (single,), False))
    return tuple(found)


def labelled_names(lines: list[str]) -> tuple[tuple[str, ...], bool]:
    """"Speaker: NAME", "Talk by NAME", "Vortrag von NAME" in a block's first lines ("by NAME" only first)."""
    for n, line in enumerate(lines[:4]):
        if MODERATOR_ONLY.match(line):
            continue
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
        names = split_names(match.group("names"), lenient=True) if match else None
        if names:
            return names
    return ()


def possessive_first_name(first: str) -> tuple[str, ...]:
    """"Conor's talk, he works at Intercom.": a first name alone, in a talk's very first line only."""
    match = POSSESSIVE.match(first)
    name = match.group("names").strip() if match else ""
    return (name,) if name and " " not in name and is_name(name, allow_single=True, lenient=True) else ()


def names_before_cut(rest: str) -> tuple[str, ...]:
    rest = WITH_MORE.sub(", ", rest.strip())  # ("Moderated by X, with A, B and C.")
    whole = split_names(rest.rstrip("."), allow_single=False, lenient=True)
    if whole:
        return whole
    for text in (AFFILIATION.sub("", rest), rest):  # "A (Datadog), B (Spotify) and C"
        names = split_names(EVENT_CUT.sub("", text), allow_single=False, lenient=True)
        if names:
            return names
    head = NAME_CUT.split(rest, maxsplit=1)[0]
    return split_names(head, allow_single=True, lenient=True) or split_names(leading_name(rest), lenient=True) or lower_name(rest)


def lower_name(rest: str) -> tuple[str, ...]:
    """A lone lower-case word after a speaker label ("Speaker: ciara"): a first name or nick as the
    note-taker typed it; not a placeholder ("tbd", "unknown") or a common word."""
    word = rest.strip().rstrip(".")
    if not LOWER_NAME.match(word) or word in COMMON or word in PLACEHOLDERS:
        return ()
    return (word,)


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
    """"Iacopo Spalletti - Django CMS\\nTom Dyson - Wagtail": one speaker per line (a panel: up to eight)."""
    lines = [line for line in text.split("\n") if line.strip()]
    found = [name_from_line(line) for line in lines[:MAX_NAME_LINES]]
    names = tuple(n[0] for n in found if n and not HANDLE.match(n[0]) and " " in n[0])
    return names if len(names) >= 2 else ()


def listed_names(blocks: list[Block], label: int, end: int) -> tuple[str, ...]:
    """"Panelists:" / "Speakers:" alone on a line, then one name per list item."""
    if not LABEL_ONLY.match(blocks[label].text):
        return ()
    if is_field_value(blocks, label, end):  # (":speakers: A, B, C" in a Sphinx field list: <dt>, <dd>)
        return from_line(f"{blocks[label].text} {blocks[label + 1].text}")[0]
    found: list[str] = []
    for block in blocks[label + 1 : min(end, label + 9)]:
        named = listed_name(block.text) if block.kind == "li" else ()
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


def listed_name(text: str) -> tuple[str, ...]:
    """One list item under a speaker label: a name read leniently ("Sun-hee Park"), with an affiliation maybe."""
    named = name_from_line(text, allow_single=False) or split_names(text.strip(), lenient=True) or ()
    return named if all(" " in name for name in named) else ()


def is_field_value(blocks: list[Block], label: int, end: int) -> bool:
    """The label's one value item: a single list item, not the first of a list of names."""
    after = blocks[label + 1 : min(end, label + 3)]
    return bool(after) and after[0].kind == "li" and (len(after) == 1 or after[1].kind != "li")


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
