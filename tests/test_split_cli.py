"""`confsearch split`: readable list or JSON lines, deduplicated across paths; bad input is one line, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from search.cli import cli

EXPECTED_KEYS = {"id", "title", "speakers", "date", "conference", "tags", "url", "source", "body"}


def run(*args: str):
    return CliRunner().invoke(cli, ["split", *args])


def test_json_lines_for_the_corpus_once_per_talk(corpus_dir: Path):
    result = run("--json", str(corpus_dir))
    assert result.exit_code == 0, result.output
    talks = [json.loads(line) for line in result.output.splitlines()]
    assert len(talks) == 5
    assert all(set(talk) == EXPECTED_KEYS for talk in talks)
    zeromq = next(talk for talk in talks if talk["title"] == "ZeroMQ")
    assert zeromq["speakers"] == ["Pieter Hintjens"]
    assert zeromq["date"] == "2015-05-22"
    assert zeromq["conference"] == "PyGrunn 2015"
    assert Path(zeromq["source"]).is_absolute() and zeromq["source"].endswith("pieter-hintjens-zeromq.html")


def test_paths_given_twice_are_deduplicated(corpus_dir: Path):
    result = run("--json", str(corpus_dir / "weblog" / "index.html"), str(corpus_dir))
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 5


def test_readable_listing_shows_metadata_and_first_body_line(corpus_dir: Path):
    result = run(str(corpus_dir / "weblog" / "archive" / "2015" / "05" / "erik-groeneveld-generators.html"))
    assert result.exit_code == 0
    assert "erik-groeneveld-generators.html  (1 talk)" in result.output
    for line in ("  Generators", "speakers:   Erik Groeneveld", "date:       2015-05-22", "conference: PyGrunn 2015",
                 "url:        https://maurits.vanrees.org/weblog/archive/2015/05/erik-groeneveld-generators",
                 "Erik Groeneveld talks about generators, at PyGrunn."):
        assert line in result.output


def test_missing_path_is_one_line_on_stderr_and_exit_1(tmp_path: Path):
    runner = CliRunner(mix_stderr=False) if _has_mix_stderr() else CliRunner()
    result = runner.invoke(cli, ["split", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path / 'nope'}: no such file or folder"]


def test_unreadable_file_warns_and_the_others_are_printed(tmp_path: Path, corpus_dir: Path):
    (tmp_path / "bad.html").write_bytes(b"\x00\x01\x02" * 1000)
    result = run("--json", str(tmp_path), str(corpus_dir))
    assert result.exit_code == 0
    assert "bad.html: skipped, binary data" in result.output
    assert sum(line.startswith("{") for line in result.output.splitlines()) == 5


def test_no_paths_is_a_usage_error():
    result = run()
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def _has_mix_stderr() -> bool:
    import inspect

    return "mix_stderr" in inspect.signature(CliRunner).parameters


def test_readable_listing_names_pages_without_new_talks(corpus_dir: Path, tmp_path: Path):
    (tmp_path / "toc.html").write_text("<html><body><h1>Index</h1><ul><li><a href='a.html'>A</a></li></ul></body></html>")
    result = run(str(corpus_dir), str(tmp_path))
    assert result.exit_code == 0
    assert "index.html  (0 talks; 5 shown under other pages)" in result.output
    assert "toc.html  (0 talks)" in result.output


def test_explain_shows_each_decision_its_options_and_the_one_taken(tmp_path: Path):
    page = tmp_path / "talk.html"
    page.write_text("<html><body><article><h1>Scaling Celery</h1><p>Ask Solem / @asksol</p>"
                    "<p>Published 2016-05-30.</p><p>" + "Notes on queues and workers. " * 20 + "</p></article></body></html>")
    result = run("--explain", str(page))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "how the page divides: Scaling Celery" in lines
    assert "speakers: Scaling Celery" in lines
    chosen = [line for line in lines if line.startswith("  -> ")]
    assert any("Ask Solem  (cue: name_line)" in line and "score +" in line for line in chosen)
    assert any(line.startswith("  -> the page's date: 2016-05-30") or "2016-05-30" in line for line in chosen)
    assert any(line.strip().startswith("cue=name_line 1.00 x") for line in lines)  # (the features behind a score)
