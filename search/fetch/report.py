"""What a fetch/update run reports: one line per source and a total."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.fetch.state import UrlState
from search.model import Page


@dataclass
class SourceReport:
    """What updating one source did; `str()` is its summary line."""

    url: str
    name: str | None = None
    checked: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: list[str] = field(default_factory=list)
    failed_urls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0
    pruned: int = 0
    pruned_talks: int = 0
    received: int = 0
    summary: object | None = None
    pages: list[Page] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    pending: list[UrlState] = field(default_factory=list)

    def fail(self, url: str, reason: str) -> None:
        self.failures.append(reason)
        self.failed_urls.append(url)

    def __str__(self) -> str:
        label = f"{self.name} ({self.url})" if self.name else self.url
        line = (f"{label}: {plural(self.checked, 'URL')} checked: {self.changed} new or changed, {self.unchanged} "
                f"unchanged, {len(self.failures)} failed")
        if self.pruned:
            line += f", {self.pruned} gone and pruned ({plural(self.pruned_talks, 'talk')} removed)"
        if self.skipped:
            line += f", {self.skipped} skipped"
        line += f"; {format_bytes(self.received)} received"
        return line + (f"; {self.summary}" if self.summary else "")


@dataclass
class RunReport:
    """All sources of one run; `total()` is the closing line."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(report.failures for report in self.sources)

    @property
    def received(self) -> int:
        return sum(report.received for report in self.sources)

    def total(self) -> str:
        counts = [sum(getattr(report, name) for report in self.sources)
                  for name in ("checked", "changed", "unchanged", "pruned")]
        failed = sum(len(report.failures) for report in self.sources)
        talks = [report.summary for report in self.sources if report.summary]
        added = sum(summary.added for summary in talks)
        updated = sum(summary.updated for summary in talks)
        removed = sum(summary.removed for summary in talks) + sum(report.pruned_talks for report in self.sources)
        return (f"total: {plural(len(self.sources), 'source')}, {plural(counts[0], 'URL')} checked: "
                f"{counts[1]} new or changed, "
                f"{counts[2]} unchanged, {failed} failed, {counts[3]} pruned; {format_bytes(self.received)} "
                f"received; talks: {added} added, {updated} updated, {removed} removed")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def format_bytes(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB" if size < 1024 * 1024 else \
        f"{size / 1024 / 1024:.1f} MB"
