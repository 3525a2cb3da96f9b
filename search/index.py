"""Writing the live index: incremental updates, full rebuilds and reindexing, one locked session at a time.

Incremental updates commit into the live generation (in batches for large runs: each commit is a complete
state, so a killed run leaves the last one). A full rebuild writes a new generation beside the live one and
swaps it in (see `search.generations`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import whoosh.index

from search.fields import fields_from_talk, sources_of, talk_from_fields
from search.generations import (
    GEN_PREFIX,
    clean_generations,
    create_generation,
    live_dir,
    live_token,
    open_folder,
    swap,
    write_directory,
    write_errors,
    write_lock,
)
from search.errors import IndexCorrupt
from search.ingest import dedupe, read_paths
from search.model import Page, Talk
from search.schema import with_word_cache
from search.segments import commit_with, runs, write_segment
from search.sourcefiles import FileRecord, digest, html_files, is_url, load_records, save_records
from search.stats import known_sources
from search.storage import FENCE_NAME
from search.workers import Workers, worker_count

BATCH_ENV = "CONFSEARCH_BATCH_TALKS"
# Talks per commit. Each commit writes a segment and Whoosh's merge policy leaves large ones alone, while a
# query pays per segment (most of a 10,000-talk search went to per-segment set-up with 5 segments of 2,000);
# one segment per 10,000 talks also indexed faster (4,000 talks: 31.4 s in one commit, 36.6 s in two).
DEFAULT_BATCH_TALKS = 10_000
WRITER_LIMIT_MB = 128  # the sort pool: larger spills fewer runs to disk, smaller holds less in memory
# Below these, work stays in this process: starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 50  # pages to read and split
PARALLEL_MIN_TALKS = 1_000  # talks to write in one commit (then one segment per worker)
PAGES_AHEAD = 8  # pages read ahead per worker (what waits in memory while this process is busy)

Progress = Callable[[int, "int | None"], None]
"""Called after each page with (pages done, pages in total or None when unknown)."""


# --- summaries ------------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@dataclass
class UpdateSummary:
    """What one indexing run did. `str()` is the one summary line the CLI prints."""

    pages: int = 0
    talks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        line = (f"{_plural(self.pages, 'page')}, {_plural(self.talks, 'talk')}: {self.added} added, "
                f"{self.updated} updated, {self.removed} removed, {self.unchanged} unchanged in {self.seconds:.1f} s")
        if self.failed:
            line += f" ({_plural(self.failed, 'page')} could not be read)"
        return line


@dataclass
class ReindexSummary:
    """A reindex: the update itself, the files found gone (their talks removed), the web sources skipped."""

    summary: UpdateSummary
    gone: list[str] = field(default_factory=list)
    skipped_urls: list[str] = field(default_factory=list)


# --- one writing session over a generation ---------------------------------------------------------


class _Session:
    """Applies pages to one index, buffering a batch of changes and committing it as one complete state.

    `pending` maps talk id -> new fields (None = delete) not yet committed; lookups see pending first, then
    the last commit. File records are saved only after the commit that holds their talks.
    """

    def __init__(self, ix: whoosh.index.Index, folder: Path, batch_talks: int, workers: Workers):
        self.ix = ix
        self.folder = folder
        self.batch_talks = batch_talks
        self.workers = workers
        self.searcher = ix.searcher()
        self.pending: dict[str, dict | None] = {}
        self.committed: set[str] = set()  # pending ids that exist in the last commit
        self.pending_by_source: dict[str, set[str]] = {}
        self.records = load_records(folder)
        self.staged_records: dict[str, FileRecord | None] = {}
        self.first_hash: dict[str, str | None] = {}  # id -> content hash before this run (None = new)
        self.final_hash: dict[str, str | None] = {}
        self.seen: set[str] = set()  # ids found on the pages read in this run
        self.summary = UpdateSummary()

    def close(self) -> None:
        self.searcher.close()

    # lookups

    def current(self, talk_id: str) -> dict | None:
        if talk_id in self.pending:
            return self.pending[talk_id]
        return self.searcher.document(id=talk_id)

    def ids_with_source(self, source: str) -> set[str]:
        """Ids of talks that may hold `source` (a superset: callers check the talk's current sources)."""
        ids = {fields["id"] for fields in self.searcher.documents(sources=source)}
        return ids | self.pending_by_source.get(source, set())

    # changes

    def put(self, talk_id: str, fields: dict | None, before: dict | None) -> None:
        if talk_id not in self.first_hash:
            self.first_hash[talk_id] = before["content_hash"] if before else None
        if talk_id not in self.pending and before is not None:  # `before` came from the last commit
            self.committed.add(talk_id)
        self.pending[talk_id] = fields
        for source in sources_of(fields or {}):
            self.pending_by_source.setdefault(source, set()).add(talk_id)
        self.final_hash[talk_id] = fields["content_hash"] if fields else None

    def apply_page(self, page: Page, record: FileRecord | None = None) -> None:
        self.summary.pages += 1
        if page.warning:
            self.summary.failed += 1
            self.summary.warnings.append(page.warning)
            return
        talks = dedupe(page.talks)
        for talk in talks:
            self.merge(talk, page.source)
        for talk_id in self.ids_with_source(page.source) - {talk.id for talk in talks}:
            self.drop_source(talk_id, page.source)
        if record is not None or page.source in self.records:
            self.staged_records[page.source] = record

    def merge(self, talk: Talk, source: str) -> None:
        talk = replace(talk, source=source)
        before = self.current(talk.id)
        self.first_hash.setdefault(talk.id, before["content_hash"] if before else None)
        if before is None:
            self.seen.add(talk.id)
            self.put(talk.id, fields_from_talk(talk, [source]), before)
            return
        sources = sources_of(before)
        stored = talk_from_fields(before)
        chosen = talk if stored.source in ("", source) else dedupe([stored, talk])[0]
        fields = fields_from_talk(chosen, [chosen.source, *sources, source])
        self.seen.add(talk.id)
        if fields["content_hash"] != before.get("content_hash") or fields["sources"] != before.get("sources"):
            self.put(talk.id, fields, before)

    def drop_source(self, talk_id: str, source: str) -> None:
        before = self.current(talk_id)
        if before is None or source not in sources_of(before):
            return
        rest = [s for s in sources_of(before) if s != source]
        fields = fields_from_talk(replace(talk_from_fields(before), source=rest[0]), rest) if rest else None
        self.put(talk_id, fields, before)

    def skip_unchanged_file(self, source: str, record: FileRecord) -> None:
        self.summary.pages += 1
        self.summary.talks += record.talks
        self.summary.unchanged += record.talks
        if record != self.records.get(source):
            self.staged_records[source] = record

    def forget_records(self, sources: Iterable[str]) -> None:
        for source in sources:
            self.staged_records[source] = None

    # commits

    def maybe_commit(self) -> None:
        if len(self.pending) >= self.batch_talks:
            self.commit()

    def commit(self) -> None:
        if self.pending:
            added = [fields for fields in self.pending.values() if fields]
            parallel = self.workers.count > 1 and len(added) >= PARALLEL_MIN_TALKS
            # Workers write the new talks as segments while this process deletes and merges.
            segments = [self.workers.submit(write_segment, str(self.folder), run, WRITER_LIMIT_MB)
                        for run in (runs(added, self.workers.count) if parallel else [])]
            # compound=False: Whoosh copies each file of a compound segment into memory when it opens it
            # (BytesIO over the mmap), so every reader, ours and the searchers', would hold the whole index.
            writer = self.ix.writer(limitmb=WRITER_LIMIT_MB, procs=1, compound=False)
            with_word_cache(writer.schema)
            try:
                for talk_id, fields in self.pending.items():
                    if talk_id in self.committed:  # our searcher sees the writer's segments: no reader per delete
                        writer.delete_by_term("id", talk_id, searcher=self.searcher)
                    if fields and not parallel:
                        writer.add_document(**fields)
                written = self.workers.results(segments)
            except BaseException:
                for segment in segments:
                    segment.cancel()
                writer.cancel()
                raise
            commit_with(writer, written)
            self.pending.clear()
            self.committed.clear()
            self.pending_by_source.clear()
            # A new searcher, not refresh(): refresh shares readers with the old one, and a merge that
            # deleted a segment could then close a reader twice.
            self.searcher.close()
            self.searcher = self.ix.searcher()
            self.ix.storage.sweep(self.folder.parent)  # the merged segments' files, now that nothing reads them
            write_directory(self.folder, self.searcher)  # who spoke where, and the notes of one talk, of this commit
        if self.staged_records:
            for source, record in self.staged_records.items():
                if record is None:
                    self.records.pop(source, None)
                else:
                    self.records[source] = record
            self.staged_records.clear()
            save_records(self.folder, self.records)

    def finish(self, started: float) -> UpdateSummary:
        self.commit()
        summary = self.summary
        for talk_id, first in self.first_hash.items():
            final = self.final_hash.get(talk_id, first)
            if first is None:
                summary.added += final is not None
            elif final is None:
                summary.removed += 1
            elif final != first:
                summary.updated += 1
            elif talk_id in self.seen:
                summary.unchanged += 1
        summary.talks += len(self.seen)
        summary.seconds = time.monotonic() - started
        return summary


def batch_talks() -> int:
    try:
        return max(1, int(os.environ.get(BATCH_ENV, DEFAULT_BATCH_TALKS)))
    except ValueError:
        return DEFAULT_BATCH_TALKS


@contextmanager
def _session(root: Path | str, *, create: bool, fresh: bool = False, workers: int | None = None) -> Iterator[_Session]:
    """Lock the index and open a writing session on the live generation (or on a new one when `fresh`)."""
    root = Path(root)
    if not create:
        live_dir(root)  # IndexNotFound before anything is created
    with write_lock(root), write_errors(root):
        (root / FENCE_NAME).touch()  # from now on readers open under the fence (see search.storage)
        name = live_token(root)
        if name and not fresh:
            clean_generations(root, keep={name}, newer_than=name)
        if fresh or not name:
            name = create_generation(root)
            if not fresh:
                swap(root, name)  # an empty index is a complete state
        ix = open_folder(root, root / name)
        shutil.rmtree(root / name / f"{ix.indexname}.tmp", ignore_errors=True)  # a killed writer's sort runs
        with Workers(worker_count(workers)) as pool:
            session = _Session(ix, root / name, batch_talks(), pool)
            try:
                yield session
            finally:
                session.close()


# --- public writing operations ------------------------------------------------------------------------


def update_pages(root: Path | str, pages: Iterable[Page], *, progress: Progress | None = None,
                 create: bool = True) -> UpdateSummary:
    """Apply already-read pages incrementally (a page with a warning changes nothing)."""
    started = time.monotonic()
    with _session(root, create=create) as session:
        for done, page in enumerate(pages, 1):
            session.apply_page(page)
            session.maybe_commit()
            if progress:
                progress(done, None)
        return session.finish(started)


def update_paths(root: Path | str, paths: Iterable[str | os.PathLike], *, progress: Progress | None = None,
                 create: bool = True, workers: int | None = None) -> UpdateSummary:
    """Index the HTML files under `paths` incrementally; files unchanged since they were indexed are skipped.
    `workers`: processes reading pages and writing large commits (default: $CONFSEARCH_WORKERS, else the cores)."""
    started = time.monotonic()
    files = list(dict.fromkeys(html_files(paths)))  # a file named twice (overlapping folders) is read once
    with _session(root, create=create, workers=workers) as session:
        _apply_files(session, files, progress)
        return session.finish(started)


def _apply_files(session: _Session, files: list[Path], progress: Progress | None, *, force: bool = False) -> None:
    """Apply the files in their order; those changed since they were indexed are read by the workers when
    there are enough of them, a few pages ahead."""
    jobs = [_read_job(path, None if force else session.records.get(str(path))) for path in files]
    stale = sum(function is not None for _, function, _ in jobs)
    workers = session.workers if stale >= PARALLEL_MIN_PAGES else Workers(1)
    for done, (path, (page, record)) in enumerate(workers.ordered(jobs, ahead=PAGES_AHEAD * workers.count), 1):
        source = str(path)
        if page is None:
            session.skip_unchanged_file(source, record)
        else:
            session.apply_page(page, record)
            session.maybe_commit()
        if progress:
            progress(done, len(files))


def _read_job(path: Path, known: FileRecord | None) -> tuple[Path, object, tuple]:
    """(path, function, arguments) that reads the file, or (path, None, its result) when its size and time
    show it unchanged since it was indexed."""
    try:
        if known and known.same_stat(path.stat()):
            return path, None, (None, known)
    except OSError:
        pass  # reading it words the warning
    return path, _read_file, (path, known)


def _read_file(path: Path, known: FileRecord | None) -> tuple[Page | None, FileRecord | None]:
    """(None, record) when the file is as indexed before, else its Page and the record to keep once indexed."""
    try:
        stat = path.stat()
        if known and known.same_stat(stat):
            return None, known
        fingerprint = digest(path.read_bytes())
    except OSError:
        return next(read_paths([path])), None  # the ingester words the warning
    if known and known.digest == fingerprint:
        return None, FileRecord(stat.st_mtime_ns, stat.st_size, fingerprint, known.talks)
    page = next(read_paths([path]))
    record = FileRecord(stat.st_mtime_ns, stat.st_size, fingerprint, len({talk.id for talk in page.talks}))
    return page, None if page.warning else record


def remove_sources(root: Path | str, sources: Iterable[str]) -> int:
    """Drop these sources from the index; talks found in no other source are deleted. Returns how many."""
    with _session(root, create=False) as session:
        sources = list(sources)
        for source in sources:
            for talk_id in session.ids_with_source(source):
                session.drop_source(talk_id, source)
        session.forget_records(sources)
        return session.finish(time.monotonic()).removed


def rebuild(root: Path | str, pages: Iterable[Page] = (), *, paths: Iterable[str | os.PathLike] = (),
            keep_sources: Iterable[str] = (), progress: Progress | None = None,
            workers: int | None = None) -> UpdateSummary:
    """Build a fresh generation from `pages` and the files under `paths`, then swap it in atomically.

    Talks of `keep_sources` (e.g. web pages not re-fetched) are carried over from the live generation.
    """
    started = time.monotonic()
    root = Path(root)
    files = list(dict.fromkeys(html_files(paths)))
    keep_sources = set(keep_sources)
    with _session(root, create=True, fresh=True, workers=workers) as session:
        old = live_token(root)
        _apply_files(session, files, progress, force=True)
        for done, page in enumerate(pages, len(files) + 1):
            session.apply_page(page)
            session.maybe_commit()
            if progress:
                progress(done, None)
        if keep_sources and old != session.folder.name:
            _carry_over(session, root / old, keep_sources)
        summary = session.finish(started)
        with write_errors(root):
            swap(root, session.folder.name)
        if old.startswith(GEN_PREFIX):  # with a garbled pointer, delete nothing: the data may be intact
            clean_generations(root, keep={session.folder.name, old})
        return summary


def _carry_over(session: _Session, old_folder: Path, keep_sources: set[str]) -> None:
    """Copy the talks of `keep_sources` from the old generation (with only those sources) into the new one."""
    with open_folder(old_folder.parent, old_folder).searcher() as searcher:
        for source in sorted(keep_sources):
            for fields in searcher.documents(sources=source):
                talk = talk_from_fields(fields)
                current = session.current(talk.id)
                sources = sources_of(current) if current else []
                kept = [s for s in sources_of(fields) if s in keep_sources and s not in sources]
                if kept:
                    base = talk_from_fields(current) if current else replace(talk, source=kept[0])
                    session.put(talk.id, fields_from_talk(base, sources + kept), current)
                    session.maybe_commit()


def reindex(root: Path | str, *, full: bool = False, progress: Progress | None = None,
            workers: int | None = None) -> ReindexSummary:
    """Re-read every file source the index knows; drop files that are gone; keep web sources as they are.

    `full` builds a fresh generation and swaps it in (even over a damaged index, from the files it recorded);
    otherwise unchanged files are skipped cheaply.
    """
    sources = _sources_to_reread(root, damaged_ok=full)
    urls = [source for source in sources if is_url(source)]
    files = [source for source in sources if not is_url(source)]
    present = [source for source in files if os.path.isfile(source)]
    gone = [source for source in files if source not in set(present)]
    if full:
        summary = rebuild(root, paths=present, keep_sources=urls, progress=progress, workers=workers)
    else:
        removed = remove_sources(root, gone) if gone else 0
        summary = update_paths(root, present, progress=progress, create=False, workers=workers)
        summary.removed += removed
    return ReindexSummary(summary, gone=gone, skipped_urls=urls)


def _sources_to_reread(root: Path | str, *, damaged_ok: bool) -> list[str]:
    """Sources holding talks, and files recorded as read (even those that held none)."""
    sources: set[str] = set()
    for read in (known_sources, lambda root: load_records(live_dir(root))):
        try:
            sources.update(read(root))
        except IndexCorrupt:
            if not damaged_ok:
                raise
    return sorted(sources)


