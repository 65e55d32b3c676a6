"""What every codemod shares: positions, finding the node a reference names, and the split
between finding the node to change (the *unit*) and changing it.

A codemod is given the positions of references (1-based line and column, as in
:class:`colretire.model.Reference`). For each position it looks at the nodes that start
there and asks :meth:`ReferenceCodemod.unit` which node it would change: an argument, a
dictionary entry, a statement. That question is a pure function of the node and its parents,
so the rewrite planner asks it too, on the original tree, before anything changes. The
transformer then changes only those units.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar, cast

import libcst as cst
from libcst.codemod import CodemodContext, ContextAwareTransformer
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import CodeRange, ParentNodeProvider, PositionProvider, ProviderT

from colretire.codemods.edits import remove_from_body, remove_small_statements

#: ``(line, col)``, both 1-based.
Position = tuple[int, int]
Parents = Mapping[cst.CSTNode, cst.CSTNode]
Ranges = Mapping[cst.CSTNode, CodeRange]


def start_of(node: cst.CSTNode, ranges: Ranges) -> Position:
    """The 1-based start of ``node`` (libcst's columns are 0-based)."""
    start = ranges[node].start
    return (start.line, start.column + 1)


#: The kinds of node a reference can name or a codemod can change (not whitespace, not
#: punctuation, which start at the same positions).
SYNTAX = (
    cst.BaseExpression,
    cst.BaseStatement,
    cst.BaseSmallStatement,
    cst.Arg,
    cst.BaseElement,
    cst.BaseDictElement,
    cst.AssignTarget,
    cst.Decorator,
    cst.Param,
    cst.Else,
)


def first_position(node: cst.CSTNode, ranges: Ranges) -> Position:
    """Where ``node``'s own text begins: its first decorator for a decorated definition,
    whose comment lines go above the decorators."""
    decorators = getattr(node, "decorators", ())
    return start_of(decorators[0] if decorators else node, ranges)


def nodes_at(
    ranges: Ranges, positions: Iterable[Position], parents: Parents
) -> dict[Position, list[cst.CSTNode]]:
    """The syntax nodes that start at each of ``positions``, outermost first."""
    wanted = set(positions)
    found: dict[Position, list[cst.CSTNode]] = {p: [] for p in wanted}
    for node, code_range in ranges.items():
        position = (code_range.start.line, code_range.start.column + 1)
        if position in wanted and isinstance(node, SYNTAX):
            found[position].append(node)
    for nodes in found.values():
        nodes.sort(key=lambda n: sum(1 for _ in ancestors(n, parents)))
    return found


def string_around(ranges: Ranges, position: Position) -> cst.CSTNode | None:
    """The innermost string whose text holds ``position`` (a word of multi-line SQL, where
    no node starts)."""
    found: tuple[Position, cst.CSTNode] | None = None
    for node, span in ranges.items():
        if not isinstance(node, cst.BaseString):
            continue
        start = (span.start.line, span.start.column + 1)
        end = (span.end.line, span.end.column + 1)
        if start <= position < end and (found is None or start > found[0]):
            found = (start, node)
    return found[1] if found else None


def ancestors(node: cst.CSTNode, parents: Parents) -> Iterable[cst.CSTNode]:
    while node in parents:
        node = parents[node]
        yield node


def enclosing_statement(node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
    """The innermost statement that holds ``node`` and can carry a comment line above it."""
    for parent in ancestors(node, parents):
        if isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return parent
    return None


def dotted_name(node: cst.BaseExpression) -> str:
    """``a.b.c`` for an attribute chain of names; ``""`` for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def last_name(node: cst.BaseExpression) -> str:
    """``c`` for ``a.b.c`` or ``c``; ``""`` for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return ""


class ReferenceCodemod(ContextAwareTransformer):
    """A codemod that changes the code at given reference positions.

    Subclasses define :meth:`unit` (finding) and ``leave_*`` methods that act on
    ``self.units`` (fixing). Positions where no unit is found are left alone and listed in
    :attr:`missed`.
    """

    METADATA_DEPENDENCIES: ClassVar[tuple[ProviderT, ...]] = (PositionProvider, ParentNodeProvider)
    #: Whether the units go away, so that the imports only they used can go too.
    REMOVES: ClassVar[bool] = True

    def __init__(self, context: CodemodContext, positions: Iterable[Position]) -> None:
        super().__init__(context)
        self.positions = frozenset(positions)
        self.units: set[cst.CSTNode] = set()
        self.missed: set[Position] = set()

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        """The node this codemod changes for a reference at ``node``, or ``None`` when it
        does not apply there."""
        raise NotImplementedError

    @classmethod
    def removal_note(cls, unit: cst.CSTNode, parents: Parents) -> str | None:
        """What a person should know of the removal of ``unit``, beyond that it went (a
        change of order, say); ``None`` for nothing."""
        return None

    @classmethod
    def find(cls, candidates: Iterable[cst.CSTNode], parents: Parents) -> cst.CSTNode | None:
        """The unit for the first of ``candidates`` (the nodes at a position) that has one."""
        for node in candidates:
            found = cls.unit(node, parents)
            if found is not None:
                return found
        return None

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        ranges = cast(Ranges, self.metadata[PositionProvider])
        parents = cast(Parents, self.metadata[ParentNodeProvider])
        for position, candidates in nodes_at(ranges, self.positions, parents).items():
            found = self.find(candidates, parents)
            if found is None:
                self.missed.add(position)
            else:
                self.units.add(found)
        if not self.units:
            return tree
        if self.REMOVES:
            for unit in self.units:
                self.forget_imports_of(unit)
        return tree.visit(self)

    def forget_imports_of(self, node: cst.CSTNode) -> None:
        """Schedule the imports ``node`` uses for removal, should nothing else use them.

        Pass the original node: the scope analysis behind this runs on the original tree.
        """
        # A relative import whose package is unknown raises ValueError: leave it alone.
        with contextlib.suppress(ValueError):
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, node)


def remove_unused_imports(context: CodemodContext, tree: cst.Module) -> cst.Module:
    """Drop the imports the codemods scheduled for removal that nothing uses any more."""
    if RemoveImportsVisitor.CONTEXT_KEY not in context.scratch:
        return tree
    result = RemoveImportsVisitor(context).transform_module(tree)
    if result.body and len(result.body) < len(tree.body):
        # What followed a removed first import is now first: no blank lines above it.
        first = result.body[0]
        lines = list(first.leading_lines)
        while lines and lines[0].comment is None:
            lines.pop(0)
        result = result.with_changes(
            body=[first.with_changes(leading_lines=lines), *result.body[1:]]
        )
    return result


def statement_of(small: cst.CSTNode, parents: Parents) -> cst.CSTNode:
    """The unit that removes the small statement ``small``: its whole line when it stands
    alone on it, otherwise just itself."""
    line = parents.get(small)
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return line
    return small


def class_attribute(name: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
    """The statement of a class body that assigns the attribute ``name`` names
    (``col: Mapped[int] = mapped_column()``, ``col = Column(...)``, ``col: int | None``)."""
    parent = parents.get(name)
    if isinstance(parent, cst.AnnAssign) and parent.target is name:
        small: cst.CSTNode = parent
    elif isinstance(parent, cst.AssignTarget) and parent.target is name:
        small = parents[parent]
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            return None
    else:
        return None
    if not isinstance(class_of(small, parents), cst.ClassDef):
        return None
    return statement_of(small, parents)


def reassignment(call: cst.Call, parents: Parents) -> cst.CSTNode | None:
    """The statement ``query = query.method(...)`` whose value is ``call``, which does
    nothing once the call leaves the chain."""
    assign = parents.get(call)
    if not isinstance(assign, cst.Assign) or assign.value is not call or len(assign.targets) != 1:
        return None
    target = assign.targets[0].target
    receiver = call.func.value if isinstance(call.func, cst.Attribute) else None
    if isinstance(target, cst.Name) and isinstance(receiver, cst.Name):
        return statement_of(assign, parents) if target.value == receiver.value else None
    return None


def class_of(small: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
    """The class whose body holds the small statement ``small``, if it is directly there."""
    line = parents.get(small)
    block = parents.get(line) if line is not None else None
    owner = parents.get(block) if block is not None else None
    return owner if isinstance(block, cst.IndentedBlock) else None


class StatementRemover(ReferenceCodemod):
    """A codemod whose units are statements: whole lines, compound statements, or one small
    statement of a line such as ``a = 1; b = 2``. Emptied blocks get ``pass``."""

    def _doomed(self, body: Sequence[cst.CSTNode]) -> Callable[[int], bool]:
        return lambda index: body[index] in self.units

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        doomed = self._doomed(original_node.body)
        if not any(doomed(i) for i in range(len(original_node.body))):
            return updated_node
        kept = remove_small_statements(updated_node, doomed)
        if not kept:
            self.units.add(original_node)  # the enclosing block takes the whole line out
            return updated_node
        return updated_node.with_changes(body=kept)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        doomed = self._doomed(original_node.body)
        if not any(doomed(i) for i in range(len(original_node.body))):
            return updated_node
        return updated_node.with_changes(
            body=remove_small_statements(updated_node, doomed) or [cst.Pass()]
        )

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        doomed = self._doomed(original_node.body)
        if not any(doomed(i) for i in range(len(original_node.body))):
            return updated_node
        return remove_from_body(updated_node, doomed)

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.If:
        """An ``elif`` or ``else`` that goes leaves the ``if`` it follows."""
        if original_node.orelse is not None and original_node.orelse in self.units:
            return updated_node.with_changes(orelse=None)
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        doomed = self._doomed(original_node.body)
        if not any(doomed(i) for i in range(len(original_node.body))):
            return updated_node
        return remove_from_body(updated_node, doomed)
