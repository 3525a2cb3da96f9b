"""Results, talks and hits as text for a terminal: matched words in colour (plain when piped, by click)."""

from __future__ import annotations

import re

import click
from markupsafe import Markup

from search.model import Hit, Note, SearchResults, Talk

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def unmark(html: str) -> str:
    """Snippet HTML as terminal text: marked words styled, everything else unescaped."""
    pieces = _MARK.split(str(html))
    return "".join(
        click.style(Markup(p).unescape(), fg="yellow", bold=True) if i % 2 else Markup(p).unescape()
        for i, p in enumerate(pieces)
    )


def metadata(item: Hit | Talk) -> str:
    speakers = [unmark(s) for s in item.speakers_html] if getattr(item, "speakers_html", ()) else list(item.speakers)
    parts = [", ".join(speakers), item.date.isoformat() if item.date else "", item.conference or ""]
    return " · ".join(p for p in parts if p)


def hit_lines(number: int, hit: Hit) -> list[str]:
    title = unmark(hit.title_html) if hit.title_html else hit.title
    lines = [f"{number:>3}. {title}"]
    if metadata(hit):
        lines.append(f"     {metadata(hit)}")
    if hit.snippet_html:
        lines.append(f"     {unmark(hit.snippet_html)}")
    lines.append(f"     {click.style(hit.url or hit.source, fg='cyan')}")
    if hit.more_notes:
        count = len(hit.more_notes)
        lines.append(f"     +{count} more note{'s' if count > 1 else ''}: " + ", ".join(where(n) for n in hit.more_notes))
    return lines


def where(note: Note) -> str:
    return note.url or note.source


def results_text(results: SearchResults) -> str:
    lines = []
    if results.notice:
        lines.append(click.style(results.notice, fg="magenta"))
    elif results.suggestion:
        lines.append(click.style(f"Did you mean: {results.suggestion}?", fg="magenta"))
    if not results.total:
        lines.append(f"No talks found for {results.query}.")
        return "\n".join(lines)
    first = (results.page - 1) * results.per_page
    shown = f"{first + 1}-{first + len(results.hits)}" if results.hits else "none"
    talks = "talk" if results.total == 1 else "talks"
    lines.append(f"{results.total} {talks} ({shown} shown, page {results.page} of {results.pages}, {results.elapsed_ms:.0f} ms)\n")
    for number, hit in enumerate(results.hits, first + 1):
        lines += hit_lines(number, hit) + [""]
    return "\n".join(lines).rstrip()


def talk_text(talk: Talk, context=None) -> str:
    """The whole talk; with its context (`search.directory.TalkContext`), the other notes of it and the other
    events it was given at."""
    lines = [click.style(talk.title, bold=True)]
    for line in (metadata(talk), ", ".join(talk.tags), talk.url or talk.source, f"id: {talk.id}"):
        if line:
            lines.append(line)
    lines += ["", talk.body]
    if context is not None and context.more_notes:
        lines += ["", "Also written up by:"] + [f"  {where(n)}  (id: {n.id})" for n in context.more_notes]
    if context is not None and context.given_again:
        lines += ["", "Also given at:"] + [f"  {' · '.join(filter(None, (n.conference, n.date and n.date.isoformat())))}"
                                           f"  (id: {n.id})" for n, _ in context.given_again]
    return "\n".join(lines)


def summaries_text(summaries, kind: str) -> str:
    """`confsearch speakers` / `conferences`: one line each, name, talks, other spellings and detail."""
    if not summaries:
        return f"No {kind} found."
    width = min(40, max(len(s.name) for s in summaries))
    lines = []
    for summary in summaries:
        talks = f"{summary.talks} talk{'s' if summary.talks != 1 else ''}"
        extra = "; ".join(filter(None, (summary.detail, summary.spellings and "also " + ", ".join(summary.spellings))))
        lines.append(f"{summary.name:<{width}}  {talks:>9}  {summary.slug}" + (f"  ({extra})" if extra else ""))
    return "\n".join(lines)
