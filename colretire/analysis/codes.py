"""The diagnostic codes of a reference scan: one table, one line of description each.

Text output reads ``path:line:col: CODE message``; the documentation of the codes is
generated from :data:`CODES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from colretire.model import ReferenceKind


@dataclass(frozen=True)
class Code:
    code: str
    kind: ReferenceKind
    description: str


CODES: tuple[Code, ...] = (
    Code("CR001", ReferenceKind.PARSE_ERROR, "a file that could contain references does not parse"),
    Code("CR002", ReferenceKind.UNREADABLE, "a file or directory the scan could not read"),
    Code("CR101", ReferenceKind.DECLARATION, "the ORM declaration of the column (model or Table)"),
    Code("CR102", ReferenceKind.CLASS_ATTRIBUTE, "the mapped attribute used on the class or table"),
    Code("CR103", ReferenceKind.INSTANCE_ATTRIBUTE, "the attribute read or written on an instance"),
    Code("CR104", ReferenceKind.KEYWORD, "a keyword argument naming the column"),
    Code("CR105", ReferenceKind.SCHEMA_FIELD, "a field of a schema that mirrors the model"),
    Code(
        "CR106", ReferenceKind.STRING, "a string naming the column: dict key, getattr, field list"
    ),
    Code("CR107", ReferenceKind.RAW_SQL, "raw SQL text naming the column"),
    Code("CR108", ReferenceKind.RELATIONSHIP, "a relationship built on the foreign-key column"),
    Code(
        "CR109", ReferenceKind.WRAPPER, "a wrapper of the column: a property of its name, a synonym"
    ),
    Code("CR110", ReferenceKind.COMPOSITE, "a composite attribute that includes the column"),
    Code("CR120", ReferenceKind.MIGRATION, "a migration operation touching the column"),
)

CODE_OF_KIND: dict[ReferenceKind, str] = {entry.kind: entry.code for entry in CODES}


@dataclass(frozen=True)
class OccurrenceCode:
    code: str
    description: str


#: The code of an occurrence of the column's names that the analysis could not judge.
UNEXPLAINED = OccurrenceCode(
    "CR900", "an occurrence of the column's names that the analysis could not judge"
)
