"""How well the splitter reads real pages: its talks against hand-made labels (a `truth.jsonl`).

A truth file has one JSON object per line and talk: `page` (path relative to the truth file's folder),
`title`, `speakers`, `date`, `conference`, `first_words`; `non_talk_pages.txt` beside it names pages that
hold no talk ("PAGE<TAB>reason"). Predicted and true talks are matched per page, one to one, greedily by
the better of title similarity and the true first words found at the start of the predicted body (the
rules of devcorpus2's `tools/score.py`, so the figures agree with it). A listing page's copy of a post that
also has its own page is optional: confsearch keeps one document per talk.

Figures per source (the first folder of `page`) and in all: split precision/recall/F1, and over matched
talks the share with the right speaker set, date and conference. Dates are also scored over the talks
the labels date ("where the site states dates").
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.errors import SearchError

MATCH = 0.75
ALL = "all"


@dataclass
class Tally:
    truth: int = 0
    predicted: int = 0
    matched: int = 0
    speakers: int = 0
    speakers_labelled: int = 0
    dates: int = 0
    dates_labelled: int = 0
    dated: int = 0
    dated_right: int = 0
    conferences: int = 0
    conferences_labelled: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.truth if self.truth else 0.0
        share = lambda n, d: round(n / d, 3) if d else None  # noqa: E731
        return {
            "truth": self.truth,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "speakers": share(self.speakers, self.speakers_labelled),
            "date": share(self.dates, self.dates_labelled),
            "date_where_stated": share(self.dated_right, self.dated),
            "conference": share(self.conferences, self.conferences_labelled),
        }


@dataclass
class SplitReport:
    tallies: dict[str, Tally]
    pages: dict[str, int]
    misses: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {source: tally.to_dict() for source, tally in self.tallies.items()}

    def __str__(self) -> str:
        lines = [f"{'source':<44} {'pages':>5} {'talks':>5} {'found':>5}   P      R      F1     speakers date  (stated)  conference"]
        for source, tally in self.tallies.items():
            d = tally.to_dict()
            fmt = lambda v: "  -  " if v is None else f"{v:.3f}"  # noqa: E731
            lines.append(
                f"{source:<44} {self.pages.get(source, 0):>5} {d['truth']:>5} {d['predicted']:>5}   "
                f"{d['precision']:.3f}  {d['recall']:.3f}  {d['f1']:.3f}  {fmt(d['speakers'])}    "
                f"{fmt(d['date'])} ({fmt(d['date_where_stated'])})  {fmt(d['conference'])}"
            )
        return "\n".join(lines)


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return " ".join(text.split())


def words(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def name_key(name: str) -> str:
    return " ".join(words(fold(name).lstrip("@")))


def title_similarity(a: str, b: str) -> float:
    a, b = " ".join(words(a)), " ".join(words(b))
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if len(a) >= 4 and len(b) >= 4 and (a in b or b in a):
        ratio = max(ratio, 0.9)
    return ratio


def first_words_score(first_words: str, body: str) -> float:
    want, have = words(first_words), words(body)[:60]
    if not want or not have:
        return 0.0
    if " ".join(want) in " ".join(have):
        return 1.0
    i = hit = 0
    for word in want[:6]:
        while i < len(have) and have[i] != word:
            i += 1
        if i < len(have):
            hit += 1
            i += 1
    return hit / len(want[:6]) * 0.9


def load_truth(path: str | os.PathLike) -> tuple[list[dict], set[str]]:
    """The labelled talks and every labelled page (non-talk pages included)."""
    path = Path(path)
    try:
        truth = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as error:
        raise SearchError(f"{path}: cannot read the labels ({error})") from None
    if not all(isinstance(t, dict) and "page" in t and "title" in t for t in truth):
        raise SearchError(f"{path}: every line must be a JSON object with at least 'page' and 'title'")
    pages = {t["page"] for t in truth}
    listed = path.with_name(path.stem.removesuffix("truth") + "non_talk_pages.txt")  # (beside truth.jsonl, or X_truth.jsonl)
    if listed.is_file():
        pages |= {line.split("\t")[0] for line in listed.read_text(encoding="utf-8").splitlines() if line.strip()}
    return truth, pages


def source_of(page: str) -> str:
    return page.split("/", 1)[0]


def place(talk: dict, root: Path, pages: set[str]) -> str | None:
    """The labelled page a predicted talk was read from."""
    source = talk.get("source") or ""
    if source.startswith("file:"):
        from urllib.parse import unquote, urlsplit

        source = unquote(urlsplit(source).path)
    if source and os.path.isabs(source):
        relative = Path(os.path.relpath(os.path.realpath(source), root)).as_posix()
        if relative in pages:
            return relative
    source = source.replace(os.sep, "/")
    return next((p for p in pages if source == p or source.endswith("/" + p)), None)


def match_page(truth: list[dict], predicted: list[dict]) -> dict[int, int]:
    """One page's true talks matched one to one with predicted ones: {truth index: predicted index}."""
    candidates = []
    for i, want in enumerate(truth):
        for j, got in enumerate(predicted):
            s = max(title_similarity(want["title"], got.get("title") or ""),
                    first_words_score(want.get("first_words") or "", got.get("body") or ""))
            if s >= MATCH:
                candidates.append((s, i, j))
    match: dict[int, int] = {}
    for _, i, j in sorted(candidates, key=lambda c: -c[0]):
        if i not in match and j not in match.values():
            match[i] = j
    return match


def same_speakers(want: list[str], got: list[str]) -> bool:
    return {name_key(s) for s in want} == {name_key(s) for s in got}


def score(truth: list[dict], pages: set[str], predicted: Iterable[dict], root: Path) -> SplitReport:
    by_page_truth: dict[str, list[int]] = {}
    for i, t in enumerate(truth):
        by_page_truth.setdefault(t["page"], []).append(i)
    preds = [dict(p, _page=place(p, root, pages)) for p in predicted]
    by_page_pred: dict[str | None, list[int]] = {}
    for j, p in enumerate(preds):
        by_page_pred.setdefault(p["_page"], []).append(j)

    match: dict[int, int] = {}
    for page in pages:
        ts, ps = by_page_truth.get(page, []), by_page_pred.get(page, [])
        pairs = match_page([truth[i] for i in ts], [preds[j] for j in ps])
        match.update({ts[a]: ps[b] for a, b in pairs.items()})

    optional = listing_copies(truth, by_page_truth)
    tallies: dict[str, Tally] = {}
    page_counts: dict[str, int] = {}
    for page in pages:
        page_counts[source_of(page)] = page_counts.get(source_of(page), 0) + 1
    misses = []
    for i, t in enumerate(truth):
        tally = tallies.setdefault(source_of(t["page"]), Tally())
        if i in optional and i not in match:
            continue
        tally.truth += 1
        if i not in match:
            misses.append(f"MISS   {t['page']} :: {t['title']}")
            continue
        p = preds[match[i]]
        tally.matched += 1
        for line in judge(t, p, tally):
            misses.append(f"{line:<7}{t['page']} :: {t['title']} :: " + line_detail(line, t, p))
    matched = set(match.values())
    for j, p in enumerate(preds):
        if p["_page"] is None:
            continue  # (read from a page the labels do not cover)
        tallies.setdefault(source_of(p["_page"]), Tally()).predicted += 1
        if j not in matched:
            misses.append(f"EXTRA  {p['_page']} :: {p.get('title')}")
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    ordered = dict(sorted(tallies.items()))
    ordered[ALL] = total
    page_counts[ALL] = len(pages)
    return SplitReport(ordered, page_counts, sorted(misses, key=lambda m: (m[7:], m[:6])))


def judge(t: dict, p: dict, tally: Tally) -> list[str]:
    """Count a matched pair's speakers, date and conference (each only where the labels give it); the misses."""
    wrong = []
    if "speakers" in t:
        tally.speakers_labelled += 1
        ok = same_speakers(t["speakers"] or [], p.get("speakers") or [])
        tally.speakers += ok
        wrong += [] if ok else ["SPEAK"]
    if "date" in t:
        want, got = (t["date"] or "")[:10] or None, (p.get("date") or "")[:10] or None
        tally.dates_labelled += 1
        tally.dates += want == got
        if want:
            tally.dated += 1
            tally.dated_right += want == got
        wrong += [] if want == got else ["DATE"]
    if "conference" in t:
        tally.conferences_labelled += 1
        ok = " ".join(words(t["conference"])) == " ".join(words(p.get("conference")))
        tally.conferences += ok
        wrong += [] if ok else ["CONF"]
    return wrong


def line_detail(kind: str, t: dict, p: dict) -> str:
    key = {"SPEAK": "speakers", "DATE": "date", "CONF": "conference"}[kind]
    return f"want {t[key]} got {p.get(key)}"


def listing_copies(truth: list[dict], by_page: dict[str, list[int]]) -> set[int]:
    """Labels of a post's copy on a listing page, when the post has its own page (fewer talks)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(truth):
        groups.setdefault((fold(t["title"]), fold(t.get("first_words"))), []).append(i)
    optional: set[int] = set()
    for members in groups.values():
        if len({truth[i]["page"] for i in members}) > 1:
            own = min(members, key=lambda i: len(by_page[truth[i]["page"]]))
            optional |= {i for i in members if i != own}
    return optional


def evaluate_split(truth_path: str | os.PathLike, paths: Iterable[str | os.PathLike]) -> SplitReport:
    """Split `paths` as `confsearch split` does and score the talks against the labels."""
    from search.ingest import dedupe, read_paths

    truth, pages = load_truth(truth_path)
    talks = dedupe(talk for page in read_paths(paths) for talk in page.talks)
    root = Path(truth_path).resolve().parent
    return score(truth, pages, (talk.to_dict() for talk in talks), root)
