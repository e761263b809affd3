"""`apiforge check`: each rule on the guides' bad and good snippets, and the command's interface."""

import json
import keyword
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from apiforge.check.checks import Context, check_source
from apiforge.check.rules import RULES
from apiforge.check.runner import load_settings
from apiforge.check.runner import run as run_check
from apiforge.cli import app

from .check_corpus import CASES, Case
from .support import Layout, Render, copy_of, grow

EVERY_RULE = Context(django=True, sqlalchemy=True, shared_clients=True)
runner = CliRunner()


def codes(source: str, context: Context = EVERY_RULE) -> list[str]:
    return [finding.code for finding in check_source(source, "snippet.py", context)]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_snippet_is_caught_by_its_code(case: Case) -> None:
    assert set(codes(case.bad)) == {case.code}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_good_snippet_passes(case: Case) -> None:
    assert codes(case.good) == []


def test_every_rule_has_a_case() -> None:
    assert {case.code for case in CASES} == set(RULES) - {"AF000"}


# What ruff's ASYNC rules catch, apiforge check leaves to them: generated projects run both.
RUFF_CASES = [
    (
        "ASYNC251",
        "import time\n\nasync def wait_async():\n    time.sleep(1)\n",
        "import asyncio\n\nasync def wait_async():\n    await asyncio.sleep(1)\n",
    ),
    (
        "ASYNC210",
        "import requests\n\nasync def rates_async():\n    return requests.get('https://x.example')\n",
        "async def rates_async(upstream):\n    return await upstream.get_json_async('/')\n",
    ),
]


@pytest.mark.parametrize(("code", "bad", "good"), RUFF_CASES, ids=[c[0] for c in RUFF_CASES])
def test_ruff_catches_the_blocking_calls_it_knows(code: str, bad: str, good: str) -> None:
    def ruff_codes(source: str) -> set[str]:
        command = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "ASYNC"]
        command += ["--output-format", "json", "--stdin-filename", "snippet.py", "-"]
        result = subprocess.run(command, input=source, capture_output=True, text=True)
        return {finding["code"] for finding in json.loads(result.stdout)}

    assert ruff_codes(bad) == {code}
    assert ruff_codes(good) == set()
    assert codes(bad) == []  # not reported twice


def test_flavour_gates_the_orm_rules() -> None:
    save = "async def rename_async(self, item):\n    item.save()\n"
    session = "async def list_async(self):\n    with self.db.reader() as s:\n        pass\n"
    django = Context(django=True, sqlalchemy=False)
    sqlalchemy = Context(django=False, sqlalchemy=True)
    assert codes(save, django) == ["AF101"]
    assert codes(save, sqlalchemy) == []
    assert codes(session, sqlalchemy) == ["AF103"]
    assert codes(session, django) == []


def test_client_per_request_only_where_the_project_shares_clients() -> None:
    source = CASES[[case.code for case in CASES].index("AF601")].bad
    assert codes(source, Context(shared_clients=False)) == []


def test_sync_code_may_use_the_sync_apis() -> None:
    source = """\
        def names(self):
            for item in Item.objects.all():
                item.save()
            with self.db.reader() as session:
                return list(Item.objects.filter(active=True)), session
        """
    assert codes(dedent(source)) == []


def test_a_lambda_or_a_thread_runs_the_sync_call() -> None:
    source = """\
        import asyncio
        from asgiref.sync import sync_to_async

        async def rename_async(self, item):
            await sync_to_async(lambda: item.save(), thread_sensitive=True)()
            await asyncio.to_thread(item.save)
        """
    assert codes(dedent(source)) == []


def test_a_syntax_error_is_a_finding() -> None:
    [finding] = check_source("def broken(:\n", "broken.py", EVERY_RULE)
    assert (finding.code, finding.line) == ("AF000", 1)
    [finding] = check_source("x = 1\0\n", "nul.py", EVERY_RULE)
    assert finding.code == "AF000"


def test_a_file_not_in_utf8_is_a_finding(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    (root / "app" / "latin1.py").write_bytes("name = 'café'\n".encode("latin-1"))
    status, output = check(str(root))
    assert status == 1
    assert "latin1.py:1:1: AF000 cannot parse this file: not UTF-8" in output


# The command


def project(tmp_path: Path, source: str, pyproject: str = "", answers: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(pyproject or "[project]\nname = 'demo'\n")
    if answers:
        (tmp_path / ".copier-answers.yml").write_text(answers)
    (tmp_path / "app").mkdir(exist_ok=True)
    (tmp_path / "app" / "helpers.py").write_text(dedent(source))
    return tmp_path


BAD = """\
class BannerHelper:
    async def get_banner(self) -> None: ...

    async def count_async(self) -> int:
        return Banner.objects.count()
"""


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.output


def test_findings_exit_1_ruff_style(tmp_path: Path) -> None:
    root = project(tmp_path, BAD)
    status, output = check(str(root))
    assert status == 1
    lines = output.splitlines()
    assert lines[0].endswith(
        "app/helpers.py:2:5: AF001 async helper method `get_banner` must end in `_async`: "
        "rename it `get_banner_async`"
    )
    assert ":5:16: AF101 `Banner.objects.count()` is Django's sync ORM" in lines[1]
    assert "await its async form, `acount()`" in lines[1]
    assert lines[-1] == "Found 2 finding(s) in 1 file."


def test_clean_exits_0(tmp_path: Path) -> None:
    root = project(tmp_path, CASES[0].good)
    assert check(str(root)) == (0, "All checks passed (1 file).\n")


def test_noqa_silences_its_code_on_its_line(tmp_path: Path) -> None:
    source = BAD.replace("-> None: ...", "-> None: ...  # noqa: AF001")
    root = project(tmp_path, source.replace(".count()", ".count()  # noqa: AF999"))
    status, output = check(str(root))
    assert status == 1
    assert "AF001" not in output
    assert "AF101" in output
    root = project(tmp_path, source.replace(".count()", ".count()  # noqa"))
    assert check(str(root))[0] == 0


def test_select_and_ignore(tmp_path: Path) -> None:
    root = project(tmp_path, BAD)
    assert "AF101" not in check(str(root), "--select", "AF0")[1]
    status, output = check(str(root), "--ignore", "af001,AF1")
    assert (status, output.splitlines()[-1]) == (0, "All checks passed (1 file).")


def test_project_settings(tmp_path: Path) -> None:
    settings = '[tool.apiforge.check]\nignore = ["AF001"]\nexclude = ["app/generated_*.py"]\n'
    root = project(tmp_path, BAD, settings)
    (root / "app" / "generated_client.py").write_text(BAD)
    status, output = check(str(root))
    assert status == 1
    assert "generated_client" not in output
    assert "AF001" not in output
    assert output.splitlines()[-1] == "Found 1 finding(s) in 1 file."


def test_flavour_comes_from_the_answers_file(tmp_path: Path) -> None:
    root = project(tmp_path, BAD, answers="_commit: abc\nflavour: sqlalchemy\n")
    output = check(str(root))[1]
    assert "AF101" not in output  # no Django's ORM in a SQLAlchemy project
    assert "AF001" in output


def test_json_and_github_formats(tmp_path: Path) -> None:
    root = project(tmp_path, BAD)
    status, output = check(str(root), "--format", "json")
    findings = json.loads(output)
    assert status == 1
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("AF001", 2, 5),
        ("AF101", 5, 16),
    ]
    status, output = check(str(root), "--format", "github")
    first = output.splitlines()[0]
    assert first.startswith("::error file=")
    assert first.endswith(
        "app/helpers.py,line=2,col=5,title=AF001::AF001 async helper method `get_banner` "
        "must end in `_async`: rename it `get_banner_async`"
    )


@pytest.mark.parametrize(
    ("args", "pyproject", "error"),
    [
        (["--select", "XY1"], "", "unknown rule code or prefix: XY1"),
        (["--format", "xml"], "", "Invalid value for '--format'"),
        ([], "[tool.apiforge.check]\nselectt = []\n", "unknown key in [tool.apiforge.check]"),
        ([], '[tool.apiforge.check]\nignore = "AF501"\n', "ignore is a list of strings"),
        ([], "[tool.apiforge.check\n", "pyproject.toml: "),
        (["missing.py"], "", "does not exist"),
    ],
)
def test_usage_errors_exit_2_and_say_why(
    tmp_path: Path, args: list[str], pyproject: str, error: str
) -> None:
    root = project(tmp_path, BAD, pyproject)
    paths = [str(root / args.pop())] if args == ["missing.py"] else [str(root)]
    result = runner.invoke(app, ["check", *paths, *args], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert error in result.output


def test_imports_only_what_it_needs(tmp_path: Path) -> None:
    """No Copier, libcst, Jinja or YAML: `apiforge check` starts as fast as Typer lets it."""
    root = project(tmp_path, CASES[0].good)
    script = (
        "import sys\n"
        "from apiforge.cli import app\n"
        f"sys.argv = ['apiforge', 'check', {str(root)!r}]\n"
        "try:\n    app()\n"
        "except SystemExit:\n    print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    imported = {name.partition(".")[0] for name in result.stdout.split()}
    assert "apiforge" in imported
    assert not imported & {"copier", "libcst", "jinja2", "yaml", "inflect"}


@pytest.mark.parametrize("routes", ["async", "sync"])
def test_what_the_cli_adds_passes_it(
    render: Render, tmp_path: Path, layout: Layout, routes: str
) -> None:
    """A resource, routes and helpers in both styles, and clients: no finding."""
    project = copy_of(render, tmp_path, flavour=layout.flavour, routes=routes)
    grow(project, routes)
    files, findings = run_check([project], load_settings([project], [], []))
    assert files > 40
    assert findings == []


def test_an_attribute_named_writer_is_not_a_session() -> None:
    source = """\
        async def send_async(self, data):
            self.writer.write(data)
            await self.writer.drain()
            self.db.writer.begin()
        """
    assert codes(dedent(source), Context(django=False)) == ["AF103"]


NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,24}", fullmatch=True).filter(
    lambda name: (
        not keyword.iskeyword(name)
        and not name.endswith("_async")
        and not (name.startswith("__") and name.endswith("__"))
    )
)


@given(name=NAMES)
def test_helper_methods_named_by_their_style_pass_and_only_those(name: str) -> None:
    good = f"class ThingHelper:\n    async def {name}_async(self): ...\n    def {name}(self): ...\n"
    bad = f"class ThingHelper:\n    async def {name}(self): ...\n    def {name}_async(self): ...\n"
    assert codes(good) == []
    assert sorted(codes(bad)) == ["AF001", "AF002"]
