"""Errors in the site's look (HTML) or as one-sentence JSON under /api/; never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.errors import IndexBusy, QueryError, SearchError
from webui.params import BadParameter, SearchParams

MAX_SHOWN_QUERY = 500
STATUS = {QueryError: 400, BadParameter: 400, IndexBusy: 503}


def init_app(app: Flask) -> None:
    app.register_error_handler(SearchError, search_error)
    app.register_error_handler(HTTPException, http_error)


def search_error(error: SearchError):
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 500)
    return error_response(status, str(error))


def http_error(error: HTTPException):
    if error.code == 404:
        return error_response(404, "There is no page at this address.")
    if isinstance(error, InternalServerError):  # Flask has logged the traceback; the user gets one sentence
        return error_response(500, "Something went wrong on our side; please try again.")
    return error_response(error.code or 500, error.description or error.name)


def error_response(status: int, message: str):
    if request.path.startswith("/api/"):
        return jsonify(error=message, status=status), status
    title = {400: "That did not work", 404: "Not found", 503: "Busy"}.get(status, "Something went wrong")
    template = "_message.html" if request.headers.get("X-Partial") else "error.html"
    params = SearchParams(q=request.args.get("q", "")[:MAX_SHOWN_QUERY])
    return render_template(template, status=status, title=title, message=message, params=params), status
