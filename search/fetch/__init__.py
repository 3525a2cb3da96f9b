"""Fetching weblogs over HTTP and keeping registered sources current in the index.

Modules by stage: `http.py` (polite client on httpx), `robots.py`, `discover.py` (feeds through feedparser,
sitemaps, page feed links and entry links), `state.py` (sources registry, per-URL HTTP state and
robots.txt answers in the index root), `update.py` (orchestration: fetch, discover, split, index) and
`report.py` (the summary lines).

Public interface: `Settings`, `check_url(url)`, `update_sources(root, [(url, name)], settings=, prune=,
progress=, report_line=) -> RunReport`, and the registry `load_sources`, `add_source`, `remove_source`.
"""

from search.fetch.http import Settings, check_url
from search.fetch.report import RunReport, SourceReport
from search.fetch.state import Source, add_source, load_sources, remove_source
from search.fetch.update import update_sources

__all__ = ["RunReport", "Settings", "Source", "SourceReport", "add_source", "check_url", "load_sources",
           "remove_source", "update_sources"]
