"""`apiforge add ...`: read the project, plan, verify, apply all at once, report.

Each step only takes what the step before it produced.
"""

from collections.abc import Callable
from pathlib import Path

import typer

from .apply import ApplyError, apply_changes
from .cst_edits import AnchorError, ClashError
from .fields import FieldError
from .flavours import Flavour, flavour_for
from .flavours.sqlalchemy import MigrationError
from .naming import NamingError
from .plan import Plan, VerifyError, verify
from .planner import PlanError
from .project import ProjectError, read_project
from .pyformat import FormatError
from .report import error, report
from .requests import RequestError

# Plans one command for a flavour, in the route style (True: async) it resolved to.
Planner = Callable[[Flavour, bool], Plan]
REFUSALS = (
    ProjectError,
    NamingError,
    FieldError,
    RequestError,
    PlanError,
    ClashError,
    MigrationError,
    FormatError,
    VerifyError,
)


def run(project_dir: Path | None, planner: Planner, *, is_async: bool | None, dry_run: bool) -> int:
    """The exit code of one `add` command; prints its report.

    `is_async` None takes the project's default style.
    """
    try:
        project = read_project(project_dir or Path.cwd())
        style = project.is_async if is_async is None else is_async
        plan = planner(flavour_for(project), style)
        verify(plan)
    except AnchorError as refusal:
        error(str(refusal), refusal.lines)
        return 1
    except REFUSALS as refusal:
        error(str(refusal))
        return 1
    conflicts = plan.conflicts
    report(plan, refused=bool(conflicts), diffs=dry_run)
    if conflicts:
        paths = ", ".join(change.path for change in conflicts)
        error(f"{paths} exist(s) and differ(s): nothing was written (--force overwrites)")
        return 1
    if dry_run:
        typer.echo("dry run: no changes were made")
        return 0
    try:
        apply_changes(project.root, plan.writes)
    except ApplyError as failure:
        error(f"{failure}; the project was left as it was")
        return 1
    return 0
