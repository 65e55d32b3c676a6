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

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from colretire import git
from colretire.errors import ConfigError
from colretire.fileio import atomic_write, tomllib
from colretire.transaction import Transaction

if TYPE_CHECKING:
    from tomlkit import TOMLDocument


PYPROJECT = "pyproject.toml"
#: A pyproject.toml larger than this is not read (a project's is a few kilobytes).
MAX_PYPROJECT_BYTES = 4 * 1024 * 1024
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


#: The keys whose values are paths (one, or a list).
PATHS = ("state", "source", "alembic", "script_location", "versions", "baseline", "cache_dir")


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
        document = read_pyproject(path)
    except (OSError, ConfigError):
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
    for key in PATHS:
        for value in _texts(values, key) if values[key] is not None else ():
            _usable_path(key, value)
    state = _inside(root, "state", _text(values, "state"))
    script_location = _optional_text(values, "script_location")
    baseline = _optional_text(values, "baseline")
    return Config(
        root=root,
        state=state,
        source=tuple(root / p for p in _texts(values, "source")),
        exclude=tuple(_glob(pattern) for pattern in _texts(values, "exclude")),
        alembic=root / _text(values, "alembic"),
        alembic_section=_optional_text(values, "alembic_section"),
        script_location=root / script_location if script_location else None,
        versions=(
            tuple(root / p for p in _texts(values, "versions"))
            if values["versions"] is not None
            else None
        ),
        baseline=_inside(root, "baseline", baseline) if baseline else state.with_name(BASELINE),
        metadata=_optional_text(values, "metadata"),
        release_tags=_optional_text(values, "release_tags"),
        cache_dir=root / _text(values, "cache_dir"),
        configured=bool(table),
    )


def _read_table(path: Path) -> dict[str, Any]:
    try:
        document = read_pyproject(path)
    except FileNotFoundError:
        return {}
    tool = document.get("tool", {})
    table = tool.get("colretire", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.colretire] must be a table")
    return dict(table)


def read_pyproject(path: Path) -> dict[str, Any]:
    """``pyproject.toml`` as plain data, read by the standard library's TOML reader; a file
    that cannot be read or is not UTF-8 TOML is a :class:`ConfigError` (``FileNotFoundError``
    passes through)."""
    text = _pyproject_text(path)
    try:
        document: dict[str, Any] = tomllib.loads(text)
        return document
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", str(error))
        if found is None:
            raise ConfigError(f"{path}: not valid TOML ({error})") from None
        problem = str(error)[: found.start()]
        raise ConfigError(f"{path}:{found[1]}: not valid TOML: {problem}") from None


def parse_pyproject(path: Path) -> TOMLDocument:
    """``pyproject.toml`` as a tomlkit document, to be written back with its comments and
    layout; errors as :func:`read_pyproject`. tomlkit is imported here, for writers only."""
    import tomlkit
    import tomlkit.exceptions

    text = _pyproject_text(path)
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"{path}:{error.line}: not valid TOML: {error}") from None
    except Exception as error:  # tomlkit raises a few non-ParseError errors on broken input
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _pyproject_text(path: Path) -> str:
    """The text of ``pyproject.toml``; a byte-order mark is skipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_PYPROJECT_BYTES:
        raise ConfigError(f"{path} is {len(data)} bytes: too large for a pyproject.toml")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path} is not UTF-8 text (byte {error.start}: {error.reason}); TOML files are "
            "UTF-8: re-save it as UTF-8"
        ) from None


def _usable_path(key: str, value: str) -> None:
    """Refuse a path no file system holds, before anything asks the file system about it."""
    longest = max(
        (len(part.encode("utf-8", "surrogatepass")) for part in value.split("/")), default=0
    )
    if longest > 255 or len(value) > 4000:
        raise ConfigError(
            f"[tool.colretire] {key} = {value[:60]!r}... is not a usable path: its names are "
            "at most 255 bytes and the whole at most 4,000 characters"
        )


def _inside(root: Path, key: str, value: str) -> Path:
    """``root / value``, refused when it lies outside the project (the git work tree that
    holds ``root``, else ``root``): the state file is the proof of the lifecycle, and it is
    only proof where version control keeps it. The check is lexical, so a symlinked state
    file inside the project stays allowed."""
    path = Path(os.path.normpath(root / value))
    if path.is_relative_to(root):
        return path
    top = git.toplevel(root)
    if top is not None and path.is_relative_to(top):
        return path
    raise ConfigError(
        f"[tool.colretire] {key} = {value!r} lies outside the project ({top or root}); keep "
        "it in the repository, where version control keeps it as the lifecycle's proof"
    )


def _glob(pattern: str) -> str:
    """An ``exclude`` pattern, checked: relative, forward slashes, brackets closed."""
    problem = None
    if not pattern.strip():
        problem = "it is empty"
    elif pattern.startswith("/") or re.match(r"[A-Za-z]:", pattern):
        problem = "it is absolute; patterns match paths relative to the project root"
    elif "\\" in pattern:
        problem = "it has a backslash; write paths with forward slashes"
    elif ".." in pattern.split("/"):
        problem = "it has a '..' part; the scan reads only inside the project"
    elif not pattern.isprintable():
        problem = "it has a control character"
    elif _unclosed_bracket(pattern):
        problem = "it has a '[' without its ']'"
    if problem is not None:
        raise ConfigError(
            f"[tool.colretire] exclude pattern {pattern!r} is not a usable glob: {problem} "
            '(e.g. "tests/fixtures", "**/generated/*")'
        )
    return pattern


def _unclosed_bracket(pattern: str) -> bool:
    opened = pattern.find("[")
    return opened != -1 and pattern.find("]", opened + 2) == -1


def missing_sources(config: Config) -> list[Path]:
    """The configured ``source`` paths that do not exist."""
    return [path for path in config.source if not path.exists()]


def require_sources(config: Config) -> None:
    """Refuse a configuration whose ``source`` names paths that do not exist: a scan of
    nothing would find no reference and prove nothing."""
    missing = missing_sources(config)
    if missing:
        names = ", ".join(repr(config.relative(path)) for path in missing)
        raise ConfigError(
            f"[tool.colretire] source names {names}, which does not exist in {config.root}; "
            "correct 'source' in pyproject.toml (paths are relative to the project root)"
        )


def _text(values: dict[str, Any], key: str) -> str:
    value = values[key]
    if not isinstance(value, str) or not value:
        raise ConfigError(f"[tool.colretire] {key} must be a non-empty string, not {value!r}")
    if "\x00" in value:
        raise ConfigError(f"[tool.colretire] {key} holds a NUL character: {value!r}")
    return value


def _optional_text(values: dict[str, Any], key: str) -> str | None:
    return None if values[key] is None else _text(values, key)


def _texts(values: dict[str, Any], key: str) -> list[str]:
    value = values[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.colretire] {key} must be a list of strings, not {value!r}")
    if any("\x00" in v for v in value):
        raise ConfigError(f"[tool.colretire] {key} holds a NUL character: {value!r}")
    return list(value)


def write_table(
    root: Path, settings: dict[str, Any], transaction: Transaction | None = None
) -> Path:
    """Add ``[tool.colretire]`` to ``root/pyproject.toml``, keeping everything else as it was
    (in ``transaction``, with its other files, when given).

    Refuses when the table already exists, so that ``init`` never clobbers a configuration.
    """
    import tomlkit

    path = root / PYPROJECT
    try:
        document = parse_pyproject(path)
    except FileNotFoundError:
        document = tomlkit.document()
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
