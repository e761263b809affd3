"""`apiforge add resource`: files, registries, statuses, dry run, conflicts, rollback."""

import os
from pathlib import Path

import pytest

from .support import (
    MANY_FIELDS,
    STARTER_FIELDS,
    Render,
    add,
    assert_refused,
    copy_of,
    snapshot,
    statuses,
)

SQLALCHEMY_STYLES = [
    {"flavour": "sqlalchemy", "routes": routes, "example_resource": False}
    for routes in ("async", "sync")
]


@pytest.fixture
def project(render: Render, tmp_path: Path) -> Path:
    return copy_of(render, tmp_path, flavour="sqlalchemy", example_resource=False)


@pytest.mark.parametrize("answers", SQLALCHEMY_STYLES, ids=lambda a: a["routes"])
def test_add_items_gives_the_starter_resource_file_for_file(
    render: Render, tmp_path: Path, answers: dict[str, object]
) -> None:
    """One source of truth: the CLI and `copier copy` render the same blueprints."""
    project = copy_of(render, tmp_path, **answers)
    result = add(project, "resource", "items", "--fields", STARTER_FIELDS)
    assert result.exit_code == 0, result.output
    starter = render(**{**answers, "example_resource": True})
    generated, expected = snapshot(project), snapshot(starter)
    for tree in (generated, expected):
        del tree[".copier-answers.yml"], tree[".env"]  # the answer itself, a random secret
        # The docs describe the project as generated (the starter's helper methods, or none):
        # prose the CLI leaves alone.
        del tree["README.md"], tree["docs/async.md"]
    assert sorted(generated) == sorted(expected)
    different = [path for path in expected if generated[path] != expected[path]]
    assert different == []


def test_resource_creates_every_file_and_registers_it(project: Path) -> None:
    result = add(project, "resource", "banner", "--fields", MANY_FIELDS)
    assert result.exit_code == 0, result.output
    assert statuses(result) == [
        ("create", "src/demo/banners/__init__.py"),
        ("create", "src/demo/banners/models.py"),
        ("create", "src/demo/banners/schemas.py"),
        ("create", "src/demo/banners/helpers.py"),
        ("create", "src/demo/banners/routes.py"),
        ("create", "tests/test_banners.py"),
        ("create", "migrations/versions/0001_create_banners.py"),
        ("update", "src/demo/routers.py"),
        ("update", "src/demo/models.py"),
    ]
    routers = (project / "src/demo/routers.py").read_text()
    assert "from .banners.routes import router as banners_router\n" in routers
    assert routers.endswith("api_router.include_router(banners_router)\n")
    models = (project / "src/demo/models.py").read_text()
    assert "from .banners.models import Banner\n" in models
    assert '__all__ = ["Banner", "Base"]' in models
    helpers = (project / "src/demo/banners/helpers.py").read_text()
    assert "class BannerHelper:" in helpers
    assert "async def create_banner_async" in helpers
    assert 'prefix="/banners"' in (project / "src/demo/banners/routes.py").read_text()


def test_singular_and_plural_name_the_same_resource(project: Path) -> None:
    assert add(project, "resource", "banners").exit_code == 0
    again = add(project, "resource", "banner")
    assert again.exit_code == 0, again.output
    assert {status for status, _ in statuses(again)} == {"identical"}


def test_second_run_is_all_identical_with_an_empty_diff(project: Path) -> None:
    assert add(project, "resource", "banners", "--fields", MANY_FIELDS).exit_code == 0
    before = snapshot(project)
    again = add(project, "resource", "banners", "--fields", MANY_FIELDS, "--dry-run")
    assert again.exit_code == 0, again.output
    assert {status for status, _ in statuses(again)} == {"identical"}
    assert "---" not in again.stdout
    assert "+++" not in again.stdout
    assert add(project, "resource", "banners", "--fields", MANY_FIELDS).exit_code == 0
    assert snapshot(project) == before


def test_dry_run_prints_actions_and_diffs_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = add(project, "resource", "banners", "--fields", "title:str", "--dry-run")
    assert result.exit_code == 0, result.output
    assert ("create", "src/demo/banners/models.py") in statuses(result)
    assert "--- /dev/null\n+++ b/src/demo/banners/models.py" in result.stdout
    assert "--- a/src/demo/routers.py\n+++ b/src/demo/routers.py" in result.stdout
    assert "+api_router.include_router(banners_router)" in result.stdout
    assert result.stdout.rstrip().endswith("no changes were made")
    assert snapshot(project) == before


def test_a_changed_generated_file_is_a_conflict_and_nothing_is_written(project: Path) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    schemas = project / "src/demo/banners/schemas.py"
    schemas.write_text(schemas.read_text() + "# mine\n")
    before = snapshot(project)
    result = add(project, "resource", "banners", "--fields", "title:str views:int=0")
    assert_refused(result)
    assert ("conflict", "src/demo/banners/schemas.py") in statuses(result)
    assert ("skip", "src/demo/banners/routes.py") not in statuses(result)  # identical file
    assert "--force" in result.stderr
    assert snapshot(project) == before


def test_force_overwrites_differing_generated_files(project: Path) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    result = add(project, "resource", "banners", "--fields", "title:str views:int=0", "--force")
    assert result.exit_code == 0, result.output
    assert ("update", "src/demo/banners/schemas.py") in statuses(result)
    assert "views: int = 0" in (project / "src/demo/banners/schemas.py").read_text()


def test_a_failed_write_leaves_the_project_byte_identical(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project)
    real_replace = os.replace
    calls = []

    def replace_then_fail(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 8:  # after the new files, while registering
            raise OSError(28, "No space left on device", target)
        real_replace(source, target)

    monkeypatch.setattr("apiforge.apply.os.replace", replace_then_fail)
    result = add(project, "resource", "banners", "--fields", "title:str")
    assert_refused(result)
    assert "left as it was" in result.stderr
    assert snapshot(project) == before
    assert not (project / "src/demo/banners").exists()


def test_registry_edits_keep_comments_and_change_only_their_lines(project: Path) -> None:
    routers = project / "src/demo/routers.py"
    original = routers.read_text().replace(
        "api_router = APIRouter()", "# Keep health first.\napi_router = APIRouter()  # the API"
    )
    routers.write_text(original)
    assert add(project, "resource", "banners").exit_code == 0
    assert add(project, "resource", "authors").exit_code == 0
    lines = routers.read_text().splitlines()
    added = [line for line in lines if line not in original.splitlines()]
    assert added == [
        "from .authors.routes import router as authors_router",
        "from .banners.routes import router as banners_router",
        "api_router.include_router(banners_router)",
        "api_router.include_router(authors_router)",
    ]
    assert "# Keep health first." in lines
    assert "api_router = APIRouter()  # the API" in lines
    assert '__all__ = ["Author", "Banner", "Base"]' in (project / "src/demo/models.py").read_text()


def test_missing_registry_anchor_fails_with_the_lines_to_add(project: Path) -> None:
    routers = project / "src/demo/routers.py"
    routers.write_text(routers.read_text().replace("api_router = APIRouter()", "router = 1"))
    before = snapshot(project)
    result = add(project, "resource", "banners")
    assert_refused(result)
    assert "src/demo/routers.py" in result.stderr
    assert "from .banners.routes import router as banners_router" in result.stderr
    assert "api_router.include_router(banners_router)" in result.stderr
    assert snapshot(project) == before


def test_migrations_are_sequential_and_chained(project: Path) -> None:
    assert add(project, "resource", "banners").exit_code == 0
    assert add(project, "resource", "authors").exit_code == 0
    second = (project / "migrations/versions/0002_create_authors.py").read_text()
    assert 'revision: str = "0002"' in second
    assert 'down_revision: str | None = "0001"' in second
    assert add(project, "resource", "banners").exit_code == 0  # found, not numbered again
    assert len(list((project / "migrations/versions").glob("*.py"))) == 2


def test_several_migration_heads_are_refused(project: Path) -> None:
    assert add(project, "resource", "banners").exit_code == 0
    versions = project / "migrations/versions"
    branch = (versions / "0001_create_banners.py").read_text().replace('"0001"', '"0009"')
    (versions / "0009_other.py").write_text(branch.replace('"banners"', '"others"'))
    before = snapshot(project)
    result = add(project, "resource", "authors")
    assert_refused(result)
    assert "several heads" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("class", "", "keyword"),
        ("type", "", "standard-library"),
        ("Bad Name!", "", "snake_case"),
        ("databases", "", "clash"),
        ("pages", "", "shadow"),
        ("news", "", "same in the singular and the plural"),
        ("a" * 41, "", "limited to 40"),
        ("banners", "name:str,views:int", "separated by spaces, not commas"),
        ("banners", "title", "NAME:TYPE"),
        ("banners", "title:money", "unknown type"),
        ("banners", "id:int", "reserved"),
        ("banners", "sort:str", "reserved"),
        ("banners", "for:int", "keyword"),
        ("banners", "views:int=many", "default"),
        ("banners", "title:str title:text", "more than once"),
        ("banners", "active:bool:unique", "unique"),
    ],
)
def test_refused_names_and_fields_exit_1_and_change_nothing(
    project: Path, name: str, fields: str, message: str
) -> None:
    before = snapshot(project)
    result = add(project, "resource", name, "--fields", fields)
    assert_refused(result)
    assert message in result.stderr
    assert snapshot(project) == before


def test_a_resource_named_like_an_existing_module_is_refused(project: Path) -> None:
    (project / "src/demo/widgets.py").write_text('"""Not a resource."""\n')
    before = snapshot(project)
    result = add(project, "resource", "widget")
    assert_refused(result)
    assert "src/demo/widgets.py" in result.stderr
    assert snapshot(project) == before


def test_style_defaults_to_the_answer_then_tool_apiforge(render: Render, tmp_path: Path) -> None:
    sync = copy_of(render, tmp_path / "sync", flavour="sqlalchemy", routes="sync")
    assert add(sync, "resource", "banners").exit_code == 0
    assert "    def create_banner(" in (sync / "src/demo/banners/helpers.py").read_text()
    assert add(sync, "resource", "authors", "--async").exit_code == 0
    assert "async def create_author_async" in (sync / "src/demo/authors/helpers.py").read_text()
    configured = copy_of(render, tmp_path / "tool", flavour="sqlalchemy", routes="async")
    pyproject = configured / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.apiforge]\nroutes = "sync"\n')
    assert add(configured, "resource", "banners").exit_code == 0
    assert "    def create_banner(" in (configured / "src/demo/banners/helpers.py").read_text()
