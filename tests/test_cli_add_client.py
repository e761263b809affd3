"""`apiforge add client` in both flavours: the files and registry edits, the starter's
`catalog` rendered again byte for byte, dry run, a second run, and refusals that write
nothing."""

from pathlib import Path

import pytest

from .support import (
    STARTER_FIELDS,
    Layout,
    Render,
    add,
    assert_refused,
    copy_of,
    snapshot,
    statuses,
    without_lines_naming,
)

CATALOG = ("client", "catalog", "--base-url", "http://127.0.0.1:8001")
WEATHER = ("client", "weather-api", "--base-url", "https://weather.example.com/v1")


@pytest.fixture
def project(render: Render, tmp_path: Path, layout: Layout) -> Path:
    """A project without the starter (async)."""
    return copy_of(render, tmp_path, flavour=layout.flavour, example_resource=False)


def read(project: Path, path: str) -> str:
    return (project / path).read_text()


def integrations(layout: Layout) -> str:
    return "src/demo/integrations" if layout.flavour == "sqlalchemy" else "demo/integrations"


def created(layout: Layout, module: str) -> list[str]:
    routes = layout.routes.format(module)
    return [
        f"{integrations(layout)}/{module}.py",
        routes.replace("routes.py", "__init__.py"),
        routes,
        f"tests/test_{module}_client.py",
    ]


def updated(layout: Layout) -> list[str]:
    return [f"{integrations(layout)}/clients.py", layout.routers, ".env.example"]


# What the starter project has that `add resource items` and `add client catalog` do not make:
# the answers, a random secret, prose describing the project as generated.
NOT_FROM_THE_CLIENT = (".copier-answers.yml", ".env", "README.md", "docs/async.md")


# The starter's showcases beyond its resource and client: the dashboard over the catalog
# (both flavours) and django's `articles` app. Their lines are left out of the comparison.
SHOWCASES = ("dashboard", "articles")


def without_showcases(text: bytes | None) -> list[str] | None:
    return None if text is None else without_lines_naming(text, SHOWCASES)


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_add_catalog_gives_the_starter_client_byte_for_byte(
    render: Render, tmp_path: Path, layout: Layout, routes: str
) -> None:
    """The starter's resource and client, added by the CLI, are the starter: registries
    included, once the showcases' lines are left out. The rest is the showcases and prose."""
    answers = {"flavour": layout.flavour, "routes": routes}
    project = copy_of(render, tmp_path, **answers, example_resource=False)
    assert add(project, "resource", "items", "--fields", STARTER_FIELDS).exit_code == 0
    result = add(project, *CATALOG)
    assert result.exit_code == 0, result.output
    generated = snapshot(project)
    expected = snapshot(render(**answers, example_resource=True))
    for path in created(layout, "catalog"):
        assert generated[path] == expected[path], path
    for path in updated(layout):
        assert without_showcases(generated[path]) == without_showcases(expected[path]), path
    # The rest is the prose describing the generated project, and the showcases.
    different = {
        path
        for path in set(generated) | set(expected)
        if generated.get(path) != expected.get(path)
        and path not in NOT_FROM_THE_CLIENT
        and not any(word in path for word in SHOWCASES)
        and without_showcases(generated.get(path)) != without_showcases(expected.get(path))
    }
    django_showcase = {"demo/settings.py", "tests/test_admin.py"}
    assert different <= {"scripts/bench.py"} | (
        django_showcase if layout.flavour == "django" else set()
    )


def test_client_creates_its_files_and_registers_it(project: Path, layout: Layout) -> None:
    result = add(project, *WEATHER)
    assert result.exit_code == 0, result.output
    assert statuses(result) == [
        *(("create", path) for path in created(layout, "weather_api")),
        *(("update", path) for path in updated(layout)),
    ]
    module = read(project, f"{integrations(layout)}/weather_api.py")
    assert "class WeatherApiSettings(UpstreamSettings):" in module
    assert 'env_prefix="WEATHER_API_"' in module
    assert 'base_url: str = "https://weather.example.com/v1"' in module
    assert "async def get_status_async(self)" in module
    assert read(project, f"{integrations(layout)}/clients.py").endswith(
        "from .upstream import UpstreamSettings\n"
        "from .weather_api import WeatherApiSettings\n\n"
        "UPSTREAMS: list[type[UpstreamSettings]] = [\n    WeatherApiSettings,\n]\n"
    )
    assert read(project, layout.routers).endswith(
        "api_router = APIRouter()\napi_router.include_router(weather_api_router)\n"
    )
    env = read(project, ".env.example")
    assert env.endswith(
        "# The weather_api service (integrations/weather_api.py): any UpstreamSettings field,"
        " prefixed.\nWEATHER_API_BASE_URL=https://weather.example.com/v1\n"
        "WEATHER_API_CONNECT_TIMEOUT=2.0\nWEATHER_API_READ_TIMEOUT=5.0\n"
        "WEATHER_API_RETRY_ATTEMPTS=3\nWEATHER_API_BREAKER_FAILURE_THRESHOLD=5\n"
        "WEATHER_API_BREAKER_RESET_SECONDS=30\n"
    )


def test_sync_client_and_a_second_one_keep_the_registry_a_line_each(
    render: Render, tmp_path: Path, layout: Layout
) -> None:
    answers = {"flavour": layout.flavour, "routes": "sync", "example_resource": False}
    project = copy_of(render, tmp_path, **answers)
    assert add(project, *WEATHER).exit_code == 0
    assert add(project, "client", "Payments", "--base-url", "http://pay.local").exit_code == 0
    module = read(project, f"{integrations(layout)}/weather_api.py")
    assert "    def get_status(self)" in module
    assert read(project, f"{integrations(layout)}/clients.py").endswith(
        "UPSTREAMS: list[type[UpstreamSettings]] = [\n"
        "    WeatherApiSettings,\n    PaymentsSettings,\n]\n"
    )
    assert "def payments_status(payments: PaymentsClientDep)" in read(
        project, layout.routes.format("payments")
    )


def test_dry_run_shows_a_diff_and_writes_nothing(project: Path, layout: Layout) -> None:
    before = snapshot(project)
    result = add(project, *WEATHER, "--dry-run")
    assert result.exit_code == 0, result.output
    registry = f"{integrations(layout)}/clients.py"
    assert f"--- a/{registry}\n+++ b/{registry}" in result.stdout
    assert "+    WeatherApiSettings," in result.stdout
    assert "+WEATHER_API_BASE_URL=https://weather.example.com/v1" in result.stdout
    assert result.stdout.rstrip().endswith("no changes were made")
    assert snapshot(project) == before


def test_a_second_run_changes_nothing(project: Path) -> None:
    assert add(project, *WEATHER).exit_code == 0
    before = snapshot(project)
    again = add(project, *WEATHER)
    assert again.exit_code == 0, again.output
    assert {status for status, _ in statuses(again)} == {"identical"}
    # The same client by another spelling of its name.
    again = add(project, "client", "WeatherApi", "--base-url", "https://weather.example.com/v1")
    assert {status for status, _ in statuses(again)} == {"identical"}
    assert snapshot(project) == before


def test_another_base_url_is_refused_unless_forced(project: Path, layout: Layout) -> None:
    assert add(project, *WEATHER).exit_code == 0
    env = project / ".env.example"
    env.write_text(env.read_text().replace("READ_TIMEOUT=5.0", "READ_TIMEOUT=9.0"))
    before = snapshot(project)
    other = ("client", "weather-api", "--base-url", "https://other.example.com")
    result = add(project, *other)
    assert_refused(result)
    assert "'https://weather.example.com/v1'" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(project) == before
    forced = add(project, *other, "--force")
    assert forced.exit_code == 0, forced.output
    module = read(project, f"{integrations(layout)}/weather_api.py")
    assert 'base_url: str = "https://other.example.com"' in module
    lines = read(project, ".env.example").splitlines()
    assert "WEATHER_API_BASE_URL=https://other.example.com" in lines
    assert "WEATHER_API_READ_TIMEOUT=9.0" in lines  # the user's values stay


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("cache", "part of the toolkit"),
        ("upstream", "part of the toolkit"),
        ("clients", "part of the toolkit"),
        ("__init__", "snake_case"),
        ("Weather API!", "snake_case"),
        ("class", "keyword"),
        ("json", "standard-library"),
        ("router", "shadow a name"),
        ("calls", "shadow a name"),
        ("a" * 41, "41 characters"),
    ],
)
def test_bad_names_are_refused(project: Path, name: str, reason: str) -> None:
    before = snapshot(project)
    result = add(project, "client", name, "--base-url", "http://127.0.0.1:8001")
    assert_refused(result)
    assert reason in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:8001",
        "/status",
        "ftp://example.com",
        "http://",
        "https://exa mple.com",
        'http://example.com/"',
        "",
    ],
)
def test_bad_base_urls_are_refused(project: Path, url: str) -> None:
    before = snapshot(project)
    result = add(project, "client", "payments", "--base-url", url)
    assert_refused(result)
    assert "absolute http(s) URL" in result.stderr
    assert snapshot(project) == before


def test_a_client_in_the_other_style_is_refused(project: Path) -> None:
    """integrations/upstream.py is rendered in the project's style (async here): a sync
    client would call an Upstream.request() it does not have."""
    before = snapshot(project)
    result = add(project, "client", "payments", "--base-url", "http://127.0.0.1:8002", "--sync")
    assert_refused(result)
    assert "serves async calls only" in result.stderr
    assert "--async" in result.stderr
    assert snapshot(project) == before
    assert add(project, "client", "payments", "--base-url", "http://127.0.0.1:8002").exit_code == 0


def test_a_resource_or_module_of_the_same_name_is_refused(project: Path, layout: Layout) -> None:
    assert add(project, "resource", "banners", "--fields", "title:str").exit_code == 0
    before = snapshot(project)
    result = add(project, "client", "banners", "--base-url", "http://127.0.0.1:8001")
    assert_refused(result)
    assert "the resource 'banners'" in result.stderr
    # A module where the client's routes would go.
    package = layout.routes.format("ledger").removesuffix("/routes.py")
    (project / package).mkdir(parents=True)
    (project / package / "__init__.py").write_text("")
    before = snapshot(project)
    result = add(project, "client", "ledger", "--base-url", "http://127.0.0.1:8001")
    assert_refused(result)
    assert f"would clash with {package}/" in result.stderr
    assert snapshot(project) == before


def test_a_project_without_the_registry_is_told_to_update(project: Path, layout: Layout) -> None:
    (project / integrations(layout) / "clients.py").unlink()
    before = snapshot(project)
    result = add(project, *WEATHER)
    assert_refused(result)
    assert "run `apiforge update` first" in result.stderr
    assert snapshot(project) == before
