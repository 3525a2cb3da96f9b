"""The speaker and conference pages at scale: server time of each page (and its JSON twin) over HTTP, and the
grouping of spellings and notes against the generator's truth (bench/generate.py: `people`, `talk`)."""

from __future__ import annotations

import random
from collections import defaultdict
from urllib.parse import quote

from bench.generate import GenTalk
from bench.measure import Client, percentile
from search.fields import year_in_name

PAGES_PER_KIND = 30
REPEAT = 3


def page_paths(directory, seed: int = 5) -> dict[str, list[str]]:
    """Per kind of page, the paths to time: sampled people and events, and filters of the lists."""
    rng = random.Random(seed)
    people = rng.sample(directory.people, min(PAGES_PER_KIND, len(directory.people)))
    events = rng.sample(directory.events, min(PAGES_PER_KIND, len(directory.events)))
    filters = [p.name.split()[-1][:4] for p in people[:10]]
    return {
        "/speakers": ["/speakers"] + [f"/speakers?q={quote(text)}" for text in filters],
        "/speaker/<slug>": [f"/speaker/{quote(p.slug)}" for p in people],
        "/api/speaker/<slug>": [f"/api/speaker/{quote(p.slug)}" for p in people],
        "/conferences": ["/conferences"] + [f"/conferences?q={quote(e.name.split()[0][:5])}" for e in events[:10]],
        "/conference/<slug>": [f"/conference/{quote(e.slug)}" for e in events],
        "/api/conference/<slug>": [f"/api/conference/{quote(e.slug)}" for e in events],
    }


def time_pages(port: int, paths: dict[str, list[str]]) -> dict:
    """Per kind: server time (Server-Timing) p50/p95 of the first request of each path and of `REPEAT` more."""
    client = Client(port)
    result = {}
    try:
        client.get("/speakers")  # the directory of the generation is loaded once per server
        for kind, kind_paths in paths.items():
            first, again, errors = [], [], 0
            for path in kind_paths:
                for number in range(1 + REPEAT):
                    status, _, on_server, _ = client.get(path)
                    errors += status != 200
                    (again if number else first).append(on_server)
            result[kind] = {"requests": len(first) + len(again), "errors": errors,
                            "server_p50_ms": percentile(first, 0.5), "server_p95_ms": percentile(first, 0.95),
                            "repeat_server_p95_ms": percentile(again, 0.95)}
    finally:
        client.close()
    return result


def grouping_quality(directory, talks: list[GenTalk]) -> dict:
    """How the directory's people and talks compare with who and what the generator wrote."""
    by_url = {talk.id: talk for talk in talks}  # the generator's ids are the notes' permalinks
    by_title = {(talk.title, talk.speakers, int(talk.date[:4])): talk for talk in talks}
    truth: dict[int, GenTalk] = {}
    for doc, note in enumerate(directory.notes):
        if note:
            year = note.date.year if note.date else year_in_name(note.conference)
            found = by_url.get(note.url) or by_title.get((note.title, note.speakers, year))
            if found:
                truth[doc] = found
    person_of: dict[tuple[int, str], str] = {}  # (docnum, spelling) -> the person the generator meant
    for doc, talk in truth.items():
        if talk:
            for spelling, person in zip(talk.speakers, talk.people or talk.speakers):
                person_of[(doc, spelling)] = person
    wrong, places = 0, defaultdict(set)
    for number, person in enumerate(directory.people):
        meant = {person_of[(d, s)] for d in person.docs for s in directory.notes[d].speakers
                 if (d, s) in person_of and s in person.spellings}
        wrong += len(meant) > 1
        for name in meant:
            places[name].add(number)
    written_otherwise = {p for (d, s), p in person_of.items() if s != p}
    key = {doc: talk.talk or talk.id for doc, talk in truth.items()}
    notes_of = defaultdict(set)
    for doc, talk_key in key.items():
        notes_of[talk_key].add(doc)
    several = [docs for docs in notes_of.values() if len(docs) > 1]
    grouped = sum(1 for docs in several if len({directory.leader[d] for d in docs}) == 1)
    mixed = sum(1 for group in directory.same if len({key.get(d, d) for d in group}) > 1)
    return {"notes_matched_to_the_truth": len(truth), "people": len(directory.people), "people_with_several_spellings": sum(len(p.spellings) > 1 for p in directory.people),
            "people_merging_two_generated_people": wrong, "generated_people_written_otherwise": len(written_otherwise),
            "of_those_split_over_several_pages": sum(len(places[p]) > 1 for p in written_otherwise),
            "talks_with_several_notes": len(several), "of_those_shown_as_one": grouped,
            "note_groups_mixing_two_talks": mixed, "talks_given_again_linked": len(directory.again)}
