"""How long `apiforge check` takes on a project of 200 Python files: median of several runs.

    uv run python bench/check.py [--files 200] [--runs 7]

Renders the starter projects of both flavours with Copier and copies their Python files
into one tree of `--files` files. Times, side by side: the whole command as a fresh
process (`warm` and `cold` as in bench/cli.py), the checks alone in this process (parse
and walk every file), and `apiforge --help` (the command line's own start-up). Prints the
packages the command imports, beyond the standard library.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cli import APIFORGE, median_ms, settings, timed
from copier import run_copy

from apiforge.check.runner import load_settings, run

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = """
import atexit, sys
atexit.register(lambda: print(" ".join(sorted({name.partition(".")[0] for name in sys.modules
    if name.partition(".")[0] not in sys.stdlib_module_names}))))
sys.argv = ["apiforge", "check", sys.argv[1]]
from apiforge.cli import app
app()
"""


def tree(scratch: Path, files: int) -> Path:
    """`files` Python files: the starter projects' own, copied as often as it takes."""
    sources: list[Path] = []
    for flavour in ("sqlalchemy", "django"):
        project = scratch / flavour
        data = {"project_name": "Bench", "package_name": "bench", "flavour": flavour}
        run_copy(str(ROOT), project, data=data, defaults=True, quiet=True)
        sources += sorted(path for path in project.rglob("*.py") if ".venv" not in path.parts)
    target = scratch / "tree"
    for index in range(files):
        source = sources[index % len(sources)]
        copy = target / f"copy{index // len(sources)}" / source.relative_to(scratch)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)
    (target / "pyproject.toml").write_text("[project]\nname = 'bench'\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        target = tree(Path(scratch), options.files)
        lines = sum(len(path.read_text().splitlines()) for path in target.rglob("*.py"))
        print(f"{options.files} files, {lines} lines")
        envs = settings(Path(scratch))
        commands = {
            "apiforge check": [APIFORGE, "check", str(target)],
            "apiforge --help": [APIFORGE, "--help"],
        }
        for _ in range(2):  # fill the warm cache
            subprocess.run(commands["apiforge check"], capture_output=True, env=envs["warm"])
        for name, command in commands.items():
            for setting, env in envs.items():
                samples = [timed(command, env) for _ in range(options.runs)]
                print(f"{name:<20} {setting:<5} {median_ms(samples)}")
        samples = []
        for _ in range(options.runs):
            start = time.perf_counter()
            checked, _findings = run([target], load_settings([target], [], []))
            samples.append(time.perf_counter() - start)
        assert checked == options.files
        print(f"{'checks alone':<20} {'':<5} {median_ms(samples)}")
        imported = subprocess.run(
            [sys.executable, "-c", IMPORTS, str(target)], capture_output=True, text=True
        ).stdout.splitlines()[-1]
        print(f"apiforge check imports: {imported}")


if __name__ == "__main__":
    main()
