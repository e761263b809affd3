"""The command: `apiforge check`, and `python -m tools.apiforge_check` in generated projects."""

from pathlib import Path
from typing import Annotated

import typer

from .output import Format, render
from .runner import SettingsError, load_settings, run

app = typer.Typer(add_completion=False)


def _codes(text: str) -> list[str]:
    return [code.strip().upper() for code in text.split(",") if code.strip()]


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files and directories to check (default: .)", exists=True),
    ] = None,
    output: Annotated[
        Format, typer.Option("--format", help="text, json, or github (GitHub Actions annotations)")
    ] = Format.text,
    select: Annotated[
        str,
        typer.Option(help="Rule codes or prefixes to check, comma-separated (default: all)"),
    ] = "",
    ignore: Annotated[
        str, typer.Option(help="Rule codes or prefixes not to check, comma-separated")
    ] = "",
) -> None:
    """Check the async checklist: exit 0 when clean, 1 with findings, 2 on a usage error.

    `# noqa: CODE` silences a finding on its line. A project's pyproject.toml sets
    `select`, `ignore` and `exclude` (globs) in its `tool.apiforge.check` table.
    """
    paths = paths or [Path(".")]
    try:
        settings = load_settings(paths, _codes(select), _codes(ignore))
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    files, findings = run(paths, settings)
    typer.echo(render(findings, files, output))
    raise typer.Exit(code=1 if findings else 0)
