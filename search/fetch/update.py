"""Bringing sources into the index: for each source URL, fetch it, discover its entries, fetch the new and
changed ones (conditional requests), split them and update the index.

A failure (network, timeout, HTTP error, bad XML, truncated body) never reaches the index: that page is
not passed to `update_pages`, so its talks stay as they were. Only `prune=True` removes the talks of a page
that answers 404/410 and that was indexed earlier from the same source.

When a feed, sitemap or listing page is unchanged (304, or the same bytes), the posts it leads to are asked
for again only after `Settings.recheck_after` seconds (a day), so a run over an unchanged site costs one
small request per source (and per listing page: a page without talks, whose links are followed).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from search.errors import FetchError, IndexNotFound, SearchError
from search.fetch.discover import Entry, discover, unique_entries
from search.fetch.http import Client, Response, Settings
from search.fetch.report import RunReport, SourceReport
from search.fetch.state import HttpState, UrlState, now, seconds_since
from search.model import Page

Progress = Callable[[str, int, int], None]
GONE = (404, 410)
LISTING_DEPTH = 2


@dataclass(frozen=True)
class Outcome:
    """One conditional GET: "changed" (with the response), "unchanged", "gone" (404/410) or "failed"."""

    status: str
    response: Response | None = None
    reason: str = ""


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


class Run:
    """One `fetch`/`update` run over an index root: the client, the HTTP state, the options."""

    def __init__(self, root: Path | str, settings: Settings | None = None, prune: bool = False,
                 progress: Progress | None = None):
        self.root = Path(root)
        self.settings = settings or Settings()
        self.state = HttpState(self.root)
        self.client = Client(self.settings, robots=True, state=self.state)
        self.prune = prune
        self.progress = progress

    # --- one URL ---

    def fetch(self, url: str) -> Outcome:
        old = self.state.get(url)
        try:
            response = self.client.get(url, etag=getattr(old, "etag", None),
                                       last_modified=getattr(old, "last_modified", None))
        except FetchError as error:
            return Outcome("failed", reason=str(error))
        if response.status in GONE:
            return Outcome("gone", response, reason=f"{url}: HTTP {response.status} (gone).")
        if not (200 <= response.status < 300 or response.status == 304 and old):
            return Outcome("failed", response, reason=f"{url}: HTTP {response.status}.")
        unchanged = old and (response.status == 304 or old.content_hash == digest(response.body))
        return Outcome("unchanged" if unchanged else "changed", response)

    def remember(self, url: str, source: str, response: Response | None, **fields) -> UrlState:
        """The state to store for `url` once its talks are indexed (with the validators of a 200 response)."""
        old = self.state.get(url) or UrlState(url=url)
        if response is not None and response.status == 200:
            old = replace(old, etag=response.headers.get("etag"), status=response.status,
                          last_modified=response.headers.get("last-modified"),
                          content_hash=digest(response.body), fetched=now())
        return replace(old.seen_from(source), checked=now(), **fields)

    def due(self, url: str) -> bool:
        """Whether an entry of an unchanged feed, sitemap or page is checked again: a listing page (one
        whose links were followed) always, a post when it has not been checked for `recheck_after` seconds
        (or never successfully), everything when pruning."""
        known = self.state.get(url)
        return (self.prune or not known or bool(known.links)
                or seconds_since(known.checked) >= self.settings.recheck_after)

    def resync(self) -> None:
        """Pages remembered as indexed whose talks the index lacks (rebuilt or deleted) are fetched anew."""
        from search.stats import known_sources

        try:
            indexed = set(known_sources(self.root))
        except IndexNotFound:
            indexed = set()
        self.state.forget_missing(indexed)

    # --- one source ---

    def update_source(self, url: str, name: str | None = None) -> SourceReport:
        report = SourceReport(url=url, name=name)
        received = self.client.received
        entries = self.explore(url, url, report, depth=2)
        self.fetch_entries(entries, url, report)
        report.received = self.client.received - received
        self.commit(report)
        return report

    def explore(self, url: str, source: str, report: SourceReport, depth: int) -> list[Entry]:
        """Entries that `url` (a feed, sitemap or page) and the feeds and sitemaps it leads to lead to; one
        at a time, so that a feed carrying whole posts is read before the links of the page announcing it."""
        entries, nested = self.keep(Entry(url), self.fetch(url), source, report, top=True)
        for child in nested[: self.settings.max_entries] if depth > 0 else ():
            entries += self.explore(child, source, report, depth - 1)
        return entries

    def split_into(self, response: Response, report: SourceReport, url: str) -> list | None:
        """Split a fetched page into talks for the index; None (and a failure) when it cannot be read, or
        when a page that held talks holds none now (an error page served as 200 must not blank them)."""
        from search.ingest import split_page

        try:
            talks = split_page(response.body, source=response.url, url=response.url, charset=response.charset)
        except Exception as error:  # a splitter bug on one page must not end the run: report it, go on
            bug = f"the page could not be split ({error.__class__.__name__}: {error})."
            report.fail(url, f"{url}: {error if isinstance(error, SearchError) else bug}")
            return None
        known = self.state.get(url)
        if not talks and known and known.talks:
            report.fail(url, f"{url}: no talk on the page any more (it had {known.talks}); the indexed ones "
                        "are kept (if the page is gone, `update --prune` removes them once it answers 404).")
            return None
        report.pages.append(Page(source=response.url, talks=tuple(talks)))
        return talks

    def fetch_entries(self, entries: list[Entry], source: str, report: SourceReport) -> None:
        """Fetch the entries in rounds: pages that hold no talk are listings (an archive, a folder index),
        so the links on them are fetched in the next round, up to `LISTING_DEPTH` rounds."""
        seen = {state.url for state in report.pending}
        todo = [entry for entry in unique_entries(entries) if entry.url not in seen]
        todo = todo[:self.settings.max_entries]
        if self.prune:
            listed = {entry.url for entry in todo} | seen
            todo += [Entry(state.url) for state in self.state.pages_from(source) if state.url not in listed]
        done = scheduled = 0
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            for _ in range(LISTING_DEPTH + 1):
                seen |= {entry.url for entry in todo}
                scheduled += len(todo)
                more = []
                for entry, outcome in pool.map(lambda entry: (entry, self.fetch_entry(entry)), todo):
                    more += self.keep(entry, outcome, source, report)[0]
                    done += 1
                    if self.progress:
                        self.progress(source, done, scheduled)
                room = max(0, self.settings.max_entries - len(seen))
                todo = [entry for entry in unique_entries(more) if entry.url not in seen][:room]
                if not todo:
                    break

    def fetch_entry(self, entry: Entry) -> Outcome:
        if entry.content is None:
            return self.fetch(entry.url)
        old = self.state.get(entry.url)
        text = feed_entry_html(entry)
        if old and old.content_hash == digest(text):
            return Outcome("unchanged")
        return Outcome("changed", Response(url=entry.url, status=200, body=text.encode(),
                                           headers={"content-type": "text/html; charset=utf-8"}))

    def keep(self, entry: Entry, outcome: Outcome, source: str, report: SourceReport, top: bool = False
             ) -> tuple[list[Entry], list[str]]:
        """Count and keep what fetching `entry` gave. Returns the entries it leads to (a feed's or sitemap's,
        a source page's links, the links of a listing: a page without talks) and the feeds and sitemaps a
        source (`top`) leads to. Anything but a page where a post was expected is a failure."""
        report.checked += 1
        if outcome.status in ("gone", "failed"):
            self.failure(entry, outcome.reason, source, report, outcome.status)
            return [], []
        known = self.state.get(entry.url)
        if outcome.status == "unchanged":
            report.unchanged += 1
            report.pending.append(self.remember(entry.url, source, outcome.response))
            links = [Entry(link, from_page=known.kind == "page") for link in known.links if self.due(link)]
            return links, list(known.nested)
        try:
            found = discover(outcome.response)
            if not top and found.kind != "page":
                raise FetchError(f"{outcome.response.url}: a feed or sitemap where a page was expected.")
        except FetchError as error:
            self.failure(entry, str(error), source, report, "refused")
            return [], []
        report.notes += [found.note] if found.note else []
        talks = self.split_into(outcome.response, report, entry.url) if found.kind == "page" else []
        if talks is None:
            return [], []
        report.changed += 1
        entries = list(found.entries) if top or not talks else []
        nested = [*found.feeds[:1], *found.sitemaps] if top else []
        report.pending.append(self.remember(
            entry.url, source, outcome.response, kind=found.kind, talks=len(talks), nested=tuple(nested),
            indexed_as=outcome.response.url if found.kind == "page" else None,
            links=tuple(link.url for link in entries if link.content is None)))
        return entries, nested

    def failure(self, entry: Entry, reason: str, source: str, report: SourceReport, status: str) -> None:
        """A failure, except a page indexed earlier from `source` that is gone, when pruning (it is pruned),
        and a link found on a page (only a guess that it is a post) that is gone without having been indexed
        or is no page (it is a note, and asked for again in a day)."""
        known = self.state.get(entry.url) or UrlState(url=entry.url)
        if status == "gone" and self.prune and known.indexed_as and source in known.sources:
            report.gone.append(entry.url)
        elif entry.from_page and (status == "refused" or status == "gone" and not known.indexed_as):
            report.notes.append(f"{reason} (a link on a page; skipped)")
            report.skipped += 1
            report.pending.append(replace(known.seen_from(source), checked=now()))
        else:
            report.fail(entry.url, reason)

    # --- the index ---

    def commit(self, report: SourceReport) -> None:
        """Index the report's pages, prune what is gone, then remember the HTTP state (in that order, so
        a page whose talks did not reach the index is fetched again next time)."""
        from search.index import remove_sources, update_pages

        try:
            if report.pages:
                report.summary = update_pages(self.root, report.pages)
            if report.gone:
                names = [self.state.get(url).indexed_as for url in report.gone]
                report.pruned_talks = remove_sources(self.root, names)
                report.pruned = len(report.gone)
        except SearchError as error:
            report.fail(report.url, f"{report.url}: {error}")
            self.retry_next_time(state.url for state in report.pending)
            return
        for state in report.pending:
            self.state.put(state)
        for url in report.gone:
            self.state.forget(url)
        self.retry_next_time(report.failed_urls)

    def retry_next_time(self, urls: Iterable[str]) -> None:
        """Make sure these URLs are asked for again next run, even if a feed listing them is unchanged."""
        for url in urls:
            known = self.state.get(url)
            if known:
                self.state.put(replace(known, checked=None))
        self.state.save()


def feed_entry_html(entry: Entry) -> str:
    """A feed entry that carries the whole post, as a one-post page whose permalink is the entry link."""
    title, link = html.escape(entry.title), html.escape(entry.url)
    date = f'<meta property="article:published_time" content="{entry.date}">' if entry.date else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{date}'
            f'<link rel="canonical" href="{link}"></head><body><article><h1><a href="{link}">{title}</a></h1>'
            f"<div>{entry.content}</div></article></body></html>")


def update_sources(root: Path | str, sources: Iterable[tuple[str, str | None]], *,
                   settings: Settings | None = None, prune: bool = False, progress: Progress | None = None,
                   report_line: Callable[[SourceReport], None] | None = None) -> RunReport:
    """Fetch and index each (url, name) source in turn; `report_line` is called as each one finishes."""
    run = Run(root, settings=settings, prune=prune, progress=progress)
    run.resync()
    result = RunReport()
    try:
        for url, name in sources:
            report = run.update_source(url, name)
            result.sources.append(report)
            if report_line:
                report_line(report)
    finally:
        run.client.close()
    return result
