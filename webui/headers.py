"""Response headers every page gets: a strict Content-Security-Policy, a few safety headers, server timing.

Server-Timing holds `app` (the whole request) and, for searches, `search` (the engine's share).
"""

from __future__ import annotations

import time

from flask import Flask, g

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SAFETY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def init_app(app: Flask) -> None:
    app.before_request(start_clock)
    app.after_request(add_headers)


def start_clock() -> None:
    g.started = time.perf_counter()


def add_headers(response):
    for name, value in SAFETY.items():
        response.headers.setdefault(name, value)
    started = g.get("started")
    if started is not None:
        elapsed = (time.perf_counter() - started) * 1000
        timings = [f"app;dur={elapsed:.1f}"]
        if g.get("search_ms") is not None:
            timings.append(f"search;dur={g.search_ms:.1f}")
        response.headers["Server-Timing"] = ", ".join(timings)
        response.headers["X-Response-Time"] = f"{elapsed:.1f}ms"
    return response
