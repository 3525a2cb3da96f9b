"""BM25F top-k from posting blocks gives Whoosh's own ranking and scores, across segments and deletions."""

import pytest
from whoosh import query as wq

from search.docsets import DocSets
from search.model import Talk
from search.query import parse
from search.ranking import ScoreCache, bm25_top, term_scores
from tests.talks import TALKS

BODIES = [
    "python price of anarchy is high python",
    "price anarchy adjacent words about python and more python and python",
    "price and then some anarchy",
    "anarchy price in the wrong order, a long body " + "filler words " * 40,
    "zeromq sockets and the price of zeromq in python",
]


@pytest.fixture
def searcher(segmented_searcher):
    """Three segments, one deletion."""
    extra = [Talk(id=f"b{i}", title=f"Body {i} python", body=body) for i, body in enumerate(BODIES)]
    return segmented_searcher(TALKS + extra, deleted="b3")


@pytest.mark.parametrize(
    "text", ["price", "python", "price anarchy", "price OR zeromq", "python -anarchy", "title:python price",
             '"price of anarchy"', "speaker:doe", "zeromq python price", "python year:2014",
             "python OR year:2016"],
)
def test_ranking_and_scores_are_whooshs(searcher, text):
    sets = DocSets(searcher)
    q = sets.checked(parse(text, searcher.schema).query)
    docs = sets.run(q)
    cache = ScoreCache(minimum=1)
    for _ in range(2):  # computed, then from the cache
        ours = bm25_top(searcher, q, docs, 3, cache)
        whoosh = list(searcher.search(q, limit=None, filter=docs).top_n)[:3]
        assert [d for _, d in ours] == [d for _, d in whoosh]
        assert [s for s, _ in ours] == pytest.approx([s for s, _ in whoosh], rel=1e-9)


def test_a_coordination_bonus_is_left_to_whoosh(searcher):
    q = wq.Or([wq.Term("body", "price"), wq.Term("body", "zeromq")], scale=0.9)
    assert bm25_top(searcher, q, DocSets(searcher).run(q), 3, ScoreCache()) is None


@pytest.mark.parametrize("text", ["price", "python -anarchy", "price OR zeromq", '"price of anarchy"', "b3 OR body"])
def test_result_sets_from_term_scores_leave_out_deleted_talks(searcher, text):
    q = parse(text, searcher.schema).query
    scored = DocSets(searcher, scored=lambda field, term: term_scores(searcher, field, term, ScoreCache()))
    assert scored.run(scored.checked(q)) == DocSets(searcher).run(DocSets(searcher).checked(q))
    assert scored.run(q) == set(searcher.docs_for_query(q))


def test_a_talk_about_a_topic_outranks_a_short_one_mentioning_it_once(index_dir):
    """K1 and B (search/ranking.py): with Whoosh's defaults (1.2, 0.75) the five-word note would win."""
    from search.index import update_pages
    from search.model import Page
    from search.ranking import B, K1, weighting
    from search.service import SearchService

    filler = " ".join(f"word{i}" for i in range(190))
    talks = [
        Talk(id="short", title="Lightning", speakers=(), date=None, conference="", tags=(), url="u1", source="/s1",
             body="We also use celery here."),
        Talk(id="long", title="Task queues", speakers=(), date=None, conference="", tags=(), url="u2", source="/s2",
             body=f"Celery workers. {filler} Celery beat. Celery results. Celery retries."),
    ]
    update_pages(index_dir, [Page(source=t.source, talks=(t,)) for t in talks])
    service = SearchService(index_dir)
    try:
        assert [h.id for h in service.search("celery").hits] == ["long", "short"]
        assert (service._searcher().weighting.K1, weighting().B) == (K1, B)
    finally:
        service.close()


def test_columns_read_in_one_piece_are_whooshs_values(searcher):
    """Lengths, dates (some talks have none: the column's default) and years, per segment, as Whoosh reads
    them one document at a time."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    from search.ranking import _leaf_lengths, numbers

    for leaf, _offset in searcher.reader().leaf_readers():
        for field in ("date", "year"):
            if leaf.has_column(field):
                column = leaf.column_reader(field, translate=False)
                assert numbers(column) == list(column)
        for field in searcher.schema.scorable_names():
            whooshs = [leaf.doc_field_length(d, field, 1) or 1 for d in range(leaf.doc_count_all())]
            assert _leaf_lengths(leaf, field) == whooshs
            if leaf._perdoc.has_column(_lenfield(field)):
                raw = leaf._perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
                assert numbers(raw) == list(raw)
