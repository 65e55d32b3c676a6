"""The ``colretire`` click group: global options, the project on the context, and the one
place where colretire's errors become a message on stderr and an exit code."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from colretire import __version__, config, statefile
from colretire.errors import ColretireError
from colretire.project import Project

EPILOG = """\b
Exit codes: 0 success, 1 a refused action or findings, 2 usage, configuration
or state-file errors. The lifecycle: docs/lifecycle.md."""


#: Which module defines each command. A module is imported only when one of its commands
#: runs (or --help lists them), so ``colretire refs`` does not pay for Alembic's imports.
COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys(
        ["init", "deprecate", "status", "advance", "release", "checklist", "cancel"],
        "colretire.cli.lifecycle_commands",
    ),
    "refs": "colretire.cli.refs_command",
    "rewrite": "colretire.cli.rewrite_command",
    **dict.fromkeys(["check", "drop", "restore", "relax"], "colretire.cli.db_commands"),
}


class ColretireGroup(click.Group):
    """Loads commands on first use, and shows :class:`ColretireError` as
    ``error: <message>`` with its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])  # its decorators register it
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ColretireError as error:
            click.echo(f"error: {error.message}", err=True)
            ctx.exit(error.exit_code)


class Options:
    """What every command shares, built once: the project directory, loaded on first use.

    Loading it finishes or undoes what an interrupted command left half-done (see
    :mod:`colretire.transaction`), before the command reads anything."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            project = Project.locate(self.directory)
            settings = project.config
            config.require_sources(settings)  # a scan of nothing would prove nothing
            statefile.recover(settings.state, [settings.root, settings.state.parent])
            self._project = project
        return self._project


@click.group(
    cls=ColretireGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Project root (default: the nearest directory above with a pyproject.toml).",
)
@click.version_option(__version__, prog_name="colretire")
@click.pass_context
def main(ctx: click.Context, directory: Path | None) -> None:
    """Retire database columns safely: colretire tracks each column you want to drop
    through deprecated -> unreferenced -> waited-one-release -> dropped, finds the code
    that still uses it, and refuses any drop before its time.

    \b
    Typical first steps:
      colretire init
      colretire deprecate tasks.expected_completion_time --reason "replaced by eta"
      colretire status
    """
    ctx.obj = Options(directory)


pass_options = click.make_pass_decorator(Options)
