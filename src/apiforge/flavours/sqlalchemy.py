"""FastAPI + SQLAlchemy: `src/<package>/<module>/`, the routers/models registries, Alembic."""

import re
from dataclasses import dataclass
from typing import Any

from .. import cst_edits
from ..errors import ApiforgeError
from ..naming import ResourceNames
from ..plan import Change
from ..project import Project
from ..rendering import render
from ..source_facts import creates_table, str_assignments
from . import Registration, router_registration

VERSIONS = "migrations/versions"
MIGRATION = "resource/sqlalchemy/migration.py.jinja"
# Resource file -> blueprint, under `src/<package>/<module>/`.
RESOURCE_FILES = {
    "__init__.py": "resource/sqlalchemy/__init__.py.jinja",
    "models.py": "resource/sqlalchemy/models.py.jinja",
    "schemas.py": "resource/schemas.py.jinja",
    "helpers.py": "resource/sqlalchemy/helpers.py.jinja",
    "routes.py": "resource/routes.py.jinja",
}


class MigrationError(ApiforgeError):
    """The Alembic history cannot take one more revision (several heads, unreadable)."""


@dataclass(frozen=True)
class SqlAlchemy:
    project: Project
    name: str = "sqlalchemy"

    @property
    def package(self) -> str:
        return f"src/{self.project.package_name}"

    def route_package(self, module: str) -> str:
        return f"{self.package}/{module}"

    def router_registration(self, module: str) -> Registration:
        routes = f".{module}.routes"
        return router_registration(self.package, module, routes, cst_edits.add_relative_import)

    def resource_files(self, names: ResourceNames) -> dict[str, str]:
        files = {
            f"{self.package}/{names.module}/{name}": blueprint
            for name, blueprint in RESOURCE_FILES.items()
        }
        files[self.tests_file(names)] = "resource/test.py.jinja"
        return files

    def routes_file(self, names: ResourceNames) -> str:
        return f"{self.package}/{names.module}/routes.py"

    def helpers_file(self, names: ResourceNames) -> str:
        return f"{self.package}/{names.module}/helpers.py"

    @property
    def helpers_pattern(self) -> str:
        return f"{self.package}/*/helpers.py"

    def tests_file(self, names: ResourceNames) -> str:
        return f"tests/test_{names.module}.py"

    def clashes(self, names: ResourceNames) -> list[str]:
        module = self.project.root / self.package / f"{names.module}.py"
        return [f"{self.package}/{names.module}.py"] if module.exists() else []

    def registrations(self, names: ResourceNames) -> list[Registration]:
        models = f"{self.package}/models.py"
        m, c = names.module, names.class_name
        model_import = f"from .{m}.models import {c}"

        def register_model(code: str) -> str:
            code = cst_edits.add_relative_import(code, models, model_import)
            return cst_edits.add_to_all(code, models, c)

        return [
            self.router_registration(m),
            Registration(models, register_model, f'{model_import}\n# and "{c}" in __all__'),
        ]

    def migration(self, names: ResourceNames, context: dict[str, Any]) -> Change:
        """A revision that creates the table: the one already there, rendered again, or the
        next one on the single head."""
        versions = self.project.root / VERSIONS
        files = sorted(versions.glob("*.py")) if versions.is_dir() else []
        texts = {f"{VERSIONS}/{path.name}": path.read_text() for path in files}
        existing = [path for path, text in texts.items() if creates_table(text, names.table)]
        if existing:
            path, old = existing[0], texts[existing[0]]
            ids = str_assignments(old)
            revision, down = ids.get("revision"), ids.get("down_revision")
        else:
            revision, down = _next_revision(texts)
            path, old = f"{VERSIONS}/{revision}_create_{names.table}.py", None
        new = render(MIGRATION, context | {"revision": revision, "down_revision": down})
        return Change(path, old, new, owned=True)


def _next_revision(texts: dict[str, str]) -> tuple[str, str | None]:
    """The next sequential revision id (`0001`, `0002`...) and the current head."""
    revisions: dict[str, str | None] = {}
    for path, text in texts.items():
        ids = str_assignments(text)
        revision = ids.get("revision")
        if revision is None:
            raise MigrationError(f'{path} has no `revision = "..."`: fix it or move it away')
        revisions[revision] = ids.get("down_revision")
    heads = sorted(set(revisions) - set(revisions.values()))
    if len(heads) > 1:
        raise MigrationError(
            f"migrations have several heads ({', '.join(heads)}): merge them first"
            " (`alembic merge heads`)"
        )
    numbers = [int(r) for r in revisions if re.fullmatch(r"\d+", r)]
    number = max(numbers, default=0) + 1
    while f"{number:04d}" in revisions:
        number += 1
    return f"{number:04d}", (heads[0] if heads else None)
