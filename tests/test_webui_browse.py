"""Speaker and conference pages, their JSON twins and the CLI, on notes with one person under four spellings
and one keynote written up three times (tests/browsetalks.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests import browsetalks
from tests.conftest import build_web_index


@pytest.fixture(scope="module")
def browse_index(tmp_path_factory):
    return build_web_index(tmp_path_factory.mktemp("browse") / "index", browsetalks.pages())


@pytest.fixture(scope="module")
def browse_client(browse_index):
    from webui import create_app

    app = create_app({"INDEX_DIR": str(browse_index), "TESTING": True})
    yield app.test_client()
    app.extensions["confsearch"].close()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_speakers_list_counts_a_person_once_and_filters_on_any_spelling(browse_client):
    page = text(browse_client.get("/speakers"))
    assert page.count('href="/speaker/katherine-novak"') == 1
    assert "3 talks" in page and "also written" in page and "Kate Novak" in page
    assert 'href="/speaker/jane-smith"' in page and 'href="/speaker/john-smith"' in page
    assert '<form class="filter" role="search"' in page and 'method="get"' in page
    filtered = text(browse_client.get("/speakers?q=kate"))
    assert 'href="/speaker/katherine-novak"' in filtered and "jane-smith" not in filtered
    assert "No speaker matches" in text(browse_client.get("/speakers?q=zzzz"))
    fragment = text(browse_client.get("/speakers?q=smith", headers={"X-Partial": "1"}))
    assert fragment.lstrip().startswith("<div class=\"directory\"") and "<html" not in fragment


def test_a_speaker_page_gathers_every_spelling_newest_first(browse_client):
    page = text(browse_client.get("/speaker/katherine-novak"))
    assert '<h1 id="page-title">Katherine Novak</h1>' in page
    assert "Also written:" in page and "Kate Novak" in page and "Katherine Novac" in page and "Dr Katherine Novak" in page
    titles = [line for line in page.splitlines() if 'class="talk-link"' in line]
    assert len(titles) == 3 and "EuroPython" not in titles[0]  # the 2016 talk first, the keynote once
    assert "Scaling Django" in titles[0] and "+2 more notes" in page
    assert 'href="/conference/pycon-uk-2015"' in page and 'href="/conference/europython-2016"' in page


def test_another_spelling_or_case_redirects_to_the_page(browse_client):
    for slug in ("kate-novak", "Katherine-Novak", "katherine-novac"):
        response = browse_client.get(f"/speaker/{slug}")
        assert response.status_code == 301 and response.headers["Location"].endswith("/speaker/katherine-novak")
    assert browse_client.get("/api/speaker/kate-novak").status_code == 301


def test_a_conference_page_lists_its_talks_by_day_with_speakers(browse_client):
    page = text(browse_client.get("/conference/pycon-uk-2015"))
    assert '<h1 id="page-title">PyCon UK 2015</h1>' in page
    assert page.index("Saturday 19 September 2015") < page.index("Sunday 20 September 2015")
    assert page.count('class="talk-link"') == 4  # keynote (three notes), profiling, two Smiths
    assert 'href="/speaker/jane-smith"' in page and 'href="/speaker/katherine-novak"' in page
    assert "/conference/" in text(browse_client.get("/conferences")) and "EuroPython 2016" in text(browse_client.get("/conferences?q=2016"))


@pytest.mark.parametrize("path", [
    "/speaker/..%2f..", "/speaker/..%2F..%2Fetc%2Fpasswd", "/speaker/" + "x" * 5000, "/speaker/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/speaker/%E2%80%AE%F0%9F%92%A9", "/speaker/%00", "/speaker/%ff%fe", "/speaker/no-such-person", "/conference/..%2f..",
    "/conference/%3Cscript%3E", "/conference/" + "é" * 300, "/speaker/", "/speaker/a/b",
])
def test_hostile_slugs_are_a_404_page(browse_client, path):
    response = browse_client.get(path)
    assert response.status_code == 404
    page = text(response)
    assert "Not found" in page and 'class="search"' in page and "<script>alert" not in page
    api = browse_client.get("/api" + path)
    assert api.status_code == 404 and api.is_json and api.get_json()["error"].endswith(".")


def test_a_hostile_name_is_escaped_once(browse_client):
    page = text(browse_client.get("/speakers"))
    assert "&lt;script&gt;alert(&#39;speaker&#39;)&lt;/script&gt;" in page and "<script>alert" not in page
    speakers = browse_client.get("/api/speakers").get_json()["speakers"]
    hostile = next(s for s in speakers if "script" in s["name"])
    assert hostile["slug"] == "script-alert-speaker-script"
    assert "<script>alert" not in text(browse_client.get(f"/speaker/{hostile['slug']}"))
    assert browse_client.get("/speaker/王伟").status_code == 200


def test_results_show_one_talk_with_its_other_notes(browse_client):
    page = text(browse_client.get("/search?q=scaling+django"))
    assert page.count('class="hit-title"') == 2  # the keynote once, and the talk given again
    assert "+2 more notes" in page and "<details class=\"more-notes\">" in page
    assert "two.example" in page and "three.example" in page
    assert 'href="/speaker/katherine-novak"' in page and 'class="page-link" href="/speaker/katherine-novak"' in page
    data = browse_client.get("/api/search?q=scaling+django").get_json()
    assert data["total"] == 2 and sorted(len(hit["more_notes"]) for hit in data["results"]) == [0, 2]


def test_the_talk_page_lists_the_other_notes_and_events(browse_client):
    page = text(browse_client.get(f"/talk/{browsetalks.KEYNOTE}"))
    assert "Also written up by" in page and "two.example" in page and "three.example" in page
    assert "Also given at" in page and 'href="/conference/europython-2016"' in page
    data = browse_client.get(f"/api/talks/{browsetalks.KEYNOTE}").get_json()
    assert len(data["more_notes"]) == 2 and data["given_again"][0]["conference_slug"] == "europython-2016"
    assert data["speaker_slugs"] == ["katherine-novak"] and data["conference_slug"] == "pycon-uk-2015"


def test_the_json_twins(browse_client):
    speakers = browse_client.get("/api/speakers?q=novak").get_json()
    assert speakers["total"] == 1 and speakers["speakers"][0]["talks"] == 3 and speakers["speakers"][0]["notes"] == 5
    person = browse_client.get("/api/speaker/katherine-novak").get_json()
    assert sorted(person["spellings"]) == ["Dr Katherine Novak", "Kate Novak", "Katherine Novac", "Katherine Novak"]
    assert [t["date"] for t in person["talks"]] == ["2016-07-18", "2015-09-20", "2015-09-19"]
    event = browse_client.get("/api/conference/pycon-uk-2015").get_json()
    assert [day["date"] for day in event["days"]] == ["2015-09-19", "2015-09-20"] and event["speakers"] == 3
    conferences = browse_client.get("/api/conferences").get_json()["conferences"]
    assert conferences[0]["slug"] == "pycon-china-2016"  # newest first


def test_the_cli_lists_speakers_and_conferences(browse_index):
    from search.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["speakers", "--index-dir", str(browse_index)])
    assert result.exit_code == 0 and "Katherine Novak" in result.output and "Kate Novak" in result.output
    assert len([line for line in result.output.splitlines() if "Smith" in line]) == 2
    data = json.loads(runner.invoke(cli, ["speakers", "novak", "--json", "--index-dir", str(browse_index)]).output)
    assert [(p["slug"], p["talks"]) for p in data] == [("katherine-novak", 3)]
    result = runner.invoke(cli, ["conferences", "--json", "--index-dir", str(browse_index)])
    assert result.exit_code == 0 and "pycon-uk-2015" in {c["slug"] for c in json.loads(result.output)}
    shown = runner.invoke(cli, ["show", browsetalks.KEYNOTE, "--index-dir", str(browse_index)]).output
    assert "Also written up by:" in shown and "two.example" in shown and "Also given at:" in shown
    found = runner.invoke(cli, ["search", "speaker:novac", "--index-dir", str(browse_index)]).output
    assert "+2 more notes" in found and "3 talks" in found
