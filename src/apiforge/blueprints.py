"""Render the blueprints shipped in this package with Jinja, as Copier renders them.

Inside blueprints, includes and imports name their path in the apiforge repository
(`src/apiforge/blueprints/fields.jinja`), which is how Copier sees them from `template/`;
the loader maps that prefix to the installed `blueprints/` directory.
"""

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

BLUEPRINTS = Path(__file__).parent / "blueprints"
REPO_PREFIX = "src/apiforge/blueprints/"


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


def render(name: str, **context: Any) -> str:
    """The blueprint `name` (relative to `blueprints/`) rendered with `context`."""
    return environment().get_template(REPO_PREFIX + name).render(**context)
