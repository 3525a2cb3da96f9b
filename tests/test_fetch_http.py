"""The polite client against a real server on 127.0.0.1: limits, errors, conditional requests, robots.txt."""

from __future__ import annotations

import gzip
from dataclasses import replace
import time

import pytest

from search.errors import FetchError
from search.fetch.http import Client, HostGate, Settings, check_url
from search.fetch.state import HttpState


def test_sends_user_agent_and_returns_body(http_server, fetch_settings):
    http_server.add("/post", "<html><body><p>Hello</p></body></html>")
    response = Client(fetch_settings).get(http_server.url("/post"))
    assert response.status == 200 and b"Hello" in response.body
    assert response.content_type == "text/html" and response.charset == "utf-8"
    (path, headers), = http_server.requests
    assert headers["User-Agent"].startswith("confsearch/0.1.0 (")


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_statuses_are_returned_for_the_caller_to_judge(http_server, fetch_settings, status):
    http_server.add("/broken", "oops", status=status)
    assert Client(fetch_settings).get(http_server.url("/broken")).status == status


def test_conditional_request_gets_304_and_few_bytes(http_server, fetch_settings):
    http_server.add("/post", "<p>" + "words " * 2000 + "</p>", etag='"v1"', last_modified="Mon, 01 Jun 2015 10:00:00 GMT")
    client = Client(fetch_settings)
    first = client.get(http_server.url("/post"))
    second = client.get(http_server.url("/post"), etag=first.headers["etag"],
                        last_modified=first.headers["last-modified"])
    assert second.status == 304 and second.body == b""
    assert second.received < first.received / 20
    headers = http_server.requests[1][1]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"].startswith("Mon, 01 Jun 2015")


def test_slow_response_times_out(http_server, fetch_settings):
    http_server.blocking("/slow")
    with pytest.raises(FetchError, match="no answer within 3 s"):
        Client(fetch_settings).get(http_server.url("/slow"))


def test_redirects_are_followed(http_server, fetch_settings):
    http_server.add("/old", status=301, headers={"Location": "/new"})
    http_server.add("/new", "<p>moved here</p>")
    response = Client(fetch_settings).get(http_server.url("/old"))
    assert response.url == http_server.url("/new") and b"moved here" in response.body


def test_redirect_loop_is_an_error(http_server, fetch_settings):
    http_server.add("/a", status=302, headers={"Location": "/b"})
    http_server.add("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        Client(fetch_settings).get(http_server.url("/a"))
    assert http_server.paths() == ["/a", "/b"]


def test_redirect_limit(http_server, fetch_settings):
    for step in range(10):
        http_server.add(f"/r{step}", status=302, headers={"Location": f"/r{step + 1}"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        Client(fetch_settings).get(http_server.url("/r0"))
    assert len(http_server.requests) == 6


def test_redirect_to_another_scheme_is_refused(http_server, fetch_settings):
    http_server.add("/sneaky", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http and https"):
        Client(fetch_settings).get(http_server.url("/sneaky"))


def test_oversized_body_with_length_is_not_downloaded(http_server, fetch_settings):
    http_server.add("/huge", b"x" * 300_000)
    with pytest.raises(FetchError, match="larger than 200,000 bytes"):
        Client(fetch_settings).get(http_server.url("/huge"))


def test_oversized_gzip_body_is_stopped(http_server, fetch_settings):
    bomb = gzip.compress(b"x" * 5_000_000)
    http_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="download stopped"):
        Client(fetch_settings).get(http_server.url("/bomb"))


def test_gzip_body_is_decoded_and_counted_compressed(http_server, fetch_settings):
    text = b"<p>" + b"talk notes " * 1000 + b"</p>"
    http_server.add("/zipped", gzip.compress(text), headers={"Content-Encoding": "gzip"})
    response = Client(fetch_settings).get(http_server.url("/zipped"))
    assert response.body == text and response.received < len(text) / 5


def test_truncated_body_is_an_error(http_server, fetch_settings):
    http_server.add("/cut", "<p>half a page</p>", truncate=True)
    with pytest.raises(FetchError, match="closed before the whole body"):
        Client(fetch_settings).get(http_server.url("/cut"))


def test_refused_connection_is_one_sentence(http_server, fetch_settings):
    url = http_server.url("/")
    http_server.stop()
    with pytest.raises(FetchError, match="connection refused"):
        Client(fetch_settings).get(url)
    with pytest.raises(FetchError, match=r"^http://127.0.0.1:\d+/: robots.txt could not be read \(connection refused\)"):
        Client(fetch_settings, robots=True).get(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)", "/relative"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="only http and https"):
        check_url(url)


def test_robots_txt_disallow_is_honoured_and_read_once(http_server, fetch_settings):
    http_server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    http_server.add("/private/post", "<p>secret</p>")
    http_server.add("/public/post", "<p>open</p>")
    client = Client(fetch_settings, robots=True)
    with pytest.raises(FetchError, match="robots.txt does not allow"):
        client.get(http_server.url("/private/post"))
    assert client.get(http_server.url("/public/post")).status == 200
    assert http_server.paths() == ["/robots.txt", "/public/post"]


def test_robots_txt_wildcards_are_honoured(http_server, fetch_settings):
    rules = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?replytocom=\n"  # urllib.robotparser allowed both
    http_server.add("/robots.txt", rules, content_type="text/plain")
    client = Client(fetch_settings, robots=True)
    assert not client.allowed(http_server.url("/slides/talk.pdf"))
    assert not client.allowed(http_server.url("/weblog/post?replytocom=3"))
    assert client.allowed(http_server.url("/weblog/post")) and client.allowed(http_server.url("/talk.pdf?page=2"))


def test_missing_robots_txt_allows_everything(http_server, fetch_settings):
    http_server.add("/post", "<p>open</p>")
    assert Client(fetch_settings, robots=True).get(http_server.url("/post")).status == 200


def test_robots_txt_server_error_disallows_the_host(http_server, fetch_settings):
    http_server.add("/robots.txt", "down", status=503)
    http_server.add("/post", "<p>open</p>")
    with pytest.raises(FetchError, match=r"/post: robots.txt could not be read \(HTTP 503\)"):
        Client(fetch_settings, robots=True).get(http_server.url("/post"))
    assert "/post" not in http_server.paths()


def test_non_ascii_paths_from_feeds_are_percent_encoded(http_server, fetch_settings):
    http_server.add("/weblog/s%C3%A9bastien", "<p>Sébastien</p>")
    assert Client(fetch_settings).get(http_server.url("/weblog/sébastien")).status == 200
    assert http_server.paths() == ["/weblog/s%C3%A9bastien"]


def test_robots_txt_is_kept_between_runs_but_a_server_error_is_not(http_server, fetch_settings, tmp_path):
    http_server.add("/robots.txt", "User-agent: confsearch\nDisallow: /private/\n", content_type="text/plain")
    http_server.add("/private/post", "<p>secret</p>")
    state = HttpState(tmp_path)
    assert not Client(fetch_settings, robots=True, state=state).allowed(http_server.url("/private/post"))
    assert state.get(http_server.url("/robots.txt")).text.startswith("User-agent: confsearch")
    assert not HttpState(tmp_path).get(http_server.url("/robots.txt")), "not saved yet"
    state.save()
    http_server.reset_counts()
    assert not Client(fetch_settings, robots=True, state=HttpState(tmp_path)).allowed(http_server.url("/private/post"))
    assert http_server.paths() == []
    kept = HttpState(tmp_path)
    robots = kept.get(http_server.url("/robots.txt"))
    kept.put(replace(robots, fetched="2015-06-01T10:00:00+00:00"))
    http_server.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    assert Client(fetch_settings, robots=True, state=kept).allowed(http_server.url("/private/post")) is True
    assert http_server.paths() == ["/robots.txt"], "read again after a day"

    http_server.add("/robots.txt", "down", status=503)
    failing = HttpState(tmp_path / "other")
    with pytest.raises(FetchError, match=r"robots.txt could not be read \(HTTP 503\); the host is skipped"):
        Client(fetch_settings, robots=True, state=failing).allowed(http_server.url("/post"))
    assert failing.get(http_server.url("/robots.txt")) is None


def test_host_gate_limits_requests_in_flight_per_host_and_spaces_their_starts():
    gate = HostGate(per_host=2, delay=30)
    gate.enter("blog.test")
    assert gate._next_start["blog.test"] >= time.monotonic() + 29, "the next request waits 30 s"
    gate.delay = 0
    gate._next_start.clear()
    gate.enter("blog.test")
    assert not gate._slots["blog.test"].acquire(blocking=False), "a third request to the host must wait"
    gate.enter("other.test")
    gate.leave("blog.test")
    assert gate._slots["blog.test"].acquire(blocking=False)


def test_settings_from_environment():
    settings = Settings.from_env({"CONFSEARCH_FETCH_DELAY": "0", "CONFSEARCH_FETCH_MAX_BYTES": "1000"})
    assert settings.delay == 0 and settings.max_bytes == 1000 and settings.max_redirects == 5
    with pytest.raises(FetchError, match="CONFSEARCH_FETCH_DELAY='soon' is not a number"):
        Settings.from_env({"CONFSEARCH_FETCH_DELAY": "soon"})


def test_a_download_that_takes_too_long_in_total_is_stopped(http_server, fetch_settings):
    http_server.add("/trickle", b"<p>" + b"x" * 100_000)
    with pytest.raises(FetchError, match="took longer than -1 s"):
        Client(replace(fetch_settings, total_timeout=-1)).get(http_server.url("/trickle"))


def test_a_body_that_is_itself_gzip_is_unpacked_within_the_cap(http_server, fetch_settings):
    sitemap = b'<urlset><url><loc>/a</loc></url></urlset>'
    http_server.add("/sitemap.xml.gz", gzip.compress(sitemap), "application/x-gzip")
    assert Client(fetch_settings).get(http_server.url("/sitemap.xml.gz")).body == sitemap
    http_server.add("/bomb.gz", gzip.compress(b"x" * 5_000_000), "application/x-gzip")
    with pytest.raises(FetchError, match="larger than 200,000 bytes"):
        Client(fetch_settings).get(http_server.url("/bomb.gz"))


def test_validators_go_along_a_redirect_so_a_moved_feed_still_answers_304(http_server, fetch_settings):
    http_server.add("/old.rss", status=301, headers={"Location": "/new.rss"})
    http_server.add("/new.rss", "<rss/>", etag='"v1"')
    response = Client(fetch_settings).get(http_server.url("/old.rss"), etag='"v1"')
    assert response.status == 304 and response.url == http_server.url("/new.rss")
    assert [headers.get("If-None-Match") for _, headers in http_server.requests] == ['"v1"', '"v1"']
