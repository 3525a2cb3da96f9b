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


# search commands


def open_service(index_dir: str | None):
    """The SearchService on --index-dir, $CONFSEARCH_INDEX or the default location (built on first use)."""
    from search.locations import ensure_default_index, resolve_index_dir
    from search.service import SearchService

    root, is_default = resolve_index_dir(index_dir)
    if is_default:
        notice = ensure_default_index(root)
        if notice:
            click.echo(notice, err=True)
    return SearchService(root)


index_dir_option = click.option("--index-dir", type=click.Path(file_okay=False), help="Index folder.")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Results per page.")
@click.option("--page", default=1, type=click.IntRange(1, 1000), help="Page of results.")
@click.option("--speaker", help="Only talks by this speaker.")
@click.option("--conference", help="Only talks at this conference.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Only talks of this year.")
@click.option("--since", metavar="DATE", help="Only talks on or after DATE (2015, 2015-05 or 2015-05-22).")
@click.option("--until", metavar="DATE", help="Only talks on or before DATE.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
@index_dir_option
def search(query, limit, page, speaker, conference, year, since, until, sort, as_json, index_dir) -> None:
    """Search the talks: words, "phrases", OR/NOT/-word, speaker:, title:, year:, date:, zero*, zeromg~."""
    from search.terminal import results_text

    service = open_service(index_dir)
    results = service.search(
        " ".join(query), page=page, per_page=limit, speaker=speaker, conference=conference,
        year=year, since=since, until=until, sort=sort,
    )
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(results_text(results))


@cli.command()
@click.argument("talk_id")
@index_dir_option
def show(talk_id, index_dir) -> None:
    """Print one whole talk."""
    from search.terminal import talk_text

    talk = open_service(index_dir).get(talk_id)
    if talk is None:
        raise click.ClickException(f"No talk with id {talk_id!r}; search shows the ids with --json.")
    click.echo(talk_text(talk))


@cli.command()
@click.argument("talk_id")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print the talks as a JSON list.")
@index_dir_option
def related(talk_id, limit, as_json, index_dir) -> None:
    """Talks most like the given one."""
    from search.terminal import hit_lines

    service = open_service(index_dir)
    if service.get(talk_id) is None:
        raise click.ClickException(f"No talk with id {talk_id!r}; search shows the ids with --json.")
    hits = service.related(talk_id, limit=limit)
    if as_json:
        click.echo(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2))
    elif not hits:
        click.echo("No related talks found.")
    else:
        click.echo("\n\n".join("\n".join(hit_lines(n, hit)) for n, hit in enumerate(hits, 1)))


@cli.command("eval")
@click.argument("judgments", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@index_dir_option
def eval_command(judgments, as_json, index_dir) -> None:
    """Score the ranking on a JSONL file of judged queries: success@1, success@k, MRR, nDCG@10."""
    from search.evaluate import evaluate, load_judgments

    report = evaluate(open_service(index_dir), load_judgments(judgments))
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else str(report))


# --- web commands ----------------------------------------------------------------------------


# --- fetch commands --------------------------------------------------------------------------


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
