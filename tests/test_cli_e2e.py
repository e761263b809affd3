"""`apiforge add` end to end: the grown project passes its own tests, linters, type checks
and migrations; the same commands again change nothing."""

import os
from pathlib import Path

import pytest

from .cli_support import MANY_FIELDS, add, copy_of, snapshot, statuses
from .conftest import Render, run

pytestmark = pytest.mark.e2e

CACHES = (".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__")


def source_tree(project: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in snapshot(project).items()
        if not set(Path(path).parts) & set(CACHES)
    }


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_grown_project_passes_its_own_checks(render: Render, tmp_path: Path, routes: str) -> None:
    project = copy_of(render, tmp_path, flavour="sqlalchemy", routes=routes)
    other_style = "--sync" if routes == "async" else "--async"
    commands = [
        ["resource", "banner", "--fields", MANY_FIELDS],
        ["route", "banners", "publish", "--method", "post"],
        ["route", "banners", "featured", "--path", "/featured", other_style],
        ["helper", "banners", "archive"],
        ["helper", "banners", "recount", other_style],
    ]
    for command in commands:
        result = add(project, *command)
        assert result.exit_code == 0, result.output

    run(["uv", "sync", "--quiet"], project)
    run(["uv", "run", "ruff", "check", "."], project)
    run(["uv", "run", "ruff", "format", "--check", "."], project)
    run(["uv", "run", "mypy"], project)
    output = run(["uv", "run", "pytest", "-v", "-p", "no:cacheprovider"], project)
    for test in ("test_publish", "test_publish_missing_banner_is_404", "test_featured"):
        assert f"tests/test_banners.py::{test} PASSED" in output
    recount = "test_helper_recount" + ("" if other_style == "--sync" else "_async")
    for test in (
        "test_helper_archive_async" if routes == "async" else "test_helper_archive",
        recount,
    ):
        assert f"tests/test_banners.py::{test} PASSED" in output
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
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    run(["uv", "run", "alembic", "upgrade", "head"], project, env={"DATABASE_URL": url})
    heads = run(["uv", "run", "alembic", "heads"], project, env={"DATABASE_URL": url})
    assert heads.startswith("0002 (head)")

    before = source_tree(project)
    for command in commands[1:]:
        again = add(project, *command)
        assert again.exit_code == 0, again.output
        assert {status for status, _ in statuses(again)} == {"identical"}
    # The resource's files have grown since: adding it again is a conflict, and writes nothing.
    again = add(project, *commands[0])
    assert again.exit_code == 1
    assert ("conflict", "src/demo/banners/routes.py") in statuses(again)
    assert source_tree(project) == before
