"""The `--fields` syntax: `NAME:TYPE[?][=DEFAULT][:unique]`, separated by spaces.

`?` makes a field optional (nullable), `=DEFAULT` gives it a default, `:unique` a unique
constraint: `"title:str:unique body:text? views:int=0 active:bool=true"`.
"""

import json
from dataclasses import asdict, dataclass
from typing import Any

from .errors import ApiforgeError
from .naming import NamingError, check_identifier

TYPES = ("str", "text", "int", "float", "bool", "datetime", "date")

# Names a field may not take, because the generated code needs them next to the fields.
RESERVED_FIELDS = frozenset(
    # Every table's primary key.
    {"id", "pk"}
    # Read in the class bodies after the fields: a field of that name would hide it.
    | {"str", "int", "float", "bool", "date", "datetime", "mapped_column", "models",
       "field_validator", "classmethod", "object"}
    # SQL keywords SQLAlchemy does not quote, as SQLite or PostgreSQL need.
    | {"nothing", "returning", "collation", "concurrently", "lateral", "tablesample"}
    # The list's query parameters other than the fields, which are also its helper's keyword
    # arguments (`self` included): a field of that name would have two meanings.
    | {"self", "search", "sort", "limit", "offset"}
    # SQLAlchemy's declarative base.
    | {"metadata", "registry", "awaitable_attrs"}
    # pydantic's BaseModel and its metaclass (its `model_*` names are refused by prefix), and
    # the keyword arguments its mypy plugin gives `__init__`.
    | {"mro", "register", "kwargs", "copy", "dict", "json", "schema", "schema_json", "construct",
       "validate", "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs"}
    # Django's Model, its metaclass and its default manager.
    | {"add_to_class", "objects", "check", "clean", "clean_fields", "full_clean", "validate_unique",
       "validate_constraints", "save", "asave", "save_base", "delete", "adelete",
       "refresh_from_db", "arefresh_from_db", "from_db", "get_deferred_fields",
       "get_constraints", "serializable_value", "prepare_database_save", "date_error_message",
       "unique_error_message"}
)  # fmt: skip


class FieldError(ApiforgeError):
    """A `--fields` entry the CLI refuses, with the reason in its message."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    optional: bool = False
    default: str | None = None  # a Python literal, as the blueprints write it
    unique: bool = False

    def as_context(self) -> dict[str, Any]:
        return asdict(self)


def _default_literal(type_: str, raw: str, spec: str) -> str:
    try:
        if type_ == "int":
            return str(int(raw))
        if type_ == "float":
            return repr(float(raw))
        if type_ == "bool" and raw.lower() in ("true", "false"):
            return raw.capitalize()
        if type_ in ("str", "text"):
            return json.dumps(raw, ensure_ascii=False)
    except ValueError:
        pass
    raise FieldError(f"field {spec!r}: {raw!r} is not a default the type {type_} accepts")


def parse_field(spec: str) -> Field:
    if "," in spec.partition("=")[0]:  # a default may hold a comma
        raise FieldError(
            f"field {spec!r}: fields are separated by spaces, not commas"
            f" (--fields {spec.replace(',', ' ')!r})"
        )
    name, sep, rest = spec.partition(":")
    if not sep:
        raise FieldError(f"field {spec!r} must read NAME:TYPE (types: {', '.join(TYPES)})")
    unique = rest.endswith(":unique")
    rest = rest.removesuffix(":unique")
    type_part, has_default, raw_default = rest.partition("=")
    optional = type_part.endswith("?")
    type_ = type_part.removesuffix("?")
    try:
        check_identifier(name, "field name")
    except NamingError as error:
        raise FieldError(str(error)) from None
    if name in RESERVED_FIELDS or name.startswith("model_"):
        raise FieldError(
            f"field name {name!r} is reserved: the generated code uses it next to the fields;"
            " choose another name"
        )
    if type_ not in TYPES:
        raise FieldError(f"field {spec!r}: unknown type {type_!r} (types: {', '.join(TYPES)})")
    if unique and type_ == "bool":
        raise FieldError(f"field {spec!r}: a boolean column cannot be unique")
    default = None
    if has_default:
        if type_ in ("date", "datetime"):
            raise FieldError(f"field {spec!r}: {type_} fields take no default")
        default = _default_literal(type_, raw_default, spec)
    return Field(name, type_, optional, default, unique)


def parse_fields(text: str) -> list[Field]:
    fields = [parse_field(spec) for spec in text.split()]
    names = [field.name for field in fields]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise FieldError(f"field {duplicates[0]!r} is given more than once")
    return fields
