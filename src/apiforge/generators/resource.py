"""`apiforge add resource`: model, migration, schemas, helper, CRUD routes and tests, and the
registry edits that make the project serve them."""

from ..cst_edits import AnchorError
from ..fields import parse_fields
from ..flavours import Flavour
from ..plan import Change, read_text
from ..rendering import Style, blueprint_context, render
from ..resources import new_resource
from .steps import PlanError, formatted


def plan_resource(
    flavour: Flavour,
    name: str,
    fields: str,
    *,
    singular: str | None,
    plural: str | None,
    is_async: bool,
) -> list[Change]:
    names = new_resource(flavour, name, singular=singular, plural=plural)
    style = Style(is_async, resource_is_async=is_async)
    context = blueprint_context(flavour, names, style, fields=parse_fields(fields))
    for clash in flavour.clashes(names):
        raise PlanError(f"resource {names.module!r} would clash with {clash}")
    created = {
        path: render(blueprint, context)
        for path, blueprint in flavour.resource_files(names).items()
    }
    migration = flavour.migration(names, context)
    created[migration.path] = migration.new
    root, edits = flavour.project.root, []
    for registration in flavour.registrations(names):
        old = read_text(root, registration.path)
        if old is None:
            raise AnchorError(
                f"{registration.path}: the registry file is missing", registration.lines
            )
        try:
            new = registration.edit(old)
        except AnchorError as error:  # hand over every line of the registration, not one
            raise AnchorError(str(error), registration.lines) from None
        edits.append(Change(registration.path, old, new, owned=False))
    return formatted(flavour, created, edits)
