"""Stage 3: where do talks start and end in the block stream?

- a listing: two or more headings that link to other pages of the same site, each followed by text
  (Plone/WordPress/Hugo front pages and archives): one talk per linked heading;
- a page whose sections are separate talks: its title says so ("Lightning talks", "Keynotes", "Talks
  on day 2") or most sections open with their own speaker ("by NAME", "Speaker: NAME", a bare name);
- otherwise one talk: the first heading is its title and every later heading is a sub-heading of it.
An index / table-of-contents page (mostly links) yields nothing; that is decided in `is_toc`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from search.ingest.content import Block, site_of
from search.ingest.evidence import Option, choose, record
from search.ingest.metadata import looks_like_conference
from search.ingest.persons import likeness as name_likeness
from search.ingest.speakers import from_title, person_line, section_speakers

LIGHTNING = re.compile(
    r"(?i)\blightning\b|^(?:day \d+|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?: (?:morning|afternoon|evening))?$"
)
PLURAL_TITLE = re.compile(r"(?i)\b(?:talks|keynotes|presentations|sessions|tutorials|workshops|speakers|panels)\b")
SESSION_TITLE = re.compile(r"(?i)\b(?:keynote|session|panel|workshop|tutorial|fireside chat|q&a)\b")  # one session's title
DAY_TITLE = re.compile(r"(?i)\b(?:meetup|meet-up|day \d+)\b")
NOT_A_TALK = re.compile(  # a day's breaks and a post's closing sections (or a bare time), among the talks of a day
    r"(?i)^[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\s]*(?:\d{1,2}[:h.]\d{2}\s*[-–—:]?\s*)?(?:$|(?:coffee |lunch |tea )?break|coffee|café|koffie|kaffee(?:pause)?|pausa|pause|lunch|pranzo|almuerzo|mittagessen|déjeuner|breakfast|dinner|registration|"
    r"(?:in )?summary|conclusions?|wrap[- ]?up|final thoughts|closing thoughts|(?:key )?takeaways|next steps|"
    r"what (?:i'?m|i am|we(?:'re| are)?) reading|(?:further|recommended|suggested) reading|reading list|links|"
    r"resources|references|see also|other talks|thanks|acknowledge?ments|what (?:we|i)(?:'ll| will) (?:change|try|do)|"
    r"fazit|zusammenfassung|samenvatting|tot slot|conclusi(?:ón|on|one|oni|ones|ão)|en résumé|pour conclure|"
    r"podsumowanie|wnioski|resumo|riassunto|sponsors?|(?:our )?(?:thanks to (?:the |our )?)?(?:sponsors|organi[sz]ers|hosts?)|"
    r"housekeeping|announcements|next meetup|photos|venue|(?:opening|closing|final) remarks|"
    r"(?:overall|general|first|my) (?:impressions|thoughts|take)|overall|impressions|drinks|pizza|borrel|networking drinks|"
    r"socials?|after[- ]?party|sprints?|sprint orientation|open spaces?|hallway track|(?:opening|closing) session)(?:\s+(?:notes?|time))?\W*$"
)
GROUP_LABEL = re.compile(
    r"(?i)^(?:(?:the |other |main |more |all )?(?:talks|sessions|presentations|workshops|tutorials|keynotes)|"
    r"morning|afternoon|evening|track \w{1,12}|day \d+)\W*$"
)
TALK_LABEL_LEAD = re.compile(  # "Session 4: Title", "Keynote: Title", "Afternoon Keynote - Title": one talk's title
    r"(?i)^(?:(?:opening|closing|morning|afternoon|evening|first|second|final|virtual) )?"
    r"(?:keynote|session|talk|lightning talk|workshop|tutorial|panel)\s*(?:#?\d{1,2})?\s*[:\-–—]"
)
GROUP_TEXT_LIMIT = 300
UNTITLED_TEXT = 60  # this much text before the first heading: the title is outside the content area
LISTING_INTRO_LIMIT = 600
TEXT_KINDS = ("p", "li", "pre")
TOC_SHARE = 0.4
LOCAL_ITEMS_SHARE = 0.4
LINK_SHARE = 0.5
LINK_LIST_PROSE = 120  # a README's intro line above its list of links


@dataclass(frozen=True)
class Span:
    """A talk's place in the stream: blocks[start:end]; `head` is its title heading (or None)."""

    start: int
    end: int
    head: int | None
    permalink: str = ""
    section: bool = False
    listed: bool = False  # one entry of a listing: only its own marks date it, never the page's


def find_spans(blocks: list[Block], base: str) -> list[Span]:
    listing = listing_spans(blocks, base)
    if listing:
        return [sub for span in listing for sub in split_sections(blocks, span)]
    headings = [i for i, b in enumerate(blocks) if b.kind == "h"]
    if not headings:
        return [Span(0, len(blocks), None)] if blocks else []
    if prose_chars(blocks, 0, headings[0]) >= UNTITLED_TEXT:
        page = Span(0, len(blocks), None)
    else:
        page = Span(headings[0], len(blocks), headings[0])
    if local_share(blocks, page) > TOC_SHARE:
        return [page]
    parts = split_sections(blocks, page)
    if len(parts) == 1 and page.head is not None and heads_a_talk(blocks, page.head):
        untitled = split_sections(blocks, Span(0, len(blocks), None))
        return untitled if len(untitled) > 1 else parts
    return parts


def heads_a_talk(blocks: list[Block], head: int) -> bool:
    """Does the page's first heading already open a talk (it or its lines name a speaker)? Then it is
    not the page's title but the first of its talks (a Google Docs page: "<h2>Title</h2> Speaker: NAME")."""
    level = blocks[head].level
    end = next((i for i in range(head + 1, len(blocks)) if blocks[i].kind == "h" and blocks[i].level <= level), None)
    return end is not None and bool(section_speakers(blocks, head, end))


def listing_spans(blocks: list[Block], base: str) -> list[Span]:
    return entry_spans(blocks, base) or linked_heading_spans(blocks, base)


def entry_spans(blocks: list[Block], base: str) -> list[Span]:
    """Two or more <article>s with a heading and text: one talk each (permalink or #anchor)."""
    starts = [i for i, b in enumerate(blocks) if b.kind == "entry"]
    if len(starts) < 2:
        return []
    spans = []
    for start, end in zip(starts, starts[1:] + [len(blocks)]):
        head = next((i for i in range(start, end) if blocks[i].kind == "h"), None)
        if head is None or text_chars(blocks, head + 1, end) < 40:
            continue
        link = blocks[start].text
        permalink = urljoin(base, link) if link and site_of(urljoin(base, link)) == site_of(base) else ""
        if permalink and same_page(permalink, base):
            return []  # the page's own post, with other articles below it
        end = next((i for i in range(head, end) if blocks[i].kind == "entryend"), end)
        end = cut_trailing_headings(blocks, head, end)
        spans.append(Span(start, end, head, permalink, section=not permalink, listed=True))
    return spans if len(spans) >= 2 else []


def linked_heading_spans(blocks: list[Block], base: str) -> list[Span]:
    home = site_of(base)
    linked = [
        i for i, b in enumerate(blocks)
        if b.kind == "h" and b.link and is_page_link(b.link) and site_of(urljoin(base, b.link)) == home
    ]
    own = [i for i in linked if same_page(urljoin(base, blocks[i].link), base)]
    linked = [i for i in linked if i not in own]
    if len(linked) < 2 or (own and text_chars(blocks, own[0], linked[0]) > LISTING_INTRO_LIMIT):
        return []  # (a post whose title links to itself, followed by its text and other linked headings)
    level = min(blocks[i].level for i in linked)
    starts = [i for i in linked if blocks[i].level == level]
    ends = starts[1:] + [len(blocks)]
    spans = [
        Span(s, cut_trailing_headings(blocks, s, e), s, urljoin(base, blocks[s].link), listed=True)
        for s, e in zip(starts, ends)
    ]
    with_text = [s for s in spans if text_chars(blocks, s.start + 1, s.end) >= 40]
    if len(with_text) < 2 or intro_chars(blocks, starts[0]) > LISTING_INTRO_LIMIT:
        return []
    return with_text


def same_page(url: str, base: str) -> bool:
    def strip(u: str) -> str:
        parts = urlsplit(u)
        return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"

    return strip(url) == strip(base)


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


def prose_chars(blocks: list[Block], start: int, end: int) -> int:
    """Text that is not link text (a sidebar of archive links above the title is not the post's text)."""
    return sum(max(0, len(b.text) - b.link_chars) for b in blocks[start:end] if b.kind in TEXT_KINDS)


def intro_chars(blocks: list[Block], end: int) -> int:
    return text_chars(blocks, 0, end)


def split_sections(blocks: list[Block], span: Span) -> list[Span]:
    """One talk, or one per section: every way to divide the span (as one talk; at each heading level, the
    sections inside "Day 1"-like groups included; talks on two levels) is an option, described by how its
    sections look side by side, and the weighed evidence picks one (see `segment_features`). A "Lightning
    talks" section is split into its own sections whichever option wins."""
    heads = [i for i in range(span.start, span.end) if blocks[i].kind == "h" and i != span.head]
    title_level = blocks[span.head].level if span.head is not None else 0
    title = blocks[span.head].text if span.head is not None else ""
    levels = sorted({blocks[i].level for i in heads if blocks[i].level >= title_level})  # (Blogger: h3 title, h3 talks)
    found: list[tuple[str, list[Span], dict[str, float]]] = []
    for depth, level in enumerate(levels[:3]):  # (talks under "Day 1" > "Track A" groups are three deep)
        sections = sections_at(blocks, span, heads, level)
        if not sections or (len(sections) == 1 and sections[0].end - sections[0].start < 2):
            continue
        grouped = not depth or groups_only(blocks, span, heads, level) or closing_only(blocks, heads, level)
        features = segment_features(blocks, sections, title) | {f"depth{depth}": 1.0, "ungrouped": float(not grouped)}
        found.append((f"level {level}", talk_sections(blocks, sections), features))
    mixed = mixed_sections(blocks, span, heads, levels)
    if mixed:
        found.append(("two levels", talk_sections(blocks, mixed), segment_features(blocks, mixed, title) | {"two_levels": 1.0}))
    found = [option for option in found if option[1]]
    if not found:  # (nothing to weigh: no heading divides it)
        record("segment", title, [Option("one", {}, detail={"talks": outline(blocks, [span])})], 0)
        return [span]
    found.insert(0, ("one", [span], span_features(blocks, span, heads, title)))
    options = [Option(label, features, detail={"talks": outline(blocks, parts)}) for label, parts, features in found]
    best = choose("segment", title, options, threshold=None) or 0
    return found[best][1]


def span_features(blocks: list[Block], span: Span, heads: list[int], title: str) -> dict[str, float]:
    """What speaks for the span being one talk: its title says so ("Session 4:", "Keynote:") or names a
    speaker, or its opening lines name one person above all its sections."""
    first = next((h for h in heads if blocks[h].level >= (blocks[span.head].level if span.head is not None else 0)), span.end)
    intro_start = span.head + 1 if span.head is not None else span.start
    intro = section_speakers(blocks, intro_start, first, heading=False) if first > intro_start else ()
    subheads = [blocks[h].text for h in heads if span.head is None or blocks[h].level > blocks[span.head].level]
    people = [bool(person_line(text)) for text in subheads]
    event = looks_like_conference(title)  # ("DevOpsDays Oslo 2019": an event's page, not a talk's)
    return {
        "one": 1.0,
        "one_title_label": float(bool(TALK_LABEL_LEAD.match(title))),
        "one_title_named": float(any(name_likeness(n) >= 0.6 for n in from_title(title).names)),
        "one_intro_named": float(any(len(name.split()) > 1 for name in intro)),
        "one_lightning": float(bool(LIGHTNING.search(title))),
        "one_day": float(bool(DAY_TITLE.search(title))),
        "one_plural": float(bool(PLURAL_TITLE.search(title))),
        "one_title_words": min(1.0, len(title.split()) / 8),
        "one_title_session": float(bool(SESSION_TITLE.search(title)) and not PLURAL_TITLE.search(title)),
        "one_people_then_topics": float(bool(people) and people[0] and not all(people) and not event),
        "one_event_title": float(event),
        "one_title_person": float(bool(person_line(title))),  # (a page headed by a person: their talk, or the first of several)
    }


def segment_features(blocks: list[Block], sections: list[Span], title: str) -> dict[str, float]:
    """How much a division into these sections looks like separate talks: parallel sections that each name
    a speaker (different ones), under a title that speaks of talks; not a talk's own outline ("Overview",
    "Demo", "Q&A?") with the same person throughout."""
    speakers = [section_speakers(blocks, s.start, s.end) for s in sections]
    named = [names for names in speakers if names]
    texts = [blocks[s.head].text for s in sections]
    thin = [text_chars(blocks, s.start + 1, s.end) < 80 for s in sections]
    in_heading = [any(name_likeness(n) >= 0.5 for n in from_title(text).names) or name_likeness(text) >= 0.6 for text in texts]
    share = lambda flags: (lambda values: sum(values) / len(values))([float(f) for f in flags])  # noqa: E731
    distinct = {frozenset(n.casefold() for n in names) for names in named}
    lightning, day = float(bool(LIGHTNING.search(title))), float(bool(DAY_TITLE.search(title)))
    plural = float(bool(PLURAL_TITLE.search(title)))
    return {
        "split": 1.0,
        "named": share(map(bool, speakers)),
        "named_day": share(map(bool, speakers)) * day,
        "two_named": float(len(named) >= 2),
        "same_person": float(len(named) >= 2 and len(distinct) == 1),
        "lightning": lightning,
        "day": day,
        "plural": plural,
        "named_plural": share(map(bool, speakers)) * plural,
        "log_sections": math.log(len(sections)),
        "single": float(len(sections) == 1),
        "single_label": float(len(sections) == 1 and bool(TALK_LABEL_LEAD.match(texts[0]))),
        "name_heads": share(name_likeness(text) >= 0.6 and len(text.split()) <= 4 for text in texts),
        "short_heads": share(len(text.split()) <= 2 for text in texts),
        "question_heads": share(text.rstrip().endswith("?") for text in texts),
        "thin": share(thin),
        "thin_named": share(t and bool(names) for t, names in zip(thin, speakers)),
        "named_heading": share(in_heading),
        "linked_heads": share(bool(blocks[s.head].link) and blocks[s.head].local_chars > 0 for s in sections),
        "not_talks": share(bool(NOT_A_TALK.match(text)) for text in texts),
    }


def outline(blocks: list[Block], sections: list[Span]) -> list[dict]:
    """What the fitter needs to judge an option: each talk's heading and first words."""
    return [
        {"title": blocks[s.head].text if s.head is not None else "",
         "body": " ".join(b.text for b in blocks[s.start : s.end] if b.kind in TEXT_KINDS)[:400]}
        for s in sections
    ]


def talk_sections(blocks: list[Block], sections: list[Span]) -> list[Span]:
    talks = [s for s in sections if not NOT_A_TALK.match(blocks[s.head].text)]
    return [part for section in talks for part in lightning_parts(blocks, section)]


def mixed_sections(blocks: list[Block], span: Span, heads: list[int], levels: list[int]) -> list[Span]:
    """Talks on two levels: "## Keynote" beside "## Talks" whose "### Title" sections are the other talks.
    Each top section that is a group label ("Talks", "Workshops", "Morning") gives its sub-sections."""
    if len(levels) < 2:
        return []
    found, grouped = [], False
    for section in sections_at(blocks, span, heads, levels[0]):
        inner = [h for h in heads if section.head < h < section.end]
        if inner and GROUP_LABEL.match(blocks[section.head].text) and text_chars(blocks, section.head + 1, inner[0]) <= GROUP_TEXT_LIMIT:
            found.extend(sections_at(blocks, section, inner, min(blocks[h].level for h in inner)))
            grouped = True
        else:
            found.append(section)
    return found if grouped and len(found) >= 2 else []


def sections_at(blocks: list[Block], span: Span, heads: list[int], level: int) -> list[Span]:
    """The sections opened by headings of this level; each ends at the next heading of this level or higher."""
    found = []
    for n, start in enumerate(heads):
        if blocks[start].level != level:
            continue
        end = next((h for h in heads[n + 1 :] if blocks[h].level <= level), span.end)
        found.append(Span(start, end, start, span.permalink, section=True, listed=span.listed))
    return found


def groups_only(blocks: list[Block], span: Span, heads: list[int], level: int) -> bool:
    """Are the headings above this level only group labels with little text (or named so: "Day 1", "Morning")?"""
    above = [i for i in heads if blocks[i].level < level and not NOT_A_TALK.match(blocks[i].text)]
    for start in above:
        following = next((h for h in heads if h > start), None)
        if following is None or not blocks[start].level < blocks[following].level <= level:
            return False  # a group label is followed by the headings it groups (or by deeper group labels)
        if text_chars(blocks, start + 1, following) > GROUP_TEXT_LIMIT and not GROUP_LABEL.match(blocks[start].text):
            return False
    return bool(above)


def closing_only(blocks: list[Block], heads: list[int], level: int) -> bool:
    """Are the headings above this level only closing sections after the last one of it ("Other things")?"""
    last = max((h for h in heads if blocks[h].level == level), default=None)
    above = [h for h in heads if blocks[h].level < level]
    return last is not None and bool(above) and all(h > last for h in above) and all(
        blocks[h].level <= blocks[above[0]].level for h in heads if h > above[0]
    )


def lightning_parts(blocks: list[Block], section: Span) -> list[Span]:
    if not LIGHTNING.search(blocks[section.head].text):
        return [section]
    heads = [i for i in range(section.start + 1, section.end) if blocks[i].kind == "h"]
    if len(heads) < 2:
        return [section]
    level = min(blocks[i].level for i in heads)
    return sections_at(blocks, section, heads, level)


def span_text(blocks: list[Block], span: Span) -> list[Block]:
    return [
        b for i, b in enumerate(blocks[span.start : span.end], span.start)
        if i != span.head and (b.kind in TEXT_KINDS or (b.kind == "h" and b.local_chars))  # (a list of linked titles)
    ]


def local_share(blocks: list[Block], span: Span) -> float:
    """How much of the text links to other pages of the site (a whole page of them is an index)."""
    body = span_text(blocks, span)
    total = sum(len(b.text) for b in body)
    return sum(min(b.local_chars, len(b.text)) for b in body) / total if total else 0.0


def is_toc(blocks: list[Block], span: Span) -> bool:
    """Mostly links to the same site (an index, a table of contents, an event page listing its talks), or no text."""
    body = span_text(blocks, span)
    total = sum(len(b.text) for b in body)
    if total == 0:
        return True
    local = sum(min(b.local_chars, len(b.text)) for b in body)
    links = sum(min(b.link_chars, len(b.text)) for b in body)
    link_items = sum(b.link_chars >= 0.8 * len(b.text) for b in body)
    local_items = sum(b.local_chars > 0 for b in body)  # ("“Title” by NAME" lines, each linking to its notes)
    return (
        local / total > TOC_SHARE
        or (not span.section and local_items >= 5 and local_items >= LOCAL_ITEMS_SHARE * len(body))
        or (not span.section and links / total > LINK_SHARE)
        or (link_items >= 5 and link_items >= 0.6 * len(body))
        or (not span.section and is_local_link_list(body))
    )


def is_local_link_list(body: list[Block]) -> bool:
    """A line or two and a list whose every item links to the site's own pages: a README listing events
    ("2024: Strange Loop, PyCon US"; "GopherCon 2024 - Chicago, June 2024"), not notes."""
    items = [b for b in body if b.kind == "li"]
    prose = sum(len(b.text) for b in body if b.kind != "li")
    linked = all(b.local_chars for b in items) if len(items) >= 2 else all(b.local_chars >= 0.8 * len(b.text) for b in items)
    return bool(items) and linked and prose <= LINK_LIST_PROSE  # (one item only when it is wholly a link)
