"""The `apiforge` command line. Heavy imports (Copier, libcst, Jinja) wait until a command runs."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Start and grow async-ready Python API services.",
    no_args_is_help=True,
)


class Flavour(str, Enum):
    sqlalchemy = "sqlalchemy"
    django = "django"


class Database(str, Enum):
    sqlite = "sqlite"
    postgresql = "postgresql"


class Routes(str, Enum):
    async_ = "async"
    sync = "sync"


@app.callback()
def main() -> None:
    """Start and grow async-ready Python API services."""


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=1)


@app.command()
def new(
    destination: Annotated[Path, typer.Argument(help="Directory of the new project")],
    flavour: Annotated[Flavour | None, typer.Option(help="Framework flavour")] = None,
    database: Annotated[Database | None, typer.Option(help="Default database")] = None,
    routes: Annotated[Routes | None, typer.Option(help="Generated routes: async or sync")] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Take the default of every question not answered")
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Answer a question: KEY=VALUE (repeatable)"),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(help="Template path or git URL (default: this apiforge checkout)"),
    ] = None,
) -> None:
    """Generate a new service from the template."""
    from .new import NewProjectError, new_project, parse_data
    from .template_source import default_template

    source = template or default_template()
    if source is None:
        raise fail("no template found: pass --template PATH_OR_GIT_URL")
    try:
        answers = parse_data(data or [])
        for key, choice in (("flavour", flavour), ("database", database), ("routes", routes)):
            if choice is not None:
                answers[key] = choice.value
        new_project(destination, str(source), answers, defaults=defaults)
    except NewProjectError as error:
        raise fail(str(error)) from None


if __name__ == "__main__":
    app()
