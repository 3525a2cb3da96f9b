"""The JSON API: /api/search (= `confsearch search --json`), /api/talks/<id>, /api/suggest."""

import json

import pytest


def test_api_search_has_the_cli_json_shape(client):
    data = client.get("/api/search?q=zeromq").get_json()
    assert list(data) == ["query", "total", "page", "per_page", "suggestion", "notice", "results", "facets",
                          "facet_slugs"]
    assert data["query"] == "zeromq" and data["total"] >= 1
    hit = data["results"][0]
    assert list(hit) == ["id", "title", "speakers", "date", "conference", "url", "source", "score", "snippet_html",
                         "snippet_text", "speaker_slugs", "conference_slug", "more_notes"]
    assert "<mark>" in hit["snippet_html"]
    assert set(data["facets"]) >= {"conference", "year", "speaker"}


def test_api_search_equals_the_cli_json(client, web_index_dir):
    from click.testing import CliRunner

    from search.cli import cli

    if "search" not in cli.commands:
        pytest.skip("the search command (branch query) is not merged yet")
    result = CliRunner().invoke(cli, ["search", "--index-dir", str(web_index_dir), "--json", "--limit", "3", "python"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/search?q=python&limit=3").get_json() == json.loads(result.output)


def test_api_search_filters(client):
    data = client.get("/api/search", query_string={"q": "zeromq", "year": "2016"}).get_json()
    assert [hit["id"] for hit in data["results"]] == ["hostile-talk"]


@pytest.mark.parametrize("query_string", ["q=x&page=abc", "q=x&limit=ten", "q=x&sort=up", "q=x&until=never"])
def test_api_search_bad_parameters_are_400_json(client, query_string):
    response = client.get(f"/api/search?{query_string}")
    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"].endswith(".")


def test_api_search_clamps_the_limit(client):
    data = client.get("/api/search?q=python&limit=10000&page=-1").get_json()
    assert data["per_page"] == 50 and data["page"] == 1


def test_api_talk(client):
    data = client.get("/api/talks/hostile-talk").get_json()
    assert data["id"] == "hostile-talk" and data["body"].startswith("Notes on zeromq.")
    assert data["title"].startswith("<script>")  # JSON carries the raw text; escaping is the page's job


def test_api_talk_unknown_is_404_json(client):
    response = client.get("/api/talks/nope")
    assert response.status_code == 404
    assert "nope" in response.get_json()["error"]


def test_api_unknown_route_is_404_json(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.is_json


def test_api_suggest(client):
    data = client.get("/api/suggest?q=zer").get_json()
    assert data["query"] == "zer"
    assert any("zeromq" in completion.lower() for completion in data["suggestions"])
    assert client.get("/api/suggest?q=").get_json()["suggestions"] == []


def test_api_suggest_opensearch_format(client):
    response = client.get("/api/suggest?q=hint&format=opensearch")
    data = response.get_json(force=True)
    assert response.mimetype == "application/x-suggestions+json"
    assert data[0] == "hint" and isinstance(data[1], list)


def test_api_has_no_writing_endpoint(client, app):
    for rule in app.url_map.iter_rules():
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    assert client.post("/api/search?q=x").status_code == 405


def test_api_search_with_only_a_filter_lists_the_matching_talks_newest_first(client):
    data = client.get("/api/search", query_string={"conference": "PyGrunn"}).get_json()
    dates = [hit["date"] for hit in data["results"]]
    assert data["total"] == len(dates) > 1 and dates == sorted(dates, reverse=True)
    assert all("<mark>" not in hit["snippet_html"] for hit in data["results"])
    assert client.get("/api/search", query_string={"speaker": "Pieter Hintjens"}).get_json()["total"] >= 1


def test_api_search_with_neither_query_nor_filter_is_400(client):
    response = client.get("/api/search")
    assert response.status_code == 400 and "The query is empty" in response.get_json()["error"]
