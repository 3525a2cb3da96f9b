"""Snippets: escaped text with <mark>ed matches, whole words, lines kept apart, offsets from the index."""

from markupsafe import Markup

from search.query import parse, query_terms
from search.schema import build_schema
from search.snippets import analyzed_spans, mark, paragraphs, snippet, stored_spans
from tests.talks import TALKS


def spans_for(text, *words):
    return analyzed_spans(text, set(words))


def test_text_is_escaped_before_marks_are_added():
    body = "He showed how <script>alert(1)</script> is not a <b>queue</b>."
    html, text = snippet(body, spans_for(body, "queue"))
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>queue</mark>" in html and "&lt;b&gt;" in html
    assert text == body and "<mark>" not in text


def test_marks_stemmed_forms():
    body = "Generators are lazy. A generator function uses yield."
    html, _ = snippet(body, spans_for(body, "gener"))
    assert html.count("<mark>") == 2 and "<mark>Generators</mark>" in html


def test_best_lines_are_chosen_in_order_and_never_joined():
    body = "Intro line.\n- nothing here\n- zeromq sockets here\n- more filler\n- sockets again\n- zeromq only"
    html, text = snippet(body, spans_for(body, "zeromq", "socket"))
    assert text.split(" … ") == ["zeromq sockets here", "sockets again", "zeromq only"]
    assert "- " not in text  # bullet markers dropped


def test_long_line_is_cut_at_spaces_around_the_match():
    body = " ".join(f"word{i}" for i in range(200)) + " needle " + " ".join(f"tail{i}" for i in range(200))
    html, text = snippet(body, spans_for(body, "needl"))
    assert "<mark>needle</mark>" in html and len(text) < 200
    assert text.startswith("…") and text.endswith("…")
    words = text.strip("…").split()
    assert all(w == "needle" or w.startswith(("word", "tail")) and w[4:].isdigit() for w in words)


def test_no_match_gives_start_of_body():
    body = "First line of the notes.\nSecond line."
    html, text = snippet(body, [])
    assert text == "First line of the notes." and "<mark>" not in html


def test_a_huge_word_does_not_break_snippets():
    body = "x" * 1_000_000 + " needle"
    html, text = snippet(body, spans_for(body, "needl"))
    assert len(text) < 400


def test_mark_escapes_marked_text_too():
    text = "a <i>b</i>"
    assert mark(text, [(2, 10, "b")]) == "a <mark>&lt;i&gt;b&lt;/i&gt;</mark>"


def test_names_are_marked_accent_insensitively():
    name = "Sébastien van der Berg"
    assert mark(name, analyzed_spans(name, {"sebastien"}, names=True)) == "<mark>Sébastien</mark> van der Berg"


def test_stored_offsets_match_the_analyzer(schema_index):
    ix = schema_index(TALKS)
    q = parse("socket messaging script", build_schema()).query
    terms = {t for f, t in query_terms(q) if f == "body"}
    with ix.searcher() as s:
        docnum = s.document_number(id="zmq")
        body = s.stored_fields(docnum)["body"]
        stored = sorted(stored_spans(s.reader(), [docnum, docnum + 1], "body", terms)[docnum])
    assert stored == sorted(analyzed_spans(body, terms))
    assert [body[a:b] for a, b, _ in stored] == ["socket", "messaging", "sockets", "script", "script", "message"]


def test_paragraphs_are_escaped_and_marked():
    body = "one <zeromq>\n\n- two zeromq"
    html = paragraphs(body, spans_for(body, "zeromq"))
    assert html == "<p>one &lt;<mark>zeromq</mark>&gt;</p>\n<p>- two <mark>zeromq</mark></p>"


def test_snippets_never_leak_markup():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n-*•script")), max_size=300), st.sampled_from(["a", "b", "script"]))
    def check(body, word):
        html, text = snippet(body, analyzed_spans(body, {word}))
        stripped = str(html).replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped
        assert "<mark>" not in text

    check()
