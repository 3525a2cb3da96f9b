"""Who spoke where, and which notes are of one talk: the people, conferences and talks of one index generation.

Pure: `Directory.build()` takes the generation's talks by document number (None for a deleted one); the index
builds it at each commit and keeps it as JSON beside the generation (see `search.generations`), so the speaker
and conference pages, the collapsed results and `confsearch speakers` read it without touching the index.
Slugs are the names folded to letters, digits and hyphens, numbered when two names give the same one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from search.model import Note, Talk
from search.people import compact, fold, read_name

FORMAT = 2  # (2: the notes in a file of their own)
MAX_SLUG = 80
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def slugify(text: str) -> str:
    """"Sébastien van der Berg" -> "sebastien-van-der-berg" (letters of other scripts are kept)."""
    return "-".join(re.findall(r"[^\W_]+", fold(text)))[:MAX_SLUG].strip("-")


def _unique_slugs(names: Iterable[str], fallback: str) -> list[str]:
    taken: set[str] = set()
    slugs = []
    for name in names:
        base = slugify(name) or fallback
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


@dataclass(frozen=True)
class Person:
    slug: str
    name: str  # the most frequent spelling
    spellings: dict[str, int]  # every spelling -> how many notes use it
    docs: tuple[int, ...]  # document numbers of the notes naming this person


@dataclass(frozen=True)
class Event:
    slug: str
    name: str
    spellings: dict[str, int]
    docs: tuple[int, ...]


@dataclass(frozen=True)
class Summary:
    """A line of /speakers or /conferences: who or what, and how many talks (notes of one talk count once)."""

    slug: str
    name: str
    spellings: tuple[str, ...]
    talks: int
    notes: int
    detail: str = ""  # for a person: the conferences; for an event: its dates

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "spellings": list(self.spellings), "talks": self.talks,
                "notes": self.notes, "detail": self.detail}


@dataclass(frozen=True)
class TalkItem:
    """One talk in a list: the note shown, its speakers' pages, the other notes of the same talk."""

    note: Note
    speaker_slugs: tuple[str | None, ...]
    conference_slug: str | None
    more_notes: tuple[Note, ...] = ()

    def to_dict(self) -> dict:
        return {**self.note.to_dict(), "speaker_slugs": list(self.speaker_slugs),
                "conference_slug": self.conference_slug, "more_notes": [n.to_dict() for n in self.more_notes]}


@dataclass(frozen=True)
class PersonPage:
    person: Person
    talks: tuple[TalkItem, ...]  # newest first
    conferences: tuple[tuple[Event, int], ...]  # and how many of the talks were there, newest first

    def to_dict(self) -> dict:
        return {"slug": self.person.slug, "name": self.person.name, "spellings": list(self.person.spellings),
                "conferences": [{"slug": e.slug, "name": e.name, "talks": n} for e, n in self.conferences],
                "talks": [item.to_dict() for item in self.talks]}


@dataclass(frozen=True)
class EventPage:
    event: Event
    days: tuple[tuple[dt.date | None, tuple[TalkItem, ...]], ...]  # in date order, undated talks last
    speakers: int

    def to_dict(self) -> dict:
        return {"slug": self.event.slug, "name": self.event.name, "spellings": list(self.event.spellings),
                "speakers": self.speakers,
                "days": [{"date": day.isoformat() if day else None, "talks": [item.to_dict() for item in items]}
                         for day, items in self.days]}


@dataclass(frozen=True)
class TalkContext:
    """What the page of one note adds: its speakers' and conference's pages, the other notes of the talk, the
    talk given at other events."""

    more_notes: tuple[Note, ...] = ()
    given_again: tuple[tuple[Note, str | None], ...] = ()  # a note from each other event, and that event's slug
    speaker_slugs: tuple[str | None, ...] = ()
    conference_slug: str | None = None

    def to_dict(self) -> dict:
        return {"speaker_slugs": list(self.speaker_slugs), "conference_slug": self.conference_slug,
                "more_notes": [n.to_dict() for n in self.more_notes],
                "given_again": [{**n.to_dict(), "conference_slug": slug} for n, slug in self.given_again]}


class Directory:
    def __init__(self, notes: list[Note | None] | Callable[[], list[Note | None]], people: list[Person],
                 events: list[Event], same: list[tuple[int, ...]], again: list[tuple[int, ...]],
                 generation: int | None = None, size: int | None = None):
        """`notes`: one per document (None for a deleted one), or a function that reads them when first needed
        (with `size`, the number of documents): a search that shows no other notes never reads them."""
        self._notes, self.people, self.events = notes, people, events
        self.same, self.again, self.generation = same, again, generation
        size = len(notes) if size is None else size
        self.people_of: list[tuple[int, ...]] = [()] * size
        for number, person in enumerate(people):
            for doc in person.docs:
                self.people_of[doc] += (number,)
        self.event_of = [-1] * size
        for number, event in enumerate(events):
            for doc in event.docs:
                self.event_of[doc] = number
        self.leader = list(range(size))  # the first note of each talk stands for it
        self.members: dict[int, tuple[int, ...]] = {}
        for group in same:
            self.members[group[0]] = group
            for doc in group:
                self.leader[doc] = group[0]
        self.again_of = {doc: number for number, group in enumerate(again) for doc in group}
        self._people_list: list[tuple[str, Summary]] | None = None  # computed at the first listing
        self._events_list: list[tuple[str, Summary]] | None = None

    @property
    def notes(self) -> list[Note | None]:
        if callable(self._notes):
            self._notes = self._notes()
        return self._notes

    # The lookups by spelling, name and slug are built at first use: a command-line search needs none of them.

    @functools.cached_property
    def _spelling(self) -> dict[str, int]:
        return {spelling: number for number, person in enumerate(self.people) for spelling in person.spellings}

    @functools.cached_property
    def _person_keys(self) -> dict[str, int]:
        return {read_name(s).key: n for n, p in enumerate(self.people) for s in p.spellings}

    @functools.cached_property
    def _person_slugs(self) -> dict[str, int]:
        return {person.slug: number for number, person in enumerate(self.people)}

    @functools.cached_property
    def _event_slugs(self) -> dict[str, int]:
        return {event.slug: number for number, event in enumerate(self.events)}

    @functools.cached_property
    def _event_names(self) -> dict[str, int]:
        return _event_names(self.events)

    # --- building and storing -------------------------------------------------------------------

    @classmethod
    def build(cls, talks: Sequence[Talk | None], generation: int | None = None) -> Directory:
        from search.people import group_people  # (the grouping's libraries load only when a commit groups)
        from search.sametalk import group_talks

        live = [doc for doc, talk in enumerate(talks) if talk is not None]
        listed = [talks[doc] for doc in live]
        found = group_people(listed)
        people = [Person(slug, p.name, p.spellings, tuple(live[i] for i in p.talks))
                  for slug, p in zip(_unique_slugs((p.name for p in found), "speaker"), found)]
        people_of: list[list[int]] = [[] for _ in listed]
        for number, person in enumerate(found):
            for position in person.talks:
                people_of[position].append(number)
        grouped = _group_events(listed)
        events = [Event(slug, name, spellings, tuple(live[i] for i in positions))
                  for slug, (name, spellings, positions) in zip(_unique_slugs((g[0] for g in grouped), "event"), grouped)]
        event_of = [-1] * len(listed)
        for number, (_name, _spellings, positions) in enumerate(grouped):
            for position in positions:
                event_of[position] = number
        groups = group_talks(listed, people_of, event_of)
        notes = [Note.of(talk) if talk is not None else None for talk in talks]
        return cls(notes, people, events, [tuple(live[i] for i in g) for g in groups.same],
                   [tuple(live[i] for i in g) for g in groups.again], generation)

    def to_json(self) -> dict:
        """Everything but the notes (`notes_json`), which only pages showing other notes need."""
        return {
            "format": FORMAT,
            "generation": self.generation,
            "size": len(self.people_of),
            "people": [[p.slug, p.name, p.spellings, list(p.docs)] for p in self.people],
            "events": [[e.slug, e.name, e.spellings, list(e.docs)] for e in self.events],
            "same": [list(group) for group in self.same],
            "again": [list(group) for group in self.again],
        }

    def notes_json(self) -> list:
        return [_note_row(note) for note in self.notes]

    @classmethod
    def from_json(cls, data: dict, notes: list | Callable[[], list]) -> Directory:
        """`notes`: the rows `notes_json` gave, or a function that reads them (when first needed). Raises
        ValueError (or KeyError, TypeError) when `data` is not a directory of this format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"directory format {data.get('format')!r}, not {FORMAT}")
        return cls(
            (lambda: [_note_of_row(row) for row in (notes() if callable(notes) else notes)]),
            [Person(slug, name, dict(spellings), tuple(docs)) for slug, name, spellings, docs in data["people"]],
            [Event(slug, name, dict(spellings), tuple(docs)) for slug, name, spellings, docs in data["events"]],
            [tuple(group) for group in data["same"]],
            [tuple(group) for group in data["again"]],
            data.get("generation"),
            size=data["size"],
        )

    # --- finding people and events ----------------------------------------------------------------

    def person(self, slug: str) -> Person | None:
        number = self._person_slugs.get(slug)
        return None if number is None else self.people[number]

    def event(self, slug: str) -> Event | None:
        number = self._event_slugs.get(slug)
        return None if number is None else self.events[number]

    def person_for(self, slug: str) -> Person | None:
        """The person a slug that is not theirs most likely means: a slug of one of their spellings, or the
        slug typed with other case or accents ("/speaker/Kate-Novak")."""
        wanted = slugify(slug)
        if wanted in self._person_slugs:
            return self.people[self._person_slugs[wanted]]
        for person in self.people:
            if any(slugify(spelling) == wanted for spelling in person.spellings):
                return person
        return None

    def event_for(self, slug: str) -> Event | None:
        wanted = slugify(slug)
        return self.event(wanted) or next((e for e in self.events if any(slugify(s) == wanted for s in e.spellings)), None)

    def person_named(self, name: str) -> Person | None:
        """The person one of whose spellings is `name` once case, accents and titles are set aside."""
        number = self._spelling.get(name)
        if number is None:
            number = self._person_keys.get(read_name(name).key) if read_name(name).key else None
        return None if number is None else self.people[number]

    def event_named(self, name: str) -> Event | None:
        number = self._event_names.get(compact(name))
        return None if number is None else self.events[number]

    def speaker_slug(self, spelling: str) -> str | None:
        number = self._spelling.get(spelling)
        return None if number is None else self.people[number].slug

    def event_slug(self, doc: int) -> str | None:
        number = self.event_of[doc] if 0 <= doc < len(self.event_of) else -1
        return self.events[number].slug if number >= 0 else None

    # --- one note per talk ------------------------------------------------------------------------

    @functools.cached_property
    def _grouped(self) -> frozenset[int]:
        """The notes that share their talk with another note (few: most talks have one note)."""
        return frozenset(doc for group in self.same for doc in group)

    def _repeated(self, docs: list[int]) -> set[int]:
        """Of `docs`, the notes of a talk an earlier one of `docs` is already a note of."""
        seen: set[int] = set()
        repeated = set()
        for doc in [d for d in docs if d in self._grouped]:  # (only notes of shared talks can repeat one)
            leader = self.leader[doc]
            if leader in seen:
                repeated.add(doc)
            seen.add(leader)
        return repeated

    def first_of_each_talk(self, docs: Iterable[int]) -> list[int]:
        """`docs` in their order, each talk kept once: at its first note."""
        docs = list(docs)
        repeated = self._repeated(docs)
        return [d for d in docs if d not in repeated] if repeated else docs

    def talk_count(self, docs: Iterable[int]) -> int:
        docs = list(docs)
        return len(docs) - len(self._repeated(docs))

    def other_notes(self, doc: int) -> tuple[Note, ...]:
        """The other notes of the talk `doc` is a note of."""
        leader = self.leader[doc] if doc < len(self.leader) else doc
        return tuple(self.notes[d] for d in self.members.get(leader, ()) if d != doc and self.notes[d] is not None)

    def context(self, doc: int) -> TalkContext:
        if not 0 <= doc < len(self.notes) or self.notes[doc] is None:
            return TalkContext()
        leader = self.leader[doc]
        elsewhere = []
        if doc in self.again_of:
            shown = {leader}
            for other in self.again[self.again_of[doc]]:
                if self.leader[other] not in shown and self.event_of[other] != self.event_of[doc]:
                    shown.add(self.leader[other])
                    elsewhere.append((self.notes[other], self.event_slug(other)))
        elsewhere.sort(key=lambda pair: _when(pair[0]), reverse=True)
        speakers = tuple(self.speaker_slug(s) for s in self.notes[doc].speakers)
        return TalkContext(self.other_notes(doc), tuple(elsewhere), speakers, self.event_slug(doc))

    def item(self, doc: int) -> TalkItem:
        note = self.notes[doc]
        return TalkItem(note, tuple(self.speaker_slug(s) for s in note.speakers), self.event_slug(doc),
                        self.other_notes(doc))

    # --- pages ----------------------------------------------------------------------------------

    def one_note_per_talk(self, docs: Iterable[int]) -> list[int]:
        """Of `docs`, one note per talk: the earliest dated (a talk is as old as its first note)."""
        best: dict[int, int] = {}
        for doc in docs:
            leader = self.leader[doc]
            if leader not in best or (_when(self.notes[doc]), doc) < (_when(self.notes[best[leader]]), best[leader]):
                best[leader] = doc
        return list(best.values())

    def person_page(self, person: Person) -> PersonPage:
        docs = sorted(self.one_note_per_talk(person.docs), key=lambda d: (_when(self.notes[d]), -d), reverse=True)
        items = tuple(self.item(d) for d in docs)
        counts = Counter(self.event_of[d] for d in docs if self.event_of[d] >= 0)
        conferences = sorted(((self.events[n], c) for n, c in counts.items()),
                             key=lambda pair: (_event_when(self, pair[0]), pair[0].name), reverse=True)
        return PersonPage(person, items, tuple(conferences))

    def event_page(self, event: Event) -> EventPage:
        docs = sorted(self.one_note_per_talk(event.docs),
                      key=lambda d: (self.notes[d].date or dt.date.max, fold(self.notes[d].title), d))
        days: dict[dt.date | None, list[TalkItem]] = defaultdict(list)
        for doc in docs:
            days[self.notes[doc].date].append(self.item(doc))
        ordered = sorted(days.items(), key=lambda pair: pair[0] or dt.date.max)
        speakers = len({p for d in event.docs for p in self.people_of[d]})
        return EventPage(event, tuple((day, tuple(items)) for day, items in ordered), speakers)

    def people_list(self, text: str = "") -> list[Summary]:
        """Everyone whose name (any spelling) holds `text` (folded), in alphabetical order."""
        if self._people_list is None:
            self._people_list = [(_haystack(p.name, p.spellings), self._person_summary(p)) for p in self.people]
            self._people_list.sort(key=lambda pair: (fold(pair[1].name).lstrip("@"), pair[1].slug))
        return _matching(self._people_list, text)

    def events_list(self, text: str = "") -> list[Summary]:
        """Every conference whose name holds `text` (folded), newest first."""
        if self._events_list is None:
            ordered = sorted(self.events, key=lambda e: (-_event_when(self, e).toordinal(), fold(e.name)))
            self._events_list = [(_haystack(e.name, e.spellings), self._event_summary(e)) for e in ordered]
        return _matching(self._events_list, text)

    def _person_summary(self, person: Person) -> Summary:
        events = {self.event_of[d] for d in person.docs} - {-1}
        names = sorted({self.events[n].name for n in events}, key=fold)
        detail = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return Summary(person.slug, person.name, tuple(s for s in person.spellings if s != person.name),
                       self.talk_count(person.docs), len(person.docs), detail)

    def _event_summary(self, event: Event) -> Summary:
        dates = sorted(self.notes[d].date for d in event.docs if self.notes[d].date)
        return Summary(event.slug, event.name, tuple(s for s in event.spellings if s != event.name),
                       self.talk_count(event.docs), len(event.docs), _span(dates[0], dates[-1]) if dates else "")


def _haystack(name: str, spellings: Iterable[str]) -> str:
    return "\n".join(fold(spelling) for spelling in (name, *spellings))


def _matching(summaries: list[tuple[str, Summary]], text: str) -> list[Summary]:
    wanted = fold(" ".join(text.split()))
    return [summary for haystack, summary in summaries if not wanted or wanted in haystack]


def _note_row(note: Note | None) -> list | None:
    if note is None:
        return None
    return [note.id, note.title, list(note.speakers), note.date.isoformat() if note.date else None,
            note.conference, note.url, note.source]


def _note_of_row(row: list | None) -> Note | None:
    if row is None:
        return None
    talk_id, title, speakers, date, conference, url, source = row
    return Note(talk_id, title, tuple(speakers), dt.date.fromisoformat(date) if date else None, conference, url, source)


def event_key(conference: str | None, date: dt.date | None) -> str:
    """One event: the conference's name folded, with the talk's year when the name gives none."""
    key = compact(conference or "")
    if key and date and not _YEAR.search(conference):
        key += str(date.year)
    return key


def _group_events(talks: Sequence[Talk]) -> list[tuple[str, dict[str, int], list[int]]]:
    """(name, spellings, positions) of each event, most talks first."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    positions: dict[str, list[int]] = defaultdict(list)
    years: dict[str, int] = {}
    for position, talk in enumerate(talks):
        key = event_key(talk.conference, talk.date)
        if key:
            spellings[key][talk.conference] += 1
            positions[key].append(position)
            if not _YEAR.search(talk.conference):
                years[key] = talk.date.year if talk.date else 0
    grouped = []
    for key, counts in spellings.items():
        name = min(counts, key=lambda s: (-counts[s], s.lower() == s, s))
        if years.get(key) and not _YEAR.search(name):
            name = f"{name} {years[key]}"
        grouped.append((name, dict(counts.most_common()), positions[key]))
    grouped.sort(key=lambda g: (-len(g[2]), fold(g[0])))
    return grouped


def _event_names(events: list[Event]) -> dict[str, int]:
    names: dict[str, int] = {}
    spelled: dict[str, set[int]] = defaultdict(set)
    for number, event in enumerate(events):
        for spelling in event.spellings:
            spelled[compact(spelling)].add(number)
    for key, numbers in spelled.items():
        if len(numbers) == 1:
            names[key] = next(iter(numbers))
    for number, event in enumerate(events):
        names[compact(event.name)] = number
    return names


def _when(note: Note) -> dt.date:
    """When a note's talk was: its date, else the first of January of the year its conference names."""
    if note.date:
        return note.date
    match = _YEAR.search(note.conference or "")
    return dt.date(int(match.group()), 1, 1) if match else dt.date.min


def _event_when(directory: Directory, event: Event) -> dt.date:
    return max((_when(directory.notes[d]) for d in event.docs), default=dt.date.min)


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} – {last.isoformat()}"
