"""Shared fixtures: the template as pytest-copier sees it, rendering, and PostgreSQL."""

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from copier import run_copy
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# What a template checkout needs; without this list pytest-copier copies the whole repo.
TEMPLATE_PATHS = ["copier.yml", "template", "hooks", "src/apiforge/blueprints"]

# Answers every rendering test starts from.
BASE_ANSWERS = {"project_name": "Demo Service", "package_name": "demo"}

Render = Callable[..., Path]

# On CI (`CI` set, as `.ci/run` and GitHub Actions do) property tests replay the same examples
# on every run, so a result depends on the commit alone; locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Each xdist worker tests against a database of its own on the PostgreSQL server: generated
# suites create and drop `<name>_test` (or `test_<name>`), which two workers must not share.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("APIFORGE_TEST_POSTGRES_URL"):
    _base, _, _name = os.environ["APIFORGE_TEST_POSTGRES_URL"].rpartition("/")
    os.environ["APIFORGE_TEST_POSTGRES_URL"] = f"{_base}/{_name}_{_worker}"

# What installing and testing a rendered project adds to it.
INSTALLED_DIRS = (".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__")


@pytest.fixture(scope="session")
def copier_template_paths() -> list[str]:
    return TEMPLATE_PATHS


@pytest.fixture(scope="session")
def render(copier_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Render:
    """Render the template once per distinct set of answers, for the whole session."""
    rendered: dict[tuple[tuple[str, Any], ...], Path] = {}

    def _render(**answers: Any) -> Path:
        data = {**BASE_ANSWERS, **answers}
        key = tuple(sorted(data.items()))
        if key not in rendered:
            name = "-".join(f"{value}" for _, value in key)
            destination = tmp_path_factory.mktemp(name.replace("/", "_")[:60]) / "project"
            run_copy(str(copier_template), destination, data=data, defaults=True, quiet=True)
            rendered[key] = destination
        return rendered[key]

    return _render


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL server on 127.0.0.1 (`.ci/run` starts one and sets the variable)."""
    url = os.environ.get("APIFORGE_TEST_POSTGRES_URL")
    if url:
        return url
    message = "set APIFORGE_TEST_POSTGRES_URL=postgresql://user:pw@127.0.0.1:5432/db"
    if os.environ.get("APIFORGE_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL tests are required here: {message}")
    pytest.skip(f"no PostgreSQL server: {message}")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command in a rendered project; fail the test with its output if it fails."""
    full_env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", **(env or {})}
    full_env.pop("VIRTUAL_ENV", None)
    if not (env and "DATABASE_URL" in env):
        full_env.pop("DATABASE_URL", None)
    result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def lint(project: Path) -> None:
    """A rendered project's own linters and type checks (installed already)."""
    run(["uv", "run", "ruff", "check", "."], project)
    run(["uv", "run", "ruff", "format", "--check", "."], project)
    run(["uv", "run", "mypy"], project)
