"""The project's Alembic environment, read from its configuration without running or
importing anything.

* **The configuration**: ``alembic`` in ``[tool.colretire]`` names an ``alembic.ini`` (read in
  its ``alembic_section``, ``[alembic]`` by default, as ``alembic -n NAME`` would) or a
  ``pyproject.toml`` with ``[tool.alembic]``; an ``alembic.ini`` beside a ``pyproject.toml``
  that has ``[tool.alembic]`` is read with it, as the ``alembic`` command does.
* **The scripts' directory** (where ``env.py`` is): ``script_location``, a path (taken from the
  directory of the configuration, where ``alembic`` is run, then from the project root) or
  ``package:path``, found on disk without importing the package. ``script_location`` in
  ``[tool.colretire]`` overrides it, for a configuration filled in at run time.
* **The version trees** (the directories holding the revision scripts): ``versions`` in
  ``[tool.colretire]`` (for trees that ``env.py`` picks at run time, one per dialect say),
  else the configuration's ``version_locations``, else ``versions/`` beside ``env.py``.

:mod:`colretire.db` (the URL in the configuration) and :mod:`colretire.alembic.revisions`
(revisions written through Alembic) both build their Alembic :class:`~alembic.config.Config`
here; this module imports neither.
"""

from __future__ import annotations

import argparse
import configparser
import io
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config as AlembicConfig

from colretire.config import Config
from colretire.errors import ConfigError, MigrationError
from colretire.fileio import tomllib

DEFAULT_SECTION = "alembic"

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*(['"])(?P<id>[^'"]+)\1""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=", re.MULTILINE)


@dataclass(frozen=True)
class Environment:
    """Where a project's Alembic configuration, scripts and revisions are."""

    config_file: Path | None
    toml_file: Path | None
    section: str
    script_location: Path
    trees: tuple[Path, ...]
    recursive: bool = False

    @property
    def directory(self) -> Path:
        """Where the ``alembic`` command is run from: the configuration's directory."""
        source = self.config_file or self.toml_file
        assert source is not None
        return source.parent

    def alembic_config(self, output: io.StringIO | None = None) -> AlembicConfig:
        """Alembic's ``Config`` for this environment, its locations made absolute so that it
        works from any directory, its output captured in ``output``."""
        buffer = output if output is not None else io.StringIO()
        config = AlembicConfig(
            str(self.config_file) if self.config_file else None,
            toml_file=str(self.toml_file) if self.toml_file else None,
            ini_section=self.section,
            output_buffer=buffer,
            stdout=buffer,
            # quiet: colretire prints its own lines; x: env.py may read -x arguments
            cmd_opts=argparse.Namespace(quiet=True, x=None),
        )
        _set(config, self.section, "script_location", str(self.script_location))
        _set(config, self.section, "path_separator", "os")
        locations = os.pathsep.join(str(tree) for tree in self.trees)
        _set(config, self.section, "version_locations", locations)
        return config

    def scripts(self) -> list[Path]:
        """Every revision script of every version tree, in a stable order."""
        return sorted({path for tree in self.trees for path in tree_scripts(tree, self.recursive)})


def _set(config: AlembicConfig, section: str, name: str, value: str) -> None:
    # configparser interpolates '%': a path holding one must be written '%%'.
    config.set_section_option(section, name, value.replace("%", "%%"))


def tree_scripts(tree: Path, recursive: bool = False) -> Iterator[Path]:
    """The revision scripts of one version tree: its ``.py`` files, as Alembic reads them."""
    pattern = "**/*.py" if recursive else "*.py"
    for path in tree.glob(pattern):
        if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts:
            yield path


def revision_id(text: str) -> str | None:
    """The ``revision = "..."`` of a script's text, when it reads as a revision script."""
    match = _REVISION.search(text)
    return match["id"] if match and _DOWN_REVISION.search(text) else None


def is_revision_script(path: Path) -> bool:
    try:
        return revision_id(path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


# -- reading the configuration --------------------------------------------------------------


def load(config: Config) -> Environment:
    """The environment ``[tool.colretire]`` points at; :class:`MigrationError` when there is
    none, :class:`ConfigError` when it cannot be read."""
    path = config.alembic
    if path is None or not path.is_file():
        shown = config.relative(path) if path else "alembic.ini"
        raise MigrationError(
            f"no Alembic configuration at {shown}; set [tool.colretire] alembic = "
            '"path/to/alembic.ini" in pyproject.toml (colretire init finds it)'
        )
    config_file, toml_file = files(path)
    section = config.alembic_section or DEFAULT_SECTION
    alembic = read(config_file, toml_file, section, config.root)
    script_location = config.script_location or script_location_of(
        alembic, config.root, config.source
    )
    if not script_location.is_dir():
        raise MigrationError(
            f"{config.relative(path)}: script_location {config.relative(script_location)} is "
            "not a directory; set [tool.colretire] script_location to the directory that "
            "holds env.py"
        )
    trees = config.versions or version_trees(alembic, script_location, config.root, config.source)
    recursive = boolean_option(alembic, "recursive_version_locations")
    return Environment(config_file, toml_file, section, script_location, tuple(trees), recursive)


def files(path: Path) -> tuple[Path | None, Path | None]:
    """The .ini and the pyproject.toml (when it has ``[tool.alembic]``) to read."""
    if path.suffix == ".toml":
        ini = path.with_name("alembic.ini")
        return (ini if ini.is_file() else None), path
    pyproject = path.with_name("pyproject.toml")
    return path, (pyproject if has_tool_alembic(pyproject) else None)


def has_tool_alembic(pyproject: Path) -> bool:
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = document.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("alembic"), dict)


def read(
    config_file: Path | None, toml_file: Path | None, section: str, root: Path
) -> AlembicConfig:
    """Alembic's ``Config`` for these files, checked to parse and to have ``section``."""
    alembic = AlembicConfig(
        str(config_file) if config_file else None,
        toml_file=str(toml_file) if toml_file else None,
        ini_section=section,
    )
    if config_file is None:
        return alembic
    shown = _shown(config_file, root)
    try:
        sections = alembic.file_config.sections()
    except (configparser.Error, UnicodeDecodeError) as error:
        message = str(error).splitlines()[0]
        raise ConfigError(f"{shown}: not a valid ini file: {message}") from None
    if section not in sections and toml_file is None:
        choices = ", ".join(f"[{name}]" for name in script_sections(alembic)) or "none"
        raise ConfigError(
            f"{shown} has no [{section}] section (sections with a script_location: "
            f"{choices}); set [tool.colretire] alembic_section to the one to use"
        )
    return alembic


def script_sections(alembic: AlembicConfig) -> list[str]:
    """The sections of an ini file that configure an Alembic environment."""
    parser = alembic.file_config
    return [name for name in parser.sections() if parser.has_option(name, "script_location")]


def ini_sections(path: Path, root: Path) -> list[str]:
    """The sections of the ini file ``path`` that have a ``script_location``."""
    try:
        return script_sections(AlembicConfig(str(path)))
    except (configparser.Error, UnicodeDecodeError) as error:
        message = str(error).splitlines()[0]
        raise ConfigError(f"{_shown(path, root)}: not a valid ini file: {message}") from None


def option(alembic: AlembicConfig, name: str) -> str | None:
    try:
        value = alembic.get_alembic_option(name)
    except (configparser.Error, KeyError, ValueError) as error:
        raise ConfigError(f"cannot read {name} from the Alembic configuration: {error}") from None
    return value if isinstance(value, str) and value.strip() else None


def script_location_of(alembic: AlembicConfig, root: Path, source: Iterable[Path] = ()) -> Path:
    """The directory ``script_location`` names (see :func:`resolve`)."""
    value = option(alembic, "script_location")
    where = _shown(Path(alembic.config_file_name or alembic.toml_file_name or root), root)
    if value is None:
        raise MigrationError(
            f"{where} sets no script_location; set [tool.colretire] script_location to the "
            "directory that holds env.py"
        )
    found = resolve(value, _base(alembic, root), root, source)
    if found is None:
        raise MigrationError(
            f"{where}: script_location = {value} names no directory colretire can find "
            "(it is read from the configuration's directory, then the project root; "
            "package:path is looked up in the project); set [tool.colretire] "
            "script_location to the directory that holds env.py"
        )
    return found


def version_trees(
    alembic: AlembicConfig, script_location: Path, root: Path, source: Iterable[Path] = ()
) -> list[Path]:
    """The configured ``version_locations`` (those found on disk), else ``versions/``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # legacy separators: Alembic's own deprecation notice
        try:
            locations = alembic.get_version_locations_list() or []
        except (configparser.Error, ValueError) as error:
            raise ConfigError(f"cannot read version_locations: {error}") from None
    base = _base(alembic, root)
    trees = [found for value in locations if (found := resolve(value, base, root, source))]
    return trees or [script_location / "versions"]


def _base(alembic: AlembicConfig, root: Path) -> Path:
    name = alembic.config_file_name or alembic.toml_file_name
    return Path(name).resolve().parent if name else root


def resolve(value: str, base: Path, root: Path, source: Iterable[Path] = ()) -> Path | None:
    """The directory a location names, or ``None``.

    ``package:path`` is found on disk (the package's directory under the project root, its
    ``src/``, or a source directory), never imported. A relative path is taken from ``base``
    (the configuration's directory, where ``alembic`` is run), then from the project root.
    """
    value = value.strip()
    if ":" in value and not Path(value).is_absolute() and not re.match(r"^[A-Za-z]:[\\/]", value):
        package, _, inner = value.partition(":")
        return _in_package(package, inner, root, source)
    path = Path(value)
    candidates = [path] if path.is_absolute() else [base / path, root / path]
    return next((c.resolve() for c in candidates if c.is_dir()), None)


def _in_package(package: str, inner: str, root: Path, source: Iterable[Path]) -> Path | None:
    parts = package.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    bases = [root, root / "src", *source, *(s.parent for s in source)]
    for base in bases:
        candidate = base.joinpath(*parts, inner) if inner else base.joinpath(*parts)
        if candidate.is_dir():
            return candidate.resolve()
    return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def boolean_option(alembic: AlembicConfig, name: str) -> bool:
    """An ``[alembic]`` boolean option, read as the installed Alembic reads it: with
    ``get_alembic_boolean_option`` (Alembic 1.16.4 and later), else as the string
    ``"true"``, which is what the earlier 1.16 releases compare it with."""
    read = getattr(alembic, "get_alembic_boolean_option", None)
    if read is not None:
        return bool(read(name))
    return alembic.get_alembic_option(name) == "true"
