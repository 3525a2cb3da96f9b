"""Worker processes for indexing, one per core: pages are read and split, and large commits written, in parallel.

Workers are started by a fork server (spawn where there is none), never forked from the indexing process
itself, so they inherit none of its open files (the write lock stays with the indexer alone), and each one
ends as soon as the process that started it does, even when that process is killed.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from search.errors import IndexWriteError

WORKERS_ENV = "CONFSEARCH_WORKERS"
# Imported once by the fork server, so that each worker starts ready (reading a page needs the ingester).
PRELOAD = ["search.ingest", "search.index", "search.segments"]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None = None) -> int:
    """`requested`, else $CONFSEARCH_WORKERS, else the cores; at least 1."""
    if requested is None:
        try:
            requested = int(os.environ.get(WORKERS_ENV) or cores())
        except ValueError:
            requested = cores()
    return max(1, requested)


class Workers:
    """`count` worker processes, started at the first `submit`; with a count of 1, `submit` calls in this process."""

    def __init__(self, count: int):
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, function: Callable, *args) -> Future:
        if self.count == 1:
            return _called(function, *args)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=_context(), initializer=_end_with_parent)
        try:
            return self._pool.submit(function, *args)
        except BrokenProcessPool:
            raise _died() from None

    def ordered(self, jobs: Iterable[tuple[object, Callable | None, tuple]], ahead: int) -> Iterator[tuple[object, object]]:
        """(key, result) for each (key, function, args) job, in the jobs' order, at most `ahead` jobs running at
        once (so results do not pile up in memory); a job without a function has `args` for its result."""
        window: deque[tuple[object, Future]] = deque()
        for key, function, args in jobs:
            window.append((key, self.submit(function, *args) if function else _done(args)))
            if len(window) >= ahead:
                yield self._next(window)
        while window:
            yield self._next(window)

    @staticmethod
    def _next(window: deque) -> tuple[object, object]:
        key, future = window.popleft()
        return key, Workers.results([future])[0]

    @staticmethod
    def results(futures: list[Future]) -> list:
        """The futures' results in order (a worker's exception is raised here; a dead worker is one sentence)."""
        try:
            return [future.result() for future in futures]
        except BrokenProcessPool:
            raise _died() from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _called(function: Callable, *args) -> Future:
    future: Future = Future()
    try:
        future.set_result(function(*args))
    except BaseException as error:  # the caller sees it from result(), as from a worker
        future.set_exception(error)
    return future


def _done(result) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


def _died() -> IndexWriteError:
    return IndexWriteError("An indexing worker process died (out of memory?); the index keeps its last complete "
                           "update. Try again, or with CONFSEARCH_WORKERS=1.")


def _context():
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return context


def _end_with_parent() -> None:
    """In a worker: exit as soon as the process that started it ends (its sentinel closes, killed or not)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
