"""Build hook: the package carries the template as a git bundle of this repository's history.

`apiforge new` renders the template from the bundle, and `apiforge update` finds in it the
version a project was generated from, which Copier needs for its three-way merge: an installed
apiforge needs neither this checkout nor a network. The bundle is made from the commits alone
(HEAD and the tags), so the files stay in one place: the repository.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Where an sdist keeps the bundle, so a wheel built from the sdist (no .git) carries it too.
SDIST_BUNDLE = "src/apiforge/template.bundle"
WHEEL_BUNDLE = "apiforge/template.bundle"
TEMPLATE_PATHS = (
    "copier.yml",
    "template",
    "hooks",
    "src/apiforge/blueprints",
    "src/apiforge/check",
)


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}: {result.stderr.strip()}")
    return result.stdout.strip()


def _is_repository_root(root: Path) -> bool:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel")).resolve() == root.resolve()
    except (OSError, RuntimeError):
        return False


class TemplateBundleHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install runs from the checkout and its own history
        root = Path(self.root)
        if not _is_repository_root(root):
            if (root / SDIST_BUNDLE).is_file():
                return  # building from an sdist: the bundle is package data already
            raise RuntimeError(
                "apiforge carries its template's git history: build it from a git clone"
                " of the repository, or from an sdist made from one"
            )
        if _git(root, "rev-parse", "--is-shallow-repository") == "true":
            raise RuntimeError(
                "this clone is shallow: `git fetch --unshallow` first, so the package carries"
                " every template version a project may have been generated from"
            )
        if _git(root, "status", "--porcelain", "--", *TEMPLATE_PATHS):
            self.app.display_warning(
                "the template has uncommitted changes: the package carries the last commit"
            )
        self._workdir = tempfile.mkdtemp(prefix="apiforge-bundle-")
        bundle = Path(self._workdir, "template.bundle")
        _git(root, "bundle", "create", "--quiet", str(bundle), "HEAD", "--tags")
        target = SDIST_BUNDLE if self.target_name == "sdist" else WHEEL_BUNDLE
        build_data["force_include"][str(bundle)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
