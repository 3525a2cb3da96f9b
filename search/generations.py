"""Where the live index is and how it is opened, swapped and locked: the generations of an index folder.

Layout of an index folder ROOT:
- `ROOT/CURRENT` names the live generation (e.g. "gen-000003"); it is replaced atomically with os.replace;
- `ROOT/gen-000003/` a complete Whoosh index, plus `files.json` (see `search.sourcefiles`) and
  `directory.json`: the people, conferences and grouped notes of its last commit (see `search.directory`);
- `ROOT/write.lock` held (flock) by the one process writing; readers never take it;
- `ROOT/read.lock` the fence between readers opening the index and a writer deleting files (`search.storage`).

A full rebuild writes a new generation beside the live one and swaps `CURRENT`; the previous generation stays
until the next swap, so open readers keep working.
"""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import shutil
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import whoosh.index
from whoosh.index import LockError

from search.directory import Directory
from search.errors import IndexBusy, IndexCorrupt, IndexNotFound, IndexWriteError
from search.fields import talk_from_fields
from search.ranking import weighting
from search.schema import build_schema
from search.storage import SnapshotStorage, WriterStorage, fence

CURRENT = "CURRENT"
DIRECTORY_NAME = "directory.json"
NOTES_NAME = "notes.json"  # (the directory's notes, one row per document)
GEN_PREFIX = "gen-"
LOCK_NAME = "write.lock"
LOCK_TIMEOUT_ENV = "CONFSEARCH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0

# What reading a damaged index raises inside Whoosh (truncated or garbled TOC/segment files).
CORRUPTION_ERRORS = (whoosh.index.IndexError, EOFError, ValueError, KeyError, struct.error, pickle.UnpicklingError)


def live_token(root: Path | str) -> str:
    """Names the live generation (one small read); "" when there is no index. Changes on every swap."""
    try:
        return (Path(root) / CURRENT).read_text(encoding="ascii", errors="replace").strip()
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except OSError as error:
        raise IndexCorrupt(f"Cannot read the index at {root} ({error.strerror or error}).") from None


def live_dir(root: Path | str) -> Path:
    return _generation_dir(Path(root), live_token(root))


def _generation_dir(root: Path, token: str) -> Path:
    if not token:
        raise IndexNotFound(f"There is no index at {root}; build one with `confsearch index PATH`.")
    if not token.startswith(GEN_PREFIX) or Path(token).name != token:
        raise IndexCorrupt(f"The index at {root} is damaged ({CURRENT} names no generation); "
                           "rebuild it with `confsearch reindex --full`.")
    return root / token


def open_index(root: Path | str) -> whoosh.index.Index:
    """The live index (IndexNotFound when there is none, IndexCorrupt when it cannot be read)."""
    return open_folder(Path(root), live_dir(root), SnapshotStorage)


def open_searcher(root: Path | str, *, fenced: bool = True) -> tuple[whoosh.searching.Searcher, str]:
    """A searcher on the live generation, and the generation's name. It is opened under the read fence (see
    `search.storage`), so its files stay readable whatever a writer deletes afterwards; `fenced=False` when
    the caller holds the fence already."""
    root = Path(root)
    if fenced:
        with fence(root, exclusive=False):
            return open_searcher(root, fenced=False)
    token = live_token(root)
    ix = open_folder(root, _generation_dir(root, token), SnapshotStorage)
    with read_errors(root):
        return ix.searcher(weighting=weighting()), token


def open_folder(root: Path, folder: Path, storage=WriterStorage) -> whoosh.index.Index:
    with read_errors(root):
        try:
            return storage(str(folder)).open_index()
        except whoosh.index.EmptyIndexError:
            raise IndexCorrupt(f"The index at {root} is damaged (no table of contents in {folder.name}); "
                               "rebuild it with `confsearch reindex --full`.") from None


@contextmanager
def read_errors(root: Path) -> Iterator[None]:
    """Turn what reading a damaged index raises into one sentence."""
    try:
        yield
    except (OSError, *CORRUPTION_ERRORS) as error:
        raise IndexCorrupt(f"The index at {root} cannot be read ({error.__class__.__name__}: {error}); "
                           "rebuild it with `confsearch reindex --full`.") from None


def create_generation(root: Path) -> str:
    numbers = [int(p.name[len(GEN_PREFIX):]) for p in root.glob(GEN_PREFIX + "*") if p.name[len(GEN_PREFIX):].isdigit()]
    name = f"{GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
    (root / name).mkdir()
    whoosh.index.create_in(str(root / name), build_schema())
    return name


def swap(root: Path, name: str) -> None:
    """Point CURRENT at generation `name` atomically: a reader sees the old name or the new one."""
    temporary = root / (CURRENT + ".tmp")
    with open(temporary, "w", encoding="ascii") as file:
        file.write(name + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, root / CURRENT)


def clean_generations(root: Path, keep: set[str], *, newer_than: str | None = None) -> None:
    """Delete generations other than `keep` (older ones, and half-built ones of killed rebuilds).

    With `newer_than`, delete only generations named after it: what killed rebuilds left behind.
    """
    doomed = [folder for folder in root.glob(GEN_PREFIX + "*")
              if folder.name not in keep and folder.is_dir() and (newer_than is None or folder.name > newer_than)]
    if doomed:
        with fence(root, exclusive=True):  # not while a reader opens one of them
            for folder in doomed:
                shutil.rmtree(folder, ignore_errors=True)


# --- the directory of a commit ----------------------------------------------------------------


def build_directory(searcher) -> Directory:
    """The people, conferences and grouped notes of the commit `searcher` reads (document numbers are its)."""
    reader = searcher.reader()
    talks = [None] * reader.doc_count_all()
    for docnum, fields in reader.iter_docs():
        talks[docnum] = talk_from_fields(fields)
    return Directory.build(talks, generation=reader.generation())


def write_directory(folder: Path, searcher) -> None:
    """Build the directory of the commit `searcher` reads and keep it in `folder`, replaced atomically."""
    directory = build_directory(searcher)
    notes = {"generation": directory.generation, "rows": directory.notes_json()}
    for name, data in ((NOTES_NAME, notes), (DIRECTORY_NAME, directory.to_json())):
        path = folder / name  # (the notes first: a directory.json of this commit means its notes are there)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)


def read_directory(searcher, root: Path | str, token: str) -> Directory:
    """The directory kept for the commit `searcher` reads, else (an index written before directories were
    kept, or a reader opened between a commit and its directory) one built now."""
    folder = Path(root) / token
    try:
        data = json.loads((folder / DIRECTORY_NAME).read_text(encoding="utf-8"))
        if data.get("generation") == searcher.reader().generation():
            return Directory.from_json(data, partial(read_notes, folder / NOTES_NAME, data["generation"], data["size"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    with read_errors(Path(root)):
        return build_directory(searcher)


def read_notes(path: Path, generation: int, size: int) -> list:
    """The directory's notes, read when a page first shows other notes of a talk. When a later commit has
    replaced the file meanwhile, its notes are not this generation's: none are shown (until the next search
    opens the new generation)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("generation") == generation and len(data["rows"]) == size:
            return data["rows"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return [None] * size


# --- the write lock ------------------------------------------------------------------------------


def lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextmanager
def write_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the index's write lock; wait at most `timeout` seconds for another writer, then IndexBusy."""
    timeout = lock_timeout() if timeout is None else timeout
    with write_errors(root):
        root.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"The index at {root} is being updated by another process; "
                                    "try again when it finishes.") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing releases the flock


@contextmanager
def write_errors(root: Path) -> Iterator[None]:
    """Turn an operating-system failure while writing into one sentence (the last commit stays intact)."""
    try:
        yield
    except LockError:
        raise IndexBusy(f"The index at {root} is being updated by another process; "
                        "try again when it finishes.") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise IndexWriteError(f"Cannot write to the index at {root} ({reason}); "
                              "it keeps its last complete update.") from None
