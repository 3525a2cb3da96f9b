"""The sources registry and per-URL HTTP state, as files inside the index root."""

from __future__ import annotations

import json

import pytest

from search.errors import FetchError
from search.fetch.state import HttpState, UrlState, add_source, load_sources, remove_source, write_json


def test_sources_add_rename_list_remove(index_dir):
    assert load_sources(index_dir) == []
    source, new = add_source(index_dir, "http://blog.test/feed.xml", "Blog")
    assert new and source.name == "Blog" and source.added
    _, new = add_source(index_dir, "http://blog.test/feed.xml", "Renamed")
    assert not new
    add_source(index_dir, "http://other.test/", None)
    assert [(s.url, s.name) for s in load_sources(index_dir)] == [("http://blog.test/feed.xml", "Renamed"),
                                                                  ("http://other.test/", None)]
    assert remove_source(index_dir, "http://blog.test/feed.xml")
    assert not remove_source(index_dir, "http://blog.test/feed.xml")
    assert [s.url for s in load_sources(index_dir)] == ["http://other.test/"]
    assert (index_dir / "fetch" / "sources.json").is_file()


def test_damaged_sources_file_is_one_sentence(index_dir):
    (index_dir / "fetch").mkdir(parents=True)
    (index_dir / "fetch" / "sources.json").write_text("{not json")
    with pytest.raises(FetchError, match="sources.json cannot be read"):
        load_sources(index_dir)


def test_http_state_round_trip(index_dir):
    state = HttpState(index_dir)
    assert state.get("http://blog.test/a") is None
    state.put(UrlState(url="http://blog.test/a", etag='"1"', status=200, sources=("s",), links=("l",),
                       nested=("n",), indexed_as="http://blog.test/a"))
    state.put(UrlState(url="http://blog.test/feed", kind="feed", sources=("s",)))
    state.save()
    again = HttpState(index_dir)
    assert again.get("http://blog.test/a") == state.get("http://blog.test/a")
    assert [s.url for s in again.pages_from("s")] == ["http://blog.test/a"]
    assert again.pages_from("other") == []


def test_atomic_write_leaves_no_temporary_files_and_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / "state.json"
    write_json(path, {"a": 1})
    with pytest.raises(TypeError):
        write_json(path, {"a": object()})
    assert json.loads(path.read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
