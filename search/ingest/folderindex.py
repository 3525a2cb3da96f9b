"""A folder's index page that only lists the talks of the pages beside it.

Sphinx's event `index.rst` with a hidden toctree and a hand-written list ("Talks I went to: * NAME: Title
* NAME: Title"), or a Markdown README doing the same, reads like a short talk of its own. Read together
with its folder, it is recognised: an `index`/`README` page whose one short "talk" names two or more
talks on the other pages of its folder (their titles, or the speakers its first line gave it) is a
listing, and gives no talk.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from search.ingest.content import title_key
from search.model import Page

INDEX_STEMS = frozenset({"index", "readme"})
LISTING_WORDS = 120  # an index's intro and its list of titles; notes on a talk run longer
MIN_TITLE_WORDS = 2  # ("Keynote" alone is named on many pages)


def without_listings(pages: list[Page]) -> list[Page]:
    """The folder's pages, with the talk of an index page that only lists the others taken out."""
    return [replace(page, talks=()) if lists_others(page, pages) else page for page in pages]


def lists_others(page: Page, pages: list[Page]) -> bool:
    if len(page.talks) != 1 or PurePosixPath(page.source).stem.lower() not in INDEX_STEMS:
        return False
    body = title_key(page.talks[0].body)
    if len(body.split()) > LISTING_WORDS:
        return False
    talk = page.talks[0]
    others = [t for other in pages if other is not page for t in other.talks]
    named = [t for t in others if len(title_key(t.title).split()) >= MIN_TITLE_WORDS and f" {title_key(t.title)} " in f" {body} "]
    same_speakers = [t for t in others if talk.speakers and set(t.speakers) == set(talk.speakers)]
    return len({t.id for t in named + same_speakers}) >= 2
