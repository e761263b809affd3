"""Helpers for the `apiforge add` tests: a writable copy of a rendered project, tree snapshots."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner, Result

from apiforge.cli import app

from .conftest import INSTALLED_DIRS, Render

runner = CliRunner()

STARTER_FIELDS = "name:str:unique description:text? quantity:int=0 active:bool=true"
MANY_FIELDS = (
    "title:str:unique body:text views:int=0 score:float? active:bool=true"
    " published_at:datetime? day:date?"
)

# A path in a message: `src/demo/routers.py`, `/tmp/x`, `.copier-answers.yml`.
PATH = re.compile(r"[\w.-]*/[\w./{}-]+|[\w.-]+\.(?:py|yml|yaml|toml)\b")
# The same `prefix: ` twice in a row: `src/demo/routers.py: src/demo/routers.py: ...`.
REPEATED_PREFIX = re.compile(r"(?<![^\s'\"`(])([^\s:]+: )\1")

Tree = dict[str, bytes]
Copy = Callable[..., Path]


def copy_of(render: Render, destination: Path, **answers: object) -> Path:
    """A copy of a rendered project (renders are shared by the session: never mutate them)."""
    project = destination / "project"
    ignore = shutil.ignore_patterns(*INSTALLED_DIRS)
    shutil.copytree(render(**answers), project, ignore=ignore)
    return project


def snapshot(project: Path) -> Tree:
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".venv" not in path.parts and "__pycache__" not in path.parts
    }


def add(project: Path, *args: str) -> Result:
    return runner.invoke(app, ["add", *args, "--project-dir", str(project)])


def statuses(result: Result) -> list[tuple[str, str]]:
    """(status, path) of every status line of a command's output."""
    words = {"create", "update", "identical", "conflict", "skip"}
    lines = [line.split() for line in result.stdout.splitlines()]
    return [(line[0], line[1]) for line in lines if len(line) == 2 and line[0] in words]


def assert_refused(result: Result) -> None:
    """Refused as the CLI refuses: exit code 1, one message on stderr that starts with
    `error: ` and names each path once (no `path: path: reason`), nothing on stdout about it."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("error:") == 1, result.stderr
    assert "error:" not in result.stdout, result.stdout
    message = result.stderr.splitlines()[0]
    paths = PATH.findall(message)
    assert len(paths) == len(set(paths)), message
    assert not REPEATED_PREFIX.search(message), message
