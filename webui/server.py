"""Serving the web UI: several processes under gunicorn (its pre-fork master restarts any worker that dies),
or one process of threads under waitress (for one worker, and where gunicorn does not run: Windows).

Searching is CPU work under the GIL, so threads share one core; each process adds one. Every worker reads the
same index with its own searchers, opened under the read fence (see search.storage), so an update or a
`reindex --full` in another process is safe for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

Announce = Callable[[str, int, int], None]
"""Called once the server listens, with (host, port, worker processes)."""


def gunicorn_runs_here() -> bool:
    try:
        import gunicorn.app.base  # noqa: F401  (Unix only: it needs fcntl and fork)
    except ImportError:
        return False
    return True


def serve(app: Flask, host: str, port: int, *, threads: int, workers: int, announce: Announce) -> None:
    """Serve `app` until interrupted: `workers` processes of `threads` threads each."""
    if workers > 1 and gunicorn_runs_here():
        _serve_gunicorn(app, host, port, threads, workers, announce)
    else:
        _serve_waitress(app, host, port, threads, announce)


def _serve_waitress(app: Flask, host: str, port: int, threads: int, announce: Announce) -> None:
    from waitress.server import create_server

    server = create_server(app, host=host, port=port, threads=threads, ident="confsearch")
    announce(server.effective_host, server.effective_port, 1)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _serve_gunicorn(app: Flask, host: str, port: int, threads: int, workers: int, announce: Announce) -> None:
    from gunicorn.app.base import BaseApplication

    def when_ready(arbiter) -> None:
        address = arbiter.LISTENERS[0].sock.getsockname()
        announce(address[0], address[1], workers)

    class Application(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
                "workers": workers,
                "worker_class": "gthread",  # threads per worker, and keep-alive connections
                "threads": threads,
                "preload_app": True,  # the app (and its one check of the index) is made once, before forking
                "loglevel": "warning",  # a worker that dies and is replaced is still reported
                "proc_name": "confsearch",
                "when_ready": when_ready,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    try:
        Application().run()
    except SystemExit as stop:  # gunicorn ends its master with sys.exit()
        if stop.code not in (0, None):
            raise
