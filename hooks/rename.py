"""Copier migration for a file the template renamed: `rename.py OLD NEW` (after the update).

Copier drops OLD, which the new template no longer has, and writes a fresh NEW. The
user's OLD, with their edits, is in the last commit (Copier updates clean repositories
only): it becomes NEW, so no work is lost. A release that renames a file does not also
change its content.
"""

import subprocess
import sys
from pathlib import Path


def main(old: str, new: str) -> None:
    committed = subprocess.run(["git", "show", f"HEAD:./{old}"], capture_output=True)
    if committed.returncode != 0:
        return  # this project never had OLD
    target = Path(new)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(committed.stdout)
    Path(old).unlink(missing_ok=True)
    print(f"renamed {old} -> {new}, keeping its content")


if __name__ == "__main__":
    main(*sys.argv[1:])
