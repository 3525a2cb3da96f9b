"""Query parsing, caps, bounded expansion and did-you-mean, against a small real Whoosh index."""

import pytest
from whoosh import query as wq

from search.errors import QueryError
from search.query import MAX_EXPANSION, bound_expansions, correct, normalise, parse, query_terms, tidy
from search.schema import build_schema
from tests.talks import TALKS

SCHEMA = build_schema()


@pytest.fixture
def searcher(schema_index):
    with schema_index(TALKS).searcher() as s:
        yield s


def ids(searcher, text):
    q = bound_expansions(parse(text, SCHEMA).query, searcher.reader())
    return {hit["id"] for hit in searcher.search(q, limit=None)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("zeromq", {"zmq"}),
        ("generator", {"gen"}),  # stemmed
        ("generators yield", {"gen"}),  # all words
        ("generators kubernetes", set()),  # AND by default
        ("generators OR kubernetes", {"gen", "k8s"}),
        ("test* NOT flaky", set()),
        ("test* -zeromq", {"test"}),
        ('"lazy iterators"', {"gen"}),
        ('"iterators lazy"', set()),
        ("speaker:beazley", {"gen"}),
        ("speaker:sebastien", {"k8s"}),  # accents folded
        ('speaker:"Van Der Berg"', {"k8s"}),
        ("author:hintjens", {"zmq"}),
        ("title:django", {"k8s"}),
        ("conference:pygrunn", {"zmq"}),
        ("tag:testing", {"test"}),
        ("year:2015", {"zmq", "test"}),
        ("date:2015-05", {"zmq"}),
        ("date:2015-05-22", {"zmq"}),
        ("date:[2015-01-01 TO 2016-06-30]", {"zmq", "test", "k8s"}),
        ("(generators OR zeromq) AND sockets", {"zmq"}),
        ("zero*", {"zmq"}),
        ("kube*", {"k8s"}),
        ("zeromg~", {"zmq"}),
        ("kubernetis~2", {"k8s"}),
        ("foo:zeromq", set()),  # unknown field: literal words foo and zeromq
        ("url:zeromq", set()),
        ("web-application", {"test"}),
    ],
)
def test_query_language(searcher, text, expected):
    assert ids(searcher, text) == expected


def test_unknown_field_is_read_as_words():
    q = parse("foo:zeromq", SCHEMA).query
    assert ("body", "foo") in query_terms(q) and ("body", "zeromq") in query_terms(q)


@pytest.mark.parametrize("text", ['"unbalanced quote', "(unclosed group", "closing ) too many", "[2015 TO", "a:b:c::", "~~**??", "-", "NOT", "OR AND", "NOT OR"])
def test_malformed_input_never_crashes(searcher, text):
    try:
        ids(searcher, text)
    except QueryError as error:
        assert str(error).endswith(".")


def test_unbalanced_quote_still_finds_words(searcher):
    assert ids(searcher, '"lazy iterators') == {"gen"}


@pytest.mark.parametrize("text", ["the and of", "", "   ", "!!!"])
def test_nothing_searchable_is_a_sentence(text):
    with pytest.raises(QueryError, match=r"^[A-Z].*\.$"):
        parse(text, SCHEMA)


@pytest.mark.parametrize("text", ["date:someday", "year:abc", "DATE:[TO0]"])
def test_bad_dates_are_a_sentence(text):
    with pytest.raises(QueryError, match="2015-05"):
        parse(text, SCHEMA)


def test_long_queries_are_capped():
    text, notice = normalise("word " * 3000)
    assert len(text.split()) == 32 and "shortened" in notice
    text, notice = normalise("x" * 10_000)
    assert len(text) == 500 and "500" in notice
    assert parse("zeromq " * 2000, SCHEMA).notice


def test_short_prefix_is_rejected(searcher):
    with pytest.raises(QueryError, match="at least 2 letters"):
        ids(searcher, "z*")


def test_prefix_expansion_is_bounded(schema_index):
    from search.model import Talk

    talks = [Talk(id=str(i), title="t", body=f"word{i:03d} " * (i % 7 + 1)) for i in range(200)]
    with schema_index(talks).searcher() as s:
        q = bound_expansions(parse("word*", SCHEMA).query, s.reader())
        body_terms = {t for f, t in q.iter_all_terms() if f == "body"}
    assert len(body_terms) == MAX_EXPANSION
    assert "word006" in body_terms  # among the most frequent


def test_fuzzy_distance_is_capped(searcher):
    q = bound_expansions(parse("zeromq~9", SCHEMA).query, searcher.reader())
    assert all(isinstance(t, str) for _, t in q.iter_all_terms())
    assert ("body", "zeromq") in set(q.iter_all_terms())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("zeromg", "zeromq"),
        ("generaters", "generators"),
        ("kubernetis", "kubernetes"),
        ("kubernetis deploymnt", "kubernetes deployment"),
        ("speaker:beazly", "speaker:beazley"),
        ("zeromq", None),
        ("zeromqsockets", "zeromq sockets"),  # two index words run together
        ("generatorfunction", "generator function"),
        ("speaker:davidbeazley", None),  # not split inside a field
    ],
)
def test_did_you_mean(searcher, text, expected):
    assert correct(text, searcher.reader()) == expected


def test_negated_terms_are_not_highlighted():
    terms = query_terms(parse("zeromq -java", SCHEMA).query)
    assert ("body", "zeromq") in terms and ("body", "java") not in terms


def test_expansion_of_unknown_prefix_matches_nothing(searcher):
    q = bound_expansions(parse("qqq*", SCHEMA).query, searcher.reader())
    assert list(searcher.search(q)) == [] and isinstance(q, wq.Query)


def test_expansions_stay_marked_through_rewrites(searcher):
    from search.docsets import checked_phrases
    from search.query import has_expansions

    q = bound_expansions(parse('zero* "lazy iterators"', SCHEMA).query, searcher.reader())
    assert has_expansions(q) and has_expansions(checked_phrases(searcher, q))
    assert not has_expansions(bound_expansions(parse("zeromq", SCHEMA).query, searcher.reader()))


def test_random_queries_never_crash(schema_index):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from search.docsets import checked_phrases, docset

    ix = schema_index(TALKS)
    alphabet = st.sampled_from(list('ab zeromq"()[]{}*?~^:-+!/\\\'<>&OR AND NOT TO speaker: date:2015 year: é\x00\n'))

    with ix.searcher() as s:

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.text(alphabet=alphabet, max_size=60) | st.text(max_size=40))
        def check(text):
            try:
                q = checked_phrases(s, bound_expansions(parse(text, SCHEMA).query, s.reader()))
            except QueryError as error:
                assert str(error).endswith(".") and "\n" not in str(error)
                return
            assert docset(s, q) <= set(range(s.doc_count_all()))
            correct(text, s.reader())

        check()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("zeromq OR", "zeromq"),
        ("OR zeromq AND", "zeromq"),
        ("zeromq OR OR generators", "zeromq OR generators"),
        ("speaker: pieter", "pieter"),
        ('"zeromq community', "zeromq community"),
        ('"rock AND roll" AND', '"rock AND roll"'),
        ("NOT OR", ""),
    ],
)
def test_unfinished_queries_are_read_as_meant(typed, read):
    assert tidy(typed) == read
