"""Result sets from posting blocks and phrase checks agree with Whoosh's own matchers, across segments
and deletions."""

import pytest

from search.docsets import checked_phrases, docset
from search.model import Talk
from search.query import bound_expansions, parse
from tests.talks import TALKS

BODIES = [
    "the price of anarchy is high",
    "price anarchy adjacent words",
    "price and then some anarchy",
    "anarchy price in the wrong order",
    "zeromq sockets and the price of zeromq",
]


@pytest.fixture
def searcher(segmented_searcher):
    """Three segments, one deletion: document numbers are offset per segment."""
    extra = [Talk(id=f"b{i}", title=f"Body {i}", body=body) for i, body in enumerate(BODIES)]
    return segmented_searcher(TALKS + extra, deleted="b3")


@pytest.mark.parametrize(
    "text",
    ["price", "price anarchy", "price OR zeromq", "price -anarchy", "NOT price", "zero*", "year:2015",
     "date:[2015-01-01 TO 2016-12-31]", "speaker:doe", '"price of anarchy"', '"price anarchy"', "anarchi*"],
)
def test_docsets_match_whoosh(searcher, text):
    q = bound_expansions(parse(text, searcher.schema).query, searcher.reader())
    assert docset(searcher, q) == set(searcher.docs_for_query(q))


@pytest.mark.parametrize("text", ['"price of anarchy"', '"price anarchy"', '"anarchy price"', '"zeromq sockets" price'])
def test_checked_phrases_find_what_whoosh_finds(searcher, text):
    q = bound_expansions(parse(text, searcher.schema).query, searcher.reader())
    checked = checked_phrases(searcher, q)
    expected = {searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(q)}
    assert {hit["id"] for hit in searcher.search(checked, limit=None)} == expected
    assert {searcher.stored_fields(d)["id"] for d in docset(searcher, checked)} == expected


def test_a_word_between_breaks_the_phrase(schema_index):
    talks = [Talk(id="gap", title="t", body="alpha omega beta"), Talk(id="ok", title="t", body="alpha beta")]
    with schema_index(talks).searcher() as s:
        q = parse('"alpha beta"', s.schema).query
        assert {s.stored_fields(d)["id"] for d in docset(s, q)} == {"ok"} == {
            s.stored_fields(d)["id"] for d in s.docs_for_query(q)
        }


def test_phrase_checks_are_bounded(schema_index, monkeypatch):
    import search.docsets

    talks = [Talk(id=f"t{i}", title="t", body="alpha beta " + "alpha " * (i % 5)) for i in range(30)]
    with schema_index(talks).searcher() as s:
        q = parse('"alpha beta"', s.schema).query
        assert len(docset(s, q)) == 30
        monkeypatch.setattr(search.docsets, "PHRASE_CHECKS", 10)
        sets = search.docsets.DocSets(s)
        assert len(sets.run(q)) == 10 and sets.unchecked == 20
