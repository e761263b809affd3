"""`apiforge new`: render the template into a new project with Copier's public API."""

from pathlib import Path

from copier import run_copy

from .answers import check_data
from .errors import ApiforgeError
from .template_source import TemplateSource


class NewProjectError(ApiforgeError):
    """The project could not be generated; nothing was left behind."""


def new_project(
    destination: Path,
    template: TemplateSource | str,
    data: dict[str, str],
    *,
    defaults: bool,
    vcs_ref: str | None = None,
) -> None:
    """Render `template` at `vcs_ref` into `destination`.

    The default version is the commit apiforge carries (for a path or URL, its newest tag).
    Raises AnswerError for an answer the template would not take as meant.
    """
    check_data(data, template, vcs_ref)
    if destination.exists() and any(destination.iterdir()):
        raise NewProjectError(f"{destination} exists and is not empty: choose a new directory")
    # Copier runs in a scratch directory when the template is apiforge's own.
    destination = destination.resolve()

    def copy(source: str, ref: str | None) -> None:
        run_copy(
            source,
            destination,
            data=data,
            # Name the project after its directory unless told otherwise.
            user_defaults={"project_name": destination.name},
            defaults=defaults,
            vcs_ref=ref,
        )

    try:
        if isinstance(template, TemplateSource):
            with template.as_template_id() as source:
                copy(source, template.ref(vcs_ref))
        else:
            copy(template, vcs_ref)
    except Exception as error:  # Copier's, a refused answer (ValueError), TemplateSourceError
        # Copier has already removed what it wrote (cleanup_on_error).
        raise NewProjectError(str(error)) from error
