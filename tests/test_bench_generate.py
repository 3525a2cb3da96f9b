"""The benchmark's synthetic weblog: deterministic, in the documented shapes, and split by the ingester into
exactly the talks it was generated from (so `make bench` measures the talks it claims to)."""

from __future__ import annotations

from pathlib import Path

from bench.generate import change_pages, generate, pages_of, read_truth
from search.ingest import read_paths


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    generate(tmp_path / "one", 40, seed=9)
    generate(tmp_path / "two", 40, seed=9)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    generate(tmp_path / "three", 40, seed=10)
    assert files(tmp_path / "one") != files(tmp_path / "three")


def test_talks_pages_and_notes_have_the_documented_shape(tmp_path):
    talks = generate(tmp_path, 300, seed=4)
    pages = pages_of(talks)
    assert len(talks) == 300 and read_truth(tmp_path / "talks.jsonl") == talks
    assert all(1 <= len(page) <= 8 for page in pages)
    assert {Path(page[0].page).name.split("-")[0] for page in pages} == {"listing", "single", "sphinx"}
    assert all(100 <= len(talk.body.split()) <= 1500 for talk in talks)
    assert any(" van " in f" {name} " or " van der " in name for talk in talks for name in talk.speakers)
    assert len({talk.date[:4] for talk in talks}) >= 10


def test_the_ingester_splits_the_generated_pages_into_the_generated_talks(tmp_path):
    talks = generate(tmp_path, 80, seed=3)
    root = (tmp_path / "pages").resolve()
    split = {Path(page.source).relative_to(root).as_posix(): page.talks for page in read_paths([root])}
    for page in pages_of(talks):
        found = split[page[0].page]
        assert [t.title for t in found] == [t.title for t in page], page[0].page
        assert [t.speakers for t in found] == [t.speakers for t in page], page[0].page
        if not page[0].page.split("/")[-1].startswith("sphinx"):  # Sphinx pages carry no date
            assert [t.date.isoformat() for t in found] == [t.date for t in page], page[0].page


def test_changing_one_percent_rewrites_those_pages_only(tmp_path):
    generate(tmp_path, 200, seed=2)
    before = files(tmp_path / "pages")
    changed = change_pages(tmp_path, 0.01)
    after = files(tmp_path / "pages")
    assert changed and {name for name in after if after[name] != before[name]} == set(changed)
