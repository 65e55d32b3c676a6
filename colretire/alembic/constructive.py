"""Scripts that can only build: the pre-check need not read them.

Most revisions only add: ``op.create_table``, ``op.add_column``, ``op.create_index``, a data
``UPDATE``. Such a script cannot remove or rename anything, so the pre-check has nothing to
find in it, and reading it would only cost the import of the migration reader, the judge and
the rules (most of what the guard adds to a short ``alembic upgrade``). This module decides,
with :mod:`ast` alone, whether the function a run will call (``upgrade`` or ``downgrade``) is
of that kind; the rule is the wire's, applied to the script: a statement is read only when it
holds a word that can remove or rename something.

A function qualifies only when every statement of its body is one of:

* a call ``op.NAME(...)`` of an operation in :data:`BUILDING` (none of them removes or
  renames; ``alter_column``, ``batch_alter_table``, ``execute`` of a construct, ``invoke``
  and custom operations are not in it), whose arguments are literals, names bound to
  literals, calls of SQLAlchemy's own constructors (``sa.Column(...)``, ``sa.text("...")``)
  and autogenerate's ``op.f("name")``;
* ``op.execute("...")`` or ``op.execute(sa.text("..."))`` of literal SQL without a word that
  can remove or rename (:data:`colretire.sql.words.REMOVING`);
* ``pass`` or a docstring;

and when the module around it binds ``op`` and SQLAlchemy by plain imports and holds nothing
but imports, literal assignments and function definitions. Anything else (a helper, a loop, a
variable, ``op.get_bind()``, a batch, a sourceless script) is read as before. The wire still
judges every statement the run sends, whatever this module says.
"""

from __future__ import annotations

import ast
from pathlib import Path

from colretire.alembic import parsing
from colretire.sql.words import REMOVING

#: Alembic operations that create or fill, and never remove or rename.
BUILDING = frozenset(
    {
        "add_column",
        "bulk_insert",
        "create_check_constraint",
        "create_exclude_constraint",
        "create_foreign_key",
        "create_index",
        "create_primary_key",
        "create_table",
        "create_table_comment",
        "create_unique_constraint",
        "execute",
    }
)
#: Modules whose constructors may appear in the arguments.
_SQLALCHEMY = ("sqlalchemy",)
#: Modules a script may import without consequence for what its functions do.
_HARMLESS = ("alembic", "sqlalchemy", "typing", "collections", "collections.abc", "__future__")


def only_builds(path: Path, upgrade: bool, source: parsing.Source | None = None) -> bool:
    """Whether the ``upgrade`` (or ``downgrade``) of the script at ``path`` can only build.

    ``source``: the script already read and parsed (:func:`colretire.alembic.parsing.read`),
    whose tree the reader then reads too. ``False`` whenever in doubt: a file that cannot be
    read or parsed, a compiled script, a statement of any other kind.
    """
    if path.suffix != ".py":
        return False
    tree = (source if source is not None else parsing.read(path)).tree
    if tree is None:
        return False
    names = _Module.of(tree)
    if names is None:
        return False
    function = names.functions.get("upgrade" if upgrade else "downgrade")
    if function is None or _has_parameters(function.args):
        return False
    return all(names.builds(s) for s in function.body)


def _has_parameters(arguments: ast.arguments) -> bool:
    return bool(
        arguments.posonlyargs
        or arguments.args
        or arguments.vararg
        or arguments.kwonlyargs
        or arguments.kwarg
    )


class _Module:
    """What a script's module scope binds: ``op``, SQLAlchemy's modules and names, literals
    and its functions; ``None`` from :meth:`of` when it does anything else."""

    def __init__(self) -> None:
        self.op: set[str] = set()
        self.sqlalchemy: set[str] = set()  # names bound to SQLAlchemy modules or their names
        self.literals: set[str] = set()
        self.functions: dict[str, ast.FunctionDef] = {}

    @classmethod
    def of(cls, tree: ast.Module) -> _Module | None:
        module = cls()
        for statement in tree.body:
            if not module._bind(statement):
                return None
        return module

    def _bind(self, statement: ast.stmt) -> bool:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            return True  # the docstring
        if isinstance(statement, ast.Import):
            return all(self._import(alias.name, alias.asname, None) for alias in statement.names)
        if isinstance(statement, ast.ImportFrom):
            source = statement.module or ""
            if statement.level:
                return False
            return all(self._import(source, alias.asname, alias.name) for alias in statement.names)
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if statement.value is not None and not _literal(statement.value):
                return False
            if not all(isinstance(t, ast.Name) for t in targets):
                return False
            for target in targets:
                assert isinstance(target, ast.Name)
                self._rebind(target.id)
                self.literals.add(target.id)
            return True
        if isinstance(statement, ast.FunctionDef) and not statement.decorator_list:
            self._rebind(statement.name)
            self.functions[statement.name] = statement
            return True
        return False

    def _import(self, module: str, asname: str | None, name: str | None) -> bool:
        top = module.split(".")[0]
        if name is None:  # import a.b [as c]
            bound = asname or top
            self._rebind(bound)
            if top in _SQLALCHEMY:
                self.sqlalchemy.add(bound)
            return True  # an imported module is code that runs at load, not in upgrade()
        bound = asname or name
        self._rebind(bound)
        if module == "alembic" and name == "op":
            self.op.add(bound)
        elif top in _SQLALCHEMY:
            self.sqlalchemy.add(bound)
        return name != "*"

    def _rebind(self, name: str) -> None:
        for names in (self.op, self.sqlalchemy, self.literals):
            names.discard(name)
        self.functions.pop(name, None)

    def builds(self, statement: ast.stmt) -> bool:
        if isinstance(statement, ast.Pass):
            return True
        if not isinstance(statement, ast.Expr):
            return False
        value = statement.value
        if isinstance(value, ast.Constant):
            return True  # a docstring
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
            return False
        owner, operation = value.func.value, value.func.attr
        if not (isinstance(owner, ast.Name) and owner.id in self.op and operation in BUILDING):
            return False
        arguments = [*value.args, *(k.value for k in value.keywords)]
        if any(k.arg is None for k in value.keywords) or any(
            isinstance(a, ast.Starred) for a in value.args
        ):
            return False
        if operation == "execute":
            return len(arguments) == 1 and self._harmless_sql(arguments[0])
        return all(self._plain(a) for a in arguments)

    def _harmless_sql(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call) and self._sqlalchemy(node.func) and len(node.args) == 1:
            node = node.args[0]  # sa.text("...")
        return (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and REMOVING.search(node.value) is None
        )

    def _plain(self, node: ast.expr) -> bool:
        """Literals, names bound to literals, and calls of SQLAlchemy's constructors."""
        if _literal(node):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.literals
        if isinstance(node, ast.Attribute):
            return self._sqlalchemy(node)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return all(self._plain(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(k is None or self._plain(k) for k in node.keys) and all(
                self._plain(v) for v in node.values
            )
        if isinstance(node, ast.Call) and self._name_mark(node):
            return True
        if isinstance(node, ast.Call):
            arguments = [*node.args, *(k.value for k in node.keywords)]
            return (
                self._sqlalchemy(node.func)
                and not any(isinstance(a, ast.Starred) for a in node.args)
                and all(k.arg is not None for k in node.keywords)
                and all(self._plain(a) for a in arguments)
            )
        return False

    def _name_mark(self, node: ast.Call) -> bool:
        """``op.f("ix_name")``: autogenerate's mark of a name already converted."""
        function = node.func
        return (
            isinstance(function, ast.Attribute)
            and function.attr == "f"
            and isinstance(function.value, ast.Name)
            and function.value.id in self.op
            and len(node.args) == 1
            and not node.keywords
            and _literal(node.args[0])
        )

    def _sqlalchemy(self, node: ast.expr) -> bool:
        """``sa``, ``sa.Column``, ``postgresql.JSONB``, ``Column``: SQLAlchemy's own names."""
        while isinstance(node, ast.Attribute):
            node = node.value
        return isinstance(node, ast.Name) and node.id in self.sqlalchemy


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _literal(node.operand)
    return False
