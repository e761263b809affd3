"""`make bench` in rendered projects: it serves, measures, prints figures, stops its server."""

import os
import re
from pathlib import Path

import pytest

from .support import Render, installed, run

pytestmark = pytest.mark.e2e

FIGURES = re.compile(
    r"^GET (\S+) +concurrency +(\d+) +([\d.]+) req/s +p50 +([\d.]+) ms +p99 +([\d.]+) ms"
    r" +client CPU +\d+%$",
    re.MULTILINE,
)


@pytest.mark.parametrize(
    ("flavour", "routes", "health"),
    [("sqlalchemy", "async", "/health"), ("django", "sync", "/api/health")],
)
def test_make_bench_prints_figures_and_stops_the_server(
    render: Render, flavour: str, routes: str, health: str, tmp_path: Path
) -> None:
    answers = {"flavour": flavour, "database": "sqlite", "routes": routes, "example_resource": True}
    project = installed(render, answers)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'bench.db'}"}
    output = run(["make", "bench", "ARGS=--duration 2 --concurrency 4"], project, env)

    figures = FIGURES.findall(output)
    runs = [(path, concurrency) for path, concurrency, *_ in figures]
    assert runs == [(health, "4"), ("/api/items", "1"), ("/api/items", "4")], output
    for _, _, rps, p50, p99 in figures:
        assert float(rps) > 0, output
        assert 0 < float(p50) <= float(p99), output
    assert "GET /api/items: total 0" in output
    stopped = re.search(r"^server stopped \(pid (\d+)\)$", output, re.MULTILINE)
    assert stopped, output
    # Nothing of the server's process group is left: gunicorn's worker included.
    with pytest.raises(ProcessLookupError):
        os.killpg(int(stopped[1]), 0)
