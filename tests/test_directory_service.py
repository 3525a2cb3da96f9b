"""The directory in the index (kept with each commit) and in searches: all spellings of a speaker, one result
per talk however many notes it has."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from search.generations import DIRECTORY_NAME, NOTES_NAME, live_dir, open_searcher
from search.index import update_pages
from search.model import Page, Talk
from search.service import SearchService

DAY = dt.date(2015, 9, 19)


def note(talk_id, title, speakers, conference="PyCon UK 2015", date=DAY, site="one.example", body="Notes."):
    url = f"https://{site}/{talk_id}"
    return Talk(id=url, title=title, speakers=tuple(speakers), conference=conference, date=date, url=url,
                source=url, body=body)


NOTES = [
    note("keynote", "Scaling Django", ["Katherine Novak"], body="Scaling Django with caching and queues."),
    note("keynote-2", "Keynote: Scaling Django", ["Kate Novak"], site="two.example", body="Caching first."),
    note("keynote-3", "Scaling Django", ["Dr Katherine Novak"], site="three.example", body="Queues and caching."),
    note("again", "Scaling Django", ["Katherine Novac"], conference="EuroPython 2016", date=dt.date(2016, 7, 18),
         body="The same keynote, with caching."),
    note("smith-1", "Testing with caching", ["Jane Smith"]),
    note("smith-2", "Caching for testers", ["John Smith"]),
]


@pytest.fixture
def service(index_dir):
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in NOTES])
    opened = SearchService(index_dir)
    yield opened
    opened.close()


def test_each_commit_keeps_its_directory(index_dir, service):
    data = json.loads((live_dir(index_dir) / DIRECTORY_NAME).read_text(encoding="utf-8"))
    searcher, _ = open_searcher(index_dir)
    with searcher:
        assert data["generation"] == searcher.reader().generation()
    assert len(data["people"]) == 3 and data["same"] == [[0, 1, 2]]
    update_pages(index_dir, [Page(source="https://one.example/new", talks=(note("new", "New", ["Kate Novak"]),))])
    again = json.loads((live_dir(index_dir) / DIRECTORY_NAME).read_text(encoding="utf-8"))
    notes = json.loads((live_dir(index_dir) / NOTES_NAME).read_text(encoding="utf-8"))
    assert again["generation"] == notes["generation"] == data["generation"] + 1
    assert again["size"] == len(notes["rows"]) == len(NOTES) + 1


def test_notes_of_one_talk_are_one_result_with_the_others_one_click_away(service):
    results = service.search("caching")
    ids = [hit.id.rsplit("/", 1)[1] for hit in results.hits]
    assert len(ids) == 4 and {i.split("-")[0] if i.startswith("keynote") else i for i in ids} == {
        "again", "keynote", "smith-1", "smith-2"}  # the keynote once, at one of its three notes
    assert results.total == 4  # talks, not notes
    shown = next(hit for hit in results.hits if "keynote" in hit.id)
    assert len(shown.more_notes) == 2 and {n.url for n in shown.more_notes} | {shown.url} == {
        "https://one.example/keynote", "https://two.example/keynote-2", "https://three.example/keynote-3"}
    assert results.facets["speaker"] == {"Katherine Novak": 2, "Jane Smith": 1, "John Smith": 1}
    assert results.facet_slugs["speaker"]["Katherine Novak"] == "katherine-novak"
    assert shown.speaker_slugs == ("katherine-novak",) and shown.conference_slug == "pycon-uk-2015"
    data = results.to_dict()["results"]
    assert any(len(hit["more_notes"]) == 2 for hit in data)


def test_speaker_queries_and_filters_match_every_spelling(service):
    for query in ('speaker:"kate novak"', "speaker:novak", 'speaker:"katherine novac"'):
        found = service.search(query)
        assert found.total == 2, query  # the keynote (three notes) and the talk given again
    assert service.search("caching", speaker="Kate Novak").total == 2
    assert service.search("", speaker="katherine novak").total == 2
    assert service.search("caching", speaker="Jane Smith").total == 1
    assert service.search("speaker:smith").total == 2  # two Smiths, each found, not merged


def test_the_talk_page_context(service):
    context = service.context("https://two.example/keynote-2")
    assert sorted(n.id for n in context.more_notes) == ["https://one.example/keynote", "https://three.example/keynote-3"]
    assert [(n.id, slug) for n, slug in context.given_again] == [("https://one.example/again", "europython-2016")]
    assert service.context("nope").more_notes == ()
    related = service.related("https://one.example/keynote")
    assert not any("keynote" in hit.id for hit in related)  # its own other notes are not "related talks"


def test_notes_are_read_when_first_shown_and_never_from_another_commit(index_dir, service):
    """A search that shows no other notes does not read notes.json; a reader whose commit was replaced meanwhile
    shows no other notes rather than another commit's."""
    from search.generations import read_notes

    path = live_dir(index_dir) / NOTES_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert read_notes(path, data["generation"], len(data["rows"])) == data["rows"]
    assert read_notes(path, data["generation"] - 1, len(data["rows"])) == [None] * len(data["rows"])
    path.write_text("[]", encoding="utf-8")  # (damaged: it costs the other notes, not the search)
    results = service.search("caching", facets=False)
    assert results.total == 4 and all(not hit.more_notes for hit in results.hits)
