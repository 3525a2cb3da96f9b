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


def build_web_index(root: Path, pages) -> Path:
    """A real Whoosh index of `pages` (see tests/webtalks.py), built with the index's own `update_pages`."""
    index = pytest.importorskip("search.index", reason="search.index (branch index) is not merged yet")
    index.update_pages(root, pages)
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
