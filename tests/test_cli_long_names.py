"""The longest names apiforge accepts (40 characters) give a project that passes its own
linters (line length included), type checks and tests, in both flavours and route styles."""

from pathlib import Path

import pytest

from apiforge.fields import TYPES
from apiforge.naming import MAX_NAME_LENGTH

from .support import Render, add, copy_of, its_tests_pass, lint, run

pytestmark = pytest.mark.e2e

# A singular whose plural is longer (`..._line_items`), and one whose plural grows most.
RESOURCES = ("warehouse_inventory_adjustment_line_item", "quarterly_revenues_forecast_drafts_child")
FIELDS = [f"{type_}_{'abcdefghijklmnopqrstuvwxyz' * 2}"[:MAX_NAME_LENGTH] for type_ in TYPES]
SPECS = " ".join(
    f"{name}:{type_}{':unique' if type_ == 'str' else ''}{'?' if type_ != 'str' else ''}"
    for name, type_ in zip(FIELDS, TYPES, strict=True)
)
ROUTE, HELPER = "publish_" + "r" * 32, "archive_" + "h" * 32


@pytest.mark.parametrize(
    "answers",
    [
        {"flavour": flavour, "routes": routes, "example_resource": False}
        for flavour in ("sqlalchemy", "django")
        for routes in ("async", "sync")
    ],
    ids=lambda answers: f"{answers['flavour']}-{answers['routes']}",
)
def test_40_character_names_give_a_working_project(
    render: Render, tmp_path: Path, answers: dict[str, str]
) -> None:
    assert {len(name) for name in (*RESOURCES, *FIELDS, ROUTE, HELPER)} == {MAX_NAME_LENGTH}
    project = copy_of(render, tmp_path, **answers)
    other_style = "--sync" if answers["routes"] == "async" else "--async"
    for resource in RESOURCES:
        commands = [
            ["resource", resource, "--fields", SPECS],
            ["route", resource, ROUTE, "--method", "post"],
            ["route", resource, ROUTE[:-1] + "s", "--path", "/collection", other_style],
            ["helper", resource, HELPER],
        ]
        for command in commands:
            result = add(project, *command)
            assert result.exit_code == 0, (command, result.output)
    # Names the old rules refused, `status` (fastapi's `status` is imported next to it).
    for resource in ("status", "movie", "cactus"):
        result = add(project, "resource", resource, "--fields", "title:str")
        assert result.exit_code == 0, result.output
    run(["uv", "sync", "--quiet"], project)
    lint(project)  # ruff check with E501 at 100 columns, ruff format, mypy
    its_tests_pass(project)


def test_a_41_character_name_is_refused_clearly(render: Render, tmp_path: Path) -> None:
    project = copy_of(render, tmp_path, flavour="sqlalchemy", example_resource=False)
    for command in (
        ["resource", RESOURCES[0] + "s"],
        ["resource", "banners", "--fields", f"{FIELDS[0]}x:str"],
    ):
        result = add(project, *command)
        assert result.exit_code == 1
        assert "has 41 characters; names are limited to 40" in result.stderr
