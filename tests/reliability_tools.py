"""Shared helpers for the reliability tests: the real `confsearch` command, generated weblogs, index contents."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from bench.generate import generate, pages_of

CONFSEARCH = str(Path(sys.executable).parent / "confsearch")
COMMAND_TIMEOUT = 120


def has_commands(*names: str) -> bool:
    from search.cli import cli

    return all(name in cli.commands for name in names)


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def missing(*, commands: tuple[str, ...] = (), modules: tuple[str, ...] = ()) -> str | None:
    """Why a test cannot run yet (a command or module not on this branch), or None."""
    absent = [f"`confsearch {name}`" for name in commands if not has_commands(name)]
    absent += [f"`{name}`" for name in modules if not has_module(name)]
    return f"not built yet: {', '.join(absent)}" if absent else None


def run_cli(*args: str, check: bool = False, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([CONFSEARCH, *args], capture_output=True, text=True, timeout=COMMAND_TIMEOUT, **kwargs)
    if check and result.returncode:
        raise AssertionError(f"confsearch {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


def weblog(folder: Path, talks: int, seed: int = 42) -> list[Path]:
    """Generate a synthetic weblog under `folder`; return its page files in generation order."""
    generated = generate(folder, talks, seed)
    return [folder / "pages" / page[0].page for page in pages_of(generated)]


def talk_ids(paths) -> set[str]:
    """The ids the ingester gives the talks of these pages (what the index should hold)."""
    from search.ingest import dedupe, read_paths

    return {talk.id for talk in dedupe(t for page in read_paths(paths) for t in page.talks)}


def stats(root: Path) -> dict:
    return json.loads(run_cli("stats", "--json", "--index-dir", str(root), check=True).stdout)


def indexed_ids(root: Path) -> set[str]:
    """The ids of every talk in the live index at `root` (opening it must work)."""
    from search.generations import open_index

    with open_index(root).searcher() as searcher:
        return {fields["id"] for fields in searcher.documents()}


def one_clear_line(stderr: str) -> bool:
    """An error a user can read: a single non-empty line and no traceback."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return len(lines) == 1 and "Traceback" not in stderr
