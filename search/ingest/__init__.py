"""Weblog HTML in, one `Talk` per talk out. Pure functions: no index, no network.

Public interface (other packages use only these):
- `split_page(html, source, url=None, charset=None) -> list[Talk]`: one page's talks;
- `read_paths(paths) -> Iterator[Page]`: walk files/folders for *.html/*.htm, one `Page` per file
  (a file that cannot be read gives a `Page` with a one-line `warning` and no talks);
- `dedupe(talks) -> list[Talk]`: one talk per id (a talk seen on a listing and on its own page), and
  one per title+body fingerprint when the same notes appear without a shared permalink.

The pipeline, one module per stage: `decode` (bytes -> str), `tables` (a table of talks as headings),
`content` (main area -> blocks, chrome dropped; `talklines`: one-line "Title - Speaker" paragraphs, list
items and two-line titles as headings), `pageinfo` (canonical URL, titles, breadcrumbs, meta dates),
`boundaries` (where talks start and end), `speakers` with `openers` (a talk's opening lines) and
`metadata` (speaker/title, date/conference/tags), `nameheads` (a "## NAME" or "## Speaker" sub-heading
under the title), `dashorder` (which side of "A - B" headings names the speaker, page-wide),
`frontmatter` (a Jekyll note's "title:/speaker:" paragraph), `assemble` (-> `Talk`); `hints` (speakers
named only by a folder's index page), `folderindex` (an index page that only lists its folder's talks).
"""

from __future__ import annotations

import os
import re
from itertools import groupby
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from search.ingest.assemble import build_talks, is_site_page
from search.ingest.boundaries import find_spans
from search.ingest.chrome import find_main
from search.ingest.content import blocks_of, parse
from search.ingest.decode import MAX_BYTES, UnreadablePage, decode
from search.ingest.evidence import on_page
from search.ingest.folder import NO_FOLDER, Folder, folder_of
from search.ingest.folderindex import without_listings
from search.ingest.hints import index_hints, with_hints
from search.ingest.pageinfo import page_info
from search.ingest.tables import with_talk_tables
from search.ingest.talklines import with_talk_lines
from search.model import Page, Talk

__all__ = ["UnreadablePage", "dedupe", "read_paths", "split_page"]

HTML_SUFFIXES = (".html", ".htm")


def split_page(html: str | bytes, source: str, url: str | None = None, charset: str | None = None,
               folder: Folder = NO_FOLDER) -> list[Talk]:
    """The talks on one page. Never raises on bad HTML; binary or huge input raises `UnreadablePage`.
    `folder`: what the event's index page beside it says (see `folder_of`)."""
    with on_page(source):
        return split_document(decode(html, charset), source, url, folder)


def split_document(text: str, source: str, url: str | None, folder: Folder) -> list[Talk]:
    root = parse(text)
    if root is None:
        return []
    info = page_info(root, source, url)
    main = find_main(root)
    with_talk_tables(main)
    blocks = with_talk_lines(blocks_of(main, info.canonical or info.base))
    if is_site_page(info, blocks, source):
        return []
    spans = find_spans(blocks, info.canonical or info.base)
    return build_talks(blocks, spans, info, source, folder)


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files as given; a folder's HTML files folder by folder (each folder's files together)."""
    for path in map(Path, paths):
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
            yield from sorted(found, key=lambda p: (p.parent, p.name))
        else:
            yield path


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Page]:
    """One `Page` per file; a file that cannot be read or split gets a one-line warning naming it.

    A folder's pages are read together, so that speakers its index page names ("Title - NAME") reach
    the talks whose own pages do not name them (see `hints`), and an index page that only lists the
    folder's talks gives none itself (see `folderindex`)."""
    for _, files in groupby(iter_files(paths), key=lambda p: p.parent):
        files = list(files)
        folders = [folder_of(path) for path in files]
        pages = without_listings([read_file(path, str(path.resolve()), folder) for path, folder in zip(files, folders)])
        hints = folder_hints(pages)
        yield from (with_hints(page, folder.hints | hints) for page, folder in zip(pages, folders))


def folder_hints(pages: list[Page]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The speaker hints of a folder's index pages (pages read without warning that gave no talks)."""
    hints: dict[str, tuple[str, tuple[str, ...]]] = {}
    if not any(page.talks and not all(t.speakers for t in page.talks) for page in pages):
        return hints  # (nothing to give them to)
    for page in pages:
        if page.ok and not page.talks:
            try:
                hints.update(index_hints(Path(page.source).read_bytes(), page.source))
            except (OSError, UnreadablePage, RecursionError):
                continue  # (an index page that cannot be read again gives no hints)
    return hints


def read_file(path: Path, source: str, folder: Folder = NO_FOLDER) -> Page:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Page(source, warning=f"{path}: skipped, too large ({size // (1024 * 1024)} MB; the limit is 20 MB)")
        data = path.read_bytes()
    except OSError as error:
        return Page(source, warning=f"{path}: cannot read ({error.strerror or error})")
    if not data.strip():
        return Page(source, warning=f"{path}: skipped, the file is empty")
    try:
        talks = split_page(data, source, folder=folder)
    except UnreadablePage as error:
        return Page(source, warning=f"{path}: skipped, {error}")
    except RecursionError:
        return Page(source, warning=f"{path}: skipped, the page is nested too deeply to read")
    return Page(source, talks=tuple(talks))


def dedupe(talks: Iterable[Talk]) -> list[Talk]:
    """One talk per id, then per title+body fingerprint; the richest copy wins, first-seen order kept."""
    by_key: dict[str, Talk] = {}
    alias: dict[str, str] = {}
    for talk in talks:
        key = alias.get(talk.id) or alias.get(fingerprint(talk)) or talk.id
        alias[talk.id] = alias[fingerprint(talk)] = key
        current = by_key.get(key)
        by_key[key] = talk if current is None or richness(talk) > richness(current) else current
    return list(by_key.values())


def fingerprint(talk: Talk) -> str:
    words = re.sub(r"\W+", " ", f"{talk.title} {talk.body[:120]}".lower()).split()
    return "fp:" + " ".join(words)


def richness(talk: Talk) -> tuple:
    """Own-page copies first (read from the page the permalink names), then the better-described one."""
    return (
        read_from_permalink(talk),
        "#" not in talk.url,
        bool(talk.speakers),
        talk.date is not None,
        bool(talk.conference),
        len(talk.body),
    )


def read_from_permalink(talk: Talk) -> bool:
    """Was this copy read from the page its permalink names (same URL, or a file saved under its name)?"""
    return bool(page_name(talk.url)) and page_name(talk.url) == page_name(talk.source)


def page_name(location: str) -> str:
    """".../2013/03/16/slug/", ".../slug.html", ".../slug/index.html" -> "slug"."""
    path = PurePosixPath(urlsplit(location).path if "://" in location else location)
    if path.stem.lower() == "index":
        path = path.parent
    return path.stem if path.suffix.lower() in HTML_SUFFIXES else path.name
