"""`confsearch index`, `reindex` and `stats`, run as real subprocesses."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess

import pytest

from search import generations
from search.stats import index_stats, known_sources
from tests.conftest import write_pages

SUMMARY = re.compile(r"^\d+ pages?, \d+ talks?: \d+ added, \d+ updated, \d+ removed, \d+ unchanged in \d+\.\d s")


def run(command: list[str], *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, env=environment, **kwargs)


def test_index_prints_one_summary_line_and_nothing_else(confsearch, corpus_dir, index_dir):
    result = run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir))
    assert result.returncode == 0, result.stderr
    assert SUMMARY.match(result.stdout) and result.stdout.count("\n") == 1
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    again = run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir))
    assert " 0 added, 0 updated, 0 removed, " in again.stdout


def test_the_index_location_comes_from_the_environment(confsearch, corpus_dir, index_dir):
    result = run(confsearch, "index", str(corpus_dir), env={"CONFSEARCH_INDEX": str(index_dir)})
    assert result.returncode == 0 and generations.live_token(index_dir)


def test_stats_as_json_and_as_text(confsearch, corpus_dir, index_dir):
    run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir))
    data = json.loads(run(confsearch, "stats", "--json", "--index-dir", str(index_dir)).stdout)
    assert set(data) == {"talks", "pages", "conferences", "years", "speakers", "size_bytes", "updated",
                         "first_year", "last_year"}
    assert data["talks"] == index_stats(index_dir).talks > 0
    text = run(confsearch, "stats", "--index-dir", str(index_dir)).stdout
    assert re.search(rf"^talks\s+{data['talks']}$", text, re.M)


def test_reindex_says_which_files_are_gone(confsearch, corpus_dir, index_dir, tmp_path):
    folder = shutil.copytree(corpus_dir, tmp_path / "corpus")
    run(confsearch, "index", str(folder), "--index-dir", str(index_dir))
    gone = next(folder.rglob("*zeromq*.html"))
    gone.unlink()
    result = run(confsearch, "reindex", "--index-dir", str(index_dir))
    assert result.returncode == 0
    assert f"note: {gone} is gone; its talks were removed" in result.stderr
    assert SUMMARY.match(result.stdout) and str(gone) not in known_sources(index_dir)


def test_reindex_full_swaps_in_a_new_generation(confsearch, corpus_dir, index_dir):
    run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir))
    token, talks = generations.live_token(index_dir), index_stats(index_dir).talks
    result = run(confsearch, "reindex", "--full", "--index-dir", str(index_dir))
    assert result.returncode == 0 and SUMMARY.match(result.stdout)
    assert generations.live_token(index_dir) != token and index_stats(index_dir).talks == talks


def test_an_error_is_one_line_and_exit_1_without_a_traceback(confsearch, index_dir):
    result = run(confsearch, "stats", "--index-dir", str(index_dir))
    assert result.returncode == 1
    assert result.stderr == f"Error: There is no index at {index_dir}; build one with `confsearch index PATH`.\n"
    debug = run(confsearch, "--debug", "stats", "--index-dir", str(index_dir))
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "IndexNotFound" in debug.stderr


def test_a_missing_path_is_a_usage_error(confsearch, index_dir, tmp_path):
    result = run(confsearch, "index", str(tmp_path / "nope"), "--index-dir", str(index_dir))
    assert result.returncode == 2 and f"{tmp_path / 'nope'}: no such file or folder" in result.stderr
    assert not generations.live_token(index_dir)
    url = run(confsearch, "index", "https://example.org/weblog", "--index-dir", str(index_dir))
    assert url.returncode == 2 and "confsearch fetch URL" in url.stderr


def test_a_second_writer_gives_up_with_a_clear_message(confsearch, corpus_dir, index_dir):
    run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir))
    with generations.write_lock(index_dir):
        result = run(confsearch, "index", str(corpus_dir), "--index-dir", str(index_dir),
                     env={"CONFSEARCH_LOCK_TIMEOUT": "0.3"})
    assert result.returncode == 1
    assert result.stderr == (f"Error: The index at {index_dir} is being updated by another process; "
                             "try again when it finishes.\n")


def run_on_terminal(command: list[str]) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; returns (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    stdout = process.stdout.read()
    return process.wait(timeout=120), stdout, shown.decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_a_progress_bar_on_a_terminal_unless_quiet(confsearch, index_dir, tmp_path, quiet):
    write_pages(tmp_path / "pages", 30)
    code, stdout, shown = run_on_terminal([*confsearch, "index", str(tmp_path / "pages"), "--index-dir",
                                           str(index_dir), *(["--quiet"] if quiet else [])])
    assert code == 0 and SUMMARY.match(stdout)
    if quiet:
        assert shown == ""
    else:
        assert "Indexing" in shown and "30/30" in shown
