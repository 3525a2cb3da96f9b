"""Shared fixtures: paths to the bundled corpus and the shared development corpus, tmp index folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"
DEVCORPUS2 = ROOT.parent / "shared" / "devcorpus2"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def devcorpus_dir() -> Path:
    if not DEVCORPUS.is_dir():
        pytest.skip("the shared development corpus (../shared/devcorpus) is not here")
    return DEVCORPUS


@pytest.fixture
def devcorpus2_dir() -> Path:
    if not DEVCORPUS2.is_dir():
        pytest.skip("the shared development corpus (../shared/devcorpus2) is not here")
    return DEVCORPUS2


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


# --- index fixtures -----------------------------------------------------------------------------

WORDS = ("python", "generator", "index", "zeromq", "socket", "message", "queue", "kubernetes", "cluster",
         "deploy", "test", "pytest", "fixture", "plone", "django", "flask", "async", "await", "thread",
         "process", "memory", "speed", "search", "whoosh", "talk", "speaker", "conference", "notes")


def write_pages(folder: Path, count: int, *, seed: int = 1, words: int = 120) -> list[Path]:
    """`count` small single-talk weblog pages (deterministic), one file each, in sorted name order."""
    import random

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        path = folder / f"talk-{number:05d}.html"
        path.write_text(
            f'<html><head><title>Talk {number}</title>'
            f'<link rel="canonical" href="https://example.org/notes/talk-{number:05d}"></head>'
            f"<body><article><h1>Speaker {number % 50}: Talk number {number}</h1>"
            f"<p>{body}</p><p>More notes on talk {number}.</p></article></body></html>",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.fixture
def confsearch() -> list[str]:
    """The command line to run `confsearch` in a subprocess with this interpreter."""
    import sys

    return [sys.executable, "-m", "search"]


# --- query helper fixtures ---------------------------------------------------------------------


def whoosh_fields(talk) -> dict:
    """Index fields for a talk (the index's own mapping), for tests that write segments themselves."""
    from search.fields import fields_from_talk

    return fields_from_talk(talk, [talk.source])


@pytest.fixture
def schema_index(tmp_path: Path):
    """Build a Whoosh index from talks with the schema alone: `ix = schema_index([talk, ...])`."""
    from whoosh import index as windex

    from search.schema import build_schema

    def build(talks):
        folder = tmp_path / "schema-index"
        folder.mkdir(exist_ok=True)
        ix = windex.create_in(str(folder), build_schema())
        with ix.writer() as writer:
            for talk in talks:
                writer.add_document(**whoosh_fields(talk))
        return ix

    return build


@pytest.fixture
def segmented_searcher(schema_index):
    """`build(talks, deleted)`: a searcher over `talks` written as three segments, with talk `deleted` removed
    (document numbers are offset per segment, and one segment has a deletion)."""
    opened = []

    def build(talks, deleted: str):
        ix = schema_index(talks[:4])
        for chunk in (talks[4:6], talks[6:]):
            writer = ix.writer()
            for talk in chunk:
                writer.add_document(**whoosh_fields(talk))
            writer.commit(merge=False)
        with ix.writer() as writer:
            writer.delete_by_term("id", deleted)
            writer.mergetype = None
        searcher = ix.searcher()
        opened.append(searcher)
        assert len(searcher.leaf_searchers()) > 1
        return searcher

    yield build
    for searcher in opened:
        searcher.close()


# --- web UI fixtures ---------------------------------------------------------------------------


def build_web_index(root: Path, pages) -> Path:
    """A real Whoosh index of `pages` (see tests/webtalks.py), built with the index's own `update_pages`."""
    from search.index import update_pages

    update_pages(root, pages)
    return root


@pytest.fixture(scope="session")
def web_index_dir(tmp_path_factory) -> Path:
    from tests import webtalks

    return build_web_index(tmp_path_factory.mktemp("webindex") / "index", webtalks.pages())


@pytest.fixture(scope="session")
def app(web_index_dir):
    pytest.importorskip("search.service", reason="search.service (branch query) is not merged yet")
    from webui import create_app

    application = create_app({"INDEX_DIR": str(web_index_dir), "TESTING": True})
    yield application
    application.extensions["confsearch"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 (tests/fetchserver.py), stopped and released at teardown."""
    import threading

    from tests.fetchserver import FetchServer

    server = FetchServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stop()
    thread.join(timeout=10)


@pytest.fixture
def fetch_settings():
    """Fetch settings for tests: no delay between requests, short timeouts, a small size cap."""
    from search.fetch.http import Settings

    return Settings(delay=0, connect_timeout=2, read_timeout=3, max_bytes=200_000, workers=4)
