"""Strings that are values another table's column holds.

``if member.role == "owner":``, ``Member.role != "owner"``, ``member.role in ("owner",
"admin")``, ``Member.role.in_(["owner", "admin"])``, ``Member(role="owner")``, ``select(Member).filter_by(role="owner")``: the string
is compared with, or written into, a column of another table's model, proven so by the
owner's type (the model's class, a row of its query, a parameter annotated with it) and by
the attribute being one of its mapped columns. It is a value of that column's rows, data the
database holds, not a name the code reads: retiring ``organizations.owner``, the ``"owner"``
of a member's role is no use of it.

Only a column of a model that maps another table, that no class of the column's table
derives from and that does not derive from one, counts; a relationship, a property, a
column of our own table or an owner of unknown type proves nothing; nor does the keyword of a
constructor the class (or a class of the project it derives from) writes itself, which may do
anything with it.
"""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.answering import parent_map
from colretire.analysis.finder.filters import Filters

#: The comparisons that test a column's value for equality with a string.
_EQUALITY = (ast.Eq, ast.NotEq)
#: The comparisons that test it for being among a literal's strings.
_MEMBERSHIP = (ast.In, ast.NotIn)
#: The operators of SQLAlchemy's columns that test the value to be among a list's.
_IN_OPERATORS = frozenset({"in_", "not_in", "notin_"})


class ColumnValues(Filters):
    """Tells the strings that are values of another table's column (see the module's
    docstring)."""

    def column_value(self, node: ast.Constant, scope: I.Scope) -> str | None:
        """Why the string ``node`` is a value of another table's column, where the code
        compares it with one or gives it to one; else ``None``."""
        if self._parents is None:
            self._parents = parent_map(self.source.tree)
        parent = self._parents.get(id(node))
        if isinstance(parent, ast.Compare) and len(parent.ops) == 1:
            if not isinstance(parent.ops[0], _EQUALITY):
                return None
            other = parent.comparators[0] if parent.left is node else parent.left
            column = self.other_column_read(other, scope)
            return f"a value compared with {column}" if column else None
        if isinstance(parent, ast.keyword) and parent.arg and parent.value is node:
            call = self._parents.get(id(parent))
            if not isinstance(call, ast.Call):
                return None
            column = self.other_column_given(call, parent.arg, scope)
            return f"a value given to {column}" if column else None
        return None

    def tested_values(self, node: ast.List | ast.Tuple | ast.Set, scope: I.Scope) -> str | None:
        """Why the strings of the literal ``node`` are values of another table's column,
        where the code tests that column's value to be among them (``member.role in
        ("lead", "owner")``, ``Member.role.in_(["lead", "owner"])``); else ``None``."""
        if self._parents is None:
            self._parents = parent_map(self.source.tree)
        test = self._parents.get(id(node))
        if (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Attribute)
            and test.func.attr in _IN_OPERATORS
            and test.args[:1] == [node]
        ):  # Member.role.in_(["lead", "owner"])
            column = self.other_column_read(test.func.value, scope)
            return f"a value tested to hold {column}" if column else None
        if (
            not isinstance(test, ast.Compare)
            or len(test.ops) != 1
            or not isinstance(test.ops[0], _MEMBERSHIP)
            or test.comparators[0] is not node
        ):
            return None
        column = self.other_column_read(test.left, scope)
        return f"a value tested to hold {column}" if column else None

    def other_column_read(self, node: ast.expr, scope: I.Scope) -> str | None:
        """``table.col`` where ``node`` reads the column ``col`` of another table's model,
        on the class or on an instance proven to be of it."""
        if not isinstance(node, ast.Attribute):
            return None
        owner = self.types.expr(node.value, scope)
        if owner.kind not in (I.INSTANCE, I.CLASS):
            return None
        return self._other_column(owner.key, node.attr)

    def other_column_given(self, call: ast.Call, name: str, scope: I.Scope) -> str | None:
        """``table.col`` where the keyword ``name`` of ``call`` writes or filters the column
        ``col`` of another table's model: its constructor, or a filter of its rows."""
        callee = self.types.expr(call.func, scope)
        if callee.kind == I.CLASS:
            view = self.world.classes.get(callee.key)
            if view is None or "__init__" in view.methods:
                return None  # its own constructor may do anything with the keyword
            return self._other_column(callee.key, name)
        key = self.filtered_model(call, scope)
        return self._other_column(key, name) if key is not None else None

    def _other_column(self, key: str, name: str) -> str | None:
        character, table = self.class_character(key)
        view = self.world.classes.get(key)
        if character != "other-model" or view is None or view.attrs.get(name) != F.COLUMN:
            return None
        if any(self.is_model(a) or self.same_table(a) for a in view.ancestors):
            return None
        if self.inherited_by_model(key):
            return None
        return f"{table}.{name}"
