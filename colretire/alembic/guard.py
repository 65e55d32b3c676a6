"""The Alembic guard: no column is dropped before colretire says it may be.

Enable it with one line in the project's ``env.py``: replace ::

    from alembic import context

with ::

    from colretire.alembic.guard import context

Nothing else changes: ``context`` is Alembic's own ``alembic.context`` with the guard in front
of two calls.

* ``context.configure(...)`` adds the generation-time hooks (``include_object`` and
  ``process_revision_directives``, each chained after the project's own, if any), puts the
  run-time backstop in front of Alembic's drop operations, and adds an ``on_version_apply``
  callback that records an overridden drop once its revision has been applied.
* ``context.run_migrations()`` first reads the scripts of every revision the upgrade is about
  to run and refuses the whole run, before its first statement, when one drops a column (or a
  table with tracked columns) the state file does not show as ``dropped`` by that revision.

Installing colretire also registers Alembic's ``alembic.plugins`` entry point (Alembic 1.18+),
which puts the backstop in front of ``op.drop_column``, ``batch_op.drop_column``,
``op.drop_table`` and ``op.execute`` in every project whose ``pyproject.toml`` has a
``[tool.colretire]`` table, with no line in ``env.py`` at all. That zero-line mode refuses the
same drops, but only when it meets the first of them: on PostgreSQL the migration's
transaction rolls back; on MySQL/MariaDB (which commit every DDL statement) and SQLite (whose
DDL Alembic does not wrap in a transaction) the statements before it stay applied. The
``env.py`` line adds the pre-check (nothing runs) and the autogenerate hooks.

The project is the nearest directory at or above ``alembic.ini`` holding a ``pyproject.toml``;
its state file is found through ``[tool.colretire]``. Without a state file nothing is tracked,
so every drop is refused: drops go through ``colretire drop``. The emergency override is the
``COLRETIRE_ALLOW_DROP`` environment variable (see :mod:`colretire.alembic.override`).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

import alembic.context

from colretire.alembic import backstop, runtime

if TYPE_CHECKING:
    from colretire.alembic.autogen import AutogenGuard
    from colretire.project import Project


class GuardedContext:
    """``alembic.context`` with the guard in front of ``configure`` and ``run_migrations``;
    every other name is Alembic's own."""

    def __init__(self, target: ModuleType) -> None:
        self.target = target

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)

    def configure(self, *args: Any, **kw: Any) -> None:
        backstop.register()
        project = runtime.locate_project(self.target.config)
        hooks = _AutogenHooks(project)
        kw["include_object"] = hooks.include_object(kw.get("include_object"))
        kw["process_revision_directives"] = hooks.process_revision_directives(
            kw.get("process_revision_directives")
        )
        # Overrides are recorded once their revision is applied, not when they are judged.
        own = kw.get("on_version_apply") or ()
        kw["on_version_apply"] = (
            *(own if isinstance(own, list | tuple) else (own,)),
            runtime.on_version_apply,
        )
        self.target.configure(*args, **kw)
        runtime.start(self.target.get_context(), project)

    def run_migrations(self, **kw: Any) -> None:
        runtime.precheck(self.target.get_context())
        self.target.run_migrations(**kw)


class _AutogenHooks:
    """The autogenerate hooks, with :mod:`colretire.alembic.autogen` imported on their first
    call: ``alembic upgrade`` never calls them, and should not pay for importing them."""

    def __init__(self, project: Project | None) -> None:
        self.project = project
        self._guard: AutogenGuard | None = None

    def _loaded(self) -> AutogenGuard:
        if self._guard is None:
            from colretire.alembic.autogen import AutogenGuard

            self._guard = AutogenGuard(self.project)
        return self._guard

    def include_object(self, user: Any) -> Any:
        hook: Any = None

        def include(*args: Any) -> Any:
            nonlocal hook
            if hook is None:
                hook = self._loaded().include_object(user)
            return hook(*args)

        return include

    def process_revision_directives(self, user: Any) -> Any:
        hook: Any = None

        def process(*args: Any) -> Any:
            nonlocal hook
            if hook is None:
                hook = self._loaded().process_revision_directives(user)
            return hook(*args)

        return process


def guarded(target: ModuleType) -> GuardedContext:
    """Wrap an ``alembic.context`` module: ``context = guarded(context)``."""
    return GuardedContext(target)


#: ``from colretire.alembic.guard import context`` in ``env.py``.
context = guarded(alembic.context)
