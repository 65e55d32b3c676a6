"""Why a word of code was left undecided.

The finder judges the nodes it knows how to read. A word of the column's names that none of
its judgements reached (a dict key no model is proven to read, a string in a list of
unknown use, the key of an object of unknown type) must still say why it could not be
judged: an unexplained occurrence with no reason tells its reader nothing. This module
finds, for each such word, the innermost node of the syntax tree that holds it and says
what that node is. It decides nothing: the words stay unexplained. Words outside the
nodes (in comments) are left to the ledger, which excludes those in comments.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from colretire.analysis.accounting import Ledger, Position

#: The nodes whose kind says what a word in them is.
_HOLDERS = (ast.Constant, ast.JoinedStr, ast.keyword, ast.Attribute, ast.Name, ast.arg)
_FALLBACK = "a word the analysis did not judge"


def explain(tree: ast.AST, ledger: Ledger) -> None:
    """Give every word of code that ``ledger`` has not decided a reason to be unexplained."""
    # a word in a comment inside a node (a commented-out line of a call written over
    # several lines) is the ledger's to exclude as a comment
    pending = {p for p in _undecided(ledger) if not ledger.in_comment(p)}
    if not pending:
        return
    lines = {line for line, _ in pending}
    found: dict[Position, str] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            if not isinstance(child, _HOLDERS):
                continue
            first, last = child.lineno, child.end_lineno or child.lineno
            if not any(first <= line <= last for line in lines):
                continue
            words = [p for p in ledger.words_in(child) if p in pending]
            if not words:
                continue
            reason = _reason(child, parent)
            for position in words:
                # ast.walk goes outer to inner: the innermost node's reason is the last one
                found[position] = reason
    for position, reason in found.items():
        ledger.unexplained([position], reason)


def _undecided(ledger: Ledger) -> Iterable[Position]:
    for position in ledger.all_words():
        if position not in ledger.decided:
            yield position


def _reason(node: ast.AST, parent: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
            return "a key of a dict that no model is proven to read"
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return "a key of an object of unknown type"
        if isinstance(parent, ast.List | ast.Tuple | ast.Set):
            return "a string in a list that no model is proven to read"
        if isinstance(parent, ast.keyword):
            return f"a string given as {parent.arg or '**'}= to a call that cannot be followed"
        if isinstance(parent, ast.Call):
            return "a string given to a call that cannot be followed"
        return "a string whose use the analysis cannot follow"
    if isinstance(node, ast.JoinedStr):
        return "a part of an f-string whose use the analysis cannot follow"
    if isinstance(node, ast.keyword):
        return "a keyword of a call that could not be followed"
    if isinstance(node, ast.Attribute):
        return "an attribute the analysis did not judge"
    if isinstance(node, ast.Name | ast.arg):
        return "a name the analysis did not judge"
    return _FALLBACK
