"""`make bench`: confsearch at scale, beside an SQLite FTS5 reference on the same talks, in the same run.

    python bench/run.py [--quick | --talks N | --large] [--duration S] [--clients N] [--skip-load] [--steps a,b]
    python bench/run.py --curve [--sizes 1000,10000,50000,100000]   # `make bench ARGS=--curve`

Prints a table and writes bench-results/latest.json; --curve builds each size in turn and records build time,
throughput, peak memory, index size and query latency per class (both engines) in docs/benchmarks/curve.json
(`make plot` draws it). Ratios are confsearch ÷ FTS5 (for times: how many times
slower; for throughput: the fraction of the reference's rate). A step that fails is reported, not fatal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fts5ref
from bench.browse import grouping_quality, page_paths, time_pages
from bench.generate import change_pages, generate, pages_of, read_truth
from bench.load import for_seconds, run_load
from bench.measure import REPO, Client, confsearch, folder_size, free_port, percentile, run_timed, server
from bench.queries import CLASSES, make_queries
from bench.report import table

RESULTS = REPO / "bench-results"
STEPS = ("generate", "index", "api", "http", "cli", "browse", "reindex", "load")
CURVE_SIZES = [1_000, 10_000, 50_000, 100_000]
CURVE_JSON = REPO / "docs" / "benchmarks" / "curve.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 talks, 5 s load runs")
    parser.add_argument("--large", action="store_true", help="50,000 talks")
    parser.add_argument("--duration", type=float, default=None, help="seconds per load run (default 30)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--threads", type=int, default=8, help="threads per `confsearch serve` process")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="`confsearch serve` processes for the load run (also run with one)")
    parser.add_argument("--per-class", type=int, default=30, help="queries per class")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--load-pool", type=int, default=100, help="distinct load-run queries per class")
    parser.add_argument("--cli-runs", type=int, default=20, help="runs of `confsearch search WORD` (median)")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--steps", default=",".join(STEPS),
                        help=f"comma-separated steps to run, of {','.join(STEPS)} (later steps need the earlier ones' files)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--curve", action="store_true", help="the cost curve: build and query each of --sizes")
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=CURVE_SIZES)
    parser.add_argument("--curve-out", type=Path, default=CURVE_JSON)
    args = parser.parse_args(argv)
    if args.quick:
        args.talks, args.duration = 1_000, args.duration or 5.0
    if args.large:
        args.talks = 50_000
    args.duration = args.duration or 30.0
    return args


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.work = RESULTS / f"work-{args.talks}"
        self.pages = self.work / "pages"
        self.index = self.work / "index"
        self.db = self.work / "fts5.db"
        self.results: dict = {"talks": args.talks, "machine": machine(), "started": now(), "steps": {},
                              "load_average_start": [round(x, 2) for x in os.getloadavg()]}

    def step(self, name: str, function) -> None:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            self.results["steps"][name] = function()
        except Exception as error:  # a failed step is a result to report, not the end of the run
            traceback.print_exc()
            self.results["steps"][name] = {"error": f"{type(error).__name__}: {error}"}
        print(f"[bench] {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    def run(self) -> dict:
        wanted = set(self.args.steps.split(",")) - ({"load"} if self.args.skip_load else set())
        if "generate" not in wanted and (self.work / "talks.jsonl").exists():
            self.talks = read_truth(self.work / "talks.jsonl")
            self.queries = make_queries(self.talks, self.args.per_class)
            self.load_queries = make_queries(self.talks, self.args.load_pool, seed=12)
        steps = {"generate": self.generate, "index": self.build_indexes, "api": self.api_latency,
                 "http": self.http_latency, "cli": self.cli_latency, "browse": self.browse, "reindex": self.reindex,
                 "load": self.load}
        for name in STEPS:
            if name in wanted:
                self.step(name, steps[name])
        self.results["finished"] = now()
        self.results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        return self.results

    def generate(self) -> dict:
        shutil.rmtree(self.work, ignore_errors=True)
        started = time.perf_counter()
        self.talks = generate(self.work, self.args.talks, self.args.seed)
        self.queries = make_queries(self.talks, self.args.per_class)
        self.load_queries = make_queries(self.talks, self.args.load_pool, seed=12)
        return {"talks": len(self.talks), "pages": len(pages_of(self.talks)),
                "seconds": round(time.perf_counter() - started, 2),
                "html_mib": round(folder_size(self.pages) / 2**20, 1),
                "example_queries": {kind: [q.text for q in qs[:3]] for kind, qs in self.queries.items()}}

    def build_indexes(self) -> dict:
        return both(self.build_ours, self.build_reference)

    def build_ours(self) -> dict:
        ours = checked(run_timed(confsearch("index", str(self.pages), "--index-dir", str(self.index), "--quiet")))
        stats = json.loads(subprocess.run(confsearch("stats", "--json", "--index-dir", str(self.index)),
                                          capture_output=True, text=True, check=True).stdout)
        return {"seconds": ours.seconds, "talks_per_s": stats["talks"] / ours.seconds, "peak_mib": ours.peak_mib,
                "peak_tree_mib": ours.peak_tree_mib, "size_mib": folder_size(self.index) / 2**20,
                "talks_indexed": stats["talks"],
                "summary": ours.output.strip()[-300:]}

    def build_reference(self) -> dict:
        ref = checked(run_timed([sys.executable, "bench/fts5ref.py", "build", str(self.db),
                                 str(self.work / "talks.jsonl")]))
        return {"seconds": ref.seconds, "talks_per_s": len(self.talks) / ref.seconds, "peak_mib": ref.peak_mib,
                "peak_tree_mib": ref.peak_tree_mib, "size_mib": folder_size(self.db) / 2**20}

    def api_latency(self) -> dict:
        def ours():
            from search.service import SearchService

            service = uncached_service(SearchService, self.index)
            try:
                return time_queries(self.queries, self.args.repeat, lambda q: service.search(q.text).total)
            finally:
                service.close()

        def reference():
            conn = fts5ref.connect(self.db)
            return time_queries(self.queries, self.args.repeat,
                                lambda q: fts5ref.search(conn, fts5ref.match_for(conn, q), q.year)["total"])

        return both(ours, reference)

    def http_latency(self) -> dict:
        def ours():
            with self.serve() as port:
                return time_http(port, self.queries, self.args.repeat, lambda q: {"q": q.text})

        def reference():
            conn = fts5ref.connect(self.db)
            with self.serve_reference() as port:
                return time_http(port, self.queries, self.args.repeat, lambda q: fts_params(conn, q))

        return both(ours, reference)

    def browse(self) -> dict:
        """The speaker and conference pages (server time, first request of each) and the grouping's quality."""
        from search.service import SearchService

        service = SearchService(self.index)
        try:
            directory = service.directory()
            quality = grouping_quality(directory, self.talks)
            paths = page_paths(directory)
        finally:
            service.close()
        with self.serve() as port:
            pages = time_pages(port, paths)
        return {"pages": pages, "grouping": quality}

    def cli_latency(self) -> dict:
        """`confsearch search WORD` end to end (interpreter start, imports, opening the index, printing), run
        many times per word; a bare `python -c pass` alongside for the interpreter's own share."""
        words = [self.queries[kind][0].text for kind in ("rare", "common")]
        runs = self.args.cli_runs
        result = {"runs": runs, "python_startup": wall_times([sys.executable, "-c", "pass"], runs)}
        for word in words:
            result[word] = wall_times(confsearch("search", word, "--index-dir", str(self.index)), runs)
        return result

    @contextmanager
    def serve(self, workers: int | None = None):
        port = free_port()
        command = confsearch("serve", "--port", str(port), "--threads", str(self.args.threads),
                             "--index-dir", str(self.index), *(["--workers", str(workers)] if workers else []))
        with server(command, port, "/healthz"):
            yield port

    @contextmanager
    def serve_reference(self):
        port = free_port()
        command = [sys.executable, "bench/fts5ref.py", "serve", str(self.db), str(port), str(self.args.threads)]
        with server(command, port, "/api/search?q=python"):
            yield port

    def reindex(self) -> dict:
        changed = change_pages(self.work, 0.01)
        truth = str(self.work / "talks.jsonl")

        def ours():
            after_change = checked(run_timed(confsearch("reindex", "--index-dir", str(self.index), "--quiet")))
            unchanged = checked(run_timed(confsearch("reindex", "--index-dir", str(self.index), "--quiet")))
            return {"changed_s": after_change.seconds, "unchanged_s": unchanged.seconds,
                    "changed_summary": after_change.output.strip()[-300:],
                    "unchanged_summary": unchanged.output.strip()[-300:]}

        def reference():
            after_change = checked(run_timed([sys.executable, "bench/fts5ref.py", "update", str(self.db), truth]))
            unchanged = checked(run_timed([sys.executable, "bench/fts5ref.py", "update", str(self.db), truth]))
            return {"changed_s": after_change.seconds, "unchanged_s": unchanged.seconds}

        return {"changed_pages": len(changed), **both(ours, reference)}

    def load(self) -> dict:
        clients, duration = self.args.clients, self.args.duration

        def ours():
            """One worker, then one per core (its figures at the top level), then that during `reindex --full`."""
            params = lambda q: {"q": q.text}  # noqa: E731
            by_workers = {}
            for workers in sorted({1, self.args.workers}):
                with self.serve(workers) as port:
                    by_workers[workers] = run_load(port, self.load_queries, clients, for_seconds(duration),
                                                   params).summary()
                    if workers == self.args.workers:
                        during = self.load_during_full_reindex(port, params)
            return {**by_workers[self.args.workers], "workers": self.args.workers, "by_workers": by_workers,
                    "during_full_reindex": during}

        def reference():
            conn = fts5ref.connect(self.db)
            with self.serve_reference() as port:
                return run_load(port, self.load_queries, clients, for_seconds(duration),
                                lambda q: fts_params(conn, q)).summary()

        return both(ours, reference)

    def load_during_full_reindex(self, port: int, params) -> dict:
        reindex = subprocess.Popen(confsearch("reindex", "--full", "--index-dir", str(self.index), "--quiet"),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=REPO)
        started = time.perf_counter()
        result = run_load(port, self.load_queries, self.args.clients, lambda: reindex.poll() is not None, params)
        output = reindex.communicate()[0].decode(errors="replace")
        return {**result.summary(), "reindex_seconds": round(time.perf_counter() - started, 2),
                "reindex_exit": reindex.returncode, "reindex_output": output.strip()[-300:]}


def attempt(function) -> dict:
    try:
        return function()
    except Exception as error:  # one side failing must not hide the other side's numbers
        traceback.print_exc()
        return {"error": f"{type(error).__name__}: {error}"}


def both(ours, reference) -> dict:
    return {"confsearch": attempt(ours), "fts5": attempt(reference)}


def checked(timed):
    if timed.returncode:
        raise RuntimeError(f"exit {timed.returncode}: {timed.output.strip()[-400:]}")
    return timed


def uncached_service(service_class, root):
    """A SearchService without its result cache, so repeated runs measure searching, not the cache."""
    try:
        return service_class(root, cache_size=0)
    except TypeError:
        return service_class(root)


def time_queries(queries, repeat: int, search) -> dict:
    """Per class: p50/p95 ms over `repeat` timed runs of each query (after one untimed warm-up run)."""
    result = {}
    for kind in CLASSES:
        times, totals = [], []
        for query in queries[kind]:
            totals.append(search(query))
            for _ in range(repeat):
                started = time.perf_counter()
                search(query)
                times.append((time.perf_counter() - started) * 1000)
        result[kind] = {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
                        "median_total": percentile(totals, 0.5), "zero_hits": totals.count(0)}
    return result


def time_http(port: int, queries, repeat: int, params) -> dict:
    """Per class over HTTP: the first request of each query (cold: a server-side result cache cannot help)
    and `repeat` more (warm: what a cache gives); client time and the server's own time when it sends one."""
    client = Client(port)
    result = {}
    everything: dict[str, list] = {"cold": [], "cold_server": []}
    try:
        for warm_up in ("warmup", "warm up the searchers", "speaker:warmup"):
            client.get("/api/search", q=warm_up)
        for kind in CLASSES:
            cold, cold_server, warm, warm_server, errors = [], [], [], [], 0
            for query in queries[kind]:
                for number in range(1 + repeat):
                    status, elapsed, on_server, _ = client.get("/api/search", **params(query))
                    errors += status != 200
                    (warm if number else cold).append(elapsed)
                    if on_server is not None:
                        (warm_server if number else cold_server).append(on_server)
            result[kind] = {**spread(cold), **spread(cold_server, "server_"), **spread(warm, "warm_"),
                            **spread(warm_server, "warm_server_"), "errors": errors}
            everything["cold"] += cold
            everything["cold_server"] += cold_server
    finally:
        client.close()
    result["all classes"] = {**spread(everything["cold"]), **spread(everything["cold_server"], "server_")}
    return result


def wall_times(command: list[str], runs: int) -> dict:
    """Median, p90 and fastest wall time (ms) of `runs` runs of a command (each must succeed)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": percentile(times, 0.5), "p90_ms": percentile(times, 0.9), "min_ms": min(times)}


def spread(values: list[float], prefix: str = "") -> dict:
    if not values:
        return {f"{prefix}p50_ms": None, f"{prefix}p95_ms": None}
    return {f"{prefix}p50_ms": percentile(values, 0.5), f"{prefix}p95_ms": percentile(values, 0.95)}


def fts_params(conn, query) -> dict:
    params = {"q": fts5ref.match_for(conn, query)}
    if query.year:
        params["year"] = str(query.year)
    return params


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "memory_gib": round(memory, 1), "python": platform.python_version(),
            "platform": platform.platform(), "sqlite": __import__("sqlite3").sqlite_version}


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def run_curve(args: argparse.Namespace) -> dict:
    """Each size in turn: generate, build both engines, time every query class; the JSON is rewritten after
    each size (a long run keeps what it measured) and each size's files are deleted after it."""
    curve = {"machine": machine(), "commit": git_commit(), "started": now(), "per_class": args.per_class,
             "repeat": args.repeat, "points": []}
    args.curve_out.parent.mkdir(parents=True, exist_ok=True)
    for talks in args.sizes:
        args.talks = talks
        bench = Bench(args)
        before = uptime()
        bench.step("generate", bench.generate)
        bench.step("index", bench.build_indexes)
        bench.step("api", bench.api_latency)
        curve["points"].append(curve_point(bench.results, before, uptime()))
        curve["finished"] = now()
        args.curve_out.write_text(json.dumps(curve, indent=1) + "\n")
        print(f"[bench] curve: {talks:,} talks recorded in {args.curve_out}", file=sys.stderr, flush=True)
        shutil.rmtree(bench.work, ignore_errors=True)
    return curve


def curve_point(results: dict, uptime_before: str, uptime_after: str) -> dict:
    steps = results["steps"]
    index, api = steps.get("index", {}), steps.get("api", {})
    point = {"talks": results["talks"], "pages": steps.get("generate", {}).get("pages"),
             "html_mib": steps.get("generate", {}).get("html_mib"), "uptime_before": uptime_before,
             "uptime_after": uptime_after}
    for engine in ("confsearch", "fts5"):
        built = index.get(engine, {})
        point[engine] = {
            "build_s": built.get("seconds"), "talks_per_s": built.get("talks_per_s"), "peak_mib": built.get("peak_mib"),
            "peak_tree_mib": built.get("peak_tree_mib"), "size_mib": built.get("size_mib"),
            "latency": {kind: {"p50_ms": timing.get("p50_ms"), "p95_ms": timing.get("p95_ms")}
                        for kind, timing in api.get(engine, {}).items() if isinstance(timing, dict)},
            "errors": [step[engine]["error"] for step in (index, api) if "error" in step.get(engine, {})],
        }
    return point


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def git_commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return found.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    if args.curve:
        run_curve(args)
        print(f"(written to {args.curve_out}; `make plot` draws it)")
        return
    results = Bench(args).run()
    results["args"] = vars(args)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\n(written to {RESULTS / 'latest.json'})")


if __name__ == "__main__":
    main()
