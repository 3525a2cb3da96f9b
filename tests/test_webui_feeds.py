"""Searches you can subscribe to: /search.atom validates as Atom 1.0 (RFC 4287's RELAX NG grammar) and parses
in feedparser without errors; /search.json is its JSON Feed twin; the results page links to both."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
GRAMMAR = Path(__file__).parent / "fixtures" / "atom" / "atom.rng"


@pytest.fixture(scope="module")
def atom_schema():
    return etree.RelaxNG(etree.parse(str(GRAMMAR)))


def atom(client, query: str):
    response = client.get("/search.atom?" + query)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return response.data


def assert_valid_atom(body: bytes, schema) -> etree._Element:
    root = etree.fromstring(body)
    assert schema.validate(root), schema.error_log
    for name in ("id", "title", "updated", "author"):
        assert root.find(ATOM + name) is not None, f"the feed has no <{name}>"
    for entry in root.iter(ATOM + "entry"):
        assert len(entry.findall(ATOM + "id")) == 1 and len(entry.findall(ATOM + "updated")) == 1
    for link in root.iter(ATOM + "link"):
        assert urlsplit(link.get("href")).scheme in ("http", "https"), link.get("href")
    ids = [element.text for element in root.iter(ATOM + "id")]
    assert len(ids) == len(set(ids))
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return root


def test_search_atom_validates_and_holds_the_newest_matching_talks(client, atom_schema):
    body = atom(client, "q=zeromq")
    root = assert_valid_atom(body, atom_schema)
    parsed = feedparser.parse(body)
    assert parsed.feed.title == "confsearch: “zeromq”"
    assert parsed.feed.id == "http://localhost/search.atom?q=zeromq"
    assert {link.href for link in parsed.feed.links} >= {"http://localhost/search?q=zeromq",
                                                         "http://localhost/search.json?q=zeromq"}
    entries = parsed.entries
    assert len(entries) >= 2
    dates = [entry.published for entry in entries if "published" in entry]
    assert dates == sorted(dates, reverse=True), "newest first"
    zeromq = next(entry for entry in entries if entry.link.endswith("/talk/zeromq"))
    assert zeromq.id == zeromq.link == "http://localhost/talk/zeromq"
    assert zeromq.author == "Pieter Hintjens" and zeromq.tags[0].term == "PyGrunn"
    assert zeromq.published.startswith("2015-05-22T00:00:00")
    assert "Pieter Hintjens · PyGrunn · " in zeromq.summary and "ZeroMQ is a socket library" in zeromq.summary
    assert b"&lt;mark&gt;ZeroMQ&lt;/mark&gt;" in body, "the snippet's marks, as HTML in the XML text"
    assert 'href="https://notes.example/2015/zeromq"' in zeromq.summary
    assert client.get(urlsplit(zeromq.link).path).status_code == 200
    assert len(root.findall(ATOM + "entry")) == len(entries)


def test_hostile_talk_and_query_are_escaped_once(client, atom_schema):
    body = atom(client, "q=hostile+%3Cscript%3E%26%22'")
    assert b"<script" not in body and b"<img" not in body and b"<b>EvilConf" not in body
    assert_valid_atom(body, atom_schema)
    (entry,) = feedparser.parse(body).entries
    assert entry.title == "<script>alert('title')</script> Hostile zeromq", "the text itself, unescaped by the reader"
    assert entry.author == "Mallory <img src=x onerror=alert(1)>" and entry.tags[0].term == "<b>EvilConf</b>"
    summary = etree.fromstring(body).find(f"{ATOM}entry/{ATOM}summary").text
    assert "Mallory &lt;img src=x" in summary and "&lt;<mark>script</mark>&gt;" in summary
    assert "<script" not in summary and "<img" not in summary, "HTML escaped once, inside XML escaped once"
    assert "javascript:" not in body.decode(), "no unsafe link"


def test_same_parameters_as_search(client, atom_schema):
    filtered = feedparser.parse(atom(client, "q=python&speaker=Erik+Groeneveld"))
    assert filtered.entries and {entry.author for entry in filtered.entries} == {"Erik Groeneveld"}
    assert "speaker: Erik Groeneveld" in filtered.feed.title
    by_year = feedparser.parse(atom(client, "year=2015"))
    assert by_year.entries and all(entry.published.startswith("2015") for entry in by_year.entries)
    assert_valid_atom(atom(client, "q=nothingmatchesthisword"), atom_schema)
    response = client.get("/search.atom?q=zeromq&sort=sideways")
    assert response.status_code == 400 and "Sort by one of relevance, date" in response.get_data(as_text=True)


def test_json_feed_is_the_twin_of_the_atom_feed(client):
    response = client.get("/search.json?q=zeromq")
    assert response.status_code == 200 and response.mimetype == "application/feed+json"
    feed = response.json
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"] == "confsearch: “zeromq”"
    assert feed["feed_url"] == "http://localhost/search.json?q=zeromq"
    atom_ids = [entry.id for entry in feedparser.parse(atom(client, "q=zeromq")).entries]
    assert [item["id"] for item in feed["items"]] == atom_ids
    zeromq = next(item for item in feed["items"] if item["id"].endswith("/talk/zeromq"))
    assert zeromq["url"] == "http://localhost/talk/zeromq" and zeromq["authors"] == [{"name": "Pieter Hintjens"}]
    assert zeromq["tags"] == ["PyGrunn"] and zeromq["date_published"].startswith("2015-05-22")
    assert "<mark>ZeroMQ</mark>" in zeromq["content_html"] and "ZeroMQ" in zeromq["summary"]
    assert dt.datetime.fromisoformat(zeromq["date_modified"])
    assert all(value is not None for item in feed["items"] for value in item.values())


def test_results_page_links_to_its_feeds_and_says_subscribe(client):
    page = client.get("/search?q=zeromq&sort=date&page=1").get_data(as_text=True)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="/search.atom\?q=zeromq"', page)
    assert re.search(r'<link rel="alternate" type="application/feed\+json" href="/search.json\?q=zeromq"', page)
    assert re.search(r'<a href="/search.atom\?q=zeromq" type="application/atom\+xml"[^>]*>Subscribe</a>', page)
    partial = client.get("/search?q=zeromq&speaker=Pieter+Hintjens", headers={"X-Partial": "1"}).get_data(as_text=True)
    assert 'href="/search.atom?q=zeromq&amp;speaker=Pieter+Hintjens"' in partial
    assert "alternate" not in client.get("/").get_data(as_text=True).split("</head>")[0].replace("opensearch", "")
