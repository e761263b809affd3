"""`apiforge new`: render the template into a new project with Copier's public API."""

from pathlib import Path

from copier import run_copy

from .answers import check_data


class NewProjectError(Exception):
    """The project could not be generated; nothing was left behind."""


def new_project(
    destination: Path,
    template: str,
    data: dict[str, str],
    *,
    defaults: bool,
    vcs_ref: str | None = None,
) -> None:
    """Render `template` at `vcs_ref` (default: its newest version tag) into `destination`.

    Raises AnswerError for an answer the template would not take as meant.
    """
    check_data(data, template)
    if destination.exists() and any(destination.iterdir()):
        raise NewProjectError(f"{destination} exists and is not empty: choose a new directory")
    try:
        run_copy(
            template,
            destination,
            data=data,
            # Name the project after its directory unless told otherwise.
            user_defaults={"project_name": destination.resolve().name},
            defaults=defaults,
            vcs_ref=vcs_ref,
        )
    except Exception as error:  # Copier's own errors, ValueError for a refused answer
        # Copier has already removed what it wrote (cleanup_on_error).
        raise NewProjectError(str(error)) from error
