"""The django flavour, installed: Django's own checks, production settings, and one server
serving the API and the admin. (Lint, types and the projects' own suites on SQLite and
PostgreSQL run for every django combination in test_generated.py.)
"""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .support import COMBINATIONS, Render, ids, installed, run

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
