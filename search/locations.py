"""Where the index lives: `--index-dir`, else $CONFSEARCH_INDEX, else the per-user data folder.

A search on the default location before anything was indexed builds the index from the bundled sample
corpus first, so a new user's first query just works.
"""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "CONFSEARCH_INDEX"


def default_index_dir() -> Path:
    import platformdirs  # only when no folder is given

    return platformdirs.user_data_path("confsearch", appauthor=False) / "index"


def resolve_index_dir(option: str | os.PathLike | None) -> tuple[Path, bool]:
    """The index folder to use, and whether it is the default location (not chosen by the user)."""
    if option:
        return Path(option).expanduser(), False
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV]).expanduser(), False
    return default_index_dir(), True


def bundled_corpus() -> Path:
    """The sample weblog shipped beside the package (the repository's `corpus/`)."""
    return Path(__file__).resolve().parent.parent / "corpus"


def ensure_default_index(root: Path | str) -> str | None:
    """Build the index at `root` from the bundled corpus when there is none yet; the notice to show, or None."""
    from search.generations import live_token

    if live_token(root) or not bundled_corpus().is_dir():
        return None
    from search.index import update_paths  # the ingester, only when there is an index to build

    summary = update_paths(root, [bundled_corpus()])
    if not summary.added:
        return None
    talks = "talk" if summary.added == 1 else "talks"
    return f"No index yet: built one from the bundled sample corpus ({summary.added} {talks})."
