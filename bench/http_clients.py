"""Outbound HTTP clients for generated projects, measured: calls/s, p50 and p99 of each.

    uv run python bench/http_clients.py [--rounds 3] [--calls 10000]

Serves bench/upstream.py (a bare ASGI app, one small JSON body) with uvicorn on 127.0.0.1,
one worker, uvloop and httptools, as generated projects serve. Each candidate makes
`--calls` GET calls through one shared client whose pool holds as many keep-alive
connections as there are calls in flight, after a warm-up of a tenth of that, not counted:

- async clients (httpx2, httpx, aiohttp) on uvloop, as in a generated async route, with 1
  and 100 worker tasks;
- sync clients (httpx2, httpx, requests) with 1 and 16 worker threads. requests is there
  for reference only: it blocks, and generated async code never uses it.

Rounds interleave (round 1 runs every candidate, then round 2...) so that a busy neighbour
slows all alike; each figure is the median of the rounds. `x httpx2` is the candidate's
calls/s over httpx2's of the same kind (async or sync) at the same concurrency. The CPU
columns are the share of one core that this process (the client) and the server took: a
client near 100% with the server well below it means the client sets the pace.
"""

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import aiohttp
import httpx
import httpx2
import requests
import requests.adapters
import uvloop

BENCH = Path(__file__).resolve().parent
ASYNC_CONCURRENCY = (1, 100)
SYNC_CONCURRENCY = (1, 16)
TIMEOUT = 10.0
STARTUP_SECONDS = 30.0
LIBRARIES = ("httpx2", "httpx", "aiohttp", "requests", "uvicorn", "uvloop", "httptools")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# One GET call through a shared client: the body read, an error status raised.
AsyncCall = Callable[[], Awaitable[None]]
SyncCall = Callable[[], object]
# A client library's adapter: (url, pool size) -> its shared client, as one call.
AsyncAdapter = Callable[[str, int], AbstractAsyncContextManager[AsyncCall]]
SyncAdapter = Callable[[str, int], AbstractContextManager[SyncCall]]


def httpx_async(module: ModuleType) -> AsyncAdapter:
    """The async adapter of httpx2 or httpx (`module`): their APIs are the same."""

    @contextlib.asynccontextmanager
    async def adapter(url: str, pool: int) -> AsyncIterator[AsyncCall]:
        limits = module.Limits(max_connections=pool, max_keepalive_connections=pool)
        async with module.AsyncClient(limits=limits, timeout=TIMEOUT, trust_env=False) as client:

            async def call() -> None:
                (await client.get(url)).raise_for_status()

            yield call

    return adapter


@contextlib.asynccontextmanager
async def aiohttp_async(url: str, pool: int) -> AsyncIterator[AsyncCall]:
    connector = aiohttp.TCPConnector(limit=pool)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def call() -> None:
            async with session.get(url) as response:
                response.raise_for_status()
                await response.read()

        yield call


def httpx_sync(module: ModuleType) -> SyncAdapter:
    """The sync adapter of httpx2 or httpx (`module`)."""

    @contextlib.contextmanager
    def adapter(url: str, pool: int) -> Iterator[SyncCall]:
        limits = module.Limits(max_connections=pool, max_keepalive_connections=pool)
        with module.Client(limits=limits, timeout=TIMEOUT, trust_env=False) as client:
            yield lambda: client.get(url).raise_for_status()

    return adapter


@contextlib.contextmanager
def requests_sync(url: str, pool: int) -> Iterator[SyncCall]:
    with requests.Session() as session:
        session.trust_env = False
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=pool))
        yield lambda: session.get(url, timeout=TIMEOUT).raise_for_status()


ASYNC_CLIENTS: dict[str, AsyncAdapter] = {
    "httpx2.AsyncClient": httpx_async(httpx2),
    "httpx.AsyncClient": httpx_async(httpx),
    "aiohttp.ClientSession": aiohttp_async,
}
SYNC_CLIENTS: dict[str, SyncAdapter] = {
    "httpx2.Client": httpx_sync(httpx2),
    "httpx.Client": httpx_sync(httpx),
    "requests.Session": requests_sync,
}


@dataclass
class Run:
    seconds: float
    latencies: list[float]  # sorted
    client_cpu: float
    server_cpu: float

    @property
    def calls_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile_ms(self, share: float) -> float:
        return self.latencies[min(len(self.latencies) - 1, int(share * len(self.latencies)))] * 1000


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class Meter:
    """Wall time, this process's CPU and the server's CPU, from its making to `run`."""

    def __init__(self, server: int) -> None:
        self.server = server
        self.started = time.perf_counter()
        self.client_cpu = time.process_time()
        self.server_cpu = cpu_seconds(server)

    def run(self, latencies: list[list[float]]) -> Run:
        return Run(
            seconds=time.perf_counter() - self.started,
            latencies=sorted(latency for worker in latencies for latency in worker),
            client_cpu=time.process_time() - self.client_cpu,
            server_cpu=cpu_seconds(self.server) - self.server_cpu,
        )


def shares(calls: int, workers: int) -> list[int]:
    """`calls` split between `workers` as evenly as it goes."""
    return [calls // workers + (n < calls % workers) for n in range(workers)]


async def async_worker(call: AsyncCall, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        sent = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - sent)
    return latencies


def sync_worker(call: SyncCall, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        sent = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - sent)
    return latencies


def measure_async(
    open_client: Callable[[str, int], AbstractAsyncContextManager[AsyncCall]],
    url: str,
    concurrency: int,
    calls: int,
    server: int,
) -> Run:
    async def measure() -> Run:
        async with open_client(url, concurrency) as call:
            await asyncio.gather(*(async_worker(call, n) for n in shares(calls // 10, concurrency)))
            meter = Meter(server)
            workers = (async_worker(call, n) for n in shares(calls, concurrency))
            return meter.run(await asyncio.gather(*workers))

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(measure())


def measure_sync(
    open_client: Callable[[str, int], AbstractContextManager[SyncCall]],
    url: str,
    concurrency: int,
    calls: int,
    server: int,
) -> Run:
    with open_client(url, concurrency) as call, ThreadPoolExecutor(concurrency) as threads:
        list(threads.map(sync_worker, [call] * concurrency, shares(calls // 10, concurrency)))
        meter = Meter(server)
        return meter.run(
            list(threads.map(sync_worker, [call] * concurrency, shares(calls, concurrency)))
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def upstream() -> Iterator[tuple[int, str]]:
    """bench/upstream.py served on a free port; yields the server's pid and its URL."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "upstream:app", "--app-dir", str(BENCH)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop"]
    command += ["--http", "httptools", "--lifespan", "off", "--no-access-log"]
    server = subprocess.Popen([*command, "--log-level", "warning"])
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(server, url)
        yield server.pid, url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def wait_until_up(server: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the upstream exited ({server.returncode})")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.1)
    sys.exit(f"the upstream did not answer {url} within {STARTUP_SECONDS:.0f} s")


def report(runs: dict[tuple[str, int], list[Run]]) -> None:
    def median(key: tuple[str, int], figure: Callable[[Run], float]) -> float:
        return statistics.median(figure(run) for run in runs[key])

    def rate(run: Run) -> float:
        return run.calls_per_second

    header = f"{'client':22} {'conc':>4} {'calls/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
    print(f"\n{header}{'x httpx2':>8} {'client CPU':>10} {'server CPU':>10}")
    for name, concurrency in runs:
        key = (name, concurrency)
        reference = "httpx2.AsyncClient" if name in ASYNC_CLIENTS else "httpx2.Client"
        print(
            f"{name:22} {concurrency:>4} {median(key, rate):>8.0f} "
            f"{median(key, lambda run: run.percentile_ms(0.5)):>7.2f} "
            f"{median(key, lambda run: run.percentile_ms(0.99)):>7.2f} "
            f"{median(key, rate) / median((reference, concurrency), rate):>8.2f} "
            f"{median(key, lambda run: run.client_cpu / run.seconds):>10.0%} "
            f"{median(key, lambda run: run.server_cpu / run.seconds):>10.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=10_000, help="calls per run")
    args = parser.parse_args()
    print(", ".join(f"{library} {version(library)}" for library in LIBRARIES))
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    runs: dict[tuple[str, int], list[Run]] = {}
    with upstream() as (server, url):
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number} of {args.rounds}", flush=True)
            for name, open_async in ASYNC_CLIENTS.items():
                for concurrency in ASYNC_CONCURRENCY:
                    run = measure_async(open_async, url, concurrency, args.calls, server)
                    runs.setdefault((name, concurrency), []).append(run)
            for name, open_sync in SYNC_CLIENTS.items():
                for concurrency in SYNC_CONCURRENCY:
                    run = measure_sync(open_sync, url, concurrency, args.calls, server)
                    runs.setdefault((name, concurrency), []).append(run)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    report(runs)


if __name__ == "__main__":
    main()
