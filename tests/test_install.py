"""apiforge installed like a tool: wheels built from two commits of a copy of this repository,
each installed in a fresh tool environment, used from directories unrelated to any checkout."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .support import ROOT, SQLALCHEMY, flavour_file, run

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Release:
    """An installed apiforge and the commit its wheel was built from."""

    apiforge: Path
    commit: str


def git(cwd: Path, *args: str) -> str:
    return run(["git", *args], cwd, env=GIT_IDENTITY)


def build_and_install(repo: Path, place: Path) -> Release:
    """`uv build --wheel`, then `uv tool install` into a tool directory of its own."""
    run(["uv", "build", "--wheel", "--quiet", "--out-dir", str(place / "dist")], repo)
    (wheel,) = (place / "dist").glob("apiforge-*.whl")
    tools = {"UV_TOOL_DIR": str(place / "tools"), "UV_TOOL_BIN_DIR": str(place / "bin")}
    run(["uv", "tool", "install", "--quiet", str(wheel)], place, env=tools)
    return Release(place / "bin" / "apiforge", git(repo, "rev-parse", "--short", "HEAD").strip())


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Release]:
    """Two releases, without tags: this working tree, then a commit that changes the template."""
    repo = tmp_path_factory.mktemp("apiforge") / "repo"
    files = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], ROOT)
    for name in filter(None, files.split("\0")):
        source, target = ROOT / name, repo / name
        if source.is_file():  # a file deleted in the working tree is still listed
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    run(["git", "init", "-q", str(repo)], repo.parent)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    first = build_and_install(repo, tmp_path_factory.mktemp("first"))

    routers = repo / flavour_file("sqlalchemy", SQLALCHEMY.routers_template)
    routers.write_text(routers.read_text().replace('"""Router registry', '"""The router registry'))
    (repo / "template/docs/deploy.md").write_text("# Deploying\n\nOne worker per core.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second: a new doc, an edited file")
    return first, build_and_install(repo, tmp_path_factory.mktemp("second"))


def apiforge(release: Release, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_IDENTITY, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(release.apiforge), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def next_steps(message: str) -> list[str]:
    """The shell lines under "Next steps:" in the message `apiforge new` prints."""
    lines = message.split("Next steps:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in lines.splitlines()]


def answers_of(project: Path) -> dict[str, object]:
    answers: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return answers


def test_installed_apiforge_generates_anywhere_and_the_next_steps_work(
    releases: tuple[Release, Release], tmp_path: Path
) -> None:
    first, _ = releases
    created = apiforge(first, tmp_path, "new", "demo", "--defaults")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "demo"
    assert answers_of(project)["_src_path"] == "apiforge"
    assert answers_of(project)["_commit"] == first.commit
    assert str(tmp_path) not in (project / ".copier-answers.yml").read_text()

    # Follow the message literally, up to serving (`make run` does not return).
    steps = [line for line in next_steps(created.stderr) if not line.startswith("make run")]
    assert steps[0] == f"cd {project}"
    assert any(line.startswith("make test") for line in steps)
    output = run(["sh", "-c", "set -e\n" + "\n".join(steps)], tmp_path, env=GIT_IDENTITY)
    assert " passed" in output

    assert git(project, "ls-files", "uv.lock").strip() == "uv.lock"
    assert git(project, "status", "--porcelain") == ""
    updated = apiforge(first, project / "src" / "demo", "update")
    assert updated.returncode == 0, updated.stderr
    assert git(project, "status", "--porcelain") == ""


def test_a_newer_installed_apiforge_updates_a_project_of_an_older_one(
    releases: tuple[Release, Release], tmp_path: Path
) -> None:
    first, second = releases
    assert apiforge(first, tmp_path, "new", "demo", "--defaults").returncode == 0
    project = tmp_path / "demo"
    git(tmp_path, "init", "-q", str(project))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generate")
    added = apiforge(
        first, project, "add", "resource", "banners", "--fields", "title:str views:int=0"
    )
    assert added.returncode == 0, added.stderr
    helpers = project / SQLALCHEMY.helpers.format("banners")
    helpers.write_text(helpers.read_text() + "\n\n# Hand-written: banners expire after 30 days.\n")
    routes = project / SQLALCHEMY.routes.format("items")
    routes.write_text(routes.read_text() + "\n\n# Hand-written: items are public.\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "banners, and hand edits")

    updated = apiforge(second, project / "tests", "update")
    assert updated.returncode == 0, updated.stderr

    assert "Hand-written: banners expire" in helpers.read_text()
    assert "Hand-written: items are public" in routes.read_text()
    routers = (project / SQLALCHEMY.routers).read_text()
    assert routers.startswith('"""The router registry')
    assert "include_router(banners_router)" in routers
    assert "include_router(items_router)" in routers
    assert (project / "docs/deploy.md").read_text().startswith("# Deploying")
    answers = answers_of(project)
    assert (answers["_src_path"], answers["_commit"]) == ("apiforge", second.commit)
    assert str(tmp_path) not in (project / ".copier-answers.yml").read_text()
