"""Analysis on a real index: apostrophes, possessives and camel-case handles (see search/schema.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.index import update_pages
from search.model import Page, Talk
from search.schema import name_analyzer, prose_analyzer
from search.service import SearchService


def talk(talk_id, title, speakers=(), conference="PyCon UK 2013", body="notes"):
    return Talk(id=talk_id, title=title, speakers=tuple(speakers), date=None, conference=conference, tags=(),
                url=f"https://example.org/{talk_id}", source=f"/notes/{talk_id}.html", body=body)


TALKS = [
    talk("game", "Game theory in hospitals", ["Izabela Komenda"], body="It looks like the prisoner’s dilemma."),
    talk("ship", "Ship data science", ["@IanOzsvald"], body="Extract data from PDF files."),
    talk("bugs", "Find more bugs", ["David MacIver"], conference="PyCon UK 2015", body="Hypothesis finds bugs."),
    talk("dont", "Don’t be afraid to commit", body="Commit early."),
    talk("stream", "Big responses", body="Use StreamingHTTPResponse for JSON."),
]


@pytest.fixture
def service(index_dir):
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in TALKS])
    service = SearchService(index_dir)
    yield service
    service.close()


def ids(results):
    return [hit.id for hit in results.hits]


@pytest.mark.parametrize("query", ['"prisoner\'s dilemma"', '"prisoner’s dilemma"', "prisoners dilemma", "prisoner"])
def test_typed_and_typographic_apostrophes_and_possessives_match(service, query):
    assert ids(service.search(query)) == ["game"]


def test_inner_apostrophes_stay_one_word():
    assert [t.text for t in prose_analyzer()("Don’t don't")] == ["don't", "don't"]


@pytest.mark.parametrize("query", ["ozsvald", "ian ozsvald", '"ian ozsvald"', "speaker:ozsvald", "ianozsvald"])
def test_a_camel_case_handle_is_found_by_its_words(service, query):
    assert ids(service.search(query)) == ["ship"]


@pytest.mark.parametrize("query", ['speaker:"david maciver"', "maciver", 'conference:"pycon uk" year:2015'])
def test_names_in_camel_case_still_match_whole_and_as_phrases(service, query):
    assert ids(service.search(query)) == ["bugs"]


def test_camel_case_parts_are_indexed_but_a_query_keeps_its_word_whole():
    indexed = [(t.text, t.pos) for t in name_analyzer()("@IanOzsvald talk", positions=True)]
    assert indexed == [("ianozsvald", 0), ("ian", 0), ("ozsvald", 1), ("talk", 1)]
    assert [t.text for t in name_analyzer()("PyCon UK", mode="query")] == ["pycon", "uk"]


def test_a_current_index_has_no_notice(service):
    assert service.search("ozsvald").notice is None


def test_camel_case_parts_are_marked_in_speakers(service):
    hit = service.search("ozsvald").hits[0]
    assert hit.speakers_html == ("@Ian<mark>Ozsvald</mark>",)


@pytest.fixture
def names_service(index_dir):
    talks = [talk("cms", "State of the CMS", ["Iacopo Spalletti"]),
             talk("cmstest", "Testing Django CMS", ["Iacopo Spaletti"]),
             talk("docker", "Containers", ["Anna Decker"], body="Running it all in containers."),
             talk("dock", "Local development", ["Stefan"], body="We use docker for everything.")]
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in talks])
    service = SearchService(index_dir)
    yield service
    service.close()


def test_a_speaker_name_finds_the_same_name_misspelled_after_the_exact_one(names_service):
    results = names_service.search("spalletti")
    assert ids(results) == ["cms", "cmstest"]
    assert results.hits[1].speakers_html == ("Iacopo <mark>Spaletti</mark>",)


def test_a_word_that_is_no_name_does_not_find_names_near_it(names_service):
    assert ids(names_service.search("docker")) == ["dock"]


def test_an_index_built_with_the_earlier_analysis_still_searches(index_dir, monkeypatch):
    """Whoosh keeps each index's analyzers in the index: one built before this analysis searches as it was
    built (`reindex --full` brings the new analysis)."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.support.charset import accent_map

    import search.generations
    from search.schema import WORDS, build_schema

    def earlier_schema():
        schema = build_schema()
        prose = RegexTokenizer(WORDS) | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()
        for name in ("title", "body"):
            schema[name].analyzer = schema[name].format.analyzer = prose
        for name in ("speakers", "conference"):
            names = RegexTokenizer(WORDS) | LowercaseFilter() | CharsetFilter(accent_map)
            schema[name].analyzer = schema[name].format.analyzer = names
        return schema

    monkeypatch.setattr(search.generations, "build_schema", earlier_schema)
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in TALKS])
    monkeypatch.undo()
    service = SearchService(index_dir)
    try:
        assert ids(service.search('"prisoner’s dilemma"')) == ["game"]
        assert ids(service.search("ianozsvald")) == ["ship"] and ids(service.search("maciver")) == ["bugs"]
        assert service.search("ozsvald").total == 0  # the camel-case words come with a rebuild
        assert "reindex --full" in service.search("maciver").notice
    finally:
        service.close()


@pytest.mark.parametrize("query", ["streaming http response", '"streaming http response"', "StreamingHTTPResponse"])
def test_an_identifier_in_camel_case_is_found_by_its_words(service, query):
    results = service.search(query)
    assert ids(results) == ["stream"]
    assert "<mark>" in results.hits[0].snippet_html


# --- the word-cached prose analyzer gives the chain's tokens ------------------------------------------

def token_stream(analyzer, text: str, **options) -> list[tuple]:
    return [(t.text, t.pos if options.get("positions") else None, t.startchar if options.get("chars") else None,
             t.endchar if options.get("chars") else None, t.boost) for t in analyzer(text, **options)]


def plain_chain():
    from whoosh.analysis import CompositeAnalyzer

    return CompositeAnalyzer(*prose_analyzer().items)


PIECES = ["the", "a", "of", "An", "it's", "don’t", "Sébastien", "café's", "StreamingHTTPResponse", "@IanOzsvald",
          "MacIver", "HTTP2", "rest-api", "brandon_rhodes", "2015", "x", "generators", "running", "ÆØÅ", "İstanbul",
          "ß", "ﬁle", "’s", "'", " ", "  ", "\n", ".", ", ", "—", "IsIt", "aB", "Zz9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join),
       st.booleans(), st.booleans(), st.integers(0, 50), st.integers(0, 500), st.sampled_from(["index", "", "query"]))
def test_the_word_cached_analyzer_gives_the_chains_tokens(text, positions, chars, start_pos, start_char, mode):
    options = {"positions": positions, "chars": chars, "start_pos": start_pos, "start_char": start_char, "mode": mode}
    cached = prose_analyzer()
    assert token_stream(cached, text, **options) == token_stream(plain_chain(), text, **options)
    assert token_stream(cached, text, **options) == token_stream(plain_chain(), text, **options)  # from its cache


def test_the_word_cached_analyzer_on_real_notes(corpus_dir):
    """Every page of the bundled corpus and of the development corpus (when present) as indexing reads it."""
    from tests.conftest import DEVCORPUS

    files = sorted(corpus_dir.rglob("*.html")) + sorted(DEVCORPUS.rglob("*.html"))[:300]
    cached, chain = prose_analyzer(), plain_chain()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        options = {"positions": True, "chars": True, "mode": "index"}
        assert token_stream(cached, text, **options) == token_stream(chain, text, **options), path


def test_an_index_written_with_the_word_cache_is_the_chains_byte_for_byte(tmp_path, monkeypatch):
    import search.generations
    from search.generations import open_index
    from search.schema import build_schema

    def chain_schema():
        schema = build_schema()
        for name in ("title", "body"):
            schema[name].analyzer = schema[name].format.analyzer = plain_chain()
        return schema

    import search.index

    pages = [Page(source=t.source, talks=(t,)) for t in TALKS]
    update_pages(tmp_path / "cached", pages)
    monkeypatch.setattr(search.generations, "build_schema", chain_schema)
    monkeypatch.setattr(search.index, "with_word_cache", lambda schema: None)  # this writer keeps the chain
    update_pages(tmp_path / "chain", pages)
    postings = []
    for root in (tmp_path / "cached", tmp_path / "chain"):
        with open_index(root).reader() as reader:
            postings.append(list(reader.iter_postings()))
    assert postings[0] == postings[1] and len(postings[0]) > 100


def test_the_word_cached_analyzer_is_kept_in_the_index_as_the_plain_chain(index_dir):
    """Any version of confsearch reads the index: its table of contents names only the chain's classes."""
    import pickle

    from whoosh.analysis import CompositeAnalyzer

    from search.generations import live_dir, open_index
    from search.schema import WordCachedAnalyzer, with_word_cache

    analyzer = prose_analyzer()
    list(analyzer("Some words to remember", mode="index"))
    copy = pickle.loads(pickle.dumps(analyzer))
    assert type(copy) is CompositeAnalyzer and copy.items == analyzer.items == plain_chain().items
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in TALKS])
    tocs = list(live_dir(index_dir).glob("_MAIN_*.toc"))
    assert tocs and all(b"WordCachedAnalyzer" not in toc.read_bytes() for toc in tocs)
    schema = open_index(index_dir).schema
    assert type(schema["body"].analyzer) is CompositeAnalyzer
    with_word_cache(schema)  # what a writer does with the schema it read
    assert type(schema["body"].analyzer) is WordCachedAnalyzer and type(schema["title"].analyzer) is WordCachedAnalyzer
