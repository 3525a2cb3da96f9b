"""Fit the splitter's weights on the labelled pages, and measure them on sources they were not fitted on.

    python -m search.ingest.fit            # fit on every labelled source, print the scores, write weights.json
    python -m search.ingest.fit --loso     # also: for each source, fit without it and score it (leave one source out)
    python -m search.ingest.fit --dry-run  # print, do not write

Labelled sources: each top folder of ../shared/devcorpus2 (its truth.jsonl) and of ../shared/devcorpus
(tests/devcorpus_truth.jsonl), and the fixture pages of tests/fixtures/pages (one source: invented pages,
each with its expected talks). The splitter runs on every page while its decisions are recorded; each
option of a decision is then judged against the truth (a speaker option is right when its names are exactly
the labelled speakers of the talk it was made for; a way to divide a page, when it finds the most labelled
talks and makes up the fewest), and a conditional logit per decision learns which options win, its weights
pulled toward the hand-set prior. `make fit` runs this; the weights are data in search/ingest/weights.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.ingest import dedupe, read_paths, split_page
from search.ingest.evidence import WEIGHTS_FILE, Record, recording, using_weights
from search.model import Talk
from search.spliteval import Tally, load_truth, match_page, same_speakers, score

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
CORPORA = (  # (truth file, folder it labels)
    (SHARED / "devcorpus2" / "truth.jsonl", SHARED / "devcorpus2"),
    (ROOT / "tests" / "devcorpus_truth.jsonl", SHARED / "devcorpus"),
)
L2 = 0.02
STEPS = 1500


@dataclass
class PageRun:
    """One labelled page, split: its talks (as dicts) and the decisions made on it."""

    source: str  # the labelled source (a corpus's top folder, or "fixtures")
    page: str
    truth: list[dict]
    talks: list[dict]
    records: list[Record] = field(default_factory=list)


def corpus_runs(truth_path: Path, folder: Path, only: set[str] | None = None) -> list[PageRun]:
    truth, pages = load_truth(truth_path)
    by_page = defaultdict(list)
    for t in truth:
        by_page[t["page"]].append(t)
    sources = sorted({page.split("/", 1)[0] for page in pages} & (only or {page.split("/", 1)[0] for page in pages}))
    runs = []
    for source in sources:
        with recording() as records:
            read = list(read_paths([folder / source]))
        by_where = defaultdict(list)
        for rec in records:
            by_where[rec.page].append(rec)
        for page in read:
            name = Path(page.source).resolve().relative_to(folder.resolve()).as_posix()
            if name in pages:
                runs.append(PageRun(source, name, by_page[name], [t.to_dict() for t in page.talks], by_where[page.source]))
    return runs


def fixture_runs() -> list[PageRun]:
    runs = []
    for case in sorted(FIXTURES.glob("*.json")):
        spec = json.loads(case.read_text(encoding="utf-8"))
        html = case.with_suffix(".html")
        source = spec.get("source", str(html))
        with recording() as records:
            talks = split_page(html.read_bytes(), source, url=spec.get("url"), charset=spec.get("charset"))
        truth = [dict(t, page=html.name, first_words=t.get("first_words", "")) for t in spec["talks"]]
        runs.append(PageRun("fixtures", html.name, truth, [dict(t.to_dict(), source=str(html)) for t in talks], records))
    return runs


def all_runs(only: set[str] | None = None) -> list[PageRun]:
    runs = []
    for truth_path, folder in CORPORA:
        if truth_path.is_file() and folder.is_dir():
            runs += corpus_runs(truth_path, folder, only)
    if only is None or "fixtures" in only:
        runs += fixture_runs()
    return runs


# --- examples ----------------------------------------------------------------------------------


def speaker_examples(runs: list[PageRun]) -> list[tuple[str, list[tuple[dict[str, float], float]]]]:
    """(source, [(features, target share) per option, then "no speaker"]) for each labelled talk: the options
    naming exactly the labelled speakers share the target (or "no speaker" when the labels name nobody)."""
    examples = []
    for run in runs:
        pairs = match_page(run.truth, run.talks)
        decided = {rec.talk: rec for rec in run.records if rec.decision == "speaker" and rec.talk}
        for i, j in pairs.items():
            want = run.truth[i].get("speakers")
            rec = decided.get(run.talks[j]["id"])
            if want is None or rec is None or not rec.options:
                continue  # (a fixture that does not label speakers, or a talk with nothing to decide)
            right = [float(same_speakers(want, list(o.detail["names"]))) for o in rec.options] + [float(not want)]
            if sum(right):
                group = [(o.features | {"bias": 1.0}, r / sum(right)) for o, r in zip(rec.options, right)]
                examples.append((run.source, group + [({}, right[-1] / sum(right))]))  # ("no speaker" scores 0)
    return examples


def segment_examples(runs: list[PageRun]) -> list[tuple[str, list[tuple[dict[str, float], float]]]]:
    """(source, [(features, share of the best) per option]) for every way-to-divide decision whose options
    differ in how many of the page's labelled talks they find (talks found minus talks made up)."""
    examples = []
    for run in runs:
        for rec in run.records:
            if rec.decision != "segment" or len(rec.options) < 2:
                continue
            utility = [useful(run.truth, option.detail["talks"]) for option in rec.options]
            best = max(utility)
            if min(utility) == best:
                continue
            winners = [u == best for u in utility]
            examples.append((run.source, [(o.features, w / sum(winners)) for o, w in zip(rec.options, winners)]))
    return examples


def useful(truth: list[dict], talks: list[dict]) -> int:
    found = len(match_page(truth, talks))
    return found - (len(talks) - found)


# --- fitting -----------------------------------------------------------------------------------


def fit_softmax(groups: list[list[tuple[dict[str, float], float]]], prior: dict[str, float], l2: float = L2,
                steps: int = STEPS) -> dict[str, float]:
    """Weights of a conditional logit: in each group the options' scores compete, the target share is
    spread over the best options; by gradient descent with an L2 penalty toward the prior weights."""
    names = sorted({name for group in groups for features, _ in group for name in features} | set(prior))
    w = {k: prior.get(k, 0.0) for k in names}
    g2 = dict.fromkeys(w, 1e-8)
    n = max(1, len(groups))
    for _ in range(steps):
        grad = dict.fromkeys(w, 0.0)
        for group in groups:
            scores = [sum(w[k] * v for k, v in features.items()) for features, _ in group]
            top = max(scores)
            exps = [math.exp(z - top) for z in scores]
            total = sum(exps)
            for (features, target), e in zip(group, exps):
                for k, v in features.items():
                    grad[k] += (e / total - target) * v
        for k in w:
            g = grad[k] / n + l2 * (w[k] - prior.get(k, 0.0))
            g2[k] += g * g
            w[k] -= 0.5 * g / math.sqrt(g2[k])
    return {k: round(v, 4) for k, v in w.items() if abs(v) >= 1e-4}



def fit(runs: list[PageRun], exclude: str | None = None, l2: float = L2) -> dict[str, dict[str, float]]:
    prior = prior_weights()
    weights = dict(prior)
    groups = [group for source, group in speaker_examples(runs) if source != exclude]
    if groups:
        weights["speaker"] = fit_softmax(groups, prior.get("speaker", {}), l2)
    groups = [group for source, group in segment_examples(runs) if source != exclude]
    if groups:
        weights["segment"] = fit_softmax(groups, prior.get("segment", {}), l2)
    return weights


def prior_weights() -> dict[str, dict[str, float]]:
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["prior"]


# --- scoring -----------------------------------------------------------------------------------


def tally(runs: list[PageRun]) -> dict[str, Tally]:
    """Per-source figures as `confsearch eval-split` prints them (a listing's copies of posts deduplicated)."""
    by_source: dict[str, list[PageRun]] = defaultdict(list)
    for run in runs:
        by_source[run.source].append(run)
    tallies = {}
    for source, members in sorted(by_source.items()):
        placed = [(run.page, Talk.from_dict(t)) for run in members for t in run.talks]
        kept = {id(talk) for talk in dedupe(talk for _, talk in placed)}
        talks = [dict(talk.to_dict(), source="/" + page) for page, talk in placed if id(talk) in kept]
        truth = [t for run in members for t in run.truth]
        tallies[source] = score(truth, {run.page for run in members}, talks, Path("/")).tallies["all"]
    return tallies


def table(rows: dict[str, dict[str, Tally]]) -> str:
    lines = [f"{'source':<44} {'weights':<10} {'talks':>5} {'found':>5}   P      R      F1     speakers date"]
    for source, by_kind in rows.items():
        for kind, t in by_kind.items():
            d = t.to_dict()
            fmt = lambda v: "  -  " if v is None else f"{v:.3f}"  # noqa: E731
            lines.append(f"{source:<44} {kind:<10} {d['truth']:>5} {d['predicted']:>5}   {d['precision']:.3f}  {d['recall']:.3f}  "
                         f"{d['f1']:.3f}  {fmt(d['speakers'])}    {fmt(d['date'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.ingest.fit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--loso", action="store_true", help="also score each source with weights fitted without it")
    parser.add_argument("--dry-run", action="store_true", help="do not write weights.json")
    parser.add_argument("--l2", type=float, default=L2, help=f"pull toward the prior weights (default {L2})")
    args = parser.parse_args(argv)
    runs = all_runs()
    sources = sorted({run.source for run in runs})
    before = tally(runs)
    weights = fit(runs, l2=args.l2)
    with using_weights(weights):
        after = tally(all_runs())
    rows = {s: {"before": before[s], "fitted": after[s]} for s in sources}
    if args.loso:
        for source in sources:
            held_out = fit(runs, exclude=source, l2=args.l2)
            with using_weights(held_out):
                rows[source]["held-out"] = tally(all_runs({source}))[source]
    print(table(rows))
    if not args.dry_run:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")) | {"weights": weights}
        data["note"] = ("prior: hand-set weights (the splitter's earlier order of rules); weights: fitted by "
                        f"`python -m search.ingest.fit` on {', '.join(sources)}, with an L2 pull of {args.l2} toward the prior")
        WEIGHTS_FILE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
