"""``owner.name`` and bare names: the attribute's owner decides whether it is the column."""

from __future__ import annotations

import ast
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis import possible, witnessed
from colretire.analysis.answering import parent_map
from colretire.analysis.finder.base import (
    CERTAIN,
    LIKELY,
    VERBS,
    Verdict,
)
from colretire.analysis.finder.verdicts import Verdicts
from colretire.analysis.forwarding import Forwarding, forwarding
from colretire.analysis.index import MAPPED, PLAIN
from colretire.model import Exclusion

#: The globals of a module of the project that the index records, by what they are.
_MODULE_GLOBALS = {"function": "a function", "class": "a class", "instance": "a variable"}


class Attributes(Verdicts):
    """Judges attributes and names."""

    def visit_attribute(self, node: ast.Attribute, scope: I.Scope) -> None:
        if node.attr in self.names:
            owner = self.types.expr(node.value, scope)
            position = self.source.attr_start(node)
            verdict = self.attribute_verdict(owner, node.attr, node, scope)
            if verdict is not None:
                self.add(position, verdict)
            else:
                self.exclude_attribute(position, owner, node, scope)
        self.visit(node.value, scope)

    def given_whole(self, key: str, name: str) -> bool:
        """Whether the objects of the class ``key`` are given the model whole
        (``User(**vars(form))``: the class mirrors it, whole) and ``name``, one of the
        attributes that carry the column, is none of the fields the class declares: an
        attribute set on the object (``self.nickname = nickname``) reaches the model under
        its name all the same."""
        match = self.schema(key)
        return (
            match is not None
            and match.whole
            and name in self.target.schema_wanted
            and name not in match.fields
        )

    def exclude_attribute(
        self, position: tuple[int, int], owner: I.Ty, node: ast.Attribute, scope: I.Scope
    ) -> None:
        """Why ``owner.name`` is not a reference, where the owner says so."""
        name = node.attr
        if owner.kind in (I.INSTANCE, I.CLASS):
            character, detail = self.object_character(owner.key)
            cls = self.class_name(owner.key)
            if character == "other-model":
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{name}")
            elif character == "plain" and self.given_whole(owner.key, name):
                detail = f"an attribute of {cls}, a class given to the model whole that does not declare it"
                self.ledger.unexplained([position], detail)
            elif character == "plain" and (doubt := self.plain_doubt(owner.key, name)):
                self.ledger.unexplained([position], f"an attribute of {cls}, {doubt}")
            elif character == "plain":
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"an attribute of {cls}")
            elif character == "library":
                detail = f"an attribute of {cls}, a library's class"
                self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
            elif character == "ours" and name in self.target.derived:
                self.derived_use(position, f"uses {cls}", name)
            elif character == "ours" and self.other_column(owner.key, name):
                detail = f"{cls}.{name}, another attribute of the model"
                self.ledger.exclude([position], Exclusion.OTHER_COLUMN, detail)
            elif character != "ours" and (held := self.holds_objects(owner.key, name)):
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"{cls}.{held}")
            elif owner.kind == I.INSTANCE and (
                held := self.handed_elsewhere(owner.key, name, node)
            ):  # a wrapper of another table's rows
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, held)
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
                and scope.class_key == owner.key
                and self.foreign_mixin(owner.key)
            ):  # the mixin's own code: its self is of a class of another table
                detail = f"an attribute of {cls}, a mixin no class of {self.target.table} inherits"
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
            else:
                self.ledger.unexplained(
                    [position], f"an attribute of {cls}, {detail or 'a model of the table'}"
                )
        elif owner.kind == I.ROW and self.row_unknown_giver(owner.key, name):
            self.ledger.unexplained([position], "a value of a select that names no table")
        elif owner.kind == I.ROW and self.row_other_attribute(owner.key, name):
            detail = "a value of a select of the table: the model's attribute of that name is another column"
            self.ledger.unexplained([position], detail)
        elif owner.kind in (I.COLUMNS, I.TABLE, I.COLUMN) and owner.via:
            detail = (
                f"a column of {owner.key}, reached as .{owner.via} on an object of unknown type"
            )
            self.ledger.unexplained([position], detail)
        elif owner.kind in (I.COLUMNS, I.ROW, I.TABLE, I.COLUMN):
            tables = (
                sorted({t for t, _ in I.core_entries(owner.key) if t})
                if owner.kind == I.ROW
                else [owner.key]
            )
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, ", ".join(tables))
        elif owner.kind == I.NAME and (defined := self.module_global(owner.key, name)):
            detail = f"{defined} of the project's module {owner.key}"
            self.ledger.exclude([position], Exclusion.LOCAL, detail)
        elif owner.kind == I.NAME and self.types.is_module(node.value, scope):
            detail = f"an attribute of the module {F.dotted(node.value) or ''}".rstrip()
            self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
        elif owner.kind in (I.UNKNOWN, I.NAME) and self.sibling_owner(node.value, name, scope):
            detail = "an attribute of another model's object"
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
        elif owner.kind in (I.UNKNOWN, I.NAME):
            self.ledger.unexplained([position], "an attribute of an object of unknown type")
        elif owner.kind == I.CLASSES:
            characters = [self.object_character(k)[0] for k in owner.key.split("|")]
            if all(c == "other-model" for c in characters):
                classes = ", ".join(self.class_name(k) for k in owner.key.split("|"))
                detail = f"one of other tables' models ({classes}).{name}"
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
            else:
                self.ledger.unexplained([position], "an attribute of one of several classes")
        elif owner.kind in (I.EITHER, I.UNION):
            characters = [self.object_character(k)[0] for k in owner.key.split("|")]
            if all(c == "other-model" for c in characters):
                self.ledger.exclude(
                    [position], Exclusion.OTHER_TABLE, "objects of other tables' models"
                )
            elif (
                all(c in ("other-model", "plain") for c in characters)
                and (doubts := [self.plain_doubt(k, name) for k in owner.key.split("|")])
                and any(doubts)
            ):
                doubt = next(d for d in doubts if d)
                self.ledger.unexplained(
                    [position], f"an object of one of several classes, one {doubt}"
                )
            elif all(c in ("other-model", "plain") for c in characters):
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, "objects of other classes")
            elif all(c not in ("ours", "base") for c in characters) and all(
                holding := [self.holds_objects(k, name) for k in owner.key.split("|")]
            ):
                # each declares it to hold objects of a class, the column one plain value
                classes = ", ".join(self.class_name(k) for k in owner.key.split("|"))
                detail = f"objects of {classes}, each with {holding[0]}"
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, detail)
            else:
                self.ledger.unexplained([position], "an object of one of several classes")
        elif owner.kind in (I.QUERY, I.STATEMENT, I.RESULT, I.ROWS, I.FUNCTION):
            detail = f"an attribute of a SQLAlchemy {owner.kind} or a function"
            self.ledger.exclude([position], Exclusion.FRAMEWORK, detail)
        elif owner.kind in (I.NONE, I.PAYLOAD):
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, "an attribute of None or a dict")
        else:
            self.ledger.unexplained([position], "an attribute of a value colretire cannot follow")

    def attribute_verdict(
        self, owner: I.Ty, name: str, node: ast.Attribute, scope: I.Scope
    ) -> Verdict | None:
        verb = VERBS.get(type(node.ctx), "uses")
        if owner.kind in (I.INSTANCE, I.CLASS):
            return (
                self.owned_verdict(owner, name, verb)
                or self.inherited_verdict(owner, name, node, scope, verb)
                or self.forwarded_verdict(owner, name, node, verb)
            )
        if owner.kind == I.EITHER:
            verdicts = [
                self.owned_verdict(I.Ty(I.INSTANCE, k), name, verb) for k in owner.key.split("|")
            ]
            return verdicts[0] if all(verdicts) else None
        if owner.kind == I.UNION:
            return self.union_verdict(owner, name, verb)
        if owner.kind == I.CLASSES:  # one of several classes: ours among them reads ours
            for key in owner.key.split("|"):
                if self.is_model(key):
                    verdict = self.owned_verdict(I.Ty(I.CLASS, key), name, verb)
                    if verdict is not None:
                        return verdict
            return None
        if owner.kind == I.COLUMNS:
            return self.table_column_verdict(owner.key, name, verb, owner.via)
        if owner.kind == I.ROW:
            return self.row_verdict(owner.key, name, verb)
        if owner.kind == I.NAME and (
            self.types.is_module(node.value, scope) or self.module_global(owner.key, name)
        ):
            return None  # math.floor: a global of a module, never a model's attribute
        if owner.kind in (I.UNKNOWN, I.NAME):
            verdict = self.unknown_verdict(name, verb, node.value, scope)
            if verdict is None or verdict.unproven:
                return (
                    self.possible_verdict(name, node, scope, verb)
                    or self.witnessed_verdict(name, node, verb)
                    or verdict
                )
            return verdict
        return None

    def overridden(self, key: str, name: str) -> bool:
        """Whether a class the index knows derives from ``key`` and has a method ``name``
        other than ``key``'s own (an override). A class the index does not hold is in a
        module no scanned file imports: only a class of its own module may derive from it,
        read there."""
        base = self.world.classes.get(key)
        if base is None:
            last = key.rpartition(".")[2]
            return any(
                isinstance(cls, ast.ClassDef)
                and any(ast.unparse(b).rpartition(".")[2] == last for b in cls.bases)
                and any(
                    isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) and m.name == name
                    for m in cls.body
                )
                for cls in ast.walk(self.source.tree)
            )
        if name not in base.methods:
            return True
        own = base.methods[name]
        return any(
            key in view.ancestors and view.methods.get(name) is not own
            for view in self.world.classes.values()
        )

    def possible_verdict(
        self, name: str, node: ast.Attribute, scope: I.Scope, verb: str
    ) -> Verdict | None:
        """``user.server`` where one of the values ``user`` may hold is a row of the model
        (:mod:`~colretire.analysis.possible`: ``user = self.get_current_user()``, a method
        of the class one of whose paths returns ``orm_token.user``): on that path the read
        is the model's, whatever the others hold. A reference only, never an exclusion."""
        if not isinstance(node.value, ast.Name) or scope.kind != "function":
            return None
        if self._parents is None:
            self._parents = parent_map(self.source.tree)
        rows = possible.possible_rows(
            node.value, scope, self.types.expr, self._parents, overridden=self.overridden
        )
        for key in sorted(rows):
            view = self.world.classes.get(key)
            if not self.is_model(key) or view is None:
                continue
            if "__bool__" in view.methods or "__len__" in view.methods:
                continue  # a row that may be false: ``row or other`` may not give it
            verdict = self.owned_verdict(I.Ty(I.INSTANCE, key), name, verb)
            if verdict is not None:
                how = f"{verdict.message}, one of the values {node.value.id} may hold"
                return replace(verdict, message=how)
        return None

    def witnessed_verdict(self, name: str, node: ast.Attribute, verb: str) -> Verdict | None:
        """``user.server`` on an object of unknown type that has already answered, on every
        path to the read, an attribute only wrappers handing what they lack on to the rows
        of the column's models bind (``if user.spawn_pending:``, of JupyterHub's ``User``
        around an ``orm.User``; :mod:`~colretire.analysis.witnessed`), or that the statements
        run next, whatever the values, ask of it (``self.log(user.server)`` before ``if
        user.spawn_pending:``): the object is such a
        wrapper (or a library's object with that attribute), and the read the row's, as
        :meth:`forwarded_verdict` says, ``likely``."""
        witnesses = dict(self.target.witnesses)
        if not witnesses or not isinstance(node.value, ast.Name):
            return None
        if self._parents is None:
            self._parents = parent_map(self.source.tree)
        before = witnessed.answered(node, self._parents)
        after = witnessed.answered_after(node, self._parents)
        for attr, line in [*before, *after]:
            if attr == name or attr not in witnesses:
                continue
            wrapper = witnesses[attr]
            verdict = self.forwarded_verdict(I.Ty(I.INSTANCE, wrapper), name, node, verb)
            if verdict is not None:
                how = "answered" if (attr, line) in before else "is asked for"
                message = (
                    f"{verdict.message}; the object {how} .{attr} on line {line}, "
                    f"which only {self.class_name(wrapper)} binds"
                )
                return replace(verdict, message=message)
        return None

    def inherited_verdict(
        self, owner: I.Ty, name: str, node: ast.Attribute, scope: I.Scope, verb: str
    ) -> Verdict | None:
        """``self.access`` in a method of ``MenuEntryMixin``, a class with no table that the
        model ``MenuEntry(MenuEntryMixin, db.Model)`` derives from: the model inherits the
        method, and on its instances ``self.access`` is the column the model maps. Only
        where the base does not declare the name itself (a mixin's own column is every
        table's that uses it) and no model of the table overrides the method."""
        if not (
            isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
            and self.category(name) is not None
        ):
            return None
        method = _method_name(scope, owner.key)
        base = self.world.classes.get(owner.key)
        if method is None or base is None or base.kind not in (PLAIN, MAPPED):
            return None
        own = base.methods.get(method)
        if own is None or name in base.attrs or name in base.methods:
            return None
        models = [
            key
            for key in self.model_subclasses(owner.key)
            if self.world.classes[key].methods.get(method) is own  # not overridden
        ]
        if not models:
            return None
        cls = self.class_name(models[0])
        verdict = self.categorised(
            self.category(name) or "attr", name, cls, verb, owner.kind, CERTAIN
        )
        where = f"in {self.class_name(owner.key)}.{method}, which {cls} inherits"
        return replace(verdict, message=f"{verdict.message} {where}")

    def forwarded_verdict(
        self, owner: I.Ty, name: str, node: ast.Attribute, verb: str
    ) -> Verdict | None:
        """``user.server`` on an instance of a wrapper whose ``__getattr__`` hands the
        attributes it lacks on to the row it holds (``return getattr(self.orm_user, attr)``,
        :mod:`~colretire.analysis.forwarding`): the row's attribute, where the wrapper (its
        ancestors included) defines no ``server`` itself and every row its code binds to
        ``self.orm_user`` is a model's of the table. A write counts only where its
        ``__setattr__`` hands writes on too (``setattr(self.orm_user, attr, value)``); without
        one, a name the wrapper sets on ``self`` in a method is its own. Always ``likely``:
        the class may also be handed another object there (``self.orm_user = orm_user``, a
        parameter), code elsewhere may set the attribute on an instance, and a library's
        base may have the attribute, which Python's ordinary lookup finds first."""
        if owner.kind != I.INSTANCE or self.is_model(owner.key):
            return None
        category = self.category(name)
        found = self.forwarding_of(owner.key) if category is not None else None
        if category is None or found is None:
            return None
        forwards, own = found
        if name in own or name == forwards.attr:
            return None
        if forwards.owns(name) or (not forwards.writes and not isinstance(node.ctx, ast.Load)):
            return None
        rows = forwards.rows
        if owner.items and not rows:  # this instance holds what its construction gave it
            rows = (owner.items[0].key,)
        if not rows or not all(self.is_model(row) for row in rows):
            return None
        model = self.class_name(rows[0])
        verdict = self.categorised(category, name, model, verb, "instance", LIKELY)
        hook = "__getattr__" if isinstance(node.ctx, ast.Load) else "__setattr__"
        how = (
            f"{verdict.message}, through {self.class_name(owner.key)}.{hook}, which hands it on "
            f"to self.{forwards.attr}"
        )
        return replace(verdict, message=how)

    def forwarding_of(self, key: str) -> tuple[Forwarding, set[str]] | None:
        """How the class ``key`` hands the attributes it lacks on, its rows resolved, and the
        names it (or an ancestor) defines in its body; for a class of this file the index
        lacks, read from its code, where none of its bases is a class of the project."""
        view = self.world.classes.get(key)
        if view is not None:
            if view.forwarding is None:
                return None
            return self.constructed(key, view.forwarding), {*view.attrs, *view.methods}
        node = self.local_class_nodes.get(key)
        scope = self.types.module_scope
        if node is None or scope is None:
            return None
        if any(self.world.lookup(F.dotted(b) or F.last_name(b)) for b in node.bases):
            return None  # a base of the project may define the name: not read here
        forwards = forwarding(node)
        if forwards is None:
            return None
        rows = []
        for row in forwards.rows:
            ty = self.types.dotted(row, scope)
            rows.append(ty.key if ty.kind == I.CLASS else "")
        return self.constructed(key, replace(forwards, rows=tuple(rows))), _body_names(node)

    def constructed(self, key: str, forwards: Forwarding) -> Forwarding:
        """``forwards`` with the row every construction of the class ``key`` gives the
        parameter its ``__init__`` stores as the held attribute, where the callers prove
        one (:mod:`~colretire.analysis.wrapped`): no longer untyped."""
        proven = self.world.stored.get(f"{key}.{forwards.attr}") if forwards.untyped else None
        if proven is None:
            return forwards
        rows = tuple(sorted({*forwards.rows, proven}))
        return replace(forwards, rows=rows, untyped=False)

    def handed_elsewhere(self, key: str, name: str, node: ast.Attribute) -> str | None:
        """Why ``user.server`` on an instance of the wrapper ``key``, a class of bases
        colretire does not know, is another table's: its ``__getattr__`` hands the name on
        to the row it holds, and every row its code and its constructions give it
        (:meth:`constructed`) is a model's of another table, none of whose subclasses and
        bases is ours. The wrapper (and its ancestors of the project) defines no such name,
        and a write counts only where its ``__setattr__`` hands writes on too. A library's
        base may still answer the name first, which is no column of the project's, unless
        a model of the table derives from that same base: then nothing is said."""
        view = self.world.classes.get(key)
        if view is None or view.kind != PLAIN or self.same_table(key):
            return None
        if self.inherited_by_model(key):
            return None
        found = self.forwarding_of(key)
        if found is None:
            return None
        forwards, own = found
        if name in own or name == forwards.attr or forwards.untyped or not forwards.rows:
            return None
        if forwards.owns(name) or (not forwards.writes and not isinstance(node.ctx, ast.Load)):
            return None
        held = []
        for row in forwards.rows:
            model = self.world.classes.get(row)
            if (
                model is None
                or model.kind != MAPPED
                or not model.table
                or model.table == self.target.table
                or self.is_model(row)
                or any(self.is_model(a) for a in model.ancestors)
                or self.model_subclasses(row)
            ):
                return None
            held.append(f"{model.name} ({model.table})")
        libraries = set(view.external_bases)
        for model_key in self.target.model_keys:
            model = self.world.classes.get(model_key)
            if model is None or libraries & set(model.external_bases):
                return None
        return (
            f"{view.name}.{name}, handed on by {view.name}.__getattr__ to self.{forwards.attr}, "
            f"which holds {' or '.join(held)}"
        )

    def module_global(self, module: str, name: str) -> str:
        """What the project's module ``module`` defines at its top level as ``name``: a
        function, a class, or a variable holding an instance of one of its plain classes
        (``from lemur.certificates import defaults`` then ``defaults.not_before(cert)``,
        where ``lemur/certificates/defaults.py`` defines ``def not_before``); empty when
        the index, which reads the scanned files, does not prove it. Such a global is the
        module's own name, never a read of the column: a re-exported name (an import in
        that module) is not taken, as it may stand for anything."""
        kinds = self.world.symbols.kinds
        for qualified in self.world.symbols.by_last.get(name, ()):
            defined = qualified.rpartition(".")[0]
            if defined != module and not (
                defined.endswith(f".{module}") or module.endswith(f".{defined}")
            ):
                continue
            kind = kinds.get(qualified)
            if kind == "instance":  # only of a plain class of the project: no column's
                view = self.world.classes.get(self.world.instances.get(qualified, ""))
                kind = kind if view is not None and view.kind == PLAIN else None
            if kind in _MODULE_GLOBALS:
                return _MODULE_GLOBALS[kind]
        return ""

    def union_verdict(self, owner: I.Ty, name: str, verb: str) -> Verdict | None:
        """``dag_run.external_trigger`` where ``dag_run: DagRun | DagRunPydantic``: the code
        reads the attribute on whichever class the value is, so where one of them is the
        model the read is the model's (whatever the others are: a schema, a plain class of
        the project with the same attribute); where none is, the read is a schema's only
        when every class of the union mirrors the column."""
        keys = owner.key.split("|")
        for key in keys:
            if self.is_model(key):
                verdict = self.owned_verdict(I.Ty(I.INSTANCE, key), name, verb)
                if verdict is not None:
                    return verdict
        verdicts = [self.owned_verdict(I.Ty(I.INSTANCE, key), name, verb) for key in keys]
        return verdicts[0] if all(verdicts) else None

    def visit_name(self, node: ast.Name, scope: I.Scope) -> None:
        """A bare name in a model's class body stands for the mapped attribute
        (``composite(Point, x, y)``, ``Index("ix", col)``, ``column_property(a + b)``)."""
        if (
            scope.kind == "class"
            and isinstance(node.ctx, ast.Load)
            and self.is_model(scope.class_key)
        ):
            category = self.category(node.id)
            if category is not None:
                cls = self.class_name(scope.class_key)
                self.add(
                    self.source.start(node),
                    self.categorised(category, node.id, cls, "uses", "class", CERTAIN),
                )
        if node.id in self.names:
            self.ledger.exclude([self.source.start(node)], Exclusion.LOCAL, "a variable")


def _method_name(scope: I.Scope, key: str) -> str | None:
    """The name of the method of class ``key`` that ``scope`` is in (itself or a function
    nested in it)."""
    current: I.Scope | None = scope
    while current is not None:
        if (
            current.kind == "function"
            and current.class_key == key
            and current.self_kind
            and isinstance(current.node, ast.FunctionDef | ast.AsyncFunctionDef)
        ):
            return current.node.name
        current = current.parent
    return None


def _body_names(node: ast.ClassDef) -> set[str]:
    """The names a class body binds: its methods, nested classes and class attributes."""
    names: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names
