"""Mangled HTML never raises: any prefix, splice or byte soup of real-looking pages splits (maybe into nothing)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.ingest import UnreadablePage, split_page
from search.model import Talk

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
SAMPLES = [page.read_bytes() for page in PAGES[:12]]
TAGS = ["<h1>", "</h1>", "<h2>", "<p>", "</p>", "<li>", "<ul>", "<article>", "</div>", "<div class='post'>",
        "<a href='/2015/05/22/x'>", "</a>", "<time datetime='2015-13-45'>", "<br>", "<!--", "<![CDATA[", "&#x110000;",
        "<meta charset='bogus'>", "<a href='http://[oops/x'>", "<link rel='canonical' href='https://[::1'>",
        "<h2><a href='//[bad'>", "<header>", "<footer>", "<section id='s'>", "<dt>", "<dd>", "\x00", "\ufeff"]


def check(data) -> None:
    try:
        talks = split_page(data, "/tmp/mangled.html")
    except UnreadablePage:
        return
    assert all(isinstance(talk, Talk) and talk.id and talk.body for talk in talks)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.integers(0, 5000), st.integers(0, 5000), st.binary(max_size=40))
def test_spliced_pages_never_raise(sample: bytes, cut: int, resume: int, junk: bytes):
    check(sample[:cut] + junk + sample[resume:])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=30)), max_size=60))
def test_tag_soup_never_raises(parts: list[str]):
    check("".join(parts))
