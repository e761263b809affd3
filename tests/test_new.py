"""`apiforge new`: the CLI's wrapper around Copier."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from apiforge.cli import app

from .support import assert_refused

runner = CliRunner()


def answers_of(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def test_new_with_defaults_renders_a_project_copier_can_update(tmp_path: Path) -> None:
    destination = tmp_path / "demo"
    result = runner.invoke(app, ["new", str(destination), "--defaults"])
    assert result.exit_code == 0, result.output
    answers = answers_of(destination)
    # A name any apiforge resolves, never a path of this machine (see docs/updating.md).
    assert answers["_src_path"] == "apiforge"
    assert answers["_commit"]
    assert "/" not in (destination / ".copier-answers.yml").read_text()
    assert (answers["flavour"], answers["database"], answers["routes"]) == (
        "sqlalchemy",
        "sqlite",
        "async",
    )
    assert (destination / "src" / "demo" / "main.py").is_file()


def test_options_and_data_become_answers(tmp_path: Path) -> None:
    destination = tmp_path / "svc"
    result = runner.invoke(
        app,
        [
            "new",
            str(destination),
            "--defaults",
            "--database",
            "postgresql",
            "--routes",
            "sync",
            "--data",
            "project_name=Billing",
            "-d",
            "example_resource=false",
        ],
    )
    assert result.exit_code == 0, result.output
    answers = answers_of(destination)
    assert (answers["database"], answers["routes"]) == ("postgresql", "sync")
    assert answers["package_name"] == "billing"
    assert answers["example_resource"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "package_name=os"], "standard-library"),
        (["--data", "novalue"], "--data expects KEY=VALUE"),
        (["--data", "=x"], "--data expects KEY=VALUE"),
    ],
)
def test_bad_input_fails_clearly_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    destination = tmp_path / "demo"
    # HEAD: a checkout without version tags would print a notice before the error.
    result = runner.invoke(app, ["new", str(destination), "--defaults", "--vcs-ref", "HEAD", *args])
    assert_refused(result)
    assert message in result.output
    assert not destination.exists()


def test_refuses_a_non_empty_destination(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["new", str(tmp_path), "--defaults"])
    assert_refused(result)
    assert "not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_unknown_choice_is_refused_by_the_cli(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "x"), "--defaults", "--database", "oracle"])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_vcs_ref_picks_the_template_version(tmp_path: Path) -> None:
    destination = tmp_path / "demo"
    result = runner.invoke(app, ["new", str(destination), "--defaults", "--vcs-ref", "HEAD"])
    assert result.exit_code == 0, result.output
    assert answers_of(destination)["_commit"]
