"""What an `add` command was asked to do, validated: names, fields, style."""

import re
from dataclasses import dataclass
from typing import Any

from .fields import Field
from .naming import ResourceNames, helper_method_name, route_name


class RequestError(ValueError):
    """An argument the CLI refuses, with the reason in its message."""


@dataclass(frozen=True)
class ResourceRequest:
    names: ResourceNames
    fields: list[Field]
    is_async: bool

    def context(self, package_name: str, flavour: str) -> dict[str, Any]:
        """What the resource blueprints expect, as `starter.jinja` spells it for `items`."""
        n = self.names
        resource = {
            "singular": n.singular,
            "plural": n.plural,
            "module": n.module,
            "class_name": n.class_name,
            "helper_class": n.helper_class,
            "table": n.table,
            "fields": [field.as_context() for field in self.fields],
        }
        return {
            "resource": resource,
            "is_async": self.is_async,
            "package_name": package_name,
            "flavour": flavour,
        }


@dataclass(frozen=True)
class HelperRequest:
    names: ResourceNames
    name: str  # with the `_async` suffix when async
    is_async: bool
    item: bool  # takes the row's id (True), or works on the whole table
    purpose: str

    @classmethod
    def build(cls, names: ResourceNames, name: str, *, is_async: bool) -> "HelperRequest":
        method = helper_method_name(name, is_async=is_async)
        return cls(names, method, is_async, item=True, purpose=method)

    def context(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in ("name", "is_async", "item", "purpose")}


@dataclass(frozen=True)
class RouteRequest:
    names: ResourceNames
    name: str
    method: str
    path: str  # below the router's prefix: "" or "/..."
    is_async: bool

    @property
    def item(self) -> bool:
        return "{" in self.path

    @property
    def helper(self) -> HelperRequest:
        method = helper_method_name(self.name, is_async=self.is_async)
        return HelperRequest(self.names, method, self.is_async, self.item, self.name)

    @classmethod
    def build(
        cls, names: ResourceNames, name: str, method: str, path: str | None, *, is_async: bool
    ) -> "RouteRequest":
        route = route_name(name)
        param = f"{{{names.singular}_id}}"
        if path is None:
            path = f"/{param}/{route.replace('_', '-')}"
        path = path.rstrip("/")
        segment = rf"(?:[a-z0-9][a-z0-9_.-]*|{re.escape(param)})"
        if path and not re.fullmatch(rf"(?:/{segment})+", path):
            raise RequestError(
                f"--path {path!r} must be / or /segment/...: lowercase letters, digits, `-`, `_`,"
                f" `.`, and the only parameter allowed is {param}"
            )
        if path.count(param) > 1:
            raise RequestError(f"--path {path!r} names {param} more than once")
        return cls(names, route, method, path, is_async)

    def context(self) -> dict[str, Any]:
        keys = ("name", "method", "path", "item", "is_async")
        return {key: getattr(self, key) for key in keys} | {"helper": self.helper.name}
