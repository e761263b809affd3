"""`apiforge add route`: an endpoint on a resource's router, the helper method it calls, and
tests through HTTP."""

import re
from dataclasses import dataclass
from typing import Any

from ..cst_edits import ClashError, add_functions
from ..flavours import Flavour
from ..naming import ResourceNames, helper_method_name, route_name
from ..plan import Change
from ..rendering import blueprint_context
from ..resources import find_resource
from ..source_facts import bound_names, functions, route_keys, routes
from .helper import HelperMethod, helper_edit
from .steps import PlanError, existing, formatted, resource_style, snippets


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # below the router's prefix: "" or "/..."

    @property
    def item(self) -> bool:
        return "{" in self.path

    @classmethod
    def parse(cls, names: ResourceNames, name: str, method: str, path: str | None) -> "Endpoint":
        """The endpoint `--path` names (default: `/{<singular>_id}/<name>`), checked."""
        route = route_name(name)
        param = f"{{{names.singular}_id}}"
        if path is None:
            path = f"/{param}/{route.replace('_', '-')}"
        path = path.rstrip("/")
        segment = rf"(?:[a-z0-9][a-z0-9_.-]*|{re.escape(param)})"
        if path and not re.fullmatch(rf"(?:/{segment})+", path):
            raise PlanError(
                f"--path {path!r} must be / or /segment/...: lowercase letters, digits, `-`, `_`,"
                f" `.`, and the only parameter allowed is {param}"
            )
        if path.count(param) > 1:
            raise PlanError(f"--path {path!r} names {param} more than once")
        return cls(route, method, path)

    def as_context(self, helper: HelperMethod) -> dict[str, Any]:
        return {
            "name": self.name,
            "method": self.method,
            "path": self.path,
            "item": self.item,
            "helper": helper.name,
        }


def _add_route(routes_code: str, path: str, endpoint: Endpoint, code: str) -> str:
    """Add the route function; a fixed path goes before the routes with a path parameter,
    which would otherwise capture it (`/featured` read as `/{id}`)."""
    before = (
        frozenset()
        if endpoint.item
        else frozenset(
            function for _, route_path, function in routes(routes_code) if "{" in route_path
        )
    )
    return add_functions(routes_code, path, code, before)


def plan_route(
    flavour: Flavour, resource: str, name: str, method: str, path: str | None, *, is_async: bool
) -> list[Change]:
    names = find_resource(flavour, resource)
    endpoint = Endpoint.parse(names, name, method, path)
    helper = HelperMethod(
        helper_method_name(endpoint.name, is_async=is_async), endpoint.item, endpoint.name
    )
    routes_path, helpers_path = flavour.routes_file(names), flavour.helpers_file(names)
    tests_path = flavour.tests_file(names)
    routes_code = existing(flavour, routes_path, names)
    helpers = existing(flavour, helpers_path, names)
    tests = existing(flavour, tests_path, names)
    if endpoint.name in bound_names(routes_code) - functions(routes_code):
        raise ClashError(f"{routes_path} already defines {endpoint.name}, not as a route")
    if endpoint.name not in bound_names(routes_code):
        shown = f"{endpoint.method.upper()} {names.url}{endpoint.path}"
        if (endpoint.method, endpoint.path) in route_keys(routes_code):
            raise ClashError(f"{routes_path} already serves {shown}")
    style = resource_style(flavour, names, helpers, is_async)
    context = blueprint_context(
        flavour, names, style, route=endpoint.as_context(helper), helper=helper.as_context()
    )
    code = snippets(
        flavour,
        {
            "route": "route/route.py.jinja",
            "helper.method": "helper/helper.py.jinja",
            "test": "route/test_route.py.jinja",
        },
        context,
    )
    edits = [
        Change(
            routes_path,
            routes_code,
            _add_route(routes_code, routes_path, endpoint, code["route"]),
            owned=False,
        ),
        helper_edit(helpers_path, helpers, names, helper, code["helper.method"]),
        Change(tests_path, tests, add_functions(tests, tests_path, code["test"]), owned=False),
    ]
    return formatted(flavour, {}, edits)
