"""What fetching remembers, in files inside the index root (`ROOT/fetch/`), each written atomically:

- `sources.json`: the registered sources (URL, name, when added);
- `http.json`: per URL its ETag, Last-Modified, content hash, last status, what kind of document it was,
  which sources led to it, what it linked to (entries, and feeds or sitemaps: so a 304 feed still leads to
  its entries), and the source name its talks carry in the index; for a robots.txt, its text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from search.errors import FetchError

STATE_DIR = "fetch"
SOURCES_FILE = "sources.json"
HTTP_FILE = "http.json"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def seconds_since(stamp: str | None) -> float:
    """Seconds since an ISO timestamp made by `now()`; infinite when there is none."""
    try:
        return (dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(stamp)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")


def write_json(path: Path, data) -> None:
    """Write `data` as JSON so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_json(path: Path):
    """The JSON in `path`, None when there is no such file; `FetchError` when it is damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise FetchError(f"{path} cannot be read ({error}); fix or delete it.") from None


# --- registered sources ---


@dataclass(frozen=True)
class Source:
    """A weblog, feed or sitemap that `confsearch update` fetches."""

    url: str
    name: str | None = None
    added: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def sources_path(root: Path | str) -> Path:
    return Path(root) / STATE_DIR / SOURCES_FILE


def load_sources(root: Path | str) -> list[Source]:
    data = read_json(sources_path(root)) or []
    try:
        return [Source(url=item["url"], name=item.get("name"), added=item.get("added", "")) for item in data]
    except (TypeError, KeyError):
        raise FetchError(f"{sources_path(root)} is not a list of sources; fix or delete it.") from None


def add_source(root: Path | str, url: str, name: str | None = None) -> tuple[Source, bool]:
    """Register `url` (or rename it when already registered); returns the source and whether it is new."""
    sources = {source.url: source for source in load_sources(root)}
    old = sources.get(url)
    sources[url] = replace(old, name=name or old.name) if old else Source(url=url, name=name, added=now())
    write_json(sources_path(root), [source.to_dict() for source in sources.values()])
    return sources[url], old is None


def remove_source(root: Path | str, url: str) -> bool:
    """Unregister `url`; False when it was not registered. Its talks stay in the index."""
    sources = load_sources(root)
    kept = [source.to_dict() for source in sources if source.url != url]
    if len(kept) < len(sources):
        write_json(sources_path(root), kept)
    return len(kept) < len(sources)


# --- per-URL HTTP state ---


@dataclass(frozen=True)
class UrlState:
    """What the last successful fetch of one URL told us."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    status: int | None = None
    kind: str = "page"
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    nested: tuple[str, ...] = ()
    indexed_as: str | None = None
    talks: int = 0
    fetched: str | None = None
    checked: str | None = None
    text: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> UrlState:
        lists = {name: tuple(data.get(name, ())) for name in ("sources", "links", "nested")}
        return cls(**{**data, **lists})

    def seen_from(self, source: str) -> UrlState:
        return self if source in self.sources else replace(self, sources=(*self.sources, source))


class HttpState:
    """The per-URL states of one index root; thread-safe; `save()` writes them all atomically."""

    def __init__(self, root: Path | str):
        self.path = Path(root) / STATE_DIR / HTTP_FILE
        data = read_json(self.path) or {}
        try:
            self._states = {url: UrlState.from_dict(item) for url, item in data.items()}
        except (TypeError, AttributeError):
            raise FetchError(f"{self.path} is not a fetch state file; fix or delete it.") from None
        self._lock = threading.Lock()

    def get(self, url: str) -> UrlState | None:
        with self._lock:
            return self._states.get(url)

    def put(self, state: UrlState) -> None:
        with self._lock:
            self._states[state.url] = state

    def forget(self, url: str) -> None:
        with self._lock:
            self._states.pop(url, None)

    def pages_from(self, source: str) -> list[UrlState]:
        """The pages indexed from `source` (for --prune: they may have gone)."""
        with self._lock:
            return [state for state in self._states.values()
                    if state.kind == "page" and state.indexed_as and source in state.sources]

    def forget_missing(self, indexed: set[str]) -> None:
        """Forget what we know of pages whose talks are not in the index any more (it was rebuilt, or
        deleted), so they are downloaded again."""
        with self._lock:
            for state in list(self._states.values()):
                if state.talks and state.indexed_as and state.indexed_as not in indexed:
                    self._states[state.url] = replace(state, etag=None, last_modified=None, content_hash=None,
                                                      checked=None)

    def save(self) -> None:
        with self._lock:
            data = {url: asdict(state) for url, state in sorted(self._states.items())}
        write_json(self.path, data)
