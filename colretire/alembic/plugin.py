"""Alembic's ``alembic.plugins`` entry point (Alembic 1.18+): the zero-line guard.

Older Alembics (colretire declares 1.16 and later) load no plugins: there the guard is the
one ``env.py`` line, and ``colretire check`` says so.

Alembic loads every entry point of that group while ``alembic`` itself is being imported and
calls the ``setup(plugin)`` of what it loads. Ours puts the run-time backstop
(:mod:`colretire.alembic.backstop`) in front of Alembic's drop operations; the backstop acts
only in projects whose ``pyproject.toml`` has a ``[tool.colretire]`` table, and passes every
operation straight to Alembic elsewhere. See :mod:`colretire.alembic.guard` for what the one
``env.py`` line adds.

Alembic has loaded the entry point in two ways. 1.18.0 to 1.20.0 iterate over the loaded
object and set up each module it yields (``for mod in entrypoint.load()``); 1.20.1 sets up a
module directly and warns, deprecating the old form, when it gets a collection. This module
is both: a module whose iteration yields itself, so every declared version sets it up once
and none warns.

Whatever happens here happens inside the user's ``import alembic``, so nothing may escape:
an Alembic whose operations are not loaded yet, or any error while registering, leaves the
zero-line guard off and records why in :data:`status`, which ``colretire check`` reports.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.runtime.plugins import Plugin

#: ``None`` while the zero-line guard has not been set up (Alembic not imported yet), then
#: ``"on"``, or why it is off.
status: str | None = None

ENV_PY_LINE = "from colretire.alembic.guard import context"


def setup(plugin: Plugin) -> None:
    """Called by Alembic with the :class:`Plugin` it made for this entry point."""
    global status
    try:
        status = _register()
    except Exception as error:  # inside the user's `import alembic`: never let it fail
        status = f"off: setting it up failed ({type(error).__name__}: {error})"


def _register() -> str:
    # Alembic 1.18 to 1.20 have loaded their own operation implementations by now. Were a
    # later one to load them after its plugins, replacing them first would make Alembic's own
    # registration fail, so the zero-line mode steps aside instead.
    if "alembic.operations.toimpl" not in sys.modules:
        return "off: this Alembic loads its plugins before its operations"
    from colretire.alembic import backstop

    backstop.register()
    return "on"


#: The first Alembic that loads ``alembic.plugins`` entry points.
FIRST_WITH_PLUGINS = (1, 18)


def describe() -> str | None:
    """A note for ``colretire check`` when the zero-line guard is off, else ``None``."""
    reason = status if status is not None else _never_loaded()
    if reason is None or reason == "on":
        return None
    return (
        f"colretire: the zero-line Alembic guard is {reason}; the guard runs only where "
        f"env.py has: {ENV_PY_LINE}"
    )


def _never_loaded() -> str | None:
    """Why :func:`setup` was never called: an installed Alembic older than the plugins."""
    from importlib import metadata

    try:
        version = metadata.version("alembic")
    except metadata.PackageNotFoundError:
        return None
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if numbers >= FIRST_WITH_PLUGINS:
        return None
    first = ".".join(map(str, FIRST_WITH_PLUGINS))
    return f"off: Alembic {version} loads no plugins ({first} and later do)"


class _IterableModule(ModuleType):
    """This module, iterable: Alembic 1.18.0 to 1.20.0 iterate over what the entry point
    loads; iterating yields the module itself, once."""

    def __iter__(self) -> Iterator[ModuleType]:
        yield self


# The documented way to give a module behaviour of its own (the language reference,
# "Customizing module attribute access"): set its __class__ to a ModuleType subclass.
sys.modules[__name__].__class__ = _IterableModule
