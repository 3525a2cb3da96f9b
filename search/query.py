"""From what a user typed to a Whoosh query: field aliases, caps, bounded expansions, corrections.

`parse()` needs only the schema; `bound_expansions()` and `correct()` need a reader, because prefix,
wildcard and fuzzy terms are expanded, and misspellings corrected, against the index's own lexicon.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OrGroup,
    PlusMinusPlugin,
)
from whoosh.qparser.plugins import EveryPlugin, SingleQuotePlugin

from search.errors import QueryError
from search.lexicon import Lexicon
from search.schema import name_analyzer, shared_prose_analyzer
from search.variants import variants

# Query-time field weights for BM25F (chosen with `confsearch eval`, see tests/judgments/README.md).
FIELD_BOOSTS = {"title": 1.5, "speakers": 2.0, "conference": 2.0, "tags": 2.0, "body": 1.0}
PROSE_FIELDS = ("title", "body")
NAME_FIELDS = ("speakers", "conference")
ALIASES = {"speakers": ["speaker", "by", "author"], "tags": ["tag"], "conference": ["conf", "event"]}
USER_FIELDS = {"title", "body", "speakers", "conference", "tags", "year", "date"}

MAX_CHARS = 500
MAX_TERMS = 32
MAX_EXPANSION = 24  # a prefix/wildcard/fuzzy term becomes at most this many of the most frequent terms
MAX_SCAN = 5000  # lexicon entries looked at for one prefix or wildcard
MIN_PREFIX = 2
MAX_FUZZY = 2
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}

_FIELD_SPEC = re.compile(r"(?<![\w:])(\w+):(?!//)")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_MINUS = r"(?:(?<=\s)|(?<=^)|(?<=\())-(?=[\w\"(])"


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query, normalised and parsed. `notice` says what was changed (e.g. shortened)."""

    text: str
    query: wq.Query
    plain: bool  # only words (no fields, operators, phrases): eligible for the any-word fallback
    notice: str | None = None


def normalise(text: str) -> tuple[str, str | None]:
    """Whitespace collapsed, control characters dropped, capped at MAX_CHARS and MAX_TERMS words."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")
    words = text.split()
    notice = None
    if len(words) > MAX_TERMS:
        words = words[:MAX_TERMS]
        notice = f"The query was shortened to its first {MAX_TERMS} words."
    text = " ".join(words)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0] if " " in text[:MAX_CHARS] else text[:MAX_CHARS]
        notice = f"The query was shortened to its first {MAX_CHARS} characters."
    return text, notice


def _literal_unknown_fields(text: str) -> str:
    """`Speaker:` -> `speakers:`; a field name nobody can search (`foo:bar`) becomes the words `foo bar`."""

    def fix(match: re.Match) -> str:
        name = match.group(1).lower()
        for field, aliases in ALIASES.items():
            if name in aliases:
                name = field
        return f"{name}:" if name in USER_FIELDS else f"{match.group(1)} "

    return _FIELD_SPEC.sub(fix, _split_joined_words(text))


def _split_joined_words(text: str) -> str:
    """`rest-api` or `asyncio.gather` outside quotes and field values -> separate words, each in any field."""
    parts = re.split(r'("[^"]*"|\S*:\S*)', text)
    return "".join(p if i % 2 else re.sub(r"(?<=\w)[-./@&+](?=\w)", " ", p) for i, p in enumerate(parts))


# The form typed counts a little more than the other forms (measured on tests/judgments: at 1.0 a talk
# saying only "PostgreSQL" outranks the one saying "Postgres" for "postgres"; at 0.5 it drops out of the top 3).
VARIANT_BOOST = 0.7
_YEAR = re.compile(r"(?:19|20)\d\d")
_FREE_WORD = re.compile(r"(?<![^\s(+-])\w+(?![^\s)])")


def with_variants(text: str) -> str:
    """Each word outside quotes and fields that notes also write otherwise ("postgres", see variants.py)
    -> a group of its forms: "(postgres OR postgresql)"; a year also matches the talks of that year
    ("2015" -> "(2015 OR year:2015)")."""
    parts = re.split(r'("[^"]*"|\S*:[\[{][^\]}]*[\]}]?|\S*:\S*)', text)
    return "".join(p if i % 2 else _FREE_WORD.sub(_forms_group, p) for i, p in enumerate(parts))


def _forms_group(match: re.Match) -> str:
    word = match.group(0)
    if _YEAR.fullmatch(word):  # also the talks of that year whose conference name does not say it
        return f"({word} OR year:{word})"
    forms = () if word in OPERATORS else variants(word)
    quoted = (f'"{f}"' if " " in f else f for f in forms)
    return f"({' OR '.join((word, *(f'{f}^{VARIANT_BOOST}' for f in quoted)))})" if forms else word


def _parser(schema, group, boosts: dict[str, float]) -> MultifieldParser:
    parser = MultifieldParser(list(boosts), schema, fieldboosts=boosts, group=group)
    parser.remove_plugin_class(SingleQuotePlugin)
    parser.remove_plugin_class(EveryPlugin)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(PlusMinusPlugin(minusexpr=_MINUS))
    parser.add_plugin(FieldAliasPlugin(ALIASES))
    return parser


def is_blank(text: str) -> bool:
    """No word to search for (an empty query: with filters it lists the talks they match)."""
    return not _WORD.search(normalise(text)[0])


def is_plain(text: str) -> bool:
    """Only words: no field, phrase, operator, group, wildcard, fuzzy or minus."""
    if re.search(r"[:\"()\[\]{}*?~^]|(?:^|\s)[-+]", text):
        return False
    return not any(word in OPERATORS for word in text.split())


def only_stop_words(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text) if w not in OPERATORS]
    return bool(words) and all(w in STOP_WORDS for w in words) and ":" not in text


def parse(text: str, schema, *, any_word: bool = False, boosts: dict[str, float] | None = None) -> ParsedQuery:
    """Parse a user's query (all words required, or any of them with `any_word`). Raises QueryError.

    `boosts` weighs the fields searched when a word names no field (default FIELD_BOOSTS)."""
    text, notice = normalise(text)
    text = tidy(text)
    if not _WORD.search(text):
        raise QueryError("The query is empty: type a word, a name or a phrase to search for.")
    if only_stop_words(text):
        raise QueryError(
            "The query has only very common words (like 'the' or 'and'), which are not indexed; add a more specific word."
        )
    group = OrGroup.factory(0.9) if any_word else AndGroup
    parser = _parser(schema, group, boosts or FIELD_BOOSTS)
    text = _literal_unknown_fields(text)
    try:
        parsed = _whoosh_parse(parser, with_variants(text))
    except (IndexError, ValueError, TypeError, AttributeError):
        # Whoosh's parser breaks on some operator-only input ("NOT OR"): read the query as literal words.
        literal = " ".join(_WORD.findall(text)).lower()
        if only_stop_words(literal):
            raise QueryError("The query has only operators or very common words; add a word to search for.") from None
        parsed = _whoosh_parse(parser, literal)
    _raise_errors(parsed)
    if isinstance(parsed, type(wq.NullQuery)):
        raise QueryError("The query has nothing that can be searched for; add a word.")
    return ParsedQuery(text=text, query=parsed, plain=is_plain(text), notice=notice)


_EMPTY_FIELD = re.compile(r"(?<![\w:])\w+:(?=\s|$)")
BINARY_OPERATORS = OPERATORS - {"NOT", "TO"}


def tidy(text: str) -> str:
    """Read what a user left unfinished as what they meant: an empty field ("speaker:") and dangling or
    doubled operators ("zeromq OR", "OR OR") are dropped, an unpaired quote is read as plain words."""
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = f"{head} {tail}"
    words: list[str] = []
    quoted = False
    for word in _EMPTY_FIELD.sub(" ", text).split():
        if not quoted and word in BINARY_OPERATORS and (not words or words[-1] in OPERATORS):
            continue
        words.append(word)
        quoted ^= word.count('"') % 2 == 1
    while words and words[-1] in OPERATORS:
        words.pop()
    return " ".join(words)


def _whoosh_parse(parser, text: str) -> wq.Query:
    try:
        return parser.parse(text)
    except (IndexError, ValueError, TypeError, AttributeError):
        raise
    except Exception as error:  # Whoosh raises a bare Exception for a date it cannot read inside a range
        raise QueryError(f"Cannot read part of the query: {error}. Dates look like 2015, 2015-05 or 2015-05-22.") from None


def _raise_errors(q: wq.Query) -> None:
    error = getattr(q, "error", None)
    if error:
        raise QueryError(f"Cannot read part of the query: {error}. Dates look like 2015, 2015-05 or 2015-05-22.")
    for child in q.children():
        _raise_errors(child)


# --- bounded expansion ------------------------------------------------------------------------


def bound_expansions(q: wq.Query, reader, lexicon: Lexicon | None = None) -> wq.Query:
    """Replace prefix, wildcard and fuzzy terms by an Or of at most MAX_EXPANSION of their most frequent terms.
    `lexicon` (of the reader's generation) keeps the terms read for fuzzy terms across calls."""
    if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        return _expand(q, reader, lexicon or Lexicon())
    return q.apply(lambda child: bound_expansions(child, reader, lexicon))


MIN_NEAR_NAME = 6  # shorter names are too often other people one letter away ("Mark", "Marc")
MAX_NEAR_NAMES = 4


def near_names(q: wq.Query, reader, lexicon: Lexicon) -> wq.Query:
    """A speaker name word the index knows also matches the names one edit away from it (weighing
    VARIANT_BOOST): notes misspell names ("spalletti" finds the talk whose notes say "Spaletti")."""
    if type(q) is wq.Term and q.fieldname == "speakers":
        return _with_near_names(q, reader, lexicon)
    return q.apply(lambda child: near_names(child, reader, lexicon))


def _with_near_names(q: wq.Term, reader, lexicon: Lexicon) -> wq.Query:
    text = _decode(q.text)
    if len(text) < MIN_NEAR_NAME or not reader.doc_frequency("speakers", text):
        return q
    near = [t for t in lexicon.within(reader, "speakers", text, 1, prefix=1) if t != text][:MAX_NEAR_NAMES]
    if not near:
        return q
    return NearNames([q] + [wq.Term("speakers", t, boost=q.boost * VARIANT_BOOST) for t in near])


class NearNames(wq.Or):
    """A speaker name word and the names one edit away from it (see `near_names`)."""


MAX_SPELLINGS = 12  # other spellings of one person a speaker name in a query also matches


class Spellings:
    """Per index generation: the spellings of each person with more than one, as the speakers field indexes
    them (see `search.people`), so a speaker name in a query also matches the person's other spellings."""

    def __init__(self, people: Iterable[Sequence[str]]):
        analyzer = name_analyzer()
        self._forms: list[list[tuple[str, ...]]] = []
        self._by_word: dict[str, set[int]] = defaultdict(set)
        for spellings in people:
            if len(spellings) < 2:  # one spelling is one form: nothing to add (most people; skipped unanalysed)
                continue
            forms = list(dict.fromkeys(tuple(t.text for t in analyzer(s, mode="query")) for s in spellings))
            forms = [form for form in forms if form]
            if len(forms) < 2:
                continue
            for form in forms:
                for word in form:
                    self._by_word[word].add(len(self._forms))
            self._forms.append(forms)

    def others(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The other spellings of each person one of whose spellings has `words` in a row."""
        if not words:
            return []
        people = set.intersection(*(self._by_word.get(word, set()) for word in words))
        found = []
        for number in sorted(people):
            forms = self._forms[number]
            if any(_in_row(words, form) for form in forms):
                found += [form for form in forms if not _in_row(words, form)]
        return found[:MAX_SPELLINGS]


def _in_row(words: tuple[str, ...], form: tuple[str, ...]) -> bool:
    return any(form[i : i + len(words)] == words for i in range(len(form) - len(words) + 1))


def all_spellings(q: wq.Query, spellings: Spellings | None) -> wq.Query:
    """A speaker name the index knows as one spelling of a person also matches the person's other spellings
    (weighing VARIANT_BOOST): `speaker:"kate novak"` finds the notes that say "Katherine Novak" too. Run after
    `near_names`: a spelling one of its near names already matches is not added again."""
    if spellings is None:
        return q
    if isinstance(q, NearNames):
        first = q.subqueries[0]
        words, covered, boost = (_decode(first.text),), {_decode(t.text) for t in q.subqueries}, first.boost
    elif type(q) is wq.Term and q.fieldname == "speakers":
        words, covered, boost = (_decode(q.text),), set(), q.boost
    elif isinstance(q, wq.Phrase) and q.fieldname == "speakers":
        words, covered, boost = tuple(_decode(w) for w in q.words), set(), q.boost
    else:
        return q.apply(lambda child: all_spellings(child, spellings))
    others = [form for form in spellings.others(words) if not set(form) & (covered - set(words))]
    if not others:
        return q
    boost *= VARIANT_BOOST
    return wq.Or([q] + [wq.Term("speakers", form[0], boost=boost) if len(form) == 1
                        else wq.Phrase("speakers", list(form), boost=boost) for form in others])


def has_expansions(q: wq.Query) -> bool:
    """Whether `q` holds a prefix, wildcard or fuzzy term expanded by `bound_expansions`."""
    if isinstance(q, Expansion):
        return True
    return any(has_expansions(child) for child in q.children())


def _expand(q: wq.Query, reader, lexicon: Lexicon) -> wq.Query:
    field = q.fieldname
    if field not in reader.schema or not reader.schema[field].format:
        return wq.NullQuery
    frequencies: dict[str, int] = {}
    for term, frequency in _candidates(q, reader, lexicon):
        frequencies[term] = max(frequency, frequencies.get(term, 0))
    ranked = sorted(frequencies, key=lambda t: (-frequencies[t], t))[:MAX_EXPANSION]
    if not ranked:
        return wq.NullQuery
    return Expansion([wq.Term(field, t, boost=q.boost) for t in ranked])


class Expansion(wq.Or):
    """The terms a prefix, wildcard or fuzzy term stands for (scored with preloaded arrays, not a union tree)."""

    matcher_type = wq.Or.ARRAY_MATCHER


def _candidates(q: wq.Query, reader, lexicon: Lexicon):
    """(term, document frequency) pairs the multi-term query may expand to, from a bounded lexicon scan."""
    field, text = q.fieldname, q.text
    if isinstance(q, wq.FuzzyTerm):
        maxdist = min(max(q.maxdist, 1), MAX_FUZZY)
        prefix = max(q.prefixlength, 1)
        for form in _forms(field, text):
            if len(form) > prefix:
                for term in lexicon.within(reader, field, form, maxdist, prefix=prefix):
                    yield term, reader.doc_frequency(field, term)
        return
    if isinstance(q, wq.Prefix):
        if len(text) < MIN_PREFIX:
            raise QueryError(f"A prefix search needs at least {MIN_PREFIX} letters before the *: '{text}*' is too short.")
        for form in _forms(field, text):
            yield from lexicon.prefixed(reader, field, form, MAX_SCAN)
        return
    literal = re.split(r"[*?]", text, maxsplit=1)[0]
    if len(literal) < MIN_PREFIX:
        raise QueryError(f"A wildcard needs at least {MIN_PREFIX} letters before the first * or ?: '{text}' is too broad.")
    for term, frequency in lexicon.prefixed(reader, field, literal, MAX_SCAN):
        if fnmatch.fnmatchcase(term, text):
            yield term, frequency


def _decode(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _forms(field: str, text: str) -> list[str]:
    """The text, and for prose fields its stem too ("generat*" also finds the stem "gener")."""
    forms = [text]
    if field in PROSE_FIELDS:
        forms += [t.text for t in shared_prose_analyzer()(text) if t.text != text]
    return forms


# --- did you mean -----------------------------------------------------------------------------


def correct(text: str, reader, lexicon: Lexicon | None = None) -> str | None:
    """The query with each word the index does not know replaced by its closest frequent index word (one edit
    away, else two index words run together: "pyconuk" -> "pycon uk", else two edits away), or None."""
    lexicon = lexicon or Lexicon()
    text, _ = normalise(text)
    pieces, changed, last = [], False, 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()]
        if word in OPERATORS or text[match.end() : match.end() + 1] == ":" or word.isdigit():
            continue
        field = re.search(r"(\w+):\"?$", before)
        fields = _fields_for(field.group(1).lower() if field else None)
        if not fields or _known(word, fields, reader):
            continue
        better = _closest(word, fields, reader, lexicon, most=1)
        if better is None and field is None:
            better = _two_words(word, fields, reader)
        better = better or _closest(word, fields, reader, lexicon)
        if better and better.lower() != word.lower():
            pieces += [text[last : match.start()], better]
            last, changed = match.end(), True
    return "".join(pieces) + text[last:] if changed else None


def _fields_for(name: str | None) -> tuple[str, ...]:
    if name is None:
        return PROSE_FIELDS + NAME_FIELDS
    for field, aliases in ALIASES.items():
        if name in aliases:
            name = field
    return (name,) if name in PROSE_FIELDS + NAME_FIELDS else ()


def _index_forms(word: str, field: str) -> list[str]:
    analyzer = shared_prose_analyzer() if field in PROSE_FIELDS else name_analyzer()
    return [t.text for t in analyzer(word, mode="query")]


def _known(word: str, fields, reader) -> bool:
    forms = [(f, t) for f in fields for t in _index_forms(word, f)]
    if len(fields) > 1:
        forms.append(("tags", word.lower()))
    return not forms or any(reader.doc_frequency(f, t) for f, t in forms)


def _two_words(word: str, fields, reader) -> str | None:
    """The word as two index words of two letters or more ("pyconuk" -> "pycon uk"), split as evenly as can be."""
    word = word.lower()
    splits = [(word[:i], word[i:]) for i in range(2, len(word) - 1)]
    found = [f"{a} {b}" for a, b in splits if _indexed(a, fields, reader) and _indexed(b, fields, reader)]
    return max(found, key=lambda pair: min(map(len, pair.split()))) if found else None


def _indexed(word: str, fields, reader) -> bool:
    return any(reader.doc_frequency(f, t) for f in fields for t in _index_forms(word, f))


def _closest(word: str, fields, reader, lexicon: Lexicon, most: int = 2) -> str | None:
    """Best (fewest edits, at most `most`, then most documents) index term near the word, as a word a user
    would type."""
    best = None
    for field in fields:
        for form in _index_forms(word, field):
            if len(form) < 4:
                continue
            maxdist = min(most, 1 if len(form) <= 5 else 2)
            for term in lexicon.within(reader, field, form, maxdist, prefix=1):
                key = (_distance(form, term), -reader.doc_frequency(field, term))
                if best is None or key < best[0]:
                    best = (key, field, term)
    if best is None:
        return None
    _, field, term = best
    return surface_form(term, field, reader) if field in PROSE_FIELDS else term


def surface_form(stem: str, field: str, reader) -> str:
    """A word as written in the notes whose stem is `stem` (the most frequent in the first talk using it)."""
    postings = reader.postings(field, stem)
    if not postings.is_active():
        return stem
    text = reader.stored_fields(postings.id()).get(field) or ""
    analyzer = shared_prose_analyzer()
    counts: dict[str, int] = {}
    for word in re.findall(rf"\b{re.escape(stem[:-1])}\w*", text, flags=re.IGNORECASE):
        if any(t.text == stem for t in analyzer(word)):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return max(counts, key=lambda w: (counts[w], -len(w))) if counts else stem


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def query_terms(q: wq.Query) -> set[tuple[str, str]]:
    """(field, text) of every term the query looks for positively (for highlighting)."""
    def text_terms(node):
        return {(f, _decode(t)) for f, t in node.iter_all_terms(phrases=True) if f in PROSE_FIELDS + NAME_FIELDS}

    negated = set()
    for node in _negated(q):
        negated |= text_terms(node)
    return text_terms(q) - negated


def _negated(q: wq.Query):
    if isinstance(q, wq.Not):
        yield q.query
    elif isinstance(q, wq.AndNot):
        yield q.b
        yield from _negated(q.a)
    else:
        for child in q.children():
            yield from _negated(child)
