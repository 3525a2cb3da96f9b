"""Speaker identity (search/people.py): spellings of one person grouped, different people kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.model import Talk
from search.people import canonical, group_people, read_name, series_of

ROOT = Path(__file__).resolve().parent.parent


def talk(number: int, *speakers: str, conference: str | None = "PyCon UK 2015", body: str = "") -> Talk:
    return Talk(id=f"t{number}", title=f"Talk {number}", speakers=speakers, conference=conference, body=body)


def people_of(talks: list[Talk]) -> list[set[str]]:
    return sorted((set(person.spellings) for person in group_people(talks)), key=lambda s: sorted(s))


def together(talks: list[Talk], *spellings: str) -> bool:
    return any(set(spellings) <= group for group in people_of(talks))


def test_four_spellings_of_one_person_are_one_and_two_smiths_stay_two():
    talks = [talk(1, "Katherine Novak"), talk(2, "Kate Novak"), talk(3, "Dr Katherine Novak", conference="PyCon UK 2016"),
             talk(4, "Katherine Novac", conference="EuroPython 2014"), talk(5, "Katherine Novak", conference="EuroPython 2014"),
             talk(6, "Jane Smith"), talk(7, "John Smith")]
    groups = people_of(talks)
    assert {"Katherine Novak", "Kate Novak", "Dr Katherine Novak", "Katherine Novac"} in groups
    assert {"Jane Smith"} in groups and {"John Smith"} in groups
    novak = next(p for p in group_people(talks) if "Kate Novak" in p.spellings)
    assert novak.name == "Katherine Novak"  # the most frequent spelling
    assert novak.talks == (0, 1, 2, 3, 4)


@pytest.mark.parametrize("one, other", [
    ("Sébastien van der Berg", "sebastien Van Der Berg"),  # accents, case, particles
    ("Loek van Gent", "Loek Vangent"),
    ("Prof. Ada Lovelace", "Ada Lovelace"),
    ("Novak, Katherine", "Katherine Novak"),
    ("Russell Keith-Magee", "Russell Keith Magee"),
])
def test_the_same_name_written_otherwise(one, other):
    assert read_name(one).key == read_name(other).key
    assert together([talk(1, one), talk(2, other, conference="FOSDEM 2010")], one, other)


def test_a_short_form_of_the_first_name_needs_a_shared_conference_series():
    assert together([talk(1, "Katherine Novak"), talk(2, "Kate Novak", conference="PyCon UK 2019")],
                    "Katherine Novak", "Kate Novak")
    assert not together([talk(1, "Katherine Novak"), talk(2, "Kate Novak", conference="JSConf EU 2019")],
                        "Katherine Novak", "Kate Novak")


def test_a_short_form_that_fits_two_people_joins_neither():
    talks = [talk(1, "Christopher Novak"), talk(2, "Christine Novak"), talk(3, "Chris Novak")]
    assert people_of(talks) == [{"Chris Novak"}, {"Christine Novak"}, {"Christopher Novak"}]


def test_a_surname_one_letter_off_beside_the_same_first_name():
    assert together([talk(1, "Daniele Procida", conference="DjangoWeekend 2014"),
                     talk(2, "Daniele Procide", conference="PyCon UK 2013")], "Daniele Procida", "Daniele Procide")
    # too short to tell a misspelling from another person, or another first name
    assert not together([talk(1, "Anna Lee"), talk(2, "Anna Lei")], "Anna Lee", "Anna Lei")
    assert not together([talk(1, "Anna Jansen"), talk(2, "Hanna Jansen")], "Anna Jansen", "Hanna Jansen")
    # two names both in steady use are two people; a rare one beside a frequent one is a misspelling
    steady = [talk(n, "Anna Mulder") for n in range(3)] + [talk(n + 3, "Anna Müller") for n in range(3)]
    assert not together(steady, "Anna Mulder", "Anna Müller")
    assert together(steady[:3] + [talk(9, "Anna Muldor")], "Anna Mulder", "Anna Muldor")


def test_a_first_name_off_by_a_doubled_letter_in_a_shared_series():
    assert together([talk(1, "Dr Russel Kieth-McGee"), talk(2, "Russell Kieth-McGee")],
                    "Dr Russel Kieth-McGee", "Russell Kieth-McGee")
    assert not together([talk(1, "Maria Lopez"), talk(2, "Marie Lopez")], "Maria Lopez", "Marie Lopez")


def test_two_speakers_of_one_talk_are_two_people():
    assert not together([talk(1, "Daniele Procida", "Daniele Procide")], "Daniele Procida", "Daniele Procide")


def test_a_surname_initial_joins_the_one_person_at_the_same_event():
    assert together([talk(1, "Ana B"), talk(2, "Ana Balica")], "Ana B", "Ana Balica")
    assert not together([talk(1, "Ana B"), talk(2, "Ana Balica", conference="PyCon UK 2016")], "Ana B", "Ana Balica")
    assert people_of([talk(1, "Ana B"), talk(2, "Ana Balica"), talk(3, "Ana Bell")]) == [{"Ana B"}, {"Ana Balica"}, {"Ana Bell"}]


def test_a_first_name_alone_is_nobody_else():
    assert not together([talk(1, "Thomas"), talk(2, "Thomas Turner")], "Thomas", "Thomas Turner")


def test_handles_that_spell_the_name_or_that_a_page_ties_to_it():
    assert together([talk(1, "@IanOzsvald", conference=None), talk(2, "Ian Ozsvald", conference="PyData 2014")],
                    "@IanOzsvald", "Ian Ozsvald")
    tied = [talk(1, "Cory House", body="Keynote\nCory House (@housecor) Why be in the mainstream?"),
            talk(2, "@housecor", conference="CodeStock 2016")]
    assert together(tied, "Cory House", "@housecor")
    assert not together([talk(1, "Cory House"), talk(2, "@housecor")], "Cory House", "@housecor")


def test_canonical_is_the_most_frequent_spelling_then_the_plainest():
    assert canonical({"kate novak": 3, "Kate Novak": 2}) == "kate novak"
    assert canonical({"Dr Kate Novak": 1, "Kate Novak": 1, "@katenovak": 1}) == "Kate Novak"
    assert canonical({"Sebastien Berg": 1, "Sébastien Berg": 1}) == "Sébastien Berg"


def test_series_leave_out_years_and_editions():
    assert series_of("PyCon UK 2015") == series_of("pycon uk 2013") == "pyconuk"


def test_hand_labelled_speakers_of_the_development_corpus_merge_no_two_people():
    """The labels of ../shared/devcorpus2 and of ../shared/devcorpus: every merged group was read by hand."""
    truth = ROOT.parent / "shared" / "devcorpus2" / "truth.jsonl"
    if not truth.is_file():
        pytest.skip("the shared development corpus 2 (../shared/devcorpus2) is not here")
    talks = [Talk(id=f"{n}", title=d["title"], speakers=tuple(d["speakers"]), conference=d["conference"],
                  body=d.get("first_words") or "")
             for n, d in enumerate(map(json.loads, truth.read_text(encoding="utf-8").splitlines()))]
    labels = (ROOT / "tests" / "devcorpus_truth.jsonl").read_text(encoding="utf-8").splitlines()
    talks += [Talk(id=f"devcorpus {n}", title=d["title"], speakers=tuple(d["speakers"]), conference=d["conference"])
              for n, d in enumerate(map(json.loads, labels))]
    merged = sorted(sorted(p.spellings) for p in group_people(talks) if len(p.spellings) > 1)
    assert merged == [
        ["@IanOzsvald", "Ian Ozsvald"], ["@JeremyLikness", "Jeremy Likness"], ["Ana B", "Ana Balica"],
        ["Daniele Procida", "Daniele Procide"], ["Iacopo Spaletti", "Iacopo Spalletti"], ["Markus H", "Markus Holtermann"],
        ["Russel Kieth-McGee", "Russell Kieth-McGee"],
    ]
