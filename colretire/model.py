"""The vocabulary of colretire: plain, frozen values that every stage passes around.

Nothing here does I/O or imports a third-party library. The scanner makes
:class:`Reference` values, the lifecycle turns :class:`ColumnRecord` values into new ones,
the state file stores them and the renderers print them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from colretire import identifiers

STATE_FORMAT_VERSION = 1


class Stage(str, enum.Enum):
    """Where a column stands on its way out, in order.

    ``cancelled`` sits outside the line: a withdrawn deprecation whose history is kept.
    """

    DEPRECATED = "deprecated"
    UNREFERENCED = "unreferenced"
    WAITED = "waited-one-release"
    DROPPED = "dropped"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return self.value


#: The forward line of stages; ``CANCELLED`` is not on it.
STAGE_LINE: tuple[Stage, ...] = (Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED)


@dataclass(frozen=True, order=True)
class ColumnRef:
    """A database column named as ``table.column`` (the table may carry a schema)."""

    table: str
    column: str

    @classmethod
    def parse(cls, text: str) -> ColumnRef:
        """``TABLE.COLUMN`` (or ``SCHEMA.TABLE.COLUMN``) under the identifier rules of
        :mod:`colretire.identifiers`; raises :class:`InvalidColumnName` naming the rule."""
        return cls(*identifiers.split(text))

    @property
    def table_name(self) -> str:
        """The table without its schema: ``public.tasks`` -> ``tasks``."""
        return self.table.rpartition(".")[2]

    @property
    def schema(self) -> str | None:
        return self.table.rpartition(".")[0] or None

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class ColumnDefinition:
    """A column as the models declare it, kept as source text so a downgrade can re-create it.

    ``type`` is the SQLAlchemy type expression (``Integer``, ``String(50)``); ``default`` and
    ``server_default`` are the source of the keyword arguments, or ``None`` when absent.
    """

    type: str
    nullable: bool = True
    default: str | None = None
    server_default: str | None = None

    @property
    def insert_safe(self) -> bool:
        """Whether an INSERT that leaves the column out still succeeds."""
        return self.nullable or self.server_default is not None


@dataclass(frozen=True)
class Release:
    """A shipped release: its version, when it was recorded, and the commit it was cut from."""

    version: str
    at: datetime
    commit: str | None = None


@dataclass(frozen=True)
class Stamp:
    """Who did something, when, at which commit, in which release line."""

    at: datetime
    by: str
    commit: str | None = None
    release: str | None = None


@dataclass(frozen=True, order=True)
class AcceptedOccurrence:
    """An unexplained occurrence of a column's names that a person accepted: its file
    (relative to the project root), its 1-based line when accepted, and the text of that
    line, stripped. Later scans match on the file and the text, not the line number, so an
    edit above that only moves the line does not make it new."""

    path: str
    line: int
    text: str


@dataclass(frozen=True)
class Acceptance:
    """A person's judgment that the unexplained occurrences a scan left do not use the
    column, recorded with the step into ``unreferenced`` it allowed: their reason and the
    occurrences, exactly as the scan found them."""

    reason: str
    occurrences: tuple[AcceptedOccurrence, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One transition of a column, with the evidence that allowed it.

    ``override`` marks a transition forced by a person against the rules; its ``note`` holds
    the mandatory reason. ``revision`` is the Alembic revision that dropped the column.
    ``acceptance``, only on a step into ``unreferenced``, lists the unexplained occurrences
    a person accepted for that step to be taken, and why.
    """

    stage: Stage
    stamp: Stamp
    previous: Stage | None = None
    evidence: str = ""
    note: str = ""
    override: bool = False
    revision: str | None = None
    acceptance: Acceptance | None = None


@dataclass(frozen=True)
class ColumnRecord:
    """Everything the state file knows about one column being retired."""

    column: ColumnRef
    stage: Stage
    reason: str
    history: tuple[HistoryEntry, ...]
    replacement: ColumnRef | None = None
    definition: ColumnDefinition | None = None

    @property
    def since(self) -> datetime:
        return self.history[-1].stamp.at

    def last_entry(self, stage: Stage) -> HistoryEntry | None:
        """The latest history entry that moved the column into ``stage``."""
        for entry in reversed(self.history):
            if entry.stage is stage:
                return entry
        return None

    @property
    def regressed(self) -> bool:
        """Whether the column went back to ``deprecated`` because references came back."""
        last = self.history[-1]
        return last.stage is Stage.DEPRECATED and last.previous in (
            Stage.UNREFERENCED,
            Stage.WAITED,
        )

    def with_entry(self, entry: HistoryEntry, **changes: object) -> ColumnRecord:
        return replace(self, stage=entry.stage, history=(*self.history, entry), **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class State:
    """The whole state file: every tracked column and every recorded release."""

    columns: Mapping[str, ColumnRecord] = field(default_factory=dict)
    releases: tuple[Release, ...] = ()
    version: int = STATE_FORMAT_VERSION

    def get(self, column: ColumnRef) -> ColumnRecord | None:
        return self.columns.get(str(column))

    def with_record(self, record: ColumnRecord) -> State:
        columns = dict(self.columns)
        columns[str(record.column)] = record
        return replace(self, columns=dict(sorted(columns.items())))

    def with_release(self, release: Release) -> State:
        return replace(self, releases=(*self.releases, release))

    @property
    def latest_release(self) -> Release | None:
        return self.releases[-1] if self.releases else None


class ReferenceKind(str, enum.Enum):
    """What a code reference to a column is; the codemods dispatch on it."""

    DECLARATION = "declaration"
    CLASS_ATTRIBUTE = "class-attribute"
    INSTANCE_ATTRIBUTE = "instance-attribute"
    KEYWORD = "keyword"
    SCHEMA_FIELD = "schema-field"
    STRING = "string"
    RAW_SQL = "raw-sql"
    RELATIONSHIP = "relationship"
    WRAPPER = "wrapper"
    COMPOSITE = "composite"
    MIGRATION = "migration"
    PARSE_ERROR = "parse-error"
    UNREADABLE = "unreadable"

    def __str__(self) -> str:
        return self.value


class Confidence(str, enum.Enum):
    """``certain``: the owner is proven to be the table; ``likely``: the name matches, the
    owner is unknown."""

    CERTAIN = "certain"
    LIKELY = "likely"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Reference:
    """One place in the code that uses a column. Positions are 1-based; ``path`` is relative
    to the project root, with forward slashes.

    ``message`` is for people and may be reworded; what a program needs to know is in the
    other fields. ``via`` names the wrapper a reference goes through. ``schema_field`` names
    the field of a schema mirroring the column's model that the reference is about: the
    field it declares (kind ``schema-field``: ``eta`` for ``eta: int | None`` in ``TaskOut``),
    fills with a keyword (``keyword``: ``TaskOut(eta=...)``), or reads or writes through an
    attribute (``instance-attribute``/``class-attribute``: ``payload.eta``; ``string``:
    ``getattr(payload, "eta")``, ``setattr``, ``hasattr``, ``delattr``); a field nesting a
    relationship or mirroring a composite keeps that attribute's kind. ``None`` for every
    other reference. The rewrite holds schema fields back by this name. ``end_line`` is the
    last line of a member declared over several lines (a column whose ``ForeignKey(...)`` is
    on a line of its own, a schema field whose options follow it), ``None`` for a reference
    on one line.
    """

    path: str
    line: int
    col: int
    kind: ReferenceKind
    confidence: Confidence
    code: str
    message: str
    snippet: str = ""
    via: str | None = None
    schema_field: str | None = None
    end_line: int | None = None

    @property
    def reads_or_writes_schema_field(self) -> str | None:
        """The schema field this reference reads or writes through an attribute
        (``payload.eta``, ``getattr(payload, "eta")``), as opposed to declaring it or
        filling it with a keyword."""
        if self.kind in (
            ReferenceKind.INSTANCE_ATTRIBUTE, ReferenceKind.CLASS_ATTRIBUTE, ReferenceKind.STRING
        ):  # fmt: skip
            return self.schema_field
        return None

    @property
    def counts(self) -> bool:
        """Whether this reference keeps a column from being ``unreferenced``.

        Migrations are history, not users; a file that does not parse or cannot be read is
        reported but proves nothing either way (the scan that met it refuses to call the
        column unreferenced).
        """
        return self.kind not in (
            ReferenceKind.MIGRATION,
            ReferenceKind.PARSE_ERROR,
            ReferenceKind.UNREADABLE,
        )


class Exclusion(str, enum.Enum):
    """Why a word that spells one of a column's names is not a reference to it.

    Every occurrence of the names in a scanned file is a reference, an exclusion with one of
    these reasons, or *unexplained*: the analysis could not decide (docs/references.md)."""

    OTHER_TABLE = "other-table"  # the same name on another table's model, Table or row
    OTHER_COLUMN = "other-column"  # another attribute of the same model
    OTHER_TYPE = "other-type"  # an attribute of an object whose class is known and not a model
    LOCAL = "local"  # a local variable, parameter, function, class or import of that name
    KEYWORD = "keyword"  # a keyword argument of a call that builds no model of the table
    COMMENT = "comment"  # a comment or a docstring
    FRAMEWORK = "framework"  # an attribute of a module or of a library's object
    PROSE = "prose"  # text that is neither the name alone nor SQL: a message, a label, a URL
    UNREACHABLE = "unreachable"  # a file whose imports never reach the models
    MIGRATION = "migration"  # an Alembic migration: history, reported as such

    def __str__(self) -> str:
        return self.value


class Tier(str, enum.Enum):
    """Where an occurrence of a column's name ends: a reference, an exclusion, or unexplained."""

    REFERENCE = "reference"
    EXCLUDED = "excluded"
    UNEXPLAINED = "unexplained"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Occurrence:
    """A word of a scanned file that spells one of the column's names (the column, its
    attribute, or a relationship, wrapper or composite built on it), and the tier it ends in:
    part of a reference, excluded (``reason`` says why), or unexplained."""

    path: str
    line: int
    col: int
    name: str
    tier: Tier
    reason: Exclusion | None = None
    detail: str = ""
    snippet: str = ""


@dataclass(frozen=True)
class ScanSummary:
    """What a reference scan found, reduced to what the lifecycle needs as evidence.

    ``uncommitted_files`` counts scanned files with changes git has not committed: the
    commit recorded with the evidence must be the code that was scanned. ``unexplained``
    holds the occurrences of the column's names the analysis could not judge (each with its
    path, line and the text of its line, ``snippet``).
    """

    references: int
    files_scanned: int
    unparsed_files: int = 0
    uncommitted_files: int = 0
    unexplained: tuple[Occurrence, ...] = ()
    #: The files and directories the scan could not read: their references are unknown.
    unreadable: tuple[str, ...] = ()

    def describe(self) -> str:
        text = f"scan found {self.references} reference(s) in {self.files_scanned} file(s)"
        if self.unparsed_files:
            text += f", {self.unparsed_files} file(s) did not parse"
        if self.unexplained:
            text += f", {len(self.unexplained)} unexplained occurrence(s)"
        if self.unreadable:
            text += f", {len(self.unreadable)} could not be read"
        return text


@dataclass(frozen=True)
class Verdict:
    """The answer to "may this column be dropped now?", with the words to explain a no."""

    column: ColumnRef
    allowed: bool
    stage: Stage | None
    reason: str
    next_step: str = ""

    def message(self) -> str:
        if self.allowed:
            return f"{self.column} may be dropped: {self.reason}"
        text = f"refusing to drop {self.column}: {self.reason}"
        return f"{text}; {self.next_step}" if self.next_step else text


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding of ``colretire check``: a migration, state or database problem.

    ``path`` is relative to the project root (``None`` for database findings, which then
    name the database in ``message``); ``line``/``col`` are 1-based, 0 when unknown.
    ``fix`` is the command or edit that resolves it, printed after the message.
    """

    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int = 0
    col: int = 0
    column: ColumnRef | None = None
    fix: str = ""
