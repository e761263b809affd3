"""The libcst edits of the user's files, on inline sources: each inserts exactly its lines in
the right place, keeps comments and layout, changes nothing the second time, and refuses
clashes, missing anchors and unparsable files with a message that says where."""

import keyword
from collections.abc import Callable
from typing import Any

import libcst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apiforge.cst_edits import (
    AnchorError,
    ClashError,
    add_call,
    add_functions,
    add_import,
    add_methods,
    add_name_to_list,
    add_relative_import,
    add_to_all,
    add_to_list,
)

PATH = "src/demo/routers.py"


def once(edit: Callable[..., str], code: str, *args: Any, **kwargs: Any) -> str:
    """`edit` applied to `code`, checked to change nothing when applied again."""
    edited = edit(code, PATH, *args, **kwargs)
    assert edit(edited, PATH, *args, **kwargs) == edited
    return edited


# Relative imports

ROUTERS = '''\
"""The API's routers."""

from fastapi import APIRouter

from .banners.routes import router as banners_router  # first
from .items.routes import router as items_router

api_router = APIRouter()
'''


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        (
            "authors",
            "from fastapi import APIRouter\n\n"
            "from .authors.routes import router as authors_router\n"
            "from .banners.routes import router as banners_router  # first\n"
            "from .items.routes import router as items_router\n\n",
        ),
        (
            "cats",
            "from fastapi import APIRouter\n\n"
            "from .banners.routes import router as banners_router  # first\n"
            "from .cats.routes import router as cats_router\n"
            "from .items.routes import router as items_router\n\n",
        ),
        (
            "zebras",
            "from fastapi import APIRouter\n\n"
            "from .banners.routes import router as banners_router  # first\n"
            "from .items.routes import router as items_router\n"
            "from .zebras.routes import router as zebras_router\n\n",
        ),
    ],
    ids=["opens-the-section", "in-the-middle", "at-the-end"],
)
def test_relative_import_is_sorted_by_module(module: str, expected: str) -> None:
    line = f"from .{module}.routes import router as {module}_router"
    assert once(add_relative_import, ROUTERS, line) == (
        f'"""The API\'s routers."""\n\n{expected}api_router = APIRouter()\n'
    )


def test_relative_import_opening_the_section_takes_over_its_comment() -> None:
    code = "import os\n\n# The resources.\nfrom .items import routes\n"
    assert once(add_relative_import, code, "from .banners import routes as b") == (
        "import os\n\n# The resources.\n"
        "from .banners import routes as b\nfrom .items import routes\n"
    )


def test_relative_import_same_module_goes_after_it() -> None:
    code = "import os\n\nfrom .items import a\n"
    assert once(add_relative_import, code, "from .items import b") == (
        "import os\n\nfrom .items import a\nfrom .items import b\n"
    )


@pytest.mark.parametrize(
    "code",
    [
        "import os\n",
        "import os\nfrom . import sibling\n",  # no module named: not one of the section
        "import os\nfrom ..parent import thing\n",  # two dots: not one of the section
    ],
)
def test_first_relative_import_gets_a_section_of_its_own(code: str) -> None:
    line = "from .items.routes import router"
    assert once(add_relative_import, code, line) == f"{code}\n{line}\n"


def test_relative_import_already_there_changes_nothing() -> None:
    line = "from .items.routes import router as items_router"
    assert add_relative_import(ROUTERS, PATH, line) == ROUTERS


@pytest.mark.parametrize(
    "existing", ["from .items import routes  # mine", "from .items import (routes)"]
)
def test_relative_import_already_there_in_another_layout_changes_nothing(existing: str) -> None:
    code = f"import os\n\n{existing}\n"
    assert add_relative_import(code, PATH, "from .items import routes") == code


def test_relative_import_among_other_names_of_its_module_changes_nothing() -> None:
    code = "import os\n\nfrom .items import (\n    other,\n    routes,\n)\n"
    assert add_relative_import(code, PATH, "from .items import routes") == code


@pytest.mark.parametrize(
    ("code", "taken"),
    [
        ("import os\n\nfrom .other import items_router\n", "items_router"),
        ("import os\n\nitems_router = None\n", "items_router"),
        ("import os\n\n\ndef items_router() -> None:\n    pass\n", "items_router"),
    ],
)
def test_relative_import_of_a_name_bound_otherwise_is_a_clash(code: str, taken: str) -> None:
    line = "from .items.routes import router as items_router"
    with pytest.raises(ClashError) as error:
        add_relative_import(code, PATH, line)
    assert str(error.value) == f"{PATH} already defines {taken} otherwise"


def test_relative_import_without_any_import_reports_the_line_to_add() -> None:
    line = "from .items.routes import router as items_router"
    with pytest.raises(AnchorError) as error:
        add_relative_import('"""No imports."""\n\nx = 1\n', PATH, line)
    assert str(error.value) == f"{PATH}: no import block to add to"
    assert error.value.lines == line


# Absolute imports

DJANGO_ROUTERS = """\
from fastapi import APIRouter

from apps.api.items.routes import router as items_router

api_router = APIRouter()
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "from apps.api.banners.routes import router as banners_router",
            "from apps.api.banners.routes import router as banners_router\n"
            "from apps.api.items.routes import router as items_router\n",
        ),
        (
            "from apps.api.tags.routes import router as tags_router",
            "from apps.api.items.routes import router as items_router\n"
            "from apps.api.tags.routes import router as tags_router\n",
        ),
    ],
    ids=["before", "after"],
)
def test_import_is_sorted_among_its_package(line: str, expected: str) -> None:
    assert once(add_import, DJANGO_ROUTERS, line) == (
        f"from fastapi import APIRouter\n\n{expected}\napi_router = APIRouter()\n"
    )


def test_import_of_a_new_package_goes_after_the_last_import_in_a_section_of_its_own() -> None:
    line = "from django.db import models"
    assert once(add_import, DJANGO_ROUTERS, line) == (
        "from fastapi import APIRouter\n\n"
        "from apps.api.items.routes import router as items_router\n\n"
        "from django.db import models\n\n"
        "api_router = APIRouter()\n"
    )


def test_import_of_a_name_bound_otherwise_is_a_clash() -> None:
    with pytest.raises(ClashError) as error:
        add_import(DJANGO_ROUTERS, PATH, "from other.routes import router as items_router")
    assert str(error.value) == f"{PATH} already defines items_router otherwise"


def test_import_without_any_import_reports_the_line_to_add() -> None:
    line = "from apps.api.items.routes import router"
    with pytest.raises(AnchorError) as error:
        add_import("x = 1\n", PATH, line)
    assert str(error.value) == f"{PATH}: no import block to add to"
    assert error.value.lines == line


# Calls

INCLUDE = "api_router.include_router(banners_router)"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "api_router = APIRouter()  # the API\napi_router.include_router(items_router)\n"
            "other.include_router(x)\n\nhealth = 1\n",
            "api_router = APIRouter()  # the API\napi_router.include_router(items_router)\n"
            f"{INCLUDE}\nother.include_router(x)\n\nhealth = 1\n",
        ),
        (
            "# Keep health first.\napi_router = APIRouter()  # the API\n\nhealth = 1\n",
            f"# Keep health first.\napi_router = APIRouter()  # the API\n{INCLUDE}\n\nhealth = 1\n",
        ),
        (
            "api_router: APIRouter = APIRouter()\nhealth = 1\n",
            f"api_router: APIRouter = APIRouter()\n{INCLUDE}\nhealth = 1\n",
        ),
    ],
    ids=["after-the-last-call", "after-the-assignment", "after-an-annotated-assignment"],
)
def test_call_goes_after_the_last_call_or_the_assignment(code: str, expected: str) -> None:
    assert once(add_call, code, "api_router", "include_router", INCLUDE) == expected


@pytest.mark.parametrize(
    "code",
    [
        "router = APIRouter()\n",
        "api_router.x = APIRouter()\n",
        "api_router, other = APIRouter(), None\n",
        "def make() -> None:\n    api_router = APIRouter()\n",
    ],
)
def test_call_without_its_assignment_reports_the_line_to_add(code: str) -> None:
    with pytest.raises(AnchorError) as error:
        add_call(code, PATH, "api_router", "include_router", INCLUDE)
    assert str(error.value) == f"{PATH}: no `api_router = ...` to register with"
    assert error.value.lines == INCLUDE


# __all__


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Author", '["Author", "Base", "Item"]'),
        ("Cat", '["Base", "Cat", "Item"]'),
        ("Tag", '["Base", "Item", "Tag"]'),
        ("Item", '["Base", "Item"]'),
    ],
)
def test_all_gets_the_name_in_sorted_position(name: str, expected: str) -> None:
    code = 'from .base import Base\n\n__all__ = ["Base", "Item"]  # exported\n'
    assert once(add_to_all, code, name) == (
        f"from .base import Base\n\n__all__ = {expected}  # exported\n"
    )


def test_all_empty_gets_the_name() -> None:
    assert once(add_to_all, "__all__ = []\n", "Item") == '__all__ = ["Item"]\n'


def test_all_keeps_its_trailing_comma() -> None:
    code = '__all__ = [\n    "Base",\n    "Item",\n]\n'
    assert once(add_to_all, code, "Tag").endswith('"Tag",\n]\n')


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        (
            '__all__ = [\n    "Base",\n    "Item",\n]\n',
            "Banner",
            '__all__ = [\n    "Banner",\n    "Base",\n    "Item",\n]\n',
        ),
        (
            '__all__ = [\n    "Base",\n    "Item",\n]\n',
            "Tag",
            '__all__ = [\n    "Base",\n    "Item",\n    "Tag",\n]\n',
        ),
        ('__all__ = ["Base", "Item",]\n', "Tag", '__all__ = ["Base", "Item", "Tag",]\n'),
        ('__all__ = ("Base",)\n', "Item", '__all__ = ("Base", "Item",)\n'),
    ],
    ids=["multiline-start", "multiline-end", "trailing-comma", "tuple"],
)
def test_all_keeps_its_layout(code: str, name: str, expected: str) -> None:
    assert add_to_all(code, PATH, name) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("__all__ = ()\n", '__all__ = ("Item",)\n'),
        ('__all__ = "Base",\n', '__all__ = "Base", "Item",\n'),
        ('__all__ = (\n    "Base",\n)\n', '__all__ = (\n    "Base",\n    "Item",\n)\n'),
        (
            '__all__ = [\n    # Models.\n    "Tag",\n]\n',
            '__all__ = [\n    # Models.\n    "Item",\n    "Tag",\n]\n',
        ),
        (
            '__all__ = [\n    "Base",  # base\n    # Last.\n    "Tag",\n]\n',
            '__all__ = [\n    "Base",  # base\n    "Item",\n    # Last.\n    "Tag",\n]\n',
        ),
    ],
    ids=["empty-tuple", "bare-tuple", "tuple-one-a-line", "opening-comment", "comments-between"],
)
def test_all_keeps_its_layout_and_comments(code: str, expected: str) -> None:
    assert once(add_to_all, code, "Item") == expected


def test_all_only_at_module_level_is_edited() -> None:
    function = 'def names() -> list[str]:\n    __all__ = ["Base"]\n    return __all__\n'
    with pytest.raises(AnchorError):
        add_to_all(function, PATH, "Item")
    code = f'__all__ = ["Base"]\n\n\n{function}'
    assert once(add_to_all, code, "Item") == code.replace('["Base"]', '["Base", "Item"]', 1)


def test_all_with_a_starred_element_keeps_the_strings_sorted() -> None:
    code = '__all__ = [*base.__all__, "Author", "Tag"]\n'
    assert add_to_all(code, PATH, "Item") == '__all__ = [*base.__all__, "Author", "Item", "Tag"]\n'


@pytest.mark.parametrize(
    "code", ["x = 1\n", "__all__ = names()\n", "__all__: list[str] = []\n", "__all__ += []\n"]
)
def test_all_missing_reports_the_line_to_add(code: str) -> None:
    with pytest.raises(AnchorError) as error:
        add_to_all(code, PATH, "Item")
    assert str(error.value) == f"{PATH}: no `__all__ = [...]` list"
    assert error.value.lines == '__all__ += ["Item"]'


IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(IDENTIFIERS, unique=True, max_size=6), name=IDENTIFIERS)
def test_all_stays_sorted_and_the_edit_is_idempotent(names: list[str], name: str) -> None:
    listed = ", ".join(f'"{n}"' for n in sorted(names))
    edited = once(add_to_all, f"__all__ = [{listed}]\n", name)
    expected = ", ".join(f'"{n}"' for n in sorted({*names, name}))
    assert edited == f"__all__ = [{expected}]\n"


# Lists

SETTINGS = """\
INSTALLED_APPS = [
    "django.contrib.admin",
    "apps.items",
    # The project's apps, one line each: `apiforge add resource` appends here.
]

DEBUG = False
"""


def test_list_one_a_line_keeps_its_last_comment_above_the_new_element() -> None:
    assert once(add_to_list, SETTINGS, "INSTALLED_APPS", "apps.banners", "apps.") == (
        SETTINGS.replace("here.\n", 'here.\n    "apps.banners",\n')
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            '"django.contrib.admin",\n    "apps.items",\n    "whitenoise",\n',
            '"django.contrib.admin",\n    "apps.items",\n    "apps.banners",\n    "whitenoise",\n',
        ),
        (
            '"django.contrib.admin",\n    "apps.items",\n    "whitenoise"\n',
            '"django.contrib.admin",\n    "apps.items",\n    "apps.banners",\n    "whitenoise"\n',
        ),
        (
            '"django.contrib.admin",\n    "apps.items"\n',
            '"django.contrib.admin",\n    "apps.items",\n    "apps.banners",\n',
        ),
    ],
    ids=["in-the-middle", "in-the-middle-no-trailing-comma", "at-the-end-no-trailing-comma"],
)
def test_list_one_a_line_gets_a_line_after_the_last_with_the_prefix(
    items: str, expected: str
) -> None:
    code = f"INSTALLED_APPS = [\n    {items}]\n"
    assert once(add_to_list, code, "INSTALLED_APPS", "apps.banners", "apps.") == (
        f"INSTALLED_APPS = [\n    {expected}]\n"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            'APPS = ["admin", "apps.items", "x"]  # c\n',
            'APPS = ["admin", "apps.items", "apps.b", "x"]  # c\n',
        ),
        ('APPS = ["admin", "x"]\n', 'APPS = ["admin", "x", "apps.b"]\n'),
        ('APPS = ["admin", "x",]\n', 'APPS = ["admin", "x", "apps.b",]\n'),
        ('APPS = [*BASE, "admin"]\n', 'APPS = [*BASE, "admin", "apps.b"]\n'),
        ("APPS = []\n", 'APPS = ["apps.b"]\n'),
        ('APPS: list[str] = ["admin"]\n', 'APPS: list[str] = ["admin", "apps.b"]\n'),
        ('APPS = ["a",\n    "b"]\n', 'APPS = ["a",\n    "b", "apps.b"]\n'),
    ],
    ids=[
        "after-the-prefix",
        "at-the-end",
        "trailing-comma",
        "starred",
        "empty",
        "annotated",
        "mixed",
    ],
)
def test_list_on_one_line_gets_the_value_in_line(code: str, expected: str) -> None:
    assert once(add_to_list, code, "APPS", "apps.b", "apps.") == expected


@pytest.mark.parametrize(
    "code",
    ["DEBUG = True\n", "APPS = ()\n", "APPS: list[str]\n", "APPS += []\n", "A = APPS = []\n"],
)
def test_list_missing_reports_the_line_to_add(code: str) -> None:
    with pytest.raises(AnchorError) as error:
        add_to_list(code, PATH, "APPS", "apps.banners", "apps.")
    assert str(error.value) == f"{PATH}: no `APPS = [...]` list"
    assert error.value.lines == '"apps.banners",  # in APPS'


@pytest.mark.parametrize("comment", ["", "    # Ours.\n"])
def test_list_empty_across_lines_gets_a_laid_out_element(comment: str) -> None:
    edited = once(add_to_list, f"APPS = [\n{comment}]\n", "APPS", "apps.b", "apps.")
    assert edited == f'APPS = [\n{comment}    "apps.b",\n]\n'


def test_list_comment_lines_stay_above_the_element_they_precede() -> None:
    code = 'APPS = [\n    "apps.items",  # ours\n    # Third party.\n    "whitenoise",\n]\n'
    assert once(add_to_list, code, "APPS", "apps.b", "apps.") == code.replace(
        "# ours\n", '# ours\n    "apps.b",\n'
    )


def test_list_assigned_twice_gets_the_value_in_the_last_assignment() -> None:
    code = 'APPS = ["admin"]\nAPPS = ["admin", "x"]\n'
    assert once(add_to_list, code, "APPS", "apps.b", "apps.") == (
        'APPS = ["admin"]\nAPPS = ["admin", "x", "apps.b"]\n'
    )


VALUES = st.from_regex(r"[a-z][a-z0-9_.]{0,12}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(VALUES, unique=True, min_size=1, max_size=6),
    value=VALUES,
    one_a_line=st.booleans(),
)
def test_list_edit_is_idempotent_and_adds_the_value_once(
    values: list[str], value: str, one_a_line: bool
) -> None:
    if one_a_line:
        code = "APPS = [\n" + "".join(f'    "{v}",\n' for v in values) + "]\n"
    else:
        code = "APPS = [" + ", ".join(f'"{v}"' for v in values) + "]\n"
    edited = once(add_to_list, code, "APPS", value, "apps.")
    assert edited.count(f'"{value}"') == 1
    if value in values:
        assert edited == code
    elif one_a_line:
        assert edited.replace(f'    "{value}",\n', "") == code
    else:
        assert edited.replace(f', "{value}"', "").replace(f'"{value}"', "") == code


# Functions

ROUTES = '''\
"""Items."""

from fastapi import APIRouter

from .schemas import ItemRead

router = APIRouter()


@router.get("/")
def list_items() -> list[ItemRead]:
    return []


# The id routes.
@router.get("/{item_id}")
async def get_item(item_id: int) -> ItemRead:
    return ItemRead()
'''

FEATURED = """\
from fastapi import status

from .schemas import ItemRead


@router.get("/featured", status_code=status.HTTP_200_OK)
def featured() -> list[ItemRead]:
    return []
"""

FEATURED_ROUTE = """
@router.get("/featured", status_code=status.HTTP_200_OK)
def featured() -> list[ItemRead]:
    return []
"""


def test_functions_go_before_the_named_function_with_their_imports() -> None:
    edited = once(add_functions, ROUTES, FEATURED, before=frozenset({"get_item", "later"}))
    assert edited == ROUTES.replace(
        "from fastapi import APIRouter\n",
        "from fastapi import APIRouter\nfrom fastapi import status\n",
    ).replace("\n\n# The id routes.", f"\n{FEATURED_ROUTE}\n\n# The id routes.")


@pytest.mark.parametrize("before", [frozenset(), frozenset({"missing"})])
def test_functions_go_at_the_end_when_no_named_function_is_there(before: frozenset[str]) -> None:
    edited = once(add_functions, ROUTES, FEATURED, before=before)
    assert (
        edited
        == ROUTES.replace(
            "from fastapi import APIRouter\n",
            "from fastapi import APIRouter\nfrom fastapi import status\n",
        )
        + f"\n{FEATURED_ROUTE}"
    )


def test_functions_imports_of_a_new_package_get_a_section_of_their_own() -> None:
    code = "import os\n\n\ndef first() -> None:\n    pass\n"
    functions = (
        "from datetime import date\n\n\nasync def today() -> date:\n    return date.today()\n"
    )
    assert once(add_functions, code, functions) == (
        "import os\n\nfrom datetime import date\n\n\ndef first() -> None:\n    pass\n\n\n"
        "async def today() -> date:\n    return date.today()\n"
    )


def test_functions_import_of_a_name_already_bound_is_left_out() -> None:
    code = "from .routing import router\n"
    functions = "from fastapi import router\n\n\ndef f() -> None:\n    pass\n"
    assert once(add_functions, code, functions) == (
        "from .routing import router\n\n\ndef f() -> None:\n    pass\n"
    )


def test_functions_other_statements_are_left_out() -> None:
    functions = "if DEBUG:\n    x = 1\n\n\nclass A:\n    pass\n\n\ndef f() -> None:\n    pass\n"
    assert once(add_functions, "import os\n", functions) == (
        "import os\n\n\ndef f() -> None:\n    pass\n"
    )


def test_functions_relative_imports_are_added_too() -> None:
    functions = "from .schemas import ItemCreate\n\n\ndef f(item: ItemCreate) -> None:\n    pass\n"
    assert "from .schemas import ItemCreate\n" in add_functions(ROUTES, PATH, functions)


@pytest.mark.parametrize(
    "function",
    [
        '@router.get("/")\ndef list_items() -> list[ItemRead]:\n    return []\n',
        '# Listed.\n@router.get("/")\ndef list_items() -> list[ItemRead]:\n    return []\n',
    ],
    ids=["same", "same-with-a-comment"],
)
def test_functions_already_there_change_nothing(function: str) -> None:
    assert add_functions(ROUTES, PATH, function) == ROUTES


def test_a_differing_function_of_the_same_name_is_a_clash() -> None:
    function = '@router.get("/all")\ndef list_items() -> list[ItemRead]:\n    return []\n'
    with pytest.raises(ClashError) as error:
        add_functions(ROUTES, PATH, function)
    assert str(error.value) == f"{PATH} already defines list_items(), differently"


def test_functions_into_a_module_without_imports_report_the_import_to_add() -> None:
    functions = "from datetime import date\n\n\ndef today() -> date:\n    return date.today()\n"
    with pytest.raises(AnchorError) as error:
        add_functions("x = 1\n", PATH, functions)
    assert error.value.lines == "from datetime import date"


# Methods

HELPERS = '''\
class Other:
    def archive(self) -> None:
        pass


class ItemHelper:
    """Items."""

    # Built once per request.
    def __init__(self, db: Database) -> None:
        self.db = db  # kept

    async def get_item_async(self, item_id: int) -> Item:
        return await self.db.get(item_id)


def after() -> None:
    pass
'''

METHODS = """\
class Template:
    async def archive_async(self, item_id: int) -> Item:
        return await self.db.get(item_id)

    def recount(self) -> int:
        return 0
"""


def test_methods_are_appended_to_their_class_only() -> None:
    assert once(add_methods, HELPERS, "ItemHelper", METHODS) == HELPERS.replace(
        "return await self.db.get(item_id)\n",
        "return await self.db.get(item_id)\n\n"
        "    async def archive_async(self, item_id: int) -> Item:\n"
        "        return await self.db.get(item_id)\n\n"
        "    def recount(self) -> int:\n"
        "        return 0\n",
    )


@pytest.mark.parametrize("body", ["pass", "x = 1  # kept"])
def test_methods_go_after_other_statements(body: str) -> None:
    code = f"class A:\n    {body}\n"
    assert once(add_methods, code, "A", METHODS) == (
        f"class A:\n    {body}\n\n"
        "    async def archive_async(self, item_id: int) -> Item:\n"
        "        return await self.db.get(item_id)\n\n"
        "    def recount(self) -> int:\n"
        "        return 0\n"
    )


def test_methods_into_a_class_on_one_line_open_a_block() -> None:
    assert once(add_methods, "class A: pass  # empty\n", "A", METHODS) == (
        "class A:\n    pass  # empty\n\n"
        "    async def archive_async(self, item_id: int) -> Item:\n"
        "        return await self.db.get(item_id)\n\n"
        "    def recount(self) -> int:\n"
        "        return 0\n"
    )


def test_methods_of_a_missing_class_report_the_methods_to_add() -> None:
    with pytest.raises(AnchorError) as error:
        add_methods(
            HELPERS.replace("class ItemHelper", "class Renamed"), PATH, "ItemHelper", METHODS
        )
    assert str(error.value) == f"{PATH}: no class ItemHelper to add the method to"
    assert error.value.lines == (
        "async def archive_async(self, item_id: int) -> Item:\n"
        "    return await self.db.get(item_id)\n\n"
        "def recount(self) -> int:\n"
        "    return 0\n"
    )


def test_methods_of_a_nested_class_are_not_found() -> None:
    with pytest.raises(AnchorError):
        add_methods("if True:\n    class A:\n        pass\n", PATH, "A", METHODS)


def test_a_differing_method_of_the_same_name_is_a_clash() -> None:
    methods = "class Template:\n    def get_item_async(self) -> None:\n        pass\n"
    with pytest.raises(ClashError) as error:
        add_methods(HELPERS, PATH, "ItemHelper", methods)
    assert str(error.value) == f"{PATH}: ItemHelper already defines get_item_async(), differently"


# A list of names (the upstream registry)

REGISTRY = "UPSTREAMS: list[type[UpstreamSettings]] = []\n"


def test_an_empty_registry_opens_a_line_per_entry() -> None:
    edited = once(add_name_to_list, REGISTRY, "UPSTREAMS", "CatalogSettings")
    assert edited == "UPSTREAMS: list[type[UpstreamSettings]] = [\n    CatalogSettings,\n]\n"
    assert once(add_name_to_list, edited, "UPSTREAMS", "PaymentsSettings") == (
        "UPSTREAMS: list[type[UpstreamSettings]] = [\n"
        "    CatalogSettings,\n    PaymentsSettings,\n]\n"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("U = [A, B]\n", "U = [A, B, C]\n"),
        (
            "U = [\n    A,  # a\n    # add yours here\n]\n",
            "U = [\n    A,  # a\n    # add yours here\n    C,\n]\n",
        ),
        ("U = [A]\nU = [\n    B,\n]\n", "U = [A]\nU = [\n    B,\n    C,\n]\n"),
        ("U = [A, C]\n", "U = [A, C]\n"),
    ],
)
def test_a_name_goes_last_in_the_list_layout_once(code: str, expected: str) -> None:
    assert once(add_name_to_list, code, "U", "C") == expected


def test_a_missing_registry_list_reports_the_line_to_add() -> None:
    with pytest.raises(AnchorError) as error:
        add_name_to_list("U = ()\n", PATH, "U", "C")
    assert str(error.value) == f"{PATH}: no `U = [...]` list"
    assert error.value.lines == "C,  # in U"


# Unparsable files

EDITS: list[tuple[Callable[..., str], tuple[str, ...]]] = [
    (add_relative_import, ("from .items import routes",)),
    (add_import, ("from apps.items import routes",)),
    (add_call, ("api_router", "include_router", INCLUDE)),
    (add_to_all, ("Item",)),
    (add_to_list, ("APPS", "apps.items", "apps.")),
    (add_name_to_list, ("APPS", "Items")),
    (add_functions, ("def f() -> None:\n    pass\n",)),
    (add_methods, ("ItemHelper", METHODS)),
]


@pytest.mark.parametrize(("edit", "args"), EDITS, ids=[edit.__name__ for edit, _ in EDITS])
def test_an_unparsable_file_is_refused_naming_the_line(
    edit: Callable[..., str], args: tuple[str, ...]
) -> None:
    code = '"""Broken."""\n\nAPPS = [\n'
    with pytest.raises(ClashError) as error:
        edit(code, PATH, *args)
    assert str(error.value) == f"{PATH} does not parse (line 3: '[' was never closed)"


def test_python_that_libcst_cannot_read_is_refused_naming_the_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = "x = 1\ny = 2\n"

    def refuse(source: str) -> None:
        lines = source.splitlines(keepends=True)
        raise libcst.ParserSyntaxError("unsupported", lines=lines, raw_line=2, raw_column=0)

    monkeypatch.setattr(libcst, "parse_module", refuse)
    with pytest.raises(ClashError) as error:
        add_to_all(code, PATH, "Item")
    assert str(error.value) == f"{PATH} does not parse (line 2: libcst cannot read it)"
