"""What a fetch/update run did: per source and in total, as plain data (`to_dict()` is the JSON object
`update --json` prints; the CLI turns it into lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.fetch.state import UrlState
from search.model import Page

COUNTS = ("checked", "changed", "unchanged", "failed", "skipped", "pruned", "received")
TALKS = ("added", "updated", "removed")


@dataclass
class SourceReport:
    """What updating one source did; `pages`, `gone` and `pending` wait to be committed at its end."""

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

    def to_dict(self) -> dict:
        """The counts, the talks added, updated and removed (pruned ones included), failures and notes."""
        talks = {name: getattr(self.summary, name, 0) for name in TALKS}
        talks["removed"] += self.pruned_talks
        return {"url": self.url, "name": self.name, **{name: getattr(self, name) for name in COUNTS},
                "talks": talks, "failures": self.failures, "notes": self.notes}


@dataclass
class RunReport:
    """All sources of one run."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(report.failures for report in self.sources)

    @property
    def received(self) -> int:
        return sum(report.received for report in self.sources)

    def to_dict(self) -> dict:
        """One object per source, and a total with the same counts summed over them."""
        sources = [report.to_dict() for report in self.sources]
        total = {name: sum(source[name] for source in sources) for name in COUNTS}
        talks = {name: sum(source["talks"][name] for source in sources) for name in TALKS}
        return {"sources": sources, "total": {"sources": len(sources), **total, "talks": talks}}
