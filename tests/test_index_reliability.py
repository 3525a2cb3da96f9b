"""Faults during indexing: SIGKILL at several points, concurrent writers, read-only folders, a full disk.

Each run is a real `confsearch index` subprocess; waiting is done by polling a condition, never by sleeping
a fixed time.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest

from search import generations, index
from search.errors import SearchError
from search.ingest import split_page
from search.sourcefiles import load_records
from tests.conftest import write_pages

PR_CAPBSET_DROP = 24
PAGES = 300
BATCH = 15


def talk_ids(path: Path) -> set[str]:
    return {talk.id for talk in split_page(path.read_bytes(), str(path))}


def indexed_ids(root: Path) -> set[str]:
    with generations.open_index(root).searcher() as searcher:
        return {fields["id"] for fields in searcher.documents()}


def commits(root: Path) -> int:
    try:
        return generations.open_index(root).latest_generation()
    except SearchError:
        return -1


def wait_for(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll until `condition()` holds (or the process ended); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition() and process.poll() is None:
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.005)


def assert_a_committed_prefix(root: Path, files: list[Path], ids_by_file: list[set[str]]) -> int:
    """The index holds exactly the talks of the first k files for some k (the state of some commit).

    Killed before its first commit, a run may leave no index at all: the state of no commit.
    """
    if not generations.live_token(root):
        return 0
    ids = indexed_ids(root)
    held = set()
    for k, file_ids in enumerate([set(), *ids_by_file]):
        held |= file_ids
        if held == ids:
            break
    else:
        pytest.fail(f"the index holds {len(ids)} talks that are not the talks of any first files")
    for source in load_records(generations.live_dir(root)):  # file records never run ahead of the index
        assert talk_ids(Path(source)) <= ids
    return k


def test_sigkill_at_several_points_leaves_a_committed_state(confsearch, tmp_path, index_dir):
    files = write_pages(tmp_path / "pages", PAGES)
    ids_by_file = [talk_ids(path) for path in files]
    env = {**os.environ, "CONFSEARCH_BATCH_TALKS": str(BATCH)}
    command = [*confsearch, "index", str(tmp_path / "pages"), "--index-dir", str(index_dir), "--quiet"]
    done_before: set[str] = set()
    kills = 0
    for extra_commits in (0, 1, 2, 1, 3, 0, 2, 1, 1, 2):
        start = commits(index_dir)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if extra_commits:
            wait_for(lambda: commits(index_dir) >= start + extra_commits, process)
        else:
            wait_for(lambda: (index_dir / generations.LOCK_NAME).exists(), process)
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait(timeout=60)
        assert_a_committed_prefix(index_dir, files, ids_by_file)
        now = indexed_ids(index_dir) if generations.live_token(index_dir) else set()
        assert done_before <= now  # nothing committed was lost
        done_before = now
    assert kills >= 8
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert assert_a_committed_prefix(index_dir, files, ids_by_file) == PAGES
    assert not list(generations.live_dir(index_dir).glob("*.tmp"))  # sort runs of killed writers are cleared
    reindexed = subprocess.run([*confsearch, "reindex", "--index-dir", str(index_dir)], env=env,
                               capture_output=True, text=True, timeout=120)
    assert reindexed.returncode == 0 and " 0 added, 0 updated, 0 removed, " in reindexed.stdout


def test_two_writers_at_once_both_finish_one_after_the_other(confsearch, tmp_path, index_dir):
    first = write_pages(tmp_path / "first", 150, seed=1)
    second = write_pages(tmp_path / "second", 20, seed=2)
    env = {**os.environ, "CONFSEARCH_BATCH_TALKS": "10", "CONFSEARCH_LOCK_TIMEOUT": "120"}
    base = [*confsearch, "index", "--quiet", "--index-dir", str(index_dir)]
    one = subprocess.Popen([*base, str(tmp_path / "first")], env=env, stdout=subprocess.PIPE, text=True)
    wait_for(lambda: commits(index_dir) >= 2, one)  # the first is writing
    two = subprocess.run([*base, str(tmp_path / "second")], env=env, capture_output=True, text=True, timeout=120)
    assert one.wait(timeout=120) == 0 and two.returncode == 0, two.stderr
    expected = set().union(*(talk_ids(path) for path in first + second))
    assert indexed_ids(index_dir) == expected


CAPABILITIES_THAT_IGNORE_PERMISSIONS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def obey_permissions() -> None:
    """In the child: even as root, let file permissions apply (drop the capabilities that bypass them)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in CAPABILITIES_THAT_IGNORE_PERMISSIONS:
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "cannot drop capabilities")


def set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | 0o200 if writable else mode & ~0o222)


def test_a_read_only_index_gives_one_sentence_and_stays_intact(confsearch, corpus_dir, tmp_path, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    before = indexed_ids(index_dir)
    write_pages(tmp_path / "new", 3)
    set_writable(index_dir, False)
    try:
        result = subprocess.run([*confsearch, "index", str(tmp_path / "new"), "--index-dir", str(index_dir)],
                                capture_output=True, text=True, timeout=120, preexec_fn=obey_permissions)
    except subprocess.SubprocessError as error:
        pytest.skip(f"cannot make permissions apply to this (root) process: {error}")
    finally:
        set_writable(index_dir, True)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"Error: Cannot write to the index at {index_dir} (Permission denied)")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert indexed_ids(index_dir) == before


def limit_file_size() -> None:
    """In the child: files may not grow beyond 64 KB (writes then fail with EFBIG, like a full disk)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_full_disk_gives_one_sentence_and_keeps_the_last_commit(confsearch, corpus_dir, tmp_path, index_dir):
    index.update_paths(index_dir, [corpus_dir])
    before = indexed_ids(index_dir)
    write_pages(tmp_path / "big", 60, words=2000)
    result = subprocess.run([*confsearch, "index", str(tmp_path / "big"), "--index-dir", str(index_dir)],
                            capture_output=True, text=True, timeout=120, preexec_fn=limit_file_size)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"Error: Cannot write to the index at {index_dir} (")
    assert "keeps its last complete update" in result.stderr and result.stderr.count("\n") == 1
    assert indexed_ids(index_dir) == before
    again = subprocess.run([*confsearch, "index", str(tmp_path / "big"), "--index-dir", str(index_dir)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and indexed_ids(index_dir) > before
