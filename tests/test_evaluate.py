"""Relevance evaluation: the metrics on a known ranking, judgments files, and the figures on our corpora."""

import json

import pytest

from search.errors import SearchError
from search.evaluate import Judgment, Outcome, Report, evaluate, load_judgments, matches
from search.model import Hit, Page

JUDGMENTS = __import__("pathlib").Path(__file__).parent / "judgments"


def hit(id="x", url="", source=""):
    return Hit(id=id, title="t", speakers=(), date=None, conference=None, url=url, source=source, score=1.0)


def test_metrics_of_one_ranking():
    found_second = Outcome(Judgment("q", ("a",), k=3), (2,), ())
    both = Outcome(Judgment("q", ("a", "b"), k=1), (1, 4), ())
    missing = Outcome(Judgment("q", ("a",), k=3), (None,), ())
    assert (found_second.success_at_1, found_second.success_at_k, found_second.reciprocal_rank) == (False, True, 0.5)
    assert (both.success_at_1, both.success_at_k) == (True, False)
    assert both.ndcg == pytest.approx((1 + 1 / 2.321928) / (1 + 1 / 1.5849625))
    assert (missing.reciprocal_rank, missing.ndcg, missing.success_at_k) == (0.0, 0.0, False)
    report = Report((found_second, both, missing)).to_dict()
    assert report["success_at_1"] == pytest.approx(1 / 3, abs=1e-4) and report["passed_at_k"] == 1
    assert report["mrr"] == pytest.approx(0.5, abs=1e-4) and len(report["failures"]) == 2


@pytest.mark.parametrize(
    "entry, h, expected",
    [
        ("abc", hit(id="abc"), True),
        ("2015/05/slug", hit(url="https://x.org/weblog/archive/2015/05/slug"), True),
        ("2015/05/slug", hit(source="/c/weblog/archive/2015/05/slug.html"), True),
        ("DjangoCon/docker.html", hit(url="file:///d/DjangoCon/docker.html"), True),
        ("lightning.html#talk-2", hit(url="file:///d/lightning.html#talk-2"), True),
        ("lightning.html#talk-2", hit(url="file:///d/lightning.html#talk-3"), False),
        ("05/slug", hit(url="https://x.org/2015/05/other-slug"), False),
    ],
)
def test_matching_by_id_or_location_suffix(entry, h, expected):
    assert matches(entry, h) is expected


def test_bad_judgment_lines_are_sentences(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_text('{"query": "ok", "relevant": ["a"]}\n{"query": "no relevant"}\n')
    with pytest.raises(SearchError, match="line 2"):
        load_judgments(path)
    path.write_text("\n")
    with pytest.raises(SearchError, match="no judgments"):
        load_judgments(path)


def test_evaluate_runs_the_queries(index_dir):
    from search.index import update_pages
    from search.service import SearchService
    from tests.talks import TALKS

    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in TALKS])
    judgments = [Judgment("zeromq", ("zmq",), 1), Judgment("generators", ("/notes/generators.html",), 1),
                 Judgment("zeromq", ("gen",), 3)]
    report = evaluate(SearchService(index_dir), judgments).to_dict()
    assert (report["passed_at_k"], report["success_at_1"]) == (2, pytest.approx(2 / 3, abs=1e-4))
    assert report["failures"][0]["ranks"] == [None]


def eval_figures(runner, index_dir, corpus, judgments):
    from search.cli import cli

    result = runner.invoke(cli, ["index", str(corpus), "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["eval", str(judgments), "--index-dir", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_bundled_corpus_judgments(index_dir, corpus_dir):
    from click.testing import CliRunner

    figures = eval_figures(CliRunner(), index_dir, corpus_dir, JUDGMENTS / "corpus.jsonl")
    assert figures["queries"] == 18 and figures["failures"] == []
    assert figures["mrr"] == 1.0


def test_devcorpus_judgments(index_dir, devcorpus_dir):
    from click.testing import CliRunner

    figures = eval_figures(CliRunner(), index_dir, devcorpus_dir, JUDGMENTS / "devcorpus.jsonl")
    assert figures["queries"] >= 40
    # 57 queries, the last 12 hard on purpose (broad topics, a name only in a handle); measured 56 of 57,
    # success@1 0.930, MRR 0.962 (the first 45, the realistic set, all pass). A margin of one query for
    # ingester changes.
    assert figures["passed_at_k"] >= figures["queries"] - 2, figures["failures"]
    assert figures["mrr"] >= 0.95 and figures["success_at_1"] >= 0.92


def test_devcorpus_heldout_judgments(index_dir, devcorpus_dir):
    """40 queries written from reading the notes before any was run (tests/judgments/README.md): first look
    34 of 40; measured 39 of 40, success@1 0.975, MRR 0.988. A margin of one query for ingester changes."""
    from click.testing import CliRunner

    figures = eval_figures(CliRunner(), index_dir, devcorpus_dir, JUDGMENTS / "devcorpus-heldout.jsonl")
    assert figures["queries"] == 40
    assert figures["passed_at_k"] >= 38, figures["failures"]
    assert figures["mrr"] >= 0.96 and figures["success_at_1"] >= 0.95


def test_devcorpus_second_heldout_judgments(index_dir, devcorpus_dir):
    """20 more queries written before any was run, after the ranking changes: first look 19 of 20 (18 on the
    code before them); measured 20 of 20. A margin of one query for ingester changes."""
    from click.testing import CliRunner

    figures = eval_figures(CliRunner(), index_dir, devcorpus_dir, JUDGMENTS / "devcorpus-heldout2.jsonl")
    assert figures["queries"] == 20
    assert figures["passed_at_k"] >= 19, figures["failures"]
    assert figures["mrr"] >= 0.95


def test_ranking_is_at_least_as_good_as_plain_bm25_over_the_same_talks(devcorpus_dir):
    """On every judgments file of the devcorpus (whose splits match its labels), confsearch passes at least as
    many queries, with at least the MRR, as plain BM25 on the same talks (bench/bm25_baseline.py prints them)."""
    from bench.bm25_baseline import compare, judgments_for

    for judged, engines in compare(devcorpus_dir, judgments_for(devcorpus_dir)).items():
        ours = engines.pop("confsearch")
        for name, baseline in engines.items():
            assert ours["passed_at_k"] >= baseline["passed_at_k"], (judged, name, ours, baseline)
            assert ours["mrr"] >= baseline["mrr"], (judged, name, ours, baseline)


def test_devcorpus2_heldout_judgments_against_plain_bm25(devcorpus2_dir):
    """45 queries on the three devcorpus2 sites (15 each: topics, names, phrases, typos, `speaker:`, conference
    plus year), written from reading the pages before any engine ran on them (tests/judgments/README.md).
    First look: 44 of 45, success@1 1.000 (plain BM25 on the same talks: 38). A margin of one query."""
    from bench.bm25_baseline import compare

    engines = compare(devcorpus2_dir, [JUDGMENTS / "devcorpus2-heldout.jsonl"])["devcorpus2-heldout.jsonl"]
    ours = engines.pop("confsearch")
    assert ours["queries"] == 45 and ours["passed_at_k"] >= 43, ours["failures"]
    for name, baseline in engines.items():
        assert ours["passed_at_k"] >= baseline["passed_at_k"] and ours["mrr"] >= baseline["mrr"], (name, baseline)
