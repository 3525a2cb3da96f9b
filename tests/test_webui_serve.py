"""`confsearch serve`: the options are checked and a missing index is one sentence, not a traceback."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import cli


def test_serve_without_an_index_says_so_in_one_line(tmp_path):
    pytest.importorskip("search.service", reason="search.service (branch query) is not merged yet")
    result = CliRunner().invoke(cli, ["serve", "--index-dir", str(tmp_path / "nothing-here"), "--port", "0"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "nothing-here" in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert result.exit_code == 2
    assert "99999" in result.output


def test_serve_help_names_the_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--threads", "--index-dir"):
        assert option in result.output


# --- several processes under gunicorn --------------------------------------------------------------

def children(pid: int) -> set[int]:
    """The live (not zombie) processes whose parent is `pid`, from /proc."""
    from pathlib import Path

    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def answers(port: int) -> int:
    """The status of one search on a new connection."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/api/search?q=zeromq")
        response = connection.getresponse()
        assert response.status != 200 or b'"total"' in response.read()
        return response.status
    finally:
        connection.close()


def wait_until(condition, timeout: float = 60) -> None:
    """Poll `condition` (bounded), for a process state that comes about on its own."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.05)


@pytest.fixture
def served(tmp_path, corpus_dir):
    """`start(*options)`: a real `confsearch serve` on a free port over an index of the bundled corpus."""
    import subprocess
    import sys

    from bench.measure import free_port, wait_until_up
    from search.index import update_paths

    root = tmp_path / "index"
    update_paths(root, [corpus_dir], workers=1)
    started = []

    def start(*options: str) -> tuple[subprocess.Popen, int]:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "search", "serve", "--port", str(port), "--index-dir",
                                    str(root), *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(process)
        wait_until_up(process, port, "/healthz", timeout=60)
        return process, port

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.skipif(sys.platform == "win32" or not Path("/proc/self/stat").exists(), reason="gunicorn on Linux")
def test_two_workers_answer_and_a_killed_worker_is_replaced(served):
    import os
    import signal

    process, port = served("--workers", "2")
    wait_until(lambda: len(children(process.pid)) == 2)
    first = children(process.pid)
    for victim in sorted(first):  # kill each worker in turn: the other one answers meanwhile, then both again
        os.kill(victim, signal.SIGKILL)
        assert all(answers(port) == 200 for _ in range(10))
        wait_until(lambda: victim not in children(process.pid) and len(children(process.pid)) == 2)
        assert all(answers(port) == 200 for _ in range(10))
    assert children(process.pid).isdisjoint(first) and process.poll() is None
    process.terminate()
    assert process.wait(timeout=60) == 0
    assert ", 2 processes" in process.stdout.read() and "Traceback" not in process.stderr.read()


def test_one_worker_is_one_process_of_threads(served):
    process, port = served("--workers", "1", "--threads", "2")
    assert answers(port) == 200
    if Path("/proc/self/stat").exists():
        assert children(process.pid) == set()
    process.terminate()
    process.wait(timeout=60)
    assert "processes" not in process.stdout.read()
