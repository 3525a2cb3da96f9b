"""Searches you can subscribe to: /search.atom (Atom 1.0) and /search.json (JSON Feed 1.1) hold the newest
talks that match a search, with the same parameters as /search (`page`, `per_page` and `sort` aside: a feed
is the `FEED_SIZE` newest). Each entry links to the talk's page (absolute URL, also its id) and carries its
speakers, conference, date and snippet. The entry HTML comes from one template (`_feed_entry.html`,
escaped by Jinja as every page is); the Atom template then escapes it once more as XML text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from webui.params import DEFAULT_PER_PAGE, SearchParams, parse_search_args
from webui.present import web_link
from webui.views import service

bp = Blueprint("feeds", __name__)

FEED_SIZE = 20
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0, even escaped


@bp.app_template_global()
def feed_url(params: SearchParams, kind: str = "atom", external: bool = False) -> str:
    """The feed of this search: its query and filters, without paging or sort."""
    args = params.url_args(sort="relevance", per_page=DEFAULT_PER_PAGE)
    return url_for(f"feeds.{kind}", **args, _external=external)


def feed_entries(params: SearchParams) -> tuple[dict, list[dict]]:
    """The feed's own fields and its entries, newest talk first."""
    query = replace(params, sort="date", page=1, per_page=FEED_SIZE)
    results = service().search(query.q, **query.service_kwargs())
    fallback = current_app.extensions["confsearch.facts"].get().get("updated") or "1970-01-01T00:00:00+00:00"
    entries = [entry(hit, fallback) for hit in results.hits]
    label = ", ".join([f"“{params.q}”"] * bool(params.q) + [f"{name}: {value}" for name, value in params.filters.items()])
    feed = {"title": f"confsearch: {label}", "updated": max([fallback, *(item["updated"] for item in entries)]),
            "atom": feed_url(params, "atom", external=True), "json": feed_url(params, "json_feed", external=True),
            "page": url_for("views.search", **params.url_args(), _external=True)}
    return feed, entries


def entry(hit, fallback: str) -> dict:
    """One talk as a feed entry (plain values: the templates escape them)."""
    link = url_for("views.talk", talk_id=hit.id, _external=True)
    published = dt.datetime.combine(hit.date, dt.time(), dt.timezone.utc).isoformat() if hit.date else None
    return {"id": link, "url": link, "title": hit.title or "Untitled talk", "speakers": list(hit.speakers),
            "conference": hit.conference, "published": published, "updated": published or fallback,
            "original": web_link(hit.url), "html": str(render_template("_feed_entry.html", hit=hit)),
            "text": hit.snippet_text}


@bp.get("/search.atom")
def atom():
    params = parse_search_args(request.args, current_app.config["MAX_QUERY_LENGTH"])
    feed, entries = feed_entries(params)
    body = XML_INVALID.sub("", render_template("search.atom.xml", feed=feed, entries=entries))
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.get("/search.json")
def json_feed():
    params = parse_search_args(request.args, current_app.config["MAX_QUERY_LENGTH"])
    feed, entries = feed_entries(params)
    items = [{"id": item["id"], "url": item["url"], "title": item["title"], "content_html": item["html"],
              "summary": item["text"], "date_published": item["published"], "date_modified": item["updated"],
              "external_url": item["original"], "authors": [{"name": name} for name in item["speakers"]],
              "tags": [item["conference"]] if item["conference"] else []} for item in entries]
    response = jsonify({
        "version": "https://jsonfeed.org/version/1.1", "title": feed["title"], "home_page_url": feed["page"],
        "feed_url": feed["json"], "authors": [{"name": "confsearch"}],
        "items": [{name: value for name, value in item.items() if value} for item in items]})
    response.mimetype = "application/feed+json"
    return response
