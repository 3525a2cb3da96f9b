"""A running `confsearch serve` answers every request through 20 incremental updates and a full reindex, and
every answer comes from a complete commit (its total is one of the committed totals). The updates are made
by this process through search.index (another process than the server, as with `confsearch index`)."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.generate import GenTalk, render_listing
from tests.reliability_tools import CONFSEARCH, missing, run_cli

NEEDS = missing(commands=("index", "reindex", "serve"))
pytestmark = [pytest.mark.skipif(NEEDS is not None, reason=NEEDS or ""), pytest.mark.timeout(300)]
MARKER = "zebrafinch"
UPDATES = 20


def write_page(folder: Path, number: int, talks: int) -> Path:
    """A listing page of `talks` talks (at least one, whatever the splitter makes of it) that all mention MARKER."""
    page = f"update-{number:02d}/listing.html"
    made = [GenTalk(id=f"https://notes.example.org/update-{number:02d}/talk-{n}", title=f"Update {number} talk {n}",
                    speakers=("Anna Jansen",), conference="PyGrunn", date="2015-05-22",
                    body=f"Notes about {MARKER} and caching, part {number}.{n}.", page=page)
            for n in range(talks)]
    path = folder / page
    path.parent.mkdir(parents=True)
    path.write_text(render_listing(made), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def total(connection: http.client.HTTPConnection) -> tuple[int, int | None]:
    connection.request("GET", "/api/search?" + urlencode({"q": MARKER, "per_page": 1}))
    response = connection.getresponse()
    body = response.read()
    return response.status, json.loads(body)["total"] if response.status == 200 else None


def wait_for_server(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)  # polling until the port opens, bounded by the deadline
    raise AssertionError("confsearch serve did not answer /healthz within 60 s")


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "index"
    run_cli("index", str(write_page(tmp_path / "pages", 0, 2)), "--index-dir", str(root), "--quiet", check=True)
    port = free_port()
    process = subprocess.Popen([CONFSEARCH, "serve", "--port", str(port), "--index-dir", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_server(process, port)
        yield {"root": root, "port": port, "pages": tmp_path / "pages"}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log = process.stderr.read()
        if log.strip():
            print("confsearch serve wrote on stderr:\n" + log)


def test_server_answers_from_complete_commits_during_updates_and_full_reindex(server):
    from search.index import reindex, update_paths
    from search.stats import index_stats

    root = server["root"]
    committed = [index_stats(root).talks]  # the total after each commit, as the index reports it
    seen: list[tuple[int, int | None]] = []
    errors: list[str] = []
    done = threading.Event()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
        while not done.is_set():
            try:
                seen.append(total(connection))
            except (OSError, http.client.HTTPException, ValueError) as error:
                errors.append(repr(error))
                connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)

    readers = [threading.Thread(target=client) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for number in range(1, UPDATES + 1):
            size = number % 3 + 1
            page = write_page(server["pages"], number, size)
            update_paths(root, [page])
            committed.append(index_stats(root).talks)
        reindex(root, full=True)
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=60)

    assert not errors, errors[:5]
    assert seen, "the readers made no request"
    assert all(status == 200 for status, _ in seen), [s for s in seen if s[0] != 200][:5]
    assert len(set(committed)) == UPDATES + 1, committed
    assert {found for _, found in seen} <= set(committed)
    final = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    assert total(final) == (200, committed[-1])
