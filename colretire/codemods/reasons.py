"""Why a use is left for a person: what the code does with the column, in a few words.

    if not task.expected_completion_time: ...        used in a condition
    total = task.expected_completion_time * 60        used in arithmetic
    minutes(task.expected_completion_time)            passed to a function
    select(Task).where(Task.expected_completion_time > 0)
        a condition of a query: removing it would change which rows it reads

The reason is read off the syntax around the use, on the original tree: first the query the
use is part of (a condition of a ``where``/``filter``/``having``/join, a ``group_by`` or
selected column), then the expression that holds it (a ``not``, a comparison or an and/or
that ends in the test of an ``if`` is a condition), then the statement or call that takes its
value. These are pure functions of libcst nodes and their parents.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from colretire.codemods.base import Parents, last_name

#: Query methods whose arguments (or keywords) decide which rows a statement touches.
CONDITIONS = frozenset({"filter", "where", "having", "filter_by"})
#: Query methods whose arguments after the first are join conditions.
JOINS = frozenset({"join", "outerjoin", "join_from", "outerjoin_from"})
#: Keyword arguments that are conditions wherever they appear.
CONDITION_KEYWORDS = frozenset(
    {"onclause", "whereclause", "where", "primaryjoin", "secondaryjoin", "index_where"}
)
#: Functions and operators that combine conditions into one.
COMBINERS = frozenset({"and_", "or_", "not_", "exists", "any_", "all_"})
#: Query methods whose arguments are what the query returns.
SELECTING = frozenset({"select", "query", "with_entities", "add_columns", "returning"})
#: Statement methods given the values to set.
VALUES = frozenset({"values", "update", "ordered_values"})
ONLY_VALUE = "the only value the statement sets: removing it would leave it none"
#: Query methods whose terms decide which rows come out.
GROUPING = frozenset({"group_by", "distinct", "partition_by"})
#: Methods applied to a column that make a term of it (``.desc()``, ``.is_(None)``).
TERM_FUNCTIONS = frozenset(
    {"desc", "asc", "nulls_first", "nulls_last", "nullsfirst", "nullslast", "cast", "lower",
     "upper", "coalesce", "func", "label"}
)  # fmt: skip


def why_manual(node: cst.CSTNode, parents: Parents) -> str:
    """A short reason why the use at ``node`` (the attribute name of a read, or a keyword)
    is left for a person."""
    use = use_of(node, parents)
    return query_reason(use, parents) or use_reason(use, parents)


def use_of(node: cst.CSTNode, parents: Parents) -> cst.CSTNode:
    """The expression a reference names: ``task.col`` for the name ``col`` in it."""
    parent = parents.get(node)
    if isinstance(parent, cst.Attribute) and parent.attr is node:
        return parent
    return node


# --- queries ---------------------------------------------------------------------------


def query_reason(use: cst.CSTNode, parents: Parents) -> str | None:
    """Why a use inside a query stays: it decides which rows the query touches, or what it
    returns. ``None`` when the use is not part of a query clause."""
    argument = parents.get(use)
    if isinstance(argument, cst.Arg) and argument.keyword is use:  # filter_by(col=...)
        call = parents.get(argument)
        if isinstance(call, cst.Call) and _method(call) in CONDITIONS:
            return condition_reason(call, parents)
        if isinstance(call, cst.Call) and _method(call) in VALUES:
            return ONLY_VALUE
        return None
    if isinstance(argument, cst.DictElement) and argument.key is use:
        mapping = parents.get(argument)
        holder = parents.get(mapping) if mapping is not None else None
        call = parents.get(holder) if holder is not None else None
        if isinstance(call, cst.Call) and _method(call) in VALUES:
            return ONLY_VALUE
        return None
    found = clause_argument(use, parents)
    if found is None:
        return None
    argument, compared = found
    call = parents[argument]
    assert isinstance(call, cst.Call)
    keyword = argument.keyword.value if argument.keyword else None
    method = _method(call)
    if keyword in CONDITION_KEYWORDS or (method in CONDITIONS and keyword is None):
        return condition_reason(call, parents)
    if method in JOINS and compared and call.args[0] is not argument:
        return condition_reason(call, parents)
    if method in GROUPING and keyword is None:
        return f"a {method} term of a query: removing it would change which rows it returns"
    if last_name(call.func) in SELECTING and keyword is None:
        return "selected by a query: removing it would change what the query returns"
    return None


def _method(call: cst.Call) -> str:
    """The name of a method call on something other than a string (``q.where``, not
    ``", ".join``); ``""`` for a plain function call."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return ""
    if isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return ""
    return func.attr.value


def clause_argument(use: cst.CSTNode, parents: Parents) -> tuple[cst.Arg, bool] | None:
    """The argument of a call that holds ``use``, reached from the use through the things
    that build a term or a condition of it (comparisons, operators, method calls on it,
    ``and_``/``or_``/``func.*`` calls); and whether the way made a test of it (a comparison,
    a method such as ``.in_()``, a combination)."""
    node: cst.CSTNode = use
    compared = False
    while True:
        parent = parents.get(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            call = parents.get(parent)
            if not isinstance(call, cst.Call) or call.func is not parent:
                return None
            compared = compared or parent.attr.value not in TERM_FUNCTIONS
            node = call
        elif isinstance(parent, cst.ComparisonTarget):
            node = parents[parent]
            compared = True
        elif isinstance(parent, (cst.Comparison, cst.UnaryOperation, cst.BooleanOperation)):
            node = parent
            compared = True
        elif isinstance(parent, (cst.BinaryOperation, cst.Element, cst.Tuple, cst.List)):
            node = parent
        elif isinstance(parent, cst.Arg):
            call = parents.get(parent)
            if not isinstance(call, cst.Call):
                return None
            if not _combines(call):
                return parent, compared
            compared = compared or last_name(call.func) in COMBINERS
            node = call
        else:
            return None


def _combines(call: cst.Call) -> bool:
    name = last_name(call.func)
    if name in COMBINERS or name in TERM_FUNCTIONS:
        return True
    func = call.func
    while isinstance(func, cst.Attribute):  # func.lower(...), sa.func.coalesce(...)
        if isinstance(func.value, cst.Name) and func.value.value == "func":
            return True
        func = func.value
    return isinstance(func, cst.Attribute) and func.attr.value == "func"


def condition_reason(call: cst.Call, parents: Parents) -> str:
    """The reason for a condition of the query that ``call`` (``.where(...)``) is part of."""
    verb = statement_verb(call, parents)
    what = {"updates": "an UPDATE", "deletes": "a DELETE"}.get(verb, "a query")
    return f"a condition of {what}: removing it would change which rows it {verb}"


def statement_verb(call: cst.Call, parents: Parents) -> str:
    """``updates``, ``deletes`` or ``reads``: what the statement built by the method chain
    through ``call`` does (``update(T).where(...)``, ``query.filter(...).delete()``)."""
    names = chain_names(call, parents)
    if "delete" in names:
        return "deletes"
    if "update" in names:
        return "updates"
    return "reads"


def chain_names(call: cst.Call, parents: Parents) -> set[str]:
    """The names of the calls of the method chain ``call`` is part of, down to its head
    (``update(Task)``) and up to its end (``.delete()``)."""
    names: set[str] = set()
    node: cst.BaseExpression = call
    while isinstance(node, cst.Call):
        names.add(last_name(node.func))
        if not isinstance(node.func, cst.Attribute):
            break
        node = node.func.value
    up: cst.CSTNode = call
    while True:
        attribute = parents.get(up)
        outer = parents.get(attribute) if attribute is not None else None
        if not isinstance(attribute, cst.Attribute) or not isinstance(outer, cst.Call):
            break
        if outer.func is not attribute:
            break
        names.add(attribute.attr.value)
        up = outer
    return names


# --- plain Python --------------------------------------------------------------------------


def use_reason(use: cst.CSTNode, parents: Parents) -> str:
    """What the code does with the value of ``use`` outside a query."""
    node, seen = _through_tests(use, parents)
    parent = parents.get(node)
    if _is_test(node, parent):
        return "used in a condition"
    if seen:
        return seen
    for kinds, reason in _REASONS:
        if isinstance(parent, kinds):
            return _refine(reason, node, parent)
    return "not a mechanical removal"


def _through_tests(use: cst.CSTNode, parents: Parents) -> tuple[cst.CSTNode, str]:
    """Up from ``use`` through ``not``, comparisons and and/or, which only turn a value into
    a truth value: the node reached, and the first of those met (as a reason)."""
    node = use
    seen = ""
    while True:
        parent = parents.get(node)
        if isinstance(parent, cst.ComparisonTarget):
            parent = parents.get(parent)
        if isinstance(parent, cst.Comparison):
            seen = seen or "compared"
        elif isinstance(parent, cst.BooleanOperation):
            seen = seen or "used in an and/or expression"
        elif isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
            seen = seen or "negated"
        elif isinstance(parent, cst.IfExp) and parent.test is not node:
            pass  # one of the values the expression may take: what becomes of it decides
        else:
            return node, seen
        node = parent


def _is_test(node: cst.CSTNode, parent: cst.CSTNode | None) -> bool:
    if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)):
        return parent.test is node
    return isinstance(parent, cst.CompIf)


def _refine(reason: str, node: cst.CSTNode, parent: cst.CSTNode) -> str:
    if isinstance(parent, cst.DictElement):
        return "used as a dict key" if parent.key is node else reason
    if isinstance(parent, (cst.Assign, cst.AnnAssign)):
        targets = parent.targets if isinstance(parent, cst.Assign) else [parent]
        if all(isinstance(t.target, cst.Name) for t in targets):
            return reason
        return "copied to another object"
    return reason


_REASONS: Sequence[tuple[type[cst.CSTNode] | tuple[type[cst.CSTNode], ...], str]] = (
    ((cst.BinaryOperation, cst.UnaryOperation, cst.AugAssign), "used in arithmetic"),
    (cst.Arg, "passed to a function"),
    (cst.Return, "returned"),
    ((cst.Yield, cst.Await), "yielded"),
    ((cst.Assign, cst.AnnAssign, cst.NamedExpr), "assigned to a variable"),
    (cst.DictElement, "put in a dict under another key"),
    ((cst.Element, cst.StarredElement), "collected in a list, tuple or set"),
    ((cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp), "collected by a comprehension"),
    (cst.For, "iterated over"),
    (cst.FormattedStringExpression, "formatted into a string"),
    (cst.Index, "used as a key or index"),
    ((cst.Attribute, cst.Subscript), "used as an object"),
    (cst.Lambda, "returned by a lambda"),
    (cst.Expr, "read as a statement of its own"),
)
