"""The lifecycle commands: init, deprecate, status, advance, release, checklist, cancel.

Each one parses, calls :mod:`colretire.workflow`, and prints through :mod:`colretire.report.lifecycle`.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from colretire import config, lifecycle, workflow
from colretire.cli.main import Options, main, pass_options
from colretire.cli.options import COLUMN, format_option, reason_option
from colretire.model import ColumnRef, Release
from colretire.report import lifecycle as report


@main.command()
@click.option(
    "--state",
    default=config.DEFAULTS["state"],
    show_default=True,
    help="Where the state file goes.",
)
@click.option(
    "--alembic",
    default=None,
    metavar="PATH",
    help="The Alembic configuration: alembic.ini, or pyproject.toml with [tool.alembic] "
    "(default: found in the project).",
)
@click.option(
    "--alembic-section",
    default=None,
    metavar="NAME",
    help="Its section, as alembic -n NAME (default: [alembic], or the only one).",
)
@click.option(
    "--script-location",
    default=None,
    metavar="DIR",
    help="The directory holding env.py, when the configuration fills it in at run time.",
)
@click.option(
    "--versions",
    multiple=True,
    metavar="DIR",
    help="A version tree (repeatable; default: the configured ones and those env.py picks).",
)
@click.option(
    "--metadata",
    default=None,
    help="module:attribute of the MetaData or declarative Base (default: env.py's "
    "target_metadata).",
)
@click.option(
    "--source",
    multiple=True,
    metavar="DIR",
    help="Path to scan (repeatable; default: the project's packages).",
)
@click.option("--release-tags", default=None, help='Git tags that mark releases, e.g. "v*".')
@pass_options
def init(
    options: Options,
    state: str,
    alembic: str | None,
    alembic_section: str | None,
    script_location: str | None,
    versions: tuple[str, ...],
    metadata: str | None,
    source: tuple[str, ...],
    release_tags: str | None,
) -> None:
    """Adopt colretire: find the project's configuration, write [tool.colretire] to
    pyproject.toml, create an empty state file, and record the adoption baseline.

    \b
    The baseline lists the Alembic revisions that exist now, in every version tree:
    the guard and check never refuse what they do, so databases are still built from
    scratch. Where init cannot decide (two configurations, several sections) it says
    which option to pass, and writes nothing. The rest of pyproject.toml is kept; an
    existing [tool.colretire] is never overwritten (a project configured without a
    baseline gets its baseline recorded).
    """
    from colretire import adoption

    root = (options.directory or Path.cwd()).resolve()
    request = adoption.Request(
        state, alembic, alembic_section, script_location, versions, metadata, source, release_tags
    )
    adopted = adoption.adopt(root, request)
    for line in adopted.plan.found:
        click.echo(f"found {line}")
    for note in adopted.plan.notes:
        click.echo(f"note: {note}", err=True)
    if adopted.pyproject is not None:
        click.echo(f"wrote [tool.colretire] to {adopted.pyproject.name} and the state file {state}")
    if adopted.baseline_path is not None:
        revisions = sum(len(tree.revisions) for tree in adopted.baseline.trees)
        where = Path(os.path.relpath(adopted.baseline_path, root)).as_posix()
        click.echo(
            f"recorded the adoption baseline in {where}: {revisions} revision(s) in "
            f"{len(adopted.baseline.trees)} version tree(s); commit it"
        )
    if adopted.ignored:
        click.echo(f"added {', '.join(adopted.ignored)} to .gitignore")


@main.command()
@click.argument("column", type=COLUMN)
@reason_option(required=False)
@click.option("--replacement", type=COLUMN, help="The column that takes over, if any.")
@click.option("--force", is_flag=True, help="Track a column the models do not declare.")
@click.option(
    "--mark",
    is_flag=True,
    help="Also make the model stop loading the column by default (deferred=True), with a comment.",
)
@format_option("text", "json")
@pass_options
def deprecate(
    options: Options,
    column: ColumnRef,
    reason: str,
    replacement: ColumnRef | None,
    force: bool,
    mark: bool,
    output_format: str,
) -> None:
    """Start retiring COLUMN (TABLE.COLUMN): record the decision, who made it, the commit,
    and the column's definition as the models declare it.

    Refused (exit 1) when the column is already being retired; exit 2 when the models do
    not declare it (pass --force to track it anyway). --mark defers the column in the model
    so plain SELECTs stop reading it even before the code is cleaned up.
    """
    done = workflow.deprecate(options.project, column, reason, replacement, force=force, mark=mark)
    record = done.record
    if done.mark_diff:
        click.echo(done.mark_diff, nl=False, err=output_format == "json")
    if output_format == "json":
        action = lifecycle.next_action(record, options.project.config.release_tags)
        click.echo(report.record_json(record, action), nl=False)
        return
    click.echo(report.record_text(record, "deprecated"), nl=False)
    click.echo(f"next: {lifecycle.next_action(record, options.project.config.release_tags)}")


@main.command()
@format_option("text", "json", "markdown")
@click.option("--no-scan", is_flag=True, help="Do not scan the code for reference counts.")
@pass_options
def status(options: Options, output_format: str, no_scan: bool) -> None:
    """Every tracked column: its stage, since when, its references, the occurrences of its
    names the scan could not judge (UNEXPLAINED; "(N new)" when not accepted), and the next
    action."""
    state, rows = workflow.status(options.project, scan=not no_scan)
    if output_format == "json":
        click.echo(report.status_json(state, rows), nl=False)
    elif output_format == "markdown":
        click.echo(report.status_markdown(rows), nl=False)
    else:
        click.echo(report.status_text(rows), nl=False)


@main.command()
@click.argument("columns", nargs=-1, type=COLUMN)
@click.option(
    "--force", is_flag=True, help="Move one stage forward without the evidence (needs --reason)."
)
@click.option(
    "--accept-unexplained",
    is_flag=True,
    help="Let named columns become unreferenced although the scan left occurrences it could "
    "not judge (needs --reason); they are recorded in the history with the reason.",
)
@reason_option(required=False)
@format_option("text", "json")
@pass_options
def advance(
    options: Options,
    columns: tuple[ColumnRef, ...],
    force: bool,
    accept_unexplained: bool,
    reason: str,
    output_format: str,
) -> None:
    """Move columns forward where the evidence allows (all tracked columns by default).

    \b
    deprecated   -> unreferenced        when a scan finds no reference left, and no
                                        occurrence it could not judge (CR900) but
                                        those accepted with --accept-unexplained
    unreferenced -> waited-one-release  when a release shipped after that
    A column whose references came back, or whose names appear again where the
    scan cannot judge them, is moved back to deprecated (regressed).
    --accept-unexplained --reason TEXT lets named columns become unreferenced
    although the scan left occurrences it could not judge: each one (path, line,
    text of the line) is recorded with the reason, and later scans report any
    other as a regression. --force --reason TEXT moves named columns one stage
    without evidence; the override is recorded in the history. Exit 1 when a
    named column cannot move.
    """
    for flag, given in (("--force", force), ("--accept-unexplained", accept_unexplained)):
        if given and not columns:
            raise click.UsageError(f"{flag} needs the columns it applies to")
    if force and accept_unexplained:
        raise click.UsageError(
            "--force and --accept-unexplained exclude each other: an override needs no evidence"
        )
    if force and not reason.strip():
        raise click.UsageError(
            "--force needs --reason TEXT: an override is recorded with its reason"
        )
    if accept_unexplained and not reason.strip():
        raise click.UsageError(
            "--accept-unexplained needs --reason TEXT: the acceptance is recorded with its reason"
        )
    outcomes = workflow.advance(
        options.project,
        columns,
        force_reason=reason if force else None,
        accept_reason=reason if accept_unexplained else None,
    )
    _print_outcomes(outcomes, output_format)
    if columns and any(o.refused for o in outcomes):
        raise SystemExit(1)


def _print_outcomes(
    outcomes: list[workflow.Outcome], output_format: str, release: Release | None = None
) -> None:
    if output_format == "json":
        click.echo(report.outcomes_json(outcomes, release), nl=False)
    else:
        click.echo(report.outcomes_text(outcomes), nl=False)
    for outcome in outcomes:
        if outcome.message.startswith("OVERRIDE"):
            click.secho(f"warning: {outcome.column}: {outcome.message}", err=True, fg="yellow")


@main.command()
@click.argument("version")
@format_option("text", "json")
@pass_options
def release(options: Options, version: str, output_format: str) -> None:
    """Record that VERSION shipped, and advance the unreferenced columns it proves waited.

    With release_tags configured, a matching git tag is proof on its own and this command
    is optional.
    """
    shipped, outcomes = workflow.record_release(options.project, version)
    if output_format == "text":
        where = f" at {shipped.commit[:12]}" if shipped.commit else ""
        click.echo(f"recorded release {shipped.version}{where}")
    _print_outcomes(outcomes, output_format, shipped)


@main.command()
@format_option("markdown", "json")
@click.option("--no-scan", is_flag=True, help="Do not scan the code for reference counts.")
@pass_options
def checklist(options: Options, output_format: str, no_scan: bool) -> None:
    """The release checklist: what this release must do for each column, what blocks,
    and what is ready. The Markdown pastes into a release pull request."""
    _, rows = workflow.status(options.project, scan=not no_scan)
    upcoming = options.project.current_release()
    render = report.checklist_json if output_format == "json" else report.checklist_markdown
    click.echo(render(rows, upcoming), nl=False)


@main.command()
@click.argument("column", type=COLUMN)
@reason_option(required=True)
@pass_options
def cancel(options: Options, column: ColumnRef, reason: str) -> None:
    """Withdraw the deprecation of COLUMN; its history is kept."""
    record = workflow.cancel(options.project, column, reason)
    click.echo(report.record_text(record, "cancelled"), nl=False)
