"""The steps generators share: read a resource's files and style, render snippets, format."""

import textwrap

from ..cst_edits import AnchorError
from ..errors import ApiforgeError
from ..flavours import Flavour
from ..naming import ResourceNames
from ..plan import Change, read_text
from ..pyformat import format_files
from ..rendering import Style, render
from ..source_facts import class_methods

# Methods render as a class body, so ruff lays them out as it would inside the class.
WRAPPER = "class _Wrapper:\n"


class PlanError(ApiforgeError):
    """The command cannot be planned as asked; the message says why."""


def existing(flavour: Flavour, path: str, names: ResourceNames) -> str:
    """The text of one of the resource's files; PlanError when the resource has no such file."""
    text = read_text(flavour.project.root, path)
    if text is None:
        raise PlanError(
            f"no resource {names.module!r}: {path} is missing"
            f" (create it with `apiforge add resource {names.module}`)"
        )
    return text


def resource_style(flavour: Flavour, names: ResourceNames, helpers: str, is_async: bool) -> Style:
    """`is_async` for what the command adds, and the style the resource was generated in,
    told by its `create_*` helper."""
    methods = class_methods(helpers, names.helper_class)
    if methods is None:
        raise AnchorError(
            f"{flavour.helpers_file(names)}: no class {names.helper_class}",
            f"class {names.helper_class}:",
        )
    create = f"create_{names.singular}"
    if f"{create}_async" in methods:
        return Style(is_async, resource_is_async=True)
    if create in methods:
        return Style(is_async, resource_is_async=False)
    raise PlanError(f"{names.helper_class} has no {create}() helper for the generated tests")


def snippets(
    flavour: Flavour, blueprints: dict[str, str], context: dict[str, object]
) -> dict[str, str]:
    """Render and format snippet blueprints (key -> blueprint); keys ending in `.method`
    render inside a class."""
    texts = {}
    for key, blueprint in blueprints.items():
        text = render(blueprint, context) + "\n"
        if key.endswith(".method"):
            text = WRAPPER + textwrap.indent(text, "    ")
        texts[f"{key}.py"] = text
    formatted = format_files(flavour.project.root, texts, checked=list(texts))
    return {key.removesuffix(".py"): text for key, text in formatted.items()}


def formatted(flavour: Flavour, created: dict[str, str], edits: list[Change]) -> list[Change]:
    """The changes: created files formatted, and edited files formatted when the project
    already keeps them formatted (else only the inserted lines are)."""
    batch = dict(created)
    for edit in edits:
        batch[f"_old/{edit.path}"] = edit.old or ""
        batch[f"_new/{edit.path}"] = edit.new
    result = format_files(flavour.project.root, batch, checked=list(created))
    root = flavour.project.root
    changes = [Change(path, read_text(root, path), result[path], owned=True) for path in created]
    for edit in edits:
        stable = result[f"_old/{edit.path}"] == edit.old
        new = result[f"_new/{edit.path}"] if stable else edit.new
        changes.append(Change(edit.path, edit.old, new, owned=False))
    return changes
