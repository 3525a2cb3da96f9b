"""Weblog HTML in, one `Talk` per talk out. Pure functions: no index, no network.

Public interface (other packages use only these):
- `split_page(html, source, url=None) -> list[Talk]`: one page's talks;
- `read_paths(paths) -> Iterator[Page]`: walk files/folders for *.html/*.htm, one `Page` per file
  (a file that cannot be read gives a `Page` with a one-line `warning` and no talks);
- `dedupe(talks) -> list[Talk]`: one talk per id (a talk seen on a listing and on its own page).

PLACEHOLDER: a naive one-talk-per-page splitter so other stages can be built; replaced by the real ingester.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from search.model import Page, Talk

HTML_SUFFIXES = (".html", ".htm")


def split_page(html: str | bytes, source: str, url: str | None = None) -> list[Talk]:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside"]):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.body or soup
    heading = main.find(["h1", "h2"])
    title = heading.get_text(" ", strip=True) if heading else (soup.title.string if soup.title else "")
    if heading:
        heading.decompose()
    body = "\n\n".join(p.get_text(" ", strip=True) for p in main.find_all(["p", "li"]))
    if not body:
        return []
    page_url = url or Path(source).as_uri() if not url else url
    talk_id = hashlib.sha1(page_url.encode()).hexdigest()[:12]
    return [Talk(id=talk_id, title=title or "", url=page_url, source=source, body=body)]


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
        else:
            yield path


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Page]:
    for path in iter_files(paths):
        source = str(path.resolve())
        try:
            talks = split_page(path.read_bytes(), source)
        except OSError as error:
            yield Page(source=source, warning=f"{path}: cannot read ({error.strerror})")
            continue
        yield Page(source=source, talks=tuple(talks))


def dedupe(talks: Iterable[Talk]) -> list[Talk]:
    seen: dict[str, Talk] = {}
    for talk in talks:
        seen.setdefault(talk.id, talk)
    return list(seen.values())
