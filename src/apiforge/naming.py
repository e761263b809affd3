"""Every naming rule of apiforge, in one place.

A resource NAME may be given singular or plural, in snake_case, kebab-case or CamelCase.
It is normalised to snake_case; the rule below then works on its last word:

- `...ies` is plural of `...y` (`categories` -> `category`);
- `...sses`, `...xes`, `...zes`, `...ches`, `...shes` are plural of the word without `es`;
- `...s` is plural (unless it ends in `ss`, `us` or `is`, which are singular);
- anything else is singular, and its plural is `...ies` after a consonant + `y`,
  `...es` after `s`, `x`, `z`, `ch`, `sh`, and `...s` otherwise;
- a short table holds irregular pairs (`person`/`people`, `status`/`statuses`...).

A name whose two forms would not lead back to each other (`campus` is in the table,
`cactus` is not: `cactuses` would read back as `cactuse`) is refused.

From the plural: the module, the table, the URL (`/banners`). From the singular: the
model class (`Banner`), the helper class (`BannerHelper`), route and variable names.
"""

import keyword
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ASYNC_SUFFIX = "_async"

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# The snake_case name pycodestyle (ruff E741-E743) refuses because it reads like 1.
AMBIGUOUS_NAMES = frozenset({"l"})

# Names the resource blueprints bind next to the resource's own names: a resource named
# after one of them would shadow it in the files it generates.
BLUEPRINT_NAMES = frozenset(
    {
        "changes", "created", "data", "db", "expected", "fetched", "helper", "ids", "method",
        "name", "page", "params", "payload", "query", "response", "row", "rows", "session",
        "self", "status", "total", "updated", "value", "first", "last", "beyond", "duplicate",
        "client", "async_client", "create", "router", "func", "select", "op", "sa", "field",
    }
)  # fmt: skip
BLUEPRINT_CLASSES = frozenset(
    {
        "Annotated", "Any", "APIRouter", "AsyncClient", "AsyncSession", "Base", "BaseModel",
        "ConfigDict", "ConflictError", "Database", "DatabaseDep", "Depends", "Field",
        "HelperDep", "IntegrityError", "Mapped", "NotFoundError", "Page", "PageDep",
        "Sequence", "Session", "TestClient",
    }
)  # fmt: skip


class NamingError(ValueError):
    """A name the CLI refuses, with the reason in its message."""


@cache
def reserved_names() -> frozenset[str]:
    """Keywords, standard-library and dependency modules: the list copier.yml validates with."""
    text = (Path(__file__).parent / "blueprints" / "reserved_names.txt").read_text()
    return frozenset(text.split())


def to_snake(name: str) -> str:
    """`BlogPost`, `blog-post`, `Blog Post` -> `blog_post`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[-\s]+", "_", spaced).lower()


def to_pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


# English has no rule for these; the table keeps both directions of each pair.
IRREGULAR_PLURALS = {
    "analysis": "analyses",
    "bonus": "bonuses",
    "bus": "buses",
    "campus": "campuses",
    "child": "children",
    "crisis": "crises",
    "person": "people",
    "status": "statuses",
    "virus": "viruses",
}
IRREGULAR_SINGULARS = {plural: singular for singular, plural in IRREGULAR_PLURALS.items()}


def _is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def singular_of(word: str) -> str:
    if word in IRREGULAR_SINGULARS or word in IRREGULAR_PLURALS:
        return IRREGULAR_SINGULARS.get(word, word)
    if not _is_plural(word):
        return word
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def plural_of(word: str) -> str:
    if word in IRREGULAR_SINGULARS or word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS.get(word, word)
    if _is_plural(word):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _last_word(snake: str, change: str) -> str:
    head = snake.rpartition("_")[0]
    return f"{head}_{change}" if head else change


def check_identifier(name: str, what: str) -> str:
    """`name` if it is a snake_case identifier and no keyword; NamingError otherwise."""
    if not SNAKE_CASE.match(name):
        raise NamingError(
            f"{what} {name!r} must be snake_case: a lowercase letter, then lowercase letters"
            " and digits, words joined by single underscores"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise NamingError(f"{what} {name!r} is a Python keyword; choose another name")
    if name in AMBIGUOUS_NAMES:
        raise NamingError(f"{what} {name!r} reads like the digit 1; choose a longer name")
    return name


@dataclass(frozen=True)
class ResourceNames:
    singular: str
    plural: str
    class_name: str
    helper_class: str

    @property
    def module(self) -> str:
        return self.plural

    @property
    def table(self) -> str:
        return self.plural

    @property
    def url(self) -> str:
        return f"/{self.plural}"


def resource_names(name: str) -> ResourceNames:
    """The names of a resource from the NAME a user typed (`banner` or `banners`)."""
    snake = check_identifier(to_snake(name), "resource name")
    last = singular_of(snake.rpartition("_")[2])
    plural_last = plural_of(last)
    if last == plural_last or singular_of(plural_last) != last or singular_of(last) != last:
        # Both forms must lead back to the same names, or `add route` could not find it.
        raise NamingError(
            f"resource name {name!r}: no unambiguous singular and plural"
            f" ({last!r} / {plural_last!r}); choose another name"
        )
    singular, plural = _last_word(snake, last), _last_word(snake, plural_last)
    for form in (singular, plural):
        check_identifier(form, "resource name")
        if form in BLUEPRINT_NAMES or form.endswith(ASYNC_SUFFIX):
            raise NamingError(
                f"resource name {name!r}: {form!r} would shadow a name the generated code uses"
            )
    if plural in reserved_names():
        raise NamingError(
            f"resource name {name!r}: module {plural!r} is a Python keyword or would shadow a"
            " standard-library or dependency module; choose another name"
        )
    class_name = to_pascal(singular)
    if class_name in BLUEPRINT_CLASSES or keyword.iskeyword(class_name):
        raise NamingError(
            f"resource name {name!r}: class {class_name!r} would clash with a name the generated"
            " code imports"
        )
    return ResourceNames(singular, plural, class_name, f"{class_name}Helper")


def helper_method_name(name: str, *, is_async: bool) -> str:
    """A helper method's name: async helpers end in `_async` (added when omitted)."""
    check_identifier(name, "helper name")
    if is_async:
        return name if name.endswith(ASYNC_SUFFIX) else name + ASYNC_SUFFIX
    if name.endswith(ASYNC_SUFFIX):
        raise NamingError(
            f"helper name {name!r} ends in {ASYNC_SUFFIX!r}, which marks async helpers:"
            " drop the suffix for a sync helper, or pass --async"
        )
    return name


def route_name(name: str) -> str:
    """A route function's name; the `_async` suffix belongs to helpers, not routes."""
    check_identifier(name, "route name")
    if name.endswith(ASYNC_SUFFIX):
        raise NamingError(
            f"route name {name!r} ends in {ASYNC_SUFFIX!r}: routes are named without it"
            " (their helper gets the suffix)"
        )
    return name
