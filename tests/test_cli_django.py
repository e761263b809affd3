"""`apiforge add` in a django project: the app, its API, the registries, routes and helpers."""

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

DJANGO_STYLES = [
    {"flavour": "django", "routes": routes, "example_resource": False}
    for routes in ("async", "sync")
]
SETTINGS, ROUTERS = "demo/settings.py", "demo/routers.py"


@pytest.fixture
def project(render: Render, tmp_path: Path) -> Path:
    return copy_of(render, tmp_path, flavour="django", example_resource=False)


@pytest.fixture
def starter(render: Render, tmp_path: Path) -> Path:
    """A project with the starter `items` and `articles` apps (async)."""
    return copy_of(render, tmp_path, flavour="django", routes="async")


def read(project: Path, path: str) -> str:
    return (project / path).read_text()


def is_items_file(path: str) -> bool:
    return path.startswith(("apps/items/", "apps/api/items/")) or path == "tests/test_items.py"


@pytest.mark.parametrize("answers", DJANGO_STYLES, ids=lambda a: a["routes"])
def test_add_items_gives_the_starter_app_file_for_file(
    render: Render, tmp_path: Path, answers: dict[str, object]
) -> None:
    """One source of truth; the example project also has the `articles` showcase app, which
    no blueprint makes: only the items files are compared, and the registries' items lines."""
    project = copy_of(render, tmp_path, **answers)
    result = add(project, "resource", "items", "--fields", STARTER_FIELDS)
    assert result.exit_code == 0, result.output
    generated = snapshot(project)
    expected = snapshot(render(**{**answers, "example_resource": True}))
    ours = sorted(path for path in generated if is_items_file(path))
    assert ours == sorted(path for path in expected if is_items_file(path))
    assert [path for path in ours if generated[path] != expected[path]] == []
    for registry in (SETTINGS, ROUTERS):
        lines = {line for line in expected[registry].decode().splitlines() if "items" in line}
        assert lines <= set(generated[registry].decode().splitlines()), registry


def test_resource_creates_the_app_its_api_and_registers_both(project: Path) -> None:
    result = add(project, "resource", "banner", "--fields", MANY_FIELDS)
    assert result.exit_code == 0, result.output
    assert statuses(result) == [
        ("create", "apps/banners/__init__.py"),
        ("create", "apps/banners/admin.py"),
        ("create", "apps/banners/apps.py"),
        ("create", "apps/banners/helpers.py"),
        ("create", "apps/banners/models.py"),
        ("create", "apps/banners/migrations/__init__.py"),
        ("create", "apps/api/banners/__init__.py"),
        ("create", "apps/api/banners/routes.py"),
        ("create", "apps/api/banners/schemas.py"),
        ("create", "tests/test_banners.py"),
        ("create", "apps/banners/migrations/0001_initial.py"),
        ("update", SETTINGS),
        ("update", ROUTERS),
    ]
    assert (
        "    # The project's apps, one line each: `apiforge add resource` appends here.\n"
        '    "apps.banners",\n]\n'
    ) in read(project, SETTINGS)
    routers = read(project, ROUTERS)
    assert (
        "from fastapi import APIRouter\n\n"
        "from apps.api.banners.routes import router as banners_router\n"
    ) in routers
    assert routers.endswith("api_router = APIRouter()\napi_router.include_router(banners_router)\n")
    assert "async def create_banner_async" in read(project, "apps/banners/helpers.py")
    assert 'name="Banner"' in read(project, "apps/banners/migrations/0001_initial.py")


def test_second_run_is_identical_and_registry_lines_are_sorted(starter: Path) -> None:
    original = {path: read(starter, path).splitlines() for path in (SETTINGS, ROUTERS)}
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
    assert added == {
        SETTINGS: ['    "apps.banners",', '    "apps.authors",'],
        ROUTERS: [
            "from apps.api.authors.routes import router as authors_router",
            "from apps.api.banners.routes import router as banners_router",
            "api_router.include_router(banners_router)",
            "api_router.include_router(authors_router)",
        ],
    }
    settings = read(starter, SETTINGS)
    assert settings.index('"apps.articles"') < settings.index('"apps.banners"')


def test_a_changed_app_file_is_a_conflict_and_nothing_is_written(project: Path) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    models = project / "apps/banners/models.py"
    models.write_text(models.read_text() + "# mine\n")
    before = snapshot(project)
    result = add(project, "resource", "banners", "--fields", "title:str views:int=0")
    assert_refused(result)
    assert ("conflict", "apps/banners/models.py") in statuses(result)
    assert ("conflict", "apps/banners/migrations/0001_initial.py") in statuses(result)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("path", "old", "lines"),
    [
        (SETTINGS, "INSTALLED_APPS = [", ['"apps.banners",  # in INSTALLED_APPS']),
        (
            ROUTERS,
            "api_router = APIRouter()",
            [
                "from apps.api.banners.routes import router as banners_router",
                "api_router.include_router(banners_router)",
            ],
        ),
    ],
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
    ("name", "message"),
    [
        ("messages", "django.contrib.messages in INSTALLED_APPS"),
        ("news", "--singular news_item"),
        ("widget", "apps/api/widgets.py"),
    ],
)
def test_names_django_cannot_take_are_refused(project: Path, name: str, message: str) -> None:
    (project / "apps/api/widgets.py").write_text('"""Not a resource."""\n')
    before = snapshot(project)
    result = add(project, "resource", name)
    assert_refused(result)
    assert message in result.stderr
    assert snapshot(project) == before


ROUTES, HELPERS, TESTS = "apps/api/items/routes.py", "apps/items/helpers.py", "tests/test_items.py"


def test_route_adds_endpoint_helper_and_tests(starter: Path) -> None:
    result = add(starter, "route", "item", "publish", "--method", "post")
    assert result.exit_code == 0, result.output
    assert statuses(result) == [("update", ROUTES), ("update", HELPERS), ("update", TESTS)]
    routes = read(starter, ROUTES)
    assert '@router.post("/{item_id}/publish")\nasync def publish(item_id: int) -> ItemRead:' in (
        routes
    )
    assert "return ItemRead.model_validate(await helper.publish_async(item_id))" in routes
    helpers = read(starter, HELPERS)
    assert "    async def publish_async(self, item_id: int) -> Item:" in helpers
    assert "return await Item.objects.aget(pk=item_id)" in helpers
    tests = read(starter, TESTS)
    assert "@http\nasync def test_publish(api: AsyncClient) -> None:" in tests
    assert "async def test_publish_missing_id_is_404(api: AsyncClient)" in tests
    again = add(starter, "route", "items", "publish", "--method", "post")
    assert {status for status, _ in statuses(again)} == {"identical"}


def test_a_sync_collection_route_in_an_async_app(starter: Path) -> None:
    result = add(starter, "route", "items", "featured", "--path", "/featured", "--sync")
    assert result.exit_code == 0, result.output
    routes = read(starter, ROUTES)
    assert routes.index('@router.get("/featured")') < routes.index('@router.get("/{item_id}")')
    assert "def featured() -> list[ItemRead]:" in routes
    helpers = read(starter, HELPERS)
    assert "    def featured(self) -> list[Item]:" in helpers
    assert "return list(queryset)" in helpers
    assert "async def test_featured(api: AsyncClient) -> None:" in read(starter, TESTS)


def test_helpers_in_both_styles_and_their_tests(starter: Path) -> None:
    assert add(starter, "helper", "items", "archive").exit_code == 0
    assert add(starter, "helper", "items", "recount", "--sync").exit_code == 0
    helpers = read(starter, HELPERS)
    assert "    async def archive_async(self, item_id: int) -> Item:" in helpers
    assert "    def recount(self, item_id: int) -> Item:" in helpers
    tests = read(starter, TESTS)
    assert '@pytest.mark.usefixtures("async_db")\nasync def test_helper_archive_async()' in tests
    assert "found = await helper.archive_async(created.id)" in tests
    assert "found = await sync_to_async(helper.recount, thread_sensitive=True)(created.id)" in (
        tests
    )
    assert tests.count("from asgiref.sync import sync_to_async") == 1
    again = add(starter, "helper", "items", "recount", "--sync")
    assert {status for status, _ in statuses(again)} == {"identical"}


def test_helper_in_a_sync_app(render: Render, tmp_path: Path) -> None:
    project = copy_of(render, tmp_path, flavour="django", routes="sync")
    assert add(project, "helper", "items", "archive").exit_code == 0
    tests = read(project, TESTS)
    assert '@pytest.mark.usefixtures("db")\ndef test_helper_archive() -> None:' in tests
    assert "created = helper.create_item(payload())" in tests
    assert "sync_to_async" not in tests
