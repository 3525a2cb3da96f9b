"""The one place HTML is made from talk text: escape the text, then add <mark> around matched words.

Matches are character spans `(start, end)`. For the body they come from the character offsets stored in
the index (no re-analysis); for short fields (title, speakers) and for a talk not in the index, from
running the field's analyzer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from search.schema import name_analyzer, shared_prose_analyzer

Span = tuple[int, int, str]  # start, end, the index term matched

FRAGMENT_CHARS = 160
MAX_FRAGMENTS = 3
SNIPPET_CHARS = 360
SEPARATOR = " … "
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"\s*(?:[-*•·–]\s+|\d+[.)]\s+)?")


def mark(text: str, spans: Iterable[Span], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end] escaped, with each span inside it wrapped in <mark>."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e, _ in sorted(spans, key=lambda span: (span[0], -span[1])):  # of two starting together, the longer
        if s < pos or e > end:
            continue
        out += [escape(text[pos:s]), Markup("<mark>%s</mark>") % text[s:e]]
        pos = e
    out.append(escape(text[pos:end]))
    return Markup("").join(out)


def analyzed_spans(text: str, terms: set[str], *, names: bool = False) -> list[Span]:
    """Spans of the words of `text` whose analyzed form is one of `terms` (for short fields)."""
    if not terms or not text:
        return []
    analyzer = name_analyzer() if names else shared_prose_analyzer()
    return [(t.startchar, t.endchar, t.text) for t in analyzer(text, chars=True) if t.text in terms]


def stored_spans(reader, docnums: Iterable[int], field: str, terms: Iterable[str]) -> dict[int, list[Span]]:
    """Spans of `terms` in the field of each document, from the character offsets stored in the postings.
    One posting cursor per term walks the documents in order, so ten hits cost about what one does."""
    wanted = sorted(set(docnums))
    spans: dict[int, list[Span]] = {d: [] for d in wanted}
    for term in terms:
        if (field, term) not in reader:
            continue
        postings = reader.postings(field, term)
        for docnum in wanted:
            if not postings.is_active():
                break
            postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                spans[docnum] += [(s, e, term) for _, s, e in postings.value_as("characters") if 0 <= s < e]
    return spans


def snippet(body: str, spans: list[Span]) -> tuple[Markup, str]:
    """The best one to three fragments of `body` around the spans, marked and plain. Lines are never joined
    into one fragment and words are never cut; without spans, the start of the body."""
    lines = [(m.start() + len(_BULLET.match(m.group()).group()), m.end()) for m in _LINE.finditer(body)]
    lines = [(s, e) for s, e in lines if body[s:e].strip()]
    chosen = _best_lines(lines, spans)
    if not chosen:
        chosen = lines[:1]
    html, text, used = [], [], 0
    for start, end in chosen:
        inside = [sp for sp in spans if start <= sp[0] and sp[1] <= end]
        s, e = _window(body, start, end, inside, min(FRAGMENT_CHARS, max(SNIPPET_CHARS - used, 60)))
        prefix, suffix = ("…" if s > start else ""), ("…" if e < end else "")
        html.append(Markup(prefix) + mark(body, inside, s, e).rstrip() + Markup(suffix))
        text.append(prefix + body[s:e].rstrip() + suffix)
        used += e - s
        if used >= SNIPPET_CHARS:
            break
    return Markup(SEPARATOR).join(html), SEPARATOR.join(text)


def _best_lines(lines: list[tuple[int, int]], spans: list[Span]) -> list[tuple[int, int]]:
    """Up to MAX_FRAGMENTS lines with the most distinct matched terms (then most matches), in text order."""
    if not spans:
        return []
    starts = sorted(spans)
    scored, i = [], 0
    for index, (s, e) in enumerate(lines):
        while i < len(starts) and starts[i][0] < s:
            i += 1
        j, found = i, []
        while j < len(starts) and starts[j][1] <= e:
            found.append(starts[j][2])
            j += 1
        if found:
            scored.append(((-len(set(found)), -len(found), index), (s, e)))
    best = sorted(scored)[:MAX_FRAGMENTS]
    return sorted(line for _, line in best)


def _window(text: str, start: int, end: int, spans: list[Span], size: int) -> tuple[int, int]:
    """A stretch of at most ~size chars of text[start:end] around the first span, cut only at spaces."""
    if end - start <= size:
        return start, end
    first = spans[0][0] if spans else start
    lo = max(start, first - size // 3)
    hi = min(end, lo + size)
    if lo > start:
        space = text.find(" ", lo, first) if first > lo else -1
        lo = space + 1 if space != -1 else lo
    if hi < end:
        space = text.rfind(" ", max(lo, spans[0][1] if spans else lo), hi)
        hi = space if space != -1 else hi
    return lo, hi


def paragraphs(body: str, spans: list[Span]) -> Markup:
    """The whole body, escaped, one <p> per line or paragraph, the spans in <mark>."""
    out = []
    for m in _LINE.finditer(body):
        if m.group().strip():
            inside = [sp for sp in spans if m.start() <= sp[0] and sp[1] <= m.end()]
            out.append(Markup("<p>%s</p>") % mark(body, inside, m.start(), m.end()).strip())
    return Markup("\n").join(out)
