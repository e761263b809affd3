"""Writing a plan: all of it, keeping file modes, or, when a write fails, none of it.

Tests run as root, for whom permissions block nothing: failures come from the file system
itself (a directory where a file goes, a file where a directory goes)."""

import os
import stat
from pathlib import Path

import pytest

from apiforge.apply import ApplyError, apply_changes
from apiforge.plan import Change


def state(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every directory and file under `root`: its permission bits and its bytes."""
    return {
        str(path.relative_to(root)): (
            oct(stat.S_IMODE(path.stat().st_mode)),
            b"" if path.is_dir() else path.read_bytes(),
        )
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src/routers.py").write_text("old routers\n")
    (project / "run.sh").write_text("#!/bin/sh\n")
    (project / "run.sh").chmod(0o755)
    (project / "secret.py").write_text("old secret\n")
    (project / "secret.py").chmod(0o600)
    (project / "README.md").write_text("a file, not a directory\n")
    (project / "docs").mkdir()  # a directory, not a file
    return project


def test_creates_and_updates_are_written_keeping_modes(root: Path) -> None:
    apply_changes(
        root,
        [
            Change("src/routers.py", "old routers\n", "new routers\n", owned=False),
            Change("run.sh", "#!/bin/sh\n", "#!/bin/sh\nexit 0\n", owned=True),
            Change("secret.py", "old secret\n", "new secret\n", owned=False),
            Change("src/banners/models.py", None, "models\r\n", owned=True),
            Change("src/banners/__init__.py", None, "", owned=True),
        ],
    )
    after = state(root)
    assert after["src/routers.py"][1] == b"new routers\n"
    assert after["run.sh"] == ("0o755", b"#!/bin/sh\nexit 0\n")
    assert after["secret.py"] == ("0o600", b"new secret\n")
    assert after["src/banners/models.py"][1] == b"models\r\n"  # written as given
    assert after["src/banners/__init__.py"][1] == b""
    assert not list(root.rglob("*.tmp"))


def test_created_files_get_the_usual_mode(root: Path) -> None:
    umask = os.umask(0o022)
    try:
        apply_changes(root, [Change("src/banners/models.py", None, "models\n", owned=True)])
    finally:
        os.umask(umask)
    assert state(root)["src/banners/models.py"][0] == "0o644"


def test_no_changes_write_nothing(root: Path) -> None:
    before = state(root)
    apply_changes(root, [])
    assert state(root) == before


WRITTEN_FIRST = [
    Change("src/routers.py", "old routers\n", "new routers\n", owned=False),
    Change("run.sh", "#!/bin/sh\n", "#!/bin/sh\nexit 0\n", owned=True),
    Change("src/banners/models.py", None, "models\n", owned=True),
    Change("src/banners/deep/er/helpers.py", None, "helpers\n", owned=True),
    Change("tests/test_banners.py", None, "tests\n", owned=True),
]


@pytest.mark.parametrize(
    ("failing", "named"),
    [
        # Staging fails: the file's directory would be where a file is.
        (Change("README.md/notes.md", None, "notes\n", owned=True), "README.md"),
        # Swapping in fails, after the earlier files were swapped in: a directory is there.
        (Change("docs", None, "not a directory\n", owned=True), "docs"),
    ],
    ids=["while-staging", "while-swapping-in"],
)
def test_a_failed_write_restores_everything(root: Path, failing: Change, named: str) -> None:
    before = state(root)
    with pytest.raises(ApplyError) as error:
        apply_changes(root, [*WRITTEN_FIRST, failing])
    assert state(root) == before  # old texts and modes back, created files and dirs gone
    assert not list(root.rglob("*.tmp"))
    assert named in str(error.value)


def test_a_failed_swap_names_its_target_not_the_temporary_file(root: Path) -> None:
    with pytest.raises(ApplyError) as error:
        apply_changes(root, [Change("docs", None, "not a directory\n", owned=True)])
    assert str(error.value) == (
        f"could not write {root / 'docs'}: Is a directory; the project was left as it was"
    )


def test_a_failed_write_keeps_empty_directories_that_were_there(root: Path) -> None:
    (root / "migrations/versions").mkdir(parents=True)
    before = state(root)
    failing = Change("docs", None, "not a directory\n", owned=True)
    with pytest.raises(ApplyError):
        apply_changes(root, [Change("migrations/versions/a/0001.py", None, "\n", True), failing])
    assert state(root) == before
