"""The `confsearch` command line: a thin layer that validates input and calls the library.

Every error reaches the user as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import click

from search import __version__
from search.errors import SearchError


class Group(click.Group):
    """Turns a `SearchError` from any command into one line on stderr and exit 1 (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SearchError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(error)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="confsearch")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Search the notes people publish about conference talks."""
    ctx.obj = {"debug": debug}


# --- ingest commands -------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per talk, one per line.")
def split(paths: tuple[str, ...], as_json: bool) -> None:
    """Split weblog pages into talks and print them (nothing is indexed)."""
    from search.ingest import dedupe, read_paths

    for path in paths:
        if not os.path.exists(path):
            raise click.ClickException(f"{path}: no such file or folder")
    talks = []
    for page in read_paths(paths):
        if page.warning:
            click.echo(f"warning: {page.warning}", err=True)
        talks.extend(page.talks)
    for talk in dedupe(talks):
        if as_json:
            click.echo(json.dumps(talk.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{talk.title}\n  {talk.url}\n")


# --- index and search commands ---------------------------------------------------------------


# --- web commands ----------------------------------------------------------------------------


# --- fetch commands --------------------------------------------------------------------------


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
