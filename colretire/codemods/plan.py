"""Which codemod removes each reference of one file, and applying them in a safe order.

Planning is finding: on the original tree, each reference is matched to the first codemod
that has a unit for it (see :data:`CODEMODS`). A reference inside another reference's unit
goes with it (``{"col": task.col}`` is one entry; ``task.col = task.col + 1`` one
statement). What goes with the removals (an emptied ``if``, a local that only fed them) is
decided next, on the same tree (:mod:`colretire.codemods.cleanup`). What no codemod takes is
marked for a person, with the reason (:mod:`colretire.codemods.reasons`).

Only proven (``certain``) references are rewritten; with ``include_likely`` likely ones are
too, and each is reported, except where a wrong owner would change behaviour: a field of a
class not proven to mirror the model, a name passed in a keyword argument (``exclude={...}``)
of an object not proven to be the model.

Applying is fixing: one edit at a time, from the last unit in the file to the first. An edit
only changes its unit and what follows it, so the positions of the units before it still
hold when their turn comes. Comments for a person go on statements, so a statement is marked
after every removal inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, ScopeProvider

from colretire.codemods.assignment import RemoveAssignment
from colretire.codemods.base import (
    Parents,
    Position,
    Ranges,
    ReferenceCodemod,
    ancestors,
    enclosing_statement,
    first_position,
    last_name,
    nodes_at,
    remove_unused_imports,
    start_of,
    string_around,
)
from colretire.codemods.cleanup import clean_up
from colretire.codemods.declaration import RemoveDeclaration
from colretire.codemods.dict_entry import RemoveDictEntry
from colretire.codemods.keyword import RemoveKeyword
from colretire.codemods.mark_manual import (
    MarkManual,
    emptied_note,
    held_note,
    manual_note,
    unexplained_note,
)
from colretire.codemods.query_term import RemoveQueryTerm
from colretire.codemods.reasons import why_manual as use_reason
from colretire.codemods.schema_field import RemoveSchemaField
from colretire.codemods.statement import KeepValue, RemoveStatement
from colretire.codemods.string_item import RemoveStringItem
from colretire.model import Confidence, Occurrence, Reference, ReferenceKind

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
#: The codemods that remove a definition: a model attribute, a schema field.
DEFINITIONS = (RemoveDeclaration, RemoveSchemaField)
#: How many unexplained occurrences a reason names (the JSON report has them all).
NAMED_OCCURRENCES = 5


@dataclass(frozen=True)
class Manual:
    """A reference left for a person, and why. ``marked`` when a ``# colretire:`` comment
    points at it in the code."""

    reference: Reference
    reason: str
    marked: bool = False
    #: the unexplained occurrences that hold a definition back (see :func:`unexplained_hold`)
    held_by: tuple[Occurrence, ...] = ()


@dataclass(frozen=True, order=True)
class Note:
    """Something the rewrite of a file did that a person should know of, at a 1-based
    position of the file as it was: a reference removed with a caveat (a likely one, an
    ``order_by`` term), code that went with the removals, a block marked as emptied."""

    line: int
    col: int
    text: str
    #: a ``# colretire:`` comment is left above the place in the code
    marked: bool = False


@dataclass(frozen=True)
class Edit:
    """One codemod run: ``position`` is where it finds its unit, ``anchor`` where the unit
    starts (edits run from the last anchor to the first); ``notes`` are the comments of a
    :class:`MarkManual` edit."""

    codemod: type[ReferenceCodemod]
    position: Position
    anchor: Position
    references: tuple[Reference, ...]
    notes: tuple[str, ...] = ()

    @property
    def removes(self) -> bool:
        return self.codemod.REMOVES


@dataclass(frozen=True)
class FilePlan:
    edits: tuple[Edit, ...] = ()
    manual: tuple[Manual, ...] = ()
    notes: tuple[Note, ...] = ()
    #: where the code that goes was: (start, end) of each unit removed, end excluded
    spans: tuple[tuple[Position, Position], ...] = ()

    @property
    def removed(self) -> tuple[Reference, ...]:
        return tuple(sorted(r for e in self.edits if e.removes for r in e.references))


@dataclass
class _Planner:
    ranges: Ranges
    parents: Parents
    column: str
    include_likely: bool
    keep_declarations: str | None = None
    keep_writes: str | None = None
    models: frozenset[str] = frozenset()
    keep_fields: frozenset[str] = frozenset()
    #: names that unexplained occurrences may use, and those occurrences
    unexplained: Mapping[str, tuple[Occurrence, ...]] = field(default_factory=dict)
    candidates: dict[Position, list[cst.CSTNode]] = field(default_factory=dict)
    removals: dict[cst.CSTNode, tuple[type[ReferenceCodemod], list[Reference]]] = field(
        default_factory=dict
    )
    leftovers: list[tuple[Reference, str, str]] = field(default_factory=list)
    #: the definitions held back by unexplained occurrences, and those occurrences
    held_by: dict[Reference, tuple[Occurrence, ...]] = field(default_factory=dict)
    manual: list[Manual] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    extra: list[Edit] = field(default_factory=list)
    emptied: dict[cst.CSTNode, str] = field(default_factory=dict)
    #: the units of writes held back
    held: set[cst.CSTNode] = field(default_factory=set)
    #: units found by the cleanup, which its codemod finds at their start
    cleaned: set[cst.CSTNode] = field(default_factory=set)

    def take(self, reference: Reference) -> None:
        if reference.kind is K.PARSE_ERROR:
            self.manual.append(Manual(reference, "the file does not parse"))
        elif reference.confidence is Confidence.LIKELY and not self.include_likely:
            self.manual.append(
                Manual(reference, "likely, not certain: --include-likely rewrites it")
            )
        elif not self.candidates.get(reference_position(reference)):
            inside = self._string_around(reference_position(reference))
            if inside is None:
                self.manual.append(Manual(reference, "no code starts at this position"))
                return
            # a word inside multi-line SQL: the statement holding the string is marked
            self.candidates[reference_position(reference)] = [inside]
            self.leftovers.append(
                (reference, why_manual(reference, inside, self.parents), manual_note(self.column))
            )
        else:
            self._match(reference)

    def _string_around(self, position: Position) -> cst.CSTNode | None:
        return string_around(self.ranges, position)

    def _match(self, reference: Reference) -> None:
        nodes = self.candidates[reference_position(reference)]
        for codemod in CODEMODS.get(reference.kind, ()):
            unit = codemod.find(nodes, self.parents)
            if unit is None:
                continue
            if codemod in DEFINITIONS and self._unexplained_hold(reference, nodes):
                return
            if codemod is RemoveDeclaration and self.keep_declarations:
                note = held_note(self.column)
                self.leftovers.append((reference, self.keep_declarations, note))
                return
            if self.keep_writes and stores(codemod, unit, self.parents, self.models):
                self.held.add(unit)
                self.leftovers.append((reference, self.keep_writes, held_note(self.column)))
                return
            reason = self._field_held(reference, codemod, unit)
            if reason:
                self.held.add(unit)
                self.leftovers.append((reference, reason, held_note(self.column)))
                return
            refused = self._unproven(reference, unit)
            if refused:
                self.manual.append(Manual(reference, refused))
                return
            self.removals.setdefault(unit, (codemod, []))[1].append(reference)
            self._note_removal(reference, codemod.removal_note(unit, self.parents))
            return
        reason = why_manual(reference, nodes[-1], self.parents)
        self.leftovers.append((reference, reason, manual_note(self.column)))

    def _unexplained_hold(self, reference: Reference, nodes: list[cst.CSTNode]) -> bool:
        """Hold back a definition (a model attribute, a schema field) that an unexplained
        occurrence of its name may use; ``True`` when it is held."""
        name = definition_name(reference, nodes)
        occurrences = self.unexplained.get(name or "")
        if not name or not occurrences:
            return False
        self.held_by[reference] = occurrences
        self.leftovers.append(
            (reference, unexplained_hold(name, occurrences), unexplained_note(self.column, name))
        )
        return True

    def _field_held(
        self, reference: Reference, codemod: type[ReferenceCodemod], unit: cst.CSTNode
    ) -> str | None:
        """Why removing ``unit`` would take a schema field held back (``keep_fields``, or a
        name unexplained occurrences may use) or what keeps it consistent: a schema's
        keyword, a name in ``exclude=``; ``None`` when it would not.

        The field is the reference's :attr:`~colretire.model.Reference.schema_field`: its
        declaration and the keywords that fill it stay (a read or write of it through an
        attribute is what holds it, not what goes with it)."""
        kept = self.keep_fields | frozenset(self.unexplained)
        if not kept:
            return None
        field = reference.schema_field
        if field is not None and reference.reads_or_writes_schema_field is None:
            if field in self.unexplained:
                return (
                    f"fills the schema field {field}, which stays while unexplained "
                    "occurrences may read it"
                )
            if field in self.keep_fields:
                return "schema fields of this name stay while a use of one is left for a person"
            return None
        if codemod is RemoveStringItem and _keyword_around(unit, self.parents) is not None:
            if _string_value(unit) in self.unexplained:
                return "names a schema field that stays while unexplained occurrences may read it"
            if self.keep_fields:
                return "schema fields of this name stay while a use of one is left for a person"
        return None

    def _unproven(self, reference: Reference, unit: cst.CSTNode) -> str | None:
        """Why a likely reference is not removed even with ``include_likely``: removing it
        would change behaviour should its owner be another class."""
        if reference.confidence is Confidence.CERTAIN:
            return None
        if _class_body_statement(unit, self.parents):
            return "a field of a class not proven to mirror the model: never removed"
        keyword = _keyword_around(unit, self.parents)
        if reference.kind is K.STRING and keyword is not None:
            return (
                f"a name passed as {keyword}= to an object not proven to be the model: "
                "never removed"
            )
        return None

    def _note_removal(self, reference: Reference, note: str | None) -> None:
        line, col = reference_position(reference)
        if reference.confidence is Confidence.LIKELY:
            self.notes.append(
                Note(
                    line, col, f"{reference.code} removed although only likely: {reference.message}"
                )
            )
        if note:
            self.notes.append(Note(line, col, f"{reference.code} {note}"))

    def covered(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The outermost removal unit that holds ``node``, if one does."""
        outer = None
        for ancestor in ancestors(node, self.parents):
            if ancestor in self.removals:
                outer = ancestor
        return outer

    def clean_up(self, scopes: Any) -> None:
        """Add what goes with the removals, and mark the blocks they empty."""
        found = clean_up(list(self.removals), self.parents, scopes)
        for unit, text in found.removed.items():
            self.removals.setdefault(unit, (RemoveStatement, []))
            self.cleaned.add(unit)
            self._note(unit, text)
        for assignment, text in found.kept_values.items():
            if self.covered(assignment) is None:
                position = start_of(assignment, self.ranges)
                self.extra.append(Edit(KeepValue, position, position, ()))
                self._note(assignment, text)
        for owner, text in found.emptied.items():
            statement = owner
            if not isinstance(owner, cst.BaseCompoundStatement):  # else, except, finally
                statement = enclosing_statement(owner, self.parents) or owner
            if self.covered(statement) is None:
                self.emptied[statement] = emptied_note(self.column)
                self._note(statement, text, marked=True)

    def _note(self, node: cst.CSTNode, text: str, *, marked: bool = False) -> None:
        line, col = first_position(node, self.ranges)
        self.notes.append(Note(line, col, text, marked))

    def edits(self) -> list[Edit]:
        marks = self._marks()
        edits: list[Edit] = list(self.extra)
        for unit, (_, references) in self.removals.items():
            outer = self.covered(unit)
            if outer is not None:
                self.removals[outer][1].extend(references)
        for unit, (codemod, references) in self.removals.items():
            if self.covered(unit) is None:
                anchor = first_position(unit, self.ranges)
                position = anchor if unit in self.cleaned else reference_position(references[0])
                edits.append(Edit(codemod, position, anchor, tuple(sorted(references))))
        return edits + marks

    def _marks(self) -> list[Edit]:
        """One edit per statement to mark, with every comment it gets: a statement's start
        moves down with each comment put above it."""
        statements: dict[cst.CSTNode, tuple[list[Reference], dict[str, None]]] = {}
        for reference, reason, note in self.leftovers:
            node = self.candidates[reference_position(reference)][-1]
            outer = self.covered(node)
            if outer is not None:
                self.removals[outer][1].append(reference)
                continue
            if note == manual_note(self.column) and any(
                a in self.held for a in ancestors(node, self.parents)
            ):
                reason = "read to be written, by a write held back"
            statement = enclosing_statement(node, self.parents)
            held_by = self.held_by.get(reference, ())
            self.manual.append(Manual(reference, reason, statement is not None, held_by))
            if statement is not None:
                refs, notes = statements.setdefault(statement, ([], {}))
                refs.append(reference)
                notes[note] = None
        for owner, note in self.emptied.items():
            statements.setdefault(owner, ([], {}))[1][note] = None
        return [
            Edit(
                MarkManual,
                first_position(s, self.ranges),
                first_position(s, self.ranges),
                tuple(refs),
                tuple(notes),
            )
            for s, (refs, notes) in statements.items()
        ]


#: Calls whose dict arguments are the values a statement stores.
STORING_CALLS = frozenset(
    {"values", "ordered_values", "update", "execute", "executemany", "bulk_insert_mappings",
     "bulk_update_mappings", "sqlmodel_update", "insert"}
)  # fmt: skip


def stores(
    codemod: type[ReferenceCodemod], unit: cst.CSTNode, parents: Parents, models: frozenset[str]
) -> bool:
    """Whether removing ``unit`` stops a value being stored in the column: an assignment to
    the attribute, a keyword of the model's constructor (``models``: its class names) or of
    ``.values()``, an entry of a dict of values given to a statement."""
    if codemod is RemoveAssignment:
        return True
    if codemod is RemoveKeyword:
        call = parents.get(unit)
        name = last_name(call.func) if isinstance(call, cst.Call) else ""
        return name in models or name in ("values", "ordered_values")
    if codemod is RemoveDictEntry:
        for node in ancestors(unit, parents):
            if isinstance(node, cst.Call):
                name = last_name(node.func)
                return name in STORING_CALLS or name in models
            if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement, cst.Lambda)):
                return False
    return False


def definition_name(reference: Reference, nodes: list[cst.CSTNode]) -> str | None:
    """The name a definition gives Python to look up: a schema's field, the model's
    attribute, a mixin's ``declared_attr`` function, an imperative ``Column``'s key."""
    if reference.schema_field:
        return reference.schema_field
    node = nodes[-1] if nodes else None
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Call):
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "key":
                return _string(arg.value)
        if node.args and node.args[0].keyword is None:
            return _string(node.args[0].value)
    return None


def _string_value(unit: cst.CSTNode) -> str | None:
    """The text of a string item (``"eta"`` in ``{"id", "eta"}``), or of the only item of
    the sequence an argument holds (``exclude={"eta"}``)."""
    value = getattr(unit, "value", None)
    if isinstance(value, (cst.List, cst.Set, cst.Tuple)) and len(value.elements) == 1:
        value = value.elements[0].value
    return _string(value) if isinstance(value, cst.BaseExpression) else None


def _string(node: cst.BaseExpression) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


def unexplained_hold(name: str, occurrences: tuple[Occurrence, ...]) -> str:
    """Why a definition stays: the unexplained occurrences that may use it, by place."""
    places = ", ".join(f"{o.path}:{o.line}" for o in occurrences[:NAMED_OCCURRENCES])
    more = len(occurrences) - NAMED_OCCURRENCES
    if more > 0:
        places += f" and {more} more"
    return (
        f"{name} stays: {len(occurrences)} unexplained occurrence(s) (CR900) whose owner "
        f"could not be decided may use it: {places}; judge them (colretire refs), then run "
        "rewrite again"
    )


def _class_body_statement(unit: cst.CSTNode, parents: Parents) -> bool:
    """Whether ``unit`` is a statement of a class body (a field, a declaration)."""
    line = unit if isinstance(unit, cst.SimpleStatementLine) else parents.get(unit)
    block = parents.get(line) if line is not None else None
    return isinstance(block, cst.IndentedBlock) and isinstance(parents.get(block), cst.ClassDef)


def _keyword_around(unit: cst.CSTNode, parents: Parents) -> str | None:
    """The keyword of the call argument that holds ``unit``, up to the enclosing statement."""
    for node in (unit, *ancestors(unit, parents)):
        if isinstance(node, cst.Arg) and node.keyword is not None:
            return node.keyword.value
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement)):
            return None
    return None


def reference_position(reference: Reference) -> Position:
    return (reference.line, reference.col)


def plan_module(
    module: cst.Module,
    references: Iterable[Reference],
    *,
    column: str,
    include_likely: bool = False,
    keep_declarations: str | None = None,
    keep_writes: str | None = None,
    keep_fields: frozenset[str] = frozenset(),
    models: frozenset[str] = frozenset(),
    unexplained: Mapping[str, tuple[Occurrence, ...]] | None = None,
) -> FilePlan:
    """Decide, on the original tree, what happens to each reference of one file.

    With ``keep_declarations`` (the reason), declarations stay, marked, and are reported
    with it; with ``keep_writes``, so do the writes that store a value in the column (see
    :func:`stores`; ``models`` are the class names of the column's models); with
    ``keep_fields`` (field names, ``eta``), the schema fields of those names and the keywords
    that fill them, as the finder names them in each reference's ``schema_field``. With
    ``unexplained`` (name -> the unexplained occurrences that may use it, see
    :mod:`colretire.codemods.unexplained`), a model attribute or schema field of one of
    those names stays, marked, and so do the keywords that fill such a field."""
    wanted = [r for r in references if r.kind not in NEVER_REWRITTEN]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    ranges = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    planner = _Planner(
        ranges, parents, column, include_likely, keep_declarations, keep_writes, models,
        keep_fields, dict(unexplained or {}),
    )  # fmt: skip
    planner.candidates = nodes_at(ranges, [reference_position(r) for r in wanted], parents)
    for reference in sorted(wanted):
        planner.take(reference)
    if planner.removals:
        planner.clean_up(wrapper.resolve(ScopeProvider))
    edits = planner.edits()
    edits.sort(key=lambda e: (e.anchor, e.removes), reverse=True)
    spans = sorted(
        (start_of(unit, ranges), _end_of(unit, ranges))
        for unit in planner.removals
        if planner.covered(unit) is None
    )
    return FilePlan(
        tuple(edits),
        tuple(sorted(planner.manual, key=lambda m: m.reference)),
        tuple(sorted(set(planner.notes))),
        tuple(spans),
    )


def _end_of(node: cst.CSTNode, ranges: Ranges) -> Position:
    end = ranges[node].end
    return (end.line, end.column + 1)


def apply_plan(
    module: cst.Module, plan: FilePlan, context: CodemodContext
) -> tuple[cst.Module, tuple[Edit, ...]]:
    """Run the plan's edits, then drop the imports the removed code alone used. Returns the
    new module and the edits that found nothing to change (their references are not
    removed: the caller reports them)."""
    missed: list[Edit] = []
    for edit in plan.edits:
        extra: dict[str, Any] = {"notes": edit.notes} if edit.codemod is MarkManual else {}
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
    return use_reason(node, parents)
