"""Find the references to one column in one parsed file.

The finder walks the syntax tree once, keeping the scopes that :mod:`colretire.analysis.infer`
needs, and judges every node that carries one of the target's names: attributes
(``task.col``, ``Task.col``, ``tasks.c.col``), keyword arguments, strings (dict keys,
``getattr``, field lists, raw SQL), and the declarations in model and schema class bodies. It
only collects; rewriting is the codemods' business.

One walk, one judge per kind of node, each in its module:

- :mod:`.base`: the finder's state, the walk's plumbing, and what a class, a table or a name
  of the target is;
- :mod:`.verdicts`: the verdict on a name read on an owner of a known or unknown type;
- :mod:`.evidence`: the evidence that a schema mirrors a model (built from it, returned for
  it, typed as it), and the payloads handed to a model;
- :mod:`.declarations`: class bodies, the model's and the schemas' declarations;
- :mod:`.functions`: functions, lambdas, comprehensions and loops: the scopes, and the values
  followed through them;
- :mod:`.parametrized`: the names ``pytest.mark.parametrize`` gives a test as parameters;
- :mod:`.attributes`: ``owner.name`` and bare names;
- :mod:`.calls`: calls and their keywords (constructors, queries, joins, constraints,
  ``getattr``, the project's own functions);
- :mod:`.keys`: dict keys, field lists and subscripts;
- :mod:`.filters`: the model a filter's keywords name (``User.query.filter_by(...)``);
- :mod:`.columnvalues`: the strings that are values of another table's column
  (``member.role == "owner"``);
- :mod:`.standins`: the dict literals a function returns in place of a schema's dump;
- :mod:`.strings`: strings: names, dotted paths and raw SQL;
- :mod:`.messages`: the texts built for people (a logging call's message, also through a
  local that holds only it).
"""

from __future__ import annotations

import ast

from colretire.analysis import infer as I
from colretire.analysis import migrations, undecided
from colretire.analysis.accounting import FileResult, Ledger
from colretire.analysis.finder.attributes import Attributes
from colretire.analysis.finder.base import CERTAIN, K, reference_at
from colretire.analysis.finder.calls import Calls
from colretire.analysis.finder.declarations import Declarations
from colretire.analysis.finder.functions import Functions
from colretire.analysis.finder.standins import StandIns
from colretire.analysis.finder.strings import Strings
from colretire.analysis.source import Source
from colretire.analysis.target import Target
from colretire.model import Exclusion, Reference


def find_references(source: Source, target: Target, alembic: bool = False) -> FileResult:
    """Every reference to ``target`` in ``source``, in file order, and the account of every
    occurrence of its names."""
    ledger = Ledger(source, target.search_names)
    if alembic:
        references = _migration_references(source, target)
        ledger.exclude(ledger.all_words(), Exclusion.MIGRATION, "a migration script")
        return FileResult(tuple(references), tuple(ledger.close()))
    finder = Finder(source, target, ledger)
    try:
        finder.run()
        undecided.explain(source.tree, ledger)
    except RecursionError:
        message = "is nested too deeply to analyse; its references are unknown"
        failure = reference_at(source, 1, 1, K.PARSE_ERROR, CERTAIN, message)
        fresh = Ledger(source, target.search_names)
        fresh.unexplained(fresh.all_words(), "the file is nested too deeply to analyse")
        return FileResult((failure,), tuple(fresh.close()))
    return FileResult(
        tuple(sorted(finder.found.values())),
        tuple(ledger.close()),
        tuple(sorted(finder.mirrors)),
        tuple(finder.handoffs),
    )


def _migration_references(source: Source, target: Target) -> list[Reference]:
    found = []
    for call, confidence, operation in migrations.find(source, target.column):
        line, col = source.start(call)
        message = f"migration operation {operation}() touches {target.column}"
        found.append(reference_at(source, line, col, K.MIGRATION, confidence, message))
    return sorted(set(found))


class Finder(Calls, StandIns, Declarations, Functions, Attributes, Strings):
    """The walk over one file: each node goes to the judge of its kind."""

    def __init__(self, source: Source, target: Target, ledger: Ledger) -> None:
        super().__init__(source, target, ledger)
        self.types = I.Types(
            self.world, self.module, source.path, self.local_classes, self._payload
        )
        self.handlers = {
            ast.FunctionDef: self.visit_function, ast.AsyncFunctionDef: self.visit_function,
            ast.Lambda: self.visit_lambda, ast.ClassDef: self.visit_class,
            ast.ListComp: self.visit_comprehension, ast.SetComp: self.visit_comprehension,
            ast.GeneratorExp: self.visit_comprehension, ast.DictComp: self.visit_comprehension,
            ast.Attribute: self.visit_attribute, ast.Call: self.visit_call, ast.Dict: self.visit_dict,
            ast.List: self.visit_sequence, ast.Tuple: self.visit_sequence, ast.Set: self.visit_sequence,
            ast.Subscript: self.visit_subscript, ast.Assign: self.visit_assign, ast.AnnAssign: self.visit_annassign,
            ast.Constant: self.visit_constant, ast.JoinedStr: self.visit_joined, ast.Expr: self.visit_expr,
            ast.Name: self.visit_name, ast.Import: self.visit_import,
            ast.ImportFrom: self.visit_import, ast.Global: self.visit_global,
            ast.Nonlocal: self.visit_global, ast.ExceptHandler: self.visit_except,
            ast.For: self.visit_for, ast.AsyncFor: self.visit_for, ast.Compare: self.visit_compare,
        }  # fmt: skip

    def run(self) -> None:
        scope = I.Scope(self.source.tree, None, "module")
        scope.walrus = ":=" in self.source.text  # its nested scopes are created after this
        self.types.local_nodes = self.local_class_nodes
        self.types.module_scope = scope
        self.builder_contexts()
        self.constraint_texts()
        self.index_lines()
        self.standin_contexts(scope)
        for stmt in self.source.tree.body:
            self.visit(stmt, scope)
        self.judge_getters()
