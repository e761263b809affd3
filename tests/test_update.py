"""`apiforge update`: template releases reach generated projects without losing work."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from copier import run_copy
from typer.testing import CliRunner

from apiforge.cli import app
from apiforge.new import new_project
from apiforge.template_source import TEMPLATE_ID, TemplateSource
from apiforge.update import UpdateError, update_project

from .support import LAYOUTS, ROOT, TEMPLATE_PATHS, flavour_file, run

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]


ASYNC_DOC = "template/docs/FLAVOURasync.md{% endif %}.jinja"
RENAMED_DOC = "template/docs/FLAVOURasync-and-sync.md{% endif %}.jinja"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)


def template_repo(tmp_path: Path, tag: str | None = "v0.1.0") -> Path:
    """A git repository holding this template, as a release would."""
    repo = tmp_path / "template-repo"
    for name in TEMPLATE_PATHS:
        source, target = ROOT / name, repo / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    git(repo.parent, "init", "-q", str(repo))
    commit_all(repo, "template")
    if tag:
        git(repo, "tag", tag)
    return repo


def release_next_version(repo: Path, flavour: str) -> None:
    """v0.2.0 changes the template the way releases do: edit, add, rename (with a migration)."""
    routers = repo / flavour_file(flavour, LAYOUTS[flavour].routers_template)
    routers.write_text(
        routers.read_text().replace('"""Router registry', '"""The router registry', 1)
    )
    (repo / "template/docs/deploy.md").write_text("# Deploying\n\nOne worker per core.\n")
    git(repo, "mv", flavour_file(flavour, ASYNC_DOC), flavour_file(flavour, RENAMED_DOC))
    with (repo / "copier.yml").open("a") as config:
        config.write(
            "\n_migrations:\n"
            "  - version: v0.2.0\n"
            '    command: ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/rename.py",'
            ' "docs/async.md", "docs/async-and-sync.md"]\n'
        )
    commit_all(repo, "v0.2.0")
    git(repo, "tag", "v0.2.0")


def generated_project(repo: Path, tmp_path: Path, routes: str, flavour: str = "sqlalchemy") -> Path:
    project = tmp_path / "project"
    answers = {"project_name": "Demo", "package_name": "demo", "routes": routes, "flavour": flavour}
    run_copy(str(repo), project, data=answers, defaults=True, vcs_ref="v0.1.0", quiet=True)
    git(tmp_path, "init", "-q", str(project))
    commit_all(project, "generate")
    return project


@pytest.mark.e2e
@pytest.mark.parametrize("routes", ["async", "sync"])
@pytest.mark.parametrize("flavour", ["sqlalchemy", "django"])
def test_update_keeps_user_and_cli_work_and_brings_the_release(
    tmp_path: Path, flavour: str, routes: str
) -> None:
    layout = LAYOUTS[flavour]
    repo = template_repo(tmp_path)
    project = generated_project(repo, tmp_path, routes, flavour)
    added = CliRunner().invoke(
        app,
        [
            "add",
            "resource",
            "banners",
            "--fields",
            "title:str views:int=0",
            "--project-dir",
            str(project),
        ],
    )
    assert added.exit_code == 0, added.output
    commit_all(project, "add banners")

    helpers = project / layout.helpers.format("banners")
    helpers.write_text(helpers.read_text() + "\n\n# Hand-written: banners expire after 30 days.\n")
    routes_file = project / layout.routes.format("items")
    routes_file.write_text(routes_file.read_text() + "\n\n# Hand-written: items are public.\n")
    doc = project / "docs/async.md"
    doc.write_text(doc.read_text() + "\nOur team rule: no sync routes.\n")
    commit_all(project, "hand edits")

    release_next_version(repo, flavour)
    update_project(project, {}, vcs_ref=None, trust=True)

    assert "Hand-written: banners expire" in helpers.read_text()
    assert "Hand-written: items are public" in routes_file.read_text()
    routers = (project / layout.routers).read_text()
    assert routers.startswith('"""The router registry')
    assert "include_router(banners_router)" in routers
    assert "include_router(items_router)" in routers
    assert (project / "docs/deploy.md").is_file()
    assert not doc.exists()
    assert "Our team rule" in (project / "docs/async-and-sync.md").read_text()
    assert "_commit: v0.2.0" in (project / ".copier-answers.yml").read_text()

    run(["uv", "sync", "--quiet"], project)
    output = run(["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert " passed" in output
    assert "failed" not in output


def test_refuses_a_dirty_project(tmp_path: Path) -> None:
    project = generated_project(template_repo(tmp_path), tmp_path, "async")
    (project / "README.md").write_text("changed\n")
    with pytest.raises(UpdateError, match="uncommitted changes"):
        update_project(project, {}, vcs_ref=None, trust=False)


def test_refuses_a_project_outside_git(tmp_path: Path) -> None:
    project = generated_project(template_repo(tmp_path), tmp_path, "async")
    shutil.rmtree(project / ".git")
    with pytest.raises(UpdateError, match="not under git"):
        update_project(project, {}, vcs_ref=None, trust=False)


def apiforge_project(source: TemplateSource, tmp_path: Path) -> Path:
    """A project as `apiforge new` makes it: the template recorded as `apiforge` + a commit."""
    project = tmp_path / "project"
    answers = {"project_name": "Demo", "package_name": "demo"}
    new_project(project, source, answers, defaults=True)
    git(tmp_path, "init", "-q", str(project))
    commit_all(project, "generate")
    return project


@pytest.mark.parametrize("vcs_ref", [None, "HEAD"])
def test_updates_from_a_template_without_version_tags(tmp_path: Path, vcs_ref: str | None) -> None:
    repo = template_repo(tmp_path, tag=None)
    source = TemplateSource(repo)
    project = apiforge_project(source, tmp_path)
    generated_from = git(repo, "rev-parse", "--short", "HEAD").strip()
    answers = (project / ".copier-answers.yml").read_text()
    assert f"_src_path: {TEMPLATE_ID}\n" in answers
    # A short hash of digits only is quoted in YAML: compare the loaded value.
    assert yaml.safe_load(answers)["_commit"] == generated_from
    assert str(tmp_path) not in answers

    (repo / "template/docs/deploy.md").write_text("# Deploying\n")
    commit_all(repo, "a template change, untagged")
    update_project(project, {}, vcs_ref=vcs_ref, trust=False, source=source)

    assert (project / "docs/deploy.md").read_text() == "# Deploying\n"
    answers = (project / ".copier-answers.yml").read_text()
    assert yaml.safe_load(answers)["_commit"] == git(repo, "rev-parse", "--short", "HEAD").strip()
    assert f"_src_path: {TEMPLATE_ID}\n" in answers


def test_refuses_a_project_whose_version_this_apiforge_lacks(tmp_path: Path) -> None:
    project = apiforge_project(TemplateSource(template_repo(tmp_path, tag=None)), tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    unrelated = TemplateSource(template_repo(other, tag=None))
    with pytest.raises(UpdateError, match="lacks the version the project was generated from"):
        update_project(project, {}, vcs_ref=None, trust=False, source=unrelated)
    assert not git(project, "status", "--porcelain")


def test_cli_update_finds_the_project_from_a_subdirectory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`apiforge update` run inside the project, from this checkout (tags or none)."""
    project = tmp_path / "project"
    created = CliRunner().invoke(app, ["new", str(project), "--defaults"])
    assert created.exit_code == 0, created.output
    git(tmp_path, "init", "-q", str(project))
    commit_all(project, "generate")
    monkeypatch.chdir(project / "docs")
    result = CliRunner().invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    assert "updated" in result.output
    assert not git(project, "status", "--porcelain")


def test_cli_update_outside_a_project_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["update"])
    assert result.exit_code == 1
    assert "no .copier-answers.yml" in result.output


def test_reports_conflicts_left_by_an_update(tmp_path: Path) -> None:
    repo = template_repo(tmp_path)
    project = generated_project(repo, tmp_path, "async")
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace("## Run it", "## How to run it", 1))
    commit_all(project, "reword")
    template_readme = repo / "template/README.md.jinja"
    template_readme.write_text(template_readme.read_text().replace("## Run it", "## Running"))
    commit_all(repo, "v0.2.0")
    git(repo, "tag", "v0.2.0")
    with pytest.raises(UpdateError, match=r"conflicts to resolve by hand in: README\.md"):
        update_project(project, {}, vcs_ref=None, trust=False)


def test_cli_update_reports_failure_with_exit_code(tmp_path: Path) -> None:
    project = generated_project(template_repo(tmp_path), tmp_path, "async")
    (project / "README.md").write_text("changed\n")
    result = CliRunner().invoke(app, ["update", "--project-dir", str(project)])
    assert result.exit_code == 1
    assert "uncommitted changes" in result.output


def test_cli_update_applies_a_release(tmp_path: Path) -> None:
    repo = template_repo(tmp_path)
    project = generated_project(repo, tmp_path, "async")
    (repo / "template/docs/deploy.md").write_text("# Deploying\n")
    commit_all(repo, "v0.1.1")
    git(repo, "tag", "v0.1.1")
    result = CliRunner().invoke(app, ["update", "--project-dir", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "docs/deploy.md").read_text() == "# Deploying\n"
