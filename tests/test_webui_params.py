"""Request parameters for /search and /api/search: validated, clamped, turned back into URLs."""

import pytest
from werkzeug.datastructures import MultiDict

from webui.params import MAX_PAGE, MAX_PER_PAGE, BadParameter, SearchParams, parse_search_args


def parse(**args):
    return parse_search_args(MultiDict(args), max_query_length=500)


def test_defaults():
    assert parse() == SearchParams()


def test_query_whitespace_is_collapsed():
    assert parse(q="  zero   mq \n").q == "zero mq"


@pytest.mark.parametrize("page, expected", [("-1", 1), ("0", 1), ("3", 3), ("99999999999", MAX_PAGE)])
def test_page_is_clamped(page, expected):
    assert parse(page=page).page == expected


@pytest.mark.parametrize("name", ["page", "per_page", "limit"])
@pytest.mark.parametrize("value", ["abc", "1.5", "1e3", "--2"])
def test_non_numbers_are_refused(name, value):
    with pytest.raises(BadParameter, match="whole number"):
        parse(**{name: value})


@pytest.mark.parametrize("value, expected", [("10000", MAX_PER_PAGE), ("-5", 1), ("20", 20)])
def test_per_page_and_limit_are_clamped(value, expected):
    assert parse(per_page=value).per_page == expected
    assert parse(limit=value).per_page == expected


def test_long_query_is_refused_with_a_sentence():
    with pytest.raises(BadParameter, match="too long"):
        parse(q="word " * 200)


def test_filters_are_parsed():
    params = parse(speaker=" Pieter  Hintjens ", conference="PyGrunn", year="2015", since="2015-01-01", until="2016-06-30", sort="DATE")
    assert params.speaker == "Pieter Hintjens"
    assert params.year == "2015"
    assert params.since == "2015-01-01" and params.until == "2016-06-30"
    assert params.sort == "date"
    assert list(params.filters) == ["speaker", "conference", "year", "since", "until"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"since": "x" * 300}, "too long"),
        ({"sort": "random"}, "relevance, date"),
        ({"speaker": "x" * 300}, "too long"),
    ],
)
def test_bad_filters_are_refused(args, message):
    with pytest.raises(BadParameter, match=message):
        parse(**args)


def test_empty_filters_are_ignored():
    assert parse(speaker="", year=" ", since="").filters == {}


def test_url_args_apply_changes_and_reset_the_page():
    params = parse(q="zeromq", page="3", speaker="Pieter Hintjens", sort="date")
    assert params.url_args(conference="PyGrunn") == {
        "q": "zeromq", "speaker": "Pieter Hintjens", "conference": "PyGrunn", "sort": "date"
    }
    assert params.url_args(speaker=None) == {"q": "zeromq", "sort": "date"}
    assert params.url_args(page=4)["page"] == 4


def test_service_kwargs_match_the_search_signature():
    params = parse(q="x", year="2015")
    assert params.service_kwargs() == {
        "page": 1, "per_page": 10, "speaker": None, "conference": None, "year": "2015",
        "since": None, "until": None, "sort": "relevance",
    }
