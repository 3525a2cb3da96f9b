"""`update_sources` end to end: a weblog served on 127.0.0.1, a real index on disk, conditional requests,
failures that cost no talk, pruning only what is really gone from the source that had it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from search.cli import source_line, total_line
from search.fetch.state import HttpState
from search.fetch.update import update_sources
from search.fields import talk_from_fields
from search.generations import open_index
from search.service import SearchService
from tests.weblog import Weblog

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"


def indexed(root) -> dict[str, object]:
    """url -> Talk for every talk in the index."""
    with open_index(root).searcher() as searcher:
        talks = [talk_from_fields(fields) for fields in searcher.all_stored_fields()]
    return {talk.url: talk for talk in talks}


def titles(root) -> set[str]:
    return {talk.title for talk in indexed(root).values()}


@pytest.fixture
def weblog(http_server) -> Weblog:
    return Weblog(http_server)


def update(root, settings, *urls, prune=False):
    return update_sources(root, [(url, None) for url in urls], settings=settings, prune=prune)


def post_titles(posts) -> set[str]:
    return {post.title for post in posts}


def test_feed_source_then_unchanged_second_run_transfers_under_5_percent(index_dir, http_server, weblog,
                                                                         fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    first = update(index_dir, fetch_settings, feed)
    assert not first.failed, first.sources[0].failures
    assert titles(index_dir) == post_titles(weblog.posts)
    first_sent = http_server.sent
    http_server.reset_counts()

    second = update(index_dir, fetch_settings, feed)
    assert not second.failed
    report = second.sources[0]
    assert report.changed == 0 and report.unchanged == 1, "an unchanged feed: its posts are not asked for"
    assert titles(index_dir) == post_titles(weblog.posts)
    assert http_server.paths() == ["/weblog/feed.xml"], "robots.txt is kept for a day"
    assert "If-None-Match" in http_server.requests[0][1]
    print(f"\nbytes received: first update {first.received}, second update {second.received} "
          f"({100 * second.received / first.received:.1f} %); server sent {first_sent} then {http_server.sent}")
    assert second.received < 0.05 * first.received
    assert http_server.sent < 0.05 * first_sent


def test_entries_of_an_unchanged_feed_are_rechecked_conditionally_after_a_while(index_dir, http_server, weblog,
                                                                                fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    weblog.posts[0].body = "Edited without touching the feed."
    weblog.publish()
    http_server.reset_counts()
    report = update(index_dir, replace(fetch_settings, recheck_after=0), feed).sources[0]
    assert report.changed == 1 and report.unchanged == len(weblog.posts)
    assert "Edited without" in indexed(index_dir)[weblog.url("/weblog/talk-0")].body
    posts = [headers for path, headers in http_server.requests if path.startswith("/weblog/talk-")]
    assert len(posts) == len(weblog.posts) and all("If-None-Match" in headers for headers in posts)


def test_new_posts_appear_and_old_ones_stay_fetching_only_what_is_new(index_dir, http_server, weblog,
                                                                      fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    before = indexed(index_dir)
    new = [weblog.add_post(number) for number in (6, 7)]
    http_server.reset_counts()

    report = update(index_dir, fetch_settings, feed).sources[0]
    assert report.changed == 3 and not report.failures  # the feed and two posts
    assert titles(index_dir) == post_titles(weblog.posts)
    assert post_titles(new) <= titles(index_dir)
    talk = indexed(index_dir)[weblog.url(weblog.post_path(new[0]))]
    assert talk.speakers == (new[0].speaker,) and talk.date.isoformat() == new[0].date
    assert all(indexed(index_dir)[url].body == talk.body for url, talk in before.items())
    assert report.summary.added == 2 and report.summary.updated == 0
    service = SearchService(index_dir)
    try:
        assert [hit.url for hit in service.search("hypothesis").hits] == [weblog.url("/weblog/talk-7")]
        assert service.search("zeromq").hits[0].url == weblog.url("/weblog/talk-0")
    finally:
        service.close()


def test_server_failing_mid_run_costs_no_talk(index_dir, http_server, weblog, fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    before = indexed(index_dir)
    weblog.posts[0].body = "Rewritten, but the new version never arrives."
    new = weblog.add_post(6)  # the feed changes, so every post is asked for
    first, second, third, fourth = (weblog.post_path(post) for post in weblog.posts[:4])
    http_server.routes[first].truncate = True
    http_server.add(second, "Internal error", status=500)
    http_server.add(third, "Service unavailable", status=503)
    http_server.blocking(fourth)

    result = update(index_dir, fetch_settings, feed)
    report = result.sources[0]
    assert result.failed and len(report.failures) == 4
    assert any("closed before the whole body" in reason for reason in report.failures)
    assert any("HTTP 500" in reason for reason in report.failures)
    assert any("no answer within" in reason for reason in report.failures)
    after = indexed(index_dir)
    assert {url: after[url] for url in before} == before
    assert set(after) - set(before) == {weblog.url(weblog.post_path(new))}


def test_server_that_starts_failing_partway_through_a_run(index_dir, http_server, weblog, fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    before = indexed(index_dir)
    for post in weblog.posts:
        post.body = "A corrected version of these notes. " * 20
    for number in (6, 7, 8):
        weblog.add_post(number)
    http_server.reset_counts()
    http_server.fail_after = 4  # the feed and three posts, then only 500s

    failing = update(index_dir, fetch_settings, feed)
    assert failing.failed and len(failing.sources[0].failures) == len(weblog.posts) - 3
    after = indexed(index_dir)
    assert set(before) <= set(after) and len(after) <= len(before) + 3
    assert all(after[url].body == talk.body or "A corrected version" in after[url].body
               for url, talk in before.items()), "each old talk: as it was, or updated; never lost or blanked"
    assert all(talk.body and talk.title for talk in after.values())

    http_server.fail_after = None
    recovered = update(index_dir, fetch_settings, feed)
    assert not recovered.failed
    assert titles(index_dir) == post_titles(weblog.posts)
    assert all("corrected version" in talk.body for talk in indexed(index_dir).values()
               if not talk.url.endswith(("talk-6", "talk-7", "talk-8")))


def test_failing_feed_keeps_everything(index_dir, http_server, weblog, fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    before = indexed(index_dir)
    http_server.add("/weblog/feed.xml", "<rss><channel><item>", "application/rss+xml")
    result = update(index_dir, fetch_settings, feed)
    assert result.failed and "bad XML" in result.sources[0].failures[0]
    assert indexed(index_dir) == before


def test_prune_removes_only_pages_gone_from_the_source_that_had_them(index_dir, http_server, weblog,
                                                                     fetch_settings):
    feed, other = weblog.url("/weblog/feed.xml"), weblog.url("/other/feed.xml")
    http_server.add("/other/feed.xml", '<rss><channel><item><link>/weblog/talk-5</link></item></channel></rss>',
                    "application/rss+xml")
    weblog.posts.pop()  # talk-5 is listed only by the other feed now
    weblog.publish()
    update(index_dir, fetch_settings, feed, other)
    assert len(indexed(index_dir)) == 6
    gone, broken = (weblog.post_path(post) for post in weblog.posts[:2])
    http_server.add(gone, "Gone", status=410)
    http_server.add(broken, "Internal error", status=500)
    http_server.add("/weblog/talk-5", "Not found", status=404)

    without = update(index_dir, replace(fetch_settings, recheck_after=0), feed)
    assert without.failed and len(indexed(index_dir)) == 6

    pruned = update(index_dir, fetch_settings, feed, prune=True)
    assert pruned.sources[0].pruned == 1 and pruned.failed  # the 500 is still a failure
    assert "1 gone and pruned (1 talk removed)" in source_line(pruned.sources[0])
    assert "1 removed" in total_line(pruned.to_dict()["total"])
    assert weblog.url(gone) not in indexed(index_dir)
    assert weblog.url(broken) in indexed(index_dir)
    assert weblog.url("/weblog/talk-5") in indexed(index_dir), "gone, but not from this source"
    assert HttpState(index_dir).get(weblog.url(gone)) is None


def test_prune_also_rechecks_pages_that_left_the_feed(index_dir, http_server, weblog, fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    dropped = weblog.posts.pop(0)
    weblog.publish()
    http_server.add(weblog.post_path(dropped), "Not found", status=404)
    update(index_dir, fetch_settings, feed)
    assert weblog.url(weblog.post_path(dropped)) in indexed(index_dir), "left the feed: kept"
    update(index_dir, fetch_settings, feed, prune=True)
    assert weblog.url(weblog.post_path(dropped)) not in indexed(index_dir)
    assert len(indexed(index_dir)) == len(weblog.posts)


def test_page_with_feed_link_is_one_talk_per_post(index_dir, http_server, weblog, fetch_settings):
    result = update(index_dir, fetch_settings, weblog.url("/weblog/"))
    assert not result.failed, result.sources[0].failures
    assert titles(index_dir) == post_titles(weblog.posts)
    assert len(indexed(index_dir)) == len(weblog.posts)
    assert "/weblog/feed.xml" in http_server.paths() and "/about" not in http_server.paths()
    posts_fetched = [path for path in http_server.paths() if path.startswith("/weblog/talk-")]
    assert sorted(posts_fetched) == sorted(set(posts_fetched)), "each post fetched once"


def test_sitemap_index_source(index_dir, http_server, weblog, fetch_settings):
    result = update(index_dir, fetch_settings, weblog.url("/sitemap.xml"))
    assert not result.failed, result.sources[0].failures
    assert titles(index_dir) == post_titles(weblog.posts)
    assert http_server.paths()[:3] == ["/robots.txt", "/sitemap.xml", "/sitemap-posts.xml"]


def test_atom_full_content_is_indexed_without_fetching_the_pages(index_dir, http_server, fetch_settings):
    atom = (FIXTURES / "atom_full_content.xml").read_text().replace("https://example.org/elsewhere/", "/blog/")
    http_server.add("/feeds/atom.xml", atom, "application/atom+xml", etag='"atom1"')
    http_server.add("/blog/summary-only", "<html><body><article><h1>Summary only</h1><p>The whole post "
                    "lives on its page.</p></article></body></html>")
    result = update(index_dir, fetch_settings, http_server.url("/feeds/atom.xml"))
    assert not result.failed, result.sources[0].failures
    talks = indexed(index_dir)
    rest = talks[http_server.url("/blog/rest-apis")]
    assert rest.body == "Media types for APIs: we use HAL." and rest.date.isoformat() == "2016-05-20"
    assert rest.title == "Advanced REST APIs" and rest.speakers == ("Lars de Ridder",)
    assert "Syncing mail" in talks[http_server.url("/blog/gmail-api")].body
    assert "whole post" in talks[http_server.url("/blog/summary-only")].body
    assert "/blog/rest-apis" not in http_server.paths() and "/blog/gmail-api" not in http_server.paths()
    http_server.reset_counts()
    again = update(index_dir, fetch_settings, http_server.url("/feeds/atom.xml")).sources[0]
    assert again.changed == 0 and http_server.paths() == ["/feeds/atom.xml"]


def test_robots_disallow_and_bad_entries_are_reported_and_the_rest_go_on(index_dir, http_server, weblog,
                                                                         fetch_settings):
    http_server.add("/robots.txt", "User-agent: *\nDisallow: /weblog/talk-1\n", "text/plain")
    loop, huge, pdf = (weblog.add_post(number) for number in (6, 7, 8))
    http_server.add(weblog.post_path(loop), status=302, headers={"Location": weblog.post_path(loop)})
    http_server.add(weblog.post_path(huge), b"<p>" + b"x" * 300_000)
    http_server.add(weblog.post_path(pdf), b"%PDF-1.4", "application/pdf")
    result = update(index_dir, fetch_settings, weblog.url("/weblog/feed.xml"))
    failures = result.sources[0].failures
    assert len(failures) == 4
    assert any("robots.txt does not allow" in reason for reason in failures)
    assert any("redirect loop" in reason for reason in failures)
    assert any("larger than" in reason for reason in failures)
    assert any("not HTML" in reason for reason in failures)
    assert "/weblog/talk-1" not in http_server.paths()
    assert len(indexed(index_dir)) == 5


def test_state_is_kept_in_the_index_root(index_dir, weblog, fetch_settings):
    update(index_dir, fetch_settings, weblog.url("/weblog/feed.xml"))
    state = HttpState(index_dir).get(weblog.url("/weblog/talk-0"))
    assert state.etag and state.last_modified and state.content_hash and state.status == 200
    assert state.sources == (weblog.url("/weblog/feed.xml"),)
    assert sorted(path.name for path in (index_dir / "fetch").iterdir()) == ["http.json"]


@pytest.mark.parametrize("encoding, content_type", [
    ("latin-1", "text/html; charset=iso-8859-1"),  # declared only in the HTTP header
    ("utf-8", "text/html; charset=iso-8859-1"),  # the header is wrong
])
def test_page_charset_from_http_header_is_a_hint(index_dir, http_server, fetch_settings, encoding, content_type):
    page = ("<html><head><title>Notes</title></head><body><article><h1>Sébastien Martin: Café culture</h1>"
            "<p>" + "Sébastien spoke about café culture and crème brûlée in Zürich. " * 20 + "</p></article></body></html>")
    http_server.add("/post", page.encode(encoding), content_type)
    result = update(index_dir, fetch_settings, http_server.url("/post"))
    assert not result.failed, result.sources[0].failures
    (talk,) = indexed(index_dir).values()
    assert "café culture and crème brûlée in Zürich" in talk.body


def test_server_without_validators_unchanged_bytes_are_not_reindexed(index_dir, http_server, fetch_settings):
    http_server.add("/feed.xml", '<rss><channel><item><link>/post</link></item></channel></rss>', "application/rss+xml")
    http_server.add("/post", "<html><body><article><h1>Anna van der Berg: Plain servers</h1><p>"
                    + "No ETag, no Last-Modified, the same bytes every time. " * 20 + "</p></article></body></html>")
    update(index_dir, fetch_settings, http_server.url("/feed.xml"))
    http_server.reset_counts()
    report = update(index_dir, replace(fetch_settings, recheck_after=0), http_server.url("/feed.xml")).sources[0]
    assert report.changed == 0 and report.unchanged == 2 and report.summary is None
    assert http_server.paths() == ["/feed.xml", "/post"]


def test_page_whose_feed_carries_full_posts_needs_no_page_downloads(index_dir, http_server, fetch_settings):
    atom = (FIXTURES / "atom_full_content.xml").read_text().replace("https://example.org/elsewhere/", "/blog/")
    http_server.add("/blog/", '<html><head><link rel="alternate" type="application/atom+xml" href="atom.xml">'
                    '</head><body><main><h2><a href="rest-apis">REST</a></h2><h2><a href="gmail-api">Gmail</a>'
                    "</h2></main></body></html>")
    http_server.add("/blog/atom.xml", atom, "application/atom+xml")
    http_server.add("/blog/summary-only", "<html><body><article><h1>Summary only</h1><p>The whole post "
                    "lives on its page.</p></article></body></html>")
    result = update(index_dir, fetch_settings, http_server.url("/blog/"))
    assert not result.failed, result.sources[0].failures
    assert http_server.paths() == ["/robots.txt", "/blog/", "/blog/atom.xml", "/blog/summary-only"]
    assert "HAL" in indexed(index_dir)[http_server.url("/blog/rest-apis")].body


def serve_static_site(http_server, years: dict[str, list[int]]) -> None:
    """/notes/ links to one listing per year (pages without talks), which link to the posts; a broken
    link sits among them, as on a real generated site."""
    from tests.weblog import LAST_MODIFIED, make_post, post_html

    def serve(path: str, text: str) -> None:
        http_server.add(path, text, etag='"' + str(hash(text)) + '"', last_modified=LAST_MODIFIED)

    links = "".join(f'<li><a href="{year}/index.html">Notes {year}</a></li>' for year in years)
    serve("/notes/", f'<html><body><div role="main"><h1>Event notes</h1><ul>{links}'
          '<li><a href="genindex.html">Index</a></li><li><a href="slides">Slides</a></li></ul></div></body></html>')
    http_server.add("/notes/slides", b"%PDF-1.4", "application/pdf")
    for year, numbers in years.items():
        posts = [make_post(number) for number in numbers]
        items = "".join(f'<li><a href="{post.slug}.html">{post.title}</a></li>' for post in posts)
        serve(f"/notes/{year}/index.html", f"<html><body><h1>Notes {year}</h1><ul>{items}</ul></body></html>")
        for post in posts:
            serve(f"/notes/{year}/{post.slug}.html", post_html(post, http_server.url(f"/notes/{year}/{post.slug}.html")))


def test_static_site_with_listing_pages_grows_by_new_posts(index_dir, http_server, fetch_settings):
    serve_static_site(http_server, {"2015": [0, 1, 2], "2016": [3, 4]})
    first = update(index_dir, fetch_settings, http_server.url("/notes/"))
    report = first.sources[0]
    assert not first.failed, report.failures
    assert len(indexed(index_dir)) == 5
    assert len(report.notes) == 2 and "genindex.html: HTTP 404" in report.notes[0]
    assert "slides: not HTML, a feed or a sitemap (application/pdf)" in report.notes[1]

    serve_static_site(http_server, {"2015": [0, 1, 2], "2016": [3, 4, 5]})
    http_server.reset_counts()
    second = update(index_dir, fetch_settings, http_server.url("/notes/"))
    assert not second.failed
    assert len(indexed(index_dir)) == 6 and http_server.url("/notes/2016/talk-5.html") in indexed(index_dir)
    asked = dict(http_server.requests)
    assert sorted(asked) == ["/notes/", "/notes/2015/index.html", "/notes/2016/index.html",
                             "/notes/2016/talk-3.html", "/notes/2016/talk-4.html", "/notes/2016/talk-5.html"]
    assert "If-None-Match" in asked["/notes/2016/talk-3.html"], "posts of a changed listing: conditionally"
    assert "If-None-Match" not in asked["/notes/2016/talk-5.html"]

    third = update(index_dir, fetch_settings, http_server.url("/notes/"))
    assert third.sources[0].changed == 0 and third.received < 0.05 * first.received


def test_error_page_served_as_200_does_not_blank_a_talk(index_dir, http_server, weblog, fetch_settings):
    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    before = indexed(index_dir)
    weblog.add_post(6)
    http_server.add("/weblog/talk-0", "<html><head><title>Weblog</title></head><body><nav><a href='/'>Home</a>"
                    "</nav></body></html>")
    http_server.add("/weblog/talk-1", b"")
    result = update(index_dir, fetch_settings, feed)
    failures = result.sources[0].failures
    blanked, empty = sorted(failures)
    assert "/weblog/talk-0: no talk on the page any more (it had 1)" in blanked
    assert empty.endswith("/weblog/talk-1: the response is empty.")
    after = indexed(index_dir)
    assert {url: after[url] for url in before} == before and len(after) == len(before) + 1


def test_listing_and_own_pages_are_one_talk_each(index_dir, http_server, corpus_dir, fetch_settings):
    """The bundled Plone weblog: the listing holds all five talks, each post page one; same permalinks."""
    http_server.add("/weblog/", (corpus_dir / "weblog" / "index.html").read_bytes())
    posts = sorted((corpus_dir / "weblog" / "archive" / "2015" / "05").glob("*.html"))
    for post in posts:
        http_server.add(f"/weblog/archive/2015/05/{post.stem}", post.read_bytes())
    locations = "".join(f"<url><loc>/weblog/archive/2015/05/{post.stem}</loc></url>" for post in posts)
    http_server.add("/sitemap.xml", f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locations}</urlset>',
                    "application/xml")
    result = update(index_dir, fetch_settings, http_server.url("/weblog/"), http_server.url("/sitemap.xml"))
    assert not result.failed, [report.failures for report in result.sources]
    talks = indexed(index_dir)
    assert len(talks) == 5
    assert all(url.startswith("https://maurits.vanrees.org/weblog/archive/2015/05/") for url in talks)
    assert "Pieter Hintjens" in {speaker for talk in talks.values() for speaker in talk.speakers}


def test_a_deleted_index_is_refilled_although_the_site_answers_304(index_dir, http_server, weblog, fetch_settings):
    import shutil

    feed = weblog.url("/weblog/feed.xml")
    update(index_dir, fetch_settings, feed)
    for folder in index_dir.iterdir():
        if folder.name != "fetch":
            shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
    result = update(index_dir, fetch_settings, feed)
    assert not result.failed and result.sources[0].summary.added == len(weblog.posts)
    assert titles(index_dir) == post_titles(weblog.posts)


def test_json_feed_full_posts_are_indexed_and_a_summary_item_is_fetched(index_dir, http_server, fetch_settings):
    feed = (FIXTURES / "jsonfeed.json").read_text().replace("http://blog.test", http_server.url("").rstrip("/"))
    http_server.add("/notes/feed.json", feed, "application/feed+json", etag='"json1"')
    http_server.add("/notes/rest-apis", "<html><body><article><h1>Lars de Ridder: Advanced REST APIs</h1>"
                    "<p>Media types and hypermedia, on the page itself.</p></article></body></html>")
    result = update(index_dir, fetch_settings, http_server.url("/notes/feed.json"))
    assert not result.failed, result.sources[0].failures
    talks = indexed(index_dir)
    zeromq = talks[http_server.url("/notes/zeromq")]
    assert (zeromq.title, zeromq.speakers, zeromq.date.isoformat()) == ("ZeroMQ", ("Pieter Hintjens",), "2015-05-22")
    assert "They <compose> well." in talks[http_server.url("/notes/generators")].body
    assert "hypermedia" in talks[http_server.url("/notes/rest-apis")].body
    assert "/notes/zeromq" not in http_server.paths() and "/notes/generators" not in http_server.paths()
    http_server.reset_counts()
    again = update(index_dir, fetch_settings, http_server.url("/notes/feed.json")).sources[0]
    assert again.changed == 0 and http_server.paths() == ["/notes/feed.json"]
