"""colretire: retire database columns without breaking the code that still uses them.

The package root exports the core only: the vocabulary, the pure lifecycle rules and the
exception tree. The engines (analysis, codemods, the Alembic guard, the database check) are
imported from their own modules so that importing colretire stays cheap.
"""

from colretire.errors import (
    ColretireError,
    ConfigError,
    DropRefused,
    MalformedStateFile,
    Refused,
    StateFileError,
    TransitionRefused,
    UnknownColumn,
)
from colretire.lifecycle import Moment, apply, check_drop, next_action
from colretire.model import (
    ColumnDefinition,
    ColumnRecord,
    ColumnRef,
    Confidence,
    Reference,
    ReferenceKind,
    Release,
    Stage,
    State,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "ColretireError",
    "ColumnDefinition",
    "ColumnRecord",
    "ColumnRef",
    "Confidence",
    "ConfigError",
    "DropRefused",
    "MalformedStateFile",
    "Moment",
    "Reference",
    "ReferenceKind",
    "Refused",
    "Release",
    "Stage",
    "State",
    "StateFileError",
    "TransitionRefused",
    "UnknownColumn",
    "Verdict",
    "__version__",
    "apply",
    "check_drop",
    "next_action",
]
