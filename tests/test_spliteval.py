"""`confsearch eval-split`: the splitter's talks scored against hand labels, per source and in all."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from search.cli import cli
from search.spliteval import evaluate_split, load_truth, score

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>Speaker: {speaker}</p><p>Published 2019-04-12.</p><p>{body}</p></article></body></html>"""


def labelled_site(tmp_path: Path) -> Path:
    """Two sources: one page per talk in `blog/`, and `docs/` with a talk page and an index with no talk."""
    site = tmp_path / "site"
    for folder, name, title, speaker in (
        ("blog", "a.html", "Generators all the way down", "Erik Groeneveld"),
        ("docs", "b.html", "ZeroMQ and the community", "Pieter Hintjens"),
    ):
        (site / folder).mkdir(parents=True)
        body = f"Notes on {title.lower()}: " + "words of notes " * 20
        (site / folder / name).write_text(PAGE.format(title=title, speaker=speaker, body=body), encoding="utf-8")
    (site / "docs" / "index.html").write_text("<html><body><h1>Docs</h1></body></html>", encoding="utf-8")
    labels = [
        {"page": "blog/a.html", "title": "Generators all the way down", "speakers": ["Erik Groeneveld"],
         "date": "2019-04-12", "conference": None, "first_words": "Speaker: Erik Groeneveld"},
        {"page": "docs/b.html", "title": "ZeroMQ and the community", "speakers": ["Pieter Hintjens", "Someone Else"],
         "date": None, "conference": None, "first_words": "Speaker: Pieter Hintjens"},
        {"page": "docs/b.html", "title": "A second talk the splitter cannot see", "speakers": [],
         "date": None, "conference": None, "first_words": "nothing like this is on the page"},
    ]
    (site / "truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in labels), encoding="utf-8")
    (site / "non_talk_pages.txt").write_text("docs/index.html\tan index\n", encoding="utf-8")
    return site


def predicted(site: Path, page: str, title: str, speakers=(), date=None, body="") -> dict:
    return {"title": title, "speakers": list(speakers), "date": date, "conference": None,
            "source": str(site / page), "body": body}


def test_scores_per_source_and_in_all(tmp_path: Path):
    site = labelled_site(tmp_path)
    truth, pages = load_truth(site / "truth.jsonl")
    talks = [
        predicted(site, "blog/a.html", "Generators, all the way down", ["Erik  Groeneveld"], "2019-04-12"),
        predicted(site, "docs/b.html", "Untitled", ["Pieter Hintjens"], body="Speaker: Pieter Hintjens, then notes"),
        predicted(site, "docs/b.html", "Something else entirely"),
    ]
    report = score(truth, pages, talks, site)
    figures = report.to_dict()
    assert figures["blog"]["f1"] == 1.0 and figures["blog"]["speakers"] == 1.0 and figures["blog"]["date"] == 1.0
    assert figures["docs"]["precision"] == 0.5 and figures["docs"]["recall"] == 0.5  # (matched by first words)
    assert figures["docs"]["speakers"] == 0.0  # (one of two panelists is a wrong speaker set)
    assert figures["all"]["truth"] == 3 and figures["all"]["matched"] == 2 and figures["all"]["predicted"] == 3
    assert figures["all"]["date_where_stated"] == 1.0
    assert report.pages == {"blog": 1, "docs": 2, "all": 3}
    assert "MISS   docs/b.html :: A second talk the splitter cannot see" in report.misses
    assert "EXTRA  docs/b.html :: Something else entirely" in report.misses
    assert any(m.startswith("SPEAK  docs/b.html :: ZeroMQ") for m in report.misses)


def test_a_listing_copy_of_a_post_with_its_own_page_is_optional(tmp_path: Path):
    site = labelled_site(tmp_path)
    lines = (site / "truth.jsonl").read_text().splitlines()
    copy = dict(json.loads(lines[0]), page="docs/index.html")
    (site / "truth.jsonl").write_text("\n".join(lines + [json.dumps(copy)]) + "\n")
    truth, pages = load_truth(site / "truth.jsonl")
    found = [predicted(site, "blog/a.html", "Generators all the way down", ["Erik Groeneveld"], "2019-04-12")]
    assert score(truth, pages, found, site).to_dict()["docs"]["truth"] == 2  # (not 3: the copy is optional)
    found.append(predicted(site, "docs/index.html", "Generators all the way down"))
    assert score(truth, pages, found, site).to_dict()["docs"]["matched"] == 1


def test_a_talk_found_on_a_non_talk_page_is_an_extra(tmp_path: Path):
    site = labelled_site(tmp_path)
    (site / "docs" / "index.html").write_text(PAGE.format(title="Not a talk", speaker="Nobody Here", body="x " * 50))
    figures = evaluate_split(site / "truth.jsonl", [site]).to_dict()
    assert figures["docs"]["predicted"] == 2 and figures["docs"]["precision"] == 0.5


def test_cli_prints_the_table_and_with_verbose_every_miss(tmp_path: Path):
    site = labelled_site(tmp_path)
    result = CliRunner().invoke(cli, ["eval-split", "--verbose", str(site / "truth.jsonl"), str(site)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["source", "pages", "talks", "found", "P"]
    assert [line.split()[0] for line in lines[1:4]] == ["blog", "docs", "all"]
    assert "MISS   docs/b.html :: A second talk the splitter cannot see" in lines


def test_cli_json_and_a_bad_truth_file_is_one_sentence(tmp_path: Path):
    site = labelled_site(tmp_path)
    result = CliRunner().invoke(cli, ["eval-split", "--json", str(site / "truth.jsonl"), str(site)])
    assert json.loads(result.output)["all"]["matched"] == 2
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    result = CliRunner().invoke(cli, ["eval-split", str(tmp_path / "bad.jsonl"), str(site)])
    assert result.exit_code == 1
    assert "cannot read the labels" in result.output and "Traceback" not in result.output
