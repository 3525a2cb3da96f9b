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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--index-dir", type=click.Path(file_okay=False), help="Index folder (default: $CONFSEARCH_INDEX or the user data folder).")
def serve(host: str, port: int, threads: int, index_dir: str | None) -> None:
    """Serve the search web UI (and its JSON API) under waitress."""
    from waitress.server import create_server

    from webui import create_app

    app = create_app({"INDEX_DIR": index_dir})
    if app.config["INDEX_NOTICE"]:
        click.echo(app.config["INDEX_NOTICE"], err=True)
    server = create_server(app, host=host, port=port, threads=threads, ident="confsearch")
    bound_host, bound_port = server.effective_host, server.effective_port
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    click.echo(f"Serving {app.config['INDEX_DIR']} at http://{shown}:{bound_port}/ (Ctrl+C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["confsearch"].close()


# --- fetch commands --------------------------------------------------------------------------


def main() -> None:
    """Console entry point."""
    cli(prog_name="confsearch")
