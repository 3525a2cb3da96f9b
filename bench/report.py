"""The readable table of a benchmark run (the JSON in bench-results/latest.json holds every number)."""

from __future__ import annotations

from bench.queries import CLASSES


def fmt_load(values) -> str:
    return " / ".join(f"{v:.1f}" for v in values) if values else "n/a"


def fmt(value, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "n/a"
    return f"{value:,.{digits}f}"


def ratio(ours, ref) -> str:
    if not ours or not ref or ours != ours or ref != ref:
        return "n/a"
    return f"{ours / ref:,.2f}x"


def line(label: str, ours: str, ref: str, times: str) -> str:
    return f"{label:<52}{ours:>17}{ref:>17}{times:>10}"


def table(results: dict) -> str:
    steps = results["steps"]
    gen = steps.get("generate", {})
    machine = results["machine"]
    rows = [f"confsearch benchmark, {results['started']}: {gen.get('talks', results['talks']):,} talks on "
            f"{gen.get('pages', 0):,} pages ({gen.get('html_mib', 0)} MiB of HTML); {machine['cpus']} cores, "
            f"{machine['memory_gib']} GiB, Python {machine['python']}, SQLite {machine['sqlite']}",
            f"load average (1/5/15 min) at start {fmt_load(results.get('load_average_start'))}, "
            f"at end {fmt_load(results.get('load_average_end'))}: other work on the machine slows every figure",
            "ratio = confsearch / FTS5 reference (FTS5 indexes the pre-split talks; no HTML parsing)", "",
            line("measure", "confsearch", "FTS5", "ratio"), "-" * 96]
    rows += index_rows(steps.get("index", {}))
    rows += latency_rows("API (no result cache)", steps.get("api", {}), server=False)
    rows += latency_rows("HTTP first request", steps.get("http", {}), server=True)
    rows += warm_rows(steps.get("http", {}))
    rows += browse_rows(steps.get("browse", {}))
    rows += cli_rows(steps.get("cli", {}))
    rows += reindex_rows(steps.get("reindex", {}))
    rows += load_rows(steps.get("load"))
    errors = [f"{name} FAILED: {' '.join(error.split())[:300]}" for name, error in failures(steps)]
    return "\n".join(rows + ([""] + errors if errors else []))


def browse_rows(browse: dict) -> list[str]:
    """Server time of the speaker and conference pages, and how the grouping compares with the truth."""
    if not browse or "error" in browse:
        return []
    rows = ["", "speaker and conference pages, server time of the first request (p50 / p95 ms)"]
    for kind, timing in browse.get("pages", {}).items():
        shown = f"{fmt(timing['server_p50_ms'])} / {fmt(timing['server_p95_ms'])}"
        rows.append(line(f"  {kind} ({timing['requests']} requests, {timing['errors']} errors)", shown, "", ""))
    rows += ["", "grouping against the generator's truth"]
    rows += [f"  {name.replace('_', ' ')}: {value:,}" for name, value in browse.get("grouping", {}).items()]
    return rows


def failures(steps: dict) -> list[tuple[str, str]]:
    found = []
    for name, step in steps.items():
        if "error" in step:
            found.append((name, step["error"]))
        for side in ("confsearch", "fts5"):
            if "error" in step.get(side, {}):
                found.append((f"{name} ({side})", step[side]["error"]))
    return found


def index_rows(step: dict) -> list[str]:
    ours, ref = step.get("confsearch", {}), step.get("fts5", {})
    rows = []
    for label, key, digits in (("ingest+index throughput (talks/s)", "talks_per_s", 1),
                               ("ingest+index wall time (s)", "seconds", 1),
                               ("peak memory while indexing (MiB)", "peak_mib", 0),
                               ("index size on disk (MiB)", "size_mib", 1)):
        rows.append(line(label, fmt(ours.get(key), digits), fmt(ref.get(key), digits),
                         ratio(ours.get(key), ref.get(key))))
    return rows


def latency_rows(via: str, step: dict, server: bool) -> list[str]:
    ours, ref = step.get("confsearch", {}), step.get("fts5", {})
    rows = []
    for kind in CLASSES + (("all classes",) if "all classes" in ours else ()):
        a, b = ours.get(kind, {}), ref.get(kind, {})
        rows.append(line(f"{via} {kind} p50 / p95 (ms)", pair(a, "p50_ms", "p95_ms"), pair(b, "p50_ms", "p95_ms"),
                         ratio(a.get("p50_ms"), b.get("p50_ms"))))
        if server and a.get("server_p50_ms") is not None:
            rows.append(line("  server time (Server-Timing) p50 / p95", pair(a, "server_p50_ms", "server_p95_ms"),
                             pair(b, "server_p50_ms", "server_p95_ms"),
                             ratio(a.get("server_p50_ms"), b.get("server_p50_ms"))))
    return rows


def warm_rows(step: dict) -> list[str]:
    """One line per class for repeated HTTP requests (server-side caches may answer them)."""
    ours, ref = step.get("confsearch", {}), step.get("fts5", {})
    rows = []
    for kind in CLASSES:
        a, b = ours.get(kind, {}), ref.get(kind, {})
        if a.get("warm_p50_ms") is not None:
            rows.append(line(f"HTTP repeated {kind} p50 / p95 (ms)", pair(a, "warm_p50_ms", "warm_p95_ms"),
                             pair(b, "warm_p50_ms", "warm_p95_ms"), ratio(a.get("warm_p50_ms"), b.get("warm_p50_ms"))))
    return rows


def cli_rows(step: dict) -> list[str]:
    """`confsearch search WORD` wall time per word, median of many runs (no FTS5 counterpart)."""
    rows = []
    for name, times in step.items():
        if isinstance(times, dict) and "median_ms" in times:
            label = "python -c pass" if name == "python_startup" else f"confsearch search {name}"
            rows.append(line(f"{label}, median / p90 (ms)", pair(times, "median_ms", "p90_ms"), "", ""))
    if rows:
        rows.insert(0, f"command-line search, wall time of {step.get('runs')} runs each:")
    return rows


def pair(data: dict, low: str, high: str) -> str:
    return f"{fmt(data.get(low))} / {fmt(data.get(high))}" if data else "n/a"


def reindex_rows(step: dict) -> list[str]:
    ours, ref = step.get("confsearch", {}), step.get("fts5", {})
    changed = step.get("changed_pages", "?")
    return [line(f"reindex after {changed} pages (1%) changed (s)", fmt(ours.get("changed_s"), 2),
                 fmt(ref.get("changed_s"), 2), ratio(ours.get("changed_s"), ref.get("changed_s"))),
            line("unchanged reindex (s)", fmt(ours.get("unchanged_s"), 2), fmt(ref.get("unchanged_s"), 2),
                 ratio(ours.get("unchanged_s"), ref.get("unchanged_s")))]


def load_rows(step: dict | None) -> list[str]:
    if not step:
        return []
    ours, ref = step.get("confsearch", {}), step.get("fts5", {})
    during = ours.get("during_full_reindex", {})
    rows = []
    by_workers = ours.get("by_workers", {})
    for workers, result in by_workers.items():
        rows += [line(f"load, {workers} server process{'es' if int(workers) > 1 else ''}: requests/s, p50 / p99 ms",
                      f"{fmt(result.get('throughput_rps'))}, {pair(result, 'p50_ms', 'p99_ms')}", "", ""),
                 line(f"load, {workers} server process{'es' if int(workers) > 1 else ''}: failed requests",
                      failed(result), "", "")]
    if len(by_workers) > 1:
        one, many = (by_workers[key].get("throughput_rps") for key in sorted(by_workers, key=int)[::len(by_workers) - 1])
        rows.append(line(f"load: throughput with {ours.get('workers')} processes / with 1", ratio(many, one), "", ""))
    rows += [line("load: throughput (requests/s)", fmt(ours.get("throughput_rps")), fmt(ref.get("throughput_rps")),
                 ratio(ours.get("throughput_rps"), ref.get("throughput_rps"))),
            line("load: p50 / p99 (ms)", pair(ours, "p50_ms", "p99_ms"), pair(ref, "p50_ms", "p99_ms"),
                 ratio(ours.get("p50_ms"), ref.get("p50_ms"))),
            line("load: failed requests", failed(ours), failed(ref), "")]
    if during:
        rows += [line("load during reindex --full: failed requests", failed(during), "", ""),
                 line("load during reindex --full: p50 / p99 (ms)", pair(during, "p50_ms", "p99_ms"), "", ""),
                 line("reindex --full under load: seconds, exit code",
                      f"{fmt(during['reindex_seconds'])}, {during['reindex_exit']}", "", "")]
    return rows


def failed(result: dict) -> str:
    return f"{result['errors']} of {result['requests']:,}" if "requests" in result else "n/a"
