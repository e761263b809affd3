"""`apiforge add route` and `apiforge add helper`: endpoint, helper method, tests."""

from pathlib import Path

import pytest

from .support import Render, add, assert_refused, copy_of, snapshot, statuses


@pytest.fixture
def project(render: Render, tmp_path: Path) -> Path:
    """A project with the starter `items` resource (async)."""
    return copy_of(render, tmp_path, flavour="sqlalchemy", routes="async")


def read(project: Path, path: str) -> str:
    return (project / path).read_text()


ROUTES, HELPERS, TESTS = (
    "src/demo/items/routes.py",
    "src/demo/items/helpers.py",
    "tests/test_items.py",
)


def test_route_adds_endpoint_helper_and_tests(project: Path) -> None:
    result = add(project, "route", "item", "publish", "--method", "post")
    assert result.exit_code == 0, result.output
    assert statuses(result) == [("update", ROUTES), ("update", HELPERS), ("update", TESTS)]
    routes = read(project, ROUTES)
    assert (
        '@router.post("/{item_id}/publish")\nasync def publish(helper: HelperDep, item_id: int)'
        in routes
    )
    assert "await helper.publish_async(item_id)" in routes
    assert "    async def publish_async(self, item_id: int) -> Item:" in read(project, HELPERS)
    tests = read(project, TESTS)
    assert "async def test_publish(async_client: AsyncClient)" in tests
    assert 'request("POST", f"{URL}/{created[\'id\']}/publish")' in tests
    assert "async def test_publish_missing_id_is_404" in tests


def test_route_edits_only_add_lines(project: Path) -> None:
    before = {path: read(project, path).splitlines() for path in (ROUTES, HELPERS, TESTS)}
    assert add(project, "route", "items", "publish", "--method", "post").exit_code == 0
    for path, old_lines in before.items():
        new_lines = read(project, path).splitlines()
        assert new_lines[: len(old_lines)] == old_lines, path


def test_a_collection_route_goes_before_the_id_routes(project: Path) -> None:
    result = add(project, "route", "items", "featured", "--path", "/featured", "--sync")
    assert result.exit_code == 0, result.output
    routes = read(project, ROUTES)
    assert routes.index('@router.get("/featured")') < routes.index('@router.get("/{item_id}")')
    assert "def featured(helper: HelperDep) -> list[ItemRead]:" in routes
    assert "    def featured(self) -> list[Item]:" in read(project, HELPERS)


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


def test_async_helper_gets_the_suffix(project: Path) -> None:
    result = add(project, "helper", "items", "archive")
    assert result.exit_code == 0, result.output
    assert statuses(result) == [("update", HELPERS), ("update", TESTS)]
    assert "    async def archive_async(self, item_id: int) -> Item:" in read(project, HELPERS)
    assert "async def test_helper_archive_async(db: Database)" in read(project, TESTS)
    again = add(project, "helper", "items", "archive_async")
    assert {status for status, _ in statuses(again)} == {"identical"}


def test_sync_helper_in_an_async_resource(project: Path) -> None:
    assert add(project, "helper", "items", "archive", "--sync").exit_code == 0
    helpers = read(project, HELPERS)
    assert "    def archive(self, item_id: int) -> Item:" in helpers
    assert "with self.db.reader() as session:" in helpers


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


def test_helper_class_missing_fails_with_the_lines_to_add(project: Path) -> None:
    helpers = project / HELPERS
    helpers.write_text(helpers.read_text().replace("class ItemHelper:", "class Renamed:"))
    before = snapshot(project)
    result = add(project, "helper", "items", "archive")
    assert_refused(result)
    assert "no class ItemHelper" in result.stderr
    assert "add these lines by hand" in result.stderr
    assert snapshot(project) == before


def test_helper_edit_keeps_comments(project: Path) -> None:
    helpers = project / HELPERS
    text = helpers.read_text().replace(
        "    def __init__", "    # Built once per request.\n    def __init__"
    )
    helpers.write_text(text)
    assert add(project, "helper", "items", "archive").exit_code == 0
    assert read(project, HELPERS).startswith(text)
