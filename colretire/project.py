"""A user's project as colretire sees it: its configuration, its state file, its git.

Orchestration modules take a :class:`Project` rather than loose paths, so a command needs one
object to know where everything lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from colretire import config as config_module
from colretire import git
from colretire.config import Config
from colretire.errors import ConfigError

if TYPE_CHECKING:  # loaded on use: the guard's warm path never reads the state
    from colretire.model import Stamp, State


@dataclass(frozen=True)
class Project:
    config: Config

    @classmethod
    def locate(cls, directory: Path | None = None) -> Project:
        """The project at ``directory`` (taken as the root), or the nearest one above the
        current directory."""
        if directory is None:
            return cls(config_module.load(config_module.find_root(Path.cwd())))
        root = directory.resolve()
        if not (root / config_module.PYPROJECT).is_file():
            raise ConfigError(
                f"{root} has no {config_module.PYPROJECT}: -C takes the project root "
                "(the directory with pyproject.toml); to start one there: colretire init"
            )
        return cls(config_module.load(root))

    @property
    def root(self) -> Path:
        return self.config.root

    def state(self) -> State:
        from colretire import statefile

        return statefile.read(self.config.state)

    def stamp(self, now: datetime | None = None) -> Stamp:
        """Who, when, which commit and which release line, for a history entry."""
        from colretire.model import Stamp

        return Stamp(
            at=(now or datetime.now(timezone.utc)).replace(microsecond=0),
            by=git.user(self.root),
            commit=git.head_commit(self.root),
            release=self.current_release(),
        )

    def current_release(self) -> str | None:
        """The release the work belongs to: the latest release tag reachable from HEAD when
        ``release_tags`` is set, else the latest release recorded in the state file."""
        if self.config.release_tags:
            tag = git.latest_tag(self.root, self.config.release_tags)
            if tag:
                return tag
        latest = self.state().latest_release
        return latest.version if latest else None
