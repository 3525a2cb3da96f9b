"""Killing an indexing run at random moments (inside commits too, unlike the commit-boundary kills of
test_index_reliability.py) leaves an index that opens with a committed state; reindex and index then recover."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability_tools import CONFSEARCH, indexed_ids, missing, run_cli, stats, talk_ids, weblog

NEEDS = missing(commands=("index", "reindex", "stats"))
pytestmark = [pytest.mark.skipif(NEEDS is not None, reason=NEEDS or ""), pytest.mark.timeout(600)]
KILLS = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """A weblog of 90 talks; the first third of its pages already indexed and committed (the baseline)."""
    folder = tmp_path_factory.mktemp("kill")
    pages = weblog(folder, 90, seed=5)
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
    assert indexed_ids(full_run) == site["all_ids"]

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

        held = indexed_ids(root)
        assert site["baseline_ids"] <= held <= site["all_ids"], f"kill {attempt}: committed talks lost or junk"
        assert stats(root)["talks"] == len(held), f"kill {attempt}: stats disagree with the index"
        run_cli("reindex", "--index-dir", str(root), "--quiet", check=True)
        assert site["baseline_ids"] <= indexed_ids(root) <= site["all_ids"]
    assert killed_mid_run, "every run ended before its kill point: the test killed nothing"
    run_cli("index", str(site["folder"]), "--index-dir", str(root), "--quiet", check=True)
    assert indexed_ids(root) == site["all_ids"], "the last killed index did not recover"
