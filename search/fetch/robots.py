"""robots.txt (RFC 9309): 2xx rules apply, other 4xx allow everything, a 5xx or an unreachable robots.txt
means the host is skipped in this run. Read once per host per run, and kept for a day between runs when a
`RobotsStore` is given (RFC 9309 allows caching for up to 24 hours)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from search.errors import FetchError
from search.fetch.http import Response
from search.fetch.state import RobotsStore

PRODUCT = "confsearch"


def parse_robots(response: Response) -> RobotFileParser:
    """The rules a readable robots.txt response (2xx, or 4xx: no rules) gives."""
    parser = RobotFileParser()
    if 200 <= response.status < 300:
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
    else:
        parser.allow_all = True
    return parser


class Robots:
    """Answers `allowed(url)`, fetching each origin's robots.txt once with `get(url) -> Response`."""

    def __init__(self, get: Callable[[str], Response], store: RobotsStore | None = None):
        self._get = get
        self._store = store
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, RobotFileParser | str] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets confsearch fetch `url`; `FetchError` when it could not be read (5xx or
        no answer), so the host is skipped in this run."""
        rules = self._rules_for(url)
        if isinstance(rules, str):
            raise FetchError(f"{url}: robots.txt could not be read ({rules}); the host is skipped this time.")
        return rules.can_fetch(PRODUCT, url)

    def _rules_for(self, url: str) -> RobotFileParser | str:
        """The origin's rules, or why its robots.txt could not be read."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._rules:
                response = self._store.recall(origin) if self._store else None
                self._rules[origin] = self._read(origin, response)
            return self._rules[origin]

    def _read(self, origin: str, response: Response | None) -> RobotFileParser | str:
        if response is None:
            try:
                response = self._get(origin + "/robots.txt")
            except FetchError as error:
                return str(error).removeprefix(origin + "/robots.txt: ").rstrip(".")
            if response.status >= 500:
                return f"HTTP {response.status}"
            if self._store:
                self._store.keep(origin, response)
        return parse_robots(response)
