"""Indexing on several worker processes gives the index one process gives: the same documents in the same
order, the same search results and scores, the same file records; killing the indexer ends its workers."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import index
from search.errors import IndexWriteError
from search.generations import live_dir, open_index
from search.service import SearchService
from search.sourcefiles import load_records
from search.workers import Workers
from tests.reliability_tools import indexed_ids, talk_ids, weblog

QUERIES = ["python", "talk notes", '"the talk"', "speaker:maurits", "pyth*", "pythn~", "year:2015 python",
           "conference:pycon", "memory OR speed"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parallel")
    weblog(folder, 150, seed=11)
    return folder / "pages"


@pytest.fixture
def small_thresholds(monkeypatch):
    """Workers for a few pages and talks (the defaults keep small runs in one process)."""
    monkeypatch.setattr(index, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setattr(index, "PARALLEL_MIN_TALKS", 10)


def documents(root: Path) -> list[dict]:
    with open_index(root).searcher() as searcher:
        return [dict(fields) for _docnum, fields in sorted(searcher.reader().iter_docs())]


def results(root: Path) -> list:
    service = SearchService(root, cache_size=0)
    try:
        found = []
        for query in QUERIES:
            page = service.search(query, per_page=20)
            found.append((query, page.total, [(hit.id, hit.score) for hit in page.hits], page.facets))
        return found
    finally:
        service.close()


def segment_count(root: Path) -> int:
    return len(open_index(root)._segments())


def test_two_workers_build_the_index_one_builds(site, tmp_path, small_thresholds):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    one = index.update_paths(serial, [site], workers=1)
    two = index.update_paths(parallel, [site], workers=2)
    assert (one.added, one.pages) == (two.added, two.pages) and two.added == len(talk_ids([site]))
    assert segment_count(parallel) == 2 and segment_count(serial) == 1  # a segment per worker
    assert documents(parallel) == documents(serial)  # the same documents, numbered the same
    assert results(parallel) == results(serial)  # so the same hits, scores and facets
    assert load_records(live_dir(parallel)) == load_records(live_dir(serial))


def test_updates_removals_and_merges_agree_too(site, tmp_path, small_thresholds, monkeypatch):
    """Over several commits (segments merged, talks deleted) the talks and what finds them agree; the order of
    documents (and so the index statistics of deleted ones not yet merged away) may differ."""
    monkeypatch.setattr(index, "DEFAULT_BATCH_TALKS", 60)
    roots = {count: tmp_path / f"workers-{count}" for count in (1, 2)}
    copy = tmp_path / "pages"
    subprocess.run(["cp", "-r", str(site), str(copy)], check=True)
    for count, root in roots.items():
        index.update_paths(root, [copy], workers=count)
    files = sorted(copy.rglob("*.html"))
    rng = random.Random(3)
    for path in rng.sample(files, 20):  # changed pages: their talks are updated
        path.write_text(path.read_text(encoding="utf-8").replace("</p>", " changed quux</p>", 1), encoding="utf-8")
    for path in rng.sample(files, 5):
        path.unlink()
    summaries = {count: index.reindex(root, workers=count).summary for count, root in roots.items()}
    assert summaries[1].updated == summaries[2].updated > 0
    assert summaries[1].removed == summaries[2].removed > 0
    assert by_id(roots[2]) == by_id(roots[1])
    assert found(roots[2]) == found(roots[1])
    assert load_records(live_dir(roots[2])) == load_records(live_dir(roots[1]))
    full = index.reindex(roots[2], full=True, workers=2).summary
    assert full.added == len(by_id(roots[1])) and by_id(roots[2]) == by_id(roots[1])


def by_id(root: Path) -> dict[str, dict]:
    return {fields["id"]: fields for fields in documents(root)}


def found(root: Path) -> list:
    """Per query: how many talks match, and their facet counts (independent of ranking)."""
    return [(query, total, facets) for query, total, _hits, facets in results(root)]


def test_a_failing_worker_fails_the_commit_and_loses_nothing(site, tmp_path, small_thresholds, monkeypatch):
    root = tmp_path / "index"
    pages = sorted(site.rglob("*.html"))
    index.update_paths(root, pages[:10], workers=1)
    before = documents(root)
    monkeypatch.setattr(index, "write_segment", _broken_write_segment)  # pickled by name: the workers run it
    with pytest.raises(IndexWriteError, match="disk full"):
        index.update_paths(root, pages, workers=2)
    assert documents(root) == before
    assert index.update_paths(root, pages, workers=1).added == len(talk_ids(pages)) - len(before)


def _broken_write_segment(folder, docs, limitmb):
    raise OSError("disk full")


def test_a_worker_that_dies_is_one_sentence_and_loses_nothing(site, tmp_path, small_thresholds, monkeypatch):
    root = tmp_path / "index"
    pages = sorted(site.rglob("*.html"))
    index.update_paths(root, pages[:10], workers=1)
    before = documents(root)
    monkeypatch.setattr(index, "write_segment", _dying_write_segment)
    with pytest.raises(IndexWriteError, match="worker process died"):
        index.update_paths(root, pages, workers=2)
    assert documents(root) == before


def _dying_write_segment(folder, docs, limitmb):
    os._exit(9)  # as the kernel's out-of-memory killer would end it


def test_ordered_results_come_in_job_order_with_few_running():
    with Workers(2) as workers:
        jobs = [(n, pow, (n, 2)) if n % 3 else (n, None, -n) for n in range(40)]
        assert list(workers.ordered(jobs, ahead=4)) == [(n, n * n if n % 3 else -n) for n in range(40)]


# --- killing a parallel run -------------------------------------------------------------------------

RUNNER = """
import sys
from search import index
from search.errors import IndexWriteError
index.PARALLEL_MIN_PAGES, index.PARALLEL_MIN_TALKS, index.DEFAULT_BATCH_TALKS = 2, 10, 60
from search.cli import main
sys.argv = ["confsearch", *sys.argv[1:]]
main()
"""


def index_in_parallel(site: Path, root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUNNER, "index", str(site), "--index-dir", str(root), "--quiet"],
                            env={**os.environ, "CONFSEARCH_WORKERS": "2"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def descendants(pid: int) -> set[int]:
    """Every process started (directly or not) by `pid`, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the worker processes")
@pytest.mark.timeout(600)
def test_killing_the_indexer_ends_its_workers_and_leaves_a_committed_state(site, tmp_path):
    complete = tmp_path / "complete"
    whole = index_in_parallel(site, complete)
    started = time.monotonic()
    assert whole.wait(300) == 0, whole.stderr.read()
    duration = time.monotonic() - started
    everything = indexed_ids(complete)

    rng = random.Random(7)
    for attempt in range(4):
        root = tmp_path / f"killed-{attempt}"
        process = index_in_parallel(site, root)
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while process.poll() is None and len(workers) < 3 and time.monotonic() < deadline:
            workers = descendants(process.pid)  # the fork server and its workers
        assert len(workers) >= 3 or process.poll() == 0, "no worker processes were started"
        time.sleep(rng.uniform(0, duration / 2))  # a random kill point, not synchronisation
        process.send_signal(signal.SIGKILL)
        process.wait()
        workers |= descendants(process.pid)
        deadline = time.monotonic() + 30
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(workers), "worker processes outlived the killed indexer"

        held = indexed_ids(root) if (root / "CURRENT").exists() else set()
        assert held <= everything
        stats = subprocess.run([sys.executable, "-m", "search", "stats", "--json", "--index-dir", str(root)],
                               capture_output=True, text=True, env={**os.environ, "CONFSEARCH_LOCK_TIMEOUT": "1"})
        if held:
            assert json.loads(stats.stdout)["talks"] == len(held)
        again = index_in_parallel(site, root)  # the write lock is free: no worker holds it
        assert again.wait(300) == 0, again.stderr.read()
        assert indexed_ids(root) == everything
