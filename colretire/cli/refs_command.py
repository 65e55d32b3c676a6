"""``colretire refs``: list the code references to a column (see :mod:`colretire.analysis`)."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from colretire.cli.main import Options, main, pass_options
from colretire.cli.options import COLUMN, format_option
from colretire.model import ColumnRef, ReferenceKind

if TYPE_CHECKING:
    from colretire.analysis.registry import Probe


@main.command()
@click.argument("column", type=COLUMN)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@format_option("text", "json", "sarif", "github")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Processes that parse files (default: the number of CPUs).",
)  # fmt: skip
@click.option(
    "--explain", is_flag=True,
    help="Also list the occurrences of the names that are not references, with the reason.",
)  # fmt: skip
@pass_options
def refs(
    options: Options,
    column: ColumnRef,
    paths: tuple[Path, ...],
    output_format: str,
    jobs: int | None,
    explain: bool,
) -> None:
    """List every code reference to COLUMN (TABLE.COLUMN) under PATH (default: the
    configured sources): the model declaration, class and instance attributes, keyword
    arguments, mirroring schema fields, strings and raw SQL, relationships built on a
    foreign key, wrappers, composites, and migrations.

    Every other occurrence of the column's names is accounted for: excluded with a reason
    (--explain lists them), or unexplained (code CR900) where the analysis could not judge
    it; advance does not certify a column while unexplained occurrences remain.

    \b
    Text output is one "path:line:col: CODE message" line per reference, with
    "[likely]" where the owner is not proven, and a summary on stderr.
    Exit 0 whether or not references are found, 2 on errors.
    """
    with _rare_collections():
        _refs(options, column, paths, output_format, jobs, explain)


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run a command that allocates much and makes few reference cycles (file lists, syntax
    trees, facts) with the cyclic garbage collector mostly idle: at the default threshold it
    runs about ninety times during a small scan, for about 10 ms. When the process exits,
    what it holds is frozen first, so the interpreter's last collections do not walk it
    again (another 10 ms); a process that goes on after the command (a test run, a caller
    of the click command) keeps its collector as it was until then."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)


def _refs(
    options: Options,
    column: ColumnRef,
    paths: tuple[Path, ...],
    output_format: str,
    jobs: int | None,
    explain: bool = False,
) -> None:
    from colretire import analysis  # the scan's modules load only when used
    from colretire.report import refs as report_refs

    project = options.project
    config = project.config
    # The configured sources are always scanned, so the models are known; PATHs add to them
    # and narrow what is listed.
    wanted = [path.resolve() for path in paths]
    probe = None
    if config.metadata:  # the workflow's modules (the lifecycle's rules) load only then
        from colretire.workflow import models_probe

        probe = models_probe(project.root, config.metadata, tuple(config.source), config.cache_dir)
    result = analysis.scan(
        project.root, column, [*config.source, *wanted], exclude=config.exclude,
        cache_dir=config.cache_dir, jobs=jobs, progress=True,
        registry=probe.registry if probe is not None else None,
    )  # fmt: skip
    declared = any(ref.kind is ReferenceKind.DECLARATION for ref in result.references)
    if wanted:
        result = replace(result, references=tuple(
            ref for ref in result.references if _under(project.root / ref.path, wanted)
        ), occurrences=tuple(
            o for o in result.occurrences if _under(project.root / o.path, wanted)
        ))  # fmt: skip
    cwd = Path.cwd()
    if output_format == "json":
        click.echo(report_refs.refs_json(result, explain), nl=False)
    elif output_format == "sarif":
        click.echo(report_refs.refs_sarif(result, project.root), nl=False)
    elif output_format == "github":
        click.echo(report_refs.refs_github(result, project.root, cwd), nl=False)
    else:
        click.echo(report_refs.refs_text(result, project.root, cwd, explain), nl=False)
    click.echo(report_refs.refs_summary(result), err=True)
    if probe is not None:
        click.echo(_mapping_note(probe, config.metadata), err=True)
    elif not declared:
        click.echo(
            "note: the tables were named from the source; set metadata = 'module:Base' in "
            "[tool.colretire] to take them from SQLAlchemy's registry of the models",
            err=True,
        )
    if not declared:
        click.echo(
            f"note: no model declares {column}: already removed from the models, or a typo? "
            "(colretire deprecate suggests the closest declared names)",
            err=True,
        )


def _mapping_note(probe: Probe, metadata: str | None) -> str:
    """Which mapping of classes to tables the scan used, and why."""
    if probe.registry is None:
        return f"mapping: read from the source; {metadata} could not be used: {probe.problem}"
    count = len(probe.registry.classes)
    skipped = f", {len(probe.registry.errors)} import error(s)" if probe.registry.errors else ""
    return f"mapping: SQLAlchemy's registry of {metadata} ({count} mapped classes{skipped})"


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)
