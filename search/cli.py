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
@click.option("--explain", is_flag=True, help="Also show every decision: the options the cues proposed and their scores.")
def split(paths: tuple[str, ...], as_json: bool, explain: bool) -> None:
    """Split weblog pages (files or folders of *.html) into talks and print them; nothing is indexed."""
    from search.ingest import dedupe, read_paths
    from search.ingest.evidence import recording, weights
    from search.ingest.explain import explain as explained

    for path in paths:
        if not os.path.exists(path):
            raise click.ClickException(f"{path}: no such file or folder")
    with recording() as records:
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
            if explain:
                click.echo(explained([r for r in records if r.page == page.source], weights()) + "\n")


@cli.command("eval-split")
@click.argument("truth", type=click.Path(exists=True, dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--verbose", "-v", is_flag=True, help="Also list every missed, extra and mislabelled talk.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def eval_split(truth: str, paths: tuple[str, ...], verbose: bool, as_json: bool) -> None:
    """Score the splitter on labelled pages: split P/R/F1 and speaker, date, conference accuracy per source."""
    from search.spliteval import evaluate_split

    report = evaluate_split(truth, paths)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    click.echo(str(report))
    if verbose:
        click.echo("\n".join(report.misses))


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
        "--index-dir", "location", type=click.Path(file_okay=False),
        callback=lambda ctx, param, value: resolve_index_dir(value),
        help="Index folder (default: $CONFSEARCH_INDEX, else your user data folder).",
    )(command)


class ProgressBar:
    """A progress callback: a bar with counts and time left on stderr, drawn once the total is known."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int | None) -> None:
        if total is None:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, show_pos=True, show_eta=True, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextlib.contextmanager
def progress_bar(quiet: bool, label: str):
    """A `ProgressBar` when stderr is a terminal and not --quiet, else None."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar = ProgressBar(label)
    try:
        yield bar
    finally:
        bar.close()


def echo_warnings(warnings: list[str], limit: int = 20) -> None:
    for warning in warnings[:limit]:
        click.echo(f"warning: {warning}", err=True)
    if len(warnings) > limit:
        click.echo(f"warning: ... and {len(warnings) - limit} more pages that could not be read", err=True)


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@index_dir_option
def index_command(paths: tuple[str, ...], quiet: bool, location) -> None:
    """Add or update the talks in weblog pages (files or folders of *.html); unchanged files are skipped."""
    from search.index import update_paths

    for path in paths:
        if not os.path.exists(path):
            hint = "; fetch web pages with `confsearch fetch URL`" if "://" in path else ""
            raise click.BadParameter(f"{path}: no such file or folder{hint}", param_hint="PATHS")

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
    from search.stats import index_stats

    data = index_stats(location[0]).to_dict()
    if as_json:
        click.echo(json.dumps(data))
        return
    click.echo(f"index       {location[0]}")
    for key, value in data.items():
        click.echo(f"{key.replace('_', ' '):11} {value if value is not None else '-'}")


# search commands


def open_service(location):
    """The SearchService on the --index-dir location (the default one is built from the bundled corpus first)."""
    from search.locations import ensure_default_index
    from search.service import SearchService

    root, is_default = location
    if is_default:
        notice = ensure_default_index(root)
        if notice:
            click.echo(notice, err=True)
    return SearchService(root)


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
def search(query, limit, page, speaker, conference, year, since, until, sort, as_json, location) -> None:
    """Search the talks: words, "phrases", OR/NOT/-word, speaker:, title:, year:, date:, zero*, zeromg~."""
    from search.terminal import results_text

    service = open_service(location)
    results = service.search(
        " ".join(query), page=page, per_page=limit, speaker=speaker, conference=conference,
        year=year, since=since, until=until, sort=sort, facets=as_json,  # the listing shows no facets
    )
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(results_text(results))


@cli.command()
@click.argument("talk_id")
@index_dir_option
def show(talk_id, location) -> None:
    """Print one whole talk."""
    from search.terminal import talk_text

    service = open_service(location)
    talk = service.get(talk_id)
    if talk is None:
        raise click.ClickException(f"No talk with id {talk_id!r}; search shows the ids with --json.")
    click.echo(talk_text(talk, service.context(talk_id)))


@cli.command()
@click.argument("words", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {slug, name, spellings, talks, notes}.")
@index_dir_option
def speakers(words, as_json, location) -> None:
    """List the speakers (every spelling of a name counted as one person), or those whose name holds WORDS."""
    echo_summaries(open_service(location).directory().people_list(" ".join(words)), "speaker", as_json)


@cli.command()
@click.argument("words", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {slug, name, spellings, talks, notes}.")
@index_dir_option
def conferences(words, as_json, location) -> None:
    """List the conferences (each event once, newest first), or those whose name holds WORDS."""
    echo_summaries(open_service(location).directory().events_list(" ".join(words)), "conference", as_json)


def echo_summaries(found: list, kind: str, as_json: bool) -> None:
    from search.terminal import summaries_text

    if as_json:
        click.echo(json.dumps([summary.to_dict() for summary in found], ensure_ascii=False, indent=1))
    else:
        click.echo(summaries_text(found, kind))


@cli.command()
@click.argument("talk_id")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print the talks as a JSON list.")
@index_dir_option
def related(talk_id, limit, as_json, location) -> None:
    """Talks most like the given one."""
    from search.terminal import hit_lines

    service = open_service(location)
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
def eval_command(judgments, as_json, location) -> None:
    """Score the ranking on a JSONL file of judged queries: success@1, success@k, MRR, nDCG@10."""
    from search.evaluate import evaluate, load_judgments

    report = evaluate(open_service(location), load_judgments(judgments))
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else str(report))


# --- web commands ----------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: the cores; one under waitress).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Threads per process.")
@click.option("--index-dir", type=click.Path(file_okay=False), help="Index folder (default: $CONFSEARCH_INDEX or the user data folder).")
def serve(host: str, port: int, workers: int | None, threads: int, index_dir: str | None) -> None:
    """Serve the search web UI (and its JSON API): several processes under gunicorn, one under waitress."""
    from search.workers import cores
    from webui import create_app
    from webui.server import serve as run_server

    app = create_app({"INDEX_DIR": index_dir})
    if app.config["INDEX_NOTICE"]:
        click.echo(app.config["INDEX_NOTICE"], err=True)
    app.extensions["confsearch"].warm()  # before gunicorn forks: every worker starts with the tables read

    def announce(bound_host: str, bound_port: int, processes: int) -> None:
        shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        many = f", {processes} processes" if processes > 1 else ""
        click.echo(f"Serving {app.config['INDEX_DIR']} at http://{shown}:{bound_port}/{many} (Ctrl+C stops)")

    try:
        run_server(app, host, port, threads=threads, workers=workers or cores(), announce=announce)
    finally:
        app.extensions["confsearch"].close()


# --- fetch commands --------------------------------------------------------------------------


class RefusedURL(click.ClickException):
    """A URL that is not http(s): one line on stderr, exit 2 like other usage errors."""

    exit_code = 2


def http_url(value: str) -> str:
    """`value` when it is an http(s) URL; else a one-line usage error naming it (file: and others refused)."""
    from search.errors import FetchError
    from search.fetch.settings import check_url

    try:
        return check_url(value.strip())
    except FetchError as error:
        raise RefusedURL(str(error)) from None


def run_fetch(root, sources: list[tuple[str, str | None]], prune: bool = False, as_json: bool = False) -> None:
    """Fetch and index `sources`, one summary line each and a total (or one JSON object with both); failures
    and notes on stderr; exit 1 when anything failed."""
    from search.fetch.settings import Settings
    from search.fetch.update import update_sources

    terminal = sys.stderr.isatty()

    def progress(source: str, done: int, total: int) -> None:
        click.echo(f"\r\x1b[K{source}: {done}/{total}", nl=False, err=True)

    def report_line(report) -> None:
        if terminal:
            click.echo("\r\x1b[K", nl=False, err=True)
        if not as_json:
            click.echo(source_line(report))
        for reason in report.failures:
            click.echo(f"  failed: {reason}", err=True)
        for note in report.notes:
            click.echo(f"  note: {note}", err=True)

    result = update_sources(root, sources, settings=Settings.from_env(), prune=prune,
                            progress=progress if terminal else None, report_line=report_line)
    report = result.to_dict()
    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else total_line(report["total"]))
    if result.failed:
        raise SystemExit(1)


def source_line(report) -> str:
    """One source of a fetch run: URLs checked and what came of them, bytes received, the index summary."""
    label = f"{report.name} ({report.url})" if report.name else report.url
    line = (f"{label}: {plural(report.checked, 'URL')} checked: {report.changed} new or changed, "
            f"{report.unchanged} unchanged, {report.failed} failed")
    if report.pruned:
        line += f", {report.pruned} gone and pruned ({plural(report.pruned_talks, 'talk')} removed)"
    if report.skipped:
        line += f", {report.skipped} skipped"
    line += f"; {format_bytes(report.received)} received"
    return line + (f"; {report.summary}" if report.summary else "")


def total_line(total: dict) -> str:
    """The closing line of a fetch run, from the `total` object of its JSON report."""
    talks = total["talks"]
    return (f"total: {plural(total['sources'], 'source')}, {plural(total['checked'], 'URL')} checked: "
            f"{total['changed']} new or changed, {total['unchanged']} unchanged, {total['failed']} failed, "
            f"{total['pruned']} pruned; {format_bytes(total['received'])} received; talks: {talks['added']} "
            f"added, {talks['updated']} updated, {talks['removed']} removed")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def format_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


JSON_REPORT_HELP = "Print one JSON object: {sources: [one object per source], total: {...}}."


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help=JSON_REPORT_HELP)
@index_dir_option
def fetch(urls: tuple[str, ...], as_json: bool, location) -> None:
    """Fetch weblog pages, RSS/Atom feeds or sitemaps and index their new and changed posts."""
    checked = [http_url(url) for url in urls]
    run_fetch(location[0], [(url, None) for url in dict.fromkeys(checked)], as_json=as_json)


@cli.group()
def sources() -> None:
    """The weblogs, feeds and sitemaps that `confsearch update` fetches."""


@sources.command("add")
@click.argument("url")
@click.option("--name", help="A name to show in summaries.")
@index_dir_option
def sources_add(url: str, name: str | None, location) -> None:
    """Register URL (a weblog page, feed or sitemap)."""
    from search.fetch.state import add_source

    source, new = add_source(location[0], http_url(url), name)
    click.echo(f"{'Added' if new else 'Updated'} {source.url}" + (f" ({source.name})" if source.name else ""))


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of {url, name, added}.")
@index_dir_option
def sources_list(as_json: bool, location) -> None:
    """List the registered sources."""
    from search.fetch.state import load_sources

    registered = load_sources(location[0])
    if as_json:
        click.echo(json.dumps([source.to_dict() for source in registered], ensure_ascii=False, indent=1))
        return
    if not registered:
        click.echo("No sources registered; add one with `confsearch sources add URL`.")
    for source in registered:
        click.echo(source.url + (f"  ({source.name})" if source.name else "") + f"  added {source.added}")


@sources.command("remove")
@click.argument("url")
@index_dir_option
def sources_remove(url: str, location) -> None:
    """Unregister URL (its talks stay in the index)."""
    from search.fetch.state import remove_source

    if not remove_source(location[0], url.strip()):
        raise click.ClickException(f"{url} is not a registered source (see `confsearch sources list`).")
    click.echo(f"Removed {url}; its talks stay in the index.")


@cli.command()
@click.option("--prune", is_flag=True, help="Remove talks of pages that answer 404/410 (gone).")
@click.option("--json", "as_json", is_flag=True, help=JSON_REPORT_HELP)
@index_dir_option
def update(prune: bool, as_json: bool, location) -> None:
    """Fetch every registered source and index what is new or changed."""
    from search.fetch.report import RunReport
    from search.fetch.state import load_sources

    root = location[0]
    registered = load_sources(root)
    if not registered:
        if as_json:
            click.echo(json.dumps(RunReport().to_dict(), indent=1))
        click.echo("No sources registered; add one with `confsearch sources add URL`.", err=as_json)
        return
    run_fetch(root, [(source.url, source.name) for source in registered], prune=prune, as_json=as_json)


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
