"""How fast the generated services serve their items API, against a hand-written ceiling.

    uv run python bench/services.py [--rounds 3] [--duration 10] [--rows 1000[,100000,...]]
                                    [--workers 1] [--postgres-url URL] [--workdir DIR]

Needs wrk, psql and a PostgreSQL server (`--postgres-url`, default $BENCH_POSTGRES_URL or
the CI server, postgresql://postgres:apiforge-ci@127.0.0.1:5432); it creates and drops
databases named `bench_*` there.

Renders each flavour x route style with database=postgresql and the items resource,
installs it (`uv sync`), migrates it into a database of its own, seeds `--rows` rows and
serves it as in production, minus the reload: one worker on 127.0.0.1, no access log,
ENVIRONMENT=production (django: DB_POOL=true, as its README advises on PostgreSQL).
bench/ceiling.py, served by the same uvicorn in the same environment, is the ceiling;
bench/orm.py, the same endpoints on SQLAlchemy's async ORM by hand, is the ORM floor: what
the sqlalchemy flavour can reach at best; bench/core.py, its reads on Core rows, what
reading Core rows instead of ORM objects would give.

wrk (2 threads) measures each endpoint after a warm-up: list at 8 and 64 connections, get
by id at 64, create and update at 32. Rounds interleave (round 1 runs every system, then
round 2...) so that a noisy neighbour hurts every system alike; each figure is the median of
the rounds. With several `--rows`, the first size measures every endpoint, the others the
lists only (a list's window count reads every row). `--workers N` measures every system
again with N workers. `--workdir` keeps the rendered, installed projects for the next run.
"""

import argparse
import contextlib
import os
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from copier import run_copy

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "requests.lua"
CEILING = "ceiling"
# Hand-written references, each a module of bench/: the ceiling (asyncpg by hand), the
# ORM floor (SQLAlchemy's async ORM by hand) and the Core floor (its reads on Core rows).
ORM = "orm"
CORE = "core"
REFERENCES = [CEILING, ORM, CORE]
# Each generated system: (flavour, routes).
GENERATED = {
    "sqlalchemy-async": ("sqlalchemy", "async"),
    "sqlalchemy-sync": ("sqlalchemy", "sync"),
    "django-async": ("django", "async"),
    "django-sync": ("django", "sync"),
}
SYSTEMS = [*REFERENCES, *GENERATED]
# The references run in this project's environment and borrow its migration.
CEILING_HOST = "sqlalchemy-async"
PACKAGE = "benchsvc"
TABLES = {"sqlalchemy": "items", "django": "items_item"}
# name: (wrk mode, connections); a `list` one is measured at every --rows size.
ENDPOINTS = {
    "list c8": ("list", 8),
    "list c64": ("list", 64),
    "get c64": ("get", 64),
    "create c32": ("create", 32),
    "update c32": ("update", 32),
}
# The targets: the share of the ceiling's req/s each endpoint must reach.
CEILING_SHARES = {"list c8": 0.6, "list c64": 0.6, "get c64": 0.6, "create c32": 0.5}
WRK_THREADS = 2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One wrk run against one server."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    rss_mb: float
    wrk_cpu: float
    server_cpu: float
    database_cpu: float
    seconds: float


@dataclass
class System:
    name: str
    project: Path
    flavour: str
    database: str
    runs: dict[tuple[int, int, str], list[Run]] = field(default_factory=dict)


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> None:
    """Run a setup step; its output only if it fails."""
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")


def psql(admin_url: str, database: str, *statements: str) -> None:
    """Each statement on its own (VACUUM refuses to share a transaction)."""
    command = ["psql", f"{admin_url.rstrip('/')}/{database}", "-v", "ON_ERROR_STOP=1", "-q"]
    for statement in statements:
        command += ["-c", statement]
    run(command, ROOT, dict(os.environ), timeout=1800)


def project_env(database_url: str | None = None) -> dict[str, str]:
    """The environment of a project's commands: production settings (django: psycopg's pool,
    as its README advises on PostgreSQL; the sqlalchemy settings ignore DB_POOL)."""
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env |= {"UV_PYTHON_DOWNLOADS": "never", "ENVIRONMENT": "production", "DB_POOL": "true"}
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(workdir: Path, admin_url: str) -> list[System]:
    """Render and install each generated project (unless `workdir` has it), create and
    migrate a database per system."""
    systems = []
    for name in SYSTEMS:
        host = CEILING_HOST if name in REFERENCES else name
        flavour, routes = GENERATED[host]
        project = workdir / host
        if not (project / ".venv").is_dir():
            data = {
                "project_name": "Bench Service",
                "package_name": PACKAGE,
                "flavour": flavour,
                "routes": routes,
                "database": "postgresql",
                "example_resource": True,
            }
            print(f"rendering and installing {host}", flush=True)
            run_copy(
                str(ROOT),
                project,
                data=data,
                defaults=True,
                vcs_ref="HEAD",
                unsafe=True,
                quiet=True,
            )
            run(["uv", "sync", "--no-dev"], project, project_env(), timeout=900)
        database = f"bench_{name.replace('-', '_')}"
        psql(admin_url, "postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        psql(admin_url, "postgres", f"CREATE DATABASE {database}")
        env = project_env(f"{admin_url.rstrip('/')}/{database}")
        if flavour == "sqlalchemy":
            migrate = [str(project / ".venv/bin/alembic"), "upgrade", "head"]
        else:
            migrate = [str(project / ".venv/bin/python"), "manage.py", "migrate"]
        run(migrate, project, env, timeout=300)
        systems.append(System(name, project, flavour, database))
    return systems


def seed(system: System, admin_url: str, rows: int) -> None:
    """Exactly `rows` rows, ids 1..rows, in one statement; statistics fresh."""
    table = TABLES[system.flavour]
    psql(
        admin_url,
        system.database,
        f"TRUNCATE {table} RESTART IDENTITY",
        f"INSERT INTO {table} (name, description, quantity, active)"
        f" SELECT 'seed-' || g, 'row ' || g, g % 100, true FROM generate_series(1, {rows}) g",
        f"VACUUM ANALYZE {table}",
    )


def trim(system: System, admin_url: str, rows: int) -> None:
    """Back to the seeded rows: what a run created would slow the next runs' lists."""
    table = TABLES[system.flavour]
    psql(admin_url, system.database, f"DELETE FROM {table} WHERE id > {rows}", f"VACUUM {table}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_command(system: System, port: int, workers: int) -> list[str]:
    """The project's production command (Makefile `run-prod`, django `run-async`), on
    127.0.0.1, without `alembic upgrade` / `collectstatic` (done once, before)."""
    bin_dir = system.project / ".venv" / "bin"
    where = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    uvicorn = [*where, "--loop", "uvloop", "--http", "httptools", "--no-access-log"]
    if system.name in REFERENCES:
        app = f"{system.name}:app"
        return [str(bin_dir / "uvicorn"), app, "--app-dir", str(ROOT / "bench"), *uvicorn]
    if system.flavour == "sqlalchemy":
        return [str(bin_dir / "uvicorn"), f"{PACKAGE}.main:create_app", "--factory", *uvicorn]
    return [
        str(bin_dir / "gunicorn"),
        f"{PACKAGE}.asgi:application",
        "--worker-class",
        "uvicorn_worker.UvicornWorker",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]


@contextlib.contextmanager
def serving(system: System, admin_url: str, workers: int, log: Path) -> Iterator[tuple[int, str]]:
    """The system served; yields its root pid and the URL of its items list."""
    port = free_port()
    env = project_env(f"{admin_url.rstrip('/')}/{system.database}")
    with log.open("ab") as output:
        server = subprocess.Popen(
            serve_command(system, port, workers),
            cwd=system.project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: workers die with it
        )
    url = f"http://127.0.0.1:{port}/api/items"
    try:
        wait_until_up(server, f"{url}?limit=1", log)
        yield server.pid, url
    finally:
        stop(server)


def wait_until_up(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited ({server.returncode}); its output:\n{log.read_text()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    sys.exit(f"the server did not answer {url} within 60 s; its output:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        try:
            server.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def worker_pids(root: int) -> list[int]:
    """The processes that serve: the children of a manager (gunicorn, uvicorn --workers N)
    but multiprocessing's resource tracker, or the root itself."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rpartition(")")[2].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
            if parent == root and b"resource_tracker" not in cmdline:
                children.append(int(entry.name))
    return children or [root]


def database_pids() -> list[int]:
    """PostgreSQL's processes, when it runs on this machine (its backends do the queries)."""
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])  # type: ignore[index]
    return total / 1024


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, mode: str, connections: int, seconds: int, rows: int, prefix: str) -> str:
    """wrk's report of `seconds` of `mode` requests (see requests.lua)."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    if mode == "list":
        command.append(f"{url}?limit=10&offset=0")
    else:
        command += ["-s", str(LUA), url, "--", mode, str(rows), prefix]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode:
        sys.exit(f"wrk failed: {result.stderr}")
    return result.stdout


def measure(
    url: str, root: int, mode: str, connections: int, args: argparse.Namespace, rows: int
) -> Run:
    prefix = f"{time.time_ns()}"
    wrk(url, mode, connections, args.warmup, rows, f"w{prefix}")
    pids, database = worker_pids(root), database_pids()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before, database_before = cpu_seconds(pids), cpu_seconds(database)
    start = time.monotonic()
    report = wrk(url, mode, connections, args.duration, rows, prefix)
    elapsed = time.monotonic() - start
    server_cpu = cpu_seconds(pids) - server_before
    database_cpu = cpu_seconds(database) - database_before
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", report, re.MULTILINE))
    if len(percentile) != 2:
        sys.exit(f"no latency distribution in wrk's report:\n{report}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", report))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", report)[1]),  # type: ignore[index]
        p50_ms=milliseconds(percentile["50"]),
        p99_ms=milliseconds(percentile["99"]),
        errors=errors,
        rss_mb=rss_mb(pids),
        wrk_cpu=wrk_cpu,
        server_cpu=server_cpu,
        database_cpu=database_cpu,
        seconds=elapsed,
    )


def median(runs: list[Run], attribute: str) -> float:
    return float(statistics.median(getattr(run, attribute) for run in runs))


def report(systems: list[System], sizes: list[int], workers: list[int]) -> None:
    ceiling = systems[0]
    header = f"{'system':17} {'workers':>7} {'rows':>8} {'endpoint':11} {'req/s':>8} "
    header += f"{'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'x ceil':>6} {'wrk CPU':>7} "
    header += f"{'srv CPU':>7} {'db CPU':>7} errors"
    print(f"\nload average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("CPU columns: the share of one core that wrk, the server's workers and PostgreSQL took")
    print(f"\n{header}")
    for system in systems:
        for key, runs in system.runs.items():
            n, rows, endpoint = key
            ratio = median(runs, "rps") / median(ceiling.runs[key], "rps")
            # CPU as a share of one core over the run.
            wrk_share = median(runs, "wrk_cpu") / median(runs, "seconds")
            server_share = median(runs, "server_cpu") / median(runs, "seconds")
            database_share = median(runs, "database_cpu") / median(runs, "seconds")
            print(
                f"{system.name:17} {n:>7} {rows:>8} {endpoint:11} {median(runs, 'rps'):8.0f} "
                f"{median(runs, 'p50_ms'):7.2f} {median(runs, 'p99_ms'):7.2f} "
                f"{median(runs, 'rss_mb'):7.0f} {ratio:6.2f} {wrk_share:7.0%} "
                f"{server_share:7.0%} {database_share:7.0%} {sum(run.errors for run in runs)}"
            )
    if workers[-1] != 1:
        print(f"\n{workers[-1]} workers against 1 (req/s):")
        for system in systems:
            for (n, rows, endpoint), runs in system.runs.items():
                if n == workers[-1]:
                    one = system.runs[(1, rows, endpoint)]
                    ratio = median(runs, "rps") / median(one, "rps")
                    print(f"  {system.name:17} {rows:>8} rows {endpoint:11} {ratio:5.2f}x")
    targets(systems, sizes)


def targets(systems: list[System], sizes: list[int]) -> None:
    """The issue's targets, one PASS/FAIL line each, on the figures of one worker."""
    by_name = {system.name: system for system in systems}
    smallest, largest = sizes[0], sizes[-1]

    def rps(name: str, endpoint: str) -> float:
        return median(by_name[name].runs[(1, smallest, endpoint)], "rps")

    def verdict(ok: bool, line: str) -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")

    print()
    # Where the sqlalchemy gap comes from: the ORM itself, or the generated code on top.
    for endpoint in CEILING_SHARES:
        ceiling, orm = rps(CEILING, endpoint), rps(ORM, endpoint)
        print(
            f"info  {endpoint}: ORM floor {orm / ceiling:.2f}x ceiling, Core floor"
            f" {rps(CORE, endpoint) / ceiling:.2f}x, sqlalchemy-async"
            f" {rps('sqlalchemy-async', endpoint) / orm:.2f}x the ORM floor"
        )
    for name in GENERATED:
        for endpoint, floor in CEILING_SHARES.items():
            ratio = rps(name, endpoint) / rps(CEILING, endpoint)
            verdict(ratio >= floor, f"{name} {endpoint}: {ratio:.2f}x ceiling (>= {floor})")
    for flavour in ("sqlalchemy", "django"):
        for endpoint in ("list c64", "get c64"):
            fast, slow = rps(f"{flavour}-async", endpoint), rps(f"{flavour}-sync", endpoint)
            verdict(fast >= slow, f"{flavour} {endpoint}: async {fast:.0f} >= sync {slow:.0f}")
    for name in SYSTEMS:
        for endpoint in ("list c64", "get c64"):
            runs = by_name[name].runs[(1, smallest, endpoint)]
            p50, p99 = median(runs, "p50_ms"), median(runs, "p99_ms")
            verdict(p99 <= 4 * p50, f"{name} {endpoint}: p99 {p99:.1f} ms <= 4 x p50 {p50:.1f}")
    if largest != smallest:
        for name in SYSTEMS:
            small = median(by_name[name].runs[(1, smallest, "list c8")], "p50_ms")
            large = median(by_name[name].runs[(1, largest, "list c8")], "p50_ms")
            verdict(
                large <= 1.5 * small,
                f"{name} list c8 p50: {large:.1f} ms at {largest} rows <= 1.5 x {small:.1f}"
                f" at {smallest}",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per run")
    parser.add_argument("--rows", default="1000", help="comma-separated table sizes")
    parser.add_argument("--workers", type=int, default=1, help="also measure N workers")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres:apiforge-ci@127.0.0.1:5432"
        ),
        help="a server (no database name) where bench_* databases may be created",
    )
    parser.add_argument("--workdir", type=Path, help="keep the installed projects here")
    args = parser.parse_args()
    sizes = [int(size) for size in args.rows.split(",")]
    workers = sorted({1, args.workers})
    # SIGTERM runs the `finally` blocks too: no server outlives the bench.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        log = workdir / "servers.log"
        systems = prepare(workdir, args.postgres_url)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for rows in sizes:
            for system in systems:
                seed(system, args.postgres_url, rows)
            endpoints = {
                name: spec
                for name, spec in ENDPOINTS.items()
                if rows == sizes[0] or spec[0] == "list"
            }
            for round_number in range(1, args.rounds + 1):
                for n in workers:
                    for system in systems:
                        print(
                            f"rows {rows}, round {round_number}, {n} worker(s): {system.name}",
                            flush=True,
                        )
                        with serving(system, args.postgres_url, n, log) as (root, url):
                            for endpoint, (mode, connections) in endpoints.items():
                                measured = measure(url, root, mode, connections, args, rows)
                                key = (n, rows, endpoint)
                                system.runs.setdefault(key, []).append(measured)
                        trim(system, args.postgres_url, rows)
        report(systems, sizes, workers)


if __name__ == "__main__":
    main()
