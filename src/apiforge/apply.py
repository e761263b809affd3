"""Write a plan all at once, or not at all."""

import os
import tempfile
from pathlib import Path

from .errors import ApiforgeError
from .plan import Change


class ApplyError(ApiforgeError):
    """A write failed; every file already written was restored."""


def _new_file_mode() -> int:
    """The mode `open()` gives a new file: 0o666 less the umask (mkstemp's is 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temp(target: Path, text: str, mode: int) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    os.chmod(name, mode)
    return Path(name)


def _missing_dirs(root: Path, changes: list[Change]) -> list[Path]:
    """The directories the changes need that do not exist yet, deepest first."""
    missing = set()
    for change in changes:
        for parent in (root / change.path).parents:
            if parent == root or parent.exists():
                break
            missing.add(parent)
    return sorted(missing, key=lambda d: len(d.parts), reverse=True)


def apply_changes(root: Path, changes: list[Change]) -> None:
    """Stage every file beside its target, then swap them in with os.replace.

    On any error, staged files are removed, replaced files get their old text back,
    created files and the directories made for them are deleted.
    """
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, str | None, int]] = []
    made_dirs = _missing_dirs(root, changes)
    new_mode = _new_file_mode()
    target = root
    try:
        for change in changes:
            target = root / change.path
            target.parent.mkdir(parents=True, exist_ok=True)
            mode = target.stat().st_mode & 0o777 if target.exists() else new_mode
            staged.append((_write_temp(target, change.new, mode), target))
        for (temp, target), change in zip(staged, changes, strict=True):
            mode = target.stat().st_mode & 0o777 if target.exists() else new_mode
            os.replace(temp, target)
            done.append((target, change.old, mode))
    except OSError as error:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for written, old, mode in reversed(done):
            if old is None:
                written.unlink(missing_ok=True)
            else:
                _write_temp(written, old, mode).replace(written)
        for directory in made_dirs:
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
        raise ApplyError(
            f"could not write {target}: {error.strerror}; the project was left as it was"
        ) from None
