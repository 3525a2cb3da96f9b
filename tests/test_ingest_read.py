"""Bad input never stops a run: each unreadable file gives one warning naming it, the others go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.ingest import UnreadablePage, read_paths, split_page
from search.ingest.decode import decode

GOOD = b"<html><body><article><h1>Good talk</h1><p>by Ada Lovelace</p><p>Engines and notes on the Analytical Engine, with the first program.</p></article></body></html>"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.html").write_bytes(GOOD)
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.htm").write_bytes(b"  \n\n ")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "truncated.html").write_bytes(GOOD[: len(GOOD) // 2 + 20])
    (tmp_path / "nested.html").write_bytes(b"<html><body><h1>Deep</h1>" + b"<div>" * 200_000 + b"<p>bottom text of the notes</p>")
    (tmp_path / "notes.txt").write_text("not html")
    return tmp_path


def pages_by_name(folder: Path) -> dict:
    return {Path(page.source).name: page for page in read_paths([folder])}


def test_one_warning_per_bad_file_and_the_rest_goes_on(folder):
    pages = pages_by_name(folder)
    assert set(pages) == {"good.html", "empty.html", "blank.htm", "binary.html", "truncated.html", "nested.html"}
    assert [talk.title for talk in pages["good.html"].talks] == ["Good talk"]
    for name in ("empty.html", "blank.htm", "binary.html"):
        page = pages[name]
        assert not page.talks
        assert page.warning and name in page.warning and "\n" not in page.warning
    assert "empty" in pages["empty.html"].warning
    assert "binary" in pages["binary.html"].warning


def test_truncated_and_deeply_nested_pages_are_read_as_far_as_they_go(folder):
    pages = pages_by_name(folder)
    assert pages["truncated.html"].ok
    assert [talk.title for talk in pages["truncated.html"].talks] == ["Good talk"]
    [deep] = pages["nested.html"].talks
    assert deep.title == "Deep" and deep.body == "bottom text of the notes"


def test_a_50_mb_file_is_skipped_with_a_warning(tmp_path: Path):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    (tmp_path / "good.html").write_bytes(GOOD)
    pages = pages_by_name(tmp_path)
    assert "too large" in pages["huge.html"].warning and "huge.html" in pages["huge.html"].warning
    assert pages["good.html"].talks


def test_a_missing_file_gives_a_warning(tmp_path: Path):
    page = next(read_paths([tmp_path / "gone.html"]))
    assert "gone.html" in page.warning and not page.talks


def test_split_page_rejects_binary_and_huge_input_with_one_sentence():
    with pytest.raises(UnreadablePage, match="binary"):
        split_page(b"\x00\x01\x02PNG" * 100, "x.html")
    with pytest.raises(UnreadablePage, match="too large"):
        split_page(b"a" * (21 * 1024 * 1024), "x.html")


def test_split_page_on_nothing_gives_nothing():
    assert split_page("", "x.html") == []
    assert split_page(b"<html></html>", "x.html") == []


def test_decode_prefers_bytes_that_are_valid_utf8_over_a_wrong_claim():
    text = "<meta charset='iso-8859-1'><p>Zoë – café</p>"
    assert "Zoë – café" in decode(text.encode("utf-8"))


def test_decode_drops_nul_bytes_and_keeps_mostly_valid_utf8():
    text = decode(b"<meta charset=utf-8><p>NUL\x00 bytes</p><p>r\xc3\xa9sum\xc3\xa9 then \xff\xfe\xc3( junk</p>")
    assert "NUL bytes" in text and "résumé then ( junk" in text


def test_decode_uses_a_trustworthy_claim():
    assert "Grüße" in decode("<p>Grüße</p>".encode("latin-1"), charset="latin-1")
    assert "Grüße" in decode("<meta charset=iso-8859-1><p>Grüße</p>".encode("latin-1"))
