"""Scopes: functions (their parameters, decorators, and the values followed through their
bodies), lambdas, comprehensions, loops, imports, and the assignments that bind names."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder import commandline
from colretire.analysis.finder.base import (
    CERTAIN,
    LIKELY,
    K,
    Verdict,
    holds_line,
)
from colretire.analysis.finder.evidence import Evidence
from colretire.analysis.finder.library import Library
from colretire.analysis.finder.parametrized import Parametrized
from colretire.analysis.mirrors import Mirror
from colretire.model import Confidence, Exclusion, Tier


class Functions(Library, Evidence, Parametrized):
    """Walks the scopes of a file and follows values through function bodies."""

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope) -> None:
        if node.name in self.names:
            self.ledger.exclude([self.source.def_name_start(node)], Exclusion.LOCAL, "a function")
        self.decorators(node)
        if scope.kind == "class" and node.name == "__init__" and self.is_model(scope.class_key):
            self.constructor_parameters(node, scope.class_key)
        carrier = (
            scope.kind == "class"
            and node.name == "__init__"
            and not self.exception_class(scope.class_key)
        )
        match = self.schema(scope.class_key) if carrier else None
        carried = self.parameters(
            node.args,
            self.class_name(scope.class_key) if carrier else "",
            _reads_locals(node),
            frozenset(F.kept_by_name(node)) & set(match.fields) if match else frozenset(),
            match.confidence if match is not None else CERTAIN,
        )
        calls = [d for d in node.decorator_list if isinstance(d, ast.Call)]
        if calls and commandline.keeps_apart(node):  # a walk of the body: click's are calls
            self.commands.update(id(d) for d in calls)
        self.parametrized_names(node, scope)
        self.visit_all([d for d in node.decorator_list if isinstance(d, ast.Call)], scope)
        self.visit_all([*node.args.defaults, *node.args.kw_defaults], scope)
        every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        for annotation in [node.returns, *(arg.annotation for arg in every)]:
            self.annotation_evidence(annotation, scope)
        self.caller_evidence(node, scope)
        inner = I.Scope(node, scope, "function", scope.class_key if scope.kind == "class" else "")
        if scope.kind == "class":
            inner.self_kind = I.self_kind(node)
        if holds_line(self.payload_lines, node):
            self.mark_local_payloads(node, inner)
            if scope.kind == "class" and scope.class_key in self.target.model_keys:
                self.parameter_key_handoffs(node, scope.class_key)
            elif scope.kind == "module":
                self.helper_key_handoffs(node)
        for stmt in node.body:
            self.visit(stmt, inner)
        if carried and not self.is_model(scope.class_key):
            kept = {name for name in carried if self.kept_on_self(node, name, scope.class_key)}
            # the parameter's uses are the parameter: what it carries, they carry
            detail = f"the parameter of {self.class_name(scope.class_key)}(...), which may carry the column"
            self.ledger.reconsider(
                [
                    self.source.start(name)
                    for stmt in node.body
                    for name in ast.walk(stmt)
                    if isinstance(name, ast.Name) and name.id in carried - kept
                ],
                detail,
            )
        if holds_line(self.name_lines, node):
            if scope.kind == "class" and self.is_model(scope.class_key):
                self.lookup_parameters(node, scope.class_key)
            self.follow_values(node)
            self.follow_reads(node)
        self.route_evidence(node, scope, inner)
        if scope.kind == "class":
            self.property_evidence(node, scope.class_key, inner)

    def kept_on_self(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, name: str, key: str
    ) -> bool:
        """Whether the constructor ``node`` of the plain class ``key`` (every base known,
        neither a model, a base of one nor a schema) keeps its parameter ``name`` in its own
        attribute of that name and nowhere else (``self.api_key = api_key``, its other uses
        only tests), where the scan excluded that attribute as a member of a class that maps
        no table. The value then lives on in that attribute alone, which every later use must
        read under the same name, and that read is judged where it is: the parameter is the
        attribute's, ``other-type`` as it is (as a dataclass's field and its keyword are).
        Its words are excluded so; returns whether they were."""
        character, table = self.object_character(key)
        if character not in ("plain", "other-model") or self.exception_class(key):
            return False
        if self.redirects_attributes(key):
            return False  # self.api_key = ... may land anywhere
        if character == "other-model":
            view = self.world.classes.get(key)
            if view is None or view.attrs.get(name) != "column":
                return False  # an association proxy, a hybrid: may write another row's
        if self.dumps_own_attributes(key):
            return False  # User(**vars(self)) hands every attribute on by its name
        if character == "plain" and self.binds_in_body(key, name):
            return False  # a property's setter: self.api_key = ... runs its code
        receiver = node.args.args[0].arg if node.args.args else None
        targets = kept_on_self(node, name, receiver)
        if targets is None:
            return False
        # another table's model keeps it in that table's column
        wanted = Exclusion.OTHER_TYPE if character == "plain" else Exclusion.OTHER_TABLE
        for target in targets:
            decided = self.ledger.decided.get(self.source.attr_start(target))
            if decided is None or decided[1] is not wanted:
                return False
        cls = self.class_name(key)
        if targets:
            what = (
                "a member of a class that maps no table"
                if character == "plain"
                else f"the column {table}.{name}"
            )
            detail = f"a parameter of {cls}(...), kept in its attribute {cls}.{name} only: {what}"
            reason = wanted
        else:
            detail = f"a parameter of {cls}(...), which it only tests"
            reason = Exclusion.LOCAL
        every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        positions = [
            (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
            for arg in every
            if arg.arg == name
        ] + [
            self.source.start(inner)
            for stmt in node.body
            for inner in ast.walk(stmt)
            if isinstance(inner, ast.Name) and inner.id == name
        ]
        self.ledger.settle(positions, reason, detail)
        return True

    def dumps_own_attributes(self, key: str) -> bool:
        """Whether the class ``key`` of this file reads its attributes by their names
        without spelling them (``vars(self)``, ``self.__dict__``, ``asdict(self)``): the
        parameter kept there may reach the model under its name (``User(**vars(self))``)
        with no read that spells it. A class this file does not hold may, for all it
        shows."""
        node = self.local_class_nodes.get(key)
        if node is None:
            return True
        return any(
            (isinstance(inner, ast.Attribute) and inner.attr == "__dict__")
            or (
                isinstance(inner, ast.Call)
                and (F.dotted(inner.func) or "").rpartition(".")[2] in ("vars", "asdict")
            )
            for inner in ast.walk(node)
        )

    def binds_in_body(self, key: str, name: str) -> bool:
        """Whether the class ``key`` of this file binds ``name`` in its body (a property
        with a setter, ``api_key = property(...)``, a descriptor): the constructor's
        ``self.api_key = ...`` then runs that code, which may write it anywhere."""
        node = self.local_class_nodes.get(key)
        if node is None:
            return True
        for stmt in node.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                return True
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and not isinstance(
                stmt.value, ast.Constant | None
            ):  # a plain default (api_key = None) runs nothing
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return True
        return False

    def redirects_attributes(self, key: str) -> bool:
        """Whether the class ``key`` (or a class of the project it derives from) defines
        ``__setattr__``, ``__getattr__`` or ``__getattribute__``: its attributes may be
        another object's."""
        return self._redirects(key, 0)

    def _redirects(self, key: str, depth: int) -> bool:
        special = {"__setattr__", "__getattr__", "__getattribute__"}
        view = self.world.classes.get(key)
        if view is not None:
            return bool(special & set(view.methods))
        node = self.local_class_nodes.get(key)
        module = self.types.module_scope
        if node is None or module is None or depth > 8:
            return True
        if any(
            isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name in special
            for s in node.body
        ):
            return True
        # a class of this file that the index lacks: its bases of the project may redirect
        # them (``class Creds(Forwarding)``, ``Forwarding.__setattr__`` in another module)
        return any(
            self._redirects(self.types.dotted(F.dotted(base) or "", module).key, depth + 1)
            for base in node.bases
            if F.dotted(base) != "object"
        )

    def decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """``@fee.setter``, ``@fee.expression``: the name in the decorator is the function's
        own (a wrapper's part), and ends where the function's name does."""
        name = self.source.def_name_start(node)
        decided = self.ledger.decided.get(name)
        for decorator in node.decorator_list:
            words = self.ledger.words_in(decorator)
            if not words or not isinstance(decorator, ast.Attribute):
                continue
            if decided is not None and decided[0] is Tier.REFERENCE:
                self.ledger.reference(words)
            elif decided is not None and decided[1] is not None:
                self.ledger.exclude(words, decided[1], decided[2])
            elif decided is not None:
                self.ledger.unexplained(words, decided[2])
            elif node.name == F.dotted(decorator.value):
                self.ledger.exclude(words, Exclusion.LOCAL, "the property being defined")

    def constructor_parameters(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, key: str
    ) -> None:
        """A parameter of the model's own ``__init__`` named like the column is the keyword
        ``Task(col=...)`` passes."""
        cls = self.class_name(key)
        for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
            if self.category(arg.arg) is not None:
                position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
                message = f"takes {arg.arg}= in {cls}.__init__ ({self.target.column})"
                self.add(position, Verdict(self.keyword_kind(arg.arg), CERTAIN, message))
                if _sets_own(node, arg.arg):
                    # if resource_group_id: self.resource_group_id = resource_group_id: the
                    # constructor's handling of the keyword is part of it
                    self.ledger.reference(
                        self.source.start(name)
                        for name in ast.walk(node)
                        if isinstance(name, ast.Name) and name.id == arg.arg
                    )

    def lookup_parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef, key: str) -> None:
        """``def by_openid(cls, openid): return meta.Session.query(cls).filter_by(
        openid=openid).first()``: a class method of the model that looks its rows up by the
        column with a parameter of the column's name, which it uses for nothing else
        (:func:`~colretire.analysis.facts.looked_up_by`), goes with the column: the
        parameter is a keyword reference, as its callers' arguments are
        (:meth:`~colretire.analysis.finder.calls.Calls.handed_to_model`)."""
        if I.self_kind(node) != I.CLASS:
            return
        params = [a for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
        if not params:
            return
        looked = set(F.looked_up_by(node, params[0].arg))
        cls = self.class_name(key)
        for arg in params[1:]:
            if arg.arg not in looked or self.category(arg.arg) is None:
                continue
            keywords = [
                keyword
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                for keyword in call.keywords
                if keyword.arg == arg.arg
            ]
            if not keywords or not all(
                self.ledger.is_reference(self.source.start(k)) for k in keywords
            ):
                continue
            position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
            message = (
                f"takes {arg.arg}= in {cls}.{node.name}, which looks rows up by "
                f"{self.target.column} with it"
            )
            self.add(position, Verdict(self.keyword_kind(arg.arg), CERTAIN, message))
            self.ledger.reference(
                self.source.start(name)
                for name in ast.walk(node)
                if isinstance(name, ast.Name) and name.id == arg.arg
            )

    def follow_values(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A parameter or local named like the column whose value this function writes into
        the column (``Task(col=col)``, ``task.col = col``): where it is written, the name is
        part of the write (the keyword, the assignment or the dict item that the reference
        stands for, and that goes with it). Its other words (its declaration, a test of it)
        are the local's: dropping the column breaks none of them, and the write that does
        break is reported, so they are excluded as a local, with the line of that write.
        A keyword that hands a caller's value to the parameter is judged at the call."""
        flowing: dict[str, int] = {}
        written: list[tuple[int, int]] = []
        for inner in ast.walk(node):
            for name, position, value in self._writes(inner):
                if self.ledger.is_reference(position):
                    flowing.setdefault(name, position[0])
                    flowing[name] = min(flowing[name], position[0])
                    written.append(self.source.start(value))
        if not flowing:
            return
        self.ledger.reference(written)
        for name, line in flowing.items():
            positions = []
            for inner in ast.walk(node):
                if isinstance(inner, ast.Name) and inner.id == name:
                    positions.append(self.source.start(inner))
                elif isinstance(inner, ast.arg) and inner.arg == name:
                    column = self.source.column(inner.lineno, inner.col_offset)
                    positions.append((inner.lineno, column))
            self.ledger.local_value(positions, line)

    def follow_reads(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A local named like the column that is assigned a read of one of its names that
        could not be judged (``x = row["col"]`` of a dict no model is proven to fill, ``x =
        obj.col`` of an object of unknown type) holds a value that may be the column's: its
        later uses are where that value goes, so they are left unexplained with the read.
        So are those of a local assigned a ``likely`` read (``x = obj.col`` where only the
        model has a ``col``): the owner is not proven, and a use that hands the value on
        (``obj.set_owner(x)``) would change with the column. After a proven read (``x =
        task.col``, a certain reference) the local is a local: the reference already stands
        for the use."""
        holding: dict[str, int] = {}
        why: dict[str, str] = {}
        keyed: dict[str, list[ast.Subscript]] = {}
        for inner in ast.walk(node):
            if not isinstance(inner, ast.Assign | ast.AnnAssign) or inner.value is None:
                continue
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            names = [t.id for t in targets if isinstance(t, ast.Name) and t.id in self.names]
            read = self._read_of_name(inner.value)
            if (
                names
                and read is not None
                and (self.ledger.is_unexplained(read) or self.only_likely(read))
            ):
                unjudged = self.ledger.is_unexplained(read)
                for name in names:
                    if inner.lineno < holding.get(name, inner.lineno + 1):
                        holding[name] = inner.lineno
                        why[name] = "could not be judged" if unjudged else "is only likely"
                    if isinstance(inner.value, ast.Subscript):
                        keyed.setdefault(name, []).append(inner.value)
        for name, reads in keyed.items():
            self.key_written(node, name, reads)
        for name, line in holding.items():
            positions = [
                self.source.start(inner)
                for inner in ast.walk(node)
                if isinstance(inner, ast.Name) and inner.id == name and inner.lineno >= line
            ]
            detail = f"holds what a read that {why[name]} returned (line {line})"
            self.ledger.reconsider(positions, detail)

    def only_likely(self, position: tuple[int, int]) -> bool:
        """Whether the reference at ``position`` is a ``likely`` one, and no certain one."""
        found = [r for (line, col, _), r in self.found.items() if (line, col) == position]
        return bool(found) and all(r.confidence != CERTAIN for r in found)

    def key_written(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, name: str, reads: list[ast.Subscript]
    ) -> None:
        """``revision_id = activity_dict["revision_id"]``, then ``model.Activity(user_id,
        object_id, revision_id, ...)``: a local named like the column, bound once, to the
        value of a key of the column's name, and whose every read is part of a reference
        (here the constructor's argument that sets the column): the key names the value
        the function writes into the column, a likely reference too (whose dict it reads
        is unknown)."""
        if len(reads) != 1:
            return
        bindings = [
            inner
            for inner in ast.walk(node)
            if (
                isinstance(inner, ast.Name)
                and inner.id == name
                and not isinstance(inner.ctx, ast.Load)
            )
            or (isinstance(inner, ast.arg) and inner.arg == name)
            or (isinstance(inner, ast.Global | ast.Nonlocal) and name in inner.names)
            or (isinstance(inner, ast.ExceptHandler) and inner.name == name)
            or (isinstance(inner, ast.alias) and (inner.asname or inner.name) == name)
        ]
        uses = [
            inner
            for inner in ast.walk(node)
            if isinstance(inner, ast.Name) and inner.id == name and isinstance(inner.ctx, ast.Load)
        ]
        nested = [
            inner
            for inner in ast.walk(node)
            if inner is not node
            and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        ]
        if len(bindings) != 1 or not isinstance(bindings[0], ast.Name) or not uses or nested:
            return
        if not all(self.ledger.is_reference(self.source.start(use)) for use in uses):
            return
        read = reads[0]
        message = (
            f"names {self.target.column} as the key of a value the function writes into the "
            "column (a dict of unknown type)"
        )
        self.add(self.source.start(read.slice), Verdict(K.STRING, LIKELY, message), read.slice)
        self.ledger.reference([self.source.start(bindings[0])])  # the local it is held in

    def _read_of_name(self, value: ast.expr) -> tuple[int, int] | None:
        """The position of the name that ``value`` reads, when it is a read of one of the
        column's names: ``obj.name``, ``obj["name"]`` or ``obj.get("name"[, default])``."""
        if isinstance(value, ast.Attribute) and value.attr in self.names:
            return self.source.attr_start(value)
        key: ast.expr | None = None
        if isinstance(value, ast.Subscript):
            key = value.slice
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "get"
            and value.args
        ):
            key = value.args[0]
        if isinstance(key, ast.Constant) and key.value in self.names:
            words = self.ledger.words_in(key)
            return words[0] if words else None
        return None

    def _writes(self, node: ast.AST) -> Iterator[tuple[str, tuple[int, int], ast.Name]]:
        """(value name, position of the written name, the value) for ``f(col=col)``,
        ``x.col = col`` and ``{"col": col}``, where the value is a bare name of the column's
        names."""
        if isinstance(node, ast.Call):
            for item in node.keywords:
                if item.arg and (value := self._written_name(item.value)):
                    yield value.id, self.source.start(item), value
        elif isinstance(node, ast.Assign) and (value := self._written_name(node.value)):
            for target in node.targets:
                if isinstance(target, ast.Attribute):
                    yield value.id, self.source.attr_start(target), value
        elif isinstance(node, ast.Dict):
            for key, item_value in zip(node.keys, node.values, strict=True):
                if key is not None and (value := self._written_name(item_value)):
                    words = self.ledger.words_in(key)
                    if words:
                        yield value.id, words[0], value

    def _written_name(self, value: ast.expr) -> ast.Name | None:
        """The name of the column's names that ``value`` writes: ``col``, or ``col or
        default``."""
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
            value = value.values[0]
        return value if isinstance(value, ast.Name) and value.id in self.names else None

    def visit_lambda(self, node: ast.Lambda, scope: I.Scope) -> None:
        self.parameters(node.args)
        self.visit(node.body, I.Scope(node, scope, "lambda"))

    def parameters(
        self,
        args: ast.arguments,
        carrier: str = "",
        by_name: bool = False,
        mirrored: frozenset[str] = frozenset(),
        confidence: Confidence = CERTAIN,
    ) -> set[str]:
        """A parameter named like the column is a local of the function; except that of a
        constructor (``carrier`` names its class): ``Job(function_fullname=...)`` may be
        how a domain object carries the column's value, which one file cannot tell, unless
        the class is proven to mirror the model in the field the constructor keeps it in
        under its own name (``mirrored``: ``self.floating_ip_id = floating_ip_id`` in a
        data class each model builds from its columns, one keyword each), where the
        parameter takes the column's value (with ``confidence``, the mirror's); and that of
        a function that reads its locals by name (``by_name``: ``locals()``), whose name
        becomes a key (``filter_by(**{k: v for k, v in locals().items()})``). Returns the
        names of the carrying parameters of a constructor."""
        carried: set[str] = set()
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None and arg.arg in self.names:
                position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
                named = arg is not args.vararg and arg is not args.kwarg
                if carrier and named and arg.arg in mirrored:
                    detail = (
                        f"takes {arg.arg}=, a field of {carrier}, a schema mirroring "
                        f"{self.target.column}"
                    )
                    self.add(position, Verdict(K.KEYWORD, confidence, detail, schema_field=arg.arg))
                elif carrier and named:
                    self.ledger.unexplained(
                        [position], f"a parameter of {carrier}(...), which may carry the column"
                    )
                    carried.add(arg.arg)
                elif by_name:
                    self.ledger.unexplained(
                        [position],
                        "a parameter of a function that reads its locals by name (locals(), "
                        "vars()): its name may be the column's, as a key",
                    )
                else:
                    self.ledger.exclude([position], Exclusion.LOCAL, "a parameter")
        return carried

    def visit_import(self, node: ast.Import | ast.ImportFrom, scope: I.Scope) -> None:
        """An import of a module or a name spelt like the column binds a local name."""
        self.ledger.exclude(self.ledger.words_in(node), Exclusion.LOCAL, "an import")

    def visit_global(self, node: ast.Global | ast.Nonlocal, scope: I.Scope) -> None:
        self.ledger.exclude(self.ledger.words_in(node), Exclusion.LOCAL, "a variable")

    def visit_except(self, node: ast.ExceptHandler, scope: I.Scope) -> None:
        if node.name in self.names:
            line = self.source.line_text(node.lineno)
            found = re.search(rf"\bas\s+({re.escape(node.name)})\b", line)
            if found:
                position = (node.lineno, found.start(1) + 1)
                self.ledger.exclude([position], Exclusion.LOCAL, "a variable")
        self.children(node, scope)

    def visit_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, scope: I.Scope
    ) -> None:
        inner = I.Scope(node, scope, "comprehension")
        for position, generator in enumerate(node.generators):
            self.ledger.exclude(
                self.ledger.words_in(generator.target), Exclusion.LOCAL, "a variable"
            )
            # the first iterable is evaluated where the comprehension is; the others inside it
            self.visit(generator.iter, scope if position == 0 else inner)
            self.visit_all(generator.ifs, inner)
        self.children_of_comprehension(node, inner)

    def children_of_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, inner: I.Scope
    ) -> None:
        if isinstance(node, ast.DictComp):
            self.visit_all([node.key, node.value], inner)
        else:
            self.visit(node.elt, inner)

    def visit_annassign(self, node: ast.AnnAssign, scope: I.Scope) -> None:
        self.annotation_evidence(node.annotation, scope)
        self.children(node, scope)

    def visit_for(self, node: ast.For | ast.AsyncFor, scope: I.Scope) -> None:
        """``for key, value in body.model_dump().items(): setattr(task, key, value)``: the
        schema gives the model every field of the same name."""
        if (
            isinstance(node.iter, ast.Call)
            and isinstance(node.iter.func, ast.Attribute)
            and node.iter.func.attr == "items"
        ):
            schema = self.dumped_schema(self.followed(node.iter.func.value, scope), scope)
            for inner in ast.walk(node):
                if (
                    schema
                    and isinstance(inner, ast.Call)
                    and F.last_name(inner.func) == "setattr"
                    and inner.args
                ):
                    model = self.mapped(self.types.expr(inner.args[0], scope))
                    if model:
                        self.mirrors.add(
                            Mirror(
                                schema, model, why="sets every field on the model", to_model=True
                            )
                        )
        self.children(node, scope)

    def visit_assign(self, node: ast.Assign, scope: I.Scope) -> None:
        self.sent_dict(node, scope)
        for target in node.targets:
            self.assign_evidence(target, node.value, scope)
            if (
                isinstance(target, ast.Subscript)
                and id(target) not in self.foreign_payloads
                and self.model_related([node.value], scope)
            ):
                self.contexts[id(target)] = CERTAIN
            elif isinstance(target, ast.Subscript):
                self.written_apart.add(id(target))
        self.children(node, scope)

    def visit_expr(self, node: ast.Expr, scope: I.Scope) -> None:
        if F.string_value(node.value) is not None:
            # a docstring or a bare string statement: prose, not a use
            self.ledger.exclude(self.ledger.words_in(node), Exclusion.COMMENT, "a docstring")
            return
        self.children(node, scope)


def _sets_own(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether the ``__init__`` ``node`` assigns its parameter ``name`` to ``self.name``:
    itself, or with a default (``name or ""``, ``name if name is not None else
    "http://" + mail_host``, whose test reads nothing but the parameter)."""
    return any(
        isinstance(inner, ast.Assign)
        and _given_itself(inner.value, name)
        and any(
            isinstance(t, ast.Attribute)
            and t.attr == name
            and isinstance(t.value, ast.Name)
            and t.value.id == "self"
            for t in inner.targets
        )
        for inner in ast.walk(node)
    )


def _given_itself(value: ast.expr, name: str) -> bool:
    """Whether ``value`` is the parameter ``name``, or it with a default (see
    :func:`_sets_own`)."""
    if isinstance(value, ast.Name):
        return value.id == name
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        return _given_itself(value.values[0], name)
    if isinstance(value, ast.IfExp):
        tested = {n.id for n in ast.walk(value.test) if isinstance(n, ast.Name)}
        return tested == {name} and (
            _given_itself(value.body, name) or _given_itself(value.orelse, name)
        )
    return False


def kept_on_self(
    node: ast.FunctionDef | ast.AsyncFunctionDef, name: str, receiver: str | None
) -> list[ast.Attribute] | None:
    """The attributes ``receiver.name`` (``self.api_key``) to which the function ``node``
    assigns its parameter ``name`` itself (``self.api_key = api_key``, or with a default:
    ``api_key or ""``), where every other use of it only tests it (``if api_key:``, ``if
    api_key is None:``); ``None`` where it is used otherwise (handed to a call, formatted,
    stored elsewhere or under another name, assigned anew, read in a nested function); its
    comparisons (``direction == StudyDirection.MINIMIZE``) and the message of an exception
    it raises count as tests."""
    if receiver is None or name == receiver:
        return None
    parents: dict[int, ast.AST] = {}
    for above in ast.walk(node):
        for below in ast.iter_child_nodes(above):
            parents[id(below)] = above
    targets: list[ast.Attribute] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and (
            inner is not node
        ):
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner)):
                return None
            continue
        if not (isinstance(inner, ast.Name) and inner.id == name):
            continue
        if not isinstance(inner.ctx, ast.Load):
            return None  # assigned anew (or deleted): another value
        parent = parents.get(id(inner))
        value, parent = F.with_default(inner, parent, parents)
        if isinstance(parent, ast.Assign | ast.AnnAssign) and parent.value is value:
            stored = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if not all(
                isinstance(t, ast.Attribute)
                and t.attr == name
                and isinstance(t.value, ast.Name)
                and t.value.id == receiver
                for t in stored
            ):
                return None
            targets += [t for t in stored if isinstance(t, ast.Attribute)]
            continue
        child: ast.AST = inner
        while isinstance(parent, ast.BoolOp):  # a or b: either value, tested below
            child, parent = parent, parents.get(id(parent))
        if isinstance(parent, ast.Compare) or (
            isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not)
        ):
            continue  # compared or negated: a flag is made of it, not a copy
        if isinstance(parent, ast.If | ast.While | ast.IfExp) and parent.test is child:
            continue
        if not _raised(inner, parents):
            return None
    return targets


def _raised(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Whether ``node`` is part of the exception a ``raise`` statement raises (its message:
    ``raise ValueError(f"step must be positive, got {step}")``)."""
    above = parents.get(id(node))
    while above is not None:
        if isinstance(above, ast.Raise):
            return True
        if isinstance(above, ast.stmt):
            return False
        above = parents.get(id(above))
    return False


def _reads_locals(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the function's own code (not a nested function's) calls ``locals()`` or
    ``vars()`` without an argument: a dict of its locals, by name."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        inner = stack.pop()
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Name)
            and inner.func.id in ("locals", "vars")
            and not inner.args
            and not inner.keywords
        ):
            return True
        stack.extend(ast.iter_child_nodes(inner))
    return False
