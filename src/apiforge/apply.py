"""Write a plan all at once, or not at all."""

import os
import tempfile
from pathlib import Path

from .errors import ApiforgeError
from .plan import Change


class ApplyError(ApiforgeError):
    """A write failed; every file already written was restored."""


def _write_temp(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    if target.exists():
        os.chmod(name, target.stat().st_mode & 0o777)
    return Path(name)


def apply_changes(root: Path, changes: list[Change]) -> None:
    """Stage every file beside its target, then swap them in with os.replace.

    On any error, staged files are removed, replaced files get their old text back,
    created files and the directories made for them are deleted.
    """
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, str | None]] = []
    made_dirs = [d for d in {(root / c.path).parent for c in changes} if not d.exists()]
    try:
        for change in changes:
            target = root / change.path
            staged.append((_write_temp(target, change.new), target))
        for (temp, target), change in zip(staged, changes, strict=True):
            os.replace(temp, target)
            done.append((target, change.old))
    except OSError as error:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for target, old in reversed(done):
            if old is None:
                target.unlink(missing_ok=True)
            else:
                _write_temp(target, old).replace(target)
        for directory in sorted(made_dirs, key=lambda d: len(d.parts), reverse=True):
            for parent in (directory, *directory.parents):
                if parent == root or not parent.is_dir() or any(parent.iterdir()):
                    break
                parent.rmdir()
        raise ApplyError(
            f"could not write {error.filename or error}: {error.strerror};"
            " the project was left as it was"
        ) from None
