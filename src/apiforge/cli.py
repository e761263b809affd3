"""The `apiforge` command line. Heavy imports (Copier, libcst, Jinja) wait until a command runs."""

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .check.command import check
from .errors import ApiforgeError


class Commands(TyperGroup):
    """The one place an ApiforgeError from any command becomes an error message and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ApiforgeError as refusal:
            from .report import error

            error(str(refusal), refusal.lines)
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=Commands,
    help="Start and grow async-ready Python API services.",
    no_args_is_help=True,
)


class FlavourName(StrEnum):
    sqlalchemy = "sqlalchemy"
    django = "django"


class Database(StrEnum):
    sqlite = "sqlite"
    postgresql = "postgresql"


class Routes(StrEnum):
    async_ = "async"
    sync = "sync"


class Method(StrEnum):
    get = "get"
    post = "post"
    put = "put"
    patch = "patch"
    delete = "delete"


@app.callback()
def main() -> None:
    """Start and grow async-ready Python API services."""


@app.command()
def new(
    destination: Annotated[Path, typer.Argument(help="Directory of the new project")],
    flavour: Annotated[FlavourName | None, typer.Option(help="Framework flavour")] = None,
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
        typer.Option(help="Template path or git URL (default: the template apiforge carries)"),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option(help="Template version: a tag or commit (default: the one apiforge carries)"),
    ] = None,
) -> None:
    """Generate a new service from the template."""
    from .answers import parse_data
    from .new import new_project
    from .template_source import installed_source

    answers = parse_data(data or [])
    for key, choice in (("flavour", flavour), ("database", database), ("routes", routes)):
        if choice is not None:
            answers[key] = choice.value
    new_project(
        destination, template or installed_source(), answers, defaults=defaults, vcs_ref=vcs_ref
    )


app.command()(check)


@app.command()
def update(
    project_dir: Annotated[
        Path | None,
        typer.Option(
            "--project-dir",
            help="The project to update (default: the current directory or the nearest parent"
            " holding .copier-answers.yml)",
            file_okay=False,
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option(
            help="Template version to update to: a tag or commit (default: the one apiforge"
            " carries)"
        ),
    ] = None,
    trust: Annotated[
        bool,
        typer.Option("--trust", help="Let the release's migrations run (renamed files need it)"),
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Change an answer: KEY=VALUE (repeatable)"),
    ] = None,
) -> None:
    """Bring template improvements into a generated project (`copier update --defaults`).

    Exits non-zero if the project is not a clean git checkout, or if conflicts are left.
    """
    from .answers import parse_data
    from .update import update_project

    update_project(project_dir, parse_data(data or []), vcs_ref=vcs_ref, trust=trust)
    typer.echo("updated: review `git diff`, run the tests, then commit")


add_app = typer.Typer(
    help="Add a resource, a route, a helper or an upstream client to the project in the"
    " current directory.",
    no_args_is_help=True,
)
app.add_typer(add_app, name="add")

ProjectDir = Annotated[
    Path | None,
    typer.Option(
        "--project-dir",
        help="The project to change (default: the current directory or the nearest parent"
        " holding .copier-answers.yml)",
        file_okay=False,
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print each action and a diff of every file; write nothing"),
]
Force = Annotated[
    bool, typer.Option("--force", help="Overwrite generated files that differ from the blueprint")
]
AsyncStyle = Annotated[
    bool | None,
    typer.Option(
        "--async/--sync",
        # The backslash keeps Rich from reading `[tool.apiforge]` as markup, which it drops.
        help="async def routes and *_async helpers, or plain def (default: the project's"
        " `routes` answer, or `routes` under \\[tool.apiforge] in its pyproject.toml)",
        show_default=False,
    ),
]
ResourceArg = Annotated[
    str, typer.Argument(help="The resource, singular or plural (`banner` or `banners`)")
]


@add_app.command("resource")
def add_resource(
    name: ResourceArg,
    fields: Annotated[
        str,
        typer.Option(
            help='Space-separated NAME:TYPE[?][=DEFAULT][:unique], e.g. "title:str:unique'
            ' views:int=0 published_at:datetime?"; types: str text int float bool datetime date',
        ),
    ] = "",
    singular: Annotated[
        str | None,
        typer.Option(
            help="The singular, where English has none apart from the plural or the library"
            " guesses wrong: `apiforge add resource news --singular news_item`"
        ),
    ] = None,
    plural: Annotated[
        str | None,
        typer.Option(
            help="The plural, where the library guesses wrong: `apiforge add resource menu"
            " --plural menus`; later commands find the resource by either form"
        ),
    ] = None,
    is_async: AsyncStyle = None,
    dry_run: DryRun = False,
    force: Force = False,
    project_dir: ProjectDir = None,
) -> None:
    """Create a resource: model, migration, schemas, helper, CRUD routes and tests."""
    from .add import run
    from .generators.resource import plan_resource

    planner = partial(plan_resource, name=name, fields=fields, singular=singular, plural=plural)
    run(project_dir, planner, is_async=is_async, dry_run=dry_run, force=force)


@add_app.command("route")
def add_route(
    resource: ResourceArg,
    name: Annotated[str, typer.Argument(help="The route's function name (snake_case)")],
    method: Annotated[Method, typer.Option(help="HTTP method", case_sensitive=False)] = Method.get,
    path: Annotated[
        str | None,
        typer.Option(
            help="Path below the resource's prefix (default: /{<singular>_id}/<name>);"
            " use / for the collection"
        ),
    ] = None,
    is_async: AsyncStyle = None,
    dry_run: DryRun = False,
    force: Force = False,
    project_dir: ProjectDir = None,
) -> None:
    """Add an endpoint to a resource's router, a matching helper method and tests."""
    from .add import run
    from .generators.route import plan_route

    planner = partial(plan_route, resource=resource, name=name, method=method.value, path=path)
    run(project_dir, planner, is_async=is_async, dry_run=dry_run, force=force)


@add_app.command("helper")
def add_helper(
    resource: ResourceArg,
    name: Annotated[
        str, typer.Argument(help="The method's name; async helpers get the _async suffix")
    ],
    is_async: AsyncStyle = None,
    dry_run: DryRun = False,
    force: Force = False,
    project_dir: ProjectDir = None,
) -> None:
    """Add a method to a resource's helper class, and a test that calls it."""
    from .add import run
    from .generators.helper import plan_helper

    planner = partial(plan_helper, resource=resource, name=name)
    run(project_dir, planner, is_async=is_async, dry_run=dry_run, force=force)


@add_app.command("client")
def add_client(
    name: Annotated[
        str, typer.Argument(help="The upstream service (`weather-api` -> module weather_api)")
    ],
    base_url: Annotated[
        str,
        typer.Option(
            help="The service's absolute http(s) URL: the settings default and .env.example's"
        ),
    ],
    is_async: AsyncStyle = None,
    dry_run: DryRun = False,
    force: Force = False,
    project_dir: ProjectDir = None,
) -> None:
    """Add a client of another HTTP service: its settings and client class, a route that calls
    it, tests against a real server; registered in UPSTREAMS, the routers and .env.example."""
    from .add import run
    from .generators.client import plan_client

    planner = partial(plan_client, name=name, base_url=base_url, force=force)
    run(project_dir, planner, is_async=is_async, dry_run=dry_run, force=force)


if __name__ == "__main__":
    app()
