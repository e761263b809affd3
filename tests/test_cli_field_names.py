"""Every field name the CLI accepts works: the names a field could clash with (Python's
builtins, every word of the blueprints a resource's code comes from, the attributes of the
model and schema base classes, SQL keywords) are either refused or give a project that passes
all of its checks."""

import os
import re
from pathlib import Path

import pytest

from apiforge.fields import TYPES, FieldError, parse_field

from .support import NEEDS_A_DATABASE, ROOT, Render, add, copy_of, its_tests_pass, lint, run

pytestmark = pytest.mark.e2e

BLUEPRINTS = ROOT / "src" / "apiforge" / "blueprints"
# The blueprints whose code shares a namespace with a resource's fields: its own modules,
# what they import (project/), and the shared macros. Upstream clients, integrations/ and
# docs live in modules of their own.
RESOURCE_BLUEPRINTS = ["resource", "route", "helper", "project"]

# Keywords of SQLite that PostgreSQL (whose list the server gives) does not have.
SQLITE_KEYWORDS = [
    "abort", "attach", "autoincrement", "conflict", "deferred", "detach", "exclusive", "fail",
    "glob", "ignore", "immediate", "indexed", "instead", "isnull", "notnull", "nothing",
    "others", "plan", "pragma", "query", "raise", "regexp", "reindex", "rename", "replace",
    "temp", "ties", "unbounded", "vacuum", "virtual", "without",
]  # fmt: skip

# What a name could shadow in the project: its builtins, base classes and their metaclasses.
BASE_ATTRIBUTES = {
    "sqlalchemy": "import demo.models as m; bases = [m.Base]",
    "django": (
        "import django; from django.conf import settings; settings.configure(); django.setup()\n"
        "from django.db import models; bases = [models.Model]"
    ),
}
PRINT_ATTRIBUTES = (
    "import builtins, pydantic\n{bases}\n"
    "for cls in [*bases, pydantic.BaseModel]: print(*dir(cls), *dir(type(cls)))\n"
    "print(*dir(builtins))\n"
)

# A resource per batch of names keeps each table far from PostgreSQL's row-size limit;
# only as many are added as there are batches.
RESOURCES = (
    "apples",
    "bananas",
    "cherries",
    "grapes",
    "lemons",
    "melons",
    "oranges",
    "peaches",
    "plums",
    "quinces",
    "raspberries",
    "strawberries",
)
BATCH = 120
# Tables of 120 columns: SQLAlchemy builds each statement on its first use, hundreds of
# milliseconds on the event loop. Real, but what this test checks is the names.
WIDE_TABLES = {"PYTEST_ADDOPTS": "--loop-block-threshold-ms=1000"}


def sql_keywords(project: Path) -> list[str]:
    url = os.environ.get("APIFORGE_TEST_POSTGRES_URL")
    if not url:
        return SQLITE_KEYWORDS
    server = url.rsplit("/", 1)[0] + "/postgres"  # the keywords are the server's, not a database's
    query = ["psql", server, "-Atc", "SELECT word FROM pg_get_keywords()"]
    return SQLITE_KEYWORDS + run(query, project).split()


def accepted(names: set[str]) -> list[str]:
    """The names `--fields` takes, in a stable order."""
    kept = []
    for name in sorted(names):
        try:
            parse_field(f"{name}:int")
        except FieldError:
            continue
        kept.append(name)
    return kept


def candidates(project: Path, flavour: str) -> list[str]:
    words = set()
    blueprints = [*BLUEPRINTS.glob("*.jinja")]
    for folder in RESOURCE_BLUEPRINTS:
        blueprints += (BLUEPRINTS / folder).rglob("*.jinja")
    for blueprint in blueprints:
        words |= set(re.findall(r"\b[a-z][a-z0-9_]*\b", blueprint.read_text()))
    script = PRINT_ATTRIBUTES.format(bases=BASE_ATTRIBUTES[flavour])
    words |= set(run(["uv", "run", "python", "-c", script], project).split())
    return accepted(words | set(sql_keywords(project)))


def field_specs(names: list[str]) -> str:
    """Every type in turn, every other field optional."""
    return " ".join(
        f"{name}:{TYPES[index % len(TYPES)]}{'?' if index % 2 else ''}"
        for index, name in enumerate(names)
    )


@pytest.mark.parametrize("flavour", ["sqlalchemy", "django"])
def test_every_accepted_field_name_works(render: Render, tmp_path: Path, flavour: str) -> None:
    project = copy_of(render, tmp_path, flavour=flavour, example_resource=False)
    run(["uv", "sync", "--quiet"], project)
    names = candidates(project, flavour)
    assert {"type", "name", "value", "count", "glob"} <= set(names)
    batches = [names[start : start + BATCH] for start in range(0, len(names), BATCH)]
    assert len(batches) <= len(RESOURCES)
    for resource, batch in zip(RESOURCES, batches, strict=False):
        result = add(project, "resource", resource, "--fields", field_specs(batch))
        assert result.exit_code == 0, result.output

    lint(project)
    postgres = os.environ.get("APIFORGE_TEST_POSTGRES_URL")
    if postgres:
        env = {**WIDE_TABLES, "DATABASE_URL": postgres}
        its_tests_pass(project, env, marks=NEEDS_A_DATABASE)
        # Sorting and filtering by each name send the same quoted names as the other tests:
        # on SQLite, whose keywords are fewer, those two loops over ~100 fields add no check.
        its_tests_pass(
            project, WIDE_TABLES, select="not sorts_by_each_field and not filters_by_equality"
        )
    else:
        its_tests_pass(project, WIDE_TABLES)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.db'}"}
    if flavour == "sqlalchemy":
        run(["uv", "run", "alembic", "upgrade", "head"], project, env)
    else:
        manage = ["uv", "run", "python", "manage.py"]
        run([*manage, "check", "--fail-level", "WARNING"], project, env)
        assert "No changes detected" in run([*manage, "makemigrations", "--check"], project, env)
        run([*manage, "migrate"], project, env)
