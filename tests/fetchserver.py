"""A real HTTP server on 127.0.0.1 for the fetch tests: routes with controllable status, headers, bodies,
validators (ETag / Last-Modified answered with 304), redirects, truncated bodies, responses that block
until the test releases them, and a mode where it starts failing (500) after a number of requests. It
records every request and counts every byte it sends."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    block: threading.Event | None = None
    truncate: bool = False


class CountingWriter:
    def __init__(self, stream, server):
        self.stream, self.server = stream, server

    def write(self, data):
        with self.server.lock:
            self.server.sent += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class Handler(BaseHTTPRequestHandler):
    server: FetchServer

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile, self.server)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        with self.server.lock:
            self.server.requests.append((self.path, dict(self.headers)))
            failing = self.server.fail_after is not None and len(self.server.requests) > self.server.fail_after
        route = self.server.routes.get(self.path) or Route(b"not found", 404)
        if failing:
            route = Route(b"Internal Server Error", 500)
        if route.block is not None:
            route.block.wait(timeout=60)
        try:
            self.answer(route)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def answer(self, route: Route):
        if self.headers.get("If-None-Match"):  # RFC 9110: then If-Modified-Since is ignored
            fresh = self.headers["If-None-Match"] == route.etag
        else:
            fresh = route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        self.send_response(304 if fresh else route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        if fresh:
            self.end_headers()
            return
        length = len(route.body) * (2 if route.truncate else 1)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(route.body)


class FetchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.events: list[threading.Event] = []
        self.fail_after: int | None = None  # every request after this many answers 500

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def add(self, path: str, body: bytes | str = b"", content_type: str = "text/html; charset=utf-8",
            **options) -> Route:
        body = body.encode() if isinstance(body, str) else body
        headers = {"Content-Type": content_type, **options.pop("headers", {})} if content_type else \
            options.pop("headers", {})
        route = Route(body=body, headers=headers, **options)
        self.routes[path] = route
        return route

    def blocking(self, path: str) -> Route:
        """A route that answers only when the test ends (its Event is set at teardown)."""
        event = threading.Event()
        self.events.append(event)
        return self.add(path, "<html><body><p>late</p></body></html>", block=event)

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _ in self.requests]

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.sent = 0

    def stop(self) -> None:
        for event in self.events:
            event.set()
        self.shutdown()
        self.server_close()
