"""Any resource or field name is either accepted, giving a project that parses, is ruff-clean
and imports, or refused with a non-zero exit and an untouched tree."""

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from apiforge.fields import TYPES

from .cli_support import add, snapshot
from .conftest import Render, run

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


@st.composite
def field_specs(draw: st.DrawFn) -> str:
    name = draw(
        st.one_of(SNAKE, SNAKE, SNAKE, IDENTIFIERS, st.sampled_from(["id", "class", "Bad"]))
    )
    type_ = draw(st.sampled_from(TYPES))
    optional = "?" if draw(st.booleans()) else ""
    default = ""
    if type_ in ("int", "float", "bool", "str") and draw(st.booleans()):
        default = "=" + {"int": "7", "float": "1.5", "bool": "false", "str": "x"}[type_]
    unique = ":unique" if draw(st.booleans()) else ""
    return f"{name}:{type_}{optional}{default}{unique}"


@pytest.fixture(scope="module")
def installed(render: Render, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One installed project for the whole run; examples work on copies of its sources."""
    project = tmp_path_factory.mktemp("installed") / "project"
    source = render(flavour="sqlalchemy", routes="async", example_resource=False)
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(".venv"))
    run(["uv", "sync", "--quiet"], project)
    return project


# Examples are slow (a subprocess imports FastAPI and SQLAlchemy): a few, and no long
# shrinking; a failure still prints its example.
@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=NAMES, fields=st.lists(field_specs(), max_size=4))
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
        changed = [path for path, data in snapshot(project).items() if before.get(path) != data]
        for path in changed:
            if path.endswith(".py"):
                ast.parse((project / path).read_text(), path)
        for check in (["check", "."], ["format", "--check", "."]):
            lint = subprocess.run([RUFF, *check], cwd=project, capture_output=True, text=True)
            assert lint.returncode == 0, lint.stdout + lint.stderr
        module = next(p for p in changed if p.endswith("/routes.py")).split("/")[2]
        script = (
            f"import demo.models, demo.{module}.routes, demo.{module}.helpers\n"
            "from demo.main import create_app\n"
            "from demo.settings import Settings\n"
            "create_app(Settings(secret_key='x'))\n"
            f"import tests.test_{module}\n"
        )
        env = {**os.environ, "PYTHONPATH": f"{project / 'src'}{os.pathsep}{project}"}
        env.pop("VIRTUAL_ENV", None)
        python = installed / ".venv" / "bin" / "python"
        imported = subprocess.run(
            [python, "-c", script], cwd=project, env=env, capture_output=True, text=True
        )
        assert imported.returncode == 0, imported.stderr
