"""Feeds as real weblogs serve them (tests/fixtures/fetch/shapes/, one file per shape, named after it), served
by a real HTTP server on 127.0.0.1: every entry is read and its talk indexed, and what was ill-formed is
noted. The entries link to /posts/talk-N (tests/weblog.py posts); a feed carrying whole posts is indexed
without downloading their pages."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from search.fetch.update import update_sources
from tests.test_fetch_update import indexed
from tests.weblog import make_post, post_html

SHAPES = Path(__file__).parent / "fixtures" / "fetch" / "shapes"


@dataclass(frozen=True)
class Shape:
    posts: tuple[int, ...]
    content_type: str = "application/rss+xml"
    full: dict[int, str] = field(default_factory=dict)  # post number -> words its body has (from the feed)
    titles: dict[int, str] = field(default_factory=dict)  # post number -> its title, for a post from the feed
    note: str | None = None  # words the feed's note has (ill-formed, entries skipped)
    headers: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the URL registered, when it is not the feed's own


CASES = {
    "rss_nbsp_entity.xml": Shape((0, 1, 2), note="undefined entity"),
    "bom_blank_line_before_declaration.xml": Shape((0, 1)),
    "unescaped_ampersand_in_title.xml": Shape((0, 1, 2), note="a bare & escaped"),
    "wrong_content_type_text_html.xml": Shape((0, 1), content_type="text/html; charset=utf-8"),
    "gzip_content_encoding.xml": Shape((0, 1, 2), headers={"Content-Encoding": "gzip"}),
    "moved_permanently.xml": Shape((3, 4), source="/old/feed.rss"),
    "guid_permalink_without_link.xml": Shape((0, 1), note="1 entry without a link skipped"),
    "content_encoded_full_posts.xml": Shape((0, 1), full={0: "Sockets on steroids: ZeroMQ patterns.",
                                                          1: "Generators compose into pipelines."}),
    "atom_xhtml_content.xml": Shape((0, 1), "application/atom+xml", full={0: "Brokerless messaging with ZeroMQ.",
                                                                         1: "Generators all the way down."}),
    "windows_1252_declared_utf8.xml": Shape((5, 0), full={5: "Sébastien’s “café” talk"},
                                            note="declared as utf-8, but parsed as windows-1252"),
    "relative_urls_without_xml_base.xml": Shape((0, 1, 2), "application/atom+xml"),
    "html_error_page_around_feed.html": Shape((0, 1, 2), "text/html; charset=utf-8",
                                              note="XML or text declaration not at start of entity"),
    "php_warning_before_feed.xml": Shape((0, 1), "text/html; charset=UTF-8", note="junk after document element"),
    "empty_feed.xml": Shape(()),
    "jsonfeed_1_0.json": Shape((0, 1), "application/feed+json", full={1: "Generators compose."}),
    "jsonfeed_1_1.json": Shape((0, 2), "application/json", full={0: "Patterns <pub-sub>."}),
    "rss_1_0_rdf.xml": Shape((0, 1), "application/rdf+xml"),
    "atom_0_3.xml": Shape((0, 1), "application/atom+xml", full={0: "Brokerless messaging with ZeroMQ."}),
    "rss_0_91_netscape_doctype.xml": Shape((0, 1), "text/xml", note="undefined entity"),
    "utf16_with_byte_order_mark.xml": Shape((0, 1), "application/xml"),
    "atom_many_links_and_id_urls.xml": Shape((0, 1), "application/atom+xml"),
    "cdata_and_whitespace_in_links.xml": Shape((0, 1)),
    "stylesheet_and_comment_before_root.xml": Shape((0, 1), "text/xml; charset=utf-8"),
    # HTML titles as WordPress and jekyll-feed write them: markup and entities are not part of the title
    "atom_html_titles.xml": Shape((0, 1), "application/atom+xml", full={0: "Kafka at scale.", 1: "PyO3"},
                                  titles={0: "Kafka at scale \u2013 lessons", 1: "Rust & Python together"}),
    "rss_cdata_entity_titles.xml": Shape((2, 3), full={2: "make testing bearable", 3: "back pressure"},
                                         titles={2: "Testing \u2013 the boring parts", 3: "Caf\u00e9 tables & queues"}),
    # a status post has no title: its first words stand in, the post is not lost
    "untitled_status_posts.xml": Shape((0, 1), full={0: "brokerless messaging"},
                                       titles={0: "Quick notes from the lightning talks: Pieter Hintjens showed "
                                                  "ZeroMQ \u2026"}),
    "jsonfeed_escaped_slashes.json": Shape((0, 1), "application/json", full={0: "written by WordPress"}),
    "jsonfeed_version_last.json": Shape((1, 2), "application/json", full={1: "sorted keys and all"}),
    "jsonfeed_external_url.json": Shape((0, 1), "application/feed+json", full={0: "ZeroMQ talk, linked",
                                                                             1: "generators, linked"}),
    "podcast_items_without_links.xml": Shape((0,), note="1 entry without a link skipped"),
    # FeedBurner's tracking redirect and campaign parameters are not the post's address
    "feedburner_origlink.xml": Shape((0, 1)),
    # a few lines and "Continue reading" (Medium's member-only stories, excerpt feeds): the page is read
    "content_teaser_continue_reading.xml": Shape((0, 1, 2), full={2: "caching, versioning and pagination"}),
    # an RSS item without a title is all description (Mastodon, micro.blog): the post is in the feed
    "rss_untitled_microposts.xml": Shape((0, 1), full={0: "sockets that reconnect by themselves"},
                                         titles={0: "Watching Pieter Hintjens on ZeroMQ at PyGrunn: brokerless "
                                                    "messaging, sockets \u2026"}),
}


def serve(http_server, name: str, shape: Shape) -> str:
    """Serve the posts and the feed (with validators, as a real server would); the URL to register."""
    for number in range(6):
        path = f"/posts/talk-{number}"
        http_server.add(path, post_html(make_post(number), http_server.url(path)), etag=f'"post{number}"')
    here = http_server.url("").rstrip("/").encode()
    body = (SHAPES / name).read_bytes().replace(b"http://blog.test", here)
    body = body.replace(b"http:\\/\\/blog.test", here.replace(b"/", b"\\/"))  # (JSON as PHP escapes it)
    if shape.headers.get("Content-Encoding") == "gzip":
        body = gzip.compress(body)
    feed = f"/feeds/{name}"
    http_server.add(feed, body, shape.content_type, headers=shape.headers, etag='"feed1"',
                    last_modified="Mon, 01 Jun 2015 10:00:00 GMT")
    if shape.source:
        http_server.add(shape.source, "Moved", status=301, headers={"Location": feed})
    return http_server.url(shape.source or feed)


@pytest.mark.parametrize("name", CASES)
def test_every_entry_of_the_feed_shape_is_read_and_indexed(name, index_dir, http_server, fetch_settings):
    shape = CASES[name]
    url = serve(http_server, name, shape)
    result = update_sources(index_dir, [(url, None)], settings=fetch_settings)
    report = result.sources[0]
    assert not result.failed, report.failures
    talks = indexed(index_dir) if shape.posts else {}
    assert sorted(talks) == sorted(http_server.url(f"/posts/talk-{number}") for number in shape.posts)
    for number in shape.posts:
        talk = talks[http_server.url(f"/posts/talk-{number}")]
        if number in shape.full:
            assert shape.full[number] in talk.body
            assert f"/posts/talk-{number}" not in http_server.paths(), "the feed carries the whole post"
            assert talk.title == shape.titles.get(number, talk.title)
        else:
            post = make_post(number)
            assert (talk.title, talk.speakers) == (post.title, (post.speaker,))
            assert f"/posts/talk-{number}" in http_server.paths(), "a post the feed does not carry is read"
    notes = [note for note in report.notes if note.startswith(http_server.url("/feeds/"))]
    if shape.note:
        assert len(notes) == 1 and shape.note in notes[0] and notes[0].startswith(http_server.url("/feeds/"))
    else:
        assert notes == []


def test_an_unchanged_second_update_of_the_shapes_transfers_under_5_percent(index_dir, http_server,
                                                                           fetch_settings):
    """Each shape as its own index (so each first update downloads its posts), all on one server."""
    sources = {name: serve(http_server, name, shape) for name, shape in CASES.items()}
    first = [update_sources(index_dir / name, [(url, None)], settings=fetch_settings) for name, url in sources.items()]
    first_sent = http_server.sent
    http_server.reset_counts()
    second = [update_sources(index_dir / name, [(url, None)], settings=fetch_settings) for name, url in sources.items()]
    assert not any(run.failed for run in first + second)
    assert sum(report.changed for run in second for report in run.sources) == 0
    received = [sum(run.received for run in runs) for runs in (first, second)]
    print(f"\nbytes received: first updates {received[0]}, second updates {received[1]} "
          f"({100 * received[1] / received[0]:.1f} %)")
    assert received[1] < 0.05 * received[0]
    assert http_server.sent < 0.05 * first_sent
