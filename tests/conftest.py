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


# --- query helper fixtures ---------------------------------------------------------------------


def whoosh_fields(talk) -> dict:
    """Index fields for a talk, for tests that build a small index straight from the schema."""
    import datetime as dt

    fields = {
        "id": talk.id,
        "title": talk.title,
        "speakers": "\n".join(talk.speakers),
        "speaker_facet": ",".join(talk.speakers),
        "tags": ",".join(talk.tags),
        "body": talk.body,
        "url": talk.url,
        "sources": talk.source,
    }
    if talk.conference:
        fields["conference"] = fields["conference_facet"] = talk.conference
    if talk.date:
        fields["date"] = dt.datetime.combine(talk.date, dt.time())
        fields["year"] = talk.date.year
    return fields


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
