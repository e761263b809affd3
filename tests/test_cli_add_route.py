"""`apiforge add route` and `apiforge add helper` in both flavours: endpoint, helper method,
tests. What differs between the flavours is in the tables below."""

import re
from pathlib import Path

import pytest

from .support import Layout, Render, add, assert_refused, copy_of, snapshot, statuses


@pytest.fixture
def project(render: Render, tmp_path: Path, layout: Layout) -> Path:
    """A project with the starter `items` resource (async)."""
    return copy_of(render, tmp_path, flavour=layout.flavour, routes="async")


@pytest.fixture
def files(layout: Layout) -> tuple[str, str, str]:
    """The routes, helpers and tests files of `items`."""
    return (
        layout.routes.format("items"),
        layout.helpers.format("items"),
        layout.tests.format("items"),
    )


def read(project: Path, path: str) -> str:
    return (project / path).read_text()


def assert_in(text: str, snippets: list[str]) -> None:
    for snippet in snippets:
        assert snippet in text, snippet


# (routes, helpers, tests) snippets of `add route item publish --method post`.
PUBLISHED = {
    "sqlalchemy": (
        [
            '@router.post("/{item_id}/publish")\n'
            "async def publish(helper: HelperDep, item_id: int)",
            "await helper.publish_async(item_id)",
        ],
        ["    async def publish_async(self, item_id: int) -> Item:"],
        [
            "async def test_publish(async_client: AsyncClient)",
            'request("POST", f"{URL}/{created[\'id\']}/publish")',
            "async def test_publish_missing_id_is_404",
        ],
    ),
    "django": (
        [
            '@router.post("/{item_id}/publish")\nasync def publish(item_id: int) -> ItemRead:',
            "return ItemRead.model_validate(await helper.publish_async(item_id))",
        ],
        [
            "    async def publish_async(self, item_id: int) -> Item:",
            "return await Item.objects.aget(pk=item_id)",
        ],
        [
            "@http\nasync def test_publish(api: AsyncClient) -> None:",
            "async def test_publish_missing_id_is_404(api: AsyncClient)",
        ],
    ),
}


def test_route_adds_endpoint_helper_and_tests(
    project: Path, layout: Layout, files: tuple[str, str, str]
) -> None:
    result = add(project, "route", "item", "publish", "--method", "post")
    assert result.exit_code == 0, result.output
    assert statuses(result) == [("update", path) for path in files]
    for path, snippets in zip(files, PUBLISHED[layout.flavour], strict=True):
        assert_in(read(project, path), snippets)
    again = add(project, "route", "items", "publish", "--method", "post")
    assert {status for status, _ in statuses(again)} == {"identical"}


def test_route_edits_only_add_lines(project: Path, files: tuple[str, str, str]) -> None:
    before = {path: read(project, path).splitlines() for path in files}
    assert add(project, "route", "items", "publish", "--method", "post").exit_code == 0
    for path, old_lines in before.items():
        new_lines = read(project, path).splitlines()
        assert new_lines[: len(old_lines)] == old_lines, path


# (routes, helpers, tests) snippets of `add route items featured --path /featured --sync`.
FEATURED = {
    "sqlalchemy": (["def featured(helper: HelperDep) -> list[ItemRead]:"], [], []),
    "django": (
        ["def featured() -> list[ItemRead]:"],
        ["return list(queryset)"],
        ["async def test_featured(api: AsyncClient) -> None:"],
    ),
}


def test_a_sync_collection_route_goes_before_the_id_routes(
    project: Path, layout: Layout, files: tuple[str, str, str]
) -> None:
    result = add(project, "route", "items", "featured", "--path", "/featured", "--sync")
    assert result.exit_code == 0, result.output
    routes_file, helpers_file, _ = files
    routes = read(project, routes_file)
    assert routes.index('@router.get("/featured")') < routes.index('@router.get("/{item_id}")')
    assert "    def featured(self) -> list[Item]:" in read(project, helpers_file)
    for path, snippets in zip(files, FEATURED[layout.flavour], strict=True):
        assert_in(read(project, path), snippets)


def test_route_twice_is_identical(project: Path) -> None:
    assert add(project, "route", "items", "publish", "--method", "post").exit_code == 0
    before = snapshot(project)
    again = add(project, "route", "items", "publish", "--method", "post", "--dry-run")
    assert again.exit_code == 0
    assert {status for status, _ in statuses(again)} == {"identical"}
    assert "+++" not in again.stdout
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["items", "list_items", "--path", "/"], "already defines list_items"),
        (["items", "again", "--method", "post", "--path", "/"], "already serves POST /items"),
        (["items", "publish", "--path", "/{id}"], "the only parameter allowed is {item_id}"),
        (["items", "publish_async"], "routes are named without it"),
        (["items", "status"], "already defines status"),
        (["banners", "publish"], "no resource 'banners'"),
    ],
)
def test_refused_routes_change_nothing(project: Path, args: list[str], message: str) -> None:
    before = snapshot(project)
    result = add(project, "route", *args)
    assert_refused(result)
    assert message in result.stderr
    assert snapshot(project) == before


def test_method_is_a_choice_refused_before_planning(project: Path) -> None:
    before = snapshot(project)
    result = add(project, "route", "items", "publish", "--method", "fetch")
    assert result.exit_code == 2
    assert "Invalid value for '--method'" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "POST", "Delete"])
def test_every_method_is_taken_in_any_case(project: Path, method: str) -> None:
    result = add(project, "route", "items", "publish", "--method", method, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f'+@router.{method.lower()}("/{{item_id}}/publish")' in result.stdout


# The test of `add helper items archive` in an async project.
ASYNC_HELPER_TEST = {
    "sqlalchemy": ["async def test_helper_archive_async(db: Database)"],
    "django": [
        '@pytest.mark.usefixtures("async_db")\nasync def test_helper_archive_async()',
        "found = await helper.archive_async(created.id)",
    ],
}


def test_async_helper_gets_the_suffix(
    project: Path, layout: Layout, files: tuple[str, str, str]
) -> None:
    _, helpers, tests = files
    result = add(project, "helper", "items", "archive")
    assert result.exit_code == 0, result.output
    assert statuses(result) == [("update", helpers), ("update", tests)]
    assert "    async def archive_async(self, item_id: int) -> Item:" in read(project, helpers)
    assert_in(read(project, tests), ASYNC_HELPER_TEST[layout.flavour])
    again = add(project, "helper", "items", "archive_async")
    assert {status for status, _ in statuses(again)} == {"identical"}


# (helpers, tests) snippets of `add helper items recount --sync` in an async project, and how
# many times the tests import sync_to_async.
SYNC_HELPER = {
    "sqlalchemy": (["with self.db.autocommit() as session:"], [], 0),
    "django": (
        [],
        ["found = await sync_to_async(helper.recount, thread_sensitive=True)(created.id)"],
        1,
    ),
}


def test_helpers_in_both_styles_in_an_async_resource(
    project: Path, layout: Layout, files: tuple[str, str, str]
) -> None:
    _, helpers_file, tests_file = files
    assert add(project, "helper", "items", "archive").exit_code == 0
    assert add(project, "helper", "items", "recount", "--sync").exit_code == 0
    helpers, tests = read(project, helpers_file), read(project, tests_file)
    assert "    async def archive_async(self, item_id: int) -> Item:" in helpers
    assert "    def recount(self, item_id: int) -> Item:" in helpers
    in_helpers, in_tests, imports = SYNC_HELPER[layout.flavour]
    assert_in(helpers, in_helpers)
    assert_in(tests, in_tests)
    assert tests.count("from asgiref.sync import sync_to_async") == imports
    again = add(project, "helper", "items", "recount", "--sync")
    assert {status for status, _ in statuses(again)} == {"identical"}


# The test of `add helper items archive` in a sync project.
SYNC_APP_HELPER_TEST = {
    "sqlalchemy": ["def test_helper_archive(db: Database) -> None:"],
    "django": [
        '@pytest.mark.usefixtures("db")\ndef test_helper_archive() -> None:',
        "created = helper.create_item(payload())",
    ],
}


def test_helper_in_a_sync_project(render: Render, tmp_path: Path, layout: Layout) -> None:
    project = copy_of(render, tmp_path, flavour=layout.flavour, routes="sync")
    assert add(project, "helper", "items", "archive").exit_code == 0
    assert "    def archive(self, item_id: int) -> Item:" in read(
        project, layout.helpers.format("items")
    )
    tests = read(project, layout.tests.format("items"))
    assert_in(tests, SYNC_APP_HELPER_TEST[layout.flavour])
    assert "sync_to_async" not in tests


def test_sync_helper_named_async_is_refused(project: Path) -> None:
    before = snapshot(project)
    result = add(project, "helper", "items", "archive_async", "--sync")
    assert_refused(result)
    assert "ends in '_async', which marks async helpers" in result.stderr
    assert snapshot(project) == before


def test_helper_clashing_with_a_crud_method_is_refused(project: Path) -> None:
    before = snapshot(project)
    result = add(project, "helper", "items", "get_item")
    assert_refused(result)
    assert "already defines get_item_async()" in result.stderr
    assert snapshot(project) == before


def test_helper_class_missing_fails_with_the_lines_to_add(
    project: Path, files: tuple[str, str, str]
) -> None:
    helpers = project / files[1]
    helpers.write_text(helpers.read_text().replace("class ItemHelper:", "class Renamed:"))
    before = snapshot(project)
    result = add(project, "helper", "items", "archive")
    assert_refused(result)
    assert "no class ItemHelper" in result.stderr
    assert "add these lines by hand" in result.stderr
    assert snapshot(project) == before


def test_helper_edit_keeps_comments(project: Path, files: tuple[str, str, str]) -> None:
    helpers = project / files[1]
    # A comment above the class's first method.
    first_method = re.compile(r"(class ItemHelper:.*?\n)(    (?:async )?def )", re.DOTALL)
    text = first_method.sub(r"\1    # Built once per request.\n\2", helpers.read_text(), count=1)
    assert "# Built once per request." in text
    helpers.write_text(text)
    assert add(project, "helper", "items", "archive").exit_code == 0
    assert read(project, files[1]).startswith(text)
