"""Messages: the texts a function builds for people, which never reach a column.

A string given to a logging call, ``print`` or an exception is a message, whatever words it
holds (:meth:`~colretire.analysis.finder.calls.Calls.visit_call`); so is the text given to a
library's gettext function (:data:`GETTEXT`), whatever name it is imported under. So is the text of a local
that holds nothing else and goes nowhere else::

    msg = (
        "DagRun Finished: dag_id=%s, external_trigger=%s, dag_hash=%s"
    )
    self.log.info(msg, self.dag_id, self.external_trigger, self.dag_hash)

The proof is all or nothing, within one function (its nested code included): every binding
of the name is a plain assignment of text (a string, an f-string, a sum of them), and every
read of it is an argument of such a call. A name declared ``global`` or ``nonlocal``, bound
any other way (a parameter, a loop, ``with ... as``, ``+=``), read anywhere else (formatted
with ``%``, returned, stored, given to another call) keeps its text undecided.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from colretire.analysis import facts as F

#: Calls whose string arguments are messages for people, not SQL.
MESSAGE_CALLS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print",
     "echo", "secho", "fail", "abort", "flash"}
)  # fmt: skip
#: The functions of gettext and of the libraries built on it (flask_babel, Django's
#: ``translation``) whose first argument is a text to translate, by their last names; only
#: as a library's, whatever the name they are imported under (``gettext as __``).
GETTEXT = frozenset(
    {"gettext", "ngettext", "pgettext", "npgettext", "ugettext", "ungettext", "lazy_gettext",
     "lazy_ngettext", "lazy_pgettext", "gettext_lazy", "ngettext_lazy", "pgettext_lazy",
     "ugettext_lazy", "gettext_noop", "ugettext_noop"}
)  # fmt: skip
#: The libraries' own short names of gettext (``from flask_babel import _``).
GETTEXT_SHORT = frozenset({"flask_babel._", "flask_babelex._"})
#: How the names of the classes whose arguments are messages end (exceptions, warnings).
MESSAGE_CLASS_SUFFIXES = ("Error", "Exception", "Warning")

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def is_message_call(node: ast.Call) -> bool:
    """Whether the positional arguments of ``node`` are messages for people."""
    callee = F.last_name(node.func) or ""
    return callee in MESSAGE_CALLS or callee.endswith(MESSAGE_CLASS_SUFFIXES)


def is_gettext(qualified: str) -> bool:
    """Whether the qualified name of a callee is a gettext function of a module
    (``flask_babel.gettext``, ``django.utils.translation.gettext_lazy``)."""
    module, _, name = qualified.rpartition(".")
    return bool(module) and (name in GETTEXT or qualified in GETTEXT_SHORT)


def message_locals(tree: ast.AST) -> set[int]:
    """The ids of the nodes of every text assigned to a local that only a message call reads
    (see the module's documentation)."""
    found: set[int] = set()
    for function in ast.walk(tree):
        if isinstance(function, _FUNCTIONS):
            for value in _message_texts(function):
                found.update(id(n) for n in ast.walk(value))
    return found


def _message_texts(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    texts: dict[str, list[ast.expr]] = {}
    spoilt: set[str] = set(_parameters(function.args))
    message_args: set[int] = set()
    assigned: set[int] = set()  # the names a plain assignment of text binds
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and is_message_call(node):
            message_args.update(id(a) for a in node.args if isinstance(a, ast.Name))
        elif isinstance(node, ast.Assign) and _plain_text_assignment(node):
            assigned.add(id(node.targets[0]))
    read: set[str] = set()
    for node in ast.walk(function):
        if node is not function and isinstance(node, (*_FUNCTIONS, ast.Lambda)):
            spoilt.update(_parameters(node.args))  # a nested parameter shadows the name
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            spoilt.update(node.names)
        elif isinstance(node, ast.Assign) and _plain_text_assignment(node):
            target = node.targets[0]
            assert isinstance(target, ast.Name)
            texts.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                read.add(node.id)
                if id(node) not in message_args:
                    spoilt.add(node.id)
            elif id(node) not in assigned:
                spoilt.add(node.id)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)) and node is not function:
            spoilt.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            spoilt.update((a.asname or a.name).partition(".")[0] for a in node.names)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            spoilt.add(node.name)
    for name, values in texts.items():
        if name in read and name not in spoilt:
            yield from values


def _parameters(args: ast.arguments) -> Iterator[str]:
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            yield arg.arg


def _plain_text_assignment(node: ast.Assign) -> bool:
    return len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and _text(node.value)


def _text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _text(node.left) and _text(node.right)
    return False
