"""Which files to check with which rules, and the findings no `# noqa` silences."""

import fnmatch
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .checks import Context, Finding, check_source
from .rules import RULES, selected

# Directories no project keeps its own code in: environments, caches, builds.
SKIPPED = (".*", "__pycache__", "node_modules", "build", "dist", "venv", "*.egg-info")
SETTINGS_KEYS = {"select", "ignore", "exclude"}
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
FLAVOUR = re.compile(r"^flavour:\s*['\"]?(\w+)", re.M)


class SettingsError(ValueError):
    """`[tool.apiforge.check]` or the command line asks for something that is not there."""


@dataclass(frozen=True)
class Settings:
    root: Path  # the project: where pyproject.toml is, or the first path checked
    codes: set[str]
    exclude: list[str]
    context: Context


def project_root(start: Path) -> Path:
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return directory


def load_settings(paths: Sequence[Path], select: list[str], ignore: list[str]) -> Settings:
    """The project's `[tool.apiforge.check]`, with `select` replacing its selection and
    `ignore` adding to its ignores, and what its `.copier-answers.yml` says of it."""
    root = project_root(paths[0] if paths else Path.cwd())
    table: dict[str, list[str]] = {}
    if (pyproject := root / "pyproject.toml").is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{pyproject}: {error}") from None
        table = data.get("tool", {}).get("apiforge", {}).get("check", {})
        unknown = set(table) - SETTINGS_KEYS
        if unknown:
            keys = ", ".join(sorted(SETTINGS_KEYS))
            raise SettingsError(
                f"{pyproject}: unknown key in [tool.apiforge.check]: "
                f"{', '.join(sorted(unknown))} (known: {keys})"
            )
        for key, value in table.items():
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                raise SettingsError(
                    f"{pyproject}: [tool.apiforge.check] {key} is a list of strings, "
                    f'such as {key} = ["AF501"]'
                )
    try:
        codes = selected(select or table.get("select", ["AF"]), [*table.get("ignore", []), *ignore])
    except ValueError as error:
        raise SettingsError(str(error)) from None
    answers = root / ".copier-answers.yml"
    found = answers.is_file() and FLAVOUR.search(answers.read_text(encoding="utf-8"))
    flavour = found.group(1) if found else None
    shared_clients = any(root.glob("*/integrations/clients.py")) or any(
        root.glob("src/*/integrations/clients.py")
    )
    context = Context(
        django=flavour in (None, "django"),
        sqlalchemy=flavour in (None, "sqlalchemy"),
        shared_clients=shared_clients,
    )
    return Settings(root, codes, list(table.get("exclude", [])), context)


def python_files(paths: Sequence[Path], settings: Settings) -> Iterator[Path]:
    """The files named, and the `.py` files under the directories named, less the excluded."""

    def excluded(path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(settings.root).as_posix()
        except ValueError:
            relative = path.as_posix()
        return any(fnmatch.fnmatch(relative, pattern) for pattern in settings.exclude) or any(
            fnmatch.fnmatch(path.name, pattern) for pattern in SKIPPED
        )

    for path in paths:
        if path.is_file():
            yield path
            continue
        for directory, subdirectories, files in os.walk(path):
            base = Path(directory)
            subdirectories[:] = sorted(d for d in subdirectories if not excluded(base / d))
            for name in sorted(files):
                if name.endswith(".py") and not excluded(base / name):
                    yield base / name


def silenced(finding: Finding, lines: list[str]) -> bool:
    if not 0 < finding.line <= len(lines):
        return False
    match = NOQA.search(lines[finding.line - 1])
    if not match:
        return False
    codes = match.group("codes")
    return codes is None or finding.code in re.split(r"[\s,]+", codes.upper())


def run(paths: Sequence[Path], settings: Settings) -> tuple[int, list[Finding]]:
    """How many files were checked, and their findings in file and line order."""
    findings: list[Finding] = []
    count = 0
    for path in python_files(paths, settings):
        count += 1
        shown = os.path.relpath(path) if path.is_absolute() else str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            source = ""
            message = RULES["AF000"].message.format(error=f"not UTF-8 ({error.reason})")
            findings.append(Finding(shown, 1, 1, "AF000", message))
        lines = source.splitlines()
        findings += [
            finding
            for finding in check_source(source, shown, settings.context)
            if finding.code in settings.codes and not silenced(finding, lines)
        ]
    return count, sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))
