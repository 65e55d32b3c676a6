"""Virtual environments that hold colretire, installed from its wheel as a user installs it,
beside one Alembic and one SQLAlchemy version, on one Python.

Building one takes a while (a venv, then pip), so environments are kept between runs in a
cache directory: ``COLRETIRE_TEST_CACHE``, else ``$XDG_CACHE_HOME/colretire-tests`` (else
``~/.cache/colretire-tests``). An environment is keyed by its Python, its two pins and
colretire's declared dependencies; colretire itself is reinstalled (without dependencies)
whenever its source changed. The wheel is built once per source state.

Interpreters come from ``COLRETIRE_TEST_PYTHONS`` (paths or command names, separated by the
platform's path separator), else ``python3.N`` on ``PATH``, else the versions ``pyenv``
(when it is on ``PATH``) has installed.

Several test runs may share the cache (two checkouts, xdist workers): every environment and
the wheel are built under a file lock, and a test holds its environment's lock while it uses
it, so that no other run reinstalls colretire under it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tomlkit

REPOSITORY = Path(__file__).resolve().parents[2]
PYTHONS_VARIABLE = "COLRETIRE_TEST_PYTHONS"
CACHE_VARIABLE = "COLRETIRE_TEST_CACHE"
OLDEST_PYTHON = (3, 10)
CANDIDATE_MINORS = range(10, 20)

_PROBE = "import ensurepip, sys, venv; print(sys.executable); print('%d.%d' % sys.version_info[:2])"


class Unavailable(Exception):
    """What a compatibility test needs is missing on this machine."""


@dataclass(frozen=True)
class Interpreter:
    path: Path
    version: tuple[int, int]

    @property
    def name(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


def cache_root() -> Path:
    explicit = os.environ.get(CACHE_VARIABLE)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "colretire-tests"


# -- interpreters ---------------------------------------------------------------------------


def _probe(command: str, env: dict[str, str] | None = None) -> Interpreter | None:
    """The interpreter ``command`` runs, if it runs and can make a venv with pip."""
    try:
        done = subprocess.run(
            [command, "-c", _PROBE],
            capture_output=True, text=True, timeout=60, check=False, env=env,
        )  # fmt: skip
    except OSError:
        return None
    lines = done.stdout.split()
    if done.returncode != 0 or len(lines) != 2:
        return None
    major, minor = lines[1].split(".")
    return Interpreter(Path(lines[0]), (int(major), int(minor)))


def _from_variable(value: str) -> list[Interpreter]:
    found = []
    for entry in filter(None, value.split(os.pathsep)):
        interpreter = _probe(entry)
        if interpreter is None:
            raise Unavailable(f"{PYTHONS_VARIABLE} names {entry!r}, which does not run")
        found.append(interpreter)
    return found


def _from_path() -> list[Interpreter]:
    found = []
    for minor in CANDIDATE_MINORS:
        command = shutil.which(f"python3.{minor}")
        interpreter = _probe(command) if command else None
        if interpreter is not None:
            found.append(interpreter)
    return found


def _from_pyenv() -> list[Interpreter]:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    listed = subprocess.run(
        [pyenv, "versions", "--bare"], capture_output=True, text=True, check=False
    )
    found = []
    for version in listed.stdout.split():
        prefix = subprocess.run(
            [pyenv, "prefix", version], capture_output=True, text=True, check=False
        ).stdout.strip()
        interpreter = _probe(str(Path(prefix) / "bin" / "python3")) if prefix else None
        if interpreter is not None and interpreter.version >= OLDEST_PYTHON:
            found.append(interpreter)
    return found


def interpreters() -> dict[tuple[int, int], Interpreter]:
    """Every usable interpreter found, by version (the first found for each)."""
    value = os.environ.get(PYTHONS_VARIABLE)
    candidates = _from_variable(value) if value else [*_from_path(), *_from_pyenv()]
    found: dict[tuple[int, int], Interpreter] = {}
    for interpreter in candidates:
        found.setdefault(interpreter.version, interpreter)
    return found


def oldest_and_newest() -> tuple[Interpreter, Interpreter]:
    """Python 3.10 and the newest Python found; :class:`Unavailable` when either is missing."""
    found = interpreters()
    where = f"set {PYTHONS_VARIABLE} to their paths, separated by {os.pathsep!r}"
    if OLDEST_PYTHON not in found:
        raise Unavailable(f"no Python 3.10 found on PATH or through pyenv; {where}")
    newest = found[max(found)]
    if newest.version == OLDEST_PYTHON:
        raise Unavailable(f"no Python newer than 3.10 found; {where}")
    return found[OLDEST_PYTHON], newest


# -- the wheel ------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _source_files() -> list[Path]:
    package = [
        p
        for p in (REPOSITORY / "colretire").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    return sorted([*package, REPOSITORY / "pyproject.toml", REPOSITORY / "README.md"])


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.relative_to(REPOSITORY).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dependencies() -> list[str]:
    """colretire's declared dependencies, as pyproject.toml lists them."""
    document = tomlkit.parse((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    return [str(requirement) for requirement in document["project"]["dependencies"]]


def wheel() -> Path:
    """colretire's wheel for the current source, built once."""
    directory = cache_root() / "wheels" / source_hash()
    with locked(cache_root() / "wheels.lock"):
        built = sorted(directory.glob("colretire-*.whl"))
        if built:
            return built[0]
        staging = directory.with_name(directory.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        _pip(Path(sys.executable), "wheel", "--no-deps", "-w", str(staging), str(REPOSITORY))
        staging.rename(directory)
        return next(directory.glob("colretire-*.whl"))


# -- the environments -----------------------------------------------------------------------


@dataclass(frozen=True)
class Environment:
    directory: Path

    @property
    def python(self) -> Path:
        return self.directory / "bin" / "python"

    @property
    def alembic(self) -> Path:
        return self.directory / "bin" / "alembic"


def _pip(python: Path, *args: str) -> None:
    done = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"pip {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def _key(python: Interpreter, alembic: str, sqlalchemy: str) -> str:
    wanted = hashlib.sha256("\n".join(dependencies()).encode()).hexdigest()[:8]
    return f"py{python.name}-alembic{alembic}-sqlalchemy{sqlalchemy}-{wanted}"


def _build(directory: Path, python: Interpreter, alembic: str, sqlalchemy: str) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    subprocess.run([str(python.path), "-m", "venv", str(directory)], check=True)
    env_python = directory / "bin" / "python"
    # colretire's own dependencies first, with the two pins; colretire itself comes after.
    _pip(env_python, "install", f"alembic=={alembic}", f"sqlalchemy=={sqlalchemy}", *dependencies())
    (directory / "ready").write_text("")


def _clear_interrupted(directory: Path) -> None:
    """Remove what a pip run killed while it replaced a package leaves behind: the old copy,
    renamed ``~olretire`` and ``~olretire-0.1.0.dist-info``, which pip deletes only once
    done. Left there, it reads as a second installed colretire, whose Alembic plugin Alembic
    then registers twice and refuses (a test run stopped mid-install would break every
    later run sharing the cache)."""
    for site in directory.glob("lib/python*/site-packages"):
        for leftover in site.glob("~*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def environment(python: Interpreter, alembic: str, sqlalchemy: str) -> Iterator[Environment]:
    """A venv with these pins and the current colretire installed, held for the caller."""
    built_wheel = wheel()
    directory = cache_root() / "venvs" / _key(python, alembic, sqlalchemy)
    with locked(directory.with_name(directory.name + ".lock")):
        if not (directory / "ready").exists():
            _build(directory, python, alembic, sqlalchemy)
        _clear_interrupted(directory)
        marker = directory / "colretire-installed"
        if not marker.exists() or marker.read_text() != built_wheel.parent.name:
            env_python = directory / "bin" / "python"
            _pip(env_python, "install", "--no-deps", "--force-reinstall", str(built_wheel))
            marker.write_text(built_wheel.parent.name)
        yield Environment(directory)
