"""Hostile pages (tests/fixtures/hostile/ plus a 1 MB word and deep nesting made here) indexed and searched end
to end: the run completes, text is decoded sensibly, and nothing from the pages reaches HTML unescaped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.reliability_tools import missing, run_cli, stats

NEEDS = missing(commands=("index", "stats"), modules=("search.service",))
pytestmark = [pytest.mark.skipif(NEEDS is not None, reason=NEEDS or ""), pytest.mark.timeout(300)]
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
MARKER = "hostilemarker"
DANGEROUS = [re.compile(pattern, re.I) for pattern in (
    r"<script[^>]*>[^<]*alert",  # a script from a page
    r"<[a-z][^>]*\son(click|error|load)\s*=",  # an event handler from a page
    r"<[a-z][^>]*(href|src)\s*=\s*[\"']?\s*(javascript|data):",  # a script URL from a page
    r"<iframe",  # a frame copied from a page
)]


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><article>'
            f'<h1>{title}</h1><p>By <span class="author">Eve Mallory</span>, '
            f'<time datetime="2015-05-22">May 22, 2015</time></p>{body}</article></body></html>')


def without_marks(html: str) -> str:
    return str(html).replace("<mark>", "").replace("</mark>", "")


def assert_safe_html(html: str) -> None:
    for pattern in DANGEROUS:
        assert not pattern.search(html), pattern.search(html).group(0)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("hostile")
    pages = folder / "pages"
    shutil.copytree(HOSTILE, pages)
    huge = "x" * 1_000_000
    (pages / "huge-word.html").write_text(page(f"Huge word {MARKER}", f"<p>{MARKER} {huge} tailword</p>"))
    nested = "<div>" * 5_000 + f"<p>deepmarker {MARKER} caching</p>" + "</div>" * 5_000
    (pages / "deep-nesting.html").write_text(page(f"Deep nesting {MARKER}", nested))
    root = folder / "index"
    result = run_cli("index", str(pages), "--index-dir", str(root), "--quiet")
    return {"root": root, "pages": pages, "result": result}


@pytest.fixture(scope="module")
def service(hostile):
    from search.service import SearchService

    service = SearchService(hostile["root"])
    yield service
    service.close()


def talks_from(service, name: str) -> list:
    hits = service.search(MARKER, per_page=100).hits
    return [service.get(hit.id) for hit in hits if Path(hit.source).name == name]


def test_indexing_hostile_pages_completes_without_traceback(hostile):
    result = hostile["result"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert stats(hostile["root"])["talks"] >= len(list(HOSTILE.glob("*.html")))


def skipped_pages(hostile) -> set[str]:
    """Pages the index run skipped, each named in a warning on stderr (nothing is dropped silently)."""
    return {name for name in (p.name for p in hostile["pages"].iterdir()) if name in hostile["result"].stderr}


def test_every_fixture_page_is_found_or_named_in_a_warning(hostile, service):
    results = service.search(MARKER, per_page=100)
    found = {Path(hit.source).name for hit in results.hits}
    assert {path.name for path in HOSTILE.glob("*.html")} <= found | skipped_pages(hostile)
    assert skipped_pages(hostile) <= {"nul-bytes.html", "huge-word.html"}  # binary-looking or too large


def test_a_deeply_nested_page_is_indexed_or_named_in_a_warning(hostile, service):
    found = {Path(hit.source).name for hit in service.search(MARKER, per_page=100).hits}
    assert "deep-nesting.html" in found | skipped_pages(hostile)


def test_snippets_and_titles_are_escaped(service):
    results = service.search(MARKER, per_page=100)
    assert results.hits
    for hit in results.hits:
        assert "<" not in without_marks(hit.snippet_html), hit.snippet_html
        assert "<" not in without_marks(hit.title_html), hit.title_html


def test_text_that_looks_like_markup_stays_text(service):
    hits = service.search("bold", per_page=20).hits
    snippets = [without_marks(hit.snippet_html) for hit in hits if Path(hit.source).name == "script-tags.html"]
    assert snippets and "&lt;b&gt;bold&lt;/b&gt;" in snippets[0]


def test_script_and_style_content_is_not_indexed_as_notes(service):
    [talk] = talks_from(service, "script-tags.html")
    assert "xss-script" not in talk.body
    assert "xss-style" not in talk.body
    assert "caching" in talk.body


def test_nul_bytes_never_reach_the_index(service):
    for talk in talks_from(service, "nul-bytes.html"):  # the ingester may also skip the page as binary
        assert "\x00" not in talk.body + talk.title
        assert "caching" in talk.body


def test_a_declared_latin1_page_decodes(service):
    [latin] = talks_from(service, "latin1.html")
    assert "café" in latin.body and "Sébastien" in latin.body


def test_a_utf8_page_with_invalid_bytes_keeps_its_valid_text(service):
    [invalid] = talks_from(service, "invalid-utf8.html")
    assert "résumé" in invalid.body and "Ã" not in invalid.body


def test_a_utf8_page_with_a_cp1252_paragraph_keeps_its_utf8_text(service):
    [mixed] = talks_from(service, "mixed-encodings.html")
    assert "naïve" in mixed.body and "Ă" not in mixed.body


def test_huge_word_page_and_query_do_not_break_search(service):
    from search.errors import QueryError

    assert service.search("tailword").total <= 1
    try:
        results = service.search("x" * 1_000_000)
    except QueryError as error:
        assert str(error)
    else:
        assert results.total >= 0


@pytest.fixture(scope="module")
def client(hostile):
    if missing(modules=("webui",)) or not hasattr(__import__("webui"), "create_app"):
        pytest.skip("not built yet: webui.create_app")
    from webui import create_app

    return create_app({"INDEX_DIR": str(hostile["root"]), "TESTING": True}).test_client()


@pytest.mark.parametrize("query", [MARKER, "alert", "script", "javascript", "onerror", "bold"])
def test_web_pages_show_hostile_content_only_as_text(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert_safe_html(response.get_data(as_text=True))
    data = client.get("/api/search", query_string={"q": query}).get_json()
    for result in data["results"]:
        assert "<" not in without_marks(result["snippet_html"])


def test_talk_pages_of_hostile_talks_are_safe(client, service):
    hits = service.search(MARKER, per_page=100).hits
    assert hits
    for hit in hits:
        response = client.get(f"/talk/{hit.id}", query_string={"q": "alert"})
        assert response.status_code == 200, hit.id
        assert_safe_html(response.get_data(as_text=True))
