"""A large commit written on every core: its new talks split into consecutive runs, each run written as a
segment by a worker process, and those segments committed together with the writer's own changes (deletions,
merged segments) in one table of contents, as Whoosh's own multi-process writer does with `multisegment`.

Until that commit, a worker's segment is only files that no table of contents names: a run killed or failing
before it leaves the index as of its last commit (the next commit deletes such files).
"""

from __future__ import annotations

from whoosh.writing import SegmentWriter

from search.schema import with_word_cache
from search.storage import WriterStorage


def runs(items: list, count: int) -> list[list]:
    """`items` cut into `count` consecutive runs of nearly equal length (fewer when there are fewer items):
    the documents keep their order, so their numbers (and ties in ranking) are as if one writer wrote them."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    cuts = [0]
    for number in range(count):
        cuts.append(cuts[-1] + size + (number < extra))
    return [items[start:end] for start, end in zip(cuts, cuts[1:])]


def write_segment(folder: str, docs: list[dict], limitmb: int):
    """In a worker process: write `docs` as a new segment of the index in `folder`; the segment (not yet in
    the index's table of contents) for the indexing process to commit."""
    ix = WriterStorage(folder).open_index()
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False)  # the indexer holds the locks
    with_word_cache(writer.schema)
    try:
        for fields in docs:
            writer.add_document(**fields)
        return writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise


def commit_with(writer: SegmentWriter, segments: list) -> None:
    """Commit `writer` (its deletions, the small segments it merges, documents it added) and `segments` after
    its own, in one new table of contents (Whoosh's MpWriter commits its sub-writers' segments this way)."""
    writer._check_state()
    final = writer._merge_segments(None, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + segments)
    writer._finish()
