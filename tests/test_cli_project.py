"""How `apiforge add` finds and understands a project, its help, and its start-up cost."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apiforge.cli import app

from .support import Layout, Render, add, assert_refused, copy_of

runner = CliRunner()


def test_outside_a_project_exits_1_with_a_clear_message(tmp_path: Path) -> None:
    result = add(tmp_path, "resource", "banners")
    assert_refused(result)
    assert "no .copier-answers.yml" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("just words\n", "holds no `key: value` answers"),
        ("flavour: sqlalchemy\n", "lacks package_name, routes"),
        ("flavour: pyramid\npackage_name: demo\nroutes: async\n", "unknown flavour"),
        ("flavour: sqlalchemy\npackage_name: Demo-1\nroutes: async\n", "no identifier"),
        ("flavour: sqlalchemy\npackage_name: demo\nroutes: often\n", "async or sync"),
    ],
)
def test_unreadable_answers_exit_1(tmp_path: Path, answers: str, message: str) -> None:
    (tmp_path / ".copier-answers.yml").write_text(answers)
    result = add(tmp_path, "resource", "banners")
    assert_refused(result)
    assert message in result.stderr


def test_found_from_a_subdirectory(
    render: Render, tmp_path: Path, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_of(render, tmp_path, flavour=layout.flavour, example_resource=False)
    monkeypatch.chdir(project / layout.package)
    result = runner.invoke(app, ["add", "resource", "banners"])
    assert result.exit_code == 0, result.output
    assert (project / layout.routes.format("banners")).is_file()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["new", "add"]),
        (["add"], ["resource", "route", "helper"]),
        (
            ["add", "resource"],
            ["--fields", "--async", "--sync", "--dry-run", "--force", "--project-dir"],
        ),
        (
            ["add", "route"],
            ["--method", "--path", "--async", "--dry-run", "--force", "--project-dir"],
        ),
        (["add", "helper"], ["_async", "--sync", "--dry-run", "--force", "--project-dir"]),
    ],
)
def test_help_names_every_command_and_option(args: list[str], expected: list[str]) -> None:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0
    for word in expected:
        assert word in result.stdout


def test_shell_completion_stays_on() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout


def test_help_imports_neither_copier_nor_libcst_nor_jinja() -> None:
    script = (
        "import json, sys\n"
        "from apiforge.cli import app\n"
        "try:\n"
        "    app(['add', 'resource', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0]"
        " in ('copier', 'libcst', 'jinja2'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []
