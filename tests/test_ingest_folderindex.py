"""An event folder's index page that only lists the talks beside it (no links: a Sphinx hidden toctree
and a hand-written list) gives no talk of its own when the folder is read together."""

from __future__ import annotations

from pathlib import Path

from search.ingest import read_paths

INDEX = """<html><head><title>EuroPython 2024</title></head><body><div class="body" role="main">
<h1>EuroPython 2024 (Prague)</h1><p>Talks I went to:</p><ul>
<li><p>Łukasz Wiśniewski: Pattern matching in the wild</p></li>
<li><p>Grace Mbeki: Async without tears</p></li>
<li><p>the pandas workshop</p></li></ul></div></body></html>"""


def talk_page(title: str, line: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><div class='body' role='main'><h1>{title}</h1>"
            f"<p>{line}</p><ul><li>most uses are simple literal matches</li><li>guards are used more than"
            " expected</li><li>structured concurrency makes cancellation sane</li></ul></div></body></html>")


def titles_by_file(folder: Path) -> dict[str, list[str]]:
    return {Path(p.source).name: [t.title for t in p.talks] for p in read_paths([folder])}


def test_an_index_listing_the_folders_talks_gives_none(tmp_path: Path):
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    (tmp_path / "pattern-matching.html").write_text(
        talk_page("Łukasz Wiśniewski: Pattern matching in the wild", "Searched 5000 packages."), encoding="utf-8")
    (tmp_path / "async.html").write_text(
        talk_page("Async without tears", "Grace Mbeki gave a very practical talk on asyncio."), encoding="utf-8")
    found = titles_by_file(tmp_path)
    assert found == {"index.html": [], "pattern-matching.html": ["Pattern matching in the wild"],
                     "async.html": ["Async without tears"]}


def test_an_index_page_alone_keeps_its_talk(tmp_path: Path):
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    assert titles_by_file(tmp_path) == {"index.html": ["EuroPython 2024 (Prague)"]}
