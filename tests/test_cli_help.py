"""Every command's help shows all the text the code declares for it (Rich markup eats `[word]`)."""

import re
from collections.abc import Iterator

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from apiforge.cli import app

runner = CliRunner()

# Wide enough that no line wraps; the normalisation below copes if one does.
WIDE = {"COLUMNS": "400"}
PANEL = re.compile(r"[│╭╮╰╯─]")


def commands() -> Iterator[tuple[list[str], object]]:
    """(arguments, command) for the root and every command and group below it."""
    todo: list[tuple[list[str], object]] = [([], get_command(app))]
    while todo:
        path, command = todo.pop(0)
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            todo.append(([*path, name], sub))


def flat(text: str) -> str:
    return " ".join(text.split())


def declared(command: object) -> list[str]:
    """The help the code gives the command and each of its parameters, as it should read:
    `\\[` is how a help string keeps a `[` from Rich."""
    texts = [getattr(command, "help", None)]
    texts += [getattr(param, "help", None) for param in getattr(command, "params", [])]
    return [flat(text.replace("\\[", "[")) for text in texts if text]


ALL = list(commands())


def test_the_walk_finds_every_command() -> None:
    paths = {" ".join(path) for path, _ in ALL}
    assert {"", "new", "update", "add", "add resource", "add route", "add helper"} <= paths


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "apiforge" for p, _ in ALL])
def test_help_shows_every_declared_text(path: list[str], command: object) -> None:
    result = runner.invoke(app, [*path, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    shown = flat(PANEL.sub(" ", result.stdout))
    texts = declared(command)
    assert texts, f"{path}: no help declared"
    for text in texts:
        assert text in shown, f"`{' '.join(path)} --help` lost text of:\n{text}\n---\n{shown}"
