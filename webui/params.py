"""Request parameters for /search and /api/search: parsed, validated and clamped in one place.

Bad values raise `BadParameter` (shown with HTTP 400); sizes out of range are clamped, never a 500.
Filter values (year, since, until) are checked by the engine, which raises `QueryError` with one sentence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from search.errors import SearchError

MAX_PAGE = 1000
MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 10
MAX_FILTER_LENGTH = 200
SORTS = ("relevance", "date")
FILTERS = ("speaker", "conference", "year", "since", "until")


class BadParameter(SearchError):
    """A request parameter that cannot be used; the message names it and what is allowed."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    speaker: str | None = None
    conference: str | None = None
    year: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"

    @property
    def filters(self) -> dict:
        """The active filters, in display order."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name) is not None}

    def service_kwargs(self) -> dict:
        data = asdict(self)
        del data["q"]
        return data

    def url_args(self, **changes) -> dict:
        """Query-string arguments for this search with `changes` applied (None drops one); page resets to 1."""
        changed = replace(self, **{"page": 1, **changes})
        args = {"q": changed.q}
        for name in FILTERS:
            value = getattr(changed, name)
            if value is not None:
                args[name] = value
        if changed.sort != "relevance":
            args["sort"] = changed.sort
        if changed.per_page != DEFAULT_PER_PAGE:
            args["per_page"] = changed.per_page
        if changed.page != 1:
            args["page"] = changed.page
        return args


def parse_search_args(args, max_query_length: int) -> SearchParams:
    """Build `SearchParams` from a request's query string (a MultiDict)."""
    query = " ".join((args.get("q") or "").split())
    if len(query) > max_query_length:
        raise BadParameter(f"The query is too long: at most {max_query_length} characters, please.")
    per_page = args.get("per_page") or args.get("limit")
    return SearchParams(
        q=query,
        page=min(max(whole_number(args.get("page"), "page", 1), 1), MAX_PAGE),
        per_page=min(max(whole_number(per_page, "per_page", DEFAULT_PER_PAGE), 1), MAX_PER_PAGE),
        speaker=text_filter(args.get("speaker"), "speaker"),
        conference=text_filter(args.get("conference"), "conference"),
        year=text_filter(args.get("year"), "year"),
        since=text_filter(args.get("since"), "since"),
        until=text_filter(args.get("until"), "until"),
        sort=sort_order(args.get("sort")),
    )


def whole_number(value: str | None, name: str, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise BadParameter(f"The {name} must be a whole number, not {shorten(value)!r}.") from None


def text_filter(value: str | None, name: str) -> str | None:
    value = " ".join((value or "").split())
    if len(value) > MAX_FILTER_LENGTH:
        raise BadParameter(f"The {name} filter is too long: at most {MAX_FILTER_LENGTH} characters.")
    return value or None


def sort_order(value: str | None) -> str:
    value = (value or "relevance").strip().lower()
    if value not in SORTS:
        raise BadParameter(f"Sort by one of {', '.join(SORTS)}, not {shorten(value)!r}.")
    return value


def shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
