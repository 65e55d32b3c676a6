"""A small git-tracked project to run the lifecycle commands in."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from colretire.cli import main

MODELS = """\
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), server_default="open")
"""

USES = """\
from app.models import Task


def eta(task: Task) -> int | None:
    return task.expected_completion_time
"""

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.colretire]
source = ["app"]
"""


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z"}
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A committed project whose models declare tasks.expected_completion_time and whose
    ``app/uses.py`` still reads it."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    (tmp_path / "app" / "uses.py").write_text(USES)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Ada Lovelace")
    git(tmp_path, "config", "user.email", "ada@example.com")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "initial")
    return tmp_path


Run = Callable[..., Result]


@pytest.fixture
def run(project: Path) -> Run:
    """``run("status", "--format", "json")`` runs colretire in the project."""

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["-C", str(project), *args], catch_exceptions=False)

    return invoke
