"""Rendered projects, installed with uv: their own linters, type checks and tests must pass."""

from pathlib import Path

import pytest

from .support import COMBINATIONS, NEEDS_A_DATABASE, Render, ids, installed, lint, run

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ids)
def test_lint_types_and_tests_on_sqlite(render: Render, answers: dict[str, object]) -> None:
    project = installed(render, answers)
    lint(project)
    output = run(["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert " passed" in output
    assert "skipped" not in output
    assert sorted(p.name for p in project.iterdir() if p.suffix == ".db") == []


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ids)
def test_tests_on_postgresql(render: Render, answers: dict[str, object], postgres_url: str) -> None:
    project = installed(render, answers)
    output = run(
        ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider", "-m", NEEDS_A_DATABASE],
        project,
        env={"DATABASE_URL": postgres_url},
    )
    assert " passed" in output
    assert " deselected" in output  # the run on SQLite ran those
    assert "skipped" not in output


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_migrations_apply_and_service_serves(render: Render, routes: str, tmp_path: Path) -> None:
    """`make migrate` on a fresh SQLite file, then the real app answers over HTTP, a list
    shaped as resources made before v0.2.0 (`PageDep`) included."""
    answers = {
        "flavour": "sqlalchemy",
        "database": "sqlite",
        "routes": routes,
        "example_resource": True,
    }
    project = installed(render, answers)
    url = f"sqlite:///{tmp_path / 'app.db'}"
    run(["uv", "run", "alembic", "upgrade", "head"], project, env={"DATABASE_URL": url})
    script = (
        "import asyncio, httpx2\n"
        "from fastapi import APIRouter\n"
        "from demo.main import create_app\n"
        "from demo.pagination import PageDep\n"
        "old = APIRouter()\n"
        "@old.get('/old')\n"
        "async def old_list(page: PageDep) -> list[int]:\n"
        "    return [page.limit, page.offset]\n"
        "async def main():\n"
        "    app = create_app()\n"
        "    app.include_router(old)\n"
        "    t = httpx2.ASGITransport(app=app)\n"
        "    async with httpx2.AsyncClient(transport=t, base_url='http://localhost') as c:\n"
        "        r = await c.post('/api/items', json={'name': 'first'})\n"
        "        assert r.status_code == 201, r.text\n"
        "        assert (await c.get('/old', params={'limit': 3})).json() == [3, 0]\n"
        "        assert (await c.get('/old', params={'limit': 0})).status_code == 422\n"
        "        r = await c.get('/api/items')\n"
        "        print(r.json()['total'])\n"
        "    await app.state.db.dispose_async()\n"
        "asyncio.run(main())\n"
    )
    output = run(["uv", "run", "python", "-c", script], project, env={"DATABASE_URL": url})
    assert output.strip() == "1"
