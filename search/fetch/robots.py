"""robots.txt (RFC 9309): 2xx rules apply, other 4xx allow everything, a 5xx or an unreachable robots.txt
disallows the host for this run. Read once per host per run, and kept for a day between runs when a
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


def parse_robots(response: Response | None) -> RobotFileParser:
    """The rules a robots.txt response gives; `None` (unreachable) disallows everything."""
    parser = RobotFileParser()
    if response is None or response.status >= 500:
        parser.disallow_all = True
    elif 200 <= response.status < 300:
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
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(PRODUCT, url)

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._parsers:
                response = self._store.recall(origin) if self._store else None
                if response is None:
                    response = self._fetch(origin)
                self._parsers[origin] = parse_robots(response)
            return self._parsers[origin]

    def _fetch(self, origin: str) -> Response | None:
        try:
            response = self._get(origin + "/robots.txt")
        except FetchError:
            return None
        if self._store and response.status < 500:
            self._store.keep(origin, response)
        return response
