"""Speakers that only a folder's index page names ("Title — NAME" links) reach the talks' own pages."""

from __future__ import annotations

from pathlib import Path

from search.ingest import read_paths

INDEX = """<html><head><title>PyCon Sweden 2019 notes</title></head><body><div role="main">
<h1>PyCon Sweden 2019 notes</h1><p>Talks I took notes on:</p><ul>
<li><a href="mypy.html">Gradual typing in practice — Erik Nilsson</a></li>
<li><a href="kafka.html">Kafka with Python</a> - Sofie Berg</li>
<li><a href="other.html">Something else entirely — Anna Lindgren</a></li>
<li><a href="named.html">Packaging — Wrong Person</a></li>
</ul></div></body></html>"""


def talk_page(title: str, line: str = "") -> str:
    return (f"<html><head><title>{title}</title></head><body><div role='main'><h1>{title}</h1>{line}"
            "<p>Notes on the talk: what was said, some code, and the questions from the room afterwards.</p>"
            "</div></body></html>")


def speakers_by_file(folder: Path) -> dict[str, tuple]:
    return {Path(p.source).name: tuple(t.speakers for t in p.talks) for p in read_paths([folder])}


def test_talk_pages_take_the_speakers_their_folder_index_names(tmp_path: Path):
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "mypy.html").write_text(talk_page("Gradual typing in practice"))
    (tmp_path / "kafka.html").write_text(talk_page("Kafka with Python"))
    (tmp_path / "other.html").write_text(talk_page("Profiling in production"))
    (tmp_path / "named.html").write_text(talk_page("Packaging", "<p>Speaker: Pradyun Gedam</p>"))
    found = speakers_by_file(tmp_path)
    assert found["index.html"] == ()
    assert found["mypy.html"] == (("Erik Nilsson",),)
    assert found["kafka.html"] == (("Sofie Berg",),)
    assert found["other.html"] == ((),)  # (the index's title is another talk's)
    assert found["named.html"] == (("Pradyun Gedam",),)  # (the page's own speaker line wins)


def test_an_index_in_another_folder_gives_no_hints(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.html").write_text(INDEX)
    (tmp_path / "b" / "mypy.html").write_text(talk_page("Gradual typing in practice"))
    assert speakers_by_file(tmp_path)["mypy.html"] == ((),)
