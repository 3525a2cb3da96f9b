"""The app serves while the index is written: counts follow each commit, with no restart and no reopening per request."""

import datetime as dt
import json
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from search.model import Page
from tests import webtalks
from tests.conftest import build_web_index


def talk_about_zeromq(number: int):
    return webtalks.talk(
        f"zeromq-{number}", f"ZeroMQ in production, part {number}", ["Ada Lovelace"],
        dt.date(2018, 1, number), "LiveConf", f"Part {number} of a series on zeromq sockets.",
    )


@pytest.fixture
def served(tmp_path):
    pytest.importorskip("search.service", reason="search.service (branch query) is not merged yet")
    from webui import create_app

    root = build_web_index(tmp_path / "index", webtalks.pages())
    app = create_app({"INDEX_DIR": str(root)})
    server = make_server("127.0.0.1", 0, app, threaded=True)  # a thread per request: searchers on many threads
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["confsearch"].close()


def total(base: str, query: str) -> int:
    with urllib.request.urlopen(f"{base}/api/search?q={query}", timeout=10) as response:
        return json.load(response)["total"]


def test_counts_follow_each_commit_while_serving(served):
    from search.index import remove_sources, update_pages

    root, base = served
    before = total(base, "zeromq")
    urllib.request.urlopen(f"{base}/", timeout=10).close()  # the home line is computed (and cached) before the commits
    generations = set()
    for number in range(1, 4):
        update_pages(root, [Page(source=f"https://live.example/{number}", talks=(talk_about_zeromq(number),))])
        assert total(base, "zeromq") == before + number
        assert total(base, "lovelace") == number
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            generations.add(json.load(response)["generation"])
    assert len(generations) == 3
    with urllib.request.urlopen(f"{base}/", timeout=10) as response:
        assert f"{len(webtalks.TALKS) + 1 + 3} talks" in response.read().decode()  # the home line follows too
    remove_sources(root, ["https://live.example/2"])
    assert total(base, "zeromq") == before + 2
