"""Where the index lives, and the bundled sample index built on first use."""

from __future__ import annotations

from pathlib import Path

from search import index
from search.stats import index_stats, known_sources
from search.locations import INDEX_ENV, bundled_corpus, ensure_default_index, resolve_index_dir


def test_the_option_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(INDEX_ENV, str(tmp_path / "from-env"))
    assert resolve_index_dir(str(tmp_path / "chosen")) == (tmp_path / "chosen", False)
    assert resolve_index_dir(None) == (tmp_path / "from-env", False)


def test_the_default_is_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(INDEX_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder, is_default = resolve_index_dir(None)
    assert is_default and folder.is_relative_to(tmp_path / "data")


def test_the_bundled_corpus_is_beside_the_package():
    assert (bundled_corpus() / "weblog" / "index.html").is_file()


def test_the_default_index_is_built_from_the_bundled_corpus_once(index_dir):
    notice = ensure_default_index(index_dir)
    talks = index_stats(index_dir).talks
    assert talks > 0
    assert notice == f"No index yet: built one from the bundled sample corpus ({talks} talks)."
    assert ensure_default_index(index_dir) is None
    assert index_stats(index_dir).talks == talks


def test_an_existing_index_is_left_alone(index_dir, tmp_path):
    page = tmp_path / "one.html"
    page.write_text("<html><body><article><h1>A talk</h1><p>Some notes.</p></article></body></html>")
    index.update_paths(index_dir, [page])
    assert ensure_default_index(index_dir) is None
    assert known_sources(index_dir) == [str(Path(page))]
