"""`apiforge new`: render the template into a new project with Copier's public API."""

from collections.abc import Iterable
from pathlib import Path

from copier import run_copy


class NewProjectError(Exception):
    """The project could not be generated; nothing was left behind."""


def parse_data(pairs: Iterable[str]) -> dict[str, str]:
    """`["key=value", ...]` as a dict, refusing anything else."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise NewProjectError(f"--data expects KEY=VALUE, got {pair!r}")
        data[key.strip()] = value
    return data


def new_project(
    destination: Path,
    template: str,
    data: dict[str, str],
    *,
    defaults: bool,
    vcs_ref: str | None = None,
) -> None:
    """Render `template` at `vcs_ref` (default: its newest version tag) into `destination`."""
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
