"""The models against the live database, through SQLAlchemy's inspector.

Two halves, both plain data once loaded:

* :func:`load_models` reads what the code maps: the configured ``metadata`` ("module:attr",
  a ``MetaData`` or a declarative ``Base``) imported with the project on ``sys.path``, or the
  static index when none is configured. The result, :class:`Models`, holds each column's
  :class:`~colretire.model.ColumnDefinition` as source text, the form the state file keeps
  and :mod:`colretire.alembic.ops` turns back into DDL.
* :func:`inspect_database` reads what the database has: :class:`LiveSchema`, its tables and
  columns, on PostgreSQL, MySQL/MariaDB and SQLite alike.

:func:`compare` turns the two (and the state file) into
:class:`~colretire.model.Diagnostic` values; :func:`data_evidence` adds what the rows (and, on
PostgreSQL, ``pg_stat_statements``) say about a column about to be dropped. Nothing here
prints.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import os
import re
import sys
import sysconfig
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from colretire import identifiers
from colretire.errors import ConfigError, DatabaseError
from colretire.model import (
    ColumnDefinition,
    ColumnRecord,
    ColumnRef,
    Diagnostic,
    Severity,
    Stage,
    State,
)
from colretire.project import Project

#: Where the default URL comes from when ``--db`` is given without one (then alembic.ini).
DATABASE_URL_ENV = "DATABASE_URL"

#: Drivers tried, in order, for a URL that names none and whose default driver is missing.
FALLBACK_DRIVERS: dict[str, tuple[str, ...]] = {
    "postgresql": ("psycopg", "psycopg2", "pg8000"),
    "mysql": ("mysqldb", "pymysql", "mysqlconnector"),
    "mariadb": ("mysqldb", "pymysql", "mysqlconnector"),
}

#: The stages at which a column is still expected in the database.
ON_ITS_WAY_OUT = (Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED)


# -- the models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Models:
    """Every column the code maps, with its definition when known.

    ``source`` says where they were read from, for messages: ``metadata app.models:Base`` or
    ``the static index``.
    """

    source: str
    columns: Mapping[ColumnRef, ColumnDefinition | None] = field(default_factory=dict)

    def find(self, column: ColumnRef) -> ColumnRef | None:
        """The mapped column ``column`` names; a schema-less name matches any schema."""
        if column in self.columns:
            return column
        matches = [
            c
            for c in self.columns
            if (c.table_name, c.column) == (column.table_name, column.column)
        ]
        return matches[0] if len(matches) == 1 and column.schema is None else None

    def definition(self, column: ColumnRef) -> ColumnDefinition | None:
        found = self.find(column)
        return self.columns[found] if found else None

    def suggest(self, column: ColumnRef) -> tuple[str, ...]:
        names = sorted(str(c) for c in self.columns)
        return tuple(difflib.get_close_matches(str(column), names, n=3, cutoff=0.6))

    def tables(self) -> dict[str, list[ColumnRef]]:
        """Mapped columns grouped by table (``schema.table`` or ``table``), in order."""
        grouped: dict[str, list[ColumnRef]] = {}
        for column in self.columns:
            grouped.setdefault(column.table, []).append(column)
        return grouped


def load_models(project: Project) -> Models:
    """The configured metadata when there is one, else the static index."""
    spec = project.config.metadata
    if spec:
        metadata = import_metadata(spec, project.root, project.config.source)
        return models_from_metadata(metadata, f"metadata {spec}")
    return index_models(project)


def models_from_metadata(metadata: sa.MetaData, source: str) -> Models:
    columns: dict[ColumnRef, ColumnDefinition | None] = {}
    for table in metadata.sorted_tables:
        for column in table.columns:
            columns[ColumnRef(table.fullname, column.name)] = definition_of(column)
    return Models(source, columns)


def index_models(project: Project) -> Models:
    """The columns the static index finds declared in the project's models."""
    from colretire import analysis  # libcst is heavy; only needed without configured metadata

    index = analysis.index_project(
        project.root,
        project.config.source,
        exclude=project.config.exclude,
        cache_dir=project.config.cache_dir,
    )
    columns = {column: index.definition(column) for column in sorted(index.declared_columns())}
    return Models("the static index", columns)


def definition_of(column: sa.Column[Any]) -> ColumnDefinition:
    """A mapped column as the source text :mod:`colretire.alembic.ops` evaluates."""
    return ColumnDefinition(
        type=type_source(column.type),
        nullable=bool(column.nullable),
        server_default=_server_default_source(column.server_default),
    )


def type_source(type_: sa.types.TypeEngine[Any]) -> str:
    """``String(length=50)``, ``postgresql.JSONB(...)``; a TypeDecorator as its database type."""
    if isinstance(type_, sa.types.TypeDecorator):
        type_ = type_.impl_instance
    module = type(type_).__module__
    prefix = ""
    if module.startswith("sqlalchemy.dialects."):
        prefix = module.split(".")[2] + "."
    return prefix + repr(type_)


def _server_default_source(default: Any) -> str | None:
    if not isinstance(default, sa.DefaultClause):
        return None  # none, or computed / identity / FetchedValue: not re-creatable as a default
    arg = default.arg
    if isinstance(arg, str):
        return repr(arg)
    if isinstance(arg, sa.TextClause):
        return f"sa.text({arg.text!r})"
    return f"sa.text({str(arg.compile(compile_kwargs={'literal_binds': True}))!r})"


def import_models(spec: str, root: Path, source: Sequence[Path] = ()) -> Any:
    """Import ``module:attr`` with the project's paths on ``sys.path`` and return the object
    (a declarative ``Base``, a registry or a MetaData)."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigError(f"metadata {spec!r} must read module:attribute, e.g. app.models:Base")
    with project_imports(root, import_paths(root, source)):
        try:
            target: Any = importlib.import_module(module_name)
            for part in attribute.split("."):
                target = getattr(target, part)
        except Exception as error:  # the project's own code failed to import
            raise ConfigError(
                f"cannot import the metadata {spec} from {root}: {type(error).__name__}: {error}"
            ) from None
    return target


def import_metadata(spec: str, root: Path, source: Sequence[Path] = ()) -> sa.MetaData:
    """Import ``module:attr`` and return its :class:`MetaData` (a declarative ``Base`` or
    registry is followed to its ``.metadata``)."""
    target = import_models(spec, root, source)
    metadata = target if isinstance(target, sa.MetaData) else getattr(target, "metadata", None)
    if not isinstance(metadata, sa.MetaData):
        raise ConfigError(f"{spec} is neither a MetaData nor a declarative Base with .metadata")
    return metadata


def import_paths(root: Path, source: Iterable[Path] = (), *extra: Path) -> list[Path]:
    """Where the project's modules import from: ``extra`` (e.g. alembic.ini's directory),
    the root, and each source directory, or for a source directory that is a package
    (``backend/app``), the directory its top package sits in (``backend``)."""
    paths = [*extra, root]
    for directory in source:
        while (directory / "__init__.py").is_file() and directory != root:
            directory = directory.parent
        paths.append(directory)
    return list(dict.fromkeys(paths))


@contextlib.contextmanager
def project_imports(root: Path, paths: Iterable[Path]) -> Iterator[None]:
    """Make the project importable for the block; ``sys.path`` is put back afterwards.

    A module of the same name imported earlier from somewhere else (another project in the
    same process, as in a test run) is forgotten first, so the import finds this project's.
    """
    entries = list(dict.fromkeys(str(p.resolve()) for p in paths))
    _forget_foreign_modules(root, entries)
    saved = list(sys.path)
    sys.path[:0] = entries
    try:
        yield
    finally:
        sys.path[:] = saved


def _forget_foreign_modules(root: Path, entries: Sequence[str]) -> None:
    names = {_top_name(entry) for directory in entries for entry in _importables(Path(directory))}
    installed = {sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")}
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if name.partition(".")[0] not in names or location is None:
            continue
        if any(location.startswith(path) for path in (*entries, *installed)):
            continue
        del sys.modules[name]


def _importables(directory: Path) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            if entry.suffix == ".py" or (entry / "__init__.py").is_file():
                yield entry


def _top_name(entry: Path) -> str:
    return entry.stem if entry.suffix == ".py" else entry.name


# -- the live database ----------------------------------------------------------------------


def default_url(project: Project) -> str:
    """``DATABASE_URL`` when set, else ``sqlalchemy.url`` from alembic.ini."""
    from_env = os.environ.get(DATABASE_URL_ENV)
    if from_env:
        return from_env
    from colretire.alembic import environment  # alembic is only needed for this fallback

    alembic = environment.load(project.config)
    url = alembic.alembic_config().get_main_option("sqlalchemy.url")
    if not url or url.startswith("driver://"):
        where = (alembic.config_file or alembic.toml_file or project.root).name
        raise ConfigError(
            f"--db names no URL and neither {DATABASE_URL_ENV} nor sqlalchemy.url in "
            f"{where} gives one; pass --db URL"
        )
    return url


def display_url(url: str | sa.URL) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return str(url)


def database_name(url: str | sa.URL) -> str:
    """What stands in for a path in database findings: the database's name."""
    parsed = make_url(url)
    return parsed.database or parsed.get_backend_name()


def create_engine(url: str | sa.URL) -> sa.Engine:
    """An engine for ``url``; a URL without a driver falls back to an installed one."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise DatabaseError(
            f"{url!r} is not a database URL, e.g. postgresql://user@host/db"
        ) from None
    _require_sqlite_file(parsed)
    candidates = [parsed]
    if "+" not in parsed.drivername:
        backend = parsed.get_backend_name()
        candidates += [
            parsed.set(drivername=f"{backend}+{d}") for d in FALLBACK_DRIVERS.get(backend, ())
        ]
    for candidate in candidates:
        try:
            return sa.create_engine(candidate)
        except ImportError:
            continue
        except sa.exc.NoSuchModuleError:
            raise DatabaseError(f"{display_url(parsed)}: SQLAlchemy has no such dialect") from None
    raise DatabaseError(
        f"no driver for {display_url(parsed)} is installed; install one, e.g. "
        "psycopg[binary] for PostgreSQL or pymysql for MySQL/MariaDB"
    )


def _require_sqlite_file(url: sa.URL) -> None:
    """colretire looks at databases, never makes one: connecting to a SQLite file that is
    not there would create it (``check --db sqlite:///typo.db``)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if url.query.get("uri") or database.startswith("file:") or Path(database).exists():
        return
    raise DatabaseError(
        f"{display_url(url)}: there is no database file {database} (relative to the current "
        "directory); colretire does not create one: check the path"
    )


@dataclass(frozen=True)
class LiveColumn:
    name: str
    type: str
    nullable: bool
    default: str | None


@dataclass(frozen=True)
class LiveSchema:
    """The tables the models map, as the database has them (``None``: table missing)."""

    database: str
    dialect: str
    tables: Mapping[str, Mapping[str, LiveColumn] | None]

    def columns(self, table: str) -> Mapping[str, LiveColumn] | None:
        return self.tables.get(table)


def inspect_database(bind: sa.Engine | sa.Connection, tables: Iterable[str]) -> LiveSchema:
    """Read the columns of ``tables`` (``schema.table`` or ``table``) through the inspector."""
    engine = bind.engine
    try:
        with _connected(bind) as connection:
            inspector = sa.inspect(connection)
            found = {table: _table_columns(inspector, table) for table in tables}
    except sa.exc.SQLAlchemyError as error:
        raise DatabaseError(_connection_failure(engine, error)) from None
    return LiveSchema(database_name(engine.url), engine.dialect.name, found)


def _connected(bind: sa.Engine | sa.Connection) -> contextlib.AbstractContextManager[sa.Connection]:
    """A connection of its own from an engine; a given connection as it is (not closed)."""
    return contextlib.nullcontext(bind) if isinstance(bind, sa.Connection) else bind.connect()


def _table_columns(inspector: sa.Inspector, table: str) -> dict[str, LiveColumn] | None:
    schema, _, name = table.rpartition(".")
    if not inspector.has_table(name, schema=schema or None):
        return None
    return {
        info["name"]: LiveColumn(
            info["name"], str(info["type"]), bool(info["nullable"]), info.get("default")
        )
        for info in inspector.get_columns(name, schema=schema or None)
    }


def _connection_failure(engine: sa.Engine, error: sa.exc.SQLAlchemyError) -> str:
    original = getattr(error, "orig", None) or error
    reason = (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
    return f"cannot inspect the database {display_url(engine.url)}: {reason}"


# -- comparing ------------------------------------------------------------------------------


def compare(models: Models, live: LiveSchema, state: State) -> list[Diagnostic]:
    """The findings of ``check --db``: what the models, the state file and the database
    disagree on."""
    found: list[Diagnostic] = []
    for table, mapped in models.tables().items():
        columns = live.columns(table)
        if columns is None:
            found.append(_missing_table(table, models))
            continue
        found += [_missing_column(c, models) for c in mapped if _lookup(columns, c.column) is None]
        found += _unmapped_columns(table, columns, mapped, state)
    found += _state_against_database(models, live, state)
    return found


def _lookup(columns: Mapping[str, LiveColumn], name: str) -> LiveColumn | None:
    """A column by name; case-insensitively as a fallback (MySQL and quoted identifiers)."""
    if name in columns:
        return columns[name]
    folded = {key.lower(): value for key, value in columns.items()}
    return folded.get(name.lower())


def _missing_table(table: str, models: Models) -> Diagnostic:
    return Diagnostic(
        "CR302",
        Severity.ERROR,
        f"table {table} is mapped by the models ({models.source}) but the database has no such "
        "table; the migrations have not been applied",
        fix="alembic upgrade head",
    )


def _missing_column(column: ColumnRef, models: Models) -> Diagnostic:
    return Diagnostic(
        "CR301",
        Severity.ERROR,
        f"{column} is mapped by the models ({models.source}) but the database has no such "
        "column: every query that loads the model fails with 'column does not exist'",
        column=column,
        fix=f"colretire restore {column}",
    )


def _unmapped_columns(
    table: str,
    columns: Mapping[str, LiveColumn],
    mapped: Sequence[ColumnRef],
    state: State,
) -> list[Diagnostic]:
    names = {c.column.lower() for c in mapped}
    found = []
    for name in columns:
        column = ColumnRef(table, name)
        if name.lower() in names or _tracked(state, column) is not None:
            continue
        found.append(
            Diagnostic(
                "CR303",
                Severity.WARNING,
                f"{column} is in the database but the models do not map it and colretire does "
                "not track it; if it is on its way out, track it",
                column=column,
                fix=f'colretire deprecate {column} --force --reason "..."',
            )
        )
    return found


def _tracked(state: State, column: ColumnRef) -> ColumnRecord | None:
    """The record of ``column``; a schema-qualified column also matches a record without."""
    record = state.get(column)
    if record is None and column.schema is not None:
        record = state.get(ColumnRef(column.table_name, column.column))
    return record


def _state_against_database(models: Models, live: LiveSchema, state: State) -> list[Diagnostic]:
    found = []
    for record in state.columns.values():
        columns = live.columns(record.column.table)
        if columns is None:
            continue  # a table the models do not map is not inspected
        present = _lookup(columns, record.column.column)
        if record.stage is Stage.DROPPED and present is not None:
            revision = record.history[-1].revision or "its drop revision"
            found.append(
                Diagnostic(
                    "CR304",
                    Severity.ERROR,
                    f"{record.column} is recorded as dropped by revision {revision} but the "
                    "database still has it: that revision has not been applied here",
                    column=record.column,
                    fix="alembic upgrade head",
                )
            )
        elif (
            record.stage in ON_ITS_WAY_OUT
            and present is None
            and models.find(record.column) is None
        ):
            found.append(_dropped_outside(record.column, record.stage))
        elif record.stage in ON_ITS_WAY_OUT and present is not None:
            found += _not_insert_safe(record.column, record.stage, present)
    return found


def _dropped_outside(column: ColumnRef, stage: Stage) -> Diagnostic:
    return Diagnostic(
        "CR305",
        Severity.ERROR,
        f"{column} is at stage '{stage}' but the database no longer has it: it was dropped "
        "outside colretire, before its time; if code still reads it, restore it",
        column=column,
        fix=f"colretire restore {column}",
    )


def _not_insert_safe(column: ColumnRef, stage: Stage, present: LiveColumn) -> list[Diagnostic]:
    if present.nullable or present.default is not None:
        return []
    severity = Severity.WARNING if stage is Stage.DEPRECATED else Severity.ERROR
    when = (
        "once the code stops writing it"
        if stage is Stage.DEPRECATED
        else "now that the code no longer writes it"
    )
    return [
        Diagnostic(
            "CR306",
            severity,
            f"{column} is NOT NULL without a default in the database; INSERTs fail {when}",
            column=column,
            fix=f"colretire relax {column}, then alembic upgrade head",
        )
    ]


# -- data evidence before a drop ------------------------------------------------------------

#: Marks colretire's own queries so that pg_stat_statements evidence leaves them out.
QUERY_MARK = "colretire data evidence"


def data_evidence(engine: sa.Engine, live: LiveSchema, state: State) -> list[Diagnostic]:
    """For each column at ``waited-one-release``: rows that still hold a value, and on
    PostgreSQL, statements in ``pg_stat_statements`` that still name it."""
    waiting = [r.column for r in state.columns.values() if r.stage is Stage.WAITED]
    present = [c for c in waiting if _lookup(live.columns(c.table) or {}, c.column) is not None]
    if not present:
        return []
    statements = _statement_evidence(engine, present) if live.dialect == "postgresql" else {}
    found = [_rows_finding(column, _non_null_rows(engine, column)) for column in present]
    found += [_statements_finding(column, *statements[column]) for column in statements]
    return [finding for finding in found if finding is not None]


def _rows_finding(column: ColumnRef, rows: int) -> Diagnostic | None:
    if not rows:
        return None
    return Diagnostic(
        "CR307",
        Severity.WARNING,
        f"{rows} row(s) of {column.table} still hold a value in {column.column}; dropping it "
        "deletes them: back them up or make sure they are not needed",
        column=column,
    )


def _statements_finding(column: ColumnRef, count: int, calls: int) -> Diagnostic:
    return Diagnostic(
        "CR308",
        Severity.WARNING,
        f"pg_stat_statements has {count} statement(s), run {calls} time(s), that name {column}: "
        "something still queries it (code outside this project?)",
        column=column,
        fix=(
            "SELECT query FROM pg_stat_statements WHERE query ~* "
            + identifiers.sql_literal(_word_pattern(column.column))
        ),
    )


def _word_pattern(name: str) -> str:
    """A PostgreSQL regular expression matching ``name`` as a whole word; the characters an
    identifier may hold besides letters and digits (``$``) are escaped."""
    return r"\m" + re.sub(r"(\W)", r"\\\1", name) + r"\M"


def _non_null_rows(engine: sa.Engine, column: ColumnRef) -> int:
    table = sa.table(column.table_name, sa.column(column.column), schema=column.schema)
    query = (
        sa.select(sa.func.count())
        .select_from(table)
        .where(table.c[column.column].is_not(None))
        .prefix_with(f"/* {QUERY_MARK} */")
    )
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _statement_evidence(
    engine: sa.Engine, columns: Sequence[ColumnRef]
) -> dict[ColumnRef, tuple[int, int]]:
    """``{column: (statements, calls)}``; empty when the extension is absent or unreadable."""
    query = sa.text(
        "SELECT count(*), coalesce(sum(calls), 0) FROM pg_stat_statements "
        "WHERE query ~* :table AND query ~* :column AND query NOT LIKE :mark "
        "AND query !~* '^\\s*(alter|create|drop|comment)\\M'"
    )
    found = {}
    try:
        with engine.connect() as connection:
            installed = connection.execute(
                sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")
            ).first()
            if installed is None:
                return {}
            for column in columns:
                count, calls = connection.execute(
                    query,
                    {
                        "table": _word_pattern(column.table_name),
                        "column": _word_pattern(column.column),
                        "mark": f"%{QUERY_MARK}%",
                    },
                ).one()
                found[column] = (int(count), int(calls))
    except sa.exc.DBAPIError:
        return {}  # not preloaded, or no permission to read it: the evidence is optional
    return {column: figures for column, figures in found.items() if figures[0]}


# -- the pytest plugin's assertion ----------------------------------------------------------


def missing_columns(bind: sa.Engine | sa.Connection, models: Models) -> list[Diagnostic]:
    """Only the outage: mapped tables and columns the database lacks."""
    live = inspect_database(bind, models.tables())
    found: list[Diagnostic] = []
    for table, mapped in models.tables().items():
        columns = live.columns(table)
        if columns is None:
            found.append(_missing_table(table, models))
            continue
        found += [_missing_column(c, models) for c in mapped if _lookup(columns, c.column) is None]
    return found
