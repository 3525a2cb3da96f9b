"""The search, show, related and eval commands, run through click on a real index of the bundled corpus."""

import json

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.index import update_pages
from search.ingest import read_paths

ZEROMQ = "2015/05/pieter-hintjens-zeromq"


@pytest.fixture
def indexed(index_dir, corpus_dir):
    update_pages(index_dir, read_paths([str(corpus_dir)]))
    return index_dir


def run(*args, color=False):
    result = CliRunner().invoke(cli, [str(a) for a in args], color=color)
    return result


def zeromq_id(indexed):
    data = json.loads(run("search", "zeromq", "--json", "--index-dir", indexed).stdout)
    return data["results"][0]["id"]


def test_json_is_the_issue_object(indexed):
    result = run("search", "zeromq", "--json", "--index-dir", indexed)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "page", "per_page", "suggestion", "notice", "results", "facets",
                         "facet_slugs"}
    assert data["query"] == "zeromq" and data["total"] >= 1 and data["per_page"] == 10
    first = data["results"][0]
    assert set(first) == {"id", "title", "speakers", "date", "conference", "url", "source", "score", "snippet_html",
                          "snippet_text", "speaker_slugs", "conference_slug", "more_notes"}
    assert ZEROMQ in first["url"] and "<mark>" in first["snippet_html"]
    assert set(data["facets"]) == {"conference", "year", "speaker"}


def test_plain_output_when_piped(indexed):
    result = run("search", "zeromq", "--index-dir", indexed)
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout and "<mark>" not in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith("  1. ") and "ZeroMQ" in line for line in lines)
    assert any(ZEROMQ in line for line in lines)


def test_matched_words_coloured_on_a_terminal(indexed):
    result = run("search", "zeromq", "--index-dir", indexed, color=True)
    assert "\x1b[" in result.stdout and "ZeroMQ\x1b[0m" in result.stdout


def test_options_reach_the_service(indexed):
    data = json.loads(run("search", "python", "--limit", 2, "--page", 2, "--sort", "date", "--json", "--index-dir", indexed).stdout)
    assert (data["page"], data["per_page"]) == (2, 2)
    data = json.loads(run("search", "python", "--year", 1999, "--json", "--index-dir", indexed).stdout)
    assert data["total"] == 0


def test_did_you_mean_is_shown(indexed):
    result = run("search", "zeromg", "--index-dir", indexed)
    assert "No results for zeromg; showing results for zeromq." in result.stdout


def test_query_errors_are_one_line_and_exit_1(indexed):
    result = run("search", "the", "--index-dir", indexed)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "common words" in result.stderr
    result = run("search", "--since", "soon", "zeromq", "--index-dir", indexed)
    assert result.exit_code == 1 and "--since" in result.stderr


def test_usage_errors_exit_2(indexed):
    assert run("search", "x", "--sort", "random", "--index-dir", indexed).exit_code == 2
    assert run("search", "--index-dir", indexed).exit_code == 2


def test_missing_index_is_one_line(tmp_path):
    result = run("search", "zeromq", "--index-dir", tmp_path / "none")
    assert result.exit_code == 1 and "Traceback" not in result.stderr and str(tmp_path / "none") in result.stderr


def test_show_and_related(indexed):
    talk_id = zeromq_id(indexed)
    result = run("show", talk_id, "--index-dir", indexed)
    assert result.exit_code == 0 and "Conway's law" in result.stdout and ZEROMQ in result.stdout
    related = json.loads(run("related", talk_id, "--json", "--index-dir", indexed).stdout)
    assert related and talk_id not in {r["id"] for r in related}
    for command in ("show", "related"):
        result = run(command, "no-such-id", "--index-dir", indexed)
        assert result.exit_code == 1 and "no-such-id" in result.stderr


def test_eval_prints_figures_and_failures(indexed, tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_text('{"query": "zeromq", "relevant": ["%s"], "k": 1}\n{"query": "zeromq", "relevant": ["nope"]}\n' % ZEROMQ)
    result = run("eval", path, "--index-dir", indexed)
    assert result.exit_code == 0
    assert "success@1  0.500" in result.stdout and "MRR" in result.stdout and "nDCG@10" in result.stdout
    assert "FAIL 'zeromq'" in result.stdout


def test_first_search_builds_the_default_index(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CONFSEARCH_INDEX", raising=False)
    result = run("search", "zeromq")
    assert result.exit_code == 0, result.stderr
    assert "bundled sample corpus" in result.stderr and "ZeroMQ" in result.stdout
