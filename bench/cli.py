"""How long `apiforge --help` and `apiforge add resource` take: median of several runs.

    uv run python bench/cli.py [--runs N]

Renders one project (no example resource) with Copier, then times each command as a
fresh process, the way a user runs it; every `add resource` works on a fresh copy.
"""

import argparse
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def median_ms(samples: list[float]) -> str:
    median, fastest = statistics.median(samples) * 1000, min(samples) * 1000
    return f"{median:7.0f} ms (min {fastest:.0f}, n={len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        data = {"project_name": "Bench", "package_name": "bench", "example_resource": False}
        run_copy(str(ROOT), base, data=data, defaults=True, quiet=True)
        help_times = [timed([APIFORGE, "--help"]) for _ in range(runs)]
        add_times, dry_times, again_times = [], [], []
        for n in range(runs):
            project = Path(scratch) / f"p{n}"
            shutil.copytree(base, project)
            add = [APIFORGE, "add", "resource", "banners", "--fields", FIELDS]
            add += ["--project-dir", str(project)]
            dry_times.append(timed([*add, "--dry-run"]))
            add_times.append(timed(add))
            again_times.append(timed(add))
    print(f"apiforge --help                        {median_ms(help_times)}")
    print(f"apiforge add resource --dry-run        {median_ms(dry_times)}")
    print(f"apiforge add resource                  {median_ms(add_times)}")
    print(f"apiforge add resource (again, no-op)   {median_ms(again_times)}")


if __name__ == "__main__":
    main()
