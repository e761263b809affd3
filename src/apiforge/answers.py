"""`--data KEY=VALUE` answers, checked against the template's questions before Copier runs.

Copier passes an unknown key to the templates unread, and reads any text it does not know
as a yes for a bool question: a typo would render a project nobody asked for.
"""

import difflib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ApiforgeError
from .template_source import TemplateSource

# The words Copier reads as a bool answer (`cast_to_bool`); it takes any other text as true.
TRUE_WORDS = frozenset({"y", "yes", "t", "true", "on"})
FALSE_WORDS = frozenset({"", "n", "no", "f", "false", "off", "~", "null", "none"})


class AnswerError(ApiforgeError):
    """A `--data` answer the template would not take as meant; nothing was written."""


def parse_data(pairs: Iterable[str]) -> dict[str, str]:
    """`["key=value", ...]` as a dict, refusing anything else."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise AnswerError(f"--data expects KEY=VALUE, got {pair!r}")
        data[key.strip()] = value
    return data


def parse_bool(text: str) -> bool:
    """`text` as Copier reads a bool answer: a number (0 is false) or one of the words;
    ValueError for any other text, which Copier would read as true."""
    try:
        return bool(float(text))
    except ValueError:
        pass
    word = text.strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(f"not a yes or no: {text!r}")


# How Copier casts an answer of each question type.
CASTS: dict[str, Callable[[str], Any]] = {
    "bool": parse_bool,
    "int": int,
    "float": float,
    "json": json.loads,
    "yaml": yaml.safe_load,
    "str": str,
    "path": str,
}


def questions(
    template: str | Path | TemplateSource, ref: str | None = None
) -> dict[str, dict[str, Any]] | None:
    """The questions in the template's `copier.yml` (at `ref`, for apiforge's own history),
    in Copier's long form; None for a template that is no local directory (a git URL),
    which Copier checks alone."""
    if isinstance(template, TemplateSource):
        text: str | None = template.read("copier.yml", template.ref(ref))
    else:
        path = Path(template) / "copier.yml"
        text = path.read_text() if path.is_file() else None
    if text is None:
        return None
    config = yaml.safe_load(text) or {}
    return {
        key: value if isinstance(value, dict) else {"default": value}
        for key, value in config.items()
        if not key.startswith("_")  # Copier's settings
    }


def _type_name(question: Mapping[str, Any]) -> str:
    """The question's type; without one, Copier takes the type of its default."""
    if "type" in question:
        return str(question["type"])
    name = type(question.get("default")).__name__
    return name if name in CASTS else "yaml"


def _choices(question: Mapping[str, Any]) -> list[Any] | None:
    """The values a choice question takes (a dict maps labels to values); None when Copier
    must render them."""
    choices = question.get("choices")
    if isinstance(choices, dict):
        choices = list(choices.values())
    if not isinstance(choices, list):
        return None
    return [c["value"] if isinstance(c, dict) else c for c in choices]


def _cast_choice(cast: Callable[[str], Any], choice: Any) -> Any:
    try:
        return cast(choice)
    except (TypeError, AttributeError):  # json, yaml: Copier keeps a value that is no text
        return choice


def _check_value(key: str, value: str, question: Mapping[str, Any]) -> None:
    type_name = _type_name(question)
    cast = CASTS.get(type_name)
    if cast is None or question.get("multiselect"):
        return  # a templated type, or a YAML list of choices: Copier checks them
    try:
        answer = cast(value)
    except (ValueError, yaml.YAMLError):
        if type_name == "bool":
            raise AnswerError(
                f"--data {key}={value}: {key} is yes or no: answer true or false"
                " (or yes/no, on/off, 1/0)"
            ) from None
        raise AnswerError(f"--data {key}={value}: not a valid {type_name}") from None
    choices = _choices(question)
    if choices is not None and answer not in [_cast_choice(cast, c) for c in choices]:
        shown = ", ".join(str(choice) for choice in choices)
        raise AnswerError(f"--data {key}={value}: choose one of {shown}")


def check_data(
    data: Mapping[str, str], template: str | Path | TemplateSource, ref: str | None = None
) -> None:
    """Refuse an answer that is no question of `template`, or that its question would not
    take as meant: the wrong type, or not one of its choices.

    Questions with `when: false` are computed by the template, not answered; keys starting
    with `_` are Copier's settings: both are refused. Jinja validators are Copier's to run.
    """
    found = questions(template, ref)
    if found is None:
        return
    asked = {key: question for key, question in found.items() if question.get("when") is not False}
    for key, value in data.items():
        question = asked.get(key)
        if question is not None:
            _check_value(key, value, question)
        elif key.startswith("_"):
            raise AnswerError(
                f"--data {key}: keys starting with _ are Copier settings, not answers"
            )
        elif key in found:
            raise AnswerError(f"--data {key}: the template computes {key}; it is not a question")
        else:
            close = difflib.get_close_matches(key, asked, n=1)
            hint = f"did you mean {close[0]}?" if close else f"the questions are {', '.join(asked)}"
            raise AnswerError(f"--data {key}: no such question; {hint}")
