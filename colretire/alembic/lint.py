"""The static lint of Alembic migration scripts: the drop rule, read from the source, for CI
(``colretire check``).

Each script is read by :mod:`colretire.alembic.reader` (what ``upgrade()`` and ``downgrade()``
will do, through helpers, aliases, SQL built from constants...) and every effect is judged by
:func:`colretire.alembic.judge.judge`, the rule the upgrade's pre-check and its check at the
wire ask too. A drop in a migration is allowed when the column's record is ``dropped`` by
that very revision (it went through ``colretire drop`` or a guarded autogenerate); anything
else is a finding. In ``downgrade()`` a drop of what the revision's upgrade created, or of a
column colretire does not track, is by design; a tracked column still on its way out is not.

=====  ========  ============================================================================
code   severity  finding
=====  ========  ============================================================================
CR200  error     the migration script does not parse, so its drops cannot be checked
CR201  error     a drop (``op.drop_column``, ``batch_op.drop_column``, an operation object, a
                 DDL element, a batch recreate) of a column colretire does not track
CR202  error     such a drop of a tracked column that has not reached ``dropped`` through
                 ``colretire drop``, or was retired by another revision
CR203  error     executed SQL (``op.execute``, ``text()``, ``exec_driver_sql``, strings built
                 with ``+``, ``%``, ``.format``, f-strings) that drops a column which may not be
                 dropped
CR204  error     ``op.drop_table``, ``DROP TABLE``, ``Table.drop()`` of a table whose columns
                 colretire still tracks short of ``dropped`` (or, at run time, that the models
                 still map)
CR205  error     a drop whose table or column is only known at run time: which column it drops
                 cannot be told before it runs, so it is refused (unless an override names a
                 whole table, ``TABLE.*``)
CR206  error     SQL that colretire cannot judge (it does not parse, or it runs SQL built at run
                 time, such as a dynamic ``EXECUTE``) and that names a tracked table
CR207  error     a migration without source (``.pyc``, ``sourceless = true``) whose code may
                 drop: colretire cannot read what it drops
CR208  warning   code colretire cannot follow receives the migration's operations or
                 connection (a custom operation, a function outside the migrations directory);
                 the statements it sends are judged as they run
=====  ========  ============================================================================

Findings are :class:`colretire.model.Diagnostic` values; a script that does not parse is a
finding too, and the walk goes on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError, coerce_resource_to_filename

from colretire.alembic import judge as judging
from colretire.alembic import parsing, reader, rules
from colretire.errors import MigrationError
from colretire.model import Diagnostic, Severity, State


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    description: str


CODES: tuple[Code, ...] = (
    Code("CR200", Severity.ERROR, "the migration script does not parse"),
    Code("CR201", Severity.ERROR, "drop_column of a column colretire does not track"),
    Code("CR202", Severity.ERROR, "drop_column of a tracked column not retired by this revision"),
    Code("CR203", Severity.ERROR, "raw SQL that drops a column which may not be dropped"),
    Code("CR204", Severity.ERROR, "drop_table of a table with tracked columns not yet dropped"),
    Code("CR205", Severity.ERROR, "a drop whose table or column is not a literal"),
    Code("CR206", Severity.ERROR, "SQL colretire cannot judge that names a tracked table"),
    Code("CR207", Severity.ERROR, "a migration without source whose code may drop"),
    Code("CR208", Severity.WARNING, "code colretire cannot follow receives op or the connection"),
)


@dataclass(frozen=True)
class Finding:
    """A diagnostic with the refusal it comes from (``None`` for a script that does not
    parse, or a warning)."""

    diagnostic: Diagnostic
    refusal: judging.Refusal | None = None


def read_script(
    migrations: reader.Migrations,
    path: Path,
    source: str | None = None,
    parsed: parsing.Source | None = None,
) -> reader.Script | Diagnostic:
    """The script read, or the CR200 diagnostic when it does not parse (``path`` as given);
    ``parsed``: the file already read and parsed (see :meth:`reader.Migrations.read`)."""
    try:
        return migrations.read(path, source, parsed)
    except SyntaxError as error:
        message = f"does not parse, so its drops cannot be checked: {error.msg}"
        return Diagnostic(
            "CR200", Severity.ERROR, message, str(path), error.lineno or 1, (error.offset or 0) or 1
        )
    except (OSError, UnicodeDecodeError) as error:
        message = f"cannot be read, so its drops cannot be checked: {error}"
        return Diagnostic("CR200", Severity.ERROR, message, str(path), 1, 1)
    except (reader.TooComplex, RecursionError) as error:
        message = f"is too complex to read, so its drops cannot be checked ({error or type(error).__name__})"
        return Diagnostic("CR200", Severity.ERROR, message, str(path), 1, 1)
    except Exception as error:  # the reader's own failure must not become a traceback
        message = (
            f"could not be read by colretire ({type(error).__name__}: {error}), so its drops "
            "cannot be checked; please report this with the script"
        )
        return Diagnostic("CR200", Severity.ERROR, message, str(path), 1, 1)


def judge_reading(
    path: str,
    reading: reader.Reading,
    when: judging.When,
) -> list[Finding]:
    """Judge every effect of ``reading`` in order, following its renames."""
    found = []
    prefix = "downgrade(): " if when.downgrade else ""
    for site in reading.sites:
        refusal = judging.judge(site.effect, when, site.via)
        judging.follow(site.effect, when.renames, when.state)
        if refusal is not None:
            diagnostic = Diagnostic(
                refusal.code,
                Severity.ERROR,
                prefix + refusal.message,
                path,
                site.line,
                site.col,
                refusal.columns[0] if len(refusal.columns) == 1 else None,
            )
            found.append(Finding(diagnostic, refusal))
    for notice in reading.notices:
        message = prefix + notice.message
        found.append(
            Finding(Diagnostic("CR208", Severity.WARNING, message, path, notice.line, notice.col))
        )
    return found


def findings(
    path: str,
    script: reader.Script,
    state: State,
    *,
    mapped_tables: Collection[str] = (),
    renames: rules.Renames | None = None,
    downgrade: bool = False,
) -> list[Finding]:
    """The findings for one function of a script (``upgrade``, or ``downgrade``);
    ``renames`` carries the renames of the scripts that run before it."""
    when = judging.When(
        state,
        script.revision,
        mapped_tables=mapped_tables,
        renames=renames if renames is not None else rules.Renames(),
        downgrade=downgrade,
        created=judging.Created.of(s.effect for s in script.upgrade.sites)
        if downgrade
        else judging.Created(),
    )
    return judge_reading(path, script.downgrade if downgrade else script.upgrade, when)


def lint_script(
    path: str,
    source: str | None,
    state: State,
    *,
    mapped_tables: Collection[str] = (),
    migrations: reader.Migrations | None = None,
    file: Path | None = None,
) -> list[Diagnostic]:
    """The findings for one migration script, its upgrade then its downgrade; ``path`` is
    reported as given."""
    where = file or Path(path)
    read = read_script(migrations or reader.Migrations([where.parent]), where, source)
    if isinstance(read, Diagnostic):
        return [Diagnostic(read.code, read.severity, read.message, path, read.line, read.col)]
    found = []
    for downgrade in (False, True):
        found += findings(path, read, state, mapped_tables=mapped_tables, downgrade=downgrade)
    return [f.diagnostic for f in found]


def migrations_reader(config: Config) -> reader.Migrations:
    """The reader of a project's migrations (see :func:`reader_for`)."""
    try:
        script = ScriptDirectory.from_config(config)
    except CommandError as error:
        raise MigrationError(f"{config.config_file_name}: {error}") from None
    return reader_for(script)


def reader_for(script: ScriptDirectory) -> reader.Migrations:
    """The reader of the migrations of ``script`` (see :func:`reader_at`)."""
    versions = [Path(coerce_resource_to_filename(str(v))) for v in script.version_locations or []]
    return reader_at(Path(script.dir), versions)


def reader_at(location: Path, trees: Iterable[Path] = ()) -> reader.Migrations:
    """The reader of the migrations at ``location`` (Alembic's ``script_location``): helpers
    are looked for in its version trees and in it (and imported as ``migrations.x`` from the
    directory above it), custom operations in its ``env.py`` too."""
    location = location.resolve()
    roots = [*trees, location / "versions", location, location.parent]
    return reader.Migrations(roots, env=location / "env.py", within=[location, *trees])


def compiled_scripts(directory: Path, recursive: bool = False) -> Iterator[Path]:
    """The compiled revision scripts (``sourceless = true``) that have no source beside them."""
    deep = "**/" if recursive else ""
    found = {*directory.glob(f"{deep}*.pyc"), *directory.glob(f"{deep}__pycache__/*.pyc")}
    yield from sorted(p for p in found if not _has_source(p))


def _has_source(path: Path) -> bool:
    stem = path.name.split(".")[0]
    folder = path.parent.parent if path.parent.name == "__pycache__" else path.parent
    return (folder / f"{stem}.py").is_file()
