"""Browsing by speaker and by conference: /speakers, /speaker/<slug>, /conferences, /conference/<slug>, and
their JSON twins under /api/. Everything comes from the live generation's directory (`search.directory`).

A slug that is not a page's own but plainly means one (another spelling's slug, other case or accents)
redirects there; anything else is a 404 page (a JSON 404 under /api/), whatever the slug holds.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from webui.errorpages import error_response
from webui.params import SearchParams, shorten, whole_number
from webui.views import service

bp = Blueprint("browse", __name__)
api = Blueprint("browse_api", __name__, url_prefix="/api")

MAX_SLUG = 200
MAX_FILTER = 100
PER_PAGE = 300
KINDS = {"speaker": ("people_list", "speakers"), "conference": ("events_list", "conferences")}


def listing(kind: str) -> tuple[list, str, int]:
    """The filtered list of speakers or conferences, the filter and the page number (from the query string)."""
    text = " ".join((request.args.get("q") or "").split())[:MAX_FILTER]
    page = max(1, min(whole_number(request.args.get("page"), "page", 1), 1000))
    method = KINDS[kind][0]
    return getattr(service().directory(), method)(text), text, page


def render_listing(kind: str):
    found, text, page = listing(kind)
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(page, pages)
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    template = "_directory.html" if request.headers.get("X-Partial") else "browse.html"
    response = current_app.make_response(render_template(
        template, kind=kind, items=shown, total=len(found), text=text, page=page, pages=pages,
        params=SearchParams()))
    response.vary.add("X-Partial")
    return response


def found_or_404(kind: str, slug: str):
    """(page object, None), or (None, a redirect to the page the slug means), or (None, None)."""
    if len(slug) > MAX_SLUG:
        return None, None
    directory = service().directory()
    exact = directory.person(slug) if kind == "speaker" else directory.event(slug)
    if exact is not None:
        return exact, None
    meant = directory.person_for(slug) if kind == "speaker" else directory.event_for(slug)
    if meant is not None:
        endpoint = request.endpoint.rsplit(".", 1)[1]
        return None, redirect(url_for(f"{request.blueprint}.{endpoint}", slug=meant.slug), 301)
    return None, None


def not_found(kind: str):
    return error_response(404, f"There is no {kind} at this address; see the list of {KINDS[kind][1]}.")


@bp.get("/speakers")
def speakers():
    return render_listing("speaker")


@bp.get("/conferences")
def conferences():
    return render_listing("conference")


@bp.get("/speaker/<slug>")
def speaker(slug: str):
    person, moved = found_or_404("speaker", slug)
    if person is None:
        return moved or not_found("speaker")
    page = service().directory().person_page(person)
    return render_template("speaker.html", page=page, params=SearchParams())


@bp.get("/conference/<slug>")
def conference(slug: str):
    event, moved = found_or_404("conference", slug)
    if event is None:
        return moved or not_found("conference")
    page = service().directory().event_page(event)
    return render_template("conference.html", page=page, params=SearchParams())


# --- the JSON twins ------------------------------------------------------------------------------


@api.get("/speakers")
def speakers_json():
    found, text, _ = listing("speaker")
    return jsonify(filter=text, total=len(found), speakers=[summary.to_dict() for summary in found])


@api.get("/conferences")
def conferences_json():
    found, text, _ = listing("conference")
    return jsonify(filter=text, total=len(found), conferences=[summary.to_dict() for summary in found])


@api.get("/speaker/<slug>")
def speaker_json(slug: str):
    person, moved = found_or_404("speaker", slug)
    if person is None:
        return moved or json_404("speaker", slug)
    return jsonify(service().directory().person_page(person).to_dict())


@api.get("/conference/<slug>")
def conference_json(slug: str):
    event, moved = found_or_404("conference", slug)
    if event is None:
        return moved or json_404("conference", slug)
    return jsonify(service().directory().event_page(event).to_dict())


def json_404(kind: str, slug: str):
    return jsonify(error=f"There is no {kind} with the slug {shorten(slug)!r}.", status=404), 404
