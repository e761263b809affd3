"""Resource names on the command line: `--singular`/`--plural`, and how `add route` and
`add helper` find a resource by the names it was created with, in both flavours."""

from pathlib import Path

import pytest

from .support import Layout, Render, add, copy_of, snapshot, statuses


@pytest.fixture
def project(render: Render, tmp_path: Path, layout: Layout) -> Path:
    return copy_of(render, tmp_path, flavour=layout.flavour, example_resource=False)


def test_a_plural_given_by_hand_is_found_by_either_form(project: Path, layout: Layout) -> None:
    helpers, routes = layout.helpers.format("menus"), layout.routes.format("menus")
    refused = add(project, "resource", "menu")
    assert refused.exit_code == 1
    assert "--plural menus" in refused.stderr
    created = add(project, "resource", "menu", "--plural", "menus", "--fields", "title:str")
    assert created.exit_code == 0, created.output
    assert "class MenuHelper:" in (project / helpers).read_text()
    assert 'prefix="/menus"' in (project / routes).read_text()
    # `menus` alone would read as the singular of `menuses`: the project's own names win.
    for name in ("menus", "menu", "Menus"):
        again = add(project, "resource", name, "--fields", "title:str", "--dry-run")
        assert {status for status, _ in statuses(again)} == {"identical"}, again.output
    assert add(project, "route", "menus", "publish", "--method", "post").exit_code == 0
    assert add(project, "helper", "menu", "archive").exit_code == 0
    assert '"/{menu_id}/publish"' in (project / routes).read_text()
    assert "def archive" in (project / helpers).read_text()


def test_a_singular_given_by_hand_keeps_the_url(project: Path, layout: Layout) -> None:
    helpers, routes = layout.helpers.format("news"), layout.routes.format("news")
    refused = add(project, "resource", "news")
    assert refused.exit_code == 1
    assert "--singular news_item" in refused.stderr
    result = add(project, "resource", "news", "--singular", "news_item", "--fields", "title:str")
    assert result.exit_code == 0, result.output
    assert "class NewsItemHelper:" in (project / helpers).read_text()
    assert 'prefix="/news"' in (project / routes).read_text()
    for name in ("news", "news_item"):
        assert add(project, "route", name, f"check_{name}").exit_code == 0


def test_a_resource_clashing_with_another_ones_names_is_refused(project: Path) -> None:
    assert add(project, "resource", "person", "--plural", "persons").exit_code == 0
    before = snapshot(project)
    result = add(project, "resource", "people")
    assert result.exit_code == 1
    assert "existing resource 'persons'" in result.stderr
    assert snapshot(project) == before
    # NAME finds the existing resource whichever form it is given in.
    again = add(project, "resource", "person", "--dry-run")
    assert {status for status, _ in statuses(again)} == {"identical"}, again.output


def test_django_names_an_irregular_plural_for_the_admin(render: Render, tmp_path: Path) -> None:
    project = copy_of(render, tmp_path, flavour="django", example_resource=False)
    assert add(project, "resource", "mice").exit_code == 0
    assert add(project, "resource", "banners").exit_code == 0
    assert '        verbose_name_plural = "mice"\n' in (project / "apps/mice/models.py").read_text()
    migration = (project / "apps/mice/migrations/0001_initial.py").read_text()
    assert 'options={"verbose_name_plural": "mice"},' in migration
    # Django's own plural (`banners`) needs no Meta.
    assert "class Meta" not in (project / "apps/banners/models.py").read_text()
