"""The commands that write migrations and look at the database: drop, restore, relax, check.

Each one parses, calls :mod:`colretire.alembic.revisions` or :mod:`colretire.check`, and
prints; errors reach the group's one handler in :mod:`colretire.cli.main`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from colretire.cli.main import Options, main, pass_options
from colretire.cli.options import COLUMN, format_option
from colretire.model import ColumnRef

F = TypeVar("F", bound=Callable[..., Any])


def _revision_options(function: F) -> F:
    function = click.option("-m", "--message", default=None, help="The revision's message.")(
        function
    )
    return click.option(
        "--head",
        default=None,
        metavar="REV",
        help="The branch head the revision follows (needed when there are several).",
    )(function)


def _shown(path: Path) -> str:
    """A path as the user should see it: relative to the current directory when inside it."""
    relative = os.path.relpath(path, Path.cwd())
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


@main.command()
@click.argument("column", type=COLUMN)
@click.option(
    "--db",
    "url",
    default=None,
    metavar="URL",
    help="The database to read the column's indexes and constraints from, which the "
    "revision drops first and its downgrade re-creates (default: $DATABASE_URL, else "
    "sqlalchemy.url in alembic.ini).",
)
@_revision_options
@pass_options
def drop(
    options: Options, column: ColumnRef, url: str | None, head: str | None, message: str | None
) -> None:
    """Write the Alembic revision that drops COLUMN, with a downgrade that re-creates it
    exactly, and record it as dropped.

    Only a column at waited-one-release can be dropped; anything earlier is refused
    (exit 1) with the step that is missing. The column's indexes and constraints are
    dropped before it, and re-created by the downgrade.
    """
    from colretire.alembic import revisions

    written = revisions.drop(options.project, column, head=head, message=message, url=url)
    click.echo(f"wrote {_shown(written.path)}: drops {column} (revision {written.revision})")
    click.echo(f"recorded {column} as dropped; apply it with: alembic upgrade head")
    if written.note:
        click.echo(written.note, err=True)


@main.command()
@click.argument("column", type=COLUMN)
@click.option(
    "--sql", "as_sql", is_flag=True, help="Print plain SQL instead of writing a revision."
)
@click.option(
    "--db",
    "url",
    default=None,
    metavar="URL",
    help="The database that lacks the column (default: $DATABASE_URL, else sqlalchemy.url "
    "in alembic.ini); it is checked first, and --sql uses its dialect.",
)
@_revision_options
@pass_options
def restore(
    options: Options,
    column: ColumnRef,
    as_sql: bool,
    url: str | None,
    head: str | None,
    message: str | None,
) -> None:
    """Re-add COLUMN, which the models map but the database lacks: the emergency fix for
    'column ... does not exist'.

    Writes a revision adding the column, nullable, with the models' type; --sql prints the
    ALTER TABLE statement instead, for a database managed without Alembic. Refused (exit 1)
    when the database already has the column. Verify with: colretire check --db URL
    """
    from colretire.alembic import revisions

    if as_sql:
        sql, note = revisions.restore_sql(options.project, column, url)
        if note:
            click.echo(note, err=True)
        click.echo(sql, nl=False)
        return
    written = revisions.restore(options.project, column, url=url, head=head, message=message)
    if written.note:
        click.echo(written.note, err=True)
    click.echo(f"wrote {_shown(written.path)}: restores {column} (revision {written.revision})")
    click.echo("apply it with: alembic upgrade head; then verify with: colretire check --db")


@main.command()
@click.argument("column", type=COLUMN)
@click.option(
    "--server-default",
    "server_default",
    default=None,
    metavar="SQL",
    help="Keep NOT NULL and give the column this server default instead, e.g. 0 or 'open'.",
)
@_revision_options
@pass_options
def relax(
    options: Options,
    column: ColumnRef,
    server_default: str | None,
    head: str | None,
    message: str | None,
) -> None:
    """Write the revision that lets INSERTs leave COLUMN out: make it nullable (or give it a
    server default), so inserts keep working once the code stops writing it."""
    from colretire.alembic import revisions

    written = revisions.relax(
        options.project, column, server_default_sql=server_default, head=head, message=message
    )
    what = (
        f"gives {column} a server default"
        if server_default is not None
        else f"makes {column} nullable"
    )
    click.echo(f"wrote {_shown(written.path)}: {what} (revision {written.revision})")


@main.command()
@click.option(
    "--db",
    "url",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="URL",
    help="Also compare the models with this database; --db alone reads $DATABASE_URL, "
    "else sqlalchemy.url from alembic.ini.",
)
@format_option("text", "json", "sarif", "github")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@pass_options
def check(options: Options, url: str | None, output_format: str, strict: bool) -> None:
    """Check the project: the state file, the migrations, references that came back,
    columns INSERTs cannot leave out; with --db, the models against the live database.

    \b
    Exit 0 clean, 1 findings (errors; warnings too with --strict), 2 when the check
    itself cannot run (no database connection, bad configuration).
    """
    from colretire import check as checking
    from colretire import db
    from colretire.report import check as report_check

    project = options.project
    if url == "":
        url = db.default_url(project)
    result = checking.run(project, url)
    for note in result.notes:
        click.echo(note, err=True)
    where = report_check.Where(project.root, Path.cwd(), result.database or "database")
    diagnostics = result.diagnostics
    if output_format == "json":
        click.echo(report_check.to_json(diagnostics, where, result.database), nl=False)
    elif output_format == "sarif":
        click.echo(report_check.sarif(diagnostics, where, checking.descriptions()), nl=False)
    elif output_format == "github":
        click.echo(report_check.github(diagnostics, where), nl=False)
    else:
        click.echo(report_check.text(diagnostics, where), nl=False)
    click.echo(report_check.summary(diagnostics, result.database), err=True)
    raise SystemExit(result.exit_code(strict))
