"""Every naming rule of apiforge, in one place.

A resource NAME may be given singular or plural, in snake_case, kebab-case or CamelCase.
It is normalised to snake_case, and its last word is inflected by `inflect` (a maintained
English inflection library: `mouse`/`mice`, `person`/`people`, `movie`/`movies`,
`cactus`/`cactuses`, `hero`/`heroes`). The word is read both ways, as a singular whose plural
leads back to it and as a plural whose singular leads back to it; when both readings work,
the one whose plural is more than the singular + `s` wins (`bus`/`buses`, not `bu`/`bus`;
`person`/`people`, not `people`/`peoples`), and otherwise a word ending in `s` is a plural.

A word whose singular and plural are the same (`news`, `species`, `sheep`) is refused: the
generated code needs two names. `--singular` and `--plural` give either form by hand.

From the plural: the module, the table, the URL (`/banners`). From the singular: the
model class (`Banner`), the helper class (`BannerHelper`), route and variable names.
"""

import keyword
import re
import sys
import types
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ApiforgeError

if TYPE_CHECKING:
    import inflect

ASYNC_SUFFIX = "_async"

# The longest name a user may give: a resource's singular or plural, a field, a route or a
# helper. Every generated line stays within the project's 100 columns up to this length.
MAX_NAME_LENGTH = 40
# A plural inflected from a 40-character singular may be longer (`child` -> `children`).
MAX_PLURAL_LENGTH = MAX_NAME_LENGTH + 4

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# The snake_case name pycodestyle (ruff E741-E743) refuses because it reads like 1.
AMBIGUOUS_NAMES = frozenset({"l"})
# The class names it refuses (E742) for the same reason.
AMBIGUOUS_CLASSES = frozenset({"I", "O", "l"})

# Names the resource blueprints bind next to the resource's own names: a resource named
# after one of them would shadow it in the files it generates.
BLUEPRINT_NAMES = frozenset(
    {
        "changes", "created", "data", "db", "expected", "fetched", "helper", "ids", "method",
        "name", "page", "params", "payload", "query", "response", "row", "rows", "session",
        "self", "total", "updated", "value", "first", "last", "beyond", "duplicate",
        "client", "async_client", "create", "router", "func", "select", "op", "sa", "field",
        "counted",
    }
)  # fmt: skip
BLUEPRINT_CLASSES = frozenset(
    {
        "Annotated", "Any", "APIRouter", "AsyncClient", "AsyncSession", "Base", "BaseModel",
        "ColumnElement", "ConfigDict", "ConflictError", "Database", "DatabaseDep", "Depends",
        "Field", "HelperDep", "IntegrityError", "Mapped", "NotFoundError", "Page", "PageQuery",
        "Q", "Query", "Sequence", "Session", "TestClient",
    }
)  # fmt: skip


class NamingError(ApiforgeError):
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


@cache
def _inflect() -> "inflect.engine":
    """inflect's engine, imported without typeguard's instrumentation.

    inflect wraps its methods in typeguard's `@typechecked`, which re-reads and recompiles
    them on every import: about a second, more than the rest of `apiforge add` together
    (jaraco/inflect#212). Checking the types of our own `str` arguments buys nothing, so the
    import sees a `typechecked` that returns the method as it is.
    """
    saved = sys.modules.get("typeguard")
    stub = types.ModuleType("typeguard")
    stub.typechecked = lambda function: function  # type: ignore[attr-defined]
    sys.modules["typeguard"] = stub
    try:
        import inflect
    finally:
        if saved is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = saved
    return inflect.engine()


def _readings(word: str) -> list[tuple[str, str]]:
    """The (singular, plural) pairs `word` can be part of, the likeliest first."""
    engine = _inflect()
    readings = []
    plural = engine.plural_noun(word)
    if plural != word and engine.singular_noun(plural) == word:
        readings.append((word, plural))
    singular = engine.singular_noun(word)
    if singular and singular != word and engine.plural_noun(singular) == word:
        readings.append((singular, word))
    # inflect pluralises a plural again (`movies` -> `moviess`), and reads a singular in `s`
    # as a plural (`bus` -> `bu`): a plural that only adds `s` to its singular is the weaker
    # reading, and between two of those, a word ending in `s` is the plural.
    readings.sort(
        key=lambda pair: (pair[1] == pair[0] + "s", (pair[0] == word) == word.endswith("s"))
    )
    return readings


def singular_and_plural(word: str) -> tuple[str, str]:
    """The singular and plural of one snake_case word; NamingError when English has no
    two distinct forms for it."""
    readings = _readings(word)
    if readings:
        return readings[0]
    if _inflect().plural_noun(word) == word:
        raise NamingError(
            f"{word!r} is the same in the singular and the plural, and the generated code needs"
            f" two names: keep /{word} with --singular (e.g. --singular {word}_item)"
        )
    # A variant plural (`mangos`, inflect's `mangoes`): take it as given, by hand.
    singular = _inflect().singular_noun(word)
    example = f" (e.g. --singular {singular} --plural {word})" if singular else ""
    raise NamingError(
        f"{word!r} has no singular and plural that lead back to each other: give them by hand"
        f" with --singular and --plural{example}"
    )


def _last_word(snake: str, change: str) -> str:
    head = snake.rpartition("_")[0]
    return f"{head}_{change}" if head else change


def _pair(snake: str) -> tuple[str, str]:
    singular, plural = singular_and_plural(snake.rpartition("_")[2])
    return _last_word(snake, singular), _last_word(snake, plural)


def _inflected(snake: str) -> tuple[str, str]:
    """The singular and plural of a snake_case name: its last word is inflected."""
    forms = _pair(snake)
    # Both forms must lead back to the same names, or `add route` could not find it.
    for form in forms:
        if form != snake and _pair(form) != forms:
            raise NamingError(
                f"{forms[0]!r} / {forms[1]!r} do not lead back to each other ({form!r} reads as"
                f" {' / '.join(map(repr, _pair(form)))}): give the plural by hand,"
                f" e.g. --plural {forms[1]}"
            )
    return forms


def check_identifier(name: str, what: str) -> str:
    """`name` if it is a snake_case identifier of at most MAX_NAME_LENGTH characters and no
    keyword; NamingError otherwise."""
    if len(name) > MAX_NAME_LENGTH:
        raise NamingError(
            f"{what} {name!r} has {len(name)} characters; names are limited to"
            f" {MAX_NAME_LENGTH}, so that every generated line fits"
        )
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


def _other_form(snake: str, given: int) -> str:
    """The singular (`given` 1: `snake` is the plural) or the plural (`given` 0) of `snake`."""
    last = snake.rpartition("_")[2]
    for reading in _readings(last):
        if reading[given] == last:
            return _last_word(snake, reading[1 - given])
    wanted = ("plural", "singular")[given]
    raise NamingError(f"no {wanted} of {snake!r} found: give it with --{wanted}")


def _forms(name: str, singular: str | None, plural: str | None) -> tuple[str, str]:
    """The singular and plural of NAME, `--singular` and `--plural` overriding inflect."""
    snake = check_identifier(to_snake(name), "resource name")
    given_singular = singular and check_identifier(to_snake(singular), "--singular")
    given_plural = plural and check_identifier(to_snake(plural), "--plural")
    try:
        if given_singular and given_plural:
            if snake not in (given_singular, given_plural):
                raise NamingError(
                    f"NAME must be the --singular or the --plural given, not {name!r}"
                )
            return given_singular, given_plural
        if given_plural:
            return (snake if snake != given_plural else _other_form(snake, 1)), given_plural
        if given_singular:
            return given_singular, (snake if snake != given_singular else _other_form(snake, 0))
        return _inflected(snake)
    except NamingError as error:
        raise NamingError(f"resource name {name!r}: {error}") from None


def resource_names(
    name: str, *, singular: str | None = None, plural: str | None = None
) -> ResourceNames:
    """The names of a resource from the NAME a user typed (`banner` or `banners`), and the
    forms given by hand with `--singular` / `--plural`."""
    singular, plural = _forms(name, singular, plural)
    for form in (singular, plural):
        if not SNAKE_CASE.match(form):
            raise NamingError(
                f"resource name {name!r}: the inflected {form!r} is no snake_case name; give"
                " the forms with --singular and --plural"
            )
        if len(form) > MAX_PLURAL_LENGTH:
            raise NamingError(
                f"resource name {name!r}: {form!r} has {len(form)} characters, more than the"
                f" {MAX_PLURAL_LENGTH} an inflected form may have; choose a shorter name"
            )
    if singular == plural:
        raise NamingError(
            f"resource name {name!r}: the singular and the plural are both {singular!r}; the"
            " generated code needs two names"
        )
    for form in (singular, plural):
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
    if class_name in AMBIGUOUS_CLASSES:
        raise NamingError(
            f"resource name {name!r}: class {class_name!r} reads like a digit; choose a longer name"
        )
    if class_name in BLUEPRINT_CLASSES or keyword.iskeyword(class_name):
        raise NamingError(
            f"resource name {name!r}: class {class_name!r} would clash with a name the generated"
            " code imports"
        )
    return ResourceNames(singular, plural, class_name, f"{class_name}Helper")


# Modules of `integrations/` a client module would replace.
INTEGRATION_MODULES = frozenset({"upstream", "breaker", "clients", "cache", "concurrency"})
# Names the client blueprints bind next to the client's own: a client named after one of them
# would shadow it (its route takes the client as a parameter named after the module, and its
# tests bind it to a local variable).
CLIENT_BLUEPRINT_NAMES = frozenset(
    {
        "calls", "call_times", "ok", "slow", "failing", "flapping", "retry_after", "router",
        "fake_upstream", "upstream_url", "upstream_for", "serve_api", "settings", "request",
        "response", "upstream", "status", "self", "client", "app", "env", "started", "elapsed",
        "codes", "refused", "first", "second", "create_app", "create_api",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ClientNames:
    """The names of an upstream client: `weather-api` -> module `weather_api` (also its name
    in `app.state.upstreams`, logs and error details), classes `WeatherApiSettings` /
    `WeatherApiClient`, settings from `WEATHER_API_*`."""

    module: str

    @property
    def class_prefix(self) -> str:
        return to_pascal(self.module)

    @property
    def env_prefix(self) -> str:
        return f"{self.module.upper()}_"


def client_names(name: str) -> ClientNames:
    """The names of the client `add client NAME` creates, normalised as a resource's are."""
    module = check_identifier(to_snake(name), "client name")
    if module in INTEGRATION_MODULES:
        raise NamingError(
            f"client name {name!r}: integrations/{module}.py is part of the toolkit; choose"
            " another name"
        )
    if module in CLIENT_BLUEPRINT_NAMES:
        raise NamingError(
            f"client name {name!r}: {module!r} would shadow a name the generated code uses"
        )
    if module in reserved_names():
        raise NamingError(
            f"client name {name!r}: module {module!r} is a Python keyword or would shadow a"
            " standard-library or dependency module; choose another name"
        )
    return ClientNames(module)


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
