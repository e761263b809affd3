"""Where the flavours differ, behind one small interface chosen once from the answers file."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from .. import cst_edits
from ..naming import ResourceNames
from ..plan import Change
from ..project import Project


@dataclass(frozen=True)
class Registration:
    """An edit of a registry file; `lines` are what to add by hand if its anchor is missing."""

    path: str
    edit: Callable[[str], str]
    lines: str


class Flavour(Protocol):
    @property
    def project(self) -> Project: ...

    @property
    def name(self) -> str:
        """`sqlalchemy` or `django`: the `flavour` answer, and the folder of this flavour's own
        shapes in each `blueprints/<kind>/`."""
        ...

    @property
    def package(self) -> str:
        """The project's package: `src/<package>` or `<package>`."""
        ...

    def route_package(self, module: str) -> str:
        """Where a router of its own (a resource's, a client's) lives: `<dir>/routes.py`."""
        ...

    def router_registration(self, module: str) -> Registration:
        """The routers registry edit that serves the router in `route_package(module)`."""
        ...

    def resource_files(self, names: ResourceNames) -> dict[str, str]:
        """The files of a new resource: project path -> blueprint."""
        ...

    def migration(self, names: ResourceNames, context: dict[str, Any]) -> Change:
        """The migration that creates the resource's table (an existing one, when there),
        rendered with the resource's blueprint `context`."""
        ...

    def registrations(self, names: ResourceNames) -> list[Registration]:
        """The registry edits that make the project serve a new resource."""
        ...

    def routes_file(self, names: ResourceNames) -> str: ...

    def helpers_file(self, names: ResourceNames) -> str: ...

    @property
    def helpers_pattern(self) -> str:
        """The glob of every resource's helpers file (`helpers_file` of any module)."""
        ...

    def tests_file(self, names: ResourceNames) -> str: ...

    def clashes(self, names: ResourceNames) -> list[str]:
        """Existing modules or apps a new resource of these names would collide with."""
        ...


def router_registration(
    package: str, module: str, routes_module: str, add_import: Callable[[str, str, str], str]
) -> Registration:
    """The edit of `<package>/routers.py` that imports the router of `routes_module` with
    `add_import` (absolute and relative imports sort in groups of their own) and includes it."""
    routers = f"{package}/routers.py"
    router_import = f"from {routes_module} import router as {module}_router"
    include = f"api_router.include_router({module}_router)"

    def register_router(code: str) -> str:
        code = add_import(code, routers, router_import)
        return cst_edits.add_call(code, routers, "api_router", "include_router", include)

    return Registration(routers, register_router, f"{router_import}\n{include}")


def flavour_for(project: Project) -> Flavour:
    """The rules of the project's flavour (`read_project` accepts no other flavour)."""
    if project.flavour == "django":
        from .django import Django

        return Django(project)
    from .sqlalchemy import SqlAlchemy

    return SqlAlchemy(project)
