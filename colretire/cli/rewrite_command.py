"""``colretire rewrite``: remove a column's uses from the code (see :mod:`colretire.rewrite`)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from colretire.cli.main import Options, main, pass_options
from colretire.cli.options import COLUMN, format_option
from colretire.model import ColumnRef


@main.command()
@click.argument("column", type=COLUMN)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--write", is_flag=True, help="Apply the changes (default: print the diff only).")
@click.option(
    "--include-likely",
    is_flag=True,
    help="Rewrite likely references too (owner not proven); by default they are listed.",
)
@format_option("diff", "json")
@pass_options
def rewrite(
    options: Options,
    column: ColumnRef,
    paths: tuple[Path, ...],
    write: bool,
    include_likely: bool,
    output_format: str,
) -> None:
    """Remove the uses of COLUMN (TABLE.COLUMN) from the code under PATH (default: the
    configured sources), keeping formatting and comments.

    \b
    Only proven (certain) uses are rewritten; --include-likely adds likely ones
    and reports each. Removed: schema fields of schemas proven to mirror the
    model, keyword arguments, dict entries, assignments, insert and update
    values, order_by terms (reported: a change of order), loader options, and
    what only they needed (an emptied if, a local, an import); last, the model
    attribute, once the column is nullable or has a server default.
    Never removed, marked with a "# colretire:" comment and a reason: a
    condition (where, filter, filter_by, having, a join, of an update or a
    delete), a read whose value flows on. While such a read stays, the writes
    of the column and the model attribute stay too, marked, for a later run.
    A model attribute or schema field also stays, marked, while an occurrence
    of its name that refs could not judge (CR900) may read it; the report
    names those occurrences.
    Migrations are history and stay. A file the running Python cannot compile
    is reported and left as it is. See docs/rewrite.md.
    Without --write the diff is printed and nothing changes; with it, every file
    is written or none. Exit 0 done, 1 refused, 2 a file would not compile.
    """
    from colretire import rewrite as rewriting

    absolute = tuple(path.resolve() for path in paths)
    result = rewriting.rewrite(
        options.project, column, absolute, write=write, include_likely=include_likely
    )
    if output_format == "json":
        click.echo(rewriting.as_json(result, written=write), nl=False)
    else:
        click.echo(result.diff, nl=False)
        root = options.project.root

        def shown(path: str) -> str:  # relative to the current directory, as linters print
            relative = os.path.relpath(root / path, Path.cwd())
            return path if relative.startswith("..") else Path(relative).as_posix()

        for line in rewriting.summary_lines(result, written=write, shown=shown):
            click.echo(line, err=True)
    if result.errors:
        raise SystemExit(2)
