"""What the planner reads from a project's modules, on inline sources."""

from collections.abc import Callable

import pytest

from apiforge.source_facts import (
    bound_names,
    class_methods,
    classes,
    creates_table,
    functions,
    route_keys,
    routes,
    str_assignments,
)

UNPARSABLE = "def broken(:\n    pass\n"

MODULE = '''\
"""Items."""

import os.path
import json as j
from typing import TYPE_CHECKING
from .schemas import ItemRead as Read, ItemCreate

router = APIRouter()
a = b = 1
items.attribute = 3
limit: int = 10
declared: str
counter += 1


def list_items() -> list[Read]:
    inner = 1
    return []


async def get_item(item_id: int) -> Read:
    return Read()


class ItemHelper:
    def __init__(self) -> None:
        self.cached = None

    async def get_item_async(self, item_id: int) -> None:
        pass

    label = "items"

    class Inner:
        def hidden(self) -> None:
            pass


class Empty:
    pass
'''


def test_bound_names_are_the_top_level_bindings() -> None:
    assert bound_names(MODULE) == {
        "os",
        "j",
        "TYPE_CHECKING",
        "Read",
        "ItemCreate",
        "router",
        "a",
        "b",
        "limit",
        "declared",
        "list_items",
        "get_item",
        "ItemHelper",
        "Empty",
    }


def test_functions_are_the_top_level_ones_sync_or_async() -> None:
    assert functions(MODULE) == {"list_items", "get_item"}


def test_classes_map_each_top_level_class_to_its_methods() -> None:
    assert classes(MODULE) == {"ItemHelper": {"__init__", "get_item_async"}, "Empty": set()}


@pytest.mark.parametrize(
    ("name", "methods"),
    [("ItemHelper", {"__init__", "get_item_async"}), ("Empty", set()), ("Inner", None)],
)
def test_class_methods_are_none_for_a_missing_class(name: str, methods: set[str] | None) -> None:
    assert class_methods(MODULE, name) == methods


ROUTES = """\
@router.get("/")
def list_items() -> None: ...


@router.post("/", status_code=201)
async def create_item() -> None: ...


@router.get("/{item_id}")
@other.get("/elsewhere")
@router.get(PATH)
@router
@cache
def get_item() -> None: ...


@admin.delete("/{item_id}")
def delete_item() -> None: ...


class Nested:
    @router.put("/{item_id}")
    def update_item(self) -> None: ...
"""


def test_routes_are_the_router_decorators_in_module_order() -> None:
    assert routes(ROUTES) == [
        ("get", "/", "list_items"),
        ("post", "/", "create_item"),
        ("get", "/{item_id}", "get_item"),
    ]


def test_routes_of_another_router() -> None:
    assert routes(ROUTES, router="admin") == [("delete", "/{item_id}", "delete_item")]
    assert route_keys(ROUTES, router="admin") == {("delete", "/{item_id}")}


def test_route_keys_are_method_and_path() -> None:
    assert route_keys(ROUTES) == {("get", "/"), ("post", "/"), ("get", "/{item_id}")}


MIGRATION = '''\
"""Create banners."""

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on = None
number = 3
a = b = "x"
annotated_only: str


def upgrade() -> None:
    nested = "ignored"
    op.create_table("banners", sa.Column("id", sa.Integer()))
    op.create_table(name_of_table)
    op.create_index("ix_banners_title", "banners", ["title"])


def downgrade() -> None:
    op.drop_table("banners")
'''


def test_str_assignments_are_top_level_strings_and_nones() -> None:
    assert str_assignments(MIGRATION) == {
        "revision": "0002",
        "down_revision": "0001",
        "branch_labels": None,
        "depends_on": None,
    }


@pytest.mark.parametrize(("table", "created"), [("banners", True), ("authors", False)])
def test_creates_table_finds_the_call_anywhere(table: str, created: bool) -> None:
    assert creates_table(MIGRATION, table) is created


@pytest.mark.parametrize(
    ("read", "empty"),
    [
        (bound_names, set()),
        (functions, set()),
        (route_keys, set()),
        (routes, []),
        (classes, {}),
        (str_assignments, {}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_an_unparsable_module_defines_nothing(read: Callable[[str], object], empty: object) -> None:
    assert read(UNPARSABLE) == empty


def test_an_unparsable_module_has_no_class_and_creates_no_table() -> None:
    assert class_methods(UNPARSABLE, "ItemHelper") is None
    assert creates_table('op.create_table("banners"\n', "banners") is False
