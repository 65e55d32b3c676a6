"""The verdict on a name read on an owner: a model class or object, a Core row, a schema, an
object of unknown type (where only the words around it can speak, and a ``likely`` must earn
its place)."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.discovery import is_test_module
from colretire.analysis.exclusive import CLAIM, CLAIM_MIRRORED
from colretire.analysis.finder.base import (
    CERTAIN,
    COMPREHENSIONS,
    LIKELY,
    PLAIN_BASES,
    FinderBase,
    K,
    Verdict,
    unproven,
)
from colretire.analysis.index import (
    MAPPED,
    snake_case,
)
from colretire.analysis.records import FROM_ROW
from colretire.analysis.rows import row_class
from colretire.analysis.target import (
    COMP,
    REL,
    ClassView,
)
from colretire.model import Confidence

#: How a likely reference on an object named like the model's instances ends its message.
NAMED = "; the object is named {ident}, as the model's instances are, though another class has the attribute"

#: Builtins that make objects with attributes of their own (a file's ``closed``).
_BUILTIN_MAKERS = frozenset({"open", "builtins.open", "io.open", "memoryview", "range"})

#: What a finding on a table reached through an attribute of unknown type adds.
HELD = ", reached as .{via} on an object of unknown type (a class holds that table so named)"


class Verdicts(FinderBase):
    """Verdicts on ``owner.name`` by what the owner is."""

    def model_related(self, nodes: Iterable[ast.AST | None], scope: I.Scope) -> bool:
        """Whether any of ``nodes`` reads an attribute of a model or mirroring-schema object
        (or our column on a Core row)."""
        for root in nodes:
            for node, where in _scoped_walk(root, scope) if root is not None else ():
                if isinstance(node, ast.Attribute):
                    owner = self.types.expr(node.value, where)
                    if owner.kind in (I.INSTANCE, I.CLASS) and (
                        self.is_model(owner.key) or self.schema(owner.key)
                    ):
                        return True
                    if owner.kind == I.ROW and self.row_verdict(owner.key, node.attr, ""):
                        return True
        return False

    def _payload(self, node: ast.Dict, scope: I.Scope) -> bool:
        return self.model_related(node.values, scope)

    def table_column_verdict(
        self, table: str, name: str, verb: str, via: str = ""
    ) -> Verdict | None:
        """``tasks_table.c.col`` / ``tasks_table.c["col"]``: ours only on our table; likely
        where the table is reached as ``via`` on an object of unknown type."""
        column = self.target.column
        if table == self.target.table and name == column.column:
            message = f"{verb} the column {column} through the Table's .c"
            if via:
                return Verdict(K.CLASS_ATTRIBUTE, LIKELY, message + HELD.format(via=via))
            return Verdict(K.CLASS_ATTRIBUTE, CERTAIN, message)
        return None

    def row_verdict(self, key: str, name: str, verb: str) -> Verdict | None:
        """``row.col`` on a row of a Core ``select`` of Table columns: ours when our table
        gives the row that name; likely when another selected table may give it too."""
        column = self.target.column
        givers = [(t, c) for t, c in I.core_entries(key) if c in (name, "*")]
        ours = name == column.column or name in self.target.attr_names  # a model's column
        if not ours or not any(t == self.target.table for t, _ in givers):
            return None
        if self.row_other_attribute(key, name):
            return None
        shared = any(t != self.target.table for t, _ in givers)
        return Verdict(
            K.INSTANCE_ATTRIBUTE,
            LIKELY if shared else CERTAIN,
            f"{verb} {column} on a row of a select of {self.target.table}'s columns",
        )

    def row_other_attribute(self, key: str, name: str) -> bool:
        """Whether our table gives a row ``name``, the column's name, where a model of the
        column maps it under another attribute and has an attribute ``name`` of another
        column (``job_id = Column("legacy_job")``, ``job = Column("job_id")``): a select of
        ``Step.job_id`` gives the row the other column under the column's name."""
        return (
            name not in self.target.attr_names
            and any(t == self.target.table for t, c in I.core_entries(key) if c in (name, "*"))
            and any(self.other_column(model, name) for model in self.target.model_keys)
        )

    @staticmethod
    def row_unknown_giver(key: str, name: str) -> bool:
        """Whether a value of a table colretire cannot name gives a row ``name``
        (``sub.c.name``, ``....label("name")``): it may be our column by another road."""
        return any(not t and c == name for t, c in I.core_entries(key))

    def shadowed_relationship(self, key: str, name: str) -> bool:
        """Whether the class ``key`` reaches ``name`` first (itself, then its ancestors)
        through a relationship built on another key than the column
        (:attr:`~colretire.analysis.target.Target.relationship_shadows`)."""
        shadows = self.target.relationship_shadows
        if not shadows or name not in self.target.relationships:
            return False
        built = {cls: ours for cls, rel, ours in shadows if rel == name}
        view = self.world.classes.get(key)
        for cls in (key, *(view.ancestors if view is not None else ())):
            if cls in built:
                return not built[cls]
        return False

    def owned_verdict(self, owner: I.Ty, name: str, verb: str) -> Verdict | None:
        target = self.target
        cls = self.class_name(owner.key)
        where = "instance" if owner.kind == I.INSTANCE else "class"
        if self.is_model(owner.key):
            if self.shadowed_relationship(owner.key, name):
                return None
            category = self.category(name)
            if category is None and name in target.reverse.get(owner.key, ()):
                # the backref a relationship of the class the key refers to gives this one
                return Verdict(
                    K.RELATIONSHIP,
                    CERTAIN,
                    f"{verb} {cls}.{name}, the other side of the relationship built on {target.column}",
                )
            if category is None:
                return None
            return self.categorised(category, name, cls, verb, where, CERTAIN)
        if name in target.reverse.get(owner.key, ()):
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"{verb} {cls}.{name}, the other side of the relationship built on {target.column}",
            )
        if name in target.proxies.get(owner.key, ()):
            return Verdict(
                K.WRAPPER,
                CERTAIN,
                f"{verb} {cls}.{name}, an association_proxy over {target.column}",
                via=name,
            )
        match = self.schema(owner.key)
        if match and name in match.fields:
            if match.fields[name] == REL:
                return Verdict(
                    K.RELATIONSHIP,
                    match.confidence,
                    f"{verb} {cls}.{name}, a schema field nesting the relationship built on {target.column}",
                    schema_field=name,
                )
            if match.fields[name] == COMP:
                return Verdict(
                    K.COMPOSITE,
                    match.confidence,
                    f"{verb} {cls}.{name}, a schema field mirroring the composite including {target.column}",
                    schema_field=name,
                )
            kind = K.INSTANCE_ATTRIBUTE if where == "instance" else K.CLASS_ATTRIBUTE
            return Verdict(
                kind,
                match.confidence,
                f"{verb} {cls}.{name}, a field of a schema mirroring {target.column}",
                schema_field=name,
            )
        return None

    def categorised(
        self, category: str, name: str, cls: str, verb: str, where: str, confidence: Confidence
    ) -> Verdict:
        column = self.target.column
        on = f"on a {cls} {where}" if where == "instance" else f"on the {cls} class"
        if where == "unknown":
            on = f"on an object of unknown type (a {self.target.model_name or 'model'}?)"
        if category == "wrapper":
            detail = self.target.wrappers[name]
            return Verdict(
                K.WRAPPER,
                confidence,
                f"{verb} {cls}.{name}, a {detail} that reads {column}, {on}",
                via=name,
            )
        if category == "composite":
            return Verdict(
                K.COMPOSITE,
                confidence,
                f"{verb} composite {cls}.{name}, which includes {column}, {on}",
            )
        if category == "relationship":
            return Verdict(
                K.RELATIONSHIP,
                confidence,
                f"{verb} relationship {cls}.{name}, built on {column}, {on}",
            )
        kind = K.CLASS_ATTRIBUTE if where == "class" else K.INSTANCE_ATTRIBUTE
        return Verdict(kind, confidence, f"{verb} {cls}.{name} ({column}) {on}")

    def apart_from_us(self, key: str, name: str) -> bool:
        """Whether the class ``key`` is a namesake of the models only in the test suite
        (:attr:`Target.test_namesakes`: a factory ``Resource`` in a module of the tests
        that the application does not import), and this file is not of the test suite."""
        module = key.rpartition(".")[0].replace(".", "/") + ".py"
        return (
            name in self.target.test_namesakes
            and is_test_module(module)
            and not is_test_module(self.source.path)
        )

    def spelt_model(self, node: ast.expr) -> bool:
        """Whether ``node`` is an attribute of an object of unknown type spelt like the one
        class that maps the column's table (``model.User``, with ``model =
        context["model"]``), and no other class of the project has that name."""
        return (
            isinstance(node, ast.Attribute)
            and node.attr[:1].isupper()
            and self.named_tables.get(node.attr) == self.target.table
            and node.attr not in self.target.namesakes_in(self.source.path)
            and not any(  # a class that maps no table of that name (a schema ``Task``)
                view.name == node.attr
                and view.kind != MAPPED
                and not self.is_model(key)
                and not self.apart_from_us(key, view.name)
                for key, view in self.world.classes.items()
            )
        )

    def named_like_model(
        self,
        owner: ast.expr,
        scope: I.Scope,
        keys: Iterable[str] | None = None,
        attr: str | None = None,
        by_key: bool = False,
    ) -> str | None:
        """The name of ``owner`` (``project``, ``self._project``, ``source.dag_run``) where it
        is the snake case of a class that maps the column's table (``Project``, ``DagRun``),
        leading underscores aside, and no class of the project that is not a model has that
        class's name (a schema ``Project``, whose objects would be named so too). Given the
        ``attr`` read (``by_key``: the key), a namesake counts only where its objects may
        have it as a value of their own (:func:`_may_have`): an OpenStack versioned object
        filled from the row (:data:`~colretire.analysis.records.FROM_ROW`: ``Volume``, whose
        ``volume["attached_host"]`` is the row's value) does not, nor, for a key, a class
        whose objects cannot be subscripted (Glance's domain ``Image`` for
        ``image["is_public"]``).

        Only a name, or a path of attributes from a name (no call, no subscript on the way:
        ``requests.get(url).json().token`` is a library's data, whatever it is called), and
        not from a name bound to what a call outside the project's own functions returned
        (``resp = requests.get(url).json()``, ``session = sdk.login()``), nor
        from a name the function also reads classes from (``model.Task`` beside
        ``model.task``: a module, whose ``task`` is a module or a global, not a row)."""
        if isinstance(owner, ast.Name):
            ident, root = owner.id, owner
        elif isinstance(owner, ast.Attribute):
            ident, base = owner.attr, owner.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if not isinstance(base, ast.Name):
                return None
            root = base
        else:
            return None
        if (
            self.unfollowed_call(root, scope)
            or (root is not owner and _namespace(root.id, scope))
            or (isinstance(owner, ast.Attribute) and self.set_from_call(owner, scope))
        ):
            return None
        ident = ident.lstrip("_")
        for key in self.target.model_keys if keys is None else keys:
            cls = key.rpartition(".")[2]
            if snake_case(cls) != ident:
                continue
            if any(
                view.name == cls
                and other != key
                and not self.is_model(other)
                and not self.apart_from_us(other, cls)
                and (attr is None or _may_have(view, attr, by_key))
                for other, view in self.world.classes.items()
            ):
                return None
            return ident
        return None

    def unfollowed_call(self, node: ast.Name, scope: I.Scope, depth: int = 0) -> bool:
        """Whether ``node`` holds, by some binding in its scope, what a call returned that is
        no function or class of the project (a library's, or a method of an object of
        unknown type), itself or an item of it (``for project in gl.projects.list()``,
        ``project = await client.get(pid)``, ``project, meta = client.fetch(pid)``, ``project
        = client.get(pid) if pid else None``), through a local bound so (once removed); or
        is bound by an import (a module, or a module's global: configuration, a session):
        an object whose name its holder chose, not its class."""
        for kind, value, _ in self.types.bindings(node.id, scope):
            if kind == "import":
                return True
            if kind not in ("assign", "with", "iter", "unpacked", "part"):
                continue
            if not isinstance(value, ast.expr) or not _may_reach(value, node, scope):
                continue
            for call in _results(value):
                if isinstance(call, ast.Name):
                    if depth < 1 and call.id != node.id and self.unfollowed_call(call, scope, 1):
                        return True
                elif self.foreign_call(call, scope):
                    return True
        return False

    def foreign_call(self, call: ast.Call, scope: I.Scope) -> bool:
        """Whether ``call`` is no call of a function or class of the project."""
        if self.class_method_call(call.func, scope):
            return False  # ``super()._populate_account(...)``, ``self.load(...)``: the class's
        callee = self.types.expr(call.func, scope)
        return callee.kind not in (I.NAME, I.CLASS, I.FUNCTION) or self.outside_project(callee.key)

    def class_method_call(self, func: ast.expr, scope: I.Scope) -> bool:
        """``super()._populate_account``, ``self.load``, ``cls.load``, where the class of
        the method being read (or a class of the project it derives from) defines that
        method: code of the project. A method a library base gives (``self.get(url)`` of a
        REST client) is the library's."""
        if not isinstance(func, ast.Attribute):
            return False
        value = func.value
        if isinstance(value, ast.Call):
            own = isinstance(value.func, ast.Name) and value.func.id == "super"
        else:
            own = isinstance(value, ast.Name) and value.id in ("self", "cls")
        if not own:
            return False
        current: I.Scope | None = scope
        while current is not None and not current.class_key:
            current = current.parent
        view = self.world.classes.get(current.class_key) if current is not None else None
        if view is not None:
            return func.attr in view.methods
        cls = _class_of(scope)  # a class the index did not read: its own body, and its
        if cls is None:  # bases of this file
            return False
        bases = {F.last_name(base) for base in cls.bases}
        return any(
            isinstance(node, ast.ClassDef)
            and (node is cls or node.name in bases)
            and any(
                isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == func.attr
                for stmt in node.body
            )
            for node in self.source.tree.body
        )

    def set_from_call(self, owner: ast.Attribute, scope: I.Scope) -> bool:
        """Whether ``owner`` is ``self.<attr>`` (``cls.<attr>``) and a method of the class
        assigns that attribute what a call outside the project returned (``self.project =
        gl.projects.get(pid)`` in ``__init__``), or an item of it (``self.project, self.meta =
        client.fetch(pid)``), or a local of the method bound so (``found = client.get(pid);
        self.project = found``)."""
        if not (isinstance(owner.value, ast.Name) and owner.value.id in ("self", "cls")):
            return False
        current: I.Scope | None = scope
        while current is not None and current.kind != "class":
            current = current.parent
        if current is None or not isinstance(current.node, ast.ClassDef):
            return False
        for method in current.node.body:
            if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(method):
                if not isinstance(inner, ast.Assign | ast.AnnAssign) or inner.value is None:
                    continue
                targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                if not any(_sets_attribute(t, owner.attr) for t in targets):
                    continue
                if self.foreign_value(inner.value, method, current):
                    return True
        return False

    def foreign_value(
        self, value: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope
    ) -> bool:
        """Whether ``value`` is, or holds an item of, what a call outside the project
        returned, itself or through a local of ``function`` bound so."""
        for found in _results(value):
            if isinstance(found, ast.Call):
                if self.foreign_call(found, scope):
                    return True
                continue
            for inner in ast.walk(function):
                if (
                    isinstance(inner, ast.Assign)
                    and any(
                        isinstance(t, ast.Name) and t.id == found.id for t in _flat(inner.targets)
                    )
                    and any(
                        isinstance(call, ast.Call) and self.foreign_call(call, scope)
                        for call in _results(inner.value)
                    )
                ):
                    return True
        return False

    def unknown_verdict(
        self, name: str, verb: str, owner: ast.expr, scope: I.Scope
    ) -> Verdict | None:
        target = self.target
        cls = target.model_name or target.column.table
        if self.sibling_owner(owner, name, scope):
            return None
        if (
            isinstance(owner, ast.Attribute)
            and self.spelt_model(owner)
            and (category := self.category(name)) is not None
        ):
            # ``model.User.openid`` where ``model`` is unknown (``model = context["model"]``):
            # an attribute spelt like the one class that maps the table, read as a class
            verdict = self.categorised(category, name, owner.attr, verb, "class", LIKELY)
            return replace(
                verdict,
                message=f"{verdict.message}, reached as {F.dotted(owner) or owner.attr} on an "
                "object of unknown type",
            )
        if (keyed := self.keyed_model(owner, name, verb, scope)) is not None:
            return keyed
        if name in target.likely_names:
            verdict = self.categorised(
                self.category(name) or "attr", name, cls, verb, "unknown", LIKELY
            )
            core = isinstance(owner, ast.Attribute) and owner.attr in ("c", "columns")
            if name in target.exclusive and not core:  # no other class has that attribute
                return replace(verdict, message=verdict.message + CLAIM.format(name=name))
            if not core and (spelt := self.named_like_model(owner, scope, attr=name)) is not None:
                # ``project.repospanner_region`` where a form class binds the name too: the
                # object is named as the model's instances are
                return replace(verdict, message=verdict.message + NAMED.format(ident=spelt))
            return unproven(verdict)
        if (
            name in target.derived_pure
            and name in target.exclusive
            and (verb == "reads" or self.settable(name))
            and not self.made_outside(owner, scope)
        ):
            # ``project.is_on_repospanner``: a property that is the column's value by
            # operators alone, which no class of the project but the model binds
            message = (
                f"{verb} {cls}.{name}, a {target.derived[name]} whose value is computed from "
                f"{target.column} by operators alone, on an object of unknown type (a {cls}?): "
                "it goes with the column unless it gets a new body"
            )
            return Verdict(K.WRAPPER, LIKELY, message + CLAIM.format(name=name))
        if name in self.rel_names and name in target.exclusive:
            message = f"{verb} .{name} on an object of unknown type, the relationship built on {target.column}"
            return Verdict(K.RELATIONSHIP, LIKELY, message + CLAIM_MIRRORED.format(name=name))
        if name in self.rel_names and self.evidence:
            return unproven(
                Verdict(
                    K.RELATIONSHIP,
                    LIKELY,
                    f"{verb} .{name} on an object of unknown type; the relationship built on {target.column} has that name",
                )
            )
        return None

    def settable(self, name: str) -> bool:
        """Whether the models' property ``name`` has a setter: the last ``def`` of that name
        takes a value (``@subscriptions.setter def subscriptions(self, value)``). Without
        one, a write of it would raise on the model's object: the object is not one."""
        for key in self.target.model_keys:
            view = self.world.classes.get(key)
            fact = view.methods.get(name) if view is not None else None
            if fact is not None and fact.positional:
                return True
        return False

    def made_outside(self, node: ast.expr, scope: I.Scope) -> bool:
        """Whether ``node`` is a name every binding of which (an assignment, ``with ...
        as``) is a call of something outside the project (``psycopg2.connect(dsn)``,
        ``open(path)``): a library's object, whose attributes (``conn.closed``) are its
        own."""
        if not isinstance(node, ast.Name):
            return False
        bindings = self.types.bindings(node.id, scope)
        if not bindings:
            return False
        for kind, value, _ in bindings:
            if kind not in ("assign", "with") or not isinstance(value, ast.Call):
                return False
            if isinstance(value.func, ast.Attribute) and self.made_outside(value.func.value, scope):
                continue  # ``parser.parse_args()`` of ``parser = argparse.ArgumentParser()``
            callee = self.types.expr(value.func, scope)
            if callee.kind != I.NAME or not (
                callee.key in _BUILTIN_MAKERS or self.outside_project(callee.key)
            ):
                return False
        return True

    @property
    def named_tables(self) -> dict[str, str]:
        """The table of our model and of the one the foreign key refers to, by the name of
        the class that maps each (where one class name does)."""
        if self._named_tables is None:
            by_name: dict[str, set[str]] = {}
            wanted = {self.target.table, self.target.joined_table}
            for key, view in self.world.classes.items():
                table = self.target.table if self.is_model(key) else view.table
                if view.kind == MAPPED or self.is_model(key):
                    by_name.setdefault(view.name, set()).add(table or "")
            self._named_tables = {
                name: tables.pop()
                for name, tables in by_name.items()
                if len(tables) == 1 and next(iter(tables)) in wanted
            }
        return self._named_tables

    def keyed_model(self, owner: ast.expr, name: str, verb: str, scope: I.Scope) -> Verdict | None:
        """``data["authority"].not_before``: the value of a key spelt like the model (its
        class in snake case, its table, or the table's singular) read for the column's
        attribute, where no other model with that attribute is spelt so. The key names what
        it holds (lemur's marshmallow loads put the ``Authority`` there); the holder is not
        proven, so likely. So does an attribute that a method's own instance holds, spelt so,
        where the class sets it only from its methods' parameters (``self.token.user_id`` in
        the class that wraps a ``Token`` row, ``self.token = db_token``): not one it also
        sets from a call (``self.study = create_study()``, a ``Study`` that is no model), nor
        the attribute of any other unknown object (``model.task.eta``, where ``model`` may be
        a module and ``task`` one of its modules)."""
        target = self.target
        if isinstance(owner, ast.Subscript):
            key = F.string_value(owner.slice)
        elif isinstance(owner, ast.Name | ast.Call):
            key = self.held_key(owner, scope)
        elif (
            isinstance(owner, ast.Attribute)
            and isinstance(owner.value, ast.Name)
            and owner.value.id == "self"
        ):
            key = owner.attr
        elif (
            isinstance(owner, ast.Attribute)
            and owner.attr in target.held
            and isinstance(owner.value, ast.Name)
            and self.local_value(owner.value, scope)
        ):
            return self.held_read(owner.attr, name, verb)
        else:
            key = None
        wanted = target.likely_names | target.relationships
        category = self.category(name) if name in wanted else None
        if key is None or category is None:
            return None
        if key.lower() not in self.model_words() or any(
            key.lower() in model_words(view.name, view.table) for view in self.siblings(name)
        ):
            return None
        if name not in target.likely_names and self.spelt_namesake(key, name):
            return None  # a class of the project spelt so, no model, has the relationship's name
        if isinstance(owner, ast.Attribute) and not self.held_as_spelt(scope, key):
            return None
        cls = target.model_name or target.column.table
        verdict = self.categorised(category, name, cls, verb, "unknown", LIKELY)
        held = f"the attribute .{key}" if isinstance(owner, ast.Attribute) else f"the key {key!r}"
        return replace(verdict, message=f"{verdict.message}, the value of {held}")

    def held_key(self, owner: ast.Name | ast.Call, scope: I.Scope) -> str | None:
        """The key whose value ``owner`` is: a call of a function of the project that
        returns the value of a key (:mod:`~colretire.analysis.keyedreturn`), the key a
        string or the string the call gives the parameter naming it
        (``get_resource_object(context, data_dict)``, ``_get_object(context, data_dict,
        "resource", "Resource")``); or a local of a function bound once, to such a call or
        to ``D["key"]`` (``resource = context["resource"]``)."""
        value: ast.expr = owner
        if isinstance(owner, ast.Name):
            if scope.kind != "function":
                return None
            bound = scope.bindings().get(owner.id, [])
            if len(bound) != 1 or bound[0][0] != "assign":
                return None
            held = bound[0][1]
            if not isinstance(held, ast.expr):
                return None
            value = held
            if isinstance(value, ast.Subscript):
                return F.string_value(value.slice)
        if not isinstance(value, ast.Call) or not self.world.keyed_returns:
            return None
        callee = self.types.expr(value.func, scope)
        keyed = self.world.keyed_returns.get(callee.key) if callee.kind == I.FUNCTION else None
        if keyed is None:
            return None
        position, key = keyed
        if position < 0:
            return key
        if any(isinstance(arg, ast.Starred) for arg in value.args[: position + 1]):
            return None
        if position < len(value.args):
            return F.string_value(value.args[position])
        given = F.keyword(value, key)
        return F.string_value(given) if given is not None else None

    def spelt_namesake(self, key: str, name: str) -> bool:
        """Whether a class of the project that is no model of the table, spelt like ``key``
        (``Hub`` for ``hub``), binds ``name``, or may: then ``key`` may hold one of those.
        A class of the model's name that the index lacks (:attr:`Target.namesakes`, counted
        over every scanned file; a factory of the tests only in the tests) may."""
        namesakes = self.target.namesakes_in(self.source.path)
        if any(key.lower() in model_words(other, None) for other in namesakes):
            return True
        for class_key, view in self.world.classes.items():
            if self.is_model(class_key) or key.lower() not in model_words(view.name, None):
                continue
            if name in view.attrs or name in view.methods:
                return True
            forwards = view.forwarding  # a wrapper hands ``name`` on to the rows it holds
            if "__getattr__" in view.methods and (
                forwards is None or not all(self.is_model(r) for r in forwards.rows or [""])
            ):
                return True  # it answers what it lacks with something else
        return any(
            key.lower() in model_words(node.name, None) and not self.is_model(class_key)
            for class_key, node in self.local_class_nodes.items()
        )

    def held_as_spelt(self, scope: I.Scope, key: str) -> bool:
        """Whether ``self.<key>`` of the method's class holds what its spelling says, as
        far as the class's code shows: the class sets it only from its methods' parameters
        (or ``None``) or to rows of the column's models (``self.hub =
        db.query(orm.Hub).first()``, ``orm.Hub(...)``: not ``self.study = create_study()``,
        which makes a ``Study`` that is no model); or it sets it nowhere and it is a
        property of the class (or of a base of the project) that returns the value of a key
        spelt like the model (``return self.settings["hub"]``)."""
        cls = _class_of(scope)
        held = set_from_parameters(cls, key)
        if held is not None:
            module = self.types.module_scope
            return all(
                module is not None
                and (ty := self.types.dotted(row, module)).kind == I.CLASS
                and self.is_model(ty.key)
                for row in held
            )
        if cls is None or _binds_self(cls, key):
            return False
        if self.trait_of(cls, key):
            return True
        found = _keyed_property(cls, key)
        if found is None and not _defines(cls, key):
            found = self.inherited_keyed(cls, scope.class_key, key)
        return found is not None and found.lower() in self.model_words()

    def trait_of(self, cls: ast.ClassDef, key: str, depth: int = 0) -> bool:
        """Whether ``key`` is a trait of ``cls`` or of a base it has in this file, that its
        methods never set: a class attribute bound to a trait type of traitlets (``user =
        Any()``, ``hub = Instance(...)``), which ``HasTraits`` sets from the constructor's
        keyword of that name (``Spawner(user=self, hub=hub)``), a parameter as the code of
        the class sees it. A base of the file that defines ``key`` otherwise, or one
        colretire cannot read here, decides nothing."""
        module = self.types.module_scope
        if module is None or depth > 8:
            return False
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == key for t in stmt.targets
            ):
                callee = F.dotted(stmt.value.func) if isinstance(stmt.value, ast.Call) else None
                ty = self.types.dotted(callee, module) if callee else I.T_UNKNOWN
                return ty.kind == I.NAME and ty.key.split(".")[0] == "traitlets"
        if _defines(cls, key):
            return False
        for base in cls.bases:  # the first base that has it decides: a library's may
            parent = self.local_class_nodes.get(self.types.dotted(F.dotted(base) or "", module).key)
            return (
                parent is not None
                and not _binds_self(parent, key)
                and (self.trait_of(parent, key, depth + 1))
            )
        return False

    def inherited_keyed(self, cls: ast.ClassDef, class_key: str, key: str) -> str | None:
        """The key the property ``key`` that the class ``class_key`` (``cls``) inherits
        returns the value of (:attr:`~colretire.analysis.target.ClassView.keyed`): read
        from the index, or, for a class of this file it lacks, from its first base of the
        project that has one (the bases before it define no ``key``)."""
        view = self.world.classes.get(class_key)
        if view is not None:
            return view.keyed.get(key)
        module = self.types.module_scope
        for base in cls.bases:
            name = F.dotted(base)
            ty = self.types.dotted(name, module) if name and module is not None else I.T_UNKNOWN
            parent = self.world.classes.get(ty.key) if ty.kind == I.CLASS else None
            if parent is None:
                return None  # a base colretire does not know may define it
            if key in parent.keyed:
                return parent.keyed[key]
            if key in parent.attrs or key in parent.methods:
                return None
        return None

    def local_value(self, node: ast.Name, scope: I.Scope) -> bool:
        """Whether ``node`` is a local of a function that holds what a function of the
        project returned: every binding of it an assignment or a ``for`` loop over a call of
        a function of the project by its name (``get_one_token(serial=...)``, awaited or
        indexed), or over another such local; not a parameter, an import or a global, nor a
        library's result (``requests.get(url).json()``) or a method's of another object
        (``sdk.login()``), which may be anything."""
        if scope.kind == "module":
            return False
        return self.project_value(node, scope, 0)

    def project_value(self, value: ast.expr, scope: I.Scope, depth: int) -> bool:
        while isinstance(value, ast.Await | ast.Subscript):
            value = value.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            callee = self.types.expr(value.func, scope)
            if callee.kind == I.FUNCTION:
                return True
            return (
                callee.kind == I.NAME and bool(callee.key) and not self.outside_project(callee.key)
            )
        if not isinstance(value, ast.Name) or depth > 4:
            return False
        bindings = self.types.bindings(value.id, scope)
        return bool(bindings) and all(
            kind in ("assign", "iter")
            and isinstance(bound, ast.expr)
            and self.project_value(bound, scope, depth + 1)
            for kind, bound, _ in bindings
        )

    def held_read(self, key: str, name: str, verb: str) -> Verdict | None:
        """``tokenobject.token.user_id``: the attribute ``key`` (:attr:`Target.held`) holds
        the model's rows wherever the project binds it; the local is of unknown type, so
        likely, where no other model with ``name`` is spelt so."""
        category = self.category(name) if name in self.target.likely_names else None
        if category is None or any(
            key.lower() in model_words(view.name, view.table) for view in self.siblings(name)
        ):
            return None
        cls = self.target.model_name or self.target.column.table
        verdict = self.categorised(category, name, cls, verb, "unknown", LIKELY)
        message = (
            f"{verdict.message}, the value of the attribute .{key}, which every class of the "
            "project that binds it sets from a parameter or relates to the model"
        )
        return replace(verdict, message=message)

    def sibling_owner(self, owner: ast.expr, name: str, scope: I.Scope) -> bool:
        """Whether an object of unknown type evidently belongs to another model that has its
        own ``name``: the keys, URLs and variable names it comes from name that model (its
        class or table, ``projects["Bridge"]["col"]``, ``get(client, "/reports/projects")``)
        and never ours."""
        siblings = self.siblings(name)
        if not siblings:
            return False
        words = _provenance(owner, scope, self.types)
        if words & (self.model_words() | model_words("", self.target.table)):
            return False
        # a parameter's name is no evidence: its callers type it (:mod:`~colretire.analysis.
        # callers`), and where they do not prove another model the object may be ours
        words = _provenance(owner, scope, self.types, parameters=False)
        return any(words & model_words(view.name, view.table) for view in siblings)

    def siblings(self, name: str) -> list[ClassView]:
        """The other tables' models that have an attribute ``name`` of their own."""
        return [
            view for key, view in self.world.classes.items()
            if view.kind == MAPPED and not self.is_model(key) and name in view.attrs
            and name not in self.target.reverse.get(key, ())  # the other side: ours
        ]  # fmt: skip

    def model_words(self) -> set[str]:
        """How code names the objects of the column's models (:func:`model_words`)."""
        return set().union(
            *(
                model_words(self.world.classes[k].name, self.world.classes[k].table)
                for k in self.target.model_keys
                if k in self.world.classes
            )
        )


def _class_of(scope: I.Scope) -> ast.ClassDef | None:
    """The class whose method ``scope`` is (or is nested in)."""
    while scope.parent is not None and scope.kind != "class":
        scope = scope.parent
    return scope.node if isinstance(scope.node, ast.ClassDef) else None


@functools.lru_cache(maxsize=4096)
def set_from_parameters(cls: ast.ClassDef | None, attr: str) -> tuple[str, ...] | None:
    """The classes (as written) of the rows the class ``cls`` sets ``self.attr`` to
    (``db.query(orm.Hub).first()``, ``orm.Hub(...)``), where it sets it somewhere, and
    otherwise only to a parameter of the method that sets it that the method never binds
    again (or to ``None``): not from another call, not by unpacking (``self.token,
    self.refresh = fetch()``), ``for``, ``with ... as``, ``setattr`` /
    ``object.__setattr__``, or through ``vars(self)`` or ``__dict__`` (then ``None``). Its
    bases and subclasses may set it too, which this does not see."""
    if cls is None:
        return None
    found = False
    rows: set[str] = set()
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = method.args
        params = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
        rebound = {
            t.id for node in ast.walk(method) for t in bound_by(node) if isinstance(t, ast.Name)
        }
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and (
                (
                    F.last_name(node.func) in ("setattr", "__setattr__")
                    and any(F.string_value(a) == attr for a in node.args)
                )
                or (
                    isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("update", "setdefault", "__setitem__")
                    and _instance_dict(node.func.value)
                )
            ):
                return None  # setattr(self, "token", ...), self.__dict__.update(...)
            if any(
                isinstance(target, ast.Subscript) and _instance_dict(target.value)
                for target in bound_by(node)
            ):
                return None  # self.__dict__["token"] = ..., vars(self)["token"] = ...
            for target in bound_by(node):
                for part in unpacked(target):
                    if not (
                        isinstance(part, ast.Attribute)
                        and part.attr == attr
                        and isinstance(part.value, ast.Name)
                        and part.value.id == "self"
                    ):
                        continue
                    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
                    row = row_class(value) if target is part else None
                    plain = target is part and (
                        (isinstance(value, ast.Name) and value.id in params - rebound)
                        or (isinstance(value, ast.Constant) and value.value is None)
                        or row is not None
                    )
                    if not plain:
                        return None
                    if row is not None:
                        rows.add(row)
                    found = True
    return tuple(sorted(rows)) if found else None


@functools.lru_cache(maxsize=4096)
def _binds_self(cls: ast.ClassDef, attr: str) -> bool:
    """Whether a method of ``cls`` binds ``self.attr`` (or binds attributes of ``self``
    by a computed name)."""
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and F.last_name(node.func) in ("setattr", "__setattr__"):
                return True
            if isinstance(node, ast.Attribute) and node.attr == "__dict__":
                return True
            for target in bound_by(node):
                for part in unpacked(target):
                    if (
                        isinstance(part, ast.Attribute)
                        and part.attr == attr
                        and isinstance(part.value, ast.Name)
                        and part.value.id == "self"
                    ):
                        return True
    return False


def _defines(cls: ast.ClassDef, attr: str) -> bool:
    """Whether the body of ``cls`` binds ``attr`` (a method, a class attribute)."""
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if stmt.name == attr:
                return True
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
                return True
    return False


def _keyed_property(cls: ast.ClassDef, attr: str) -> str | None:
    """The key a property ``attr`` of ``cls`` returns the value of, where that is all it
    does (:func:`~colretire.analysis.facts.keyed_property`)."""
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == attr:
            return F.keyed_property(stmt)
    return None


def _instance_dict(node: ast.expr) -> bool:
    """``self.__dict__`` or ``vars(self)``: the instance's attributes as a dict."""
    if isinstance(node, ast.Attribute):
        return node.attr == "__dict__"
    return isinstance(node, ast.Call) and F.dotted(node.func) == "vars"


def unpacked(target: ast.expr) -> list[ast.expr]:
    """What a target binds: itself, or the elements it unpacks into (not the objects its
    attribute or item is set on: ``self.token.user_id = uid`` binds no ``self.token``)."""
    if isinstance(target, ast.Tuple | ast.List):
        return [part for element in target.elts for part in unpacked(element)]
    if isinstance(target, ast.Starred):
        return unpacked(target.value)
    return [target]


def bound_by(node: ast.AST) -> list[ast.expr]:
    """The targets a statement binds."""
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
        return [node.target]
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return [node.optional_vars]
    if isinstance(node, ast.NamedExpr):
        return [node.target]
    return []


_WORD = re.compile(r"[a-z0-9_]+")


def _words(text: str) -> set[str]:
    """``"/reports/credit_entries"`` -> reports, credit_entries, credit, entries."""
    found = set()
    for word in _WORD.findall(text.lower()):
        found.add(word)
        found.update(part for part in word.split("_") if part)
    return found


def model_words(name: str, table: str | None) -> set[str]:
    """How code names a model's objects: ``CreditEntry``/``credit_entries`` -> creditentry,
    credit_entry, credit_entries (a variable ``credit_entry``, a URL ``/credit_entries``)."""
    words = {name.lower(), snake_case(name)} if name else set()
    if table:
        table = table.lower()
        words |= {table, table.removesuffix("s")}
        if table.endswith("ies"):
            words.add(table[:-3] + "y")
    return words - {""}


def _provenance(
    node: ast.expr, scope: I.Scope, types: I.Types, depth: int = 0, parameters: bool = True
) -> set[str]:
    """Lower-case words of the keys, strings and names an expression's value comes from;
    without ``parameters``, none from a name that a parameter binds (its value is whatever
    the callers give, whatever it is called)."""
    if depth > 8:
        return set()
    words: set[str] = set()
    for part in (
        ast.walk(node) if isinstance(node, (ast.Call, ast.Subscript, ast.Attribute)) else [node]
    ):
        if (text := F.string_value(part)) is not None:
            words |= _words(text)
        elif isinstance(part, ast.Name):
            if not parameters and any(
                kind == "param" for kind, _, _ in types.bindings(part.id, scope)
            ):
                continue
            words |= _words(part.id)
            if depth < 8:
                for bound in types.bound_expressions(part.id, scope):
                    words |= _provenance(bound, scope, types, depth + 1, parameters)
        elif isinstance(part, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in part.generators:
                words |= _provenance(generator.iter, scope, types, depth + 1, parameters)
    return words


def _scoped_walk(root: ast.AST, scope: I.Scope) -> Iterator[tuple[ast.AST, I.Scope]]:
    """Every node under ``root`` with the scope its names are looked up in: a comprehension
    or a lambda binds its own names (``[t.col for t in owner.tasks]``), so the nodes in it
    get its scope, as the visit gives them (types are memoised per node, whatever the
    scope they were asked in)."""
    pending: list[tuple[ast.AST, I.Scope]] = [(root, scope)]
    while pending:
        node, where = pending.pop()
        yield node, where
        if isinstance(node, COMPREHENSIONS):
            inner = I.Scope(node, where, "comprehension")
            for position, generator in enumerate(node.generators):
                pending.append((generator.iter, where if position == 0 else inner))
                pending.extend((item, inner) for item in generator.ifs)
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            pending.extend((part, inner) for part in parts)
        elif isinstance(node, ast.Lambda):
            pending.extend((d, where) for d in [*node.args.defaults, *node.args.kw_defaults] if d)
            pending.append((node.body, I.Scope(node, where, "lambda")))
        else:
            pending.extend((child, where) for child in ast.iter_child_nodes(node))


def _namespace(name: str, scope: I.Scope) -> bool:
    """Whether the function (or module) of ``scope`` reads a class from ``name``
    (``model.Task``, ``models.Session``): ``name`` holds a module or a namespace of classes."""
    node = scope.node
    while scope.parent is not None and scope.kind not in ("function", "module"):
        scope = scope.parent
        node = scope.node
    return any(
        isinstance(inner, ast.Attribute)
        and isinstance(inner.value, ast.Name)
        and inner.value.id == name
        and inner.attr[:1].isupper()
        and not inner.attr.isupper()
        for inner in ast.walk(node)
    )


def _results(value: ast.expr) -> list[ast.Call | ast.Name]:
    """The calls (and names) whose result a bound value is, or holds an item of: through
    ``await``, both branches of a conditional, ``or`` / ``and``, and a subscript."""
    if isinstance(value, ast.Await):
        return _results(value.value)
    if isinstance(value, ast.IfExp):
        return _results(value.body) + _results(value.orelse)
    if isinstance(value, ast.BoolOp):
        return [found for item in value.values for found in _results(item)]
    if isinstance(value, ast.Subscript | ast.Starred | ast.Attribute):
        return _results(value.value)
    if isinstance(value, ast.Call | ast.Name):
        return [value]
    return []


def _may_reach(value: ast.expr, read: ast.expr, scope: I.Scope) -> bool:
    """Whether a binding whose value is ``value`` may hold at ``read``: one in another scope
    than the read's function (a closure or a function reads what its enclosing code binds,
    whenever it runs), or in a comprehension; one written before the statement that holds the
    read ends (a walrus in a conditional's test, a comprehension over several lines); or
    after it in a loop that holds both. ``share_network = db.update(...)`` at the end of a
    function does not hold where the function first reads its parameter."""
    function = scope
    while function.kind not in ("function", "module") and function.parent is not None:
        if function.kind in ("comprehension", "lambda"):
            return True  # a lambda runs later, a comprehension binds before its element
        function = function.parent
    if function.kind != "function" or not any(value is n for n in ast.walk(function.node)):
        return True  # bound in an enclosing scope, or the module's
    statement = max(
        (
            stmt
            for stmt in ast.walk(function.node)
            if isinstance(stmt, ast.stmt)
            and stmt is not function.node
            and stmt.lineno <= read.lineno <= (stmt.end_lineno or stmt.lineno)
        ),
        key=lambda stmt: stmt.lineno,
        default=None,
    )
    end = (statement.end_lineno or statement.lineno) if statement is not None else read.lineno
    if value.lineno <= end:
        return True
    return any(
        isinstance(loop, ast.For | ast.AsyncFor | ast.While)
        and loop.lineno <= read.lineno <= (loop.end_lineno or loop.lineno)
        and loop.lineno <= value.lineno <= (loop.end_lineno or loop.lineno)
        for loop in ast.walk(function.node)
    )


def _sets_attribute(target: ast.expr, attr: str) -> bool:
    """Whether an assignment's target sets ``self.<attr>`` (``cls.<attr>``), alone or among
    the items it unpacks into."""
    return any(
        isinstance(t, ast.Attribute)
        and t.attr == attr
        and isinstance(t.value, ast.Name)
        and t.value.id in ("self", "cls")
        for t in _flat([target])
    )


def _flat(targets: list[ast.expr]) -> list[ast.expr]:
    """Assignment targets with tuples and lists unpacked."""
    found: list[ast.expr] = []
    for target in targets:
        if isinstance(target, ast.Tuple | ast.List):
            found.extend(_flat(list(target.elts)))
        elif isinstance(target, ast.Starred):
            found.extend(_flat([target.value]))
        else:
            found.append(target)
    return found


#: Bases whose subclasses' objects cannot be subscripted by a string (``obj["key"]``):
#: the standard library's plain bases that are no mapping, sequence or string.
_UNSUBSCRIPTABLE_BASES = PLAIN_BASES - {
    "str", "StrEnum", "int", "float", "dict", "list", "tuple", "set", "KeyError",
    "NamedTuple", "TypedDict",
}  # fmt: skip
#: Methods through which a class's objects answer a subscript by a key.
_SUBSCRIPT_METHODS = frozenset({"__getitem__", "__class_getitem__", "get"})


def _may_have(view: ClassView, attr: str, by_key: bool) -> bool:
    """Whether the objects of the model's namesake ``view`` may have ``attr`` as a value of
    their own. Read as an attribute, always, but where the namesake is a versioned object
    filled from the row (:data:`~colretire.analysis.records.FROM_ROW`) that neither declares
    ``attr`` nor has a method of that name: its field is the row's. (An attribute may be
    set on any object from outside its class, and a library base or ``__getattr__`` may
    give it any; the name alone says too little.) Read by key (``volume["attached_host"]``), also not where its
    objects cannot be subscripted: no ``__getitem__`` (nor ``get``) of the project's classes,
    no library base that may give one, no item access by a base's library (Glance's domain
    ``Image``, a plain class)."""
    own = attr in view.attrs or attr in view.methods
    if FROM_ROW in view.methods and not own:
        return False
    if not by_key:
        return True
    if view.keyed_access or _SUBSCRIPT_METHODS & set(view.methods):
        return True
    if "__getattr__" in view.methods or "__getattribute__" in view.methods:
        return True
    return not set(view.external_bases) <= _UNSUBSCRIPTABLE_BASES
