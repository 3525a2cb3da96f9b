"""`confsearch serve`: the options are checked and a missing index is one sentence, not a traceback."""

import pytest
from click.testing import CliRunner

from search.cli import cli


def test_serve_without_an_index_says_so_in_one_line(tmp_path):
    pytest.importorskip("search.service", reason="search.service (branch query) is not merged yet")
    result = CliRunner().invoke(cli, ["serve", "--index-dir", str(tmp_path / "nothing-here"), "--port", "0"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "nothing-here" in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert result.exit_code == 2
    assert "99999" in result.output


def test_serve_help_names_the_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--threads", "--index-dir"):
        assert option in result.output
