"""`apiforge add helper`: a method on a resource's helper class, and a test that calls it."""

from dataclasses import dataclass
from typing import Any

from ..cst_edits import ClashError, add_functions, add_methods
from ..flavours import Flavour
from ..naming import ResourceNames, helper_method_name
from ..plan import Change
from ..rendering import blueprint_context
from ..resources import find_resource
from ..source_facts import bound_names, class_methods
from .steps import existing, formatted, resource_style, snippets


@dataclass(frozen=True)
class HelperMethod:
    """The helper method a command adds: `name` has the `_async` suffix when it is async."""

    name: str
    item: bool  # takes the row's id (True), or works on the whole table
    purpose: str  # what it serves: the route's name, or its own

    def as_context(self) -> dict[str, Any]:
        return {"name": self.name, "item": self.item, "purpose": self.purpose}


def helper_edit(
    helpers_path: str, helpers: str, names: ResourceNames, method: HelperMethod, code: str
) -> Change:
    """The helpers file with the method `code` added to the resource's helper class."""
    methods = class_methods(helpers, names.helper_class) or set()
    if method.name not in methods and method.name in bound_names(helpers):
        raise ClashError(f"{helpers_path} already defines {method.name} at module level")
    new = add_methods(helpers, helpers_path, names.helper_class, code)
    return Change(helpers_path, helpers, new, owned=False)


def plan_helper(flavour: Flavour, resource: str, name: str, *, is_async: bool) -> list[Change]:
    names = find_resource(flavour, resource)
    method_name = helper_method_name(name, is_async=is_async)
    method = HelperMethod(method_name, item=True, purpose=method_name)
    helpers_path, tests_path = flavour.helpers_file(names), flavour.tests_file(names)
    helpers = existing(flavour, helpers_path, names)
    tests = existing(flavour, tests_path, names)
    style = resource_style(flavour, names, helpers, is_async)
    context = blueprint_context(flavour, names, style, helper=method.as_context())
    code = snippets(
        flavour,
        {"helper.method": "helper/helper.py.jinja", "test": "helper/test_helper.py.jinja"},
        context,
    )
    edits = [
        helper_edit(helpers_path, helpers, names, method, code["helper.method"]),
        Change(tests_path, tests, add_functions(tests, tests_path, code["test"]), owned=False),
    ]
    return formatted(flavour, {}, edits)
