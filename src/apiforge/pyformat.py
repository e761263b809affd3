"""Run generated Python through ruff (import and `__all__` sorting, then `ruff format`), with the
project's own settings, so long names still give ruff-clean files."""

import subprocess
import tempfile
from collections.abc import Collection
from pathlib import Path

from .errors import ApiforgeError


class FormatError(ApiforgeError):
    """ruff refused the generated code (it does not parse)."""


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def format_files(
    project_root: Path, files: dict[str, str], checked: Collection[str] = ()
) -> dict[str, str]:
    """`files` (relative path -> text), sorted and formatted as the project's ruff would.

    The files are staged in a scratch copy of their paths, so ruff classifies imports as
    it would in the project (first-party: the project's packages). Lines of the
    `checked` files that stay longer than the project allows (long names inside strings)
    raise FormatError.
    """
    if not files:
        return {}
    config = project_root / "pyproject.toml"
    with tempfile.TemporaryDirectory(prefix="apiforge-") as scratch:
        root = Path(scratch)
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        settings = ["--config", str(config)] if config.is_file() else []
        # First-party: the `src/` packages, and the packages at the root (a Django project's).
        package_dirs = [p.name for p in (project_root / "src").glob("*") if p.is_dir()]
        package_dirs += [p.parent.name for p in sorted(project_root.glob("*/__init__.py"))]
        known = ", ".join(f'"{name}"' for name in package_dirs)
        commands = [
            [
                _ruff(),
                "check",
                "--select",
                "I,RUF022",
                "--fix",
                "--exit-zero",
                "--quiet",
                *settings,
            ],
            [_ruff(), "format", "--quiet", *settings],
        ]
        for command in commands:
            if known:
                command += ["--config", f"lint.isort.known-first-party = [{known}]"]
            result = subprocess.run(
                [*command, "--no-cache", "."], cwd=root, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise FormatError(result.stderr.strip() or result.stdout.strip())
        if checked:
            command = [_ruff(), "check", "--select", "E501", "--output-format", "concise"]
            result = subprocess.run(
                [*command, *settings, "--no-cache", *checked],
                cwd=root,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise FormatError(
                    "the generated code would have lines longer than the project allows:"
                    f" choose shorter names\n{result.stdout.strip()}"
                )
        return {path: (root / path).read_text() for path in files}
