"""What the user sees: one status line per action, diffs on --dry-run, errors on stderr."""

import typer

from .plan import Plan, Status

COLOURS = {
    Status.create: typer.colors.GREEN,
    Status.update: typer.colors.YELLOW,
    Status.identical: typer.colors.BLUE,
    Status.conflict: typer.colors.RED,
    Status.skip: typer.colors.YELLOW,
}


def status_line(status: Status, path: str) -> None:
    typer.secho(f"{status.value:>10}", fg=COLOURS[status], nl=False)
    typer.echo(f"  {path}")


def report(plan: Plan, *, refused: bool, diffs: bool) -> None:
    """One line per action; on a refused plan, whatever would have been written is `skip`."""
    for status, change in plan.statuses():
        if refused and status in (Status.create, Status.update):
            status = Status.skip
        status_line(status, change.path)
    if diffs:
        for change in plan.writes:
            typer.echo(change.diff(), nl=False)


def error(message: str, lines: str | None = None) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    if lines:
        typer.echo("add these lines by hand:", err=True)
        typer.echo(lines.rstrip("\n"), err=True)
