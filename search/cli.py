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
    """Split weblog pages (files or folders of *.html) into talks and print them; nothing is indexed."""
    from search.ingest import dedupe, read_paths

    for path in paths:
        if not os.path.exists(path):
            raise click.ClickException(f"{path}: no such file or folder")
    pages = list(read_paths(paths))
    for page in pages:
        if page.warning:
            click.echo(f"warning: {page.warning}", err=True)
    kept = {id(talk) for talk in dedupe(talk for page in pages for talk in page.talks)}
    for page in pages:
        talks = [talk for talk in page.talks if id(talk) in kept]
        if as_json:
            for talk in talks:
                click.echo(json.dumps(talk.to_dict(), ensure_ascii=False))
        elif talks:
            click.echo(format_page(page.source, talks))


def format_page(source: str, talks: list) -> str:
    """The readable `split` listing of one page: its talks with their metadata and first body line."""
    lines = [f"{source}  ({len(talks)} talk{'s' if len(talks) != 1 else ''})"]
    for talk in talks:
        first = next((line for line in talk.body.splitlines() if line.strip()), "")
        lines += [
            f"  {talk.title}",
            f"    speakers:   {', '.join(talk.speakers) or '-'}",
            f"    date:       {talk.date.isoformat() if talk.date else '-'}",
            f"    conference: {talk.conference or '-'}",
            f"    url:        {talk.url}",
            f"    {first[:100] + ('...' if len(first) > 100 else '')}",
        ]
    return "\n".join(lines) + "\n"


# --- index and search commands ---------------------------------------------------------------


# --- web commands ----------------------------------------------------------------------------


# --- fetch commands --------------------------------------------------------------------------


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
