"""Indexing files: the real ingester, file records that let unchanged files be skipped, reindex."""

from __future__ import annotations

import os
import shutil

import pytest

from search import generations, index
from search.stats import index_stats, known_sources
from search.errors import IndexCorrupt
from search.ingest import read_paths
from search.sourcefiles import load_records


def ids_in(root) -> set[str]:
    with generations.open_index(root).searcher() as searcher:
        return {fields["id"] for fields in searcher.documents()}


def bodies(root) -> dict[str, str]:
    with generations.open_index(root).searcher() as searcher:
        return {fields["id"]: fields.get("body", "") for fields in searcher.documents()}


def expected_ids(*paths) -> set[str]:
    return {talk.id for page in read_paths(paths) for talk in page.talks}


def test_index_the_bundled_corpus_then_nothing_changes(corpus_dir, index_dir):
    first = index.update_paths(index_dir, [corpus_dir, corpus_dir / "weblog" / "index.html"])
    assert first.pages == len(list(corpus_dir.rglob("*.html")))  # a file named twice is read once
    assert ids_in(index_dir) == expected_ids(corpus_dir) and first.added == len(expected_ids(corpus_dir))
    again = index.update_paths(index_dir, [corpus_dir])
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == again.talks >= len(expected_ids(corpus_dir))


def test_an_unchanged_file_is_not_read_again(corpus_dir, index_dir, tmp_path):
    folder = shutil.copytree(corpus_dir, tmp_path / "corpus")
    index.update_paths(index_dir, [folder])
    before = bodies(index_dir)
    target = next(folder.rglob("*zeromq*.html"))
    stat = target.stat()
    # Same size and modification time, different bytes: a skipped file keeps its old talks.
    data = target.read_bytes().replace(b"ZeroMQ", b"ZeroXX")
    target.write_bytes(data)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    index.update_paths(index_dir, [folder])
    assert bodies(index_dir) == before
    # Once its modification time changes it is read, and the edit shows.
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    summary = index.update_paths(index_dir, [folder])
    assert summary.updated >= 1 and bodies(index_dir) != before


def test_a_touched_but_identical_file_is_recognised_by_its_digest(corpus_dir, index_dir, tmp_path):
    folder = shutil.copytree(corpus_dir, tmp_path / "corpus")
    index.update_paths(index_dir, [folder])
    target = next(folder.rglob("*zeromq*.html"))
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    summary = index.update_paths(index_dir, [folder])
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    record = load_records(generations.live_dir(index_dir))[str(target.resolve())]
    assert record.mtime_ns == target.stat().st_mtime_ns  # the record follows, so next time stat suffices


def test_reindex_removes_the_talks_of_files_that_are_gone(corpus_dir, index_dir, tmp_path):
    folder = shutil.copytree(corpus_dir, tmp_path / "corpus")
    index.update_paths(index_dir, [folder])
    target = next(folder.rglob("*zeromq*.html"))
    only_there = expected_ids(folder) - expected_ids(*(p for p in folder.rglob("*.html") if p != target))
    target.unlink()
    result = index.reindex(index_dir)
    assert result.gone == [str(target.resolve())]
    assert ids_in(index_dir) == expected_ids(folder) and not only_there & ids_in(index_dir)
    assert str(target.resolve()) not in known_sources(index_dir)


def test_reindex_full_rereads_files_and_swaps(corpus_dir, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    token = generations.live_token(index_dir)
    result = index.reindex(index_dir, full=True)
    assert generations.live_token(index_dir) != token
    assert ids_in(index_dir) == expected_ids(corpus_dir) and result.summary.added == len(ids_in(index_dir))
    assert load_records(generations.live_dir(index_dir))  # the new generation has its own file records


def test_a_removed_source_is_read_again_even_when_unchanged(corpus_dir, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    sources = known_sources(index_dir)
    index.remove_sources(index_dir, sources)
    assert ids_in(index_dir) == set()
    index.update_paths(index_dir, [corpus_dir])
    assert ids_in(index_dir) == expected_ids(corpus_dir)


def test_an_unreadable_file_is_a_warning_and_the_rest_is_indexed(corpus_dir, index_dir, tmp_path):
    folder = shutil.copytree(corpus_dir, tmp_path / "corpus")
    broken = folder / "broken.html"
    broken.symlink_to(tmp_path / "missing.html")
    summary = index.update_paths(index_dir, [folder])
    assert summary.failed == 1 and "missing.html" in summary.warnings[0]
    assert ids_in(index_dir) == expected_ids(folder) != set()


def test_devcorpus_indexes_and_reindexes_unchanged(devcorpus_dir, index_dir):
    first = index.update_paths(index_dir, [devcorpus_dir])
    assert first.added > 0 and first.added == len(ids_in(index_dir))
    again = index.reindex(index_dir)
    assert (again.summary.added, again.summary.updated, again.summary.removed) == (0, 0, 0)


def test_reindex_full_rebuilds_a_damaged_index_from_its_recorded_files(corpus_dir, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    for toc in generations.live_dir(index_dir).glob("*.toc"):
        toc.write_bytes(b"\x00garbage")
    with pytest.raises(IndexCorrupt):
        index.reindex(index_dir)
    index.reindex(index_dir, full=True)
    assert ids_in(index_dir) == expected_ids(corpus_dir)


def test_reindex_full_replaces_a_garbled_current_pointer(corpus_dir, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    before = generations.live_token(index_dir)
    (index_dir / generations.CURRENT).write_text("nonsense\n")
    index.reindex(index_dir, full=True)
    assert generations.live_token(index_dir).startswith(generations.GEN_PREFIX)
    assert index_stats(index_dir).talks == 0  # nothing recorded could be read: an empty, working index
    assert (index_dir / before).is_dir()  # and the old generation is left for the user to recover
