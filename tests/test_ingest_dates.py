"""Dates as weblogs write them, English or in the language of the blog's chrome."""

from __future__ import annotations

import datetime as dt

import pytest

from search.ingest.dates import date_from_url, is_date_only, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("published May 22, 2015", dt.date(2015, 5, 22)),
        ("Veröffentlicht am 12. Oktober 2019", dt.date(2019, 10, 12)),
        ("publié le 1er février 2020", dt.date(2020, 2, 1)),
        ("gepubliceerd op 22 mei 2015", dt.date(2015, 5, 22)),
        ("12 de octubre de 2019", dt.date(2019, 10, 12)),
        ("Mei Chen, 2019", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Saturday, April 12, 2014", True), ("2015-05-22", True), ("PyCon 2014: April 12, 2014", False), ("Day 2", False)],
)
def test_a_date_header_is_only_a_date(text, expected):
    assert is_date_only(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Publicado em 21 de junho de 2023", dt.date(2023, 6, 21)),
        ("Warszawa, 15 kwietnia 2024.", dt.date(2024, 4, 15)),
        ("Gdańsk, 21 lutego 2024.", dt.date(2024, 2, 21)),
    ],
)
def test_portuguese_and_polish_months(text, expected):
    assert parse_date(text) == expected


def test_the_day_a_recap_names_wins_over_its_publication_within_two_weeks():
    from search.ingest.metadata import dated, talk_day

    published = dt.date(2023, 11, 10)
    assert talk_day(published, dt.date(2023, 11, 9)) == dt.date(2023, 11, 9)
    assert talk_day(published, dt.date(2021, 3, 1)) == published  # (an old date mentioned in passing)
    assert talk_day(published, dt.date(2023, 11, 12)) == published  # (announced for later)
    assert dated("Notes from NDC Oslo 2024, Wednesday 12 June.", 2024) == dt.date(2024, 6, 12)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Brussel, 1-2 februari 2025. Veel te druk.", dt.date(2025, 2, 1)),
        ("February 1–2, 2025", dt.date(2025, 2, 1)),
        ("Darmstadt, 23-25 April 2025.", dt.date(2025, 4, 23)),
    ],
)
def test_a_range_of_days_gives_its_first_day(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Day 1 (6/15/2016)", dt.date(2016, 6, 15)),  # (month first, as US notes write it)
        ("Day 1 (04/20/2018)", dt.date(2018, 4, 20)),
        ("Tag 2, 15/6/2016", dt.date(2016, 6, 15)),  # (a first number above 12 is the day)
        ("Vortrag am 15.6.2016", dt.date(2016, 6, 15)),
        ("slides 1/2/3/2016", None),
        ("issue 13/13/2016", None),
    ],
)
def test_numeric_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/notes/20130305-testing.html", dt.date(2013, 3, 5)),
        ("https://example.org/2013/03/05/testing/", dt.date(2013, 3, 5)),
        ("/notes/2013_03_05_testing.html", dt.date(2013, 3, 5)),
        ("/2019/04/2019-04-12-codestock-s2.html", dt.date(2019, 4, 12)),  # (not stopped by the month-only /2019/04/)
        ("/2016/07/2016-codestock.html", None),
        ("/build/12345678/x.html", None),
    ],
)
def test_dates_in_urls_and_file_names(url, expected):
    assert date_from_url(url) == expected
