"""A polite HTTP client: one GET at a time per call, with the limits a well-behaved crawler keeps.

User-Agent naming confsearch, robots.txt (see `robots.py`), at most `per_host` requests in flight per host
and `delay` seconds between two requests to one host, connect and read timeouts, a body size cap, a
redirect limit, http and https only, conditional requests. Built on `http.client` so every byte received
is counted (`Response.received`). Failures raise `FetchError` with one sentence naming the URL.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

from search import __version__
from search.errors import FetchError

SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
SAFE_CHARACTERS = "/%:@!$&'()*+,;=~-._"


@dataclass(frozen=True)
class Settings:
    """How politely and how patiently to fetch. `from_env` reads CONFSEARCH_FETCH_* overrides."""

    user_agent: str = f"confsearch/{__version__} (full-text search over conference notes)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host: int = 2
    delay: float = 0.5
    workers: int = 4
    max_entries: int = 1000
    recheck_after: float = 24 * 3600

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        overrides = {}
        numbers = {"delay": float, "connect_timeout": float, "read_timeout": float, "total_timeout": float,
                   "max_bytes": int, "per_host": int, "workers": int, "recheck_after": float}
        for name, convert in numbers.items():
            value = environ.get(f"CONFSEARCH_FETCH_{name.upper()}")
            if value:
                try:
                    overrides[name] = convert(value)
                except ValueError:
                    raise FetchError(f"CONFSEARCH_FETCH_{name.upper()}={value!r} is not a number.") from None
        return cls(**overrides)


@dataclass(frozen=True)
class Response:
    """What the server answered (after redirects): final URL, status, headers (lower-case names), body."""

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


def check_url(url: str) -> str:
    """The URL itself when it is an absolute http(s) URL, else `FetchError` with one sentence."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{url}: only http and https URLs can be fetched.")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host name.")
    return url


def request_target(parts) -> str:
    """Path and query for the request line, non-ASCII characters (IRIs in feeds) percent-encoded."""
    path = quote(parts.path or "/", safe=SAFE_CHARACTERS)
    return path + ("?" + quote(parts.query, safe=SAFE_CHARACTERS + "?") if parts.query else "")


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
    """Fetches URLs politely. `allowed(url)` is the robots.txt check (always true when not given)."""

    def __init__(self, settings: Settings | None = None, allowed: Callable[[str], bool] | None = None):
        self.settings = settings or Settings()
        self.allowed = allowed or (lambda url: True)
        self.gate = HostGate(self.settings.per_host, self.settings.delay)
        self._received = 0
        self._lock = threading.Lock()

    @property
    def received(self) -> int:
        """Bytes received so far (status lines, headers and bodies as sent on the wire)."""
        return self._received

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = True) -> Response:
        """GET `url`, following redirects; a 4xx/5xx is returned, not raised (the caller decides)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = []
        while True:
            check_url(url)
            if check_robots and not self.allowed(url):
                raise FetchError(f"{url}: robots.txt does not allow confsearch to fetch it.")
            seen.append(url)
            response = self._request(url, headers)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return response
            url = urljoin(url, location.strip())
            if url in seen:
                raise FetchError(f"{seen[0]}: redirect loop ({url} redirects back to itself).")
            if len(seen) > self.settings.max_redirects:
                raise FetchError(f"{seen[0]}: more than {self.settings.max_redirects} redirects.")
            headers = {}

    def _request(self, url: str, extra_headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        self.gate.enter(host)
        try:
            return self._exchange(url, parts, extra_headers)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"{url}: no answer within {self.settings.read_timeout:g} s.") from None
        except socket.gaierror:
            raise FetchError(f"{url}: host {host} not found.") from None
        except ConnectionRefusedError:
            raise FetchError(f"{url}: connection refused.") from None
        except ssl.SSLError as error:
            raise FetchError(f"{url}: TLS error ({error.reason or error}).") from None
        except http.client.IncompleteRead:
            raise FetchError(f"{url}: the connection closed before the whole body arrived.") from None
        except zlib.error:
            raise FetchError(f"{url}: the compressed body is damaged.") from None
        except (http.client.HTTPException, OSError, UnicodeError) as error:
            raise FetchError(f"{url}: {error.__class__.__name__} ({error}).") from None
        finally:
            self.gate.leave(host)

    def _exchange(self, url: str, parts, extra_headers: dict[str, str]) -> Response:
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.settings.connect_timeout)
        try:
            try:
                connection.connect()
            except TimeoutError:
                raise FetchError(f"{url}: could not connect within {self.settings.connect_timeout:g} s.") from None
            connection.sock.settimeout(self.settings.read_timeout)
            path = request_target(parts)
            headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip", **extra_headers}
            connection.request("GET", path, headers=headers)
            raw = connection.getresponse()
            head = {name.lower(): value for name, value in raw.getheaders()}
            head_size = len(raw.reason) + 15 + sum(len(k) + len(v) + 4 for k, v in raw.getheaders()) + 2
            body, wire = self._read_body(url, raw, head)
            self._count(head_size + wire)
            return Response(url=url, status=raw.status, headers=head, body=body, received=head_size + wire)
        finally:
            connection.close()

    def _read_body(self, url: str, raw: http.client.HTTPResponse, head: dict[str, str]) -> tuple[bytes, int]:
        limit = self.settings.max_bytes
        length = head.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise FetchError(f"{url}: the response is larger than {limit:,} bytes; not downloaded.")
        gzipped = head.get("content-encoding", "").lower() in ("gzip", "x-gzip")
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        chunks, size, wire = [], 0, 0
        deadline = time.monotonic() + self.settings.total_timeout
        while chunk := raw.read(CHUNK):
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: the download took longer than {self.settings.total_timeout:g} s; stopped.")
            wire += len(chunk)
            if inflater:
                chunk = inflater.decompress(chunk, limit + 1 - size)
            size += len(chunk)
            if size > limit or wire > limit:
                raise FetchError(f"{url}: the response is larger than {limit:,} bytes; download stopped.")
            chunks.append(chunk)
        if raw.length:
            raise http.client.IncompleteRead(b"", raw.length)
        return b"".join(chunks), wire

    def _count(self, size: int) -> None:
        with self._lock:
            self._received += size
