"""What a fetch/update run reports: one line (or JSON object) per source and a total."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.fetch.state import UrlState
from search.model import Page

COUNTS = ("checked", "changed", "unchanged", "failed", "skipped", "pruned", "received")


@dataclass
class SourceReport:
    """What updating one source did; `str()` is its summary line, `to_dict()` its JSON object."""

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

    @property
    def failed(self) -> int:
        return len(self.failures)

    def fail(self, url: str, reason: str) -> None:
        self.failures.append(reason)
        self.failed_urls.append(url)

    def talks(self) -> dict[str, int]:
        """Talks added, updated and removed (pruned ones included)."""
        counts = {name: getattr(self.summary, name, 0) for name in ("added", "updated", "removed")}
        return {**counts, "removed": counts["removed"] + self.pruned_talks}

    def to_dict(self) -> dict:
        return {"url": self.url, "name": self.name, **{name: getattr(self, name) for name in COUNTS},
                "talks": self.talks(), "failures": self.failures, "notes": self.notes}

    def __str__(self) -> str:
        label = f"{self.name} ({self.url})" if self.name else self.url
        line = (f"{label}: {plural(self.checked, 'URL')} checked: {self.changed} new or changed, {self.unchanged} "
                f"unchanged, {self.failed} failed")
        if self.pruned:
            line += f", {self.pruned} gone and pruned ({plural(self.pruned_talks, 'talk')} removed)"
        if self.skipped:
            line += f", {self.skipped} skipped"
        line += f"; {format_bytes(self.received)} received"
        return line + (f"; {self.summary}" if self.summary else "")


@dataclass
class RunReport:
    """All sources of one run; `total()` is the closing line, `to_dict()` the JSON object for scripts."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(report.failures for report in self.sources)

    @property
    def received(self) -> int:
        return sum(report.received for report in self.sources)

    def totals(self) -> dict:
        talks = [report.talks() for report in self.sources]
        return {"sources": len(self.sources),
                **{name: sum(getattr(report, name) for report in self.sources) for name in COUNTS},
                "talks": {name: sum(counts[name] for counts in talks) for name in ("added", "updated", "removed")}}

    def to_dict(self) -> dict:
        return {"sources": [report.to_dict() for report in self.sources], "total": self.totals()}

    def total(self) -> str:
        total = self.totals()
        talks = total["talks"]
        return (f"total: {plural(total['sources'], 'source')}, {plural(total['checked'], 'URL')} checked: "
                f"{total['changed']} new or changed, {total['unchanged']} unchanged, {total['failed']} failed, "
                f"{total['pruned']} pruned; {format_bytes(total['received'])} received; talks: {talks['added']} "
                f"added, {talks['updated']} updated, {talks['removed']} removed")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def format_bytes(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB" if size < 1024 * 1024 else \
        f"{size / 1024 / 1024:.1f} MB"
