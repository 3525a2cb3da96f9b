"""A load run: many concurrent keep-alive clients sending a realistic query mix to /api/search."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.measure import Client, percentile
from bench.queries import LOAD_MIX, BenchQuery


@dataclass
class LoadResult:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def summary(self) -> dict:
        return {"clients_seconds": round(self.seconds, 2), "requests": self.requests,
                "throughput_rps": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(percentile(self.latencies, 0.5), 2),
                "p99_ms": round(percentile(self.latencies, 0.99), 2),
                "errors": sum(self.errors.values()), "error_kinds": dict(self.errors)}


def mix(queries: dict[str, list[BenchQuery]], rng: random.Random) -> BenchQuery:
    kinds = [kind for kind in LOAD_MIX if queries.get(kind)]
    kind = rng.choices(kinds, weights=[LOAD_MIX[k] for k in kinds])[0]
    return rng.choice(queries[kind])


def run_load(port: int, queries: dict[str, list[BenchQuery]], clients: int, until, params) -> LoadResult:
    """`clients` threads send queries until `until()` is true; `params(query)` gives the request parameters."""
    result = LoadResult()
    lock = threading.Lock()

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = Client(port)
        latencies, errors = [], Counter()
        while not until():
            query = mix(queries, rng)
            try:
                status, elapsed, _, _ = connection.get("/api/search", **params(query))
            except Exception as error:  # any transport failure counts as a failed request
                errors[type(error).__name__] += 1
                continue
            if status == 200:
                latencies.append(elapsed)
            else:
                errors[f"HTTP {status}"] += 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors.update(errors)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def for_seconds(seconds: float):
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline
