"""One exception tree for colretire. The command line catches :class:`ColretireError` in one
place and prints ``error: <message>`` with the error's exit code; the Alembic guard re-raises
as Alembic's ``CommandError`` so that ``alembic upgrade`` prints ``FAILED: ...``.

    ColretireError                 exit 2 unless said otherwise
    ├── ConfigError                pyproject.toml / [tool.colretire] is unusable
    ├── InvalidColumnName          not of the form TABLE.COLUMN
    ├── UnknownColumn              the models do not declare the column
    ├── StateFileError             the state file cannot be read or written
    │   ├── MalformedStateFile     bad TOML or a value the format forbids (carries the line)
    │   └── StateLocked            another colretire command holds the lock
    ├── GitError                   git was needed and failed
    ├── MigrationError             Alembic configuration or script problems
    ├── DatabaseError              the live database could not be inspected
    ├── StaleFile                  a file changed on disk while rewrite was writing
    ├── WriteError                 a file cannot be written (read-only, disk full); nothing was
    │                              changed
    ├── DeprecatedColumnUsed       the runtime guard caught code using a retired column
    └── Refused                    exit 1: the rules forbid the action
        ├── TransitionRefused      a lifecycle step without its evidence
        └── DropRefused            a drop before the final stage
"""

from __future__ import annotations


class ColretireError(Exception):
    """Base of every error colretire raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(ColretireError):
    """The project configuration is missing or wrong."""


class InvalidColumnName(ColretireError):
    """A name that breaks the identifier rules of :mod:`colretire.identifiers`; ``why`` says
    which. The message quotes at most the start of a long name."""

    def __init__(self, text: str, why: str = "") -> None:
        quoted = shown(text)
        because = f": {why}" if why else ""
        super().__init__(
            f"{quoted} is not a column name colretire supports{because}; write TABLE.COLUMN "
            "or SCHEMA.TABLE.COLUMN, each part a regular SQL identifier (a letter or _, then "
            "letters, digits, _ or $, at most 63 bytes; quoted identifiers are not supported), "
            "e.g. tasks.expected_completion_time (see docs/trust.md)"
        )
        self.text = text
        self.why = why


def shown(text: str, limit: int = 80) -> str:
    """``text`` as a message quotes it: ``repr`` (control characters escaped), cut to
    ``limit`` characters with the full length said, so that a huge name stays one line."""
    quoted = repr(text)
    if len(quoted) <= limit:
        return quoted
    return f"{quoted[:limit]}... ({len(text)} characters)"


class UnknownColumn(ColretireError):
    """The models do not declare the column; ``suggestions`` are the closest declared names."""

    def __init__(self, column: str, suggestions: tuple[str, ...] = (), *, hint: str = "") -> None:
        text = f"the models do not declare a column {column}"
        if suggestions:
            text += "; did you mean " + " or ".join(suggestions) + "?"
        if hint:
            text += f" ({hint})"
        super().__init__(text)
        self.column = column
        self.suggestions = suggestions


class StateFileError(ColretireError):
    """The state file cannot be used."""


class MalformedStateFile(StateFileError):
    """The state file does not parse or breaks the format; it is never overwritten."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(
            f"{where}: {problem}; the file was left unchanged: fix it by hand "
            "(see docs/state-file.md) or restore it from version control"
        )
        self.path = path
        self.line = line
        self.problem = problem


class StateLocked(StateFileError):
    def __init__(self, path: str, waited: float) -> None:
        super().__init__(
            f"another colretire command has held {path} for {waited:.0f}s; wait for it to "
            "finish and try again (the lock is released when that command exits)"
        )


class GitError(ColretireError):
    """A git command needed as evidence failed."""


class MigrationError(ColretireError):
    """Alembic could not be configured or a migration script is unusable."""


class DatabaseError(ColretireError):
    """The live database could not be reached or inspected."""


class StaleFile(ColretireError):
    """A file changed on disk between reading and writing; nothing was written."""


class WriteError(ColretireError):
    """A file cannot be written: it or its directory is read-only, the disk is full. The
    command that met it changed nothing (see :mod:`colretire.transaction`)."""


class DeprecatedColumnUsed(ColretireError):
    """Code used a column that the state file says is on its way out (runtime guard)."""

    def __init__(self, column: object, what: str, why: str) -> None:
        super().__init__(
            f"{column} is deprecated ({why}): {what}; remove this use "
            f"(colretire refs {column} lists them all)"
        )
        self.column = column


class Refused(ColretireError):
    """The rules forbid what was asked; nothing was changed."""

    exit_code = 1


class TransitionRefused(Refused):
    """A lifecycle transition without the evidence it needs."""


class DropRefused(Refused):
    """A drop of a column that has not reached its final stage."""

    def __init__(self, message: str, column: str = "", stage: str | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.stage = stage
