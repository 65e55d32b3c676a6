"""Commands load on first use, and every module's commands are known to the group."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click

from colretire.cli.main import COMMAND_MODULES, main


def test_every_command_is_defined_where_the_map_says() -> None:
    for name, module in COMMAND_MODULES.items():
        command = getattr(importlib.import_module(module), name.replace("-", "_"))
        assert isinstance(command, click.Command)
        assert main.get_command(click.Context(main), name) is command


def test_no_module_registers_a_command_the_map_does_not_know() -> None:
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)
    assert set(main.commands) == set(COMMAND_MODULES)


def test_refs_does_not_import_alembic() -> None:
    code = (
        "import sys\n"
        "from colretire.cli import main\n"
        "main.get_command(None, 'refs')\n"
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
