"""Helpers for the `apiforge add` tests: a writable copy of a rendered project, tree snapshots."""

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
