"""The fetch commands: `fetch`, `sources add|list|remove`, `update [--prune]` (click runner, real server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import cli
from tests.weblog import Weblog

ENV = {"CONFSEARCH_FETCH_DELAY": "0", "CONFSEARCH_FETCH_READ_TIMEOUT": "0.5"}


def run(*args, index_dir):
    return CliRunner().invoke(cli, [*args, "--index-dir", str(index_dir)], env=ENV)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://x", "weblog"])
def test_fetch_refuses_other_schemes_in_one_line(url, index_dir):
    result = run("fetch", url, index_dir=index_dir)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: {url}: only http and https URLs can be fetched."]
    assert not index_dir.exists()


def test_sources_add_list_remove(index_dir):
    assert run("sources", "list", index_dir=index_dir).stdout.startswith("No sources registered")
    added = run("sources", "add", "https://blog.example/feed.xml", "--name", "Blog", index_dir=index_dir)
    assert added.exit_code == 0 and added.stdout == "Added https://blog.example/feed.xml (Blog)\n"
    run("sources", "add", "https://other.example/", index_dir=index_dir)
    listed = json.loads(run("sources", "list", "--json", index_dir=index_dir).stdout)
    assert [(item["url"], item["name"]) for item in listed] == [("https://blog.example/feed.xml", "Blog"),
                                                              ("https://other.example/", None)]
    assert "https://blog.example/feed.xml  (Blog)  added " in run("sources", "list", index_dir=index_dir).stdout
    removed = run("sources", "remove", "https://blog.example/feed.xml", index_dir=index_dir)
    assert removed.exit_code == 0 and "talks stay in the index" in removed.stdout
    again = run("sources", "remove", "https://blog.example/feed.xml", index_dir=index_dir)
    assert again.exit_code == 1 and again.stderr.startswith("Error: https://blog.example/feed.xml is not a registered")
    assert run("sources", "add", "file:///tmp/x", index_dir=index_dir).exit_code == 2


def test_update_without_sources_says_what_to_do(index_dir):
    result = run("update", index_dir=index_dir)
    assert result.exit_code == 0 and "confsearch sources add URL" in result.stdout


def test_update_prints_a_line_per_source_and_a_total_and_fails_when_one_failed(index_dir, http_server):
    weblog = Weblog(http_server)
    run("sources", "add", weblog.url("/weblog/feed.xml"), "--name", "Notes", index_dir=index_dir)
    run("sources", "add", http_server.url("/missing.xml"), index_dir=index_dir)
    result = run("update", index_dir=index_dir)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"Notes ({weblog.url('/weblog/feed.xml')}): 7 URLs checked: 7 new or changed")
    assert "6 talks: 6 added" in lines[0]
    assert lines[1].startswith(http_server.url("/missing.xml") + ": 1 URL checked: 0 new or changed, 0 unchanged, 1 failed")
    assert lines[2].startswith("total: 2 sources, 8 URLs checked") and "talks: 6 added" in lines[2]
    assert result.stderr == f"  failed: {http_server.url('/missing.xml')}: HTTP 404 (gone).\n"
    assert "\r" not in result.stderr, "no progress when stderr is not a terminal"

    run("sources", "remove", http_server.url("/missing.xml"), index_dir=index_dir)
    second = run("update", index_dir=index_dir)
    assert second.exit_code == 0 and "1 URL checked: 0 new or changed, 1 unchanged, 0 failed" in second.stdout


def test_fetch_indexes_urls_given(index_dir, http_server):
    weblog = Weblog(http_server, count=2)
    result = run("fetch", weblog.url("/weblog/talk-0"), weblog.url("/weblog/talk-1"), index_dir=index_dir)
    assert result.exit_code == 0, result.stderr
    assert "talks: 2 added" in result.stdout.splitlines()[-1]


def test_progress_is_shown_on_a_terminal(index_dir, http_server):
    import os
    import subprocess
    import sys

    weblog = Weblog(http_server, count=3)
    master, slave = os.openpty()
    try:
        command = str(Path(sys.executable).with_name("confsearch"))
        result = subprocess.run([command, "fetch", weblog.url("/weblog/feed.xml"),
                                 "--index-dir", str(index_dir)], stdout=subprocess.PIPE, stderr=slave,
                                env={**os.environ, **ENV}, timeout=120)
    finally:
        os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert result.returncode == 0
    assert f"{weblog.url('/weblog/feed.xml')}: 3/3".encode() in shown
    assert b"\r" not in result.stdout and result.stdout.decode().startswith(weblog.url("/weblog/feed.xml"))


def test_damaged_state_file_is_one_line(index_dir, http_server):
    (index_dir / "fetch").mkdir(parents=True)
    (index_dir / "fetch" / "http.json").write_text("{half a file")
    result = run("fetch", http_server.url("/feed.xml"), index_dir=index_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.strip().endswith("fix or delete it.")
    assert len(result.stderr.strip().splitlines()) == 1 and http_server.requests == []


def test_update_json_gives_one_object_per_source_and_a_total(index_dir, http_server):
    weblog = Weblog(http_server, count=3)
    http_server.add("/broken.xml", "<rss>&nbsp;</rss>", "application/rss+xml")
    run("sources", "add", weblog.url("/weblog/feed.xml"), "--name", "Notes", index_dir=index_dir)
    run("sources", "add", http_server.url("/broken.xml"), index_dir=index_dir)
    result = run("update", "--json", index_dir=index_dir)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    notes, broken = report["sources"]
    assert (notes["url"], notes["name"], notes["checked"], notes["changed"], notes["failed"]) == (
        weblog.url("/weblog/feed.xml"), "Notes", 4, 4, 0)
    assert notes["talks"] == {"added": 3, "updated": 0, "removed": 0} and notes["received"] > 0
    assert broken["failed"] == 1 and "bad XML (undefined entity)" in broken["failures"][0]
    total = report["total"]
    assert (total["sources"], total["checked"], total["failed"], total["talks"]["added"]) == (2, 5, 1, 3)
    assert total["received"] == notes["received"] + broken["received"]
    assert "failed: " in result.stderr, "failures still go to stderr"

    again = json.loads(run("update", "--json", index_dir=index_dir).stdout)
    assert again["sources"][0]["unchanged"] == 1 and again["total"]["talks"]["added"] == 0


def test_update_json_without_sources_is_still_json(index_dir):
    result = run("update", "--json", index_dir=index_dir)
    assert result.exit_code == 0 and json.loads(result.stdout)["total"]["sources"] == 0


def test_update_notes_a_feed_it_read_leniently(index_dir, http_server):
    weblog = Weblog(http_server, count=2)
    feed = http_server.routes["/weblog/feed.xml"].body.replace(b"<title>Weblog</title>", b"<title>Notes&nbsp;</title>")
    http_server.add("/weblog/feed.xml", feed, "application/rss+xml")
    result = run("fetch", weblog.url("/weblog/feed.xml"), index_dir=index_dir)
    assert result.exit_code == 0 and "2 talks: 2 added" in result.stdout
    assert result.stderr == (f"  note: {weblog.url('/weblog/feed.xml')}: an ill-formed feed (undefined entity), "
                             "read leniently.\n")
