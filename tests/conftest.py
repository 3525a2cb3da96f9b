"""Shared fixtures: paths to the bundled corpus and the shared development corpus, tmp index folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def devcorpus_dir() -> Path:
    if not DEVCORPUS.is_dir():
        pytest.skip("the shared development corpus (../shared/devcorpus) is not here")
    return DEVCORPUS


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


# --- web UI fixtures ---------------------------------------------------------------------------

HOSTILE_SOURCE = "https://evil.example/2015/hostile.html"


def hostile_talk():
    """A talk whose every field tries to inject markup; the web UI must show it all as text."""
    from search.model import Talk

    return Talk(
        id="hostile-talk",
        title="<script>alert('title')</script> Hostile zeromq",
        speakers=("Mallory <img src=x onerror=alert(1)>",),
        date=__import__("datetime").date(2016, 5, 20),
        conference="<b>EvilConf</b>",
        tags=("xss",),
        url="javascript:alert('url')",
        source=HOSTILE_SOURCE,
        body="Notes on zeromq. <script>alert('body')</script>\n\nA second paragraph about <i>sockets</i>.",
    )


def build_web_index(root, corpus):
    """A real Whoosh index of the bundled corpus plus the hostile talk."""
    index = pytest.importorskip("search.index", reason="search.index (branch index) is not merged yet")
    from search.ingest import read_paths
    from search.model import Page

    pages = list(read_paths([corpus])) + [Page(source=HOSTILE_SOURCE, talks=(hostile_talk(),))]
    index.update_pages(root, pages)
    return root


@pytest.fixture(scope="session")
def web_index_dir(tmp_path_factory) -> Path:
    return build_web_index(tmp_path_factory.mktemp("webindex") / "index", CORPUS)


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
