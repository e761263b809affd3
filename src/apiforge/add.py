"""`apiforge add ...`: read the project, plan, apply all at once, report.

Each step only takes what the step before it produced; a refusal anywhere is an
ApiforgeError, which the CLI reports.
"""

from pathlib import Path
from typing import Protocol

import typer

from .apply import apply_changes
from .errors import ApiforgeError
from .flavours import Flavour, flavour_for
from .plan import Change, Plan
from .project import read_project
from .report import report


class Planner(Protocol):
    """One generator's planning function, its command's arguments bound: the changes for a
    flavour, in the style (`is_async`) the command resolved to."""

    def __call__(self, flavour: Flavour, *, is_async: bool) -> list[Change]: ...


def run(
    project_dir: Path | None,
    planner: Planner,
    *,
    is_async: bool | None,
    dry_run: bool,
    force: bool,
) -> None:
    """Plan one `add` command, print its report, and apply it unless `dry_run`.

    `is_async` None takes the project's default style.
    """
    project = read_project(project_dir or Path.cwd())
    style = project.is_async if is_async is None else is_async
    plan = Plan(planner(flavour_for(project), is_async=style), force=force)
    conflicts = plan.conflicts
    report(plan, refused=bool(conflicts), diffs=dry_run)
    if conflicts:
        paths = ", ".join(change.path for change in conflicts)
        raise ApiforgeError(
            f"{paths} exist(s) and differ(s): nothing was written (--force overwrites)"
        )
    if dry_run:
        typer.echo("dry run: no changes were made")
        return
    apply_changes(project.root, plan.writes)
