"""Who is who: the spellings of one person's name, grouped. Pure: talks in, people out (no index here).

Notes spell one speaker many ways: "Katherine Novak", "katherine novak", "Dr Katherine Novak", "Kate Novak",
"Katherine Novac", "@KatherineNovak". Spellings are grouped in two steps:

1. the same name: equal once case, accents, titles ("Dr", "Prof.") and the spacing of particles ("van der",
   "Van Der", "vanDer") are set aside;
2. evidence that two names are one person, each kind checked on its own and kept only when it points at exactly
   one person: a handle that spells the name or that a page ties to it ("Cory House (@housecor)"); a short
   form of the first name (the `nicknames` library) beside the same surname, when the two share a conference
   series; a surname one letter off beside the same first name, and a first name off by a doubled letter beside
   the same surname in a shared series, when one of the two is rare beside the other (seen once, or at most a
   third as often: "Mulder" and "Müller" both in steady use are two families); a surname given as its initial
   ("Ana B") at the same event; a middle name or initial left out, in a shared series.

Two spellings written on the same talk as two of its speakers are never one person, and a first name alone
("Thomas") or a surname alone is never joined to anyone: too many people share them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from search.model import Talk

TITLES = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame", "doctor"}
SUFFIXES_DROPPED = {"phd", "msc", "md"}
PARTICLES = {"van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "do", "von", "zu", "ter",
             "te", "ten", "la", "le", "bin", "ibn", "al", "el", "st"}
MIN_MISSPELT_SURNAME = 5  # "Novak"/"Novac"; shorter surnames are too often other people one letter away
HANDLE_AFTER_NAME = r"\s*(?:[(\[/,|:–—-]\s*)*@([A-Za-z0-9_]{2,30})"
TEXT_SCANNED = 600  # characters of a talk's notes looked at for "NAME (@handle)"
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})
_YEARS = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\b")


def _osa(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting once (rapidfuzz loads only when grouping)."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b)


def fold(text: str) -> str:
    """Lowercase, accents and special letters folded ("Søren Müller" -> "soren muller")."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def compact(text: str) -> str:
    """Folded letters and digits only: the form two spellings of one name share ("Van der Berg" -> "vanderberg")."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def series_of(conference: str | None) -> str:
    """A conference's series, its years and edition numbers left out ("PyCon UK 2015" -> "pyconuk")."""
    return compact(_YEARS.sub(" ", conference or ""))


# --- one spelling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """One spelling, read: folded first name, middle names, surname (particles joined), or a handle."""

    spelling: str
    first: str = ""
    middle: tuple[str, ...] = ()
    last: str = ""
    handle: str = ""

    @property
    def key(self) -> str:
        """Equal for spellings of the same name (case, accents, titles, particle and hyphen spacing aside)."""
        if self.handle:
            return "@" + self.handle
        return " ".join(filter(None, (self.first, "".join((*self.middle, self.last)))))

    @property
    def full(self) -> bool:
        """A first name and a surname of more than one letter."""
        return len(self.first) > 1 and len(self.last) > 1


@functools.lru_cache(maxsize=65536)
def read_name(spelling: str) -> Name:
    text = " ".join(spelling.split())
    if re.fullmatch(r"@[\w.]+", text):
        return Name(spelling, handle=compact(text))
    if text.count(",") == 1:  # "Novak, Katherine"
        last, first = (part.strip() for part in text.split(","))
        if first and last and " " not in last.strip():
            text = f"{first} {last}"
    words = [compact(word) for word in text.replace(",", " ").split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1] in SUFFIXES_DROPPED:
        words.pop()
    if not words:
        return Name(spelling)
    if len(words) == 1:
        return Name(spelling, first=words[0])
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return Name(spelling, first=words[0], middle=tuple(words[1:start]), last="".join(words[start:]))


# --- the evidence -----------------------------------------------------------------------------------


@dataclass
class _Group:
    """Spellings of one name (step 1), with what the talks say about them."""

    names: list[Name]
    talks: set[int] = field(default_factory=set)
    series: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    beside: set[int] = field(default_factory=set)  # groups named as co-speakers on one of its talks

    @property
    def name(self) -> Name:
        return self.names[0]


@functools.cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def short_forms(first: str, other: str) -> bool:
    """Whether one first name is a short form of the other ("kate", "katherine"), by the nicknames library."""
    if len(first) < 2 or len(other) < 2 or first == other:
        return False
    namer = _nicknamer()
    return other in namer.nicknames_of(first) or first in namer.nicknames_of(other)


def doubled_letter(one: str, other: str) -> bool:
    """Whether the two differ by one doubled letter only ("russel", "russell")."""
    if abs(len(one) - len(other)) != 1:
        return False
    longer, shorter = (one, other) if len(one) > len(other) else (other, one)
    return any(longer[i] == longer[i - 1] and longer[:i] + longer[i + 1:] == shorter for i in range(1, len(longer)))


def _links(a: _Group, b: _Group) -> bool:
    """Whether the talks' evidence says the two names are one person (step 2; handles are matched apart)."""
    x, y = a.name, b.name
    if x.handle or y.handle or not x.first or not y.first:
        return False
    shared_series = bool(a.series & b.series)
    rare = min(len(a.talks), len(b.talks)) == 1 or 3 * min(len(a.talks), len(b.talks)) <= max(len(a.talks), len(b.talks))
    if x.first == y.first and x.last and y.last:
        if min(len(x.last), len(y.last)) == 1:  # "Ana B" and "Ana Balica", at one event
            initial, whole = (x.last, y.last) if len(x.last) == 1 else (y.last, x.last)
            return len(whole) > 1 and whole[0] == initial and bool(a.events & b.events) and not (x.middle or y.middle)
        if x.last == y.last:  # a middle name or initial left out
            return (not x.middle or not y.middle) and shared_series
        if min(len(x.last), len(y.last)) >= MIN_MISSPELT_SURNAME and len(x.first) > 2 and x.middle == y.middle:
            return rare and _osa(x.last, y.last) == 1  # two names both in steady use are two people
        return False
    if not (x.full and y.full and x.last == y.last and shared_series):
        return False
    return short_forms(x.first, y.first) or (rare and min(len(x.first), len(y.first)) >= 4 and doubled_letter(x.first, y.first))


def _handle_targets(handle: str, groups: list[_Group], ties: dict[str, set[int]]) -> set[int]:
    """The name groups a handle stands for: tied to it on a page, or spelling it ("@IanOzsvald")."""
    found = set(ties.get(handle, ()))
    for number, group in enumerate(groups):
        name = group.name
        if name.full and handle in {name.first + name.last, name.first + "".join(name.middle) + name.last,
                                    "dr" + name.first + name.last}:
            found.add(number)
    return found


def _handle_ties(talks: Sequence[Talk], group_of: dict[str, int]) -> dict[str, set[int]]:
    """handle -> the name groups written right before it in a talk's notes ("Cory House (@housecor)")."""
    ties: dict[str, set[int]] = defaultdict(set)
    for talk in talks:
        text = f"{talk.title}\n{talk.body[:TEXT_SCANNED]}"
        if "@" not in text:
            continue
        for spelling in talk.speakers:
            if spelling.startswith("@"):
                continue
            for match in re.finditer(re.escape(spelling) + HANDLE_AFTER_NAME, text, flags=re.IGNORECASE):
                ties[compact(match.group(1))].add(group_of[read_name(spelling).key])
    return ties


# --- grouping ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One person: the spellings the notes use (how many talks use each) and the talks (positions)."""

    name: str
    spellings: dict[str, int]
    talks: tuple[int, ...]


class UnionFind:
    """Items joined into groups; each group is named by its smallest item."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


class _Union(UnionFind):
    """Groups joined into people; two groups named side by side as speakers of one talk are never joined."""

    def __init__(self, groups: list[_Group]):
        super().__init__(len(groups))
        self.members = {number: {number} for number in range(len(groups))}
        self.beside = {number: set(group.beside) for number, group in enumerate(groups)}

    def join(self, a: int, b: int) -> None:
        a, b = sorted((self.find(a), self.find(b)))
        if a == b or self.members[a] & self.beside[b] or self.members[b] & self.beside[a]:
            return
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        self.beside[a] |= self.beside.pop(b)


def group_people(talks: Sequence[Talk]) -> list[Person]:
    """The people who gave `talks`, most talks first; each person's talks are positions in `talks`."""
    spelled: dict[str, Counter] = defaultdict(Counter)  # name key -> spellings and their counts
    for talk in talks:
        for spelling in dict.fromkeys(talk.speakers):
            if read_name(spelling).key:
                spelled[read_name(spelling).key][spelling] += 1
    keys = sorted(spelled, key=lambda k: (-sum(spelled[k].values()), k))
    group_of = {key: number for number, key in enumerate(keys)}
    groups = [_Group([read_name(s) for s, _ in spelled[key].most_common()]) for key in keys]
    for position, talk in enumerate(talks):
        present = {group_of[read_name(s).key] for s in talk.speakers if read_name(s).key}
        for number in present:
            group = groups[number]
            group.talks.add(position)
            group.beside |= present - {number}
            if talk.conference:
                group.series.add(series_of(talk.conference))
                group.events.add(compact(talk.conference))
    union = _Union(groups)
    for a, b in _candidate_links(groups, _handle_ties(talks, group_of)):
        union.join(a, b)
    return _people(groups, union, spelled)


def _candidate_links(groups: list[_Group], ties: dict[str, set[int]]) -> list[tuple[int, int]]:
    """Pairs of groups the evidence joins, leaving out a group whose evidence points at two different people
    ("Chris Novak" beside both "Christopher Novak" and "Christine Novak" joins neither)."""
    targets: dict[int, set[int]] = defaultdict(set)
    by_first: dict[str, list[int]] = defaultdict(list)
    by_last: dict[str, list[int]] = defaultdict(list)
    for number, group in enumerate(groups):
        if group.name.handle:
            targets[number] |= _handle_targets(group.name.handle, groups, ties) - {number}
        elif group.name.first:
            by_first[group.name.first].append(number)
            if group.name.last:
                by_last[group.name.last].append(number)
    for members in (*by_first.values(), *by_last.values()):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if _links(groups[a], groups[b]):
                    targets[a].add(b)
                    targets[b].add(a)
    ambiguous = {number for number, found in targets.items()
                 if any(not _alike(groups[b].name, groups[c].name) for b in found for c in found if b < c)}
    return sorted({(min(a, b), max(a, b)) for a, found in targets.items() for b in found
                   if a not in ambiguous and b not in ambiguous})


def _alike(x: Name, y: Name) -> bool:
    """Whether two names could be one person's: first names equal or short forms, surnames at most a letter apart."""
    if x.handle or y.handle:
        return x.key == y.key
    firsts = x.first == y.first or short_forms(x.first, y.first) or doubled_letter(x.first, y.first)
    lasts = x.last == y.last or (min(len(x.last), len(y.last)) >= MIN_MISSPELT_SURNAME and _osa(x.last, y.last) == 1)
    return firsts and (lasts or min(len(x.last), len(y.last)) == 1 and x.last[:1] == y.last[:1])


def _people(groups: list[_Group], union: _Union, spelled: dict[str, Counter]) -> list[Person]:
    members: dict[int, list[int]] = defaultdict(list)
    for number in range(len(groups)):
        members[union.find(number)].append(number)
    people = []
    for numbers in members.values():
        spellings: Counter = Counter()
        talks: set[int] = set()
        for number in numbers:
            spellings.update(spelled[groups[number].name.key])
            talks |= groups[number].talks
        people.append(Person(canonical(spellings), dict(spellings.most_common()), tuple(sorted(talks))))
    people.sort(key=lambda p: (-len(p.talks), fold(p.name)))
    return people


def canonical(spellings: Counter) -> str:
    """The most frequent spelling; on a tie, that of the most frequent name, a name over a handle, without a
    title, in mixed case, with its accents, longer."""
    of_name = Counter()
    for spelling, count in spellings.items():
        of_name[read_name(spelling).key] += count

    def preference(spelling: str):
        name = read_name(spelling)
        words = spelling.split()
        titled = bool(words) and compact(words[0]) in TITLES
        mixed = spelling != spelling.lower() and spelling != spelling.upper()
        accents = sum(not ch.isascii() for ch in spelling)
        return (-spellings[spelling], -of_name[name.key], bool(name.handle), titled, not mixed, -accents,
                -len(spelling), spelling)

    return min(spellings, key=preference)
