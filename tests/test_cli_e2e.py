"""`apiforge add` end to end: the grown project passes its own tests, linters, type checks
and migrations; the same commands again change nothing."""

import os
from pathlib import Path

import pytest

from .support import (
    INSTALLED_DIRS,
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
    """Lint, format, types and the project's own tests (on PostgreSQL too, when there)."""
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
            ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"],
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
