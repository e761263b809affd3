"""`--data` answers are checked against the template's questions before Copier runs."""

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy
from typer.testing import CliRunner

from apiforge.answers import FALSE_WORDS, TRUE_WORDS, AnswerError, check_data, parse_bool, questions
from apiforge.cli import app

from .support import ROOT, assert_refused

runner = CliRunner()

BOOL_ANSWERS = sorted(
    {*TRUE_WORDS, *FALSE_WORDS}
    | {word.upper() for word in TRUE_WORDS | FALSE_WORDS}
    | {" yes ", "True", "0", "1", "2", "-1", "0.0", "1e3"}
)
NOT_BOOL = ["maybe", "ja", "nope", "yess", "truee", "1 0", "enabled"]

# Every kind of question Copier has, for the checks the real template does not exercise.
TYPED_QUESTIONS = {
    "flag": {"type": "bool", "default": False},
    "count": {"type": "int", "default": 1},
    "ratio": {"type": "float", "default": 0.5},
    "config": {"type": "json", "default": "{}"},
    "extra": {"type": "yaml", "default": "[]"},
    "where": {"type": "path", "default": "."},
    "level": {"type": "int", "choices": [1, 2, 3], "default": 1},
    "size": {"type": "str", "choices": {"Small": "s", "Large": {"value": "l"}}, "default": "s"},
    "tags": {"type": "str", "choices": ["a", "b"], "multiselect": True, "default": []},
    "implicit_bool": True,
    "implicit_int": 3,
    "computed": {"type": "str", "when": False, "default": "x"},
}


def tiny_template(root: Path, config: dict[str, Any]) -> Path:
    """A template of its own: `config` as copier.yml, rendering the answers file."""
    (root / "template").mkdir(parents=True)
    (root / "template" / "{{ _copier_conf.answers_file }}.jinja").write_text(
        "{{ _copier_answers | to_nice_yaml }}"
    )
    (root / "copier.yml").write_text(yaml.safe_dump({"_subdirectory": "template", **config}))
    return root


def refusal(data: dict[str, str], template: Path = ROOT) -> str:
    with pytest.raises(AnswerError) as refused:
        check_data(data, template)
    return str(refused.value)


def test_a_typo_in_a_key_is_refused_with_the_closest_question() -> None:
    assert refusal({"flavor": "django"}) == "--data flavor: no such question; did you mean flavour?"
    assert "did you mean example_resource?" in refusal({"example_resources": "no"})
    assert "did you mean package_name?" in refusal({"packagename": "x"})


def test_a_key_like_no_question_lists_the_questions() -> None:
    message = refusal({"zzz": "1"})
    assert message.startswith("--data zzz: no such question; the questions are project_name,")
    assert "secret_key" not in message


def test_computed_values_and_copier_settings_are_no_answers() -> None:
    assert refusal({"secret_key": "x"}) == (
        "--data secret_key: the template computes secret_key; it is not a question"
    )
    for key in ("_subdirectory", "_commit", "_src_path"):
        assert "keys starting with _ are Copier settings" in refusal({key: "x"})


@pytest.mark.parametrize("value", NOT_BOOL)
def test_a_bool_answer_copier_would_misread_is_refused(value: str) -> None:
    assert refusal({"example_resource": value}) == (
        f"--data example_resource={value}: example_resource is yes or no:"
        " answer true or false (or yes/no, on/off, 1/0)"
    )


@pytest.mark.parametrize(
    ("key", "value", "choices"),
    [
        ("flavour", "flask", "sqlalchemy, django"),
        ("flavour", "Django", "sqlalchemy, django"),
        ("database", "mysql", "sqlite, postgresql"),
        ("routes", "both", "async, sync"),
        ("python_version", "3.10", "3.11, 3.12, 3.13"),
    ],
)
def test_an_answer_outside_the_choices_is_refused(key: str, value: str, choices: str) -> None:
    assert refusal({key: value}) == f"--data {key}={value}: choose one of {choices}"


def test_every_answer_of_every_question_is_accepted() -> None:
    found = questions(ROOT)
    assert found is not None
    answers: dict[str, list[str]] = {}
    for key, question in found.items():
        if question.get("when") is False:
            continue
        if "choices" in question:
            choices = question["choices"]
            answers[key] = list(choices.values() if isinstance(choices, dict) else choices)
        elif question["type"] == "bool":
            answers[key] = BOOL_ANSWERS
        else:
            answers[key] = ["Anything at all", "x@example.com", ""]
    # Round n answers each question with its n-th value (cycling through the shorter lists).
    for n in range(max(len(values) for values in answers.values())):
        check_data({key: values[n % len(values)] for key, values in answers.items()}, ROOT)
    assert set(answers) == {
        "project_name",
        "package_name",
        "description",
        "author_name",
        "author_email",
        "python_version",
        "flavour",
        "database",
        "routes",
        "example_resource",
        "docker",
        "ci",
    }


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("flag", ["yes", "off", "0"], ["maybe"]),
        ("count", ["0", "-7", " 42 "], ["4.5", "many", ""]),
        ("ratio", ["0.25", "1", "1e-3"], ["half", ""]),
        ("config", ['{"a": [1, 2]}', "3", "null"], ["{a: 1}", ""]),
        ("extra", ["[a, b]", "{a: 1}", "plain"], ["[a, b", "{a: 1"]),
        ("where", ["docs/x", ""], []),
        ("level", ["1", "3"], ["4", "one"]),
        ("size", ["s", "l"], ["m", "Small"]),
        ("tags", ["[a, b]", "[]"], []),
        ("implicit_bool", ["no"], ["perhaps"]),
        ("implicit_int", ["12"], ["twelve"]),
    ],
)
def test_every_copier_type_is_checked(
    tmp_path: Path, key: str, good: list[str], bad: list[str]
) -> None:
    template = tiny_template(tmp_path, TYPED_QUESTIONS)
    for value in good:
        check_data({key: value}, template)
    for value in bad:
        assert refusal({key: value}, template).startswith(f"--data {key}={value}: ")
    assert "computes computed" in refusal({"computed": "y"}, template)


def test_bool_answers_mean_what_copier_reads(tmp_path: Path) -> None:
    """What `check_data` accepts, Copier reads the same way; what it refuses, Copier would
    have taken as a yes."""
    template = tiny_template(tmp_path / "template", {"flag": {"type": "bool", "default": False}})

    def copier_reads(number: int, value: str) -> object:
        project = tmp_path / f"project-{number}"
        run_copy(str(template), project, data={"flag": value}, defaults=True, quiet=True)
        return yaml.safe_load((project / ".copier-answers.yml").read_text())["flag"]

    for number, value in enumerate(BOOL_ANSWERS):
        assert copier_reads(number, value) is parse_bool(value), value
    for number, value in enumerate(NOT_BOOL, len(BOOL_ANSWERS)):
        assert copier_reads(number, value) is True, value


def test_a_remote_template_is_left_to_copier() -> None:
    assert questions("https://github.com/example/template.git") is None
    check_data({"anything": "goes"}, "https://github.com/example/template.git")


# Through the CLI: refused before Copier runs, nothing written.


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("flavor=django", "error: --data flavor: no such question; did you mean flavour?"),
        ("example_resource=maybe", "error: --data example_resource=maybe: example_resource is yes"),
        ("database=mysql", "error: --data database=mysql: choose one of sqlite, postgresql"),
        ("secret_key=abc", "error: --data secret_key: the template computes secret_key"),
        ("_commit=abc", "error: --data _commit: keys starting with _ are Copier settings"),
    ],
)
def test_new_refuses_a_bad_answer_and_writes_nothing(
    tmp_path: Path, data: str, message: str
) -> None:
    destination = tmp_path / "demo"
    result = runner.invoke(app, ["new", str(destination), "--defaults", "--data", data])
    assert_refused(result)
    assert result.stderr.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_new_takes_well_formed_answers_as_meant(tmp_path: Path) -> None:
    destination = tmp_path / "demo"
    answers = {
        "flavour": "django",
        "database": "postgresql",
        "routes": "sync",
        "python_version": "3.13",
        "example_resource": "no",
        "docker": "off",
        "ci": "0",
        "author_name": "Ada",
    }
    data = [arg for key, value in answers.items() for arg in ("-d", f"{key}={value}")]
    result = runner.invoke(app, ["new", str(destination), "--defaults", "--vcs-ref", "HEAD", *data])
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((destination / ".copier-answers.yml").read_text())
    assert {key: recorded[key] for key in answers} == {
        **answers,
        "example_resource": False,
        "docker": False,
        "ci": False,
    }
    assert not (destination / "Dockerfile").exists()
    assert (destination / "manage.py").is_file()


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def updatable(tmp_path: Path) -> Path:
    """A project under git, generated from a released template with two questions."""
    template = tiny_template(
        tmp_path / "template",
        {
            "colour": {"type": "str", "choices": ["red", "blue"], "default": "red"},
            "docs": {"type": "bool", "default": True},
        },
    )
    (template / "template/colour.txt.jinja").write_text("{{ colour }} {{ docs }}\n")
    git(template, "init", "-q")
    git(template, "add", "-A")
    git(template, "commit", "-q", "-m", "template")
    git(template, "tag", "v1.0.0")
    project = tmp_path / "project"
    run_copy(str(template), project, defaults=True, quiet=True)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generate")
    return project


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("color=blue", "error: --data color: no such question; did you mean colour?"),
        ("colour=green", "error: --data colour=green: choose one of red, blue"),
        ("docs=sometimes", "error: --data docs=sometimes: docs is yes or no"),
    ],
)
def test_update_refuses_a_bad_answer_and_changes_nothing(
    updatable: Path, data: str, message: str
) -> None:
    before = (updatable / ".copier-answers.yml").read_text()
    result = runner.invoke(app, ["update", "--project-dir", str(updatable), "--data", data])
    assert_refused(result)
    assert result.stderr.startswith(message)
    assert (updatable / ".copier-answers.yml").read_text() == before
    assert (updatable / "colour.txt").read_text() == "red True\n"


def test_update_takes_well_formed_answers_as_meant(updatable: Path) -> None:
    args = ["--data", "colour=blue", "--data", "docs=No"]
    result = runner.invoke(app, ["update", "--project-dir", str(updatable), *args])
    assert result.exit_code == 0, result.output
    assert (updatable / "colour.txt").read_text() == "blue False\n"
