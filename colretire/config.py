"""``[tool.colretire]`` in the project's ``pyproject.toml``, read into a frozen :class:`Config`.

[tool.colretire]
state = "state/columns.toml"      # the state file, relative to the project root
source = ["."]                    # paths the reference scan reads
exclude = ["tests/fixtures"]      # glob patterns the scan skips
alembic = "alembic.ini"           # the project's Alembic configuration (or pyproject.toml)
alembic_section = "alembic"       # optional: its section, as alembic -n NAME
script_location = "migrations"    # optional: where env.py is, when alembic.ini cannot say
versions = ["migrations/versions"]  # optional: the version trees, when env.py picks them
baseline = "state/baseline.toml"  # the revisions that existed when colretire was adopted
metadata = "app.models:Base"      # optional: MetaData or Base; check --db, and the mapping of scans
release_tags = "v*"               # optional: git tags that count as releases
cache_dir = ".colretire-cache"    # per-file scan results, keyed by content hash
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions

from colretire.errors import ConfigError
from colretire.fileio import atomic_write
from colretire.transaction import Transaction

PYPROJECT = "pyproject.toml"
#: The adoption baseline's file name, beside the state file unless configured.
BASELINE = "baseline.toml"

DEFAULTS: dict[str, Any] = {
    "state": "state/columns.toml",
    "source": ["."],
    "exclude": [],
    "alembic": "alembic.ini",
    "alembic_section": None,
    "script_location": None,
    "versions": None,
    "baseline": None,
    "metadata": None,
    "release_tags": None,
    "cache_dir": ".colretire-cache",
}


@dataclass(frozen=True)
class Config:
    """The project's settings, with every path made absolute against ``root``."""

    root: Path
    state: Path
    source: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    alembic: Path | None = None
    alembic_section: str | None = None
    script_location: Path | None = None
    versions: tuple[Path, ...] | None = None
    #: The adoption baseline (see :mod:`colretire.alembic.baseline`); default: beside the
    #: state file.
    baseline: Path | None = None
    metadata: str | None = None
    release_tags: str | None = None
    cache_dir: Path | None = None
    configured: bool = field(default=False, compare=False)

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that holds a ``pyproject.toml``."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / PYPROJECT).is_file():
            return directory
    raise ConfigError(
        f"no {PYPROJECT} found in {start} or any parent; run colretire in your project "
        "(or pass -C DIR), or create one with: colretire init"
    )


def load(root: Path) -> Config:
    """Read ``[tool.colretire]`` from ``root/pyproject.toml``; defaults when the table is absent."""
    return _from_table(root, _read_table(root / PYPROJECT))


def has_table(root: Path) -> bool:
    """Whether ``root/pyproject.toml`` has a ``[tool.colretire]`` table, even an empty one."""
    path = root / PYPROJECT
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, tomlkit.exceptions.ParseError):
        return False
    tool = document.get("tool", {})
    return isinstance(tool, dict) and "colretire" in tool


def preview(root: Path, settings: dict[str, Any]) -> Config:
    """The configuration :func:`write_table` with ``settings`` would give."""
    return _from_table(root, {k: v for k, v in settings.items() if v is not None})


def _from_table(root: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"{root / PYPROJECT}: unknown key(s) in [tool.colretire]: {', '.join(unknown)}; "
            f"known keys: {', '.join(DEFAULTS)}"
        )
    values = {**DEFAULTS, **table}
    state = root / _text(values, "state")
    script_location = _optional_text(values, "script_location")
    baseline = _optional_text(values, "baseline")
    return Config(
        root=root,
        state=state,
        source=tuple(root / p for p in _texts(values, "source")),
        exclude=tuple(_texts(values, "exclude")),
        alembic=root / _text(values, "alembic"),
        alembic_section=_optional_text(values, "alembic_section"),
        script_location=root / script_location if script_location else None,
        versions=(
            tuple(root / p for p in _texts(values, "versions"))
            if values["versions"] is not None
            else None
        ),
        baseline=root / baseline if baseline else state.with_name(BASELINE),
        metadata=_optional_text(values, "metadata"),
        release_tags=_optional_text(values, "release_tags"),
        cache_dir=root / _text(values, "cache_dir"),
        configured=bool(table),
    )


def _read_table(path: Path) -> dict[str, Any]:
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"{path}:{error.line}: not valid TOML: {error}") from None
    tool = document.get("tool", {})
    table = tool.get("colretire", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.colretire] must be a table")
    return dict(table.unwrap() if hasattr(table, "unwrap") else table)


def _text(values: dict[str, Any], key: str) -> str:
    value = values[key]
    if not isinstance(value, str) or not value:
        raise ConfigError(f"[tool.colretire] {key} must be a non-empty string, not {value!r}")
    return value


def _optional_text(values: dict[str, Any], key: str) -> str | None:
    return None if values[key] is None else _text(values, key)


def _texts(values: dict[str, Any], key: str) -> list[str]:
    value = values[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.colretire] {key} must be a list of strings, not {value!r}")
    return list(value)


def write_table(
    root: Path, settings: dict[str, Any], transaction: Transaction | None = None
) -> Path:
    """Add ``[tool.colretire]`` to ``root/pyproject.toml``, keeping everything else as it was
    (in ``transaction``, with its other files, when given).

    Refuses when the table already exists, so that ``init`` never clobbers a configuration.
    """
    path = root / PYPROJECT
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"{path}:{error.line}: not valid TOML: {error}") from None
    tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
    if "colretire" in tool:
        raise ConfigError(f"{path} already has a [tool.colretire] table; edit it by hand")
    table = tomlkit.table()
    for key, value in settings.items():
        if value is not None:
            table[key] = value
    tool["colretire"] = table
    _write(path, tomlkit.dumps(document), transaction)
    return path


def _write(path: Path, text: str, transaction: Transaction | None) -> None:
    if transaction is None:
        atomic_write(path, text)
    else:
        transaction.write(path, text)


def ignore_generated_files(
    root: Path, patterns: list[str], transaction: Transaction | None = None
) -> list[str]:
    """Add to ``root/.gitignore`` the patterns it lacks (the scan cache, the state file's
    lock); returns the ones added."""
    path = root / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigError(f"cannot read {path}: {reason}") from None
    present = {line.strip() for line in text.splitlines()}
    missing = [pattern for pattern in patterns if pattern not in present]
    if missing:
        lead = "" if not text or text.endswith("\n") else "\n"
        _write(path, text + lead + "".join(f"{pattern}\n" for pattern in missing), transaction)
    return missing
