"""One tiny page per quirk in tests/fixtures/pages/NAME.html, its expected talks in NAME.json.

The JSON holds `talks` (in page order; only the keys given are checked, plus `body_has` / `body_lacks`
substrings), and optionally the `source`, `url` and `charset` to split the page with.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.ingest import split_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(PAGES.glob("*.json"))


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_fixture_page_gives_expected_talks(case: Path):
    spec = json.loads(case.read_text(encoding="utf-8"))
    html = case.with_suffix(".html").read_bytes()
    source = spec.get("source", str(case.with_suffix(".html")))
    talks = [talk.to_dict() for talk in split_page(html, source, url=spec.get("url"), charset=spec.get("charset"))]
    assert [talk["title"] for talk in talks] == [want["title"] for want in spec["talks"]]
    for got, want in zip(talks, spec["talks"]):
        for key, value in want.items():
            if key == "body_has":
                assert all(text in got["body"] for text in value), (value, got["body"])
            elif key == "body_lacks":
                assert not [text for text in value if text in got["body"]], got["body"]
            else:
                assert got[key] == value, (key, got[key], value)


def test_every_fixture_page_has_its_expectations():
    assert {p.stem for p in PAGES.glob("*.html")} == {p.stem for p in CASES}
