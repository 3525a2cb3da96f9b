"""Measuring tools for the harness: timed child processes, percentiles, a local HTTP server and client."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Timed:
    seconds: float
    peak_mib: float  # the command's own process (wait4)
    returncode: int
    output: str
    peak_tree_mib: float | None = None  # the command and every process it started, together (PSS, sampled)


def run_timed(command: list[str], timeout: float = 3600) -> Timed:
    """Run `command` to the end; wall time, the child's own peak RSS (wait4, not shared with others) and the
    peak of the memory its whole process tree holds together (worker processes included; sampled)."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as stdin:
        process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   cwd=REPO)
    sampler = TreeMemory(process.pid)
    output = b""
    deadline = started + timeout
    while True:  # read first so a chatty child cannot block on a full pipe
        chunk = process.stdout.read(65536)
        if not chunk:
            break
        output += chunk
        if time.perf_counter() > deadline:
            process.kill()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Timed(time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode,
                 output.decode(errors="replace"), sampler.stop())


class TreeMemory:
    """Samples, four times a second, the memory of a process and all its descendants (proportional set size,
    so pages shared between forked workers count once); `stop()` gives the peak in MiB (None without /proc)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.25):
            self.peak = max(self.peak, sum(map(_pss_kib, _tree(self.pid))))

    def stop(self) -> float | None:
        if not self._thread.is_alive():
            return None
        self._done.set()
        self._thread.join()
        return round(self.peak / 1024, 1) if self.peak else None  # None: ended before the first sample


def _tree(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as file:
                    parents[int(entry.name)] = int(file.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = {pid}, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def confsearch(*args: str) -> list[str]:
    return [str(BIN / "confsearch"), *args]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(command: list[str], port: int, ready_path: str = "/", timeout: float = 60):
    """Start a server process, wait until it answers `ready_path` on `port`, stop it afterwards."""
    log = open(REPO / "bench-results" / f"server-{port}.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        wait_until_up(process, port, ready_path, timeout)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_up(process: subprocess.Popen, port: int, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering (see bench-results/)")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not answer within {timeout} s")


class Client:
    """One keep-alive HTTP connection; `get` returns (status, client ms, server ms or None, body)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, **params) -> tuple[int, float, float | None, bytes]:
        url = f"{path}?{urlencode(params)}" if params else path
        started = time.perf_counter()
        try:
            self.connection.request("GET", url)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, elapsed, server_ms(response), body

    def close(self) -> None:
        self.connection.close()


def server_ms(response: http.client.HTTPResponse) -> float | None:
    """The server's own time from a Server-Timing (dur=) or X-Response-Time header, if it sends one."""
    timing = response.getheader("Server-Timing")
    if timing:
        for part in timing.split(";"):
            if part.strip().startswith("dur="):
                return float(part.strip()[4:].split(",")[0])
    header = response.getheader("X-Response-Time")
    if header:
        return float(header.strip().removesuffix("ms").strip())
    return None
