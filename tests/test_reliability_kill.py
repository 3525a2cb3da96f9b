"""Killing an indexing run at random moments never loses a commit; two writers at once never corrupt."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability_tools import (CONFSEARCH, missing, one_clear_line, present_ids, run_cli, stats, talk_ids,
                                     weblog)

NEEDS = missing(commands=("index", "reindex", "stats"), modules=("search.service",))
pytestmark = [pytest.mark.skipif(NEEDS is not None, reason=NEEDS or ""), pytest.mark.timeout(600)]
KILLS = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """A weblog of 150 talks; the first third of its pages already indexed and committed (the baseline)."""
    folder = tmp_path_factory.mktemp("kill")
    pages = weblog(folder, 150, seed=5)
    first = pages[: len(pages) // 3]
    baseline = folder / "baseline-index"
    run_cli("index", *map(str, first), "--index-dir", str(baseline), "--quiet", check=True)
    return {"folder": folder / "pages", "baseline": baseline, "baseline_ids": talk_ids(first),
            "all_ids": talk_ids([folder / "pages"])}


def index_command(site: dict, root: Path) -> list[str]:
    return [CONFSEARCH, "index", str(site["folder"]), "--index-dir", str(root), "--quiet"]


def test_sigkill_at_random_points_leaves_a_committed_state(site, tmp_path):
    full_run = tmp_path / "full"
    shutil.copytree(site["baseline"], full_run, symlinks=True)
    started = time.monotonic()
    subprocess.run(index_command(site, full_run), check=True, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    assert present_ids(full_run, site["all_ids"]) == site["all_ids"]

    rng = random.Random(2026)
    killed_mid_run = 0
    for attempt in range(KILLS):
        root = tmp_path / f"killed-{attempt}"
        shutil.copytree(site["baseline"], root, symlinks=True)
        process = subprocess.Popen(index_command(site, root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, whole))  # a random kill point, not synchronisation
        killed_mid_run += process.poll() is None
        process.kill()
        process.wait()

        held = present_ids(root, site["all_ids"])
        assert site["baseline_ids"] <= held, f"kill {attempt}: committed talks lost"
        assert stats(root)["talks"] == len(held), f"kill {attempt}: index holds talks of no commit"
        run_cli("reindex", "--index-dir", str(root), "--quiet", check=True)
        assert site["baseline_ids"] <= present_ids(root, site["all_ids"])
        run_cli("index", str(site["folder"]), "--index-dir", str(root), "--quiet", check=True)
        assert present_ids(root, site["all_ids"]) == site["all_ids"], f"kill {attempt}: index did not recover"
        shutil.rmtree(root)
    assert killed_mid_run, "every run ended before its kill point: the test killed nothing"


def test_two_index_runs_at_once_one_waits_or_fails_clearly(site, tmp_path):
    root = tmp_path / "index"
    shutil.copytree(site["baseline"], root, symlinks=True)
    runs = [subprocess.Popen(index_command(site, root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()

    codes = sorted(code for code, _ in outcomes)
    assert codes in ([0, 0], [0, 1]), outcomes
    for code, stderr in outcomes:
        if code:
            assert one_clear_line(stderr), stderr
    assert present_ids(root, site["all_ids"]) == site["all_ids"]
    assert stats(root)["talks"] == len(site["all_ids"])
