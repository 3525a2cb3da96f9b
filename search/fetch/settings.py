"""How politely and how patiently to fetch (`Settings`), and which URLs may be fetched at all (`check_url`).
Light on purpose: the command line checks URLs without loading the HTTP client."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from search import __version__
from search.errors import FetchError

SCHEMES = ("http", "https")


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


def check_url(url: str) -> str:
    """The URL itself when it is an absolute http(s) URL, else `FetchError` with one sentence."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"{url}: only http and https URLs can be fetched.")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host name.")
    return url
