"""Fetching weblogs over HTTP and keeping registered sources current in the index.

Modules by stage: `settings` (limits, which URLs), `http` (the polite client on httpx, robots.txt
included), `discover` (feeds through feedparser, sitemaps, a page's feed and entry links), `state` (the
sources registry and per-URL state in the index root), `update` (runs: fetch, discover, split, index) and
`report` (what a run did). Import the module you need: listing sources or checking a URL then loads
neither httpx nor feedparser.
"""
