"""A polite HTTP client on httpx: the limits a well-behaved crawler keeps, and one sentence for each failure.

httpx speaks HTTP (connections, TLS, chunking, gzip, non-ASCII URLs, proxies); this module adds the policy:
the User-Agent naming confsearch, robots.txt for every URL of a redirect chain, at most `per_host` requests
in flight per host started `delay` seconds apart, a body size cap and a total time limit checked while the
body arrives, a redirect limit, http and https only, conditional requests. Failures raise `FetchError`
with one sentence naming the URL.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from search.errors import FetchError
from search.fetch.settings import Settings, check_url
from search.fetch.state import HttpState, UrlState, now, seconds_since

GZIP_MAGIC = b"\x1f\x8b"
PRODUCT = "confsearch"
ROBOTS_MAX_AGE = 24 * 3600  # RFC 9309 allows a robots.txt to be cached for up to 24 hours
ROBOTS_MAX_TEXT = 512 * 1024


@dataclass(frozen=True)
class Response:
    """What the server answered (after redirects): final URL, status, headers (lower-case names), body
    (decoded), and the bytes received for it."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    received: int = 0

    @property
    def content_type(self) -> str:
        return self._parsed_type().get_content_type()

    @property
    def charset(self) -> str | None:
        return self._parsed_type().get_param("charset")

    def _parsed_type(self) -> Message:
        message = Message()
        message["content-type"] = self.headers.get("content-type", "application/octet-stream")
        return message


class HostGate:
    """At most `per_host` requests in flight per host, and `delay` seconds between request starts."""

    def __init__(self, per_host: int, delay: float):
        self.per_host = per_host
        self.delay = delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def enter(self, host: str) -> None:
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        slot.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self.delay
        if start > now:
            time.sleep(start - now)

    def leave(self, host: str) -> None:
        self._slots[host].release()


class Client:
    """Fetches URLs politely; with `robots`, only what robots.txt allows (its answers kept in `state`, when
    given, for the next runs). `received` counts the bytes received (as they came over the wire)."""

    def __init__(self, settings: Settings | None = None, robots: bool = False,
                 state: HttpState | None = None):
        self.settings = settings or Settings()
        self.robots, self.state = robots, state
        self.gate = HostGate(self.settings.per_host, self.settings.delay)
        timeout = httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout)
        self.http = httpx.Client(headers={"User-Agent": self.settings.user_agent}, timeout=timeout)
        self.received = 0
        self._lock = threading.Lock()
        self._robots: dict[str, Protego | str] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = True) -> Response:
        """GET `url`, following redirects (the validators go along: they belong to the final URL); a 4xx/5xx
        is returned, not raised (the caller decides)."""
        validators = (("If-None-Match", etag), ("If-Modified-Since", last_modified))
        headers = {name: value for name, value in validators if value}
        seen = []
        while True:
            check_url(url)
            if self.robots and check_robots and not self.allowed(url):
                raise FetchError(f"{url}: robots.txt does not allow confsearch to fetch it.")
            seen.append(url)
            response = self._request(url, headers)
            location = response.headers.get("location")
            if not 300 <= response.status < 400 or response.status == 304 or not location:
                return response
            url = urljoin(url, location.strip())
            if url in seen:
                raise FetchError(f"{seen[0]}: redirect loop ({url} redirects back to itself).")
            if len(seen) > self.settings.max_redirects:
                raise FetchError(f"{seen[0]}: more than {self.settings.max_redirects} redirects.")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets confsearch fetch `url`; `FetchError` when it could not be read (a 5xx or no
        answer), so the host is skipped in this run. Each origin's robots.txt is read once, by one thread."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        with self._lock:
            origin_lock = self._robots_locks.setdefault(robots_url, threading.Lock())
        with origin_lock:
            if robots_url not in self._robots:
                self._robots[robots_url] = self._read_robots(robots_url)
        rules = self._robots[robots_url]
        if isinstance(rules, str):
            raise FetchError(f"{url}: robots.txt could not be read ({rules}); the host is skipped this time.")
        return rules.can_fetch(url, PRODUCT)

    def _read_robots(self, url: str) -> Protego | str:
        """The rules (RFC 9309, wildcards included: a 2xx answer's; any other 4xx allows everything), from the
        state when read less than a day ago; else why robots.txt could not be read."""
        known = self.state.get(url) if self.state else None
        if not (known and known.text is not None and seconds_since(known.fetched) < ROBOTS_MAX_AGE):
            try:
                response = self.get(url, check_robots=False)
            except FetchError as error:
                return str(error).removeprefix(url + ": ").rstrip(".")
            if response.status >= 500:
                return f"HTTP {response.status}"
            rules = response.body[:ROBOTS_MAX_TEXT] if response.status < 300 else b""
            known = UrlState(url=url, kind="robots", status=response.status, fetched=now(),
                             text=rules.decode("utf-8", errors="replace"))
            if self.state:
                self.state.put(known)
        return Protego.parse(known.text)

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).hostname or ""
        self.gate.enter(host)
        try:
            with self.http.stream("GET", url, headers=headers) as answer:
                body = self._read_body(url, answer)
                headers_size = sum(len(name) + len(value) + 4 for name, value in answer.headers.raw)
                received = answer.num_bytes_downloaded + headers_size
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise self._failure(url, host, error) from None
        finally:
            self.gate.leave(host)
        with self._lock:
            self.received += received
        return Response(url=url, status=answer.status_code, headers=dict(answer.headers), body=body,
                        received=received)

    def _read_body(self, url: str, answer: httpx.Response) -> bytes:
        """The decoded body, stopped above `max_bytes` or after `total_timeout` seconds; a body that is
        itself gzip (a sitemap.xml.gz) is unpacked within the same cap."""
        limit, body = self.settings.max_bytes, bytearray()
        deadline = time.monotonic() + self.settings.total_timeout
        for chunk in answer.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError(f"{url}: the response is larger than {limit:,} bytes; download stopped.")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: the download took longer than {self.settings.total_timeout:g} s; "
                                 "stopped.")
        if not body.startswith(GZIP_MAGIC):
            return bytes(body)
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit + 1)
        except zlib.error:
            raise FetchError(f"{url}: the compressed body is damaged.") from None
        if len(body) > limit:
            raise FetchError(f"{url}: the response is larger than {limit:,} bytes; download stopped.")
        return body

    def _failure(self, url: str, host: str, error: Exception) -> FetchError:
        """One sentence for what went wrong below HTTP."""
        text = str(error)
        lowered = text.lower()
        if isinstance(error, httpx.ConnectTimeout):
            reason = f"could not connect within {self.settings.connect_timeout:g} s"
        elif isinstance(error, httpx.TimeoutException):
            reason = f"no answer within {self.settings.read_timeout:g} s"
        elif "refused" in lowered:
            reason = "connection refused"
        elif isinstance(error, httpx.ConnectError) and ("name" in lowered or "resolution" in lowered):
            reason = f"host {host} not found"
        elif isinstance(error, httpx.RemoteProtocolError) and "peer closed" in text:
            reason = "the connection closed before the whole body arrived"
        elif isinstance(error, httpx.DecodingError):
            reason = "the compressed body is damaged"
        else:
            reason = f"{error.__class__.__name__} ({text or 'no detail'})"
        return FetchError(f"{url}: {reason}.")
