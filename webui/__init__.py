"""The confsearch web UI: a Flask application factory over one shared `SearchService`.

`create_app()` is the one place configuration is assembled. The index is opened once here; per-thread
searchers, refreshed when a commit lands, are the service's job, so no view opens anything per request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from webui import api, browse, errorpages, feeds, headers, present, views


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Config keys: `INDEX_DIR` (else the default index location), `TESTING`."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=None, INDEX_NOTICE=None, MAX_QUERY_LENGTH=500)
    app.json.sort_keys = False  # keep the key order of `confsearch search --json`
    if config:
        app.config.update(config)
    app.extensions["confsearch"] = open_service(app)

    app.extensions["confsearch.facts"] = present.IndexFacts(app.extensions["confsearch"])
    headers.init_app(app)
    errorpages.init_app(app)
    present.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(browse.api)
    app.register_blueprint(feeds.bp)
    return app


def open_service(app: Flask):
    """Open the index once; on the default location with no index yet, build it from the bundled corpus."""
    from search.service import SearchService

    root = app.config["INDEX_DIR"]
    if not root:
        from search.locations import ensure_default_index, resolve_index_dir

        root, is_default = resolve_index_dir(None)
        if is_default:
            app.config["INDEX_NOTICE"] = ensure_default_index(root)
    app.config["INDEX_DIR"] = str(Path(root))
    return SearchService(root)
