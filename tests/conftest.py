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
