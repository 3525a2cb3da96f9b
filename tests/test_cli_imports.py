"""`search`, `show` and `stats` import only what they need: never the ingester, the fetcher or Flask (their
imports are most of a command's start-up time). Each command runs in a fresh interpreter, which then lists
the modules it loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from search.index import update_pages
from search.ingest import read_paths
from search.service import SearchService
from tests.conftest import CORPUS

HEAVY = ("search.ingest", "search.fetch", "search.index", "flask", "werkzeug")

RUN_AND_LIST = """
import json, sys
from search.cli import main
sys.argv = ["confsearch", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    root = tmp_path_factory.mktemp("imports") / "index"
    update_pages(root, read_paths([str(CORPUS)]))
    return root


def loaded_by(*args: str) -> tuple[int, list[str]]:
    """(exit status, modules loaded) of `confsearch ARGS` run in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", RUN_AND_LIST, *args], capture_output=True, text=True, timeout=120)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    return report["exit"], report["modules"]


def heavy(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[0] in HEAVY or name.startswith(HEAVY)]


@pytest.mark.parametrize("command", [
    ("search", "zeromq"),
    ("search", "zeromq", "--json", "--speaker", "hintjens", "--sort", "date"),
    ("stats", "--json"),
])
def test_reading_commands_do_not_import_the_ingester_fetcher_or_flask(indexed, command):
    code, modules = loaded_by(*command, "--index-dir", str(indexed))
    assert code == 0
    assert "search.service" in modules or "search.stats" in modules  # the command did its work
    assert heavy(modules) == []


def test_show_does_not_import_them_either(indexed):
    talk_id = SearchService(indexed).search("zeromq").hits[0].id
    code, modules = loaded_by("show", talk_id, "--index-dir", str(indexed))
    assert code == 0 and "search.terminal" in modules
    assert heavy(modules) == []


def test_the_check_sees_an_import_of_the_ingester():
    """The same check on `split`, which needs the ingester, sees it (else the tests above could prove nothing)."""
    code, modules = loaded_by("split", str(CORPUS))
    assert code == 0
    assert "search.ingest" in heavy(modules)


def test_whoosh_is_imported_without_urllib_request_which_stays_importable():
    code = ("import sys, search, search.service; before = 'urllib.request' in sys.modules; "
            "import urllib.request, whoosh.compat; "
            "print(before, hasattr(urllib.request, 'urlopen'), callable(whoosh.compat.urlretrieve))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "True", "True"], result.stderr
