"""The resources a project already has, and how a NAME on the command line finds one.

A resource is read back from its helper class: `class <Class>Helper` in
`<module>/helpers.py` with a `create_<singular>` method (`_async` or not) whose singular
gives `<Class>`. So a resource keeps the names it was created with, `--singular` and
`--plural` included, and any later command finds it by either of them.
"""

from .flavours import Flavour
from .naming import NamingError, ResourceNames, resource_names, to_pascal, to_snake
from .source_facts import classes

HELPER_SUFFIX = "Helper"


def existing_resources(flavour: Flavour) -> list[ResourceNames]:
    root = flavour.project.root
    found = []
    for path in sorted(root.glob(flavour.helpers_pattern)):
        module = path.parent.name
        for helper_class, methods in classes(path.read_text(errors="replace")).items():
            class_name = helper_class.removesuffix(HELPER_SUFFIX)
            singulars = {
                method.removeprefix("create_").removesuffix("_async")
                for method in methods
                if method.startswith("create_")
            }
            for singular in sorted(singulars):
                if helper_class.endswith(HELPER_SUFFIX) and to_pascal(singular) == class_name:
                    found.append(ResourceNames(singular, module, class_name, helper_class))
    return found


def _match(existing: list[ResourceNames], name: str) -> ResourceNames | None:
    snake = to_snake(name)
    for names in existing:
        if snake == names.plural:
            return names
    for names in existing:
        if snake == names.singular:
            return names
    return None


def find_resource(flavour: Flavour, name: str) -> ResourceNames:
    """The existing resource NAME (singular or plural) names, else the names inflect gives
    (which then fail with "no resource ..." when the plan reads its files)."""
    return _match(existing_resources(flavour), name) or resource_names(name)


def new_resource(
    flavour: Flavour, name: str, *, singular: str | None, plural: str | None
) -> ResourceNames:
    """The names of the resource `add resource NAME` creates (or renders again, when NAME
    is an existing resource and no form is given by hand)."""
    existing = existing_resources(flavour)
    if singular is None and plural is None:
        match = _match(existing, name)
        if match:
            return match
    names = resource_names(name, singular=singular, plural=plural)
    ours = {names.singular, names.plural}
    for other in existing:
        if other.module != names.module and (
            {other.singular, other.plural} & ours or other.class_name == names.class_name
        ):
            raise NamingError(
                f"resource {names.plural!r} (singular {names.singular!r}) would clash with the"
                f" existing resource {other.plural!r} (singular {other.singular!r}, class"
                f" {other.class_name}); to grow that one, name it {other.plural!r}"
            )
    return names
