"""Each refusal prints one `error: ` message to stderr, naming each path once, and exits 1.

The refusal tests of every command check the same with `assert_refused`; these are the
error paths they do not reach.
"""

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from copier import run_copy
from typer.testing import CliRunner

from apiforge.cli import app

from .support import SQLALCHEMY, Render, add, assert_refused, copy_of, snapshot

runner = CliRunner()

ROUTERS, MODELS = SQLALCHEMY.registries


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        text = (project / path).read_text()
        assert old in text
        (project / path).write_text(text.replace(old, new))

    return edit


def remove(path: str) -> Callable[[Path], None]:
    return lambda project: (project / path).unlink()


@pytest.mark.parametrize(
    ("damage", "args", "message"),
    [
        (
            replace(ROUTERS, "api_router = APIRouter()", "router = APIRouter()"),
            ["resource", "banners"],
            f"error: {ROUTERS}: no `api_router = ...` to register with\nadd these lines by hand:",
        ),
        (
            remove(ROUTERS),
            ["resource", "banners"],
            f"error: {ROUTERS}: the registry file is missing\nadd these lines by hand:",
        ),
        (
            replace(MODELS, "__all__ = ", "names = "),
            ["resource", "banners"],
            f"error: {MODELS}: no `__all__ = [...]` list\nadd these lines by hand:",
        ),
        (
            replace(ROUTERS, "api_router = APIRouter()", "api_router = APIRouter("),
            ["resource", "banners"],
            f"error: {ROUTERS} does not parse (line 8: '(' was never closed)\n",
        ),
        (
            replace("pyproject.toml", "line-length = 100", 'line-length = "wide"'),
            ["resource", "banners"],
            "error: ruff failed",
        ),
        (
            # Names fit 100 columns; a project that allows fewer gets a clear refusal.
            replace("pyproject.toml", "line-length = 100", "line-length = 40"),
            ["resource", "a_resource_name_of_forty_characters_long"],
            "error: the generated code would have lines longer than the project allows",
        ),
    ],
    ids=["anchor", "registry", "all", "syntax", "ruff-config", "long-name"],
)
def test_add_refusals(
    render: Render,
    tmp_path: Path,
    damage: Callable[[Path], None],
    args: list[str],
    message: str,
) -> None:
    project = copy_of(render, tmp_path, flavour="sqlalchemy", example_resource=False)
    damage(project)
    before = snapshot(project)
    result = add(project, *args)
    assert_refused(result)
    assert result.stderr.startswith(message)
    assert snapshot(project) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text("flavour: sqlalchemy\n")
    answers.chmod(0)
    result = add(tmp_path, "resource", "banners")
    assert_refused(result)
    assert result.stderr == f"error: cannot read {answers}: Permission denied\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "/nonexistent/template"], "error: Local template must be a directory."),
        (["--vcs-ref", "no-such-ref"], "error: unknown template version 'no-such-ref': "),
    ],
)
def test_new_refusals(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "demo"), "--defaults", *args])
    assert_refused(result)
    assert result.stderr.startswith(message)
    assert list(tmp_path.iterdir()) == []


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A released template with no questions."""
    root = tmp_path / "template"
    (root / "template").mkdir(parents=True)
    (root / "copier.yml").write_text("_subdirectory: template\n")
    (root / "template/{{ _copier_conf.answers_file }}.jinja").write_text(
        "{{ _copier_answers | to_nice_yaml }}"
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "template")
    git(root, "tag", "v1.0.0")
    return root


def generated(template: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    run_copy(str(template), project, defaults=True, quiet=True)
    return project


def committed(project: Path) -> Path:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generate")
    return project


def outside_git(template: Path, tmp_path: Path) -> Path:
    return generated(template, tmp_path)


def dirty(template: Path, tmp_path: Path) -> Path:
    project = committed(generated(template, tmp_path))
    (project / "notes.txt").write_text("mine\n")
    return project


def template_gone(template: Path, tmp_path: Path) -> Path:
    project = committed(generated(template, tmp_path))
    template.rename(tmp_path / "moved")
    return project


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda template, tmp_path: tmp_path, "no .copier-answers.yml in "),
        (outside_git, "the project is not under git: "),
        (dirty, "the project has uncommitted changes: "),
        (template_gone, "cannot read the template recorded in .copier-answers.yml: "),
    ],
    ids=["no-answers", "outside-git", "dirty", "template-gone"],
)
def test_update_refusals(
    template: Path, tmp_path: Path, make: Callable[[Path, Path], Path], message: str
) -> None:
    project = make(template, tmp_path)
    result = runner.invoke(app, ["update", "--project-dir", str(project)])
    assert_refused(result)
    assert message in result.stderr
