"""The project's migration history as ``colretire check`` reads it: every revision script of
every version tree (with ``sourceless = true``, the compiled ones without source too),
linted (:mod:`colretire.alembic.lint`) unless the adoption baseline covers it
(:mod:`colretire.alembic.baseline`).

A long history is read on every ``check``, so the lint of each script is cached by content:
an entry's key digests the script's path and bytes, the other modules of the migrations
directory (a helper a script calls) and the state it was judged against, so a changed
script, a changed helper, a changed state file or a new colretire simply misses. A script of
the baseline is never read at all. With every script cached or covered, the reader and its
SQL parser are not even imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from colretire.alembic import baseline as adoption
from colretire.alembic import environment, parsing
from colretire.analysis.cache import Cache, digest
from colretire.model import Diagnostic, State
from colretire.project import Project

KIND = "lint"


def revision_ids(project: Project) -> set[str]:
    """The revision ids of the project's migration scripts, read from their text (Alembic's
    own loader refuses a history with a revision missing, which is what this is asked for)."""
    ini = project.config.alembic
    if ini is None or not ini.is_file():
        return set()
    found = set()
    alembic = environment.load(project.config)
    for path in [*alembic.scripts(), *_compiled(alembic)]:
        if path.suffix != ".py":
            revision = _compiled_revision(path)
        else:
            revision = environment.revision_id(path.read_text(encoding="utf-8", errors="replace"))
        if revision is not None:
            found.add(revision)
    return found


def lint_migrations(project: Project, *, state: State | None = None) -> list[Diagnostic]:
    """The findings for every migration script of the project's Alembic environment but
    those of its adoption baseline."""
    alembic = environment.load(project.config)
    scripts = [*alembic.scripts(), *_compiled(alembic)]
    current = project.state() if state is None else state
    accepted = adoption.load(project)
    cache = Cache(project.config.cache_dir)
    judged_against = digest(repr(current), _helpers(alembic.script_location))
    reading = _Reading(alembic)
    diagnostics: list[Diagnostic] = []
    for path in scripts:
        diagnostics += _lint(project, path, current, accepted, cache, judged_against, reading)
    return sorted(diagnostics, key=lambda d: (d.path or "", d.line, d.col, d.code))


def _compiled(alembic: environment.Environment) -> list[Path]:
    """With ``sourceless = true``, the compiled revision scripts that have no source."""
    if not environment.boolean_option(alembic.alembic_config(), "sourceless"):
        return []
    from colretire.alembic import lint

    return [p for tree in alembic.trees for p in lint.compiled_scripts(tree, alembic.recursive)]


def _helpers(location: Path) -> str:
    """A fingerprint of the migrations directory's modules: a script's findings depend on
    the helpers it calls."""
    files = sorted(location.rglob("*.py")) if location.is_dir() else []
    return digest(*(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files))


class _Reading:
    """The migration reader, made when a script must be read."""

    def __init__(self, alembic: environment.Environment) -> None:
        self.alembic = alembic
        self.made: Any = None

    def reader(self) -> Any:
        if self.made is None:
            from colretire.alembic import lint

            self.made = lint.reader_at(self.alembic.script_location, self.alembic.trees)
        return self.made


def _lint(
    project: Project,
    path: Path,
    state: State,
    accepted: adoption.Baseline,
    cache: Cache,
    judged_against: str,
    reading: _Reading,
) -> list[Diagnostic]:
    data = path.read_bytes()
    compiled = path.suffix != ".py"
    source = None if compiled else _text(data)
    relative = project.config.relative(path)
    revision = _compiled_revision(path) if compiled else environment.revision_id(source or "")
    if accepted.covers(relative, revision):
        return []
    key = digest(relative, data, judged_against)
    cached = cache.get(KIND, key)
    if isinstance(cached, list) and all(isinstance(d, Diagnostic) for d in cached):
        return cached
    from colretire.alembic import lint  # the reader: loaded only when a script must be read

    found = lint.lint_script(relative, source, state, migrations=reading.reader(), file=path)
    cache.put(KIND, key, found)
    return found


def _text(data: bytes) -> str:
    """A script's text as Python reads it; undecodable bytes replaced, for the reader to say
    what it can of the rest."""
    try:
        return parsing.decode(data)
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _compiled_revision(path: Path) -> str | None:
    from colretire.alembic import reader

    return reader.read_sourceless(path).revision
