"""Which codemod removes each reference of one file, and applying them in a safe order.

Planning is finding: on the original tree, each reference is matched to the first codemod
that has a unit for it (see :data:`CODEMODS`). A reference inside another reference's unit
goes with it (``{"col": task.col}`` is one entry; ``task.col = task.col + 1`` one
statement). What no codemod takes is marked for a person, with the reason.

Applying is fixing: one edit at a time, from the last unit in the file to the first. An edit
only changes its unit and what follows it, so the positions of the units before it still
hold when their turn comes. Comments for a person go on statements, so a statement is marked
after every removal inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from colretire.codemods.assignment import RemoveAssignment
from colretire.codemods.base import (
    Parents,
    Position,
    Ranges,
    ReferenceCodemod,
    ancestors,
    enclosing_statement,
    first_position,
    nodes_at,
    remove_unused_imports,
)
from colretire.codemods.declaration import RemoveDeclaration
from colretire.codemods.dict_entry import RemoveDictEntry
from colretire.codemods.keyword import RemoveKeyword
from colretire.codemods.mark_manual import MarkManual
from colretire.codemods.query_term import RemoveQueryTerm
from colretire.codemods.schema_field import RemoveSchemaField
from colretire.codemods.string_item import RemoveStringItem
from colretire.model import Confidence, Reference, ReferenceKind

K = ReferenceKind
_USES: tuple[type[ReferenceCodemod], ...] = (
    RemoveAssignment,
    RemoveKeyword,
    RemoveDictEntry,
    RemoveQueryTerm,
)
#: The codemods tried for each kind of reference, in order; the first with a unit wins.
CODEMODS: dict[ReferenceKind, tuple[type[ReferenceCodemod], ...]] = {
    K.DECLARATION: (RemoveDeclaration,),
    K.SCHEMA_FIELD: (RemoveSchemaField,),
    K.KEYWORD: (RemoveKeyword,),
    K.STRING: (RemoveDictEntry, RemoveStringItem, RemoveAssignment),
    K.CLASS_ATTRIBUTE: _USES,
    K.INSTANCE_ATTRIBUTE: _USES,
    K.RELATIONSHIP: (RemoveDeclaration, *_USES),
    K.WRAPPER: _USES,
    K.COMPOSITE: _USES,
    K.RAW_SQL: (),
}
NEVER_REWRITTEN = frozenset({K.MIGRATION})


@dataclass(frozen=True)
class Manual:
    """A reference left for a person, and why. ``marked`` when a ``# colretire:`` comment
    points at it in the code."""

    reference: Reference
    reason: str
    marked: bool = False


@dataclass(frozen=True)
class Edit:
    """One codemod run: ``position`` is where it finds its unit, ``anchor`` where the unit
    starts (edits run from the last anchor to the first)."""

    codemod: type[ReferenceCodemod]
    position: Position
    anchor: Position
    references: tuple[Reference, ...]

    @property
    def removes(self) -> bool:
        return self.codemod.REMOVES


@dataclass(frozen=True)
class FilePlan:
    edits: tuple[Edit, ...] = ()
    manual: tuple[Manual, ...] = ()

    @property
    def removed(self) -> tuple[Reference, ...]:
        return tuple(sorted(r for e in self.edits if e.removes for r in e.references))


@dataclass
class _Planner:
    ranges: Ranges
    parents: Parents
    include_likely: bool
    keep_declarations: str | None = None
    candidates: dict[Position, list[cst.CSTNode]] = field(default_factory=dict)
    removals: dict[cst.CSTNode, tuple[type[ReferenceCodemod], list[Reference]]] = field(
        default_factory=dict
    )
    leftovers: list[tuple[Reference, str]] = field(default_factory=list)
    manual: list[Manual] = field(default_factory=list)

    def take(self, reference: Reference) -> None:
        if reference.kind is K.PARSE_ERROR:
            self.manual.append(Manual(reference, "the file does not parse"))
        elif reference.confidence is Confidence.LIKELY and not self.include_likely:
            self.manual.append(
                Manual(reference, "likely, not certain: --include-likely rewrites it")
            )
        elif not self.candidates.get(reference_position(reference)):
            self.manual.append(Manual(reference, "no code starts at this position"))
        else:
            self._match(reference)

    def _match(self, reference: Reference) -> None:
        nodes = self.candidates[reference_position(reference)]
        for codemod in CODEMODS.get(reference.kind, ()):
            unit = codemod.find(nodes, self.parents)
            if unit is not None and codemod is RemoveDeclaration and self.keep_declarations:
                self.manual.append(Manual(reference, self.keep_declarations))
                return
            if unit is not None:
                self.removals.setdefault(unit, (codemod, []))[1].append(reference)
                return
        self.leftovers.append((reference, why_manual(reference, nodes[-1], self.parents)))

    def covered(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The outermost removal unit that holds ``node``, if one does."""
        outer = None
        for ancestor in ancestors(node, self.parents):
            if ancestor in self.removals:
                outer = ancestor
        return outer

    def edits(self) -> list[Edit]:
        marks = self._marks()
        edits: list[Edit] = []
        for unit, (_, references) in self.removals.items():
            outer = self.covered(unit)
            if outer is not None:
                self.removals[outer][1].extend(references)
        for unit, (codemod, references) in self.removals.items():
            if self.covered(unit) is None:
                position = reference_position(references[0])
                anchor = first_position(unit, self.ranges)
                edits.append(Edit(codemod, position, anchor, tuple(sorted(references))))
        return edits + marks

    def _marks(self) -> list[Edit]:
        statements: dict[cst.CSTNode, list[Reference]] = {}
        for reference, reason in self.leftovers:
            node = self.candidates[reference_position(reference)][-1]
            outer = self.covered(node)
            if outer is not None:
                self.removals[outer][1].append(reference)
                continue
            statement = enclosing_statement(node, self.parents)
            self.manual.append(Manual(reference, reason, marked=statement is not None))
            if statement is not None:
                statements.setdefault(statement, []).append(reference)
        return [
            Edit(
                MarkManual,
                first_position(s, self.ranges),
                first_position(s, self.ranges),
                tuple(refs),
            )
            for s, refs in statements.items()
        ]


def reference_position(reference: Reference) -> Position:
    return (reference.line, reference.col)


def plan_module(
    module: cst.Module,
    references: Iterable[Reference],
    *,
    include_likely: bool = False,
    keep_declarations: str | None = None,
) -> FilePlan:
    """Decide, on the original tree, what happens to each reference of one file.

    With ``keep_declarations`` (the reason), declarations stay and are reported with it."""
    wanted = [r for r in references if r.kind not in NEVER_REWRITTEN]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    ranges = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    planner = _Planner(ranges, parents, include_likely, keep_declarations)
    planner.candidates = nodes_at(ranges, [reference_position(r) for r in wanted], parents)
    for reference in sorted(wanted):
        planner.take(reference)
    edits = planner.edits()
    edits.sort(key=lambda e: (e.anchor, e.removes), reverse=True)
    return FilePlan(tuple(edits), tuple(sorted(planner.manual, key=lambda m: m.reference)))


def apply_plan(
    module: cst.Module, plan: FilePlan, context: CodemodContext, column: str
) -> tuple[cst.Module, tuple[Edit, ...]]:
    """Run the plan's edits, then drop the imports the removed code alone used. Returns the
    new module and the edits that found nothing to change (their references are not
    removed: the caller reports them)."""
    missed: list[Edit] = []
    for edit in plan.edits:
        extra: dict[str, Any] = {"column": column} if edit.codemod is MarkManual else {}
        codemod = edit.codemod(context, [edit.position], **extra)
        module = codemod.transform_module(module)
        if codemod.missed:
            missed.append(edit)
    return remove_unused_imports(context, module), tuple(missed)


def why_manual(reference: Reference, node: cst.CSTNode, parents: Parents) -> str:
    """A short reason why a use cannot be removed mechanically."""
    if reference.kind is K.RAW_SQL:
        return "named in raw SQL"
    if reference.kind in (K.DECLARATION, K.SCHEMA_FIELD):
        return "a declaration colretire does not know how to remove"
    used = _use_of(node, parents)
    for kinds, reason in _REASONS:
        if isinstance(parents.get(used), kinds):
            return reason
    return "not a mechanical removal"


def _use_of(node: cst.CSTNode, parents: Parents) -> cst.CSTNode:
    parent = parents.get(node)
    if isinstance(parent, cst.Attribute) and parent.attr is node:
        return parent
    return node


_REASONS: Sequence[tuple[type[cst.CSTNode] | tuple[type[cst.CSTNode], ...], str]] = (
    ((cst.BinaryOperation, cst.UnaryOperation), "used in arithmetic"),
    (cst.BooleanOperation, "used in an and/or expression"),
    ((cst.Comparison, cst.ComparisonTarget), "compared"),
    (cst.Arg, "passed to a function"),
    (cst.Return, "returned"),
    ((cst.Assign, cst.AnnAssign, cst.AugAssign), "assigned to a variable"),
    ((cst.If, cst.While, cst.IfExp), "used in a condition"),
    ((cst.FormattedStringExpression,), "formatted into a string"),
    ((cst.Attribute, cst.Subscript), "used as an object"),
)
