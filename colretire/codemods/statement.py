"""Remove what goes with the removed uses (see :mod:`colretire.codemods.cleanup`).

    if rating is not None:                         # removed with its emptied block
        ticket.satisfaction_rating = rating
    eta = payload.eta                               # removed: it only fed removed code
    estimate = compute_eta(task)  ->  compute_eta(task)

:class:`RemoveStatement` takes out a statement, an ``if``, an ``elif`` or an ``else``;
:class:`KeepValue` keeps the value of an assignment whose target is no longer read.
"""

from __future__ import annotations

import libcst as cst

from colretire.codemods.base import (
    Parents,
    ReferenceCodemod,
    StatementRemover,
    statement_of,
)


class RemoveStatement(StatementRemover):
    """Reference positions: the start of the statement, ``if``, ``elif`` or ``else``."""

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, (cst.If, cst.Else)):
            return node
        if isinstance(node, cst.SimpleStatementLine):
            return node if len(node.body) == 1 else None
        if isinstance(node, cst.BaseSmallStatement):
            return statement_of(node, parents)
        return None


class KeepValue(ReferenceCodemod):
    """Reference positions: the start of the assignment ``name = value``, which becomes
    ``value``."""

    REMOVES = False

    @classmethod
    def unit(cls, node: cst.CSTNode, parents: Parents) -> cst.CSTNode | None:
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            return node
        if isinstance(node, cst.AnnAssign) and node.value is not None:
            return node
        return None

    def leave_Assign(
        self, original_node: cst.Assign, updated_node: cst.Assign
    ) -> cst.BaseSmallStatement:
        if original_node not in self.units:
            return updated_node
        return cst.Expr(value=updated_node.value, semicolon=updated_node.semicolon)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.BaseSmallStatement:
        if original_node not in self.units or updated_node.value is None:
            return updated_node
        return cst.Expr(value=updated_node.value, semicolon=updated_node.semicolon)
