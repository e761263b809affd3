"""What the tests share: the template and the answers they render it with, commands run in
rendered projects, `apiforge add` on copies of them, and where each flavour keeps its files."""

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from apiforge.cli import app

ROOT = Path(__file__).resolve().parent.parent

# What a template checkout needs; without this list pytest-copier copies the whole repo.
TEMPLATE_PATHS = [
    "copier.yml",
    "template",
    "hooks",
    "src/apiforge/blueprints",
    "src/apiforge/check",
]

# Answers every rendering test starts from.
BASE_ANSWERS = {"project_name": "Demo Service", "package_name": "demo"}

# Every supported answer set.
COMBINATIONS = [
    {"flavour": flavour, "database": database, "routes": routes, "example_resource": example}
    for flavour in ("sqlalchemy", "django")
    for database in ("sqlite", "postgresql")
    for routes in ("async", "sync")
    for example in (True, False)
]

Render = Callable[..., Path]

# What installing and testing a rendered project adds to it.
INSTALLED_DIRS = (".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__")


def ids(answers: dict[str, object]) -> str:
    return "-".join(str(value) for value in answers.values())


# Rendered projects: commands, linters, their own tests


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, *, check: bool = True
) -> str:
    """Run a command in a rendered project; fail the test with its output if it fails
    (unless `check` is false: a test that expects it to fail reads its output)."""
    full_env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", **(env or {})}
    full_env.pop("VIRTUAL_ENV", None)
    if not (env and "DATABASE_URL" in env):
        full_env.pop("DATABASE_URL", None)
    result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def lint(project: Path) -> None:
    """A rendered project's own linters, type checks and async checklist (installed already)."""
    run(["uv", "run", "ruff", "check", "."], project)
    run(["uv", "run", "ruff", "format", "--check", "."], project)
    run(["uv", "run", "mypy"], project)
    run(["uv", "run", "python", "-m", "tools.apiforge_check"], project)


def installed(render: Render, answers: dict[str, object]) -> Path:
    """A rendered project with its environment (shared by the session: never mutate it)."""
    project = render(**answers)
    if not (project / ".venv").exists():
        run(["uv", "sync", "--quiet"], project)
    return project


# The generated tests a rerun on PostgreSQL needs: those marked `integrations` use no
# database, and the run on SQLite has run them already.
NEEDS_A_DATABASE = "not integrations"


def its_tests_pass(
    project: Path,
    env: dict[str, str] | None = None,
    *,
    select: str | None = None,
    marks: str | None = None,
) -> None:
    chosen = (["-k", select] if select else []) + (["-m", marks] if marks else [])
    output = run(["uv", "run", "pytest", "-q", "-p", "no:cacheprovider", *chosen], project, env)
    summary = output.strip().splitlines()[-1]
    # Nothing failed, was skipped or warned.
    assert re.fullmatch(r"\d+ passed(, \d+ deselected)? in .*", summary), output


# `apiforge add` on a writable copy of a rendered project

runner = CliRunner()

STARTER_FIELDS = "name:str:unique description:text? quantity:int=0 active:bool=true"
MANY_FIELDS = (
    "title:str:unique body:text views:int=0 score:float? active:bool=true"
    " published_at:datetime? day:date?"
)

# A path in a message: `src/demo/routers.py`, `/tmp/x`, `.copier-answers.yml`.
PATH = re.compile(r"[\w.-]*/[\w./{}-]+|[\w.-]+\.(?:py|yml|yaml|toml)\b")
# The same `prefix: ` twice in a row: `src/demo/routers.py: src/demo/routers.py: ...`.
REPEATED_PREFIX = re.compile(r"(?<![^\s'\"`(])([^\s:]+: )\1")

Tree = dict[str, bytes]


def copy_of(render: Render, destination: Path, **answers: object) -> Path:
    """A copy of a rendered project (renders are shared by the session: never mutate them)."""
    project = destination / "project"
    ignore = shutil.ignore_patterns(*INSTALLED_DIRS)
    shutil.copytree(render(**answers), project, ignore=ignore)
    return project


def snapshot(project: Path) -> Tree:
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".venv" not in path.parts and "__pycache__" not in path.parts
    }


def add(project: Path, *args: str) -> Result:
    return runner.invoke(app, ["add", *args, "--project-dir", str(project)])


def grow(project: Path, routes: str) -> list[list[str]]:
    """Add a resource, two routes and two helpers, half of them in the other style, and two
    upstream clients."""
    other_style = "--sync" if routes == "async" else "--async"
    commands = [
        ["resource", "banner", "--fields", MANY_FIELDS],
        ["route", "banners", "publish", "--method", "post"],
        ["route", "banners", "featured", "--path", "/featured", other_style],
        ["helper", "banners", "archive"],
        ["helper", "banners", "recount", other_style],
        ["client", "payments", "--base-url", "http://127.0.0.1:8002"],
        ["client", "weather-api", "--base-url", "https://weather.example.com/v1"],
    ]
    for command in commands:
        result = add(project, *command)
        assert result.exit_code == 0, result.output
    return commands


def statuses(result: Result) -> list[tuple[str, str]]:
    """(status, path) of every status line of a command's output."""
    words = {"create", "update", "identical", "conflict", "skip"}
    lines = [line.split() for line in result.stdout.splitlines()]
    return [(line[0], line[1]) for line in lines if len(line) == 2 and line[0] in words]


def assert_refused(result: Result) -> None:
    """Refused as the CLI refuses: exit code 1, one message on stderr that starts with
    `error: ` and names each path once (no `path: path: reason`), nothing on stdout about it."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("error:") == 1, result.stderr
    assert "error:" not in result.stdout, result.stdout
    message = result.stderr.splitlines()[0]
    paths = PATH.findall(message)
    assert len(paths) == len(set(paths)), message
    assert not REPEATED_PREFIX.search(message), message


# Where each flavour keeps a project's files (package `demo`)


@dataclass(frozen=True)
class Layout:
    """A flavour's project layout; `{}` in a path stands for a resource's plural."""

    flavour: str
    resource_files: tuple[str, ...]  # what `add resource` creates, in the order it reports
    registries: tuple[str, ...]  # what `add resource` updates, in the order it reports
    routers: str
    routers_template: str  # the routers registry in the template, with `FLAVOUR` (flavour_file)
    package: str  # where a module named like a resource clashes with its package
    models: str
    schemas: str
    helpers: str
    routes: str
    migration: str  # a resource's first migration
    tests: str = "tests/test_{}.py"

    def created(self, plural: str) -> list[str]:
        return [path.format(plural) for path in self.resource_files]


SQLALCHEMY = Layout(
    flavour="sqlalchemy",
    resource_files=(
        "src/demo/{}/__init__.py",
        "src/demo/{}/models.py",
        "src/demo/{}/schemas.py",
        "src/demo/{}/helpers.py",
        "src/demo/{}/routes.py",
        "tests/test_{}.py",
        "migrations/versions/0001_create_{}.py",
    ),
    registries=("src/demo/routers.py", "src/demo/models.py"),
    routers="src/demo/routers.py",
    routers_template="template/FLAVOURsrc{% endif %}/{{ package_name }}/routers.py.jinja",
    package="src/demo",
    models="src/demo/{}/models.py",
    schemas="src/demo/{}/schemas.py",
    helpers="src/demo/{}/helpers.py",
    routes="src/demo/{}/routes.py",
    migration="migrations/versions/0001_create_{}.py",
)
DJANGO = Layout(
    flavour="django",
    resource_files=(
        "apps/{}/__init__.py",
        "apps/{}/admin.py",
        "apps/{}/apps.py",
        "apps/{}/helpers.py",
        "apps/{}/models.py",
        "apps/{}/migrations/__init__.py",
        "apps/api/{}/__init__.py",
        "apps/api/{}/routes.py",
        "apps/api/{}/schemas.py",
        "tests/test_{}.py",
        "apps/{}/migrations/0001_initial.py",
    ),
    registries=("demo/settings.py", "demo/routers.py"),
    routers="demo/routers.py",
    routers_template="template/FLAVOUR{{ package_name }}{% endif %}/routers.py.jinja",
    package="apps/api",
    models="apps/{}/models.py",
    schemas="apps/api/{}/schemas.py",
    helpers="apps/{}/helpers.py",
    routes="apps/api/{}/routes.py",
    migration="apps/{}/migrations/0001_initial.py",
)
LAYOUTS = {layout.flavour: layout for layout in (SQLALCHEMY, DJANGO)}


def flavour_file(flavour: str, path: str) -> str:
    """A template path whose first conditional part selects `flavour`."""
    return path.replace("FLAVOUR", "{% if flavour == '" + flavour + "' %}", 1)


# Real English nouns, singular and plural: regular, irregular, Latin and Greek, words ending
# in `s`, and multi-word names (only the last word is inflected).
NOUNS = [
    tuple(line.split())
    for line in """
    banner banners
    category categories
    box boxes
    address addresses
    day days
    movie movies
    cookie cookies
    mouse mice
    person people
    child children
    cactus cactuses
    status statuses
    hero heroes
    potato potatoes
    tomato tomatoes
    echo echoes
    volcano volcanoes
    quiz quizzes
    analysis analyses
    crisis crises
    thesis theses
    oasis oases
    bus buses
    campus campuses
    virus viruses
    bonus bonuses
    census censuses
    circus circuses
    genius geniuses
    syllabus syllabuses
    radius radiuses
    focus focuses
    corpus corpuses
    lotus lotuses
    walrus walruses
    apparatus apparatuses
    genus genera
    nucleus nuclei
    stimulus stimuli
    alumnus alumni
    alias aliases
    atlas atlases
    bias biases
    canvas canvases
    gas gases
    iris irises
    lens lenses
    tooth teeth
    goose geese
    foot feet
    man men
    woman women
    ox oxen
    criterion criteria
    phenomenon phenomena
    leaf leaves
    wolf wolves
    knife knives
    life lives
    wife wives
    half halves
    calf calves
    scarf scarves
    dwarf dwarves
    roof roofs
    chief chiefs
    cafe cafes
    toy toys
    key keys
    boy boys
    monkey monkeys
    journey journeys
    survey surveys
    city cities
    country countries
    company companies
    party parties
    story stories
    entry entries
    library libraries
    policy policies
    reply replies
    user users
    order orders
    product products
    invoice invoices
    payment payments
    customer customers
    account accounts
    article articles
    comment comments
    tag tags
    author authors
    book books
    review reviews
    ticket tickets
    event events
    message messages
    notification notifications
    setting settings
    profile profiles
    image images
    photo photos
    video videos
    radio radios
    piano pianos
    zoo zoos
    memo memos
    kilo kilos
    logo logos
    studio studios
    portfolio portfolios
    stadium stadiums
    album albums
    medium mediums
    house houses
    horse horses
    course courses
    phase phases
    purchase purchases
    release releases
    license licenses
    cheese cheeses
    nurse nurses
    expense expenses
    vertex vertexes
    appendix appendixes
    suffix suffixes
    prefix prefixes
    fox foxes
    tax taxes
    fax faxes
    mix mixes
    bush bushes
    dish dishes
    wish wishes
    church churches
    watch watches
    batch batches
    branch branches
    stomach stomachs
    address addresses
    business businesses
    process processes
    glass glasses
    kiss kisses
    boss bosses
    area areas
    idea ideas
    pizza pizzas
    sofa sofas
    camera cameras
    formula formulas
    schema schemas
    visa visas
    taxi taxis
    kiwi kiwis
    ski skis
    human humans
    money monies
    team teams
    project projects
    task tasks
    invoice_line invoice_lines
    order_item order_items
    user_profile user_profiles
    blog_post blog_posts
    blog_post_category blog_post_categories
    sales_person sales_people
    line_item line_items
    shopping_cart shopping_carts
    api_key api_keys
    access_token access_tokens
    credit_card credit_cards
    shipping_address shipping_addresses
    tax_rate tax_rates
    team_member team_members
""".strip().splitlines()
]


def without_lines_naming(text: bytes, words: tuple[str, ...]) -> list[str]:
    """`text`'s lines, less those that name one of `words` (any case): a starter file
    compared with what the CLI makes, its showcases left out."""
    lines = [
        line for line in text.decode().splitlines() if not any(w in line.lower() for w in words)
    ]
    # A showcase's import block (django's api.py) leaves its blank line behind.
    return [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]
