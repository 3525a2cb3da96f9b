"""The HTML pages, through Flask's test client over a real index of the bundled corpus (+ one hostile talk)."""

import re
from html.parser import HTMLParser

import pytest

from webui.headers import CSP


def attribute_names(page: str) -> set[str]:
    names = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.update(name for name, _ in attrs)

    Collector().feed(page)
    return names


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_has_a_search_box_facts_and_examples(client):
    response = client.get("/")
    page = text(response)
    assert response.status_code == 200
    assert re.search(r'<input type="search" id="q" name="q"[^>]*autofocus', page)
    assert '<label for="q"' in page
    assert re.search(r'7 talks by <a href="/speakers">8 speakers</a> at <a href="/conferences">4 conferences</a>, '
                     r"years 2015–2017\.", page)
    assert 'class="example" href="/search?q=zeromq"' in page
    assert '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in page


def test_home_with_a_query_redirects_to_search(client):
    response = client.get("/?q=zeromq")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/search?q=zeromq")


def test_search_shows_ranked_highlighted_cards(client):
    page = text(client.get("/search?q=zeromq"))
    assert re.search(r"\d+ talks? for <q>zeromq</q>", page)
    assert re.search(r"in [\d.]+ ms", page)
    first = page.index('class="hit"')
    assert "Hintjens" in page[first : first + 2000]
    assert "<mark>" in page
    assert 'href="/talk/' in page and "?q=zeromq" in page
    assert 'href="/search?q=zeromq&amp;speaker=Pieter+Hintjens"' in page
    assert "Original post" in page


def test_search_facets_link_to_filters_and_chips_remove_them(client):
    page = text(client.get("/search?q=zeromq"))
    assert 'aria-label="Refine"' in page
    assert re.search(r'href="/search\?q=zeromq&amp;year=2015"', page)
    filtered = text(client.get("/search?q=zeromq&year=2015"))
    assert 'aria-label="Active filters"' in filtered
    assert re.search(r'<a class="chip" href="/search\?q=zeromq"[^>]*>year: 2015', filtered)
    assert "Hostile" not in filtered  # the hostile talk is from 2016


def hits_of(page: str) -> str:
    return page.split('class="hits"')[1].split("</ol>")[0] if 'class="hits"' in page else ""


def test_speaker_filter_keeps_only_that_speakers_talks(client):
    assert "CoreOS" in hits_of(text(client.get("/search?q=python")))
    only = hits_of(text(client.get("/search", query_string={"q": "python", "speaker": "Erik Groeneveld"})))
    assert "/talk/generators?" in only
    assert "CoreOS" not in only and only.count('class="hit"') == 1


def test_conference_filter_accepts_any_text_safely(client):
    response = client.get("/search", query_string={"q": "zeromq", "conference": "<b>EvilConf</b>"})
    assert response.status_code == 200
    hits = hits_of(text(response))
    assert "Hostile" in hits and "Pieter Hintjens" not in hits


def test_sort_by_date_is_offered_and_accepted(client):
    page = text(client.get("/search?q=python"))
    assert 'href="/search?q=python&amp;sort=date"' in page
    by_date = text(client.get("/search?q=python&sort=date"))
    assert '<strong aria-current="true">date</strong>' in by_date


def test_pagination_links(client):
    page = text(client.get("/search?q=python&per_page=1"))
    assert 'aria-label="Pages"' in page
    assert 'rel="next" href="/search?q=python&amp;per_page=1&amp;page=2"' in page
    second = text(client.get("/search?q=python&per_page=1&page=2"))
    assert 'rel="prev"' in second and '<strong aria-current="page">2</strong>' in second


def test_did_you_mean_links_to_the_suggestion(client):
    page = text(client.get("/search?q=zeromg"))
    assert "Did you mean" in page
    assert re.search(r'Did you mean <a href="/search\?q=zeromq">zeromq</a>', page)


def test_zero_results_suggest_what_to_try(client):
    page = text(client.get("/search?q=xylophonequartz"))
    assert "Nothing matched" in page
    assert 'href="/help"' in page


def test_partial_request_returns_only_the_results_fragment(client):
    response = client.get("/search?q=zeromq", headers={"X-Partial": "1"})
    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page and 'class="hits"' in page and "data-title=" in page
    assert "X-Partial" in response.headers["Vary"]


def test_partial_request_errors_come_as_a_fragment(client):
    response = client.get("/search?q=x&page=abc", headers={"X-Partial": "1"})
    assert response.status_code == 400
    assert "<html" not in text(response) and 'class="error-message"' in text(response)


def test_talk_page_highlights_the_query_and_lists_related_talks(client):
    talk_id = "zeromq"
    page = text(client.get(f"/talk/{talk_id}?q=zeromq"))
    assert '<h1 id="talk-title">ZeroMQ: messaging for distributed systems</h1>' in page
    assert 'href="/speaker/pieter-hintjens">Pieter Hintjens</a>' in page
    assert 'href="/conference/pygrunn-2015">PyGrunn</a>' in page
    assert "<mark>" in page
    assert "Back to results" in page and 'href="/search?q=zeromq"' in page
    assert "Related talks" in page
    assert "Read the original post" in page
    plain = text(client.get(f"/talk/{talk_id}"))
    assert "<mark>" not in plain


def test_unknown_talk_is_a_404_in_the_site_look(client):
    response = client.get("/talk/no-such-talk")
    assert response.status_code == 404
    assert "Not found" in text(response) and 'class="search"' in text(response)


def test_unknown_page_is_a_404_in_the_site_look(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no page at this address." in text(response)
    assert 'href="/static/style.css"' in text(response)


@pytest.mark.parametrize(
    "query_string",
    ["q=x&page=abc", "q=x&per_page=lots", "q=x&year=nineteen", "q=x&since=soon", "q=x&sort=random"],
)
def test_bad_parameters_are_a_400_with_a_sentence(client, query_string):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 400
    assert 'class="error-message"' in text(response)
    assert "Traceback" not in text(response)


@pytest.mark.parametrize("query_string", ["q=python&page=-1", "q=python&per_page=10000", "q=python&page=99999"])
def test_out_of_range_sizes_are_clamped(client, query_string):
    assert client.get(f"/search?{query_string}").status_code == 200


def test_overlong_query_is_refused(client):
    response = client.get("/search", query_string={"q": "zeromq " * 1500})
    assert response.status_code == 400
    assert "too long" in text(response)


@pytest.mark.parametrize("query", ['"unbalanced', "title:(", "(((", "NOT", "*", "zero*~^", "speaker:", "<script>"])
def test_hostile_queries_never_give_a_500(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    assert "Traceback" not in text(response)


def test_a_rejected_query_shows_the_engine_sentence_with_400(client, app):
    from search.errors import QueryError

    for query in ['title:"', "nosuchfield:x", "(a OR", "x" * 499 + "*"]:
        try:
            app.extensions["confsearch"].search(query)
        except QueryError as error:
            response = client.get("/search", query_string={"q": query})
            assert response.status_code == 400
            assert str(error) in text(response).replace("&#39;", "'").replace("&#34;", '"')
            return
    pytest.skip("the engine read every probe as literal words")


def test_query_and_corpus_text_are_escaped(client):
    page = text(client.get("/search", query_string={"q": "hostile <script>alert(9)</script>"}))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in page
    hostile = text(client.get("/search?q=hostile"))
    assert "<script>alert(" not in hostile
    assert "<img src=x" not in hostile and "<b>EvilConf</b>" not in hostile
    assert "&lt;b&gt;EvilConf&lt;/b&gt;" in hostile
    assert "javascript:" not in hostile  # no link to a javascript: url


def test_talk_page_escapes_the_hostile_talk(client):
    page = text(client.get("/talk/hostile-talk?q=zeromq"))
    assert "<script>alert(" not in page and "<i>sockets</i>" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;i&gt;sockets&lt;/i&gt;" in page
    assert "javascript:" not in page
    plain = text(client.get("/talk/hostile-talk"))
    assert "<script>alert(" not in plain and "&lt;script&gt;alert(" in plain


@pytest.mark.parametrize("path", ["/", "/search?q=zeromq", "/help", "/no-such-page", "/api/search?q=x", "/healthz"])
def test_every_response_has_a_strict_csp_and_timing(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Server-Timing"].startswith("app;dur=")


def test_searches_report_the_engine_time_too(client):
    timing = client.get("/api/search?q=zeromq").headers["Server-Timing"]
    assert re.fullmatch(r"app;dur=[\d.]+, search;dur=[\d.]+", timing)


def test_pages_have_no_inline_script_or_style(client):
    talk_id = "zeromq"
    for path in ["/", "/search?q=zeromq", f"/talk/{talk_id}?q=zeromq", "/help", "/nope"]:
        page = text(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page and "<style" not in page, path
        assert not [name for name in attribute_names(page) if name.startswith("on")], path


def test_help_page_explains_the_syntax(client):
    page = text(client.get("/help"))
    assert "speaker:hintjens" in page and "date:[2015-01-01 TO 2016-06-30]" in page


def test_every_page_links_to_the_help(client):
    assert 'href="/help"' in text(client.get("/search?q=zeromq"))


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    assert 'template="http://localhost/search?q={searchTerms}"' in text(response)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("asset, kind", [("style.css", "text/css"), ("app.js", "javascript"), ("favicon.svg", "image/svg")])
def test_static_assets_are_served_from_the_package(client, asset, kind):
    response = client.get(f"/static/{asset}")
    body = text(response).replace('xmlns="http://www.w3.org/2000/svg"', "")
    response.close()
    assert response.status_code == 200
    assert kind in response.content_type
    assert "http://" not in body and "https://" not in body


def test_an_unexpected_error_is_a_500_page_without_traceback(app, web_index_dir):
    from webui import create_app

    broken = create_app({"INDEX_DIR": str(web_index_dir)})  # not TESTING: errors are handled, not raised

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    broken.extensions["confsearch"].search = explode
    response = broken.test_client().get("/search?q=zeromq")
    assert response.status_code == 500
    assert "Something went wrong on our side" in text(response)
    assert "boom" not in text(response) and "Traceback" not in text(response)
    broken.extensions["confsearch"].close()


def test_a_speaker_filter_alone_lists_their_talks(client):
    page = text(client.get("/search?speaker=Pieter+Hintjens"))
    assert "ZeroMQ: messaging for distributed systems" in page and "Nothing matched" not in page
    assert 'aria-label="Remove filter speaker: Pieter Hintjens"' in page
