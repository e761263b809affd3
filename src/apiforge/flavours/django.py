"""Django + FastAPI: `apps/<module>/` (model, admin, helper, migrations), `apps/api/<module>/`
(schemas, routes), the `INSTALLED_APPS` and router registries, Django migrations."""

import ast
from dataclasses import dataclass
from typing import Any

from .. import cst_edits
from ..naming import ResourceNames
from ..plan import Change, read_text
from ..project import Project
from ..rendering import render
from . import Registration, router_registration

RESOURCE = "resource/django"
# App file -> blueprint, under `apps/<module>/`; `api/` ones go under `apps/api/<module>/`.
APP_FILES = {
    "__init__.py": f"{RESOURCE}/__init__.py.jinja",
    "admin.py": f"{RESOURCE}/admin.py.jinja",
    "apps.py": f"{RESOURCE}/apps.py.jinja",
    "helpers.py": f"{RESOURCE}/helpers.py.jinja",
    "models.py": f"{RESOURCE}/models.py.jinja",
    "migrations/__init__.py": f"{RESOURCE}/migrations__init__.py.jinja",
}
API_FILES = {
    "__init__.py": f"{RESOURCE}/api__init__.py.jinja",
    "routes.py": "resource/routes.py.jinja",
    "schemas.py": "resource/schemas.py.jinja",
}


@dataclass(frozen=True)
class Django:
    project: Project
    name: str = "django"

    @property
    def settings(self) -> str:
        return f"{self.package}/settings.py"

    @property
    def package(self) -> str:
        return self.project.package_name

    def route_package(self, module: str) -> str:
        return f"apps/api/{module}"

    def router_registration(self, module: str) -> Registration:
        routes = f"apps.api.{module}.routes"
        return router_registration(self.package, module, routes, cst_edits.add_import)

    def resource_files(self, names: ResourceNames) -> dict[str, str]:
        files = {f"apps/{names.module}/{name}": blueprint for name, blueprint in APP_FILES.items()}
        files |= {
            f"apps/api/{names.module}/{name}": blueprint for name, blueprint in API_FILES.items()
        }
        files[self.tests_file(names)] = "resource/test.py.jinja"
        return files

    def routes_file(self, names: ResourceNames) -> str:
        return f"apps/api/{names.module}/routes.py"

    def helpers_file(self, names: ResourceNames) -> str:
        return f"apps/{names.module}/helpers.py"

    @property
    def helpers_pattern(self) -> str:
        return "apps/*/helpers.py"

    def tests_file(self, names: ResourceNames) -> str:
        return f"tests/test_{names.module}.py"

    def clashes(self, names: ResourceNames) -> list[str]:
        module, root = names.module, self.project.root
        found = [
            path
            for path in (f"apps/{module}.py", f"apps/api/{module}.py")
            if (root / path).exists()
        ]
        # Django tells apps apart by label, the last part of the name.
        for app in installed_apps(read_text(root, self.settings) or ""):
            if app.rsplit(".", 1)[-1] == module and app != f"apps.{module}":
                found.append(f"the app {app} in INSTALLED_APPS")
        return found

    def registrations(self, names: ResourceNames) -> list[Registration]:
        app = f"apps.{names.module}"

        def register_app(code: str) -> str:
            return cst_edits.add_to_list(code, self.settings, "INSTALLED_APPS", app, "apps.")

        return [
            Registration(self.settings, register_app, f'"{app}",  # in INSTALLED_APPS'),
            self.router_registration(names.module),
        ]

    def migration(self, names: ResourceNames, context: dict[str, Any]) -> Change:
        """The app's initial migration: a new app starts its own history."""
        path = f"apps/{names.module}/migrations/0001_initial.py"
        new = render(f"{RESOURCE}/migration.py.jinja", context)
        return Change(path, read_text(self.project.root, path), new, owned=True)


def installed_apps(settings: str) -> list[str]:
    """The string entries of `INSTALLED_APPS = [...]` in a settings module."""
    try:
        tree = ast.parse(settings)
    except SyntaxError:
        return []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if any(isinstance(t, ast.Name) and t.id == "INSTALLED_APPS" for t in targets) and (
            isinstance(value, ast.List)
        ):
            return [
                e.value
                for e in value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    return []
