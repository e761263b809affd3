"""Plan an `add` command: render blueprints, edit files in memory, format, return a Plan.

Pure apart from reading the project: nothing is written here.
"""

import textwrap

from .blueprints import render
from .cst_edits import AnchorError, ClashError, add_functions, add_methods
from .flavours import Flavour
from .naming import ResourceNames
from .plan import Change, Plan, read_text
from .pyformat import format_files
from .requests import HelperRequest, ResourceRequest, RouteRequest
from .source_facts import bound_names, class_methods, functions, route_keys
from .source_facts import routes as source_routes

WRAPPER = "class _Wrapper:\n"


class PlanError(Exception):
    """The command cannot be planned as asked; the message says why."""


def _edit_formatted(flavour: Flavour, created: dict[str, str], edits: list[Change]) -> list[Change]:
    """Format created files, and edited files when the project already keeps them formatted."""
    batch = dict(created)
    for edit in edits:
        batch[f"_old/{edit.path}"] = edit.old or ""
        batch[f"_new/{edit.path}"] = edit.new
    formatted = format_files(flavour.project.root, batch, checked=list(created))
    root = flavour.project.root
    changes = [Change(path, read_text(root, path), formatted[path], owned=True) for path in created]
    for edit in edits:
        stable = formatted[f"_old/{edit.path}"] == edit.old
        changes.append(
            Change(
                edit.path, edit.old, formatted[f"_new/{edit.path}"] if stable else edit.new, False
            )
        )
    return changes


def plan_resource(flavour: Flavour, request: ResourceRequest, *, force: bool) -> Plan:
    names, root = request.names, flavour.project.root
    for clash in flavour.clashes(names):
        raise PlanError(f"resource {names.module!r} would clash with {clash}")
    context = request.context(flavour.project.package_name, flavour.blueprints)
    created = {
        path: render(blueprint, **context)
        for path, blueprint in flavour.resource_files(names).items()
    }
    migration = flavour.migration(request)
    created[migration.path] = migration.new
    edits = []
    for registration in flavour.registrations(names):
        old = read_text(root, registration.path)
        if old is None:
            raise AnchorError(registration.path, "the registry file is missing", registration.lines)
        try:
            new = registration.edit(old)
        except AnchorError as error:  # hand over every line of the registration, not one
            raise AnchorError(error.path, error.reason, registration.lines) from None
        edits.append(Change(registration.path, old, new, owned=False))
    return Plan(_edit_formatted(flavour, created, edits), force=force)


def _existing(flavour: Flavour, path: str, names: ResourceNames) -> str:
    text = read_text(flavour.project.root, path)
    if text is None:
        raise PlanError(
            f"no resource {names.module!r}: {path} is missing"
            f" (create it with `apiforge add resource {names.module}`)"
        )
    return text


def _resource_is_async(flavour: Flavour, names: ResourceNames, helpers: str) -> bool:
    """The style the resource was generated in, told by its `create_*` helper."""
    methods = class_methods(helpers, names.helper_class)
    if methods is None:
        raise AnchorError(
            flavour.helpers_file(names),
            f"no class {names.helper_class}",
            f"class {names.helper_class}:",
        )
    create = f"create_{names.singular}"
    if f"{create}_async" in methods:
        return True
    if create in methods:
        return False
    raise PlanError(f"{names.helper_class} has no {create}() helper for the generated tests")


def _snippets(
    flavour: Flavour, blueprints: dict[str, tuple[str, dict[str, object]]]
) -> dict[str, str]:
    """Render and format snippet blueprints; keys ending in `.method` render inside a class."""
    texts = {}
    for key, (blueprint, context) in blueprints.items():
        text = render(blueprint, **context) + "\n"
        if key.endswith(".method"):
            text = WRAPPER + textwrap.indent(text, "    ")
        texts[f"{key}.py"] = text
    formatted = format_files(flavour.project.root, texts, checked=list(texts))
    return {key.removesuffix(".py"): text for key, text in formatted.items()}


def _helper_edit(
    flavour: Flavour, helper: HelperRequest, helpers_path: str, helpers: str, method: str
) -> Change:
    names = helper.names
    methods = class_methods(helpers, names.helper_class) or set()
    if helper.name not in methods and helper.name in bound_names(helpers):
        raise ClashError(f"{helpers_path} already defines {helper.name} at module level")
    new = add_methods(helpers, helpers_path, names.helper_class, method)
    return Change(helpers_path, helpers, new, owned=False)


def plan_helper(flavour: Flavour, request: HelperRequest, *, force: bool) -> Plan:
    names = request.names
    helpers_path, tests_path = flavour.helpers_file(names), flavour.tests_file(names)
    helpers = _existing(flavour, helpers_path, names)
    tests = _existing(flavour, tests_path, names)
    context = {
        "resource": {**vars(names), "module": names.module},
        "flavour": flavour.blueprints,
        "is_async": request.is_async,
        "helper": request.context(),
        "resource_is_async": _resource_is_async(flavour, names, helpers),
    }
    snippets = _snippets(
        flavour,
        {
            "helper.method": ("helper/helper.py.jinja", context),
            "test": ("helper/test_helper.py.jinja", context),
        },
    )
    edits = [
        _helper_edit(flavour, request, helpers_path, helpers, snippets["helper.method"]),
        Change(tests_path, tests, add_functions(tests, tests_path, snippets["test"]), False),
    ]
    return Plan(_edit_formatted(flavour, {}, edits), force=force)


def _add_route(routes: str, path: str, request: RouteRequest, snippets: dict[str, str]) -> str:
    """Add the route function; a fixed path goes before the routes with a path parameter,
    which would otherwise capture it (`/featured` read as `/{id}`)."""
    before = (
        frozenset()
        if request.item
        else frozenset(
            function for _, route_path, function in source_routes(routes) if "{" in route_path
        )
    )
    return add_functions(routes, path, snippets["route"], before)


def plan_route(flavour: Flavour, request: RouteRequest, *, force: bool) -> Plan:
    names = request.names
    routes_path, helpers_path = flavour.routes_file(names), flavour.helpers_file(names)
    tests_path = flavour.tests_file(names)
    routes = _existing(flavour, routes_path, names)
    helpers = _existing(flavour, helpers_path, names)
    tests = _existing(flavour, tests_path, names)
    if request.name in bound_names(routes) - functions(routes):
        raise ClashError(f"{routes_path} already defines {request.name}, not as a route")
    if request.name not in bound_names(routes):
        shown = f"{request.method.upper()} {names.url}{request.path}"
        if (request.method, request.path) in route_keys(routes):
            raise ClashError(f"{routes_path} already serves {shown}")
    context = {
        "resource": {**vars(names), "module": names.module},
        "flavour": flavour.blueprints,
        "is_async": request.is_async,
        "route": request.context(),
        "helper": request.helper.context(),
        "resource_is_async": _resource_is_async(flavour, names, helpers),
    }
    snippets = _snippets(
        flavour,
        {
            "route": ("route/route.py.jinja", context),
            "helper.method": ("helper/helper.py.jinja", context),
            "test": ("route/test_route.py.jinja", context),
        },
    )
    edits = [
        Change(routes_path, routes, _add_route(routes, routes_path, request, snippets), False),
        _helper_edit(flavour, request.helper, helpers_path, helpers, snippets["helper.method"]),
        Change(tests_path, tests, add_functions(tests, tests_path, snippets["test"]), False),
    ]
    return Plan(_edit_formatted(flavour, {}, edits), force=force)
