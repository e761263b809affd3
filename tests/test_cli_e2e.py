"""`apiforge add` end to end: the grown project passes its own tests, linters, type checks
and migrations; the same commands again change nothing."""

import json
import os
import re
from pathlib import Path

import pytest

from .support import (
    INSTALLED_DIRS,
    NEEDS_A_DATABASE,
    SQLALCHEMY,
    Layout,
    Render,
    add,
    copy_of,
    grow,
    lint,
    run,
    snapshot,
    statuses,
)

pytestmark = pytest.mark.e2e


def source_tree(project: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in snapshot(project).items()
        if not set(Path(path).parts) & set(INSTALLED_DIRS)
    }


def passes_its_checks(project: Path, routes: str) -> None:
    """Lint, format, types and the project's own tests (those that use a database on PostgreSQL
    too, when there)."""
    run(["uv", "sync", "--quiet"], project)
    lint(project)
    output = run(["uv", "run", "pytest", "-v", "-p", "no:cacheprovider"], project)
    archive = "test_helper_archive" + ("_async" if routes == "async" else "")
    recount = "test_helper_recount" + ("_async" if routes == "sync" else "")
    tests = ("test_publish", "test_publish_missing_id_is_404", "test_featured")
    for test in (*tests, archive, recount):
        assert f"tests/test_banners.py::{test} PASSED" in output
    for client in ("payments", "weather_api"):
        assert f"tests/test_{client}_client.py::" in output
    assert "FAILED" not in output
    assert "SKIPPED" not in output
    postgres = os.environ.get("APIFORGE_TEST_POSTGRES_URL")
    if postgres:
        output = run(
            ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider", "-m", NEEDS_A_DATABASE],
            project,
            env={"DATABASE_URL": postgres},
        )
        assert "passed" in output
        assert "failed" not in output


def again_changes_nothing(project: Path, commands: list[list[str]], routes_file: str) -> None:
    before = source_tree(project)
    for command in commands[1:]:
        again = add(project, *command)
        assert again.exit_code == 0, again.output
        assert {status for status, _ in statuses(again)} == {"identical"}
    # The resource's files have grown since: adding it again is a conflict, and writes nothing.
    again = add(project, *commands[0])
    assert again.exit_code == 1
    assert ("conflict", routes_file) in statuses(again)
    assert source_tree(project) == before


# A route that blocks the event loop, and its tests: one exempt, one through each client.
NAP_ROUTE = """
import time


@router.get("/nap/now")
async def nap() -> dict[str, str]:
    time.sleep(0.3)
    return {"slept": "0.3 s"}
"""
NAP_TESTS = {
    "sqlalchemy": """
import pytest
from fastapi.testclient import TestClient
from httpx2 import AsyncClient


async def test_nap(async_client: AsyncClient) -> None:
    assert (await async_client.get("/api/banners/nap/now")).status_code == 200


def test_nap_through_test_client(client: TestClient) -> None:
    assert client.get("/api/banners/nap/now").status_code == 200


@pytest.mark.allow_loop_blocking
async def test_nap_allowed(async_client: AsyncClient) -> None:
    assert (await async_client.get("/api/banners/nap/now")).status_code == 200
""",
    "django": """
import pytest
from httpx2 import AsyncClient


async def test_nap(api: AsyncClient) -> None:
    assert (await api.get("/api/banners/nap/now")).status_code == 200


@pytest.mark.allow_loop_blocking
async def test_nap_allowed(api: AsyncClient) -> None:
    assert (await api.get("/api/banners/nap/now")).status_code == 200
""",
}


def a_blocked_loop_fails_its_test(project: Path, layout: Layout) -> None:
    """The project's pytest plugin fails a test whose route blocks the event loop, and
    names the blocking line; the exempt test passes."""
    routes = project / layout.routes.format("banners")
    before = routes.read_text()
    routes.write_text(before + NAP_ROUTE)
    sleep_line = len(before.splitlines()) + NAP_ROUTE.splitlines().index("    time.sleep(0.3)") + 1
    tests = NAP_TESTS[layout.flavour]
    (project / "tests/test_nap.py").write_text(tests)
    command = ["uv", "run", "pytest", "-p", "no:cacheprovider", "tests/test_nap.py"]
    output = run(command, project, check=False)
    failed = {line.split()[1] for line in output.splitlines() if line.startswith("FAILED ")}
    blocking = set(re.findall(r"def (test_\w+)", tests)) - {"test_nap_allowed"}
    assert failed == {f"tests/test_nap.py::{test}" for test in blocking}, output
    where = f"at {routes.relative_to(project)}:{sleep_line} in nap"
    assert where in output, output
    assert "1 passed" in output, output


BROKEN_HELPER = """
class ReportHelper:
    async def totals(self) -> int:
        return 0

    async def refresh_async(self) -> None:
        self.recount_async()

    async def recount_async(self) -> None: ...
"""


def a_broken_rule_stops_the_checklist(project: Path, layout: Layout) -> None:
    """The checker the project carries (what make lint, pre-commit and CI run) names each
    line that breaks a rule, and the rule."""
    helpers = project / layout.routes.format("banners").replace("routes.py", "reports.py")
    helpers.write_text(BROKEN_HELPER)
    command = ["uv", "run", "python", "-m", "tools.apiforge_check", "--format", "json"]
    findings = json.loads(run(command, project, check=False))
    shown = helpers.relative_to(project).as_posix()
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [
        (shown, 3, "AF001"),
        (shown, 7, "AF301"),
    ], findings
    helpers.unlink()


def migrations_apply(project: Path, layout: Layout, tmp_path: Path) -> None:
    """Alembic's chain has one head; Django's checks pass and its models need no migration."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.db'}"}
    if layout is SQLALCHEMY:
        run(["uv", "run", "alembic", "upgrade", "head"], project, env)
        assert run(["uv", "run", "alembic", "heads"], project, env).startswith("0002 (head)")
    else:
        manage = ["uv", "run", "python", "manage.py"]
        run([*manage, "check", "--fail-level", "WARNING"], project, env)
        makemigrations = [*manage, "makemigrations", "--check", "--dry-run"]
        assert "No changes detected" in run(makemigrations, project, env)


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_grown_project_passes_its_own_checks(
    render: Render, tmp_path: Path, layout: Layout, routes: str
) -> None:
    project = copy_of(render, tmp_path, flavour=layout.flavour, routes=routes)
    commands = grow(project, routes)
    passes_its_checks(project, routes)
    migrations_apply(project, layout, tmp_path)
    again_changes_nothing(project, commands, layout.routes.format("banners"))
    a_blocked_loop_fails_its_test(project, layout)
    a_broken_rule_stops_the_checklist(project, layout)
