"""How long `apiforge --help` and `apiforge add resource` take: median of several runs.

    uv run python bench/cli.py [--runs N]

Renders one project (no example resource) with Copier, then times each command as a
fresh process, the way a user runs it; every `add resource` works on a fresh copy.
Each command runs side by side in two settings: `warm`, with Python's bytecode cache
filled (what a user sees after the first run), and `cold`, with every module compiled
again on each run (what `PYTHONDONTWRITEBYTECODE=1` gives).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copier import run_copy

ROOT = Path(__file__).resolve().parent.parent
APIFORGE = str(Path(sys.executable).parent / "apiforge")
FIELDS = "title:str:unique body:text views:int=0 active:bool=true published_at:datetime?"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def settings(scratch: Path) -> dict[str, dict[str, str]]:
    """The environments of `warm` and `cold` runs; neither writes into the installation."""
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {
        "warm": {**base, "PYTHONPYCACHEPREFIX": str(scratch / "pycache")},
        "cold": {
            **base,
            "PYTHONPYCACHEPREFIX": str(scratch / "no-pycache"),
            "PYTHONDONTWRITEBYTECODE": "1",
        },
    }


def median_ms(samples: list[float]) -> str:
    median, fastest = statistics.median(samples) * 1000, min(samples) * 1000
    return f"{median:7.0f} ms (min {fastest:.0f}, n={len(samples)})"


def add(project: Path) -> list[str]:
    """`add resource` in `project`."""
    return [
        APIFORGE,
        "add",
        "resource",
        "banners",
        "--fields",
        FIELDS,
        "--project-dir",
        str(project),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        data = {"project_name": "Bench", "package_name": "bench", "example_resource": False}
        run_copy(str(ROOT), base, data=data, defaults=True, quiet=True)
        envs = settings(Path(scratch))
        commands = {
            "apiforge --help": lambda project: [APIFORGE, "--help"],
            "apiforge add resource --dry-run": lambda project: [*add(project), "--dry-run"],
            "apiforge add resource": add,
            "apiforge add resource (again, no-op)": add,
        }
        times: dict[tuple[str, str], list[float]] = {}
        for n in range(runs + 1):  # run 0 fills the warm cache and is not counted
            for setting, env in envs.items():
                project = Path(scratch) / f"{setting}{n}"
                shutil.copytree(base, project)
                for name, command in commands.items():
                    elapsed = timed(command(project), env)
                    if n:
                        times.setdefault((name, setting), []).append(elapsed)
    for (name, setting), samples in times.items():
        print(f"{name:38} {setting}  {median_ms(samples)}")


if __name__ == "__main__":
    main()
