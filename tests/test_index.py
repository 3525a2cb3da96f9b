"""search.index with Talks built in the test: real Whoosh indexes in tmp folders, no ingester involved."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from search import generations, index
from search.fields import fields_from_talk, sources_of, talk_from_fields
from search.stats import index_stats, known_sources
from search.errors import IndexBusy, IndexCorrupt, IndexNotFound
from search.model import Page, Talk
from search.schema import content_hash


def talk(talk_id: str, body: str = "notes", source: str = "", **fields) -> Talk:
    return Talk(id=talk_id, title=fields.pop("title", f"Talk {talk_id}"), body=body, source=source,
                url=fields.pop("url", f"https://example.org/{talk_id}"), **fields)


def page(source: str, *talks: Talk) -> Page:
    return Page(source=source, talks=tuple(t.__class__(**{**t.__dict__, "source": source}) for t in talks))


def stored(root) -> dict[str, dict]:
    with generations.open_index(root).searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.documents()}


def test_fields_and_talk_round_trip():
    original = Talk(id="z1", title="ZeroMQ", speakers=("Pieter Hintjens", "Ann van der Berg"),
                    date=dt.date(2015, 5, 22), conference="PyGrunn 2015", tags=("python", "messaging"),
                    url="https://example.org/zeromq", source="/notes/a,b c.html", body="One.\n\nTwo.")
    fields = fields_from_talk(original, [original.source, "https://example.org/list"])
    assert fields["year"] == 2015 and fields["content_hash"] == content_hash(original)
    assert sources_of(fields) == ["/notes/a,b c.html", "https://example.org/list"]
    assert talk_from_fields(fields) == original


def test_a_talk_without_optional_fields_round_trips():
    original = Talk(id="bare", title="", source="/x.html")
    assert talk_from_fields(fields_from_talk(original, ["/x.html"])) == original


def test_open_index_names_the_missing_folder(index_dir):
    with pytest.raises(IndexNotFound, match=str(index_dir)):
        generations.open_index(index_dir)
    assert generations.live_token(index_dir) == ""


def test_update_adds_then_skips_then_updates_and_removes(index_dir):
    first = index.update_pages(index_dir, [page("/a.html", talk("1"), talk("2")), page("/b.html", talk("3"))])
    assert (first.pages, first.talks, first.added, first.unchanged) == (2, 3, 3, 0)
    assert set(stored(index_dir)) == {"1", "2", "3"}

    again = index.update_pages(index_dir, [page("/a.html", talk("1"), talk("2"))])
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 2)

    changed = index.update_pages(index_dir, [page("/a.html", talk("1", body="new notes"))])
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (0, 1, 1, 0)
    docs = stored(index_dir)
    assert set(docs) == {"1", "3"} and docs["1"]["body"] == "new notes"
    assert str(changed).startswith("1 page, 1 talk: 0 added, 1 updated, 1 removed, 0 unchanged in ")


def test_a_page_with_a_warning_changes_nothing(index_dir):
    index.update_pages(index_dir, [page("/a.html", talk("1"), talk("2"))])
    summary = index.update_pages(index_dir, [Page(source="/a.html", warning="/a.html: cannot read")])
    assert summary.failed == 1 and summary.warnings == ["/a.html: cannot read"]
    assert set(stored(index_dir)) == {"1", "2"}
    assert "(1 page could not be read)" in str(summary)


def test_a_talk_on_two_pages_is_one_document_until_no_page_holds_it(index_dir):
    own = talk("1", body="the long notes from the talk's own page")
    listing_copy = talk("1", body="short")
    index.update_pages(index_dir, [page("/list.html", listing_copy, talk("2")), page("/own.html", own)])
    docs = stored(index_dir)
    assert len(docs) == 2
    assert sorted(sources_of(docs["1"])) == ["/list.html", "/own.html"]

    index.update_pages(index_dir, [page("/list.html", talk("2"))])  # the listing dropped it
    assert sources_of(stored(index_dir)["1"]) == ["/own.html"]

    summary = index.update_pages(index_dir, [page("/own.html")])  # and now its own page too
    assert summary.removed == 1 and set(stored(index_dir)) == {"2"}


def test_rereading_the_primary_page_replaces_its_copy(index_dir):
    index.update_pages(index_dir, [page("/own.html", talk("1", body="first version of the notes"))])
    index.update_pages(index_dir, [page("/own.html", talk("1", body="edited"))])
    assert stored(index_dir)["1"]["body"] == "edited"


def test_remove_sources_deletes_only_talks_no_other_source_holds(index_dir):
    index.update_pages(index_dir, [page("/list.html", talk("1"), talk("2")), page("/own.html", talk("1"))])
    assert index.remove_sources(index_dir, ["/list.html"]) == 1
    assert set(stored(index_dir)) == {"1"}
    assert known_sources(index_dir) == ["/own.html"]


def test_batches_commit_several_times_and_end_in_the_same_state(index_dir, monkeypatch):
    monkeypatch.setenv(index.BATCH_ENV, "3")
    pages = [page(f"/p{n}.html", talk(f"{n}a"), talk(f"{n}b")) for n in range(10)]
    summary = index.update_pages(index_dir, pages)
    assert summary.added == 20 and len(stored(index_dir)) == 20
    assert generations.open_index(index_dir).latest_generation() >= 5  # one commit per 3+ talks, plus the empty start


def test_stats_count_distinct_values_of_live_talks(index_dir):
    index.update_pages(index_dir, [
        page("/a.html", talk("1", speakers=("Ann",), conference="PyGrunn", date=dt.date(2015, 5, 22)),
             talk("2", speakers=("Ann", "Bob"), conference="PyCon", date=dt.date(2016, 1, 2))),
        page("/b.html", talk("3", speakers=("Cid",), conference="PyCon", date=dt.date(2016, 3, 4))),
    ])
    index.update_pages(index_dir, [page("/b.html")])  # deletes talk 3: Cid and /b.html are gone
    stats = index_stats(index_dir).to_dict()
    assert {k: stats[k] for k in ("talks", "pages", "conferences", "years", "speakers")} == {
        "talks": 2, "pages": 1, "conferences": 2, "years": 2, "speakers": 2}
    assert (stats["first_year"], stats["last_year"]) == (2015, 2016)
    assert stats["size_bytes"] > 0 and dt.datetime.fromisoformat(stats["updated"]).tzinfo is not None


def test_rebuild_swaps_generations_and_an_open_reader_keeps_working(index_dir):
    index.update_pages(index_dir, [page("/a.html", talk("1"), talk("2"))])
    before = generations.live_token(index_dir)
    searcher = generations.open_index(index_dir).searcher()

    index.rebuild(index_dir, [page("/b.html", talk("9"))])
    assert generations.live_token(index_dir) != before
    assert set(stored(index_dir)) == {"9"}
    assert {fields["id"] for fields in searcher.documents()} == {"1", "2"}  # the old view, still readable
    searcher.close()

    index.rebuild(index_dir, [page("/c.html", talk("7"))])
    folders = sorted(p.name for p in index_dir.glob(generations.GEN_PREFIX + "*"))
    assert len(folders) == 2 and before not in folders  # the previous one is kept, older ones go


def test_rebuild_carries_over_sources_it_does_not_read_again(index_dir):
    web = "https://example.org/list"
    index.update_pages(index_dir, [page(web, talk("w1"), talk("shared")), page("/own.html", talk("shared"))])
    index.rebuild(index_dir, [page("/own.html", talk("shared"))], keep_sources=[web])
    docs = stored(index_dir)
    assert set(docs) == {"w1", "shared"}
    assert sorted(sources_of(docs["shared"])) == ["/own.html", web]


def test_a_killed_rebuild_leaves_the_live_generation_and_is_cleaned_next_time(index_dir):
    index.update_pages(index_dir, [page("/a.html", talk("1"))])
    live = generations.live_token(index_dir)
    (index_dir / f"{generations.GEN_PREFIX}000099").mkdir()  # a half-built generation
    assert generations.live_token(index_dir) == live and set(stored(index_dir)) == {"1"}
    index.rebuild(index_dir, [page("/a.html", talk("1"))])
    assert not (index_dir / f"{generations.GEN_PREFIX}000099").exists()
    rebuilt = generations.live_token(index_dir)
    leftover = index_dir / f"{generations.GEN_PREFIX}{int(rebuilt[len(generations.GEN_PREFIX):]) + 1:06d}"
    leftover.mkdir()  # an incremental update clears it too, and keeps the previous generation
    index.update_pages(index_dir, [page("/b.html", talk("2"))])
    assert not leftover.exists() and (index_dir / live).is_dir() and generations.live_token(index_dir) == rebuilt


def test_a_second_writer_waits_then_reports_busy_while_readers_go_on(index_dir, monkeypatch):
    index.update_pages(index_dir, [page("/a.html", talk("1"))])
    monkeypatch.setenv(generations.LOCK_TIMEOUT_ENV, "0.2")
    with generations.write_lock(index_dir):
        with pytest.raises(IndexBusy, match="being updated by another process"):
            index.update_pages(index_dir, [page("/b.html", talk("2"))])
        assert set(stored(index_dir)) == {"1"}  # reading is not blocked
    index.update_pages(index_dir, [page("/b.html", talk("2"))])
    assert set(stored(index_dir)) == {"1", "2"}


def test_a_damaged_index_is_reported_as_corrupt(index_dir):
    index.update_pages(index_dir, [page("/a.html", talk("1"))])
    for toc in generations.live_dir(index_dir).glob("*.toc"):
        toc.write_bytes(b"\x00garbage")
    with pytest.raises(IndexCorrupt, match="reindex --full"):
        generations.open_index(index_dir)


def test_update_without_create_needs_an_index(index_dir):
    with pytest.raises(IndexNotFound):
        index.update_pages(index_dir, [page("/a.html", talk("1"))], create=False)


def test_a_garbled_current_pointer_is_reported_as_corrupt(index_dir):
    index.update_pages(index_dir, [page("/a.html", talk("1"))])
    (index_dir / generations.CURRENT).write_text("../../elsewhere\n")
    with pytest.raises(IndexCorrupt, match="names no generation"):
        generations.open_index(index_dir)


def test_segments_are_written_as_separate_files(index_dir):
    """Whoosh copies the files of a compound segment into memory when it opens one: readers would hold it all."""
    index.update_pages(index_dir, [page("/a.html", talk("1"))])
    index.update_pages(index_dir, [page("/b.html", talk("2"))])
    folder = generations.live_dir(index_dir)
    assert list(folder.glob("*.trm")) and not list(folder.glob("*.seg"))


def test_a_searcher_reads_stored_fields_and_lengths_after_a_writer_merged_its_segments_away(index_dir):
    """Whoosh opens a segment's columns (stored fields, field lengths) only when first needed; a writer's
    merge deletes the segment's files. A searcher opened before the merge must still read them all."""
    for n in range(3):  # three commits, three small segments
        index.update_pages(index_dir, [page(f"/p{n}.html", talk(f"{n}", body=f"notes number {n}"))])
    searcher, _token = generations.open_searcher(index_dir)
    folder = generations.live_dir(index_dir)
    held = {path.name for path in folder.iterdir() if path.suffix == ".col"}
    for n in range(3, 12):  # small segments are merged as commits come, until those held are gone
        index.update_pages(index_dir, [page(f"/p{n}.html", talk(f"{n}", body=f"notes number {n}"))])
        if not held & {path.name for path in folder.iterdir()}:
            break
    assert not held & {path.name for path in folder.iterdir()}, "no merge deleted the searcher's segments"

    with searcher:
        assert {fields["id"] for fields in searcher.documents()} == {"0", "1", "2"}
        reader = searcher.reader()
        assert all(reader.doc_field_length(docnum, "body") == 2 for docnum in reader.all_doc_ids())


def waiting_for_lock(path) -> bool:
    """Whether some process waits for a flock on `path` (a "->" line of /proc/locks names its inode)."""
    inode = f":{path.stat().st_ino}"
    return any(line.split()[1] == "->" and any(field.endswith(inode) for field in line.split())
               for line in Path("/proc/locks").read_text().splitlines())


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks to see a waiting writer")
def test_a_writer_deletes_merged_files_only_when_no_reader_is_opening_the_index(index_dir):
    """While a reader holds the fence (it is between reading a table of contents and mapping the files it
    names), a writer commits but waits to delete the files it merged away; they go once the fence is released."""
    from search.storage import FENCE_NAME, fence

    for n in range(3):
        index.update_pages(index_dir, [page(f"/p{n}.html", talk(f"{n}"))])
    folder = generations.live_dir(index_dir)
    before = {path.name for path in folder.iterdir()}
    with fence(index_dir, exclusive=False):
        writer = threading.Thread(target=index.update_pages, args=(index_dir, [page("/p9.html", talk("9"))]))
        writer.start()
        deadline = time.monotonic() + 60
        while not waiting_for_lock(index_dir / FENCE_NAME) and time.monotonic() < deadline:
            time.sleep(0.01)  # polling until the writer waits for the fence, bounded by the deadline
        assert waiting_for_lock(index_dir / FENCE_NAME), "the writer never waited for the fence"
        after_commit = {path.name for path in folder.iterdir()}
        assert {name for name in after_commit - before if name.endswith(".toc")}  # it has committed
        assert before <= after_commit  # but deleted nothing
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert before - {path.name for path in folder.iterdir()}  # the old table of contents (and merged files) went
