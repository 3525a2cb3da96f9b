"""The HTML pages. Views parse parameters, call the one shared `SearchService` and render; they build no HTML."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from webui.params import SearchParams, parse_search_args

bp = Blueprint("views", __name__)

EXAMPLES = ("zeromq", "generators", '"rest api"', "docker OR coreos", "speaker:hintjens", "generaters")


def service():
    """The one `SearchService` of this app (opened in `create_app`)."""
    return current_app.extensions["confsearch"]


def render_search(**context):
    """The search page, or only its results fragment when the page's script asks for it (X-Partial)."""
    template = "_results.html" if request.headers.get("X-Partial") else "search.html"
    response = current_app.make_response(render_template(template, **context))
    response.vary.add("X-Partial")
    return response


@bp.app_template_global()
def search_url(params: SearchParams, **changes) -> str:
    return url_for("views.search", **params.url_args(**changes))


@bp.get("/")
def home():
    if request.args.get("q", "").strip():
        return redirect(url_for("views.search", **request.args))
    facts = current_app.extensions["confsearch.facts"].get()
    return render_search(params=SearchParams(), results=None, facts=facts, examples=EXAMPLES)


@bp.get("/search")
def search():
    params = parse_search_args(request.args, current_app.config["MAX_QUERY_LENGTH"])
    if not params.q and not params.filters:
        return home()
    results = service().search(params.q, **params.service_kwargs())
    g.search_ms = results.elapsed_ms
    return render_search(params=params, results=results, facts=None, examples=EXAMPLES)


@bp.get("/talk/<path:talk_id>")
def talk(talk_id: str):
    query = request.args.get("q", "")[: current_app.config["MAX_QUERY_LENGTH"]]
    found = service().get(talk_id)
    if found is None:
        abort(404)
    body = service().highlight_body(found, query) if query.strip() else None
    related = service().related(found.id, limit=5)
    return render_template("talk.html", talk=found, body=body, related=related, context=service().context(found.id),
                           params=SearchParams(q=query), query=query)


@bp.get("/help")
def help_page():
    return render_template("help.html", params=SearchParams(), examples=EXAMPLES)


@bp.get("/opensearch.xml")
def opensearch():
    response = current_app.make_response(render_template("opensearch.xml"))
    response.mimetype = "application/opensearchdescription+xml"
    return response


@bp.get("/healthz")
def healthz():
    return {"status": "ok", "generation": service().generation()}
