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
