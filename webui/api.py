"""The JSON API: /api/search (the `confsearch search --json` object), /api/talks/<id>, /api/suggest.
(/api/speakers, /api/speaker/<slug>, /api/conferences and /api/conference/<slug> are in webui/browse.py.)"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from webui.params import parse_search_args
from webui.views import service

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_PREFIX_LENGTH = 100


@bp.get("/search")
def search():
    params = parse_search_args(request.args, current_app.config["MAX_QUERY_LENGTH"])
    results = service().search(params.q, **params.service_kwargs())
    g.search_ms = results.elapsed_ms
    return jsonify(results.to_dict())


@bp.get("/talks/<path:talk_id>")
def talk(talk_id: str):
    found = service().get(talk_id)
    if found is None:
        return jsonify(error=f"There is no talk with id {talk_id!r}.", status=404), 404
    return jsonify({**found.to_dict(), **service().context(found.id).to_dict()})


@bp.get("/suggest")
def suggest():
    """Completions for the box; `format=opensearch` gives the [query, [completions]] form browsers use."""
    prefix = " ".join(request.args.get("q", "").split())[:MAX_PREFIX_LENGTH]
    completions = service().suggest(prefix) if prefix else []
    if request.args.get("format") == "opensearch":
        response = jsonify([prefix, completions])
        response.mimetype = "application/x-suggestions+json"
        return response
    return jsonify(query=prefix, suggestions=completions)
