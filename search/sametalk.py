"""One talk, many notes: the write-ups of one talk grouped, and the same talk given again at another event
linked. Pure: positions of talks in, groups of positions out (no index here).

Two notes are of the same talk when they share a speaker (a person, see `search.people`), their titles agree
(once prefixes like "Keynote:" and the speaker's name are set aside) and they come from the same event: the
same conference, or dates at most SAME_EVENT_DAYS apart (or, when one note names the event and the other
gives only a date, a date in the event's year). Titles that agree at two different events (or dates further
apart) are the same talk given again: linked, never merged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from search.model import Talk
from search.people import UnionFind, fold

SAME_EVENT_DAYS = 4
TITLE_AGREEMENT = 90  # token-set similarity (0-100) of two titles' words, the shorter's words all in the longer
TITLE_LENGTHS = 70  # token-sort similarity: "Django" does not agree with "Django testing at scale"
_PREFIX = re.compile(r"^(?:(?:opening |closing )?keynote(?: talk)?|lightning talks?|talk|workshop|tutorial|panel|"
                     r"session\s*\d*|day\s*\d+|track\s*\d+|\d+)\s*[:.)\-–—]\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def title_key(title: str, speakers: Sequence[str] = ()) -> str:
    """A title's words for comparing: folded, prefixes and the speakers' names dropped, punctuation out."""
    text = fold(title)
    while True:
        shorter = _PREFIX.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    for speaker in speakers:
        name = fold(speaker).lstrip("@")
        if len(name) > 3:
            text = text.replace(name, " ")
    return " ".join(re.findall(r"\w+", text))


def titles_agree(one: str, other: str) -> bool:
    """Whether two title keys name one talk ("scaling django" and "scaling django!" do; "part 1" and "part 2" not)."""
    if not one or not other:
        return False
    if one == other:
        return True
    if _NUMBER.findall(one) != _NUMBER.findall(other):
        return False
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(one, other) >= TITLE_AGREEMENT and fuzz.token_sort_ratio(one, other) >= TITLE_LENGTHS


@dataclass(frozen=True)
class TalkGroups:
    """`same`: notes of one talk (two or more positions each); `again`: one talk given at several events (all
    the positions of its notes, two events or more each)."""

    same: list[tuple[int, ...]]
    again: list[tuple[int, ...]]


def group_talks(talks: Sequence[Talk], people_of: Sequence[Sequence[int]], event_of: Sequence[int]) -> TalkGroups:
    """Group `talks` (positions) given each talk's people and event (an event number, -1 when unknown)."""
    keys = [title_key(talk.title, talk.speakers) for talk in talks]
    by_person: dict[int, list[int]] = defaultdict(list)
    for position, people in enumerate(people_of):
        for person in people:
            by_person[person].append(position)
    same = UnionFind(len(talks))
    elsewhere: list[tuple[int, int]] = []
    for positions in by_person.values():
        for a, b in _agreeing_titles(positions, keys):
            relation = _events(talks[a], talks[b], event_of[a], event_of[b])
            if relation == "same":
                same.join(a, b)
            elif relation == "other":
                elsewhere.append((a, b))
    again = UnionFind(len(talks))
    for a, b in elsewhere:
        again.join(same.find(a), same.find(b))
    return TalkGroups(same=_groups(same, range(len(talks))), again=_given_again(again, same, len(talks)))


def _agreeing_titles(positions: list[int], keys: list[str]):
    """Pairs of positions (among one person's talks) whose titles agree."""
    from rapidfuzz import fuzz, process

    for i, a in enumerate(positions[:-1]):
        rest = positions[i + 1:]
        if not keys[a]:
            continue
        found = process.extract(keys[a], [keys[b] for b in rest], scorer=fuzz.token_set_ratio,
                                score_cutoff=TITLE_AGREEMENT, limit=None)
        for _choice, _score, index in found:
            if titles_agree(keys[a], keys[rest[index]]):
                yield a, rest[index]


def _events(a: Talk, b: Talk, event_a: int, event_b: int) -> str:
    """"same" event, an "other" event, or "unknown" (nothing to tell)."""
    days = abs((a.date - b.date).days) if a.date and b.date else None
    if days is not None and days > SAME_EVENT_DAYS:
        return "other"
    if event_a >= 0 and event_b >= 0:
        return "same" if event_a == event_b else "other"
    if days is not None:
        return "same"
    # one names the event, the other only a date: the same event when the date is in the event's year
    named, dated = (a, b) if event_a >= 0 else (b, a)
    year = _YEAR.search(named.conference or "")
    if (event_a >= 0) != (event_b >= 0) and dated.date and year:
        return "same" if int(year.group()) == dated.date.year else "other"
    return "unknown"


def _groups(union: UnionFind, positions) -> list[tuple[int, ...]]:
    members: dict[int, list[int]] = defaultdict(list)
    for position in positions:
        members[union.find(position)].append(position)
    return sorted(tuple(group) for group in members.values() if len(group) > 1)


def _given_again(again: UnionFind, same: UnionFind, size: int) -> list[tuple[int, ...]]:
    """All the positions of each talk given at two events or more."""
    members: dict[int, list[int]] = defaultdict(list)
    talks: dict[int, set[int]] = defaultdict(set)
    for position in range(size):
        root = again.find(same.find(position))
        members[root].append(position)
        talks[root].add(same.find(position))
    return sorted(tuple(members[root]) for root in members if len(talks[root]) > 1)
