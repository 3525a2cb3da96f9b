"""Per query class, the time of distinct (cold for the result cache) queries through `SearchService.search`
and through the Flask app's `/api/search`, with snippets and facets, on a synthetic corpus.

    python bench/profile_api.py [--work DIR] [--talks 10000] [--per-class 30] [--profile CLASS]

Builds `DIR/pages` and `DIR/index` (bench/generate.py, then `confsearch index`) unless they exist. Prints
wall and CPU (this thread's) milliseconds p50/p95 per class; `--profile CLASS` prints a cProfile of that class.
"""

from __future__ import annotations

import argparse
import os
import cProfile
import pstats
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate, read_truth
from bench.measure import confsearch, percentile
from bench.queries import CLASSES, make_queries


def build(work: Path, talks: int) -> None:
    if not (work / "talks.jsonl").exists():
        generate(work, talks)
    if not (work / "index").exists():
        subprocess.run(confsearch("index", str(work / "pages"), "--index-dir", str(work / "index"), "--quiet"),
                       check=True)


def timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def line(name: str, kind: str, wall: list[float], cpu: list[float]) -> str:
    return (f"{name:8} {kind:16} wall p50 {percentile(wall, 0.5):7.1f} p95 {percentile(wall, 0.95):7.1f}   "
            f"cpu p50 {percentile(cpu, 0.5):7.1f} p95 {percentile(cpu, 0.95):7.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("bench-results/profile-10000"))
    parser.add_argument("--talks", type=int, default=10_000)
    parser.add_argument("--per-class", type=int, default=30)
    parser.add_argument("--profile", choices=CLASSES)
    args = parser.parse_args(argv)
    build(args.work, args.talks)
    queries = make_queries(read_truth(args.work / "talks.jsonl"), args.per_class)
    index = args.work / "index"

    from search.service import SearchService
    from webui import create_app

    service = SearchService(index, cache_size=0)
    service.search("warm up the searchers")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for query in queries[args.profile]:
            service.search(query.text)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
        return
    for kind in CLASSES:
        runs = [timed(lambda q=q: service.search(q.text)) for q in queries[kind]]
        print(line("service", kind, [w for w, _ in runs], [c for _, c in runs]), flush=True)
    service.close()

    # A new app, so its result cache has seen none of these queries.
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    client.get("/api/search", query_string={"q": "warm up the searchers"})
    for kind in CLASSES:
        runs, failed = [], 0
        for query in queries[kind]:
            response = None

            def call(q=query):
                nonlocal response
                response = client.get("/api/search", query_string={"q": q.text})

            runs.append(timed(call))
            failed += response.status_code != 200
        print(line("api", kind, [w for w, _ in runs], [c for _, c in runs]) + f"   failed {failed}", flush=True)


if __name__ == "__main__":
    main()
