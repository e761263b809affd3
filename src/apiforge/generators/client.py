"""`apiforge add client`: an upstream client in `integrations/`, a route that calls it, tests
against a real HTTP server, and the edits that register it: its settings in `UPSTREAMS`, its
router, its settings in `.env.example`."""

import re
from urllib.parse import urlsplit

from ..cst_edits import AnchorError, add_name_to_list, add_relative_import
from ..flavours import Flavour
from ..naming import ClientNames, client_names
from ..plan import Change, read_text
from ..rendering import project_context, render
from ..resources import existing_resources
from ..source_facts import class_methods, class_str_assignments
from .steps import PlanError, formatted

# Blueprint -> where it goes, `{i}` the integrations package, `{r}` the route package.
FILES = {
    "client/client.py.jinja": "{i}/{m}.py",
    "client/routes__init__.py.jinja": "{r}/__init__.py",
    "client/routes.py.jinja": "{r}/routes.py",
    "client/test_client.py.jinja": "tests/test_{m}_client.py",
}
ENV_FILE = ".env.example"
ENV_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")
# What a URL may not hold: it goes into a Python string literal and a `KEY=value` line.
UNSAFE = re.compile(r"[\s\"'\\]")


def check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or UNSAFE.search(url):
        raise PlanError(
            f"--base-url {url!r} must be an absolute http(s) URL, e.g. https://api.example.com"
        )
    return url


def _env_values(text: str) -> dict[str, str]:
    return {m[1]: m[2] for m in map(ENV_LINE.match, text.splitlines()) if m}


def env_edit(old: str, block: str, key: str) -> str:
    """`.env.example` with the lines of `block` whose key it lacks appended (the comment with
    them when it has none of the keys), and `key` set as in `block`; other values stay."""
    wanted = _env_values(block)
    present = _env_values(old)
    lines = old.splitlines()
    for at, line in enumerate(lines):
        match = ENV_LINE.match(line)
        if match and match[1] == key:
            lines[at] = f"{key}={wanted[key]}"
    added = [
        line
        for line in block.splitlines()
        if ((m := ENV_LINE.match(line)) and m[1] not in present)
        or (not m and not set(wanted) & set(present))
    ]
    new = "\n".join(lines + added)
    return new + "\n" if new else new


def _clashes(flavour: Flavour, names: ClientNames, client_path: str) -> list[str]:
    """What a client of these names would collide with: a resource, or another module where
    its route package goes."""
    root, module = flavour.project.root, names.module
    route_package = flavour.route_package(module)
    found = [
        f"the resource {r.module!r}" for r in existing_resources(flavour) if r.module == module
    ]
    if (root / f"{route_package}.py").exists():
        found.append(f"{route_package}.py")
    elif (root / route_package).exists() and not (root / client_path).exists():
        found.append(f"{route_package}/")
    return found


def _base_url_changes(flavour: Flavour, names: ClientNames, client_path: str, url: str) -> str:
    """Where the client exists with another base URL ("" when nowhere)."""
    root, settings = flavour.project.root, f"{names.class_prefix}Settings"
    defaults = class_str_assignments(read_text(root, client_path) or "", settings) or {}
    env = _env_values(read_text(root, ENV_FILE) or "")
    key = f"{names.env_prefix}BASE_URL"
    for where, found in ((client_path, defaults.get("base_url")), (ENV_FILE, env.get(key))):
        if found is not None and found != url:
            return f"{where} has {found!r}"
    return ""


def _check_style(flavour: Flavour, integrations: str, *, is_async: bool) -> None:
    """A client calls the project's Upstream, rendered once in the project's style: its
    style must be the one Upstream serves."""
    path = f"{integrations}/upstream.py"
    methods = class_methods(read_text(flavour.project.root, path) or "", "Upstream") or set()
    wanted, other = ("request_async", "request") if is_async else ("request", "request_async")
    if wanted in methods:
        return
    if other in methods:
        flag = "--sync" if is_async else "--async"
        raise PlanError(
            f"{path} serves {'sync' if is_async else 'async'} calls only (Upstream.{other}):"
            f" add the client with {flag}, the style of the project's clients"
        )
    raise PlanError(f"{path} has no Upstream.{wanted}(): run `apiforge update` first")


def plan_client(
    flavour: Flavour, name: str, base_url: str, *, force: bool, is_async: bool
) -> list[Change]:
    names = client_names(name)
    url = check_base_url(base_url)
    root, integrations = flavour.project.root, f"{flavour.package}/integrations"
    registry = f"{integrations}/clients.py"
    clients = read_text(root, registry)
    if clients is None:
        raise PlanError(
            f"{registry} is missing: the project predates upstream clients; run"
            " `apiforge update` first"
        )
    _check_style(flavour, integrations, is_async=is_async)
    paths = {
        blueprint: path.format(
            i=integrations, r=flavour.route_package(names.module), m=names.module
        )
        for blueprint, path in FILES.items()
    }
    client_path = paths["client/client.py.jinja"]
    for clash in _clashes(flavour, names, client_path):
        raise PlanError(f"client {names.module!r} would clash with {clash}")
    changed = _base_url_changes(flavour, names, client_path, url)
    if changed and not force:
        raise PlanError(
            f"client {names.module!r} exists with another base URL ({changed}): nothing was"
            f" written (--force sets it to {url})"
        )
    client = {
        "module": names.module,
        "class_prefix": names.class_prefix,
        "env_prefix": names.env_prefix,
        "base_url": url,
    }
    context = project_context(flavour, is_async=is_async, client=client)
    created = {path: render(blueprint, context) for blueprint, path in paths.items()}
    settings = f"{names.class_prefix}Settings"
    settings_import = f"from .{names.module} import {settings}"
    try:
        registered = add_name_to_list(
            add_relative_import(clients, registry, settings_import), registry, "UPSTREAMS", settings
        )
    except AnchorError as error:
        raise AnchorError(str(error), f"{settings_import}\n{settings},  # in UPSTREAMS") from None
    edits = [Change(registry, clients, registered, owned=False)]
    routers = flavour.router_registration(names.module)
    old = read_text(root, routers.path)
    if old is None:
        raise AnchorError(f"{routers.path}: the registry file is missing", routers.lines)
    try:
        edits.append(Change(routers.path, old, routers.edit(old), owned=False))
    except AnchorError as error:
        raise AnchorError(str(error), routers.lines) from None
    env = read_text(root, ENV_FILE)
    block = render("client/env.jinja", context)
    base_url_key = f"{names.env_prefix}BASE_URL"
    env_change = Change(ENV_FILE, env, env_edit(env or "", block, base_url_key), owned=False)
    return [*formatted(flavour, created, edits), env_change]
