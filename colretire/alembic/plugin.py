"""Alembic's ``alembic.plugins`` entry point (Alembic 1.18+): the zero-line guard.

Alembic imports every module published under that entry-point group while it is itself being
imported, and calls its ``setup(plugin)``. Ours puts the run-time backstop
(:mod:`colretire.alembic.backstop`) in front of Alembic's drop operations; it acts only in
projects whose ``pyproject.toml`` has a ``[tool.colretire]`` table. See
:mod:`colretire.alembic.guard` for what the one ``env.py`` line adds.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.runtime.plugins import Plugin


def setup(plugin: Plugin) -> None:
    # Alembic 1.18 to 1.20 have loaded their own operation implementations by now. Were a
    # later one to load them after its plugins, replacing them first would make Alembic's own
    # registration fail, so the zero-line mode steps aside instead.
    if "alembic.operations.toimpl" not in sys.modules:
        print(
            "colretire: this Alembic loads its plugins before its operations, so the zero-line "
            "guard is off; enable it in env.py with: from colretire.alembic.guard import context",
            file=sys.stderr,
        )
        return
    from colretire.alembic import backstop

    backstop.register()
