"""robots.txt (RFC 9309): 2xx rules apply, other 4xx allow everything, a 5xx or an unreachable robots.txt
means the host is skipped in this run. Read once per host per run, and kept for a day between runs in the
per-URL state when one is given (RFC 9309 allows caching for up to 24 hours)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from search.errors import FetchError
from search.fetch.http import Response
from search.fetch.state import HttpState, UrlState, now, seconds_since

PRODUCT = "confsearch"
MAX_AGE = 24 * 3600
MAX_TEXT = 512 * 1024


class Robots:
    """Answers `allowed(url)`, fetching each origin's robots.txt once with `get(url) -> Response`."""

    def __init__(self, get: Callable[[str], Response], state: HttpState | None = None, max_age: float = MAX_AGE):
        self._get, self._state, self._max_age = get, state, max_age
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, RobotFileParser | str] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets confsearch fetch `url`; `FetchError` when it could not be read (5xx or
        no answer), so the host is skipped in this run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._rules:
                self._rules[origin] = self._read(origin + "/robots.txt")
            rules = self._rules[origin]
        if isinstance(rules, str):
            raise FetchError(f"{url}: robots.txt could not be read ({rules}); the host is skipped this time.")
        return rules.can_fetch(PRODUCT, url)

    def _read(self, url: str) -> RobotFileParser | str:
        """The rules, from the state when read less than `max_age` ago; else why robots.txt could not be read."""
        known = self._state.get(url) if self._state else None
        if not (known and known.text is not None and seconds_since(known.fetched) < self._max_age):
            try:
                response = self._get(url)
            except FetchError as error:
                return str(error).removeprefix(url + ": ").rstrip(".")
            if response.status >= 500:
                return f"HTTP {response.status}"
            known = UrlState(url=url, kind="robots", status=response.status, fetched=now(),
                             text=response.body[:MAX_TEXT].decode("utf-8", errors="replace"))
            if self._state:
                self._state.put(known)
        parser = RobotFileParser()
        if 200 <= known.status < 300:
            parser.parse(known.text.splitlines())
        else:
            parser.allow_all = True
        return parser
