"""The django flavour, installed: Django's own checks, production settings, and one server
serving the API and the admin. (Lint, types and the projects' own suites on SQLite and
PostgreSQL run for every django combination in test_generated.py.)
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import jinja2
import pytest

from .conftest import ROOT, Render, run
from .test_generated import installed
from .test_render import COMBINATIONS, ids

pytestmark = pytest.mark.e2e

DJANGO = [answers for answers in COMBINATIONS if answers["flavour"] == "django"]
STARTER = {"flavour": "django", "database": "sqlite", "example_resource": True}


def sqlite_env(tmp_path: Path) -> dict[str, str]:
    """A database of the test's own: manage.py never touches the project's."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}


@pytest.mark.parametrize("answers", DJANGO, ids=ids)
def test_system_checks_and_no_missing_migrations(
    render: Render, answers: dict[str, object], tmp_path: Path
) -> None:
    project = installed(render, answers)
    env = sqlite_env(tmp_path)
    run(["uv", "run", "python", "manage.py", "check", "--fail-level", "WARNING"], project, env)
    output = run(
        ["uv", "run", "python", "manage.py", "makemigrations", "--check", "--dry-run"], project, env
    )
    assert "No changes detected" in output
    assert not list(project.glob("*.db"))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_check_deploy_passes_with_production_settings(
    render: Render, database: str, tmp_path: Path
) -> None:
    project = installed(render, {**STARTER, "database": database, "routes": "async"})
    env = {
        **sqlite_env(tmp_path),
        "ENVIRONMENT": "production",
        "ALLOWED_HOSTS": "api.example.com",
    }
    command = ["uv", "run", "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    assert "no issues" in run(command, project, env)


def test_production_refuses_to_start_without_a_secret_key(render: Render, tmp_path: Path) -> None:
    project = installed(render, {**STARTER, "routes": "async"})
    env = {**os.environ, **sqlite_env(tmp_path), "ENVIRONMENT": "production", "SECRET_KEY": ""}
    env.pop("VIRTUAL_ENV", None)
    # An empty SECRET_KEY in the environment overrides .env's; it must not pass for a key.
    result = subprocess.run(
        ["uv", "run", "python", "manage.py", "check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, body: dict[str, object] | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_one_uvicorn_server_serves_the_api_and_the_admin(
    render: Render, routes: str, tmp_path: Path
) -> None:
    project = installed(render, {**STARTER, "routes": routes})
    env = sqlite_env(tmp_path)
    run(["uv", "run", "python", "manage.py", "migrate", "--noinput"], project, env)
    port = free_port()
    server_env = {**os.environ, **env, "UV_PYTHON_DOWNLOADS": "never"}
    server_env.pop("VIRTUAL_ENV", None)
    server = subprocess.Popen(
        [
            "uv",
            "run",
            "uvicorn",
            "demo.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=project,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(f"{base}/api/health")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
            time.sleep(0.2)
        status, page = fetch(f"{base}/admin/login/")
        assert status == 200
        assert "Django administration" in page
        status, body = fetch(f"{base}/api/items", {"name": "first"})
        assert status == 201, body
        status, body = fetch(f"{base}/api/items")
        assert status == 200
        assert json.loads(body)["total"] == 1
    finally:
        server.terminate()
        server.wait(timeout=10)


EVENTS = {
    "singular": "event",
    "plural": "events",
    "module": "events",
    "class_name": "Event",
    "helper_class": "EventHelper",
    "table": "events",
    "fields": [
        {"name": name, "type": kind, "optional": optional, "default": default, "unique": unique}
        for name, kind, optional, default, unique in [
            ("title", "text", False, None, False),
            ("starts_at", "datetime", False, None, False),
            ("day", "date", True, None, False),
            ("price", "float", True, None, False),
            ("seats", "int", False, "10", False),
            ("public", "bool", False, "False", False),
            ("code", "str", False, None, True),
        ]
    ],
}
BLUEPRINT_FILES = {
    "__init__": "apps/events/__init__.py",
    "apps": "apps/events/apps.py",
    "models": "apps/events/models.py",
    "admin": "apps/events/admin.py",
    "helpers": "apps/events/helpers.py",
    "migration": "apps/events/migrations/0001_initial.py",
    "api__init__": "apps/api/events/__init__.py",
    "routes": "apps/api/events/routes.py",
    "schemas": "apps/api/events/schemas.py",
    "test": "tests/test_events.py",
}


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_blueprints_make_a_working_app_for_any_fields(
    render: Render, routes: str, tmp_path: Path
) -> None:
    """What `apiforge add resource` will write: every field type, migrations that match."""
    source = render(**{**STARTER, "routes": routes})
    project = tmp_path / "project"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(".venv", "*_cache"))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT), keep_trailing_newline=True)
    context = {"resource": EVENTS, "is_async": routes == "async", "package_name": "demo"}
    for blueprint, target in BLUEPRINT_FILES.items():
        template = env.get_template(f"src/apiforge/blueprints/django/resource/{blueprint}.py.jinja")
        (project / target).parent.mkdir(parents=True, exist_ok=True)
        (project / target).write_text(template.render(context))
    (project / "apps/events/migrations/__init__.py").write_text("")
    # The two registry lines the CLI adds.
    settings = project / "demo" / "settings.py"
    app_line = '    "apps.items",\n'
    settings.write_text(settings.read_text().replace(app_line, f'{app_line}    "apps.events",\n'))
    registry = project / "demo" / "routers.py"
    items_import = "from apps.api.items.routes import router as items_router\n"
    events_import = "from apps.api.events.routes import router as events_router\n"
    text = registry.read_text().replace(items_import, events_import + items_import)
    registry.write_text(text + "api_router.include_router(events_router)\n")
    run(["uv", "sync", "--quiet"], project)
    run(["uv", "run", "ruff", "check", "."], project)
    run(["uv", "run", "ruff", "format", "--check", "."], project)
    run(["uv", "run", "mypy"], project)
    makemigrations = ["uv", "run", "python", "manage.py", "makemigrations", "--check", "--dry-run"]
    assert "No changes detected" in run(makemigrations, project, sqlite_env(tmp_path))
    pytest_command = ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_events.py"]
    output = run(pytest_command, project)
    assert " passed" in output
