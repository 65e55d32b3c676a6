"""The state file's histories verified against the project's git repository.

:func:`colretire.lifecycle.verify_history` replays a history through the pure rules and asks
a :class:`~colretire.lifecycle.Git` about the commits and tags it names; :class:`RepositoryGit`
answers from the project's repository, and says ``None`` (could not tell) where the project is
not a git checkout, git is missing, or the clone is shallow, so the caller warns instead of
staying silent. ``check`` reports every finding; ``drop`` refuses a column with an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from colretire import git, lifecycle
from colretire.errors import DropRefused
from colretire.model import ColumnRecord, Diagnostic, Severity, State
from colretire.project import Project

_COMMIT = re.compile(r"[0-9a-fA-F]{4,64}")

FIX = (
    "the state file is the proof of the lifecycle: restore it from version control, or take "
    "the step again with colretire (a step without its evidence is an override: "
    "colretire advance --force --reason TEXT); see docs/trust.md"
)
UNVERIFIED_FIX = "run check in a full clone of the repository (git fetch --unshallow)"


class RepositoryGit:
    """:class:`colretire.lifecycle.Git` for the repository at ``root``, each answer asked once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checkout = git.is_checkout(root)
        self.shallow = self.checkout and git.is_shallow(root)
        self._answers: dict[tuple[str, ...], bool | None] = {}

    def unknown(self) -> str:
        if not self.checkout:
            return f"{self.root} is not a git checkout (or git is not installed)"
        return "the clone is shallow, so git does not have the whole history"

    def exists(self, commit: str) -> bool | None:
        return self._ask(("exists", commit), lambda: git.commit_exists(self.root, commit))

    def is_ancestor(self, older: str, newer: str) -> bool | None:
        if not _COMMIT.fullmatch(older) or (newer != "HEAD" and not _COMMIT.fullmatch(newer)):
            return None  # not a commit hash: exists() has already said so
        return self._ask(
            ("ancestor", older, newer), lambda: git.is_ancestor(self.root, older, newer)
        )

    def tag_exists(self, tag: str) -> bool | None:
        return self._ask(("tag", tag), lambda: git.tag_exists(self.root, tag))

    def tag_contains(self, tag: str, commit: str) -> bool | None:
        if not _COMMIT.fullmatch(commit) or not git.tag_exists(self.root, tag):
            return None
        if self.exists(commit) is False:
            return False  # a commit the repository lacks is in no tag's history
        return self._ask(
            ("contains", tag, commit),
            lambda: git.is_ancestor(self.root, commit, f"refs/tags/{tag}"),
        )

    def _ask(self, key: tuple[str, ...], question: Callable[[], bool | None]) -> bool | None:
        """The answer, ``None`` outside a checkout, and a "no" that a shallow clone cannot
        be trusted with as ``None``."""
        if not self.checkout:
            return None
        if key not in self._answers:
            answer = question()
            self._answers[key] = None if answer is False and self.shallow else answer
        return self._answers[key]


def diagnostics(project: Project, state: State) -> list[Diagnostic]:
    """Every history finding of the state file, as ``check`` reports them."""
    repository = RepositoryGit(project.root)
    found = []
    for name in sorted(state.columns):
        record = state.columns[name]
        for finding in lifecycle.verify_history(record, state.releases, repository):
            found.append(_diagnostic(project, record, finding))
    return found


def _diagnostic(
    project: Project, record: ColumnRecord, finding: lifecycle.HistoryFinding
) -> Diagnostic:
    line = entry_line(project.config.state, str(record.column), finding.entry)
    return Diagnostic(
        finding.code,
        finding.severity,
        f"{record.column}: {lifecycle.describe_finding(record, finding)}",
        path=project.config.relative(project.config.state),
        line=line,
        col=1 if line else 0,
        column=record.column,
        fix=FIX if finding.severity is Severity.ERROR else UNVERIFIED_FIX,
    )


def require_verified(project: Project, state: State, record: ColumnRecord) -> None:
    """Refuse (:class:`DropRefused`) a drop whose history does not verify against git."""
    findings = lifecycle.verify_history(record, state.releases, RepositoryGit(project.root))
    error = next((f for f in findings if f.severity is Severity.ERROR), None)
    if error is not None:
        raise DropRefused(
            f"refusing to drop {record.column}: its history does not verify: "
            f"{lifecycle.describe_finding(record, error)}; {FIX}",
            str(record.column),
            str(record.stage),
        )


def entry_line(path: Path, column: str, index: int) -> int:
    """The line of the ``index``-th ``[[columns."COLUMN".history]]`` header, 0 if not found."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    header = re.compile(rf'^\s*\[\[\s*columns\s*\.\s*"?{re.escape(column)}"?\s*\.\s*history\s*\]\]')
    seen = -1
    for number, line in enumerate(lines, 1):
        if header.match(line):
            seen += 1
            if seen == index:
                return number
    return 0
