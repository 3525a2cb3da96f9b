"""The same entry on a listing page and on its own page becomes one talk."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from search.ingest import dedupe, read_paths

SITE = Path(__file__).parent / "fixtures" / "pages" / "listing_and_own_page"


def test_listing_entry_and_own_page_share_one_id_without_a_canonical_link():
    pages = {Path(page.source).name: page for page in read_paths([SITE])}
    listing, own = pages["index.html"].talks, pages["pytest-fixtures.html"].talks
    assert [talk.title for talk in listing] == ["Pytest fixtures", "Mypy in practice"]
    assert own[0].id == listing[0].id
    assert own[0].url == (SITE / "2016/06/pytest-fixtures.html").resolve().as_uri()


def test_dedupe_keeps_the_own_page_copy_whatever_the_order():
    pages = list(read_paths([SITE]))
    talks = [talk for page in pages for talk in page.talks]
    for ordered in (talks, list(reversed(talks))):
        kept = dedupe(ordered)
        assert sorted(talk.title for talk in kept) == ["Mypy in practice", "Pytest fixtures"]
        fixtures = next(talk for talk in kept if talk.title == "Pytest fixtures")
        assert fixtures.source.endswith("pytest-fixtures.html")
        assert "Use yield fixtures for cleanup." in fixtures.body


def test_dedupe_by_fingerprint_when_permalinks_differ():
    pages = list(read_paths([SITE / "2016"]))
    talk = pages[0].talks[0]
    mirror = dataclasses.replace(talk, id="other-id", url="https://mirror.example.org/x", source="/mirror/x.html")
    assert dedupe([talk, mirror]) == [talk]


def test_dedupe_keeps_different_talks_with_the_same_title():
    talk = next(iter(read_paths([SITE / "2016"]))).talks[0]
    other = dataclasses.replace(talk, id="lightning-2", body="A different talk altogether.", url="x#2")
    assert len(dedupe([talk, other])) == 2


def test_pretty_urls_a_listing_entry_links_to_slug_slash_and_the_post_is_slug_index_html(tmp_path: Path):
    """Hugo/Jekyll: the listing links "../posts/slug/"; that link is the entry's title (not a home link) and
    the post saved as posts/slug/index.html is the same page, so the two copies are one talk."""
    body = "<p>Jane Roe</p><p>" + "Notes on contract testing between services, with examples. " * 4 + "</p>"
    (tmp_path / "page" / "2").mkdir(parents=True)
    (tmp_path / "posts" / "contract-testing").mkdir(parents=True)
    entries = "".join(
        f'<article><h2><a href="../../posts/{slug}/">{title}</a></h2>{body}<p><a href="../../posts/{slug}/">Read more</a></p></article>'
        for slug, title in (("contract-testing", "Contract testing"), ("other", "Another talk"))
    )
    (tmp_path / "page" / "2" / "index.html").write_text(f"<html><body><main>{entries}</main></body></html>")
    (tmp_path / "posts" / "contract-testing" / "index.html").write_text(
        f"<html><body><main><article><h1>Contract testing</h1>{body}</article></main></body></html>")
    pages = {Path(page.source).parent.name: page for page in read_paths([tmp_path])}
    assert [talk.title for talk in pages["2"].talks] == ["Contract testing", "Another talk"]
    assert pages["2"].talks[0].id == pages["contract-testing"].talks[0].id
    kept = dedupe(talk for page in pages.values() for talk in page.talks)
    assert sorted(talk.title for talk in kept) == ["Another talk", "Contract testing"]


def test_a_posts_sections_shown_on_a_category_page_keep_the_posts_ids(tmp_path: Path):
    """Pelican's category page of one post shows it whole, its title linking to the post: each talk section
    there is the same talk as on the post's page (one id), so indexing both pages keeps one of each."""
    sections = "".join(f"<h2 id='s{n}'>Session {n}: Talk {n}</h2><p>{name}</p><p>{'Notes on the talk. ' * 20}</p>"
                       for n, name in ((1, "Jane Roe"), (2, "Mark Allen")))
    (tmp_path / "2016").mkdir()
    (tmp_path / "category").mkdir()
    (tmp_path / "2016" / "conf.html").write_text(
        f"<html><body><article><h1><a href='../2016/conf.html'>Conf 2016</a></h1>{sections}</article></body></html>")
    (tmp_path / "category" / "conf.html").write_text(
        f"<html><body><aside id='featured'><article><h1><a href='../2016/conf.html'>Conf 2016</a></h1>{sections}"
        "</article></aside></body></html>")
    pages = {Path(page.source).parent.name: page for page in read_paths([tmp_path])}
    assert [t.id for t in pages["category"].talks] == [t.id for t in pages["2016"].talks]
    assert len(pages["2016"].talks) == 2
