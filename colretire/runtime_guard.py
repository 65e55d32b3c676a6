"""A safety net for test suites: any use of a deprecated column raises, as if it were gone.

    guard = forbid_deprecated(Base)            # reads the project's state file
    ...                                        # the test suite runs
    guard.remove()

Every column the state file tracks (deprecated, unreferenced, waited a release, dropped;
not cancelled) is guarded through SQLAlchemy's documented event API:

- reading the mapped attribute raises: loaded objects do not keep the column's value (the
  ``load`` and ``refresh`` instance events drop it, and an ``expire`` of it is undone, so
  that SQLAlchemy does not load it again on access), and reading an attribute with no value
  fires ``init_scalar``, where the guard raises. The column is still selected; its value is
  simply never handed to the code, which is what the code sees once the column is dropped.
- setting it raises (the ``set`` attribute event), including ``Task(col=...)``;
- a statement that names the column raises before it runs (the ``before_execute`` event of
  every Engine): ``where``/``order_by`` on it, ``select(Task.col)``, ``update().values(col=..)``;
  raw SQL in ``text()`` that names it (a whole statement on its table, or a fragment such as
  ``where(text("col > 0"))`` in a statement on its table), judged as ``colretire refs``
  judges SQL strings; and an INSERT or UPDATE whose parameters give it a value
  (``session.execute(insert(Task), [{"col": 1}, ...])``). A plain ``select(Task)`` does not
  name it and runs; DDL (``create_all``) and whatever an Alembic migration runs are never
  stopped. SQL strings passed to
  ``exec_driver_sql`` bypass SQLAlchemy's statement events and are not caught.

In pytest: ``--colretire-forbid-deprecated`` (or ``colretire_forbid_deprecated = true`` in
the ini file) with the models from ``colretire_metadata`` or ``[tool.colretire] metadata``.
The plugin module wires :func:`add_pytest_options`, :func:`start_for_pytest` and
:func:`stop_for_pytest` into its hooks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper, registry
from sqlalchemy.schema import ExecutableDDLElement
from sqlalchemy.sql import visitors
from sqlalchemy.sql.dml import ValuesBase
from sqlalchemy.sql.elements import TextClause

from colretire.errors import ColretireError, ConfigError, DeprecatedColumnUsed
from colretire.model import ColumnRef, Stage
from colretire.sql import mentions
from colretire.sql.mention import Reading

if TYPE_CHECKING:
    import pytest

#: The stages in which code must no longer use a column.
GUARDED_STAGES = frozenset({Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED})
#: What the SQL reader says of raw SQL that uses a column: on its table, or, for a fragment
#: or text it cannot read, when the statement it is in is on the table.
_NAMED_ON_ITS_TABLE = frozenset({Reading.CERTAIN, Reading.LIKELY})
_NAMED_IF_ITS_TABLE = frozenset({Reading.FRAGMENT, Reading.UNKNOWN})
OPTION = "--colretire-forbid-deprecated"
INI = "colretire_forbid_deprecated"


@dataclass
class Guard:
    """The installed listeners; :meth:`remove` takes them all away again."""

    columns: dict[sa.ColumnElement[Any], ColumnRef]
    why: dict[ColumnRef, str]
    attributes: tuple[str, ...] = ()
    listeners: list[tuple[Any, str, Callable[..., Any]]] = field(default_factory=list)

    def listen(self, target: Any, identifier: str, function: Callable[..., Any], **kw: Any) -> None:
        event.listen(target, identifier, function, **kw)
        self.listeners.append((target, identifier, function))

    def remove(self) -> None:
        for target, identifier, function in reversed(self.listeners):
            event.remove(target, identifier, function)
        self.listeners.clear()

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def named_in(self, elements: list[Any]) -> ColumnRef | None:
        """The guarded column a statement names, if any, given its ``elements`` (the walk of
        ``sqlalchemy.sql.visitors.iterate``)."""
        for element in elements:
            for column in getattr(element, "proxy_set", ()):
                if column in self.columns:
                    return self.columns[column]
        return None

    def named_in_sql(self, elements: list[Any]) -> ColumnRef | None:
        """The guarded column that raw SQL in a statement's ``elements`` names, if any: a
        ``text()`` statement that names it on its table, or a ``text()`` fragment naming it
        inside a statement on its table."""
        texts = [e.text for e in elements if isinstance(e, TextClause)]
        if not texts:
            return None
        tables = {e.name for e in elements if isinstance(e, sa.Table)}
        for ref in dict.fromkeys(self.columns.values()):
            for sql in texts:
                found = {m.confidence for m in mentions(sql, ref.table_name, ref.column)}
                if found & _NAMED_ON_ITS_TABLE or (
                    found & _NAMED_IF_ITS_TABLE and ref.table_name in tables
                ):
                    return ref
        return None

    def set_by_parameters(self, statement: Any, rows: Iterable[Any]) -> ColumnRef | None:
        """The guarded column that an INSERT or UPDATE's parameters give a value, if any
        (``None`` values are not counted: the ORM's own flush sends every column)."""
        if not isinstance(statement, ValuesBase):
            return None
        # For an ORM insert(Task) the statement holds an annotated copy of the Table.
        table: Any = statement.table
        where = (getattr(table, "name", None), getattr(table, "schema", None))
        keys = {
            c.key: ref
            for c, ref in self.columns.items()
            if (getattr(c.table, "name", None), getattr(c.table, "schema", None)) == where
        }
        for row in rows:
            for key, value in getattr(row, "items", lambda: ())():
                if value is not None and key in keys:
                    return keys[key]
        return None


def forbid_deprecated(
    models: Any,
    *,
    state_path: Path | str | None = None,
    columns: Iterable[ColumnRef | str] | None = None,
) -> Guard:
    """Make every use of a deprecated column raise :class:`DeprecatedColumnUsed`.

    ``models`` is a declarative ``Base``, a ``registry`` or a ``MetaData`` (then only
    statements are checked: there are no mapped attributes). The columns are ``columns``
    when given, else those the state file at ``state_path`` tracks (default: the state file
    of the project around the current directory).
    """
    metadata, mappers = _models(models)
    wanted = _wanted(columns, state_path)
    guard = Guard(columns=_table_columns(metadata, wanted), why=wanted)
    attributes = [_guard_attribute(guard, m, p) for m in mappers for p in _guarded_props(guard, m)]
    guard.attributes = tuple(attributes)
    guard.listen(sa.Engine, "before_execute", _statement_check(guard))
    return guard


def _models(models: Any) -> tuple[sa.MetaData, list[Mapper[Any]]]:
    if isinstance(models, sa.MetaData):
        return models, []
    found = models if isinstance(models, registry) else getattr(models, "registry", None)
    if isinstance(found, registry):
        return found.metadata, list(found.mappers)
    raise ConfigError(f"{models!r} is neither a declarative Base, a registry nor a MetaData")


def _wanted(
    columns: Iterable[ColumnRef | str] | None, state_path: Path | str | None
) -> dict[ColumnRef, str]:
    if columns is not None:
        parsed = [c if isinstance(c, ColumnRef) else ColumnRef.parse(c) for c in columns]
        return {c: "forbidden by the test configuration" for c in parsed}
    from colretire import config, statefile

    path = Path(state_path) if state_path else config.load(config.find_root(Path.cwd())).state
    state = statefile.read(path)
    return {
        record.column: f"{path.name}: stage '{record.stage}'"
        for record in state.columns.values()
        if record.stage in GUARDED_STAGES
    }


def _table_columns(
    metadata: sa.MetaData, wanted: dict[ColumnRef, str]
) -> dict[sa.ColumnElement[Any], ColumnRef]:
    found: dict[sa.ColumnElement[Any], ColumnRef] = {}
    for table in metadata.tables.values():
        for ref in wanted:
            if table.name == ref.table_name and (ref.schema in (None, table.schema)):
                column = table.columns.get(ref.column)
                if column is not None:
                    found[column] = ref
    return found


def _guarded_props(guard: Guard, mapper: Mapper[Any]) -> Iterator[sa.orm.ColumnProperty[Any]]:
    """The column attributes ``mapper`` itself maps (inherited ones are guarded on the
    class that maps them, with ``propagate=True``)."""
    for prop in mapper.column_attrs:
        if prop.parent is mapper and any(c in guard.columns for c in prop.columns):
            yield prop


def _guard_attribute(guard: Guard, mapper: Mapper[Any], prop: sa.orm.ColumnProperty[Any]) -> str:
    cls, key = mapper.class_, prop.key
    column = next(guard.columns[c] for c in prop.columns if c in guard.columns)
    name = f"{cls.__name__}.{key}"
    why = guard.why[column]

    def refuse_read(target: Any, value: Any, dict_: Any) -> None:
        raise DeprecatedColumnUsed(column, f"{name} was read", why)

    def refuse_write(target: Any, value: Any, oldvalue: Any, initiator: Any) -> None:
        raise DeprecatedColumnUsed(column, f"{name} was set", why)

    def forget(target: Any, *args: Any) -> None:
        # The value is dropped from the instance's dict (InstanceState.dict), so that
        # reading it goes to init_scalar instead of returning it.
        sa.inspect(target).dict.pop(key, None)

    def keep_unexpired(target: Any, attrs: Any) -> None:
        # An expired attribute is loaded again on access; one that is neither loaded nor
        # expired is not, and its read reaches init_scalar.
        sa.inspect(target).expired_attributes.discard(key)

    attribute = getattr(cls, key)
    guard.listen(attribute, "init_scalar", refuse_read, propagate=True)
    guard.listen(attribute, "set", refuse_write, propagate=True)
    guard.listen(cls, "load", forget, propagate=True)
    guard.listen(cls, "refresh", forget, propagate=True)
    guard.listen(cls, "expire", keep_unexpired, propagate=True)
    return name


def _statement_check(guard: Guard) -> Callable[..., None]:
    def before_execute(
        conn: Any, clauseelement: Any, multiparams: Any, params: Any, execution_options: Any
    ) -> None:
        if isinstance(clauseelement, ExecutableDDLElement) or _in_migration():
            return
        kind = type(clauseelement).__name__.removeprefix("Annotated")
        elements = list(visitors.iterate(clauseelement))  # walked once for both checks
        column = guard.named_in(elements)
        if column is not None:
            what = f"a {kind} statement names it: {_sql(clauseelement)}"
            raise DeprecatedColumnUsed(column, what, guard.why[column])
        column = guard.named_in_sql(elements)
        if column is not None:
            what = f"raw SQL names it: {_sql(clauseelement)}"
            raise DeprecatedColumnUsed(column, what, guard.why[column])
        column = guard.set_by_parameters(clauseelement, [*multiparams, params])
        if column is not None:
            what = f"the parameters of a {kind} statement set it: {_sql(clauseelement)}"
            raise DeprecatedColumnUsed(column, what, guard.why[column])

    return before_execute


def _in_migration() -> bool:
    """Whether an Alembic migration is running in this process: its statements are history
    (a data migration may copy the column), and a test suite that migrates its database
    must be able to."""
    if sys.modules.get("alembic") is None:  # no migration without Alembic imported
        return False
    from alembic import op

    try:
        op.get_context()
    except (NameError, AttributeError):  # before any migration ran; after one ended
        return False
    return True


def _sql(statement: Any) -> str:
    try:
        text = " ".join(str(statement).split())
    except Exception:  # a statement that only its dialect can compile
        return type(statement).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def add_pytest_options(parser: pytest.Parser) -> None:
    """For the plugin's ``pytest_addoption``: ``--colretire-forbid-deprecated`` and the ini
    flag ``colretire_forbid_deprecated``."""
    parser.getgroup("colretire").addoption(
        OPTION,
        action="store_true",
        default=False,
        help="make any use of a deprecated column (per colretire's state file) raise",
    )
    parser.addini(INI, "always run with " + OPTION, type="bool", default=False)


def start_for_pytest(config: pytest.Config) -> Guard | None:
    """For the plugin's ``pytest_sessionstart``: install the guard when asked to, with the
    models of ``colretire_metadata`` (else ``[tool.colretire] metadata``) and the project's
    state file. Returns the guard (also kept on ``config``), or ``None`` when not asked."""
    if not (config.getoption(OPTION) or config.getini(INI)):
        return None
    import pytest

    try:
        guard = _start(config)
    except ColretireError as error:
        raise pytest.UsageError(f"colretire: {error.message}") from None
    config.stash[_guard_key()] = guard
    return guard


def _start(config: pytest.Config) -> Guard:
    from colretire import config as project_config
    from colretire import db

    root = project_config.find_root(Path(config.rootpath))
    settings = project_config.load(root)
    spec = _ini(config, "colretire_metadata") or settings.metadata
    if not spec:
        raise ConfigError(
            f"{OPTION} needs the models: set colretire_metadata in the pytest configuration "
            "or metadata in [tool.colretire], e.g. app.models:Base"
        )
    models = db.import_models(spec, root, settings.source)
    return forbid_deprecated(models, state_path=settings.state)


def stop_for_pytest(config: pytest.Config) -> None:
    """For the plugin's ``pytest_sessionfinish``: remove the guard, if one was installed."""
    guard = config.stash.get(_guard_key(), None)
    if guard is not None:
        guard.remove()
        del config.stash[_guard_key()]


def _ini(config: pytest.Config, name: str) -> str | None:
    try:
        value = config.getini(name)
    except ValueError:  # not declared by any plugin
        return None
    return str(value) if value else None


_KEYS: dict[str, Any] = {}


def _guard_key() -> pytest.StashKey[Guard]:
    """The key of the guard on pytest's config; made on first use, so that this module
    does not import pytest."""
    import pytest

    key: pytest.StashKey[Guard] = _KEYS.setdefault("guard", pytest.StashKey[Guard]())
    return key
