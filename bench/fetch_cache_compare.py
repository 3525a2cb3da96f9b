"""How much an unchanged second fetch of a weblog transfers: an RFC 9111 HTTP cache on httpx (hishel, SQLite
storage) against confsearch's own per-URL state (ETag / Last-Modified / content hash in DIR/fetch/http.json).

Not part of `make bench`: hishel is not a dependency. Run it with
    .venv/bin/pip install 'hishel[httpx]>=2,<3' && .venv/bin/python bench/fetch_cache_compare.py
It serves a 20-post weblog (tests/weblog.py) on 127.0.0.1, twice: with ETag and Last-Modified only, then
also with `Cache-Control: no-store, no-cache, must-revalidate` (what PHP sends with a session); each time it
GETs the feed and every post twice through each approach and prints what the server sent.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hishel  # noqa: E402
from hishel.httpx import CacheClient  # noqa: E402

from search.fetch.settings import Settings  # noqa: E402
from search.fetch.update import update_sources  # noqa: E402
from tests.fetchserver import FetchServer  # noqa: E402
from tests.weblog import Weblog  # noqa: E402

VARIANTS = {"ETag + Last-Modified": {},
            "also Cache-Control: no-store": {"Cache-Control": "no-store, no-cache, must-revalidate"}}


def twice(server: FetchServer, run) -> list[int]:
    sent = []
    for _ in range(2):
        server.reset_counts()
        run()
        sent.append(server.sent)
    return sent


def with_hishel(server, urls, folder: Path, revalidate: bool) -> list[int]:
    headers = {"Cache-Control": "no-cache"} if revalidate else {}

    def run():
        with CacheClient(storage=hishel.SqliteStorage(database_path=str(folder / "cache.db")), rfc=True) as client:
            for url in urls:
                client.get(url, headers=headers).read()
    return twice(server, run)


def line(name: str, sent: list[int], folder: Path) -> str:
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    return (f"  {name:<46} first {sent[0]:>7,} B, second {sent[1]:>7,} B ({100 * sent[1] / sent[0]:5.1f} %); "
            f"kept on disk {size:,} B")


def main() -> None:
    for variant, headers in VARIANTS.items():
        server = FetchServer()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        weblog = Weblog(server, count=20)
        for route in server.routes.values():
            route.headers.update(headers)
        urls = [server.url("/weblog/feed.xml")] + [server.url(weblog.post_path(post)) for post in weblog.posts]
        print(f"{variant}: the feed and {len(weblog.posts)} posts")
        for name, revalidate in (("hishel, RFC 9111", False), ("hishel, RFC 9111, request no-cache", True)):
            folder = Path(tempfile.mkdtemp())
            print(line(name, with_hishel(server, urls, folder, revalidate), folder))
        folder = Path(tempfile.mkdtemp())
        settings = Settings(delay=0, recheck_after=0)  # every post asked for again, as hishel does
        sent = twice(server, lambda: update_sources(folder, [(urls[0], None)], settings=settings))
        print(line("per-URL state (update, posts rechecked)", sent, folder / "fetch"))
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
