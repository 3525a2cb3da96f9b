"""Discovery is pure: fixture feeds, sitemaps and pages in, entry URLs out (tests/fixtures/fetch/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.errors import FetchError
from search.fetch.discover import Entry, discover, unique_entries
from search.fetch.http import Response

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
BASE = "http://blog.test/weblog/feed.xml"
JSON_TYPE = "application/feed+json"


def found(name: str, url: str = BASE, content_type: str = "application/xml"):
    body = (FIXTURES / name).read_bytes()
    return discover(Response(url=url, status=200, headers={"content-type": content_type}, body=body))


def test_rss2_items_relative_links_guid_permalinks_and_missing_dates():
    result = found("rss2.xml")
    assert result.kind == "feed"
    assert [entry.url for entry in result.entries] == ["http://blog.test/weblog/zeromq",
                                                      "http://blog.test/weblog/generators"]
    zeromq, generators = result.entries
    assert zeromq.title == "Pieter Hintjens: ZeroMQ" and zeromq.date == "2015-05-29"
    assert generators.date is None
    assert zeromq.content is None, "a <description> is a summary, not the full post"


def test_atom_full_content_xml_base_and_alternate_links():
    result = found("atom_full_content.xml", url="http://blog.test/feeds/atom.xml")
    rest, gmail, summary = result.entries
    assert rest.url == "http://blog.test/blog/rest-apis"
    assert gmail.url == "http://blog.test/blog/gmail-api"
    assert summary.url == "https://example.org/elsewhere/summary-only"
    assert rest.content == "<p>Media types for APIs: we use <b>HAL</b>.</p>" and rest.date == "2016-05-20"
    assert "Syncing mail into the CRM." in gmail.content and gmail.date is None
    assert summary.content is None and summary.date == "2016-04-30", "feedparser's dates are UTC"


def test_rss1_as_plone_writes_it():
    (entry,) = found("rss1_plone.xml").entries
    assert entry.url == "https://weblog.example/weblog/archive/2015/05/zeromq" and entry.date == "2015-05-29"


def test_sitemap_index_gives_sitemaps_and_sitemap_gives_unique_entries():
    index = found("sitemap_index.xml", url="http://blog.test/sitemap.xml")
    assert index.kind == "sitemap" and not index.entries
    assert index.sitemaps == ("http://blog.test/sitemap-posts.xml", "http://blog.test/sitemap-pages.xml")
    posts = found("sitemap_posts.xml", url="http://blog.test/sitemap-posts.xml")
    assert [entry.url for entry in posts.entries] == ["http://blog.test/weblog/zeromq",
                                                     "http://blog.test/weblog/generators"]


def test_page_gives_its_feed_and_entry_links_on_the_same_site_outside_navigation():
    page = found("page_with_feed_link.html", url="http://blog.test/weblog/", content_type="text/html")
    assert page.kind == "page"
    assert page.feeds == ("http://blog.test/weblog/feed.xml",)
    assert [entry.url for entry in page.entries] == ["http://blog.test/weblog/zeromq",
                                                    "http://blog.test/weblog/generators"]
    assert all(entry.from_page for entry in page.entries)


def test_listing_without_headings_gives_its_content_links():
    body = (b'<html><body><div role="main"><h1>Notes</h1><ul><li><a href="2015/index.html">2015</a></li>'
            b'<li><a href="talk.html">A talk</a></li><li><a href="../elsewhere.html">up</a></li></ul></div></body></html>')
    page = discover(Response(url="http://blog.test/notes/index.html", status=200,
                             headers={"content-type": "text/html"}, body=body))
    assert [entry.url for entry in page.entries] == ["http://blog.test/notes/2015/index.html",
                                                    "http://blog.test/notes/talk.html"]


def test_unique_entries_prefers_the_copy_with_the_full_post():
    plain, full = Entry("http://blog.test/a", from_page=True), Entry("http://blog.test/a", content="<p>all</p>")
    assert unique_entries([plain, Entry("http://blog.test/b"), full]) == [full, Entry("http://blog.test/b")]


@pytest.mark.parametrize("name", ["feed_declared_utf8_really_latin1.xml", "feed_declared_latin1_really_utf8.xml",
                                  "feed_undeclared_cp1252.xml"])
def test_wrong_or_missing_charset_declarations(name):
    (entry,) = found(name).entries
    assert entry.title.startswith("Sébastien: ") and "café" in entry.title
    assert entry.url == "http://blog.test/weblog/s%C3%A9bastien" or entry.url == "http://blog.test/weblog/sébastien"


def test_http_charset_is_used_when_bytes_are_not_utf8_and_nothing_is_declared():
    body = '<rss version="2.0"><channel><item><title>Ærø</title><link>/a</link></item></channel></rss>'
    result = discover(Response(url=BASE, status=200, headers={"content-type": "text/xml; charset=iso-8859-15"},
                               body=body.encode("iso-8859-15")))
    assert [entry.title for entry in result.entries] == ["Ærø"]


def test_entities_are_never_expanded_nor_files_read():
    result = found("billion_laughs.xml")
    assert [entry.url for entry in result.entries] == ["http://blog.test/x"]
    assert "lol" * 10 not in result.entries[0].title and "root:" not in result.entries[0].title
    sitemap = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               b'<urlset><url><loc>/a&xxe;</loc></url></urlset>')
    assert "root" not in str(discover(Response(url=BASE, status=200, body=sitemap)).entries)


@pytest.mark.parametrize("body", [b"<rss><channel><item>", b"<rss>&nbsp;</rss>", b"<feed><entry><title>x"])
def test_a_feed_with_no_entry_to_read_is_one_sentence(body):
    with pytest.raises(FetchError, match=r"^http://blog.test/weblog/feed.xml: bad XML \(.+\); no entry could be read"):
        discover(Response(url=BASE, status=200, headers={"content-type": "application/rss+xml"}, body=body))


def test_ill_formed_feed_is_read_leniently_with_a_note():
    body = b'<rss version="2.0"><channel><item><title>A&nbsp;talk</title><link>/a</link></item></channel></rss>'
    result = discover(Response(url=BASE, status=200, headers={"content-type": "application/rss+xml"}, body=body))
    assert [entry.url for entry in result.entries] == ["http://blog.test/a"]
    assert result.note == f"{BASE}: an ill-formed feed (undefined entity), read leniently."
    assert found("rss1_plone.xml").note is None
    assert found("rss2.xml").note == f"{BASE}: 1 entry without a link skipped."  # (its guid is no permalink)


def test_xml_declaration_alone_is_neither_feed_nor_sitemap():
    with pytest.raises(FetchError, match="neither a feed nor a sitemap"):
        discover(Response(url=BASE, status=200, headers={"content-type": "text/xml"}, body=b"<?xml version='1.0'?>"))


def test_not_html_nor_feed():
    with pytest.raises(FetchError, match=r"not HTML, a feed or a sitemap \(application/pdf\)"):
        discover(Response(url=BASE, status=200, headers={"content-type": "application/pdf"}, body=b"%PDF-1.4"))


def test_other_xml_is_refused():
    with pytest.raises(FetchError, match="neither a feed nor a sitemap"):
        discover(Response(url=BASE, status=200, headers={"content-type": "text/xml"}, body=b"<svg/>"))


@pytest.mark.parametrize("text, expected", [("2015-05-29T10:00:00+02:00", "2015-05-29"),
                                            ("2015-05-29T00:30:00+02:00", "2015-05-28"), ("2015-05-29", "2015-05-29"),
                                            ("yesterday", None), ("", None), ("Fri, 29 May 2015", None)])
def test_json_feed_dates_are_utc_dates_like_feedparsers(text, expected):
    item = {"url": "/a", "date_published": text, "date_modified": 20150529}
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode()
    (entry,) = discover(Response(url=BASE, status=200, headers={"content-type": JSON_TYPE}, body=body)).entries
    assert entry.date == expected


def test_feed_served_as_html_is_read_as_a_feed():
    assert found("rss2.xml", content_type="text/html").kind == "feed"


def test_xhtml_page_with_xml_declaration_is_a_page():
    body = (b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            b'<h2><a href="post">Post</a></h2></body></html>')
    for content_type in ("text/xml", "application/xhtml+xml"):
        page = discover(Response(url="http://blog.test/weblog/", status=200, headers={"content-type": content_type},
                                 body=body))
        assert page.kind == "page" and [entry.url for entry in page.entries] == ["http://blog.test/weblog/post"]


def test_json_feed_items_links_content_and_dates():
    result = found("jsonfeed.json", url="http://blog.test/notes/feed.json", content_type="application/json")
    assert result.kind == "feed"
    zeromq, generators, rest = result.entries
    assert (zeromq.url, zeromq.title, zeromq.date) == ("http://blog.test/notes/zeromq", "Pieter Hintjens: ZeroMQ",
                                                       "2015-05-22")
    assert zeromq.content == "<p>Messaging with <b>ZeroMQ</b>.</p>"
    assert generators.url == "http://blog.test/notes/generators" and generators.date == "2015-05-23"
    assert generators.content == "<p>Generators are lazy.</p><p>They &lt;compose&gt; well.</p>"
    assert rest.url == "http://blog.test/notes/rest-apis" and rest.content is None, "a summary is not the post"


def test_json_feed_is_known_by_its_version_or_its_type_and_bad_json_is_one_sentence():
    marked = b'{"version": "https://jsonfeed.org/version/1", "items": []}'
    assert discover(Response(url=BASE, status=200, headers={"content-type": "text/plain"}, body=marked)).kind == "feed"
    with pytest.raises(FetchError, match="cannot be read"):
        discover(Response(url=BASE, status=200, headers={"content-type": "application/feed+json"}, body=b'{"items": ['))
    with pytest.raises(FetchError, match="not a JSON Feed"):
        discover(Response(url=BASE, status=200, headers={"content-type": "application/feed+json"}, body=b'{"a": 1}'))
    with pytest.raises(FetchError):
        discover(Response(url=BASE, status=200, headers={"content-type": "application/json"}, body=b'{"a": 1}'))


def test_page_announcing_a_json_feed():
    body = (b'<html><head><link rel="alternate" type="application/feed+json" href="/notes/feed.json">'
            b'<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1"></head>'
            b'<body><h1>Notes</h1></body></html>')
    page = discover(Response(url="http://blog.test/notes/", status=200, headers={"content-type": "text/html"}, body=body))
    assert page.feeds == ("http://blog.test/notes/feed.json",), "a WordPress REST link is no feed"


def test_control_characters_and_markup_in_titles_and_content_are_text_not_a_crash():
    items = [{"url": "/a", "title": "Tabs\u000band\u0001bells", "content_html": "<p>Notes\u000b with\u0000 controls</p>"},
             {"url": "/b", "content_html": "<p>No title\u000c here:</p><p>first words of the notes stand in for one</p>"}]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    first, second = discover(Response(url=BASE, status=200, headers={"content-type": JSON_TYPE}, body=body)).entries
    assert first.title.startswith("Tabs and") and "controls" in first.content
    assert second.title == "No title here: first words of the notes stand in \u2026"
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">Py&lt;b&gt;thon&lt;/b&gt; '
            b'&amp;amp; &lt;em&gt;C&lt;/em&gt;</title><link href="/c"/><id>urn:c</id></entry></feed>')
    (entry,) = discover(Response(url=BASE, status=200, headers={"content-type": "application/atom+xml"}, body=atom)).entries
    assert entry.title == "Python & C"
