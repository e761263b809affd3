"""`apiforge add resource` in both flavours: files, registries, statuses, dry run, conflicts,
rollback, refused names. What differs between the flavours is in the tables below."""

import os
from pathlib import Path

import pytest

from .support import (
    DJANGO,
    MANY_FIELDS,
    SQLALCHEMY,
    STARTER_FIELDS,
    Layout,
    Render,
    add,
    assert_refused,
    copy_of,
    snapshot,
    statuses,
    without_lines_naming,
)


@pytest.fixture
def project(render: Render, tmp_path: Path, layout: Layout) -> Path:
    return copy_of(render, tmp_path, flavour=layout.flavour, example_resource=False)


@pytest.fixture
def starter(render: Render, tmp_path: Path, layout: Layout) -> Path:
    """A project with the starter resources (async): `items`, and django's `articles`."""
    return copy_of(render, tmp_path, flavour=layout.flavour, routes="async")


def read(project: Path, path: str) -> str:
    return (project / path).read_text()


def directories(project: Path) -> set[Path]:
    return {path for path in project.rglob("*") if path.is_dir()}


# What the example project has that `add resource items` does not make: the answers themselves,
# a random secret, prose describing the project as generated (the starter's helpers), and
# django's admin test, which lists the example's admin pages.
NOT_FROM_BLUEPRINTS = (
    ".copier-answers.yml",
    ".env",
    "README.md",
    "docs/async.md",
    # Its default path is the starter's list, as the README's examples are.
    "scripts/bench.py",
    "tests/test_admin.py",
    # The upstream registry lists the starter's `catalog` client, or nothing.
    "demo/integrations/clients.py",
    "src/demo/integrations/clients.py",
)
# Beyond the resource, the example project has the starter `catalog` client (its module,
# route, tests and settings), the `dashboard` built on it and, in django, the `articles`
# showcase app.
SHOWCASES = ("articles", "catalog", "dashboard")


def in_showcase(text: str) -> bool:
    return any(showcase in text.lower() for showcase in SHOWCASES)


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_add_items_gives_the_starter_resource_file_for_file(
    render: Render, tmp_path: Path, layout: Layout, routes: str
) -> None:
    """One source of truth: the CLI and `copier copy` render the same blueprints."""
    answers = {"flavour": layout.flavour, "routes": routes}
    project = copy_of(render, tmp_path, **answers, example_resource=False)
    result = add(project, "resource", "items", "--fields", STARTER_FIELDS)
    assert result.exit_code == 0, result.output
    generated = snapshot(project)
    expected = snapshot(render(**answers, example_resource=True))
    for tree in (generated, expected):
        for path in NOT_FROM_BLUEPRINTS:
            tree.pop(path, None)
    showcase = {path for path in expected if in_showcase(path)}
    assert sorted(generated) == sorted(set(expected) - showcase)
    different = [
        path
        for path in generated
        if generated[path] != expected[path]
        and without_lines_naming(generated[path], SHOWCASES)
        != without_lines_naming(expected[path], SHOWCASES)
    ]
    assert different == []


# Lines each flavour's files have after `add resource banner`, beyond the files themselves.
REGISTERED = {
    "sqlalchemy": {
        "src/demo/routers.py": ["from .banners.routes import router as banners_router\n"],
        "src/demo/models.py": [
            "from .banners.models import Banner\n",
            '__all__ = ["Banner", "Base"]',
        ],
        "migrations/versions/0001_create_banners.py": ['"banners",'],
    },
    "django": {
        "demo/settings.py": [
            "    # The project's apps, one line each: `apiforge add resource` appends here.\n"
            '    "apps.banners",\n]\n'
        ],
        "demo/routers.py": [
            "from fastapi import APIRouter\n\n"
            "from apps.api.banners.routes import router as banners_router\n"
        ],
        "apps/banners/migrations/0001_initial.py": ['name="Banner"'],
    },
}


def test_resource_creates_every_file_and_registers_it(project: Path, layout: Layout) -> None:
    result = add(project, "resource", "banner", "--fields", MANY_FIELDS)
    assert result.exit_code == 0, result.output
    assert statuses(result) == [
        *(("create", path) for path in layout.created("banners")),
        *(("update", path) for path in layout.registries),
    ]
    for path, snippets in REGISTERED[layout.flavour].items():
        for snippet in snippets:
            assert snippet in read(project, path), path
    assert read(project, layout.routers).endswith(
        "api_router = APIRouter()\napi_router.include_router(banners_router)\n"
    )
    helpers = read(project, layout.helpers.format("banners"))
    assert "class BannerHelper:" in helpers
    assert "async def create_banner_async" in helpers
    assert 'prefix="/banners"' in read(project, layout.routes.format("banners"))


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


# The registry lines `banners` then `authors` add to the starter project, and two lines in the
# order they must keep: the new lines sorted among (or after) the starter's.
REGISTRY_LINES = {
    "sqlalchemy": (
        {
            "src/demo/routers.py": [
                "from .authors.routes import router as authors_router",
                "from .banners.routes import router as banners_router",
                "api_router.include_router(banners_router)",
                "api_router.include_router(authors_router)",
            ],
            "src/demo/models.py": [
                "from .authors.models import Author",
                "from .banners.models import Banner",
                '__all__ = ["Author", "Banner", "Base", "Item"]',
            ],
        },
        ("src/demo/routers.py", "from .banners.routes", "from .items.routes"),
    ),
    "django": (
        {
            "demo/settings.py": ['    "apps.banners",', '    "apps.authors",'],
            "demo/routers.py": [
                "from apps.api.authors.routes import router as authors_router",
                "from apps.api.banners.routes import router as banners_router",
                "api_router.include_router(banners_router)",
                "api_router.include_router(authors_router)",
            ],
        },
        ("demo/settings.py", '"apps.articles"', '"apps.banners"'),
    ),
}


def test_registry_edits_keep_comments_and_add_only_their_lines_sorted(
    starter: Path, layout: Layout
) -> None:
    routers = starter / layout.routers
    routers.write_text(
        routers.read_text().replace(
            "api_router = APIRouter()", "# Keep health first.\napi_router = APIRouter()  # the API"
        )
    )
    original = {path: read(starter, path).splitlines() for path in layout.registries}
    for name in ("banners", "authors"):
        assert add(starter, "resource", name, "--fields", "title:str").exit_code == 0
    before = snapshot(starter)
    again = add(starter, "resource", "banners", "--fields", "title:str", "--dry-run")
    assert again.exit_code == 0, again.output
    assert {status for status, _ in statuses(again)} == {"identical"}
    assert "+++" not in again.stdout
    assert snapshot(starter) == before
    added = {
        path: [line for line in read(starter, path).splitlines() if line not in old]
        for path, old in original.items()
    }
    lines, (path, first, then) = REGISTRY_LINES[layout.flavour]
    assert added == lines
    assert read(starter, path).index(first) < read(starter, path).index(then)
    kept = read(starter, layout.routers).splitlines()
    assert "# Keep health first." in kept
    assert "api_router = APIRouter()  # the API" in kept


def test_dry_run_prints_actions_and_diffs_and_writes_nothing(project: Path, layout: Layout) -> None:
    before = snapshot(project)
    result = add(project, "resource", "banners", "--fields", "title:str", "--dry-run")
    assert result.exit_code == 0, result.output
    models = layout.models.format("banners")
    assert ("create", models) in statuses(result)
    assert f"--- /dev/null\n+++ b/{models}" in result.stdout
    assert f"--- a/{layout.routers}\n+++ b/{layout.routers}" in result.stdout
    assert "+api_router.include_router(banners_router)" in result.stdout
    assert result.stdout.rstrip().endswith("no changes were made")
    assert snapshot(project) == before


@pytest.mark.parametrize("changed", ["models", "schemas"])
def test_a_changed_generated_file_is_a_conflict_and_nothing_is_written(
    project: Path, layout: Layout, changed: str
) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    path = getattr(layout, changed).format("banners")
    (project / path).write_text(read(project, path) + "# mine\n")
    before = snapshot(project)
    result = add(project, "resource", "banners", "--fields", "title:str views:int=0")
    assert_refused(result)
    assert ("conflict", path) in statuses(result)
    # A new field changes the first migration too: generated, so a conflict of its own.
    assert ("conflict", layout.migration.format("banners")) in statuses(result)
    assert ("skip", layout.routes.format("banners")) not in statuses(result)  # identical file
    assert "--force" in result.stderr
    assert snapshot(project) == before


def test_force_overwrites_differing_generated_files(project: Path, layout: Layout) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    result = add(project, "resource", "banners", "--fields", "title:str views:int=0", "--force")
    assert result.exit_code == 0, result.output
    schemas = layout.schemas.format("banners")
    assert ("update", schemas) in statuses(result)
    assert "views: int = 0" in read(project, schemas)


def test_a_failed_write_leaves_the_project_byte_identical(
    project: Path, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, folders = snapshot(project), directories(project)
    real_replace = os.replace
    calls = []

    def replace_then_fail(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == len(layout.resource_files) + 1:  # after the new files, registering
            raise OSError(28, "No space left on device", target)
        real_replace(source, target)

    monkeypatch.setattr("apiforge.apply.os.replace", replace_then_fail)
    result = add(project, "resource", "banners", "--fields", "title:str")
    assert_refused(result)
    assert "left as it was" in result.stderr
    assert snapshot(project) == before
    assert directories(project) == folders


@pytest.mark.parametrize(
    ("layout", "path", "old", "lines"),
    [
        (
            SQLALCHEMY,
            "src/demo/routers.py",
            "api_router = APIRouter()",
            [
                "from .banners.routes import router as banners_router",
                "api_router.include_router(banners_router)",
            ],
        ),
        (
            SQLALCHEMY,
            "src/demo/models.py",
            "__all__ = [",
            ["from .banners.models import Banner", '# and "Banner" in __all__'],
        ),
        (
            DJANGO,
            "demo/settings.py",
            "INSTALLED_APPS = [",
            ['"apps.banners",  # in INSTALLED_APPS'],
        ),
        (
            DJANGO,
            "demo/routers.py",
            "api_router = APIRouter()",
            [
                "from apps.api.banners.routes import router as banners_router",
                "api_router.include_router(banners_router)",
            ],
        ),
    ],
    ids=["sqlalchemy-routers", "sqlalchemy-models", "django-settings", "django-routers"],
)
def test_missing_registry_anchor_fails_with_the_lines_to_add(
    project: Path, path: str, old: str, lines: list[str]
) -> None:
    file = project / path
    file.write_text(file.read_text().replace(old, old.replace("_", "_X", 1)))
    before = snapshot(project)
    result = add(project, "resource", "banners")
    assert_refused(result)
    assert path in result.stderr
    for line in lines:
        assert line in result.stderr
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


def test_a_resource_named_like_an_existing_module_is_refused(project: Path, layout: Layout) -> None:
    module = f"{layout.package}/widgets.py"
    (project / module).write_text('"""Not a resource."""\n')
    before = snapshot(project)
    result = add(project, "resource", "widget")
    assert_refused(result)
    assert module in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("layout", [DJANGO])
def test_an_app_django_installs_is_refused(project: Path) -> None:
    before = snapshot(project)
    result = add(project, "resource", "messages")
    assert_refused(result)
    assert "django.contrib.messages in INSTALLED_APPS" in result.stderr
    assert snapshot(project) == before


def test_style_defaults_to_the_answer_then_tool_apiforge(
    render: Render, tmp_path: Path, layout: Layout
) -> None:
    sync = copy_of(render, tmp_path / "sync", flavour=layout.flavour, routes="sync")
    assert add(sync, "resource", "banners").exit_code == 0
    assert "    def create_banner(" in read(sync, layout.helpers.format("banners"))
    assert add(sync, "resource", "authors", "--async").exit_code == 0
    assert "async def create_author_async" in read(sync, layout.helpers.format("authors"))
    configured = copy_of(render, tmp_path / "tool", flavour=layout.flavour, routes="async")
    pyproject = configured / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.apiforge]\nroutes = "sync"\n')
    assert add(configured, "resource", "banners").exit_code == 0
    assert "    def create_banner(" in read(configured, layout.helpers.format("banners"))


# Alembic's migrations (django numbers each app's own)


@pytest.mark.parametrize("layout", [SQLALCHEMY])
def test_migrations_are_sequential_and_chained(project: Path) -> None:
    assert add(project, "resource", "banners").exit_code == 0
    assert add(project, "resource", "authors").exit_code == 0
    second = read(project, "migrations/versions/0002_create_authors.py")
    assert 'revision: str = "0002"' in second
    assert 'down_revision: str | None = "0001"' in second
    assert add(project, "resource", "banners").exit_code == 0  # found, not numbered again
    assert len(list((project / "migrations/versions").glob("*.py"))) == 2


@pytest.mark.parametrize("layout", [SQLALCHEMY])
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
