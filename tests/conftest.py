"""Fixtures and settings: the template as pytest-copier sees it, rendering, PostgreSQL, and
the property tests' profile."""

import os
from pathlib import Path
from typing import Any

import pytest
from copier import run_copy
from hypothesis import settings

from .support import BASE_ANSWERS, LAYOUTS, TEMPLATE_PATHS, Layout, Render

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


@pytest.fixture(params=list(LAYOUTS.values()), ids=list(LAYOUTS))
def layout(request: pytest.FixtureRequest) -> Layout:
    """Each flavour's layout in turn: a test taking it runs in both flavours."""
    layout: Layout = request.param
    return layout
