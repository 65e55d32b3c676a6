"""The command line. ``main`` is the click group; the commands live in one module per area
(lifecycle, refs, rewrite, database) and load on first use: see
:data:`colretire.cli.main.COMMAND_MODULES`."""

from colretire.cli.main import main

__all__ = ["main"]
