"""The `confsearch` command line: a thin layer that validates input and calls the library.

Every error reaches the user as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

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
        elif page.ok:
            click.echo(format_page(page.source, talks, len(page.talks) - len(talks)))


def format_page(source: str, talks: list, repeated: int = 0) -> str:
    """The readable `split` listing of one page: its talks with their metadata and first body line."""
    count = f"{len(talks)} talk{'s' if len(talks) != 1 else ''}"
    if repeated:
        count += f"; {repeated} shown under other pages"
    lines = [f"{source}  ({count})"]
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


def index_dir_option(command):
    """Add `--index-dir DIR` to a command; it receives `location` = (folder, is_default_location)."""
    from search.locations import resolve_index_dir

    return click.option(
        "--index-dir", "location", type=click.Path(file_okay=False), callback=lambda ctx, param, value: resolve_index_dir(value),
        help="Index folder (default: $CONFSEARCH_INDEX, else your user data folder).",
    )(command)


@contextlib.contextmanager
def progress_bar(quiet: bool, label: str):
    """A progress callback drawing a bar with counts and time left on stderr, or None when not wanted."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bars: list = []

    def progress(done: int, total: int | None) -> None:
        if total is None:
            return
        if not bars:
            bars.append(click.progressbar(length=total, label=label, show_pos=True, show_eta=True, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def echo_warnings(warnings: list[str], limit: int = 20) -> None:
    for warning in warnings[:limit]:
        click.echo(f"warning: {warning}", err=True)
    if len(warnings) > limit:
        click.echo(f"warning: ... and {len(warnings) - limit} more pages that could not be read", err=True)


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@index_dir_option
def index_command(paths: tuple[str, ...], quiet: bool, location) -> None:
    """Add or update the talks in weblog pages (files or folders of *.html); unchanged files are skipped."""
    from search.index import update_paths

    with progress_bar(quiet, "Indexing") as progress:
        summary = update_paths(location[0], paths, progress=progress)
    echo_warnings(summary.warnings)
    click.echo(str(summary))


@cli.command("reindex")
@click.option("--full", is_flag=True, help="Build a fresh index beside the live one, then swap it in.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@index_dir_option
def reindex_command(full: bool, quiet: bool, location) -> None:
    """Read again every page the index knows; talks of files that are gone are removed."""
    from search.index import reindex

    with progress_bar(quiet, "Reindexing") as progress:
        result = reindex(location[0], full=full, progress=progress)
    echo_warnings(result.summary.warnings)
    for source in result.gone:
        click.echo(f"note: {source} is gone; its talks were removed", err=True)
    if result.skipped_urls:
        click.echo(f"note: {len(result.skipped_urls)} web pages were kept as they are, not fetched again "
                   "(`confsearch update` fetches them)", err=True)
    click.echo(str(result.summary))


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@index_dir_option
def stats_command(as_json: bool, location) -> None:
    """How many talks, pages, conferences, years and speakers the index holds, its size and last update."""
    from search.index import index_stats

    data = index_stats(location[0]).to_dict()
    if as_json:
        click.echo(json.dumps(data))
        return
    click.echo(f"index       {location[0]}")
    for key, value in data.items():
        click.echo(f"{key.replace('_', ' '):11} {value if value is not None else '-'}")


# --- web commands ----------------------------------------------------------------------------


# --- fetch commands --------------------------------------------------------------------------


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
