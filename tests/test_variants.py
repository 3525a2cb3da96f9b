"""Other forms of a query word (search/variants.py), on their own and through a real index."""

import pytest

from search.index import update_pages
from search.model import Page, Talk
from search.query import with_variants
from search.service import SearchService
from search.variants import variants


@pytest.mark.parametrize(
    "word, forms",
    [
        ("postgres", ("postgresql",)),
        ("PostgreSQL", ("postgres",)),
        ("k8s", ("kubernetes",)),
        ("randomised", ("randomized",)),
        ("optimizing", ("optimising",)),
        ("analyse", ("analyze",)),
        ("behaviour", ("behavior",)),
        ("favorite", ("favourite",)),
        ("localisation", ("l10n", "localization")),
        ("DRF", ("django rest framework",)),
    ],
)
def test_variants(word, forms):
    assert variants(word) == forms


@pytest.mark.parametrize("word", ["size", "rise", "four", "for", "or", "django", "is", "honest"])
def test_words_without_variants(word):
    assert variants(word) == ()


@pytest.mark.parametrize(
    "typed, read",
    [
        ("postgres hstore", "(postgres OR postgresql^0.7) hstore"),
        ("-k8s docker", "-(k8s OR kubernetes^0.7) docker"),
        ('"postgres db" tips', '"postgres db" tips'),  # a phrase is what was typed
        ("title:postgres postgres*", "title:postgres postgres*"),  # fields, prefixes: as typed
        ("NOT db", "NOT (db OR database^0.7)"),
        ("djangocon 2015 security", "djangocon (2015 OR year:2015) security"),
        ("ci tips", '(ci OR "continuous integration"^0.7) tips'),
        ("python 3000 year:2015", "python 3000 year:2015"),
    ],
)
def test_with_variants(typed, read):
    assert with_variants(typed) == read


def talk(talk_id, title, body):
    return Talk(id=talk_id, title=title, speakers=(), date=None, conference="PyCon UK 2015", tags=(),
                url=f"https://example.org/{talk_id}", source=f"/notes/{talk_id}.html", body=body)


@pytest.fixture
def service(index_dir):
    talks = [talk("pg", "Advanced PostgreSQL", "Custom types like hstore."),
             talk("rt", "Randomised testing", "Property based tests find bugs."),
             talk("k8", "Containers", "Deploying on Kubernetes with Django."),
             talk("ci", "Lion taming", "Continuous integration: push, build, green."),
             talk("int", "Integration", "Continuous deployment and integration of work.")]
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in talks])
    service = SearchService(index_dir)
    yield service
    service.close()


@pytest.mark.parametrize("query, found", [("postgres hstore", "pg"), ("randomized testing", "rt"), ("k8s django", "k8"), ("ci", "ci")])
def test_a_query_finds_the_form_the_notes_use(service, query, found):
    results = service.search(query)
    assert [h.id for h in results.hits] == [found] and results.notice is None
    assert results.query == query


def test_the_other_form_is_marked(service):
    assert service.search("postgres").hits[0].title_html == "Advanced <mark>PostgreSQL</mark>"


def test_a_year_finds_talks_whose_conference_name_lacks_it(index_dir):
    import datetime as dt

    talks = [Talk(id=f"y{year}", title="Security", speakers=(), date=dt.date(year, 6, 2), conference="DjangoCon Europe",
                  tags=(), url=f"https://example.org/{year}", source=f"/notes/{year}.html", body="CSRF and XSS.")
             for year in (2013, 2015)]
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in talks])
    service = SearchService(index_dir)
    try:
        results = service.search("djangocon 2015 security")
        assert [h.id for h in results.hits] == ["y2015", "y2013"]  # all the words first, then any of them
        assert results.notice is None
    finally:
        service.close()
