"""Where the template comes from, and the name a generated project knows it by.

A project records `_src_path: apiforge` (`TEMPLATE_ID`) and the commit it was generated
from (`_commit`), never a path of the machine that generated it. Copier reads `_src_path`
for both sides of an update (`run_update` takes no template path), and resolves a relative
path from the working directory: apiforge runs Copier in a scratch directory where
`apiforge` links to the git history it carries, the checkout it runs from or the bundle its
package holds. Any apiforge whose history holds a project's commit can update it.
"""

import contextlib
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from .errors import ApiforgeError

TEMPLATE_ID = "apiforge"
# Made by the build (hatch_build.py): HEAD and the tags of the repository built from.
BUNDLE = Path(__file__).with_name("template.bundle")


class TemplateSourceError(ApiforgeError):
    """No template history to render from."""


@dataclass(frozen=True)
class TemplateSource:
    """A git repository holding the template's history: a checkout, or a bundle file."""

    repository: Path

    def ref(self, vcs_ref: str | None) -> str:
        """The version to render: `vcs_ref`, or the commit this apiforge carries."""
        if vcs_ref not in (None, "HEAD"):
            return vcs_ref
        if self.repository.is_file():
            return "HEAD"  # a bundle: the commit it was made from
        # Resolved here, or Copier would add the checkout's uncommitted changes as a commit
        # that exists nowhere else, and that no later update could find.
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "HEAD^{commit}"],
            cwd=self.repository,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise TemplateSourceError(f"{self.repository} has no commit: {result.stderr.strip()}")
        return result.stdout.strip()

    def read(self, path: str, ref: str) -> str:
        """The text of `path` at `ref`, read from git (a bundle is cloned bare first)."""
        with TemporaryDirectory(prefix="apiforge-read-") as scratch:
            repository = self.repository
            if repository.is_file():
                clone = ["git", "clone", "--quiet", "--bare", str(repository), scratch]
                subprocess.run(clone, capture_output=True, check=True)
                repository = Path(scratch)
            known = subprocess.run(
                ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                cwd=repository,
                capture_output=True,
            )
            if known.returncode != 0:
                raise TemplateSourceError(
                    f"unknown template version {ref!r}: this apiforge's template history has no"
                    " such tag or commit"
                )
            result = subprocess.run(
                ["git", "show", f"{ref}:{path}"], cwd=repository, capture_output=True, text=True
            )
        if result.returncode != 0:
            raise TemplateSourceError(f"the template at {ref} has no {path}")
        return result.stdout

    @contextlib.contextmanager
    def as_template_id(self) -> Iterator[str]:
        """A working directory where `TEMPLATE_ID`, as a Copier source, is this repository."""
        with TemporaryDirectory(prefix="apiforge-template-") as scratch, contextlib.chdir(scratch):
            os.symlink(self.repository, TEMPLATE_ID)
            yield TEMPLATE_ID


def installed_source() -> TemplateSource:
    """The template history this apiforge carries: its checkout, or its package's bundle."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "copier.yml").is_file():
        if not (checkout / ".git").exists():
            raise TemplateSourceError(
                f"{checkout} is not a git clone: apiforge records the template's commit in"
                " every project so it can update it later; clone the repository instead"
            )
        return TemplateSource(checkout)
    if BUNDLE.is_file():
        return TemplateSource(BUNDLE)
    raise TemplateSourceError(
        "this apiforge carries no template: install it from a git clone or a wheel built"
        " from one, or pass --template PATH_OR_GIT_URL"
    )
