"""The command line. ``main`` is the click group; each module imported below adds its
commands to it (one line per module, so modules can be written independently)."""

from colretire.cli import db_commands as db_commands
from colretire.cli import lifecycle_commands as lifecycle_commands
from colretire.cli import refs_command as refs_command
from colretire.cli import rewrite_command as rewrite_command
from colretire.cli.main import main

__all__ = ["main"]
