"""Names on the command line, in both flavours: every well-formed name (snake_case words up to
the 40-character limit, outside the reserved lists) is accepted and gives a project that
parses, is ruff-clean and imports; any other name is accepted the same way or refused with a
non-zero exit and an untouched tree."""

import ast
import keyword
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, event, example, given, settings
from hypothesis import strategies as st

from apiforge.fields import RESERVED_FIELDS, TYPES
from apiforge.naming import (
    BLUEPRINT_CLASSES,
    BLUEPRINT_NAMES,
    MAX_NAME_LENGTH,
    reserved_names,
    to_pascal,
)

from .support import NOUNS, Render, add, run, snapshot

pytestmark = pytest.mark.e2e

RUFF = str(Path(sys.executable).parent / "ruff")

IDENTIFIERS = st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True)
SNAKE = st.from_regex(r"[a-z]{1,14}(_[a-z0-9]{1,10}){0,2}", fullmatch=True)
NAMES = st.one_of(
    SNAKE,
    SNAKE,
    IDENTIFIERS,
    st.from_regex(r"[A-Za-z][A-Za-z0-9_ -]{0,40}", fullmatch=True),
)
WORDS = st.from_regex(r"[a-z]{1,12}", fullmatch=True)


def _fits(name: str) -> bool:
    return (
        len(name) <= MAX_NAME_LENGTH
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
        and not name.endswith("_async")
    )


@st.composite
def well_formed_resources(draw: st.DrawFn) -> str:
    """Words joined by underscores, ending in a real noun, in either form."""
    singular, plural = draw(st.sampled_from(NOUNS))
    head = draw(st.lists(WORDS, max_size=3))
    names = ["_".join([*head, form]) for form in (singular, plural)]
    reserved = reserved_names() | BLUEPRINT_NAMES
    assume(all(_fits(name) and name not in reserved for name in names))
    assume(to_pascal(names[0]) not in BLUEPRINT_CLASSES)
    return draw(st.sampled_from(names))


WELL_FORMED_FIELD_NAMES = (
    st.lists(WORDS, min_size=1, max_size=4)
    .map("_".join)
    .filter(
        lambda name: (
            _fits(name)
            and name not in RESERVED_FIELDS
            and not name.startswith("model_")
            and name not in {"l"}
        )
    )
)
# Route and helper names: a prefix keeps them apart from the CRUD names a resource has.
ACTIONS = (
    st.lists(WORDS, min_size=1, max_size=4)
    .map(lambda words: "_".join(["do", *words]))
    .filter(_fits)
)


@st.composite
def field_specs(draw: st.DrawFn, names: st.SearchStrategy[str]) -> str:
    name = draw(names)
    type_ = draw(st.sampled_from(TYPES))
    optional = "?" if draw(st.booleans()) else ""
    default = ""
    if type_ in ("int", "float", "bool", "str") and draw(st.booleans()):
        default = "=" + {"int": "7", "float": "1.5", "bool": "false", "str": "x"}[type_]
    unique = ":unique" if type_ != "bool" and draw(st.booleans()) else ""
    return f"{name}:{type_}{optional}{default}{unique}"


ANY_FIELDS = st.lists(
    field_specs(st.one_of(SNAKE, SNAKE, SNAKE, IDENTIFIERS, st.sampled_from(["id", "class"]))),
    max_size=4,
)
WELL_FORMED_FIELDS = st.lists(
    field_specs(WELL_FORMED_FIELD_NAMES),
    max_size=4,
    unique_by=lambda spec: spec.partition(":")[0],
)

# flavour -> Python that imports every part of a resource
IMPORTS = {
    "sqlalchemy": (
        "import demo.models, demo.{module}.routes, demo.{module}.helpers\n"
        "from demo.main import create_app\n"
        "from demo.settings import Settings\n"
        "create_app(Settings(secret_key='x'))\n"
        "import tests.test_{module}\n"
    ),
    "django": (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'demo.settings')\n"
        "django.setup()\n"
        "import apps.{module}.helpers, apps.{module}.admin, apps.api.{module}.routes\n"
        "from demo.asgi import application\n"
        "import tests.test_{module}\n"
    ),
}


@pytest.fixture(scope="module", params=list(IMPORTS))
def installed(
    request: pytest.FixtureRequest, render: Render, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One installed project per flavour for the whole run; examples work on copies."""
    project = tmp_path_factory.mktemp("installed") / "project"
    source = render(flavour=request.param, routes="async", example_resource=False)
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(".venv"))
    run(["uv", "sync", "--quiet"], project)
    return project


def works(installed: Path, project: Path, before: dict[str, bytes]) -> None:
    """The changed files parse, the project is ruff-clean, and the resource imports."""
    flavour = "django" if (project / "apps").is_dir() else "sqlalchemy"
    changed = [path for path, data in snapshot(project).items() if before.get(path) != data]
    for path in changed:
        if path.endswith(".py"):
            ast.parse((project / path).read_text(), path)
    for check in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run([RUFF, *check], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr
    module = next(p for p in changed if p.endswith("/routes.py")).split("/")[2]
    env = {**os.environ, "PYTHONPATH": f"{project / 'src'}{os.pathsep}{project}"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("DATABASE_URL", None)
    python = installed / ".venv" / "bin" / "python"
    imported = subprocess.run(
        [python, "-c", IMPORTS[flavour].format(module=module)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr


# Examples are slow (a subprocess imports the framework): a few, and no long shrinking; a
# failure still prints its example.
def examples(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


@examples(4)
@given(
    name=well_formed_resources(),
    fields=WELL_FORMED_FIELDS,
    route=ACTIONS,
    helper=ACTIONS,
)
@example(
    name="abcdefghij_klmnopqrst_uvwxyzabc_efgh_box",
    fields=["zbcdefghij_klmnopqrst_uvwxyzabcd_efghijk:str:unique"],
    route="do_" + "r" * 37,
    helper="do_" + "h" * 37,
)
@example(name="status", fields=["movie:int"], route="do_it", helper="do_it")
def test_well_formed_names_are_accepted_and_work(
    installed: Path, name: str, fields: list[str], route: str, helper: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(installed, project, ignore=shutil.ignore_patterns(".venv", "*cache*"))
        before = snapshot(project)
        commands = [
            ("resource", name, "--fields", " ".join(fields)),
            ("route", name, route, "--method", "post"),
            ("helper", name, helper, "--sync"),
        ]
        for command in commands:
            result = add(project, *command)
            assert result.exit_code == 0, (command, result.output)
        works(installed, project, before)


@examples(8)
@given(name=NAMES, fields=ANY_FIELDS)
@example(name="l", fields=[])
@example(name="o", fields=[])
@example(name="banner", fields=["l:int"])
def test_any_name_gives_a_valid_project_or_a_clean_refusal(
    installed: Path, name: str, fields: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(installed, project, ignore=shutil.ignore_patterns(".venv", "*cache*"))
        before = snapshot(project)
        result = add(project, "resource", name, "--fields", " ".join(fields))
        event("refused" if result.exit_code else "accepted")
        if result.exit_code != 0:
            assert result.stderr.startswith("error: ")
            assert snapshot(project) == before
            return
        works(installed, project, before)
