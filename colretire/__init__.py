"""colretire: retire database columns without breaking the code that still uses them.

The package root exports the core only: the vocabulary, the pure lifecycle rules and the
exception tree. The engines (analysis, codemods, the Alembic guard, the database check) are
imported from their own modules so that importing colretire stays cheap.
"""

import typing

if typing.TYPE_CHECKING:
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

#: Where each exported name lives. The names load on first use (PEP 562), so that importing
#: any colretire module, such as the Alembic plugin that ``import alembic`` loads in every
#: project, does not pay for the lifecycle and the model's classes it may never need.
_EXPORTS = {
    **dict.fromkeys(
        (
            "ColretireError", "ConfigError", "DropRefused", "MalformedStateFile", "Refused",
            "StateFileError", "TransitionRefused", "UnknownColumn",
        ),
        "colretire.errors",
    ),
    **dict.fromkeys(("Moment", "apply", "check_drop", "next_action"), "colretire.lifecycle"),
    **dict.fromkeys(
        (
            "ColumnDefinition", "ColumnRecord", "ColumnRef", "Confidence", "Reference",
            "ReferenceKind", "Release", "Stage", "State", "Verdict",
        ),
        "colretire.model",
    ),
}  # fmt: skip

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


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'colretire' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
