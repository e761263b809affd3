"""Copier migration for a file the template renamed: `rename.py OLD NEW`.

Copier leaves OLD in place (the new template no longer has it) and writes a fresh NEW.
The user's OLD, with any edits, replaces the fresh NEW, so no work is lost; a release
that renames a file does not change its content in the same release.
"""

import sys
from pathlib import Path


def main(old: str, new: str) -> None:
    source, target = Path(old), Path(new)
    if not source.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)
    print(f"renamed {old} -> {new}")


if __name__ == "__main__":
    main(*sys.argv[1:])
