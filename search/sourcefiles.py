"""What each indexed file looked like when it was read, so an unchanged file is skipped without parsing.

The records live in a small JSON file inside the index generation they describe. They are written only
after the index commit that holds the file's talks, so they can lag behind the index (the file is then
read again, harmlessly) but never run ahead of it (which would skip a file whose talks are not indexed).
No Whoosh here: plain files and dicts.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm")
RECORDS_NAME = "files.json"


@dataclass(frozen=True)
class FileRecord:
    """A file's size, modification time and content digest when it was indexed, and how many talks it held."""

    mtime_ns: int
    size: int
    digest: str
    talks: int

    def same_stat(self, stat: os.stat_result) -> bool:
        return self.mtime_ns == stat.st_mtime_ns and self.size == stat.st_size


def html_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """The HTML files named by `paths`, folders walked in sorted order, each resolved as the ingester does.

    A broken link is listed too (reading it then gives a warning).
    """
    for path in map(Path, paths):
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and (p.is_file() or p.is_symlink()))
            yield from (p.resolve() for p in sorted(found))
        else:
            yield path.resolve()


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def load_records(folder: Path) -> dict[str, FileRecord]:
    """The records kept in `folder`; none when the file is missing or unreadable (files are then re-read)."""
    try:
        raw = json.loads((folder / RECORDS_NAME).read_text(encoding="utf-8"))
        return {source: FileRecord(**fields) for source, fields in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def save_records(folder: Path, records: dict[str, FileRecord]) -> None:
    """Replace the records atomically (a crash leaves the old or the new file, never half of one)."""
    path = folder / RECORDS_NAME
    temporary = path.with_suffix(".tmp")
    data = {source: asdict(record) for source, record in records.items()}
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)
