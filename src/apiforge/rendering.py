"""Render the blueprints shipped in this package with Jinja, as Copier renders them, from the
one context every blueprint receives.

Inside blueprints, includes and imports name their path in the apiforge repository
(`src/apiforge/blueprints/fields.jinja`), which is how Copier sees them from `template/`;
the loader maps that prefix to the installed `blueprints/` directory.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:
    from .fields import Field
    from .flavours import Flavour
    from .naming import ResourceNames

BLUEPRINTS = Path(__file__).parent / "blueprints"
REPO_PREFIX = "src/apiforge/blueprints/"


@dataclass(frozen=True)
class Style:
    """Which generated code is async, decided once per command.

    `is_async` is the style of what the command adds (its `--async/--sync` flag, else the
    project's default); `resource_is_async` the style of the resource it grows, whose tests
    keep the style they were generated in. Async is chosen per route: both may differ.
    Blueprints spell the words (`async `, `await `, `_async`) in `style.jinja`.
    """

    is_async: bool
    resource_is_async: bool


def project_context(flavour: "Flavour", *, is_async: bool, **unit: Any) -> dict[str, Any]:
    """What every blueprint receives: the project, the style of what the command adds, and
    the unit it adds (`client=...`). Units that grow a resource use `blueprint_context`."""
    return {
        "package_name": flavour.project.package_name,
        "flavour": flavour.name,
        "is_async": is_async,
        **unit,
    }


def blueprint_context(
    flavour: "Flavour",
    names: "ResourceNames",
    style: Style,
    *,
    fields: "list[Field] | None" = None,
    **unit: Any,
) -> dict[str, Any]:
    """The project context, the resource and its style, and the unit the command adds
    (`route=...`, `helper=...`).

    `resource.fields` is there when the command knows the fields: when it creates the
    resource. `starter.jinja` spells the same shape for the resource `copier copy` renders.
    """
    resource: dict[str, Any] = {
        "singular": names.singular,
        "plural": names.plural,
        "module": names.module,
        "class_name": names.class_name,
        "helper_class": names.helper_class,
        "table": names.table,
        "url": names.url,
    }
    if fields is not None:
        resource["fields"] = [field.as_context() for field in fields]
    return project_context(
        flavour,
        is_async=style.is_async,
        resource=resource,
        resource_is_async=style.resource_is_async,
        **unit,
    )


class BlueprintLoader(jinja2.BaseLoader):
    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        relative = template.removeprefix(REPO_PREFIX)
        path = BLUEPRINTS / relative
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return path.read_text(), str(path), lambda: path.stat().st_mtime == mtime


@cache
def environment() -> jinja2.Environment:
    # Copier's defaults: keep a file's trailing newline, no autoescaping of Python code.
    # Compiling the blueprints is most of a command's rendering time: Jinja keeps the
    # compiled code in its per-user temporary directory, keyed by each source's checksum.
    return jinja2.Environment(
        loader=BlueprintLoader(),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def render(name: str, context: dict[str, Any]) -> str:
    """The blueprint `name` (relative to `blueprints/`) rendered with `context`."""
    return environment().get_template(REPO_PREFIX + name).render(**context)
