"""A deterministic synthetic weblog of conference talk notes, in the page shapes the ingester handles.

    python bench/generate.py OUT --talks 10000 [--seed 42]

writes `OUT/pages/<conference>-<year>/<page>.html` (1 to 8 talks a page, in three shapes: Plone-like listing
pages of several entries, single-entry pages with <article> and <time datetime>, Sphinx-like pages of
lightning-talk sections with a "Speaker: NAME" line) and `OUT/talks.jsonl`, the ground truth: one JSON object
per talk (id = permalink, title, speakers, conference, date, body, page, people, talk). The same seed gives the
same bytes.

Some notes write a speaker otherwise (accents dropped, a short first name, a surname one letter off: `people`
holds who they are), some talks are written up again by a second note-taker on another weblog (the same
`talk`) and some are given again at a later edition of their conference (another `talk`, the same title).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import itertools
import json
import random
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.vocabulary import CONFERENCE_SERIES, FIRST_NAMES, LAST_NAMES, PARTICLES, TECH_WORDS, ranked_vocabulary

VOCABULARY_SIZE = 30_000
ZIPF_EXPONENT = 1.05
SPEAKERS = 400
FIRST_YEAR, YEARS = 2010, 15
SITE = "https://notes.example.org"
SHAPES = ("listing", "single", "sphinx")
NOTE_TAKER = "Maurits Notetaker"
SECOND_SITE = "https://blog.other.example"
WRITTEN_UP_AGAIN = 0.04  # of talks also written up on the second weblog
GIVEN_AGAIN = 0.02  # of talks given again at a later edition
MISSPELT = 0.03  # of notes that write a speaker otherwise
SHORT_FORMS = {"Andrew": "Andy", "Raymond": "Ray", "Jessica": "Jess", "Katie": "Kate", "Laura": "Laurie"}


@dataclass(frozen=True)
class GenTalk:
    """The ground truth for one generated talk."""

    id: str
    title: str
    speakers: tuple[str, ...]
    conference: str
    date: str
    body: str  # paragraphs separated by blank lines; bullet items start with "- "
    page: str  # path of the page file, relative to the pages folder
    people: tuple[str, ...] = ()  # who the speakers are (their usual spelling), when written otherwise
    talk: str = ""  # the id of the talk these notes are about, when another note-taker wrote them


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Writer:
    """Draws words, names and talks from one seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = ranked_vocabulary(VOCABULARY_SIZE, self.rng)
        weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(self.words) + 1)]
        self.cum_weights = list(itertools.accumulate(weights))
        self.topics = sorted(set(TECH_WORDS))
        self.speakers = self._speakers(SPEAKERS)
        self.titles_seen: set[str] = set()

    def _speakers(self, count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if self.rng.random() < 0.12:
                last = f"{self.rng.choice(PARTICLES)} {last}"
            name = f"{first} {last}"
            if name not in names:
                names.append(name)
        return names

    def sentence(self, low: int = 6, high: int = 18) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=self.rng.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def body(self) -> str:
        target = min(1400, max(100, int(self.rng.lognormvariate(6.2, 0.6))))
        blocks: list[str] = []
        count = 0
        while count < target:
            if self.rng.random() < 0.3:
                items = [f"- {self.sentence(3, 10)}" for _ in range(self.rng.randint(2, 6))]
                block = "\n".join(items)
            else:
                block = " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))
            blocks.append(block)
            count += len(block.split())
        return "\n\n".join(blocks)

    def title(self) -> str:
        while True:
            topic = self.rng.sample(self.topics, self.rng.randint(1, 2)) + self.rng.sample(self.words[100:5000], 1)
            pattern = self.rng.choice(("{} in practice", "Scaling {}", "{}: lessons learned", "A tour of {}",
                                       "Why {} matters", "{}", "Building {} with Python", "{} for beginners"))
            title = pattern.format(" ".join(topic)).strip()
            title = title[0].upper() + title[1:]
            if title not in self.titles_seen:
                self.titles_seen.add(title)
                return title

    def talk_speakers(self) -> tuple[str, ...]:
        count = 2 if self.rng.random() < 0.1 else 1
        return tuple(self.rng.sample(self.speakers, count))


def editions(rng: random.Random) -> list[tuple[str, dt.date]]:
    """Every (conference, date) a talk can come from: each series once a year over the years."""
    result = []
    for series in CONFERENCE_SERIES:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            result.append((series, dt.date(year, month, day)))
    return result


def plan_pages(n_talks: int, writer: Writer) -> list[list[GenTalk]]:
    """Group `n_talks` new talks into pages of 1 to 8, each page from one conference edition."""
    rng = writer.rng
    all_editions = editions(rng)
    pages: list[list[GenTalk]] = []
    made = 0
    while made < n_talks:
        shape = rng.choices(SHAPES, weights=(3, 4, 2))[0]
        size = 1 if shape == "single" else rng.randint(2, 8)
        size = min(size, n_talks - made)
        conference, date = rng.choice(all_editions)
        folder = f"{slugify(conference)}-{date.year}"
        page = f"{folder}/{shape}-{len(pages):06d}.html"
        talks = []
        for _ in range(size):
            title, speakers = writer.title(), writer.talk_speakers()
            slug = slugify(f"{speakers[0]} {title}")[:80]
            talk_id = f"{SITE}/{folder}/{slug}" if shape != "sphinx" else f"{SITE}/{page}#{slug}"
            talks.append(GenTalk(talk_id, title, speakers, conference, date.isoformat(), writer.body(), page))
        pages.append(talks)
        made += size
    return pages


def written_otherwise(name: str, rng: random.Random) -> str:
    """The name as another note-taker writes it: accents dropped, a short first name, or a surname letter off."""
    first, _, last = name.partition(" ")
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if folded != name:
        return folded
    if first in SHORT_FORMS:
        return f"{SHORT_FORMS[first]} {last}"
    surname = last.split()[-1]
    if len(surname) < 5:
        return name
    position = rng.randrange(2, len(surname) - 1)
    letter = "e" if surname[position] != "e" else "a"
    return name[: len(name) - len(surname)] + surname[:position] + letter + surname[position + 1:]


def retell(pages: list[list[GenTalk]], writer: Writer) -> list[list[GenTalk]]:
    """Turn some talks into other notes (the number of talks stays): a single-talk page into a second
    note-taker's write-up of another talk (speakers sometimes written otherwise), a talk into the same talk
    given again at a later edition; and write some speakers otherwise."""
    rng = writer.rng
    talks = [talk for page in pages for talk in page]
    singles = [number for number, page in enumerate(pages) if Path(page[0].page).name.startswith("single")]
    for number in rng.sample(singles, min(len(singles), round(len(talks) * WRITTEN_UP_AGAIN))):
        original = talks[rng.randrange(len(talks))]
        if original.talk or original.id == pages[number][0].id:
            continue
        slug = slugify(f"{original.speakers[0]} {original.title}")[:80]
        speakers = tuple(written_otherwise(n, rng) if rng.random() < 0.5 else n for n in original.speakers)
        title = original.title if rng.random() < 0.6 else f"Keynote: {original.title}"
        folder = f"other-weblog/{slugify(original.conference)}-{original.date[:4]}"
        pages[number] = [GenTalk(f"{SECOND_SITE}/{number:06d}/{slug}", title, speakers, original.conference,
                                 original.date, writer.body(), f"{folder}/single-{number:06d}.html",
                                 people=original.speakers, talk=original.id)]
    earlier: dict[str, list[GenTalk]] = {}
    for talk in sorted(talks, key=lambda t: t.date):
        earlier.setdefault(talk.conference, []).append(talk)
    slots = [(p, i) for p, page in enumerate(pages) for i, talk in enumerate(page) if not talk.talk]
    for p, i in rng.sample(slots, round(len(talks) * GIVEN_AGAIN)):
        current = pages[p][i]
        before = [t for t in earlier.get(current.conference, ()) if t.date[:4] < current.date[:4] and not t.talk]
        if before:
            original = rng.choice(before)
            pages[p][i] = replace(current, title=original.title, speakers=original.speakers)
    for page in pages:
        for i, talk in enumerate(page):
            if not talk.people and rng.random() < MISSPELT:
                written = tuple(written_otherwise(n, rng) for n in talk.speakers)
                if written != talk.speakers:
                    page[i] = replace(talk, speakers=written, people=talk.speakers)
    return pages


def body_html(body: str) -> str:
    parts = []
    for block in body.split("\n\n"):
        if block.startswith("- "):
            items = "".join(f"<li><p>{html.escape(line[2:])}</p></li>" for line in block.split("\n"))
            parts.append(f'<ul class="simple">{items}</ul>')
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(parts)


def plone_date(date: str) -> str:
    return dt.date.fromisoformat(date).strftime("%b %d, %Y")


def render_listing(talks: list[GenTalk]) -> str:
    entries = []
    for talk in talks:
        who = " and ".join(talk.speakers)
        entries.append(f"""<article class="tileItem">
<h2 class="tileHeadline"><a href="{html.escape(talk.id)}" class="summary url">{html.escape(who)}: {html.escape(talk.title)}</a></h2>
<div class="documentByLine">published {plone_date(talk.date)}</div>
<div class="tileBody">
<p class="documentDescription">{html.escape(who)} talks about {html.escape(talk.title)}, at {html.escape(talk.conference)}.</p>
{body_html(talk.body)}
</div>
</article>""")
    return page_html("Weblog", f"""<div id="content"><h1 class="documentFirstHeading">Weblog</h1>
<div id="content-core">
{chr(10).join(entries)}
</div></div>""", generator="Plone - http://plone.com")


def render_single(talk: GenTalk) -> str:
    """A blog post about one talk: "Speaker: Title" heading; the byline names the note taker, not the speaker."""
    who = " and ".join(talk.speakers)
    return page_html(talk.title, f"""<article class="post">
<header><h1 class="entry-title">{html.escape(who)}: {html.escape(talk.title)}</h1>
<p class="byline">Notes from {html.escape(talk.conference)} by <span class="author">{NOTE_TAKER}</span>,
<time datetime="{talk.date}">{plone_date(talk.date)}</time></p></header>
<div class="entry-content">
{body_html(talk.body)}
</div>
</article>""", canonical=talk.id, generator="Hugo 0.120")


def render_sphinx(talks: list[GenTalk], date: str, conference: str) -> str:
    sections = []
    for talk in talks:
        anchor = talk.id.rsplit("#", 1)[1]
        sections.append(f"""<section id="{anchor}">
<h2>{html.escape(talk.title)}<a class="headerlink" href="#{anchor}" title="Link to this heading">¶</a></h2>
<p>Speaker: {html.escape(" and ".join(talk.speakers))}</p>
{body_html(talk.body)}
</section>""")
    heading = f"Lightning talks, {conference} {dt.date.fromisoformat(date).year}"
    return page_html(heading, f"""<div class="body" role="main">
<section id="lightning-talks">
<h1>{html.escape(heading)}<a class="headerlink" href="#lightning-talks" title="Link to this heading">¶</a></h1>
{chr(10).join(sections)}
</section>
</div>""", generator="Sphinx 7.2")


def page_html(title: str, main: str, canonical: str | None = None, generator: str = "") -> str:
    link = f'<link rel="canonical" href="{html.escape(canonical)}" />' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><meta name="generator" content="{generator}" />
<title>{html.escape(title)}</title>{link}</head>
<body><header><nav><a href="/">Home</a> <a href="/archive">Archive</a></nav></header>
<main>
{main}
</main>
<aside><h3>Recent posts</h3><ul><li><a href="/about">About this weblog</a></li></ul></aside>
<footer><p>Notes licensed CC BY 4.0.</p></footer>
</body></html>
"""


def render(talks: list[GenTalk]) -> str:
    shape = Path(talks[0].page).name.split("-", 1)[0]
    if talks[0].talk:
        return render_single(talks[0]).replace(NOTE_TAKER, "Another Notetaker")
    if shape == "single":
        return render_single(talks[0])
    if shape == "listing":
        return render_listing(talks)
    return render_sphinx(talks, talks[0].date, talks[0].conference)


def write_pages(pages_dir: Path, pages: list[list[GenTalk]]) -> None:
    for talks in pages:
        path = pages_dir / talks[0].page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(talks), encoding="utf-8")


def write_truth(path: Path, pages: list[list[GenTalk]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for talk in itertools.chain.from_iterable(pages):
            out.write(json.dumps(asdict(talk), ensure_ascii=False) + "\n")


def read_truth(path: Path) -> list[GenTalk]:
    with path.open(encoding="utf-8") as lines:
        return [GenTalk(**{**data, "speakers": tuple(data["speakers"]), "people": tuple(data.get("people") or ())})
                for data in map(json.loads, lines)]


def pages_of(talks: list[GenTalk]) -> list[list[GenTalk]]:
    return [list(group) for _, group in itertools.groupby(talks, key=lambda talk: talk.page)]


def generate(out: Path, n_talks: int, seed: int = 42) -> list[GenTalk]:
    """Write the weblog for `n_talks` talks under `out` (pages/ and talks.jsonl); return the talks."""
    writer = Writer(seed)
    pages = retell(plan_pages(n_talks, writer), writer)
    write_pages(out / "pages", pages)
    write_truth(out / "talks.jsonl", pages)
    return list(itertools.chain.from_iterable(pages))


def change_pages(out: Path, fraction: float, seed: int = 7) -> list[str]:
    """Edit `fraction` of the pages (one talk each gets a new paragraph); rewrite them and talks.jsonl.

    Returns the relative paths of the changed pages."""
    rng = random.Random(seed)
    pages = pages_of(read_truth(out / "talks.jsonl"))
    chosen = rng.sample(range(len(pages)), max(1, round(len(pages) * fraction)))
    for number in chosen:
        talks = pages[number]
        which = rng.randrange(len(talks))
        extra = f"Update {rng.randrange(10**9)}: added after the talk, with slides and video."
        talks[which] = replace(talks[which], body=talks[which].body + "\n\n" + extra)
    write_pages(out / "pages", [pages[number] for number in chosen])
    write_truth(out / "talks.jsonl", pages)
    return [pages[number][0].page for number in chosen]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--talks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    talks = generate(args.out, args.talks, args.seed)
    print(f"{len(talks)} talks on {len(pages_of(talks))} pages in {args.out / 'pages'}")


if __name__ == "__main__":
    main()
