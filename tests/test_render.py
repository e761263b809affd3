"""Rendering the template: every supported answer set, without installing anything."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from copier import run_copy

from apiforge.check.runner import load_settings, run

from .support import BASE_ANSWERS, COMBINATIONS, INSTALLED_DIRS, ROOT, Render, ids


def rendered_files(project: Path) -> list[Path]:
    return sorted(
        path
        for path in project.rglob("*")
        if path.is_file() and not set(INSTALLED_DIRS) & set(path.relative_to(project).parts)
    )


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ids)
def test_no_template_syntax_is_left(render: Render, answers: dict[str, object]) -> None:
    project = render(**answers)
    for path in rendered_files(project):
        text = path.read_text()
        for marker in ("{{", "{%", "{#"):
            # GitHub Actions expressions are `${{ }}`, not leftovers.
            assert marker not in text.replace("${{", ""), f"{marker} left in {path}"
        assert not path.name.endswith(".jinja"), path


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ids)
def test_passes_apiforge_check(render: Render, answers: dict[str, object]) -> None:
    project = render(**answers)
    files, findings = run([project], load_settings([project], [], []))
    assert files > 20
    assert findings == []


def test_carries_apiforge_check_byte_for_byte(render: Render) -> None:
    """The project runs the checker apiforge runs, without apiforge installed."""
    source = ROOT / "src" / "apiforge" / "check"
    carried = render() / "tools" / "apiforge_check"
    modules = sorted(path.name for path in source.glob("*.py"))
    assert sorted(path.name for path in carried.iterdir()) == modules
    for name in modules:
        assert (carried / name).read_bytes() == (source / name).read_bytes(), name


# Every project has these at its top level, whatever the flavour.
COMMON_TOP_LEVEL = [
    ".copier-answers.yml",
    ".dockerignore",
    ".env",
    ".env.example",
    ".github",
    ".gitignore",
    ".pre-commit-config.yaml",
    "Dockerfile",
    "Makefile",
    "README.md",
    "compose.yaml",
    "docs",
    "pyproject.toml",
    "scripts",
    "tests",
    "tools",
]


@pytest.mark.parametrize(
    ("flavour", "own"),
    [
        ("sqlalchemy", ["alembic.ini", "migrations", "src"]),
        ("django", ["apps", "demo", "manage.py"]),
    ],
)
def test_top_level_is_exactly_the_project(render: Render, flavour: str, own: list[str]) -> None:
    project = render(flavour=flavour, docker=True, ci=True)
    assert sorted(path.name for path in project.iterdir()) == sorted(COMMON_TOP_LEVEL + own)


def test_django_starter_apps(render: Render) -> None:
    project = render(flavour="django", docker=True, ci=True)
    assert sorted(path.name for path in (project / "apps").iterdir()) == [
        "__init__.py",
        "api",
        "articles",
        "items",
    ]


def test_django_without_the_starter_has_no_apps(render: Render) -> None:
    project = render(flavour="django", docker=False, ci=False, example_resource=False)
    assert sorted(path.name for path in (project / "apps").rglob("*")) == [
        "__init__.py",
        "__init__.py",
        "api",
    ]
    assert not (project / "tests" / "test_items.py").exists()
    assert not (project / "tests" / "test_articles.py").exists()
    settings = (project / "demo" / "settings.py").read_text()
    assert '"apps.' not in settings


def test_django_starter_comes_from_the_blueprints(render: Render) -> None:
    """The items app is what the django blueprints render for the starter resource."""
    project = render(flavour="django", routes="async")
    helpers = (project / "apps" / "items" / "helpers.py").read_text()
    assert "class ItemHelper:" in helpers
    assert "async def get_item_async(self, item_id: int) -> Item:" in helpers
    assert "await Item.objects.aget(pk=item_id)" in helpers
    sync = (render(flavour="django", routes="sync") / "apps" / "items" / "helpers.py").read_text()
    assert "    def get_item(self, item_id: int) -> Item:" in sync
    assert "_async" not in sync
    assert "await " not in sync


def test_optional_files_follow_their_toggles(render: Render) -> None:
    project = render(flavour="sqlalchemy", docker=False, ci=False, example_resource=False)
    names = {path.name for path in project.iterdir()}
    assert not names & {"Dockerfile", "compose.yaml", ".dockerignore", ".github"}
    assert not (project / "src" / "demo" / "items").exists()
    assert not (project / "tests" / "test_items.py").exists()
    assert [p.name for p in (project / "migrations" / "versions").iterdir()] == [".gitkeep"]


def test_answers_file_records_the_source_and_no_secret(render: Render) -> None:
    project = render(flavour="sqlalchemy")
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"]
    assert answers["_commit"]
    assert answers["flavour"] == "sqlalchemy"
    assert "secret_key" not in answers


def test_secret_key_is_generated_per_project(render: Render) -> None:
    first = render(flavour="sqlalchemy", project_name="One")
    second = render(flavour="sqlalchemy", project_name="Two")

    def secret(project: Path) -> str:
        line = next(
            line
            for line in (project / ".env").read_text().splitlines()
            if line.startswith("SECRET_KEY=")
        )
        return line.partition("=")[2]

    assert len(secret(first)) == 64
    assert secret(first) != secret(second)
    assert ".env\n" in (first / ".gitignore").read_text()
    assert "SECRET_KEY=change-me" in (first / ".env.example").read_text()


def test_package_name_defaults_from_project_name(copier_template: Path, tmp_path: Path) -> None:
    run_copy(str(copier_template), tmp_path, data={"project_name": "Billing API"}, defaults=True)
    assert (tmp_path / "src" / "billing_api" / "main.py").is_file()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"package_name": "Demo"}, "must be a lowercase Python identifier"),
        ({"package_name": "9lives"}, "must be a lowercase Python identifier"),
        ({"package_name": "class"}, "keyword"),
        ({"package_name": "json"}, "standard-library"),
        ({"package_name": "fastapi"}, "dependency"),
        ({"flavour": "flask"}, "'flask' is not in"),
        ({"python_version": "3.9"}, "python_version"),
        ({"author_email": "nobody"}, "email"),
    ],
)
def test_invalid_answers_fail_clearly_and_write_nothing(
    copier_template: Path, tmp_path: Path, answers: dict[str, str], message: str
) -> None:
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        run_copy(str(copier_template), destination, data={**BASE_ANSWERS, **answers}, defaults=True)
    assert not destination.exists()


def test_compose_file_is_consistent(render: Render) -> None:
    """No Docker engine runs here: check what `docker compose config` would, by reading it."""
    project = render(flavour="sqlalchemy", docker=True)
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    app, db = compose["services"]["app"], compose["services"]["db"]
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert app["environment"]["DATABASE_URL"].startswith("postgresql://demo:demo@db:5432/")
    assert all(port.startswith("127.0.0.1:") for port in app["ports"] + db["ports"])
    assert set(compose["volumes"]) == {"db-data"}
    dockerfile = (project / "Dockerfile").read_text()
    assert "demo.main:create_app --factory" in dockerfile
    assert "USER app" in dockerfile


@pytest.mark.parametrize("flavour", ["sqlalchemy", "django"])
def test_docker_compose_config_accepts_the_compose_file(render: Render, flavour: str) -> None:
    """`docker-compose config` checks the file against the Compose schema without an engine;
    the secret key comes from the project's `.env`."""
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (`.ci/run` installs it)")
    project = render(flavour=flavour, docker=True)
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [compose, "config"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    secret = (project / ".env").read_text().split("SECRET_KEY=", 1)[1].split()[0]
    assert config["services"]["app"]["environment"]["SECRET_KEY"] == secret
    assert config["services"]["app"]["depends_on"] == {"db": {"condition": "service_healthy"}}


@pytest.mark.parametrize("flavour", ["sqlalchemy", "django"])
def test_docker_and_ci_install_exactly_the_locked_versions(
    render: Render, flavour: str, tmp_path: Path
) -> None:
    project = render(flavour=flavour)
    dockerfile = (project / "Dockerfile").read_text()
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    syncs = [line for line in dockerfile.splitlines() if "uv sync" in line]
    syncs += [step["run"] for step in steps if "uv sync" in step.get("run", "")]
    assert len(syncs) == 3
    assert all("uv sync --locked" in line for line in syncs), syncs
    assert "COPY pyproject.toml uv.lock ./" in dockerfile
    assert workflow["jobs"]["test"]["env"]["UV_LOCKED"] == "1"
    setup_uv = next(step for step in steps if step.get("uses", "").startswith("astral-sh/setup-uv"))
    assert setup_uv["with"]["enable-cache"] is True
    # The lock is the project's: committed, never ignored.
    shutil.copy(project / ".gitignore", tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    check = subprocess.run(["git", "check-ignore", "-q", "uv.lock"], cwd=tmp_path)
    assert check.returncode == 1, "uv.lock is ignored"


@pytest.mark.parametrize("flavour", ["sqlalchemy", "django"])
def test_pre_commit_ci_and_make_lint_run_the_checklist(render: Render, flavour: str) -> None:
    project = render(flavour=flavour, ci=True)
    command = "uv run python -m tools.apiforge_check"
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    entries = [hook.get("entry") for repo in hooks["repos"] for hook in repo["hooks"]]
    assert command in entries
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    steps = [step.get("run") for step in workflow["jobs"]["test"]["steps"]]
    assert f"{command} --format github" in steps
    makefile = (project / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert f"\t{command}" in lint.splitlines()
