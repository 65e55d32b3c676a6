"""What git knows that the lifecycle needs as evidence: who, which commit, which tags.

Every function degrades to ``None`` / empty outside a git checkout, except where the caller
asked for proof (:func:`tags_containing`), which raises :class:`GitError` instead.
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from colretire.errors import GitError

_HEX = re.compile(r"[0-9a-fA-F]{4,64}")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def head_commit(root: Path) -> str | None:
    """The full hash of HEAD, or ``None`` outside a repository or before the first commit."""
    return _git(root, "rev-parse", "--verify", "--quiet", "HEAD")


def user(root: Path) -> str:
    """``Name <email>`` from git's configuration; ``COLRETIRE_USER`` wins; the login name last."""
    explicit = os.environ.get("COLRETIRE_USER")
    if explicit:
        return explicit
    name = _git(root, "config", "user.name")
    email = _git(root, "config", "user.email")
    if name and email:
        return f"{name} <{email}>"
    return name or email or getpass.getuser()


def latest_tag(root: Path, pattern: str) -> str | None:
    """The most recent tag matching ``pattern`` reachable from HEAD."""
    return _git(root, "describe", "--tags", "--abbrev=0", "--match", pattern, "HEAD")


def tags_containing(root: Path, commit: str, pattern: str) -> list[str]:
    """Tags matching ``pattern`` whose history contains ``commit``, oldest first."""
    if _git(root, "rev-parse", "--is-inside-work-tree") != "true":
        raise GitError(f"{root} is not a git checkout, so release tags cannot be checked")
    if _git(root, "cat-file", "-e", f"{commit}^{{commit}}") is None:
        raise GitError(
            f"commit {commit} (where the column became unreferenced) is not in this repository; "
            "fetch it (git fetch --tags) or record the release with: colretire release VERSION"
        )
    out = _git(root, "tag", "--list", pattern, "--contains", commit, "--sort=creatordate")
    return out.splitlines() if out else []


def is_ancestor(root: Path, older: str, newer: str) -> bool | None:
    """Whether ``older`` is in the history of ``newer``; ``None`` when git cannot tell."""
    try:
        done = subprocess.run(
            ["git", "merge-base", "--is-ancestor", older, newer],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {0: True, 1: False}.get(done.returncode)


def toplevel(root: Path) -> Path | None:
    """The top of the git work tree that holds ``root``; ``None`` outside one."""
    out = _git(root, "rev-parse", "--show-toplevel")
    return Path(out).resolve() if out else None


def is_checkout(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree (and git is installed)."""
    return _git(root, "rev-parse", "--is-inside-work-tree") == "true"


def is_shallow(root: Path) -> bool:
    """Whether the repository is a shallow clone, whose history stops somewhere."""
    return _git(root, "rev-parse", "--is-shallow-repository") == "true"


def commit_exists(root: Path, commit: str) -> bool:
    """Whether ``commit`` (a hash, full or abbreviated) names a commit in the repository.
    Anything but hexadecimal is no commit, and never reaches git as an option."""
    if not _HEX.fullmatch(commit):
        return False
    return _git(root, "cat-file", "-e", f"{commit}^{{commit}}") is not None


def tag_exists(root: Path, tag: str) -> bool:
    return _git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}") is not None


def tag_commit(root: Path, tag: str) -> str | None:
    return _git(root, "rev-list", "-n", "1", tag)


def uncommitted_python_files(root: Path, paths: Sequence[Path]) -> int:
    """How many ``.py`` files under ``paths`` differ from HEAD or are untracked (and not
    ignored); 0 outside a git checkout, where there is no commit to record anyway."""
    if head_commit(root) is None:
        return 0
    relative = [os.path.relpath(p, root) for p in paths] or ["."]
    out = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *relative)
    if not out:
        return 0
    return sum(1 for line in out.splitlines() if line.rstrip().endswith(".py"))
