"""One talk, many notes (search/sametalk.py) and the directory that holds them (search/directory.py)."""

from __future__ import annotations

import datetime as dt

from search.directory import Directory, slugify
from search.model import Talk
from search.sametalk import title_key, titles_agree


def note(talk_id: str, title: str, speakers=("Katherine Novak",), conference="PyCon UK 2015", date=None,
         source="https://one.example/notes") -> Talk:
    return Talk(id=talk_id, title=title, speakers=tuple(speakers), conference=conference, date=date,
                url=f"{source}/{talk_id}", source=f"{source}/{talk_id}", body="notes")


def test_titles_agree_without_prefixes_names_and_punctuation():
    assert title_key("Keynote: Scaling Django!", ["Kate Novak"]) == "scaling django"
    assert title_key("Kate Novak: Scaling Django", ["Kate Novak"]) == "scaling django"
    assert titles_agree(title_key("Scaling Django"), title_key("Session 2: Scaling Django."))
    assert titles_agree(title_key("Scaling Django at Disqus"), title_key("Scaling Django at Disqus, for real"))
    assert not titles_agree(title_key("Django, part 1"), title_key("Django, part 2"))
    assert not titles_agree(title_key("Django"), title_key("Django testing at scale with pytest"))
    assert not titles_agree("", "")


def test_notes_of_one_talk_are_one_and_the_talk_given_again_is_linked():
    day = dt.date(2015, 9, 19)
    talks = [
        note("a", "Scaling Django", date=day),
        note("b", "Keynote: Scaling Django", speakers=("Kate Novak",), date=day + dt.timedelta(days=1),
             source="https://two.example/blog"),
        note("c", "Scaling Django", speakers=("Dr Katherine Novak",), conference=None, date=day,
             source="https://three.example"),
        note("d", "Scaling Django", conference="DjangoCon Europe 2016", date=dt.date(2016, 4, 1)),
        note("e", "Testing Django", date=day),  # another talk by her at the same event
        note("f", "Scaling Django", speakers=("Jane Smith",), date=day),  # another speaker
        None,  # a deleted document
    ]
    directory = Directory.build(talks)
    assert directory.same == [(0, 1, 2)]
    assert directory.again == [(0, 1, 2, 3)]
    context = directory.context(1)
    assert [n.id for n in context.more_notes] == ["a", "c"]
    assert [(n.id, slug) for n, slug in context.given_again] == [("d", "djangocon-europe-2016")]
    assert directory.first_of_each_talk([2, 4, 0, 1, 3]) == [2, 4, 3]
    assert directory.talk_count([0, 1, 2, 3, 4, 5]) == 4


def test_dates_more_than_a_few_days_apart_are_another_event():
    talks = [note("a", "Scaling Django", conference=None, date=dt.date(2015, 9, 19)),
             note("b", "Scaling Django", conference=None, date=dt.date(2016, 9, 19))]
    directory = Directory.build(talks)
    assert directory.same == [] and directory.again == [(0, 1)]


def test_nothing_to_tell_the_events_apart_is_not_one_talk():
    talks = [note("a", "Scaling Django", conference=None), note("b", "Scaling Django", conference=None)]
    assert Directory.build(talks).same == []


def test_pages_json_and_lookups():
    talks = [note("a", "Scaling Django", date=dt.date(2015, 9, 19)),
             note("b", "Scaling Django", speakers=("Kate Novak", "Jane Smith"), date=dt.date(2015, 9, 19),
                  source="https://two.example"),
             note("c", "Testing Django", conference="PyCon UK", date=dt.date(2015, 9, 20)),
             note("d", "Old talk", conference="PyCon UK 2013", date=dt.date(2013, 9, 20)),
             note("e", "Undated talk", conference="PyCon UK 2015")]
    built = Directory.build(talks, generation=7)
    directory = Directory.from_json(built.to_json(), built.notes_json())
    assert directory.generation == 7
    novak = directory.person("katherine-novak")
    assert novak and set(novak.spellings) == {"Katherine Novak", "Kate Novak"}
    assert directory.person_named("kate NOVAK") == novak and directory.person_for("Kate-Novák") == novak
    event = directory.event("pycon-uk-2015")
    assert event and event.docs == (0, 1, 2, 4)  # "PyCon UK" with a 2015 date is the same event
    assert directory.event_named("PyCon UK 2015") == event
    page = directory.person_page(novak)
    assert [item.note.id for item in page.talks] == ["c", "a", "e", "d"]  # newest first, a talk once
    assert [n.id for n in page.talks[1].more_notes] == ["b"]
    assert [(e.slug, n) for e, n in page.conferences] == [("pycon-uk-2015", 3), ("pycon-uk-2013", 1)]
    days = directory.event_page(event).days
    assert [(day, [i.note.id for i in items]) for day, items in days] == [
        (dt.date(2015, 9, 19), ["a"]), (dt.date(2015, 9, 20), ["c"]), (None, ["e"])]
    assert [s.name for s in directory.people_list("nova")] == ["Katherine Novak"]
    assert [s.slug for s in directory.events_list()] == ["pycon-uk-2015", "pycon-uk-2013"]
    assert directory.events_list("2013")[0].talks == 1
    assert [(s.name, s.talks, s.notes) for s in directory.people_list()] == [("Jane Smith", 1, 1), ("Katherine Novak", 4, 5)]


def test_slugs():
    assert slugify("Sébastien van der Berg") == "sebastien-van-der-berg"
    assert slugify("王伟") == "王伟"
    assert slugify("<script>") == "script" and slugify("../..") == ""
    assert len(slugify("x" * 500)) <= 80


def test_a_note_naming_the_event_and_one_giving_only_a_date_in_its_year():
    talks = [note("a", "Scaling Django", conference="PyCon UK 2015"),
             note("b", "Keynote: Scaling Django", conference=None, date=dt.date(2015, 9, 20)),
             note("c", "Scaling Django", conference=None, date=dt.date(2016, 9, 20))]
    directory = Directory.build(talks)
    assert directory.same == [(0, 1)] and directory.again == [(0, 1, 2)]
