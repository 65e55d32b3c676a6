"""The project's migration history as ``colretire check`` reads it: every revision script of
every version tree, linted (:mod:`colretire.alembic.lint`) unless the adoption baseline
covers it (:mod:`colretire.alembic.baseline`).

A long history is read on every ``check``, so the lint of each script is cached by content:
an entry's key digests the script's path and bytes and the state it was judged against, so a
changed script, a changed state file or a new colretire simply misses. A script of the
baseline is never parsed at all. With every script cached or covered, the lint's parser
(libcst) is not even imported.
"""

from __future__ import annotations

from pathlib import Path

from colretire.alembic import baseline as adoption
from colretire.alembic import environment
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
    for path in environment.load(project.config).scripts():
        revision = environment.revision_id(path.read_text(encoding="utf-8", errors="replace"))
        if revision is not None:
            found.add(revision)
    return found


def lint_migrations(project: Project, *, state: State | None = None) -> list[Diagnostic]:
    """The findings for every migration script of the project's Alembic environment but
    those of its adoption baseline."""
    scripts = environment.load(project.config).scripts()
    current = project.state() if state is None else state
    accepted = adoption.load(project)
    cache = Cache(project.config.cache_dir)
    judged_against = digest(repr(current))
    diagnostics: list[Diagnostic] = []
    for path in scripts:
        diagnostics += _lint(project, path, current, accepted, cache, judged_against)
    return sorted(diagnostics, key=lambda d: (d.path or "", d.line, d.col, d.code))


def _lint(
    project: Project,
    path: Path,
    state: State,
    accepted: adoption.Baseline,
    cache: Cache,
    judged_against: str,
) -> list[Diagnostic]:
    data = path.read_bytes()
    source = data.decode("utf-8", errors="replace")
    relative = project.config.relative(path)
    if accepted.covers(relative, environment.revision_id(source)):
        return []
    key = digest(relative, data, judged_against)
    cached = cache.get(KIND, key)
    if isinstance(cached, list) and all(isinstance(d, Diagnostic) for d in cached):
        return cached
    from colretire.alembic import lint  # libcst: loaded only when a script must be parsed

    found = [f.diagnostic for f in lint.findings(relative, source, state)]
    cache.put(KIND, key, found)
    return found
