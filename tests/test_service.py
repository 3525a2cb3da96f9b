"""SearchService on a real index built with update_pages: ranking, fallbacks, facets, paging, threads."""

import threading
from dataclasses import replace

import pytest
from markupsafe import Markup

from search.errors import IndexNotFound, QueryError
from search.index import update_pages
from search.model import Page, Talk
from search.service import ALL_WORDS_NOTICE, SearchService
from tests.talks import TALKS


def pages(talks):
    return [Page(source=t.source, talks=(t,)) for t in talks]


@pytest.fixture
def service(index_dir):
    update_pages(index_dir, pages(TALKS))
    service = SearchService(index_dir)
    yield service
    service.close()


def test_missing_index_is_a_sentence(tmp_path):
    with pytest.raises(IndexNotFound):
        SearchService(tmp_path / "nothing-here")


def test_hits_carry_fields_snippets_and_marks(service):
    results = service.search("zeromq sockets")
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.id, hit.conference, hit.speakers, str(hit.date)) == ("zmq", "PyGrunn 2015", ("Pieter Hintjens",), "2015-05-22")
    assert isinstance(hit.snippet_html, Markup) and "<mark>sockets</mark>" in hit.snippet_html
    assert "<mark>" not in hit.snippet_text and "sockets" in hit.snippet_text
    assert hit.title_html == "Messaging with <mark>ZeroMQ</mark>"
    assert hit.score > 0


def test_body_html_is_escaped_in_snippets(service):
    hit = service.search("script").hits[0]
    assert "<script>" not in hit.snippet_html and "&lt;<mark>script</mark>&gt;" in hit.snippet_html


def test_speaker_marks(service):
    hit = service.search("speaker:sebastien").hits[0]
    assert hit.speakers_html == ("<mark>Sébastien</mark> van der Berg",)


def test_speaker_ranks_above_a_mention_in_the_body(index_dir):
    talks = [
        Talk(id="body", title="Other things", body="We talked about Rossum and his ideas, then about other things."),
        Talk(id="speaker", title="Python history", speakers=("Guido van Rossum",), body="Notes about the history."),
    ]
    update_pages(index_dir, pages(talks))
    service = SearchService(index_dir)
    assert [h.id for h in service.search("rossum").hits] == ["speaker", "body"]
    service.close()


@pytest.mark.parametrize(
    "query, suggestion, shown",
    [("zeromg", "zeromq", "zmq"), ("generaters", "generators", "gen"), ("kubernetis", "kubernetes", "k8s")],
)
def test_misspellings_are_corrected_and_shown(service, query, suggestion, shown):
    results = service.search(query)
    assert results.suggestion == suggestion
    assert results.notice == f"No results for {query}; showing results for {suggestion}."
    assert [h.id for h in results.hits] == [shown]


def test_any_word_fallback_says_so(service):
    results = service.search("generators kubernetes")
    assert results.notice == ALL_WORDS_NOTICE
    assert {h.id for h in results.hits} == {"gen", "k8s"}


def test_nothing_found_is_reported_without_notice(service):
    results = service.search("xylophone")
    assert results.total == 0 and results.hits == () and results.suggestion is None


def test_facets_count_the_whole_result_set(service):
    results = service.search("the OR web OR zeromq OR generators OR kubernetes", per_page=1)
    assert results.total == 4 and len(results.hits) == 1
    assert results.facets["year"] == {"2016": 1, "2015": 2, "2014": 1}
    assert results.facets["conference"]["PyGrunn 2015"] == 1
    assert results.facets["speaker"]["Jane Doe"] == 1 and len(results.facets["speaker"]) == 5


def test_facets_can_be_left_out_and_the_hits_stay_the_same(service):
    query = "the OR web OR zeromq OR generators OR kubernetes"
    plain = service.search(query, per_page=2, facets=False)
    assert plain.facets == {}
    full = service.search(query, per_page=2)
    assert full.facets["year"] and [h.id for h in plain.hits] == [h.id for h in full.hits]
    assert plain.total == full.total


def test_pagination_and_date_sort(service):
    query = "web OR zeromq OR generators OR kubernetes"
    by_date = [h.id for p in (1, 2) for h in service.search(query, per_page=2, page=p, sort="date").hits]
    assert by_date == ["k8s", "test", "zmq", "gen"]
    assert service.search(query, per_page=2, page=3).hits == ()


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"speaker": "jane doe"}, {"test"}),
        ({"speaker": "Sebastien van der Berg"}, {"k8s"}),
        ({"speaker": "beazley"}, {"gen"}),
        ({"speaker": "nobody at all"}, set()),
        ({"conference": "pygrunn 2015"}, {"zmq"}),
        ({"year": 2015}, {"zmq", "test"}),
        ({"year": "2014"}, {"gen"}),
        ({"since": "2015-06", "until": "2016"}, {"test", "k8s"}),
        ({"until": "2015-05-22"}, {"gen", "zmq"}),
    ],
)
def test_filters(service, filters, expected):
    results = service.search("web OR zeromq OR generators OR kubernetes", **filters)
    assert {h.id for h in results.hits} == expected


@pytest.mark.parametrize(
    "kwargs",
    [{"page": 0}, {"page": "abc"}, {"per_page": 10_000}, {"sort": "random"}, {"year": "soon"}, {"since": "yesterday"}],
)
def test_bad_parameters_are_sentences(service, kwargs):
    with pytest.raises(QueryError, match=r"\.$"):
        service.search("zeromq", **kwargs)


def test_get_and_highlight_body(service):
    talk = service.get("zmq")
    assert talk.title == "Messaging with ZeroMQ" and service.get("nope") is None
    html = service.highlight_body(talk, "sockets")
    assert "<p>- Pub/sub and push/pull <mark>sockets</mark></p>" in html and "&lt;script&gt;" in html
    assert service.highlight_body(talk, "the") .count("<mark>") == 0


def test_related_talks(index_dir):
    talks = [
        Talk(id=f"t{i}", title=f"Talk {i}", body=body)
        for i, body in enumerate(
            [
                "Testing with pytest fixtures and parametrize. Pytest plugins.",
                "Pytest fixtures make testing pleasant. Parametrize your tests.",
                "Kubernetes pods and containers in production clusters.",
            ]
        )
    ]
    update_pages(index_dir, pages(talks))
    service = SearchService(index_dir)
    related = service.related("t0")
    assert [h.id for h in related][:1] == ["t1"] and "t0" not in {h.id for h in related}
    assert service.related("missing") == []
    service.close()


def test_suggest_completes_names_and_titles(service):
    assert service.suggest("beaz") == ["David Beazley"]
    assert "PyGrunn 2015" in service.suggest("pygr")
    assert service.suggest("generators all") == ["Generators all the way down"]
    assert service.suggest("x") == []


def test_new_commits_are_seen_and_generation_changes(service, index_dir):
    before = service.generation()
    assert service.search("pyramid").total == 0
    update_pages(index_dir, pages([Talk(id="p", title="Pyramid", source="/notes/p.html", body="Pyramid web framework.")]))
    assert service.generation() != before
    assert service.search("pyramid").total == 1


def test_threads_get_their_own_searcher_and_agree(service):
    results, searchers = [], set()

    def work():
        searchers.add(id(service._searcher()))
        results.append(service.search("zeromq").total)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1, 1, 1, 1] and len(searchers) == 4


def test_results_are_cached_per_generation(service):
    first = service.search("zeromq")
    assert service.search("  zeromq ").hits is first.hits


def test_talks_with_all_words_rank_before_talks_with_some(index_dir):
    talks = [
        Talk(id="some", title="Celery task management", body="Celery celery celery tasks with Django."),
        Talk(id="all", title="Other", body="A queue, a celery worker and one task."),
        Talk(id="none", title="Unrelated", body="Nothing to see."),
    ]
    update_pages(index_dir, pages(talks))
    service = SearchService(index_dir)
    results = service.search("celery task queue")
    assert [h.id for h in results.hits] == ["all", "some"] and results.total == 2 and results.notice is None
    assert [h.id for h in service.search("celery task queue", per_page=1, page=2).hits] == ["some"]
    service.close()


def test_date_sort_puts_undated_talks_last(index_dir):
    talks = [Talk(id="undated", title="Pyramid", body="pyramid"), *[t for t in TALKS if t.id in ("zmq", "k8s")]]
    update_pages(index_dir, pages([replace(t, body=t.body + " pyramid") for t in talks]))
    service = SearchService(index_dir)
    assert [h.id for h in service.search("pyramid", sort="date").hits] == ["k8s", "zmq", "undated"]
    service.close()


def test_prefix_searches_find_and_mark_every_expansion(index_dir):
    talks = [
        Talk(id="body", title="Other", body="kubectl kubelet kubeadm kube kubernetes everywhere"),
        Talk(id="title", title="Kubernetes in practice", body="notes"),
        Talk(id="none", title="Cubes", body="cubes"),
    ]
    update_pages(index_dir, pages(talks))
    service = SearchService(index_dir)
    results = service.search("kube*")
    hits = {h.id: h for h in results.hits}
    assert results.total == 2 and set(hits) == {"body", "title"}
    assert hits["title"].title_html == "<mark>Kubernetes</mark> in practice"
    assert hits["body"].snippet_html.count("<mark>") == 5
    assert [h.id for h in results.hits] == ["body", "title"]  # more distinct expansions matched first
    service.close()


def test_a_bounded_phrase_check_says_so(index_dir, monkeypatch):
    import search.docsets
    import search.service

    update_pages(index_dir, pages([Talk(id=f"t{i}", title="t", source=f"/s/{i}", body="alpha beta") for i in range(12)]))
    monkeypatch.setattr(search.docsets, "PHRASE_CHECKS", 5)
    monkeypatch.setattr(search.service, "PHRASE_CHECKS", 5)
    service = SearchService(index_dir)
    results = service.search('"alpha beta"')
    assert results.total == 5
    assert results.notice.startswith("Only the newest 5 of the 12 talks with all the words of the phrase")
    assert service.search("alpha beta").notice is None
    service.close()


def test_an_empty_query_with_a_filter_lists_every_matching_talk_newest_first(service):
    results = service.search("", conference="PyCon 2014")
    assert (results.total, [h.id for h in results.hits]) == (1, ["gen"])
    everything = service.search("  ", since="2014-01-01")
    assert [h.id for h in everything.hits] == ["k8s", "test", "zmq", "gen"]
    assert everything.total == 4 and everything.facets["year"] == {"2016": 1, "2015": 2, "2014": 1}
    hit = everything.hits[0]
    assert hit.snippet_text and TALKS_BY_ID["k8s"].body.lstrip("- ").startswith(hit.snippet_text.rstrip("…")[:20])
    assert "<mark>" not in hit.snippet_html
    assert [h.id for h in service.search("", since="2014-01-01", per_page=2, page=2).hits] == ["zmq", "gen"]


def test_an_empty_query_without_a_filter_is_still_a_sentence(service):
    with pytest.raises(QueryError, match="The query is empty"):
        service.search("")
    with pytest.raises(QueryError, match="The query is empty"):
        service.search("", speaker="")


TALKS_BY_ID = {t.id: t for t in TALKS}


def test_talks_without_dates_then_talks_with_dates_in_a_second_run(index_dir):
    """The first run's segment has no date column; the facet table must not misplace the second run's dates.
    (The undated copies name another speaker, so they are other talks, not more notes of the same ones.)"""
    undated = [replace(t, id=f"{t.id}-undated", date=None, source=f"/old{t.source}", speakers=("Other Person",))
               for t in TALKS]
    update_pages(index_dir, pages(undated))
    update_pages(index_dir, pages(TALKS[:1]))
    service = SearchService(index_dir)
    try:
        assert service.search("zeromq").total == 2
        assert [h.id for h in service.search("zeromq", sort="date").hits] == ["zmq", "zmq-undated"]
        assert sorted(h.id for h in service.search("zeromq", year=2015).hits) == ["zmq", "zmq-undated"]
    finally:
        service.close()


def test_warming_reads_the_tables_a_search_then_uses(service):
    service.warm()
    table = next(iter(service._tables.values()))
    assert table._columns is not None and set(table.scores._lengths) >= {"body", "title", "speakers"}
    results = service.search("zeromq")
    assert list(service._tables.values()) == [table] and results.total >= 1 and results.facets["year"]
