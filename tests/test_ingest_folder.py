"""An event's index page speaks for the talk pages beside it: its dates date "Day 2" talks, its links name speakers;
whether the folder is read whole or one file at a time (as `confsearch index` reads changed files)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from search.ingest import dedupe, read_paths
from search.ingest.folder import event_dates, resolve_day

NOTES = "<p>" + "Notes taken during the talk, with the main points and a few links to the slides. " * 3 + "</p>"


def page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><div class='body'><h1>{title}</h1>{body}</div></body></html>"


def event_folder(root: Path, *, dirhtml: bool = False) -> Path:
    folder = root / "DjangoCon2013"
    folder.mkdir(parents=True)
    index = ("<ul><li>Location: Warsaw</li><li>When: 15-17 May 2013</li></ul>"
             f"<ul><li><a href='{'ponies/' if dirhtml else 'ponies.html'}'>Ponies at scale</a> - Jane Roe</li></ul>")
    (folder / "index.html").write_text(page("DjangoCon Europe 2013", index))
    days = "".join(f"<h2>Day {n}</h2><h3>Talk {n}a - Ann Example</h3>{NOTES}<h3>Talk {n}b - Bob Example</h3>{NOTES}"
                   for n in (1, 2))
    (folder / "days.html").write_text(page("My talks", days))
    target = folder / "ponies" / "index.html" if dirhtml else folder / "ponies.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(page("Ponies at scale", NOTES))
    (folder / "keynote.html").write_text(page("Day 3 keynote", "<p>Speaker: Carl Example</p>" + NOTES))
    (folder / "other.html").write_text(page("Deployment", "<p>Speaker: Dee Example</p>" + NOTES))
    return folder


def talks_by_title(paths) -> dict:
    return {talk.title: talk for page in read_paths(paths) for talk in page.talks}


def test_day_headings_and_titles_are_dated_by_the_event_index(tmp_path: Path):
    talks = talks_by_title([event_folder(tmp_path)])
    assert talks["Talk 1a"].date == dt.date(2013, 5, 15) and talks["Talk 2b"].date == dt.date(2013, 5, 16)
    assert talks["Day 3 keynote"].date == dt.date(2013, 5, 17)
    assert talks["Deployment"].date is None  # (nothing says which day: the event's first day would be a guess)


def test_one_file_read_alone_gets_the_same_dates_and_speakers(tmp_path: Path):
    folder = event_folder(tmp_path)
    assert talks_by_title([folder / "keynote.html"])["Day 3 keynote"].date == dt.date(2013, 5, 17)
    assert talks_by_title([folder / "ponies.html"])["Ponies at scale"].speakers == ("Jane Roe",)


def test_directory_urls_a_talk_in_its_own_folder_reads_the_index_above(tmp_path: Path):
    folder = event_folder(tmp_path, dirhtml=True)
    assert talks_by_title([folder / "ponies" / "index.html"])["Ponies at scale"].speakers == ("Jane Roe",)


def test_event_dates_and_days():
    html = page("OSCON 2016", "<ul><li>MAY 16–17, 2016: TUTORIALS</li><li>MAY 18–19, 2016: SESSIONS</li></ul>")
    event = event_dates(html.encode())
    assert event == (dt.date(2016, 5, 16), dt.date(2016, 5, 19))
    assert resolve_day("Day 2 - Thursday", event) == dt.date(2016, 5, 17)
    assert resolve_day("Thursday", event) == dt.date(2016, 5, 19)
    assert resolve_day("Day two", event) == dt.date(2016, 5, 17)
    assert resolve_day("Day 5", event) is None  # (the event has four days)
    assert resolve_day("Lightning talks", event) is None
    many = page("Events", "<ul><li>PyCon 2013: 15 March 2013</li><li>EuroPython 2013: 1 July 2013</li></ul>")
    assert event_dates(many.encode()) is None  # (a site's list of events spans months: no one event)


def readme_index(entries: str) -> str:
    return ('<html><head><title>Conference notes</title></head><body><article class="md-content__inner">'
            f"<h1>Conference notes</h1><p>My notes from the talks I went to.</p><h2>PyCon 2019</h2>{entries}</article></body></html>")


def test_a_readme_listing_its_notes_is_no_talk_and_its_entries_are_the_notes_own_talks(tmp_path: Path):
    """A MkDocs README: '“Title” by NAME' entries linking to the notes beside it (as list items, as paragraphs,
    or as linked headings with a line each) gives no talk of its own; the notes are one talk each."""
    shapes = {
        "items": "".join(f'<li><p><a href="talk{i}/">“Scaling part {i}”</a> by Jane Roe</p><p>A line on part {i}.</p></li>'
                         for i in range(6)),
        "lines": "".join(f'<p><a href="talk{i}/">“Scaling part {i}”</a> by Jane Roe</p><p>A line on part {i}.</p>'
                         for i in range(6)),
        "heads": "".join(f'<h3><a href="talk{i}/">“Scaling part {i}” by Jane Roe</a></h3><p>A talk on scaling, the {i}th part.</p>'
                         for i in range(6)),
    }
    for name, entries in shapes.items():
        site = tmp_path / name
        site.mkdir()
        (site / "index.html").write_text(readme_index(f"<ul>{entries}</ul>" if name == "items" else entries))
        for i in range(6):
            (site / f"talk{i}").mkdir()
            (site / f"talk{i}" / "index.html").write_text(page(f"Scaling part {i}", "<p>Speaker: Jane Roe</p>" + NOTES))
        pages = {Path(p.source).parent.name: p for p in read_paths([site])}
        if name != "heads":
            assert pages[name].talks == (), name  # (its text is mostly lines linking to the notes)
        kept = dedupe(talk for p in pages.values() for talk in p.talks)
        assert sorted(talk.title for talk in kept) == [f"Scaling part {i}" for i in range(6)], name
        assert all(talk.source.endswith("index.html") and "/talk" in talk.source for talk in kept), name
