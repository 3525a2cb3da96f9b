"""The SQLite FTS5 reference engine: the same talks, bm25() with column weights, snippet(), facets.

    python bench/fts5ref.py build DB TALKS.jsonl     # fresh database (timed by the harness with wait4)
    python bench/fts5ref.py update DB TALKS.jsonl    # incremental: replace talks whose content hash changed
    python bench/fts5ref.py serve DB PORT [THREADS]  # /api/search?q= over HTTP (waitress), for HTTP ratios

The reference works from the generator's pre-split talks (talks.jsonl): it measures an engine, not HTML parsing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import GenTalk, read_truth
from bench.queries import BenchQuery

SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS talks USING fts5(
    title, speakers, conference, body, id UNINDEXED, year UNINDEXED, hash UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2')"""
WEIGHTS = "10.0, 5.0, 3.0, 1.0"  # title, speakers, conference, body (as confsearch boosts them)
TOP = f"""SELECT id, title, speakers, conference, year,
    snippet(talks, 3, '<mark>', '</mark>', '…', 24) AS snippet, bm25(talks, {WEIGHTS}) AS score
    FROM talks WHERE talks MATCH ? {{filter}} ORDER BY score LIMIT ? OFFSET ?"""
FACETS = "SELECT conference, year, speakers FROM talks WHERE talks MATCH ? {filter}"


def talk_hash(talk: GenTalk) -> str:
    return hashlib.sha1(json.dumps([talk.title, talk.speakers, talk.conference, talk.body]).encode()).hexdigest()


def row(talk: GenTalk) -> tuple:
    return (talk.title, "\n".join(talk.speakers), talk.conference, talk.body, talk.id, int(talk.date[:4]),
            talk_hash(talk))


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, check_same_thread=False)
    conn.execute(SCHEMA)
    return conn


def build(db: Path, talks: list[GenTalk]) -> None:
    db.unlink(missing_ok=True)
    with connect(db) as conn:
        conn.executemany("INSERT INTO talks VALUES (?, ?, ?, ?, ?, ?, ?)", map(row, talks))
        conn.execute("INSERT INTO talks(talks) VALUES ('optimize')")


def update(db: Path, talks: list[GenTalk]) -> int:
    """Replace the talks whose hash changed; return how many."""
    with connect(db) as conn:
        known = dict(conn.execute("SELECT id, hash FROM talks"))
        changed = [talk for talk in talks if known.get(talk.id) != talk_hash(talk)]
        conn.executemany("DELETE FROM talks WHERE id = ?", [(talk.id,) for talk in changed])
        conn.executemany("INSERT INTO talks VALUES (?, ?, ?, ?, ?, ?, ?)", map(row, changed))
    return len(changed)


def search(conn: sqlite3.Connection, match: str, year: int | None = None, page: int = 1, per_page: int = 10) -> dict:
    """Top hits with snippets, the total and conference/year/speaker facets, like /api/search."""
    where, params = ("AND year = ?", (year,)) if year else ("", ())
    started = time.perf_counter()
    hits = [dict(zip(("id", "title", "speakers", "conference", "year", "snippet_html", "score"), found))
            for found in conn.execute(TOP.format(filter=where), (match, *params, per_page, (page - 1) * per_page))]
    facets = {"conference": Counter(), "year": Counter(), "speaker": Counter()}
    total = 0
    for conference, found_year, speakers in conn.execute(FACETS.format(filter=where), (match, *params)):
        total += 1
        facets["conference"][conference] += 1
        facets["year"][str(found_year)] += 1
        facets["speaker"].update(speakers.split("\n"))
    return {"total": total, "results": hits, "elapsed_ms": (time.perf_counter() - started) * 1000,
            "facets": {name: dict(counts.most_common(10)) for name, counts in facets.items()}}


def expand_fuzzy(conn: sqlite3.Connection, word: str, max_terms: int = 20) -> str:
    """FTS5 has no fuzzy terms: OR the indexed terms within one edit of `word` (same first letter)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, talks, 'row')")
    candidates = [term for (term,) in conn.execute(
        "SELECT term FROM temp.vocab WHERE term >= ? AND term < ?", (word[0], chr(ord(word[0]) + 1)))]
    close = [term for term in candidates if within_one_edit(term, word) or stem_close(term, word)][:max_terms]
    return " OR ".join(close or [word])


def stem_close(term: str, word: str) -> bool:
    """Indexed terms are porter stems: compare a stem with the same-length start of the word."""
    return len(word) - 4 <= len(term) < len(word) and within_one_edit(term, word[: len(term)])


def within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def match_for(conn: sqlite3.Connection, query: BenchQuery) -> str:
    return expand_fuzzy(conn, query.fts) if query.kind == "fuzzy" else query.fts


def wsgi_app(db: Path):
    import threading

    local = threading.local()

    def app(environ, start_response):
        if not hasattr(local, "conn"):
            local.conn = sqlite3.connect(db)
        args = parse_qs(environ.get("QUERY_STRING", ""))
        year = args.get("year", [None])[0]
        try:
            found = search(local.conn, args.get("q", [""])[0], int(year) if year else None)
        except sqlite3.OperationalError as error:
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [str(error).encode()]
        body = json.dumps(found).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Server-Timing", f"search;dur={found['elapsed_ms']:.2f}")])
        return [body]

    return app


def main(argv: list[str]) -> None:
    command, db = argv[0], Path(argv[1])
    if command == "build":
        build(db, read_truth(Path(argv[2])))
    elif command == "update":
        print(update(db, read_truth(Path(argv[2]))))
    elif command == "serve":
        import waitress

        threads = int(argv[3]) if len(argv) > 3 else 4
        waitress.serve(wsgi_app(db), host="127.0.0.1", port=int(argv[2]), threads=threads, _quiet=True)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
