"""A plan: the files one command creates or edits, held in memory until it is applied."""

import difflib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    create = "create"
    update = "update"
    identical = "identical"
    conflict = "conflict"
    skip = "skip"


@dataclass(frozen=True)
class Change:
    """One file after the command: `old` is its text now (None: absent), `new` its text after.

    `owned` files are wholly generated: a different existing one is a conflict unless
    forced. Other files are the user's, edited in place (registries, routes, helpers).
    """

    path: str  # relative to the project root, with forward slashes
    old: str | None
    new: str
    owned: bool

    def status(self, *, force: bool) -> Status:
        if self.old is None:
            return Status.create
        if self.old == self.new:
            return Status.identical
        if self.owned and not force:
            return Status.conflict
        return Status.update

    def diff(self) -> str:
        old = (self.old or "").splitlines(keepends=True)
        new = self.new.splitlines(keepends=True)
        source = f"a/{self.path}" if self.old is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, source, f"b/{self.path}"))


@dataclass(frozen=True)
class Plan:
    """What one command would do; `force` lets it overwrite owned files that differ."""

    changes: list[Change]
    force: bool = False

    def statuses(self) -> list[tuple[Status, Change]]:
        return [(change.status(force=self.force), change) for change in self.changes]

    @property
    def conflicts(self) -> list[Change]:
        return [change for status, change in self.statuses() if status is Status.conflict]

    @property
    def writes(self) -> list[Change]:
        return [
            change for status, change in self.statuses() if status in (Status.create, Status.update)
        ]


def read_text(root: Path, path: str) -> str | None:
    file = root / path
    return file.read_text() if file.is_file() else None
