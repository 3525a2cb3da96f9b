"""Fetching weblogs over HTTP and keeping registered sources current in the index.

Modules by stage: `settings.py` (limits, which URLs), `http.py` (polite client on httpx), `robots.py`,
`discover.py` (feeds through feedparser, sitemaps, page feed links and entry links), `state.py` (sources
registry, per-URL HTTP state and robots.txt answers in the index root), `update.py` (orchestration: fetch,
discover, split, index) and `report.py` (the summary lines).

Public interface: `Settings`, `check_url(url)`, `update_sources(root, [(url, name)], settings=, prune=,
progress=, report_line=) -> RunReport`, and the registry `load_sources`, `add_source`, `remove_source`.
Imported on first use, so that listing sources or checking a URL does not load httpx and feedparser.
"""

import importlib

EXPORTS = {"Settings": "settings", "check_url": "settings", "RunReport": "report", "SourceReport": "report",
           "Source": "state", "add_source": "state", "load_sources": "state", "remove_source": "state",
           "update_sources": "update"}
__all__ = sorted(EXPORTS)


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
