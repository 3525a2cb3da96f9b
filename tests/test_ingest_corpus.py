"""The bundled sample weblog: five PyGrunn 2015 talks, each on the listing and on its own page."""

from __future__ import annotations

import datetime as dt

from search.ingest import dedupe, read_paths, split_page

EXPECTED = {
    "ZeroMQ": ("Pieter Hintjens",),
    "Orchestrating Python projects using CoreOS": ("Oscar Vilaplana",),
    "Advanced REST API's": ("Lars de Ridder",),
    "Generators": ("Erik Groeneveld",),
    "Implement Gmail api in our CRM system": ("Bob Voorneveld",),
}


def corpus_talks(corpus_dir):
    pages = list(read_paths([corpus_dir]))
    assert all(page.ok for page in pages)
    return pages, dedupe(talk for page in pages for talk in page.talks)


def test_corpus_has_exactly_five_talks_once_each(corpus_dir):
    pages, talks = corpus_talks(corpus_dir)
    assert len(pages) == 6
    assert sum(len(page.talks) for page in pages) == 10
    assert {talk.title: talk.speakers for talk in talks} == EXPECTED
    assert len(talks) == 5


def test_corpus_talks_are_dated_and_placed(corpus_dir):
    _, talks = corpus_talks(corpus_dir)
    assert {talk.date for talk in talks} == {dt.date(2015, 5, 22)}
    assert {talk.conference for talk in talks} == {"PyGrunn 2015"}


def test_corpus_talks_link_to_their_permalinks(corpus_dir):
    _, talks = corpus_talks(corpus_dir)
    for talk in talks:
        assert talk.url.startswith("https://maurits.vanrees.org/weblog/archive/2015/05/")
        assert "#" not in talk.url
        assert talk.source.endswith(talk.url.rsplit("/", 1)[1] + ".html")  # the own page's copy is kept
    assert len({talk.id for talk in talks}) == 5


def test_listing_entries_do_not_get_the_listing_date(corpus_dir):
    talks = split_page((corpus_dir / "weblog" / "index.html").read_bytes(), "index.html")
    assert [talk.title for talk in talks] == list(EXPECTED)
    assert all(talk.date == dt.date(2015, 5, 22) for talk in talks)


def test_own_page_and_listing_copy_share_an_id(corpus_dir):
    listing = split_page((corpus_dir / "weblog" / "index.html").read_bytes(), "index.html")
    own = split_page((corpus_dir / "weblog/archive/2015/05/erik-groeneveld-generators.html").read_bytes(), "own.html")
    assert own[0].id in {talk.id for talk in listing}


def test_bodies_keep_paragraphs_and_leave_chrome_out(corpus_dir):
    _, talks = corpus_talks(corpus_dir)
    generators = next(talk for talk in talks if talk.title == "Generators")
    assert "\n\nBasis\n\n" in generators.body
    for talk in talks:
        for chrome in ("Add comment", "Recent entries", "Search Site", "Copyright", "published May", "Weblog"):
            assert chrome not in talk.body
