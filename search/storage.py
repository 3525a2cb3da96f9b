"""How the index's files are opened, and the fence that keeps a writer from deleting them under a reader.

Whoosh opens a segment's columns (stored fields, field lengths, sortable values) only when a search first
needs them, and a writer deletes the files of merged segments right after its commit. A searcher opened
before that commit would then find a file gone in the middle of a request (FileNotFoundError, or a column
silently reported missing). So:
- a reader opens an index under the fence, shared, with `SnapshotStorage`, which maps every file of a segment
  the first time Whoosh touches the segment: once mapped, a file's contents outlive its deletion;
- a writer uses `WriterStorage`, which holds back the deletions Whoosh asks for and makes them in `sweep`,
  under the fence, exclusive: never while a reader is between reading a table of contents and mapping it.
"""

from __future__ import annotations

import errno
import fcntl
import mmap
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

FENCE_NAME = "read.lock"
SEGMENT_FILE = re.compile(r"([A-Za-z]+_[0-9a-z]+)\.[A-Za-z0-9_.]+$")  # "MAIN_98fd9z42c4kwmcta._stored.col"


@contextmanager
def fence(root: Path, *, exclusive: bool) -> Iterator[None]:
    """Held shared by readers while they open an index, exclusive by a writer while it deletes files.

    A reader finding no fence file goes on without it: no writer has touched the index since it was made
    (writers create the file), so nothing is being deleted.
    """
    try:
        descriptor = os.open(root / FENCE_NAME, os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY, 0o644)
    except (FileNotFoundError, PermissionError):
        if exclusive:
            raise
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the flock


def _map(path: str) -> mmap.mmap | None:
    """The file mapped read-only (None for an empty file, which cannot be mapped)."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return None
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


class MappedFile(StructFile):
    """A segment file mapped into memory (they are never changed once written): a read is a slice of the
    mapping, not a seek and a read system call (Whoosh reads term infos and postings a few bytes at a time)."""

    def __init__(self, mapped: mmap.mmap, name: str, *, shared: bool = False):
        super().__init__(mapped, name=name)
        self.is_real = False  # no fileno(): Whoosh must not map it again
        self.shared = shared  # the storage owns the mapping; closing this file leaves it open for the others

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]

    def close(self) -> None:
        if self.shared:
            self.is_closed = True
        else:
            super().close()


def _opened(mapped: mmap.mmap | None, name: str, *, shared: bool = False) -> StructFile:
    return StructFile(BytesIO(b""), name=name) if mapped is None else MappedFile(mapped, name, shared=shared)


class MappedStorage(FileStorage):
    """Whoosh's FileStorage whose files open as `MappedFile`s (empty files as usual)."""

    def open_file(self, name, **kwargs):
        mapped = _map(self._fpath(name))
        return super().open_file(name, **kwargs) if mapped is None else MappedFile(mapped, name)


class SnapshotStorage(MappedStorage):
    """A read-only storage that maps all the files of a segment the first time Whoosh opens one of them, and
    answers later opens, existence checks and lengths from those mappings, whatever happened on disk since."""

    def __init__(self, path: str):
        super().__init__(path, readonly=True)
        self._segments: dict[str, dict[str, mmap.mmap | None]] = {}
        self._lock = threading.Lock()

    def _files_of(self, name: str) -> dict[str, mmap.mmap | None] | None:
        """The mapped files of `name`'s segment (None when `name` is no segment file)."""
        match = SEGMENT_FILE.match(name)
        if match is None:
            return None
        segment = match.group(1)
        with self._lock:
            if segment not in self._segments:
                files = {entry: _map(self._fpath(entry)) for entry in os.listdir(self.folder)
                         if entry.startswith(segment + ".")}
                if not files:  # no such segment (yet): nothing to remember
                    return files
                self._segments[segment] = files
            return self._segments[segment]

    def open_file(self, name, **kwargs):
        files = self._files_of(name)
        if files is None:
            return super().open_file(name, **kwargs)
        if name not in files:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), self._fpath(name))
        return _opened(files[name], name, shared=True)

    def file_exists(self, name):
        files = self._files_of(name)
        return super().file_exists(name) if files is None else name in files

    def file_length(self, name):
        files = self._files_of(name)
        if files is None or name not in files:
            return super().file_length(name)
        return 0 if files[name] is None else len(files[name])


class WriterStorage(MappedStorage):
    """Holds back the deletions Whoosh asks for until `sweep`, which makes them under the exclusive fence."""

    def __init__(self, path: str):
        super().__init__(path)
        self._doomed: list[str] = []

    def delete_file(self, name):
        self._doomed.append(name)

    def sweep(self, root: Path) -> None:
        if not self._doomed:
            return
        with fence(root, exclusive=True):
            for name in self._doomed:
                try:
                    os.remove(self._fpath(name))
                except FileNotFoundError:
                    pass
        self._doomed.clear()
