"""A really full disk (a tiny tmpfs: ENOSPC) and a read-only file system (a read-only bind mount: EROFS) give
one clear error and leave the previous index as it was. Skipped where mounting is not allowed;
test_index_reliability.py covers the same with a file-size limit and dropped capabilities."""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.reliability_tools import indexed_ids, missing, one_clear_line, run_cli, stats, talk_ids, weblog

NEEDS = missing(commands=("index", "stats"))
pytestmark = [pytest.mark.skipif(NEEDS is not None, reason=NEEDS or ""), pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """A small committed index (10 talks) and a larger weblog (200 talks) to add to it."""
    folder = tmp_path_factory.mktemp("disk")
    small = weblog(folder / "small", 10, seed=1)
    weblog(folder / "large", 200, seed=2)
    baseline = folder / "baseline"
    run_cli("index", *map(str, small), "--index-dir", str(baseline), "--quiet", check=True)
    return {"small_ids": talk_ids(small), "large": folder / "large" / "pages", "baseline": baseline}


def assert_unchanged(root: Path, site: dict) -> None:
    assert indexed_ids(root) == site["small_ids"]
    assert stats(root)["talks"] == len(site["small_ids"])


def mounting_works(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True).returncode:
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


@contextmanager
def mounted(*commands: list[str], target: Path):
    try:
        for command in commands:
            subprocess.run(command, check=True, capture_output=True)
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def can_mount(tmp_path):
    if shutil.which("mount") is None or not mounting_works(tmp_path):
        pytest.skip("mounting a tmpfs is not allowed here (the file-size-limit test covers a full disk)")


def test_disk_full_on_a_tiny_tmpfs_gives_a_clear_error(site, tmp_path, can_mount):
    disk = tmp_path / "disk"
    disk.mkdir()
    size = max(256 * 1024, 2 * sum(p.stat().st_size for p in site["baseline"].rglob("*") if p.is_file()))
    with mounted(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], target=disk):
        root = disk / "index"
        shutil.copytree(site["baseline"], root, symlinks=True)
        result = run_cli("index", str(site["large"]), "--index-dir", str(root), "--quiet")
        assert result.returncode == 1, result
        assert one_clear_line(result.stderr) and "space" in result.stderr.lower(), result.stderr
        assert "Traceback" not in result.stdout
        assert_unchanged(root, site)


def test_read_only_index_folder_gives_a_clear_error(site, tmp_path, can_mount):
    source = tmp_path / "index"
    shutil.copytree(site["baseline"], source, symlinks=True)
    view = tmp_path / "read-only"
    view.mkdir()
    with mounted(["mount", "--bind", str(source), str(view)],
                 ["mount", "-o", "remount,bind,ro", str(view)], target=view):
        result = run_cli("index", str(site["large"]), "--index-dir", str(view), "--quiet")
        assert result.returncode == 1, result
        assert one_clear_line(result.stderr) and "read-only" in result.stderr.lower(), result.stderr
        assert_unchanged(view, site)
