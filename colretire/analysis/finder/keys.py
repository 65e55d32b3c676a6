"""Strings used as the column's name in containers: dict keys, field lists (``load_only``,
``exclude={...}``, insert rows), and subscripts (``row["col"]``, ``request.form["col"]``)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import handon, records
from colretire.analysis import infer as I
from colretire.analysis.accounting import Handoff
from colretire.analysis.answering import bound_once, parent_map
from colretire.analysis.finder import required, validating
from colretire.analysis.finder.base import (
    CERTAIN,
    LIKELY,
    VERBS,
    K,
    Verdict,
    unproven,
)
from colretire.analysis.finder.columnvalues import ColumnValues
from colretire.analysis.finder.verdicts import Verdicts
from colretire.analysis.index import (
    MAPPED,
    import_target,
)
from colretire.analysis.spreads import ECHOED_KEY
from colretire.analysis.target import ClassView, SchemaMatch
from colretire.model import Confidence, Exclusion

#: How a name the view requires of the web request's payload is excluded.
_REQUIRED = "a field the view requires of the web request"

#: Attributes of a web request that hold the server's objects, not the client's fields: the
#: application (and its state and configuration), per-request state, the session, the user.
_SERVER_SIDE = frozenset({"app", "state", "session", "user", "auth", "scope", "config"})


#: Pydantic's decorators of a validator of the whole object, given what the schema is
#: validated from (or its fields) under the fields' names
_WHOLE_VALIDATORS = frozenset({"model_validator", "root_validator"})


class Keys(Verdicts, ColumnValues):
    """Judges dict keys, sequences of names and subscripts."""

    def visit_dict(self, node: ast.Dict, scope: I.Scope) -> None:
        payload = self.contexts.get(id(node))
        # a dict given whole to another table's model carries its keywords, whatever
        # model its values are read from
        foreign = self.foreign_payloads.get(id(node)) if payload is None else None
        related = payload or (
            CERTAIN if foreign is None and self.model_related(node.values, scope) else None
        )
        texts = [F.string_value(key) for key in node.keys if key is not None]
        owners = (
            self.list_owners({t for t in texts if t})
            if related is None and len(texts) == len(node.keys) and all(texts)
            else ()
        )
        for key, value in zip(node.keys, node.values, strict=True):
            text = F.string_value(key)
            if key is None or text is None or text not in self.key_names or id(key) in self.handled:
                continue
            self.handled.add(id(key))
            if foreign is not None:
                self.foreign_key(key, text, foreign)
                continue
            verdict = self.dict_key_verdict(text, value, related, scope, payload is not None)
            if verdict is not None:
                self.add(self.source.start(key), verdict, key)
            elif id(node) in self.set_by_name:  # set by name on a row: its attribute
                self.ledger.unexplained(self.ledger.words_in(key), self.set_by_name[id(node)])
            elif (echoed := self.echoes_another_owner(text, value, scope)) is not None:
                if echoed.startswith("other-table: "):
                    detail = f"{ECHOED_KEY}{echoed.removeprefix('other-table: ')}"
                    self.ledger.exclude(self.ledger.words_in(key), Exclusion.OTHER_TABLE, detail)
                else:
                    detail = f"a key whose value is read from {echoed}"
                    self.ledger.unexplained(self.ledger.words_in(key), detail)
            elif owners:
                detail = f"a key of {', '.join(owners)} in a dict whose other keys fit only it"
                self.ledger.exclude(self.ledger.words_in(key), Exclusion.OTHER_TABLE, detail)
            elif id(node) in self.given_to_library:
                library, detail = self.given_to_library[id(node)]
                if library:
                    self.exclude_as_library(self.ledger.words_in(key), library, text, detail)
                else:
                    self.ledger.exclude(self.ledger.words_in(key), Exclusion.PROSE, detail)
            elif text in self.target.attr_names and (fit := self.record_of_model(node)):
                # the column's own name only: a relationship's (``'server'``) may be a
                # value of another kind under the same key (``user.url``)
                self.add(self.source.start(key), fit, key)
        self.children(node, scope)

    def record_of_model(self, node: ast.Dict) -> Verdict | None:
        """The likely verdict on a key of a dict whose keys are a record of the column's
        model (see :mod:`~colretire.analysis.records`)."""
        if not (records.validator_values(node) or id(node) in self.row_fields()):
            return None
        keys = [F.string_value(key) if key is not None else None for key in node.keys]
        ours, others = self.record_fields()
        fit = records.record_fit(keys, ours, self.key_names, others)
        if fit is None:
            return None
        model = self.target.model_name or "the model"
        message = (
            f"names {self.target.column} as a key of a dict whose keys are fields of {model} "
            f"({fit.fitting} of {fit.keys}; no other model has more than {fit.runner_up})"
        )
        return Verdict(K.STRING, LIKELY, message)

    def row_fields(self) -> frozenset[int]:
        """The versioned objects' ``fields`` dicts of the file (:func:`records.row_fields`),
        found once."""
        cached: frozenset[int] | None = getattr(self, "_row_fields", None)
        if cached is None:
            cached = self._row_fields = records.row_fields(self.source.tree)
        return cached

    def record_fields(self) -> tuple[frozenset[str], list[frozenset[str]]]:
        """The fields of the column's models, and those of every other mapped class."""
        cached = getattr(self, "_record_fields", None)
        if cached is None:
            models = {k for k in self.world.classes if self.is_model(k)}
            extra = self.target.table_columns
            cached = records.fields_of(self.world, models, self.target.table, extra)
            self._record_fields = cached
        return cached

    def dict_key_verdict(
        self,
        text: str,
        value: ast.expr,
        related: Confidence | None,
        scope: I.Scope,
        payload: bool = False,
    ) -> Verdict | None:
        """The verdict on the dict key ``text`` whose value is ``value``. In a dict proven
        to be handed whole to the model (``payload``) the key names the model's column
        whatever its value reads: ``{"job_id": step.job_id}`` given to ``StepMetrics(**d)``
        fills ``step_metrics.job_id`` from ``steps.job_id``."""
        column = self.target.column
        kind = (
            K.RELATIONSHIP if text in self.rel_names and text not in self.string_names else K.STRING
        )
        if not payload and self.echoes_another_owner(text, value, scope) is not None:
            return None
        if related is not None:
            return Verdict(
                kind,
                related,
                f"names {column} as a dict key of a payload built from a {self.target.model_name or 'model'}",
            )
        echoed = isinstance(value, ast.Attribute) and value.attr == text
        if text in self.string_names and echoed:
            assert isinstance(value, ast.Attribute)
            if self.types.expr(value.value, scope).kind in (I.UNKNOWN, I.NAME):
                return unproven(
                    Verdict(
                        kind,
                        LIKELY,
                        f"names {column} as a dict key whose value is .{text} of an unknown object",
                    )
                )
        return None

    def echoes_another_owner(self, text: str, value: ast.expr, scope: I.Scope) -> str | None:
        """Whether a dict value reads the key's name from an object that is evidently not
        ours, so that the key follows that object: ``{"col": order.col}``,
        ``{"customer": invoice.customer.email}`` (``.customer`` of an ``Invoice``), or a row
        of another table's columns. ``None`` when it does not (no such read, or one on our
        model or an object of unknown type); ``other-table: TABLE.NAME`` when every such
        object is of another table's model or row (the key is that table's column), else
        what the object is: a class that maps no table (``{"is_subdag": dag.is_subdag}``
        of a ``DAG``) says nothing of where the dict goes, which may be our model."""
        echoes = [node for node in _chain(value) if node.attr == text]
        owners: list[str] = []
        for node in echoes:
            owner = self.types.expr(node.value, scope)
            if owner.kind in (I.INSTANCE, I.CLASS):
                if self.is_model(owner.key) or self.schema(owner.key):
                    return None
                character, detail = self.object_character(owner.key)
                if character == "base":
                    return None  # the object may be our model's
                if character == "other-model":
                    owners.append(f"other-table: {detail}.{text}")
                else:
                    what = {"plain": "a class that maps no table", "library": "a library's class"}
                    owners.append(f"a {self.class_name(owner.key)}, {what.get(character, detail)}")
            elif (
                owner.kind == I.ROW
                and self.row_verdict(owner.key, text, "") is None
                and not self.row_unknown_giver(owner.key, text)
                and not self.row_other_attribute(owner.key, text)
            ):
                tables = sorted({t for t, _ in I.core_entries(owner.key) if t})
                owners.append(f"other-table: {', '.join(tables)}.{text}")
            else:
                return None
        if not owners:
            return None
        return next((o for o in owners if not o.startswith("other-table: ")), owners[0])

    def visit_sequence(self, node: ast.List | ast.Tuple | ast.Set, scope: I.Scope) -> None:
        texts = [F.string_value(item) for item in node.elts]
        if node.elts and all(text is not None for text in texts):
            hits = [
                (item, text)
                for item, text in zip(node.elts, texts, strict=True)
                if text in self.names and id(item) not in self.handled
            ]
            if hits and id(node) in self.other_builders:
                callee, tables = self.other_builders[id(node)]
                detail = f"a column of {', '.join(sorted(tables))} given to {callee}()"
                for item, _ in hits:
                    self.handled.add(id(item))
                    self.ledger.exclude(self.ledger.words_in(item), Exclusion.OTHER_TABLE, detail)
            elif hits and (value := self.tested_values(node, scope)) is not None:
                for item, _ in hits:  # member.role in ("lead", "owner")
                    self.handled.add(id(item))
                    words = self.ledger.words_in(item)
                    self.ledger.exclude(words, Exclusion.OTHER_TABLE, value)
            elif hits and self.required_of_request(node, scope):
                for item, _ in hits:  # post_data.keys() >= {"display_ascent", ...}
                    self.handled.add(id(item))
                    words = self.ledger.words_in(item)
                    self.ledger.exclude(words, Exclusion.FRAMEWORK, _REQUIRED)
            elif hits:
                confidence = self.contexts.get(id(node))
                if confidence is None and self.tested.get(id(node), True):
                    confidence = self.list_confidence({t for t in texts if t})
                where = (
                    f"the columns given to {self.builders[id(node)]}() with the table's name"
                    if id(node) in self.builders
                    else "a list of field names"
                )
                if confidence is not CERTAIN and (accessed := self.accessed_names(node, scope)):
                    confidence, where = CERTAIN, accessed
                fields = confidence is None and self.tested.get(id(node), True)
                owners = self.list_owners({t for t in texts if t}) if fields else ()
                for item, text in hits:
                    self.handled.add(id(item))
                    if owners:
                        detail = f"a field of {', '.join(owners)} in a list whose other names fit only it"
                        self.ledger.exclude(
                            self.ledger.words_in(item), Exclusion.OTHER_TABLE, detail
                        )
                    elif confidence is not None and (
                        text in self.string_names or confidence == CERTAIN
                    ):
                        kind = (
                            K.RELATIONSHIP
                            if text in self.rel_names and text not in self.string_names
                            else K.STRING
                        )
                        verdict = Verdict(
                            kind, confidence, f"names {self.target.column} in {where}"
                        )
                        if confidence is LIKELY:
                            verdict = unproven(verdict)
                        self.add(self.source.start(item), verdict, item)
                    elif confidence is None and id(node) in self.tested:
                        detail = "a string a value is tested against, not shown to be a field name"
                        self.ledger.unexplained(self.ledger.words_in(item), detail)
        self.children(node, scope)

    def visit_compare(self, node: ast.Compare, scope: I.Scope) -> None:
        """``value in {"a", "b"}``: the strings are field names as far as the value is one,
        a name the function also uses as an attribute's or a key's (``setattr(challenge,
        attr, value)``, ``data[arg]``); not a value read off an object (``exc.result.reason``,
        a denial's reason code that happens to spell the model's attributes)."""
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn) and isinstance(
                right, ast.List | ast.Tuple | ast.Set
            ):
                names_field = isinstance(left, ast.Name) and _names_fields(left.id, scope)
                self.tested[id(right)] = names_field
            elif (
                isinstance(op, ast.In | ast.NotIn)
                and F.string_value(left) in self.key_names
                and self.from_request(right, scope)
                and _only_read_by_key(right, scope.node)
            ):
                # "passfile" in data, data the request's form: whether the client sent it
                words = self.ledger.words_in(left)
                self.ledger.exclude(words, Exclusion.FRAMEWORK, "a field of the web request")
            elif isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Name):
                self.dump_key_tested(left, right, scope)
            left = right
        self.children(node, scope)

    def dump_key_tested(self, key: ast.expr, dump: ast.Name, scope: I.Scope) -> None:
        """``"access_control" in form_data`` of ``form_data = form_data.model_dump(
        exclude_unset=True)``: a field of a schema proven to mirror the model, whether the
        client set it."""
        self.dump_key(key, dump, "tested in", scope)

    def dump_key(self, key: ast.expr, dump: ast.Name, how: str, scope: I.Scope) -> None:
        """The string ``key``, used on ``dump`` (a local bound to a schema's dump) as ``how``
        says: a reference where the schema is proven to mirror the model and dumps it."""
        text = F.string_value(key)
        if text is None or text not in self.key_names:
            return
        dumped = self.dumped_by(dump, scope)
        if dumped is None or not dumped.dumps_key(text, self.target.schema_wanted):
            return
        self.handled.add(id(key))
        column = self.target.column
        verdict = Verdict(
            K.STRING,
            CERTAIN,
            f"names {column} as a key {how} the dict a schema of {dumped.model} dumps",
        )
        self.add(self.source.start(key), verdict, key)

    def required_of_request(self, node: ast.List | ast.Tuple | ast.Set, scope: I.Scope) -> bool:
        """Whether the names are those the function requires of the web request's payload
        (:mod:`~colretire.analysis.finder.required`), a payload it reads only by key."""
        if scope.kind != "function":
            return False
        payloads = required.compared_keys(node, scope.node)
        return bool(payloads) and all(
            self.from_request(payload, scope) and _only_read_by_key(payload, scope.node)
            for payload in payloads or ()
        )

    def accessed_names(self, node: ast.List | ast.Tuple | ast.Set, scope: I.Scope) -> str | None:
        """Where a list of names is read off (or set on) a model of the table by name: a loop
        over it, or over the name it is bound to in the same function, that gives each item
        to ``getattr``/``setattr`` on an instance of the model (``columns = ('id', 'openid')``,
        ``for col in columns: getattr(user, col)``, ``user`` a ``User``); ``None`` else."""
        body = scope.node
        if scope.kind not in ("function", "module"):
            return None
        holders = {
            inner.targets[0].id
            for inner in ast.walk(body)
            if isinstance(inner, ast.Assign)
            and len(inner.targets) == 1
            and isinstance(inner.targets[0], ast.Name)
            and _holds(inner.value, node)
        }
        # at the top of a module, its own statements: a method's loops are read with the
        # method's scope below, where ``self`` is the instance
        walked = _outside_definitions(body) if scope.kind == "module" else ast.walk(body)
        for loop in walked:
            if isinstance(loop, ast.For | ast.AsyncFor) and _iterates(
                loop.iter, node, holders, self.names
            ):
                found = self.loop_accesses(loop, scope)
                if found is not None:
                    return found
        if scope.kind == "module" and holders:
            return self.methods_accessing(body, holders, scope)
        return None

    def methods_accessing(self, module: ast.AST, holders: set[str], scope: I.Scope) -> str | None:
        """A list bound at the top of the module (``CORE_RESOURCE_COLUMNS = [...]``) that a
        function of the module or a method of one of its classes iterates, whole or in part
        (``for key in set(CORE_RESOURCE_COLUMNS) - set(base_columns): setattr(self, key,
        ...)``), where it binds no name of its own so spelt: the same search, in the
        function's own scope (a method's ``self`` the instance)."""
        functions: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, I.Scope]] = []
        for top in getattr(module, "body", []):
            if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.append((top, I.Scope(top, scope, "function")))
            if not isinstance(top, ast.ClassDef):
                continue
            inner = I.Scope(top, scope, "class", f"{self.module}.{top.name}")
            for method in top.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                function = I.Scope(method, inner, "function", inner.class_key)
                function.self_kind = I.self_kind(method)
                functions.append((method, function))
        for method, function in functions:
            mine = holders - set(function.bindings())
            for loop in ast.walk(method):
                if isinstance(loop, ast.For | ast.AsyncFor) and _iterates(
                    loop.iter, None, mine, self.names
                ):
                    found = self.loop_accesses(loop, function)
                    if found is not None:
                        return found
        return None

    def loop_accesses(self, loop: ast.For | ast.AsyncFor, scope: I.Scope) -> str | None:
        """Where the loop gives each item to ``getattr``/``setattr`` on an instance of the
        model, how to say so."""
        if not isinstance(loop.target, ast.Name):
            return None
        variable = loop.target.id
        for call in ast.walk(loop):
            if (
                isinstance(call, ast.Call)
                and F.last_name(call.func) in ("getattr", "setattr")
                and len(call.args) >= 2
                and isinstance(call.args[1], ast.Name)
                and call.args[1].id == variable
            ):
                owner = self.types.expr(call.args[0], scope)
                if owner.kind == I.INSTANCE and self.is_model(owner.key):
                    accessor = F.last_name(call.func)
                    return f"a list of names given one by one to {accessor}() on a {self.class_name(owner.key)}"
        return None

    def list_confidence(self, texts: set[str]) -> Confidence | None:
        """A list of field names is ours when its other names are our model's attributes,
        another model's when they fit only that model, likely otherwise."""
        others = texts - self.names
        if not others:
            return LIKELY
        ours_fit, fitting = self.list_fit(texts)
        if ours_fit and not fitting:
            return CERTAIN
        if fitting and not ours_fit:
            return None
        return LIKELY

    def list_owners(self, texts: set[str]) -> tuple[str, ...]:
        """The tables of the other models a list of field names fits, when it does not fit
        ours: ``["bracket", "captain_id"]`` in a ``Teams`` schema, where ``users`` has a
        ``bracket`` too but no ``captain_id``. Its name of ours is that model's field."""
        if not texts - self.names:
            return ()
        ours_fit, fitting = self.list_fit(texts)
        return () if ours_fit else tuple(sorted({view.table or view.name for view in fitting}))

    def list_fit(self, texts: set[str]) -> tuple[bool, list[ClassView]]:
        """Whether the names of ``texts`` other than the column's are all attributes of our
        model, and the other mapped classes that have the column's name and all of those."""
        others = texts - self.names
        ours = set().union(
            *(
                self.world.classes[k].attrs
                for k in self.target.model_keys
                if k in self.world.classes
            )
        )
        hit = texts & self.names
        proxies = self.target.proxies
        # every mapped class of the project, for every list: the names tested one by one
        # (a list has few) rather than each class's attributes made a set
        siblings = [
            view for key, view in self.world.classes.items()
            if view.kind == MAPPED
            and any(n in view.attrs and n not in proxies.get(key, ()) for n in hit)
            and not self.is_model(key)
        ]  # fmt: skip
        return others <= ours, [view for view in siblings if all(n in view.attrs for n in others)]

    def visit_subscript(self, node: ast.Subscript, scope: I.Scope) -> None:
        text = F.string_value(node.slice)
        if text is not None and text in self.key_names:
            self.handled.add(id(node.slice))
            owner = self.types.expr(node.value, scope)
            # written into a dict given to another table's model alone; one also handed
            # elsewhere is judged as any other write (never certain: see visit_assign)
            foreign = self.foreign_payloads.get(id(node))
            if foreign is not None and foreign[1] and id(node) not in self.payload_keys:
                self.foreign_key(node.slice, text, foreign)
                self.children(node, scope)
                return
            if owner.kind == I.COLUMNS:  # tasks_table.c["col"]: the column, like .c.col
                verb = VERBS.get(type(node.ctx), "uses")
                verdict = self.table_column_verdict(owner.key, text, verb, owner.via)
                self.add(self.source.start(node), verdict, node.slice)
            else:
                verdict = self.subscript_verdict(node, text, scope)
                if verdict is not None and verdict.unproven and self.written_echo(node, scope):
                    verdict = None  # d["col"] = order.col: excluded below, the key follows it
                self.add(self.source.start(node.slice), verdict, node.slice)
            if verdict is None:
                self.exclude_key(node, owner, scope)
            if verdict is None or verdict.unproven:
                self.validated_handoff(node, scope)
        self.children(node, scope)

    def validated_handoff(self, node: ast.Subscript, scope: I.Scope) -> None:
        """A key left undecided, written into a dict the function then validates against
        what a function of the project returns: for the pass that reads that function
        (:mod:`~colretire.analysis.validated`)."""
        if scope.kind != "function" or not isinstance(
            scope.node, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            return
        call = validating.schema_call(node, scope.node)
        if call is None:
            return
        ty = self.types.expr(call.func, scope)
        callee = handon.callee_name(self.module, self.source.tree, call.func, ty.kind, ty.key, None)
        if callee is None:
            return
        for line, col in self.ledger.words_in(node.slice):  # the pass skips a decided one
            handoff = Handoff(self.source.path, line, col, callee, "", key=True, validated=True)
            self.handoffs.append(handoff)

    def exclude_key(self, node: ast.Subscript, owner: I.Ty, scope: I.Scope) -> None:
        words = self.ledger.words_in(node.slice)
        if owner.kind == I.COLUMNS:
            self.ledger.exclude(words, Exclusion.OTHER_TABLE, f"a column of {owner.key}")
        elif id(node) in self.set_by_name:  # set by name on a row: its attribute
            self.ledger.unexplained(words, self.set_by_name[id(node)])
        elif self.from_request(node.value, scope):
            self.ledger.exclude(words, Exclusion.FRAMEWORK, "a field of the web request")
        elif self.sibling_owner(node.value, F.string_value(node.slice) or "", scope):
            self.ledger.exclude(words, Exclusion.OTHER_TABLE, "a key of another model's object")
        elif (echoed := self.written_echo(node, scope)) is not None:
            detail = f"a key written with a value that reads {echoed}"
            self.ledger.exclude(words, Exclusion.OTHER_TABLE, detail)

    def written_echo(self, node: ast.Subscript, scope: I.Scope) -> str | None:
        """``d["options"] = source.options.to_dict()`` where ``source`` is proven a row of
        another table's model: the key follows that object, as the key of a dict literal
        does (:meth:`echoes_another_owner`), ``TABLE.NAME``; ``None`` otherwise."""
        text = F.string_value(node.slice)
        if text is None or not isinstance(node.ctx, ast.Store):
            return None
        if self._parents is None:
            self._parents = parent_map(self.source.tree)
        statement = self._parents.get(id(node))
        if not isinstance(statement, ast.Assign) or statement.targets != [node]:
            return None
        function = scope.node
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and (
            validating.schema_call(node, function) is not None
        ):
            return None  # validated into a schema: left to that pass
        echoed = self.echoes_another_owner(text, statement.value, scope)
        if echoed is None or not echoed.startswith("other-table: "):
            return None
        return echoed.removeprefix("other-table: ")

    def subscript_verdict(self, node: ast.Subscript, text: str, scope: I.Scope) -> Verdict | None:
        owner = self.types.expr(node.value, scope)
        column = self.target.column
        kind = (
            K.RELATIONSHIP if text in self.rel_names and text not in self.string_names else K.STRING
        )
        if id(node) in self.payload_keys:  # data["col"] = ... of a dict handed to the model
            how = "read from" if id(node) in self.payload_reads else "written into"
            return Verdict(
                kind,
                self.contexts[id(node)],
                f"names {column} as a key {how} a payload handed whole to the model",
            )
        if owner.kind == I.PAYLOAD and id(node) in self.written_apart:
            # a dict built from the model's attributes may be handed to another model, and
            # a key written into it from elsewhere (Fides's current-preference data, built
            # from a history row, given a "tcf_version" for CurrentPrivacyPreference) is
            # not shown to be the model's
            return unproven(
                Verdict(
                    kind,
                    LIKELY,
                    f"names {column} as a key written into a payload built from a {self.target.model_name or 'model'}, from a value that is not the model's",
                )
            )
        if (keyword := self.own_init_keyword(node, text, scope)) is not None:
            return keyword
        if (validated := self.validator_values(node, text, scope)) is not None:
            return validated
        if (by_name := self.attribute_by_name(node, owner, text)) is not None:
            return by_name
        if (keyed := self.keyed_instance(node, owner, text)) is not None:
            return keyed
        if id(node) in self.contexts or owner.kind == I.PAYLOAD:
            return Verdict(
                kind,
                CERTAIN,
                f"names {column} as a key of a payload built from a {self.target.model_name or 'model'}",
            )
        dumped = self.dumped_by(node.value, scope) if owner.kind in (I.UNKNOWN, I.NAME) else None
        if dumped is not None and dumped.dumps_key(text, self.target.schema_wanted):
            return Verdict(
                kind,
                CERTAIN,
                f"names {column} as a key of the dict a schema of {dumped.model} dumps",
            )
        if (
            owner.kind in (I.UNKNOWN, I.NAME)
            and isinstance(node.ctx, ast.Load)
            and text in self.key_names
            and (named := self.keyed_like_model(node.value, text, scope)) is not None
            and not self.sibling_owner(node.value, text, scope)
            and not self.from_request(node.value, scope)
        ):
            return named
        if owner.kind in (I.UNKNOWN, I.NAME) and text in self.string_names:
            if self.sibling_owner(node.value, text, scope) or self.from_request(node.value, scope):
                return None
            return unproven(
                Verdict(kind, LIKELY, f"names {column} as a key of an object of unknown type")
            )
        return None

    def validator_values(self, node: ast.Subscript, text: str, scope: I.Scope) -> Verdict | None:
        """``values["payment_id"]`` in a whole-object validator of a schema proven to mirror
        the model in that field (Pydantic's ``@model_validator(mode="before")``, v1's
        ``@root_validator``; Bitcart's ``DisplayInvoice.set_price``): ``values`` is what the
        schema is validated from, or its fields, under the fields' names; the key is the
        field's. Only the validator's own parameter, never bound again in it."""
        function: I.Scope | None = scope
        while function is not None and function.kind not in ("function", "lambda"):
            function = function.parent
        if function is None or not isinstance(
            function.node, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            return None
        method = function.node
        decorators = {
            F.last_name(d.func if isinstance(d, ast.Call) else d) for d in method.decorator_list
        }
        if not decorators & _WHOLE_VALIDATORS or not function.class_key:
            return None
        match = self.schema(function.class_key)
        params = [*method.args.posonlyargs, *method.args.args]
        if match is None or text not in match.fields or len(params) < 2:
            return None
        values = params[1].arg
        if not (isinstance(node.value, ast.Name) and node.value.id == values):
            return None
        if not bound_once(method, values):
            return None  # bound again: not the values the schema is validated from
        cls = self.class_name(function.class_key)
        return Verdict(
            K.SCHEMA_FIELD,
            match.confidence,
            f"names {cls}.{text}, a field of a schema mirroring {self.target.column}, as a key "
            f"of the values its validator {method.name}() reads",
            schema_field=text,
        )

    def keyed_like_model(self, value: ast.expr, text: str, scope: I.Scope) -> Verdict | None:
        """``share_network["neutron_net_id"]`` (or ``share_network.get("neutron_net_id")``)
        on an object of unknown type named as the model's instances are
        (:meth:`named_like_model`), where the model's class gives its attributes by key
        (oslo.db's ``ModelBase``, :mod:`~colretire.analysis.librarybases`) and the key is the
        column's attribute: ``likely``, as the attribute read is. So is the key of the other
        side of a relationship built on the column (``share_network["share_servers"]``) on an
        object named as that class's instances are, where that class gives its attributes by
        key."""
        column = self.target.column
        if (category := self.category(text)) is not None:
            bases = self.keyed_bases(self.target.model_keys)
            spelt = self.named_like_model(value, scope, attr=text, by_key=True) if bases else None
            if spelt is None:
                return None
            found = self.categorised(
                category,
                text,
                self.target.model_name or "model",
                "reads",
                "unknown",
                LIKELY,
            )
            return replace(
                found,
                kind=K.STRING,
                message=f"{found.message} by key; the object is named {spelt}, as the model's "
                f"instances are, and the model gives its attributes by key ({bases[0]})",
            )
        for key, names in sorted(self.target.reverse.items()):
            if text not in names or self.is_model(key):
                continue
            bases = self.keyed_bases([key])
            spelt = self.named_like_model(value, scope, [key]) if bases else None
            if spelt is None:
                continue
            cls = self.class_name(key)
            return Verdict(
                K.RELATIONSHIP,
                LIKELY,
                f"reads {cls}.{text} by key, the other side of the relationship built on "
                f"{column}; the object is named {spelt}, as {cls}'s instances are, and "
                f"{cls} gives its attributes by key ({bases[0]})",
            )
        return None

    def keyed_bases(self, keys: Iterable[str]) -> list[str]:
        """The last names of the library bases through which the classes ``keys`` give
        their attributes by key (:attr:`~colretire.analysis.target.ClassView.keyed_access`)."""
        return sorted(
            {
                view.keyed_access.rpartition(".")[2]
                for key in keys
                if (view := self.world.classes.get(key)) is not None and view.keyed_access
            }
        )

    def keyed_instance(self, node: ast.Subscript, owner: I.Ty, text: str) -> Verdict | None:
        """``server["share_network_id"]`` on an instance of the model, or
        ``share_network["share_servers"]`` on an instance of the class on the other side of a
        relationship built on the column, where that class gives its attributes by key
        through a library base (oslo.db's ``ModelBase``, whose ``__getitem__`` is
        ``getattr``): the attribute, read or written by name."""
        if owner.kind != I.INSTANCE or not owner.key:
            return None
        view = self.world.classes.get(owner.key)
        if view is None or not view.keyed_access:
            return None
        method = {ast.Load: "__getitem__", ast.Store: "__setitem__"}.get(type(node.ctx))
        if method is None or method in view.methods:
            return None  # the class's own (or a project base's) method says what a key is
        base = view.keyed_access.rpartition(".")[2]
        cls = self.class_name(owner.key)
        verb = VERBS.get(type(node.ctx), "uses")
        if self.is_model(owner.key):
            category = self.category(text)
            if category is None:
                return None
            found = self.categorised(category, text, cls, verb, "instance", CERTAIN)
            return replace(found, message=f"{found.message}, by key ({base})")
        if text in self.target.reverse.get(owner.key, ()):
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"{verb} {cls}.{text} by key, the other side of the relationship built on "
                f"{self.target.column}; {cls} gives its attributes by key ({base})",
            )
        return None

    def attribute_by_name(self, node: ast.Subscript, owner: I.Ty, text: str) -> Verdict | None:
        """``row["col"]`` on a row of the model whose ``__getitem__`` is ``getattr`` (its
        ``__setitem__`` ``setattr``, for a write), or ``row.to_dict()["col"]`` where the
        method returns the row's ``__dict__``: the row's attribute ``col`` by name (see
        :mod:`~colretire.analysis.attrdicts`)."""
        if owner.kind not in (I.INSTANCE, I.ATTRIBUTES) or not self.is_model(owner.key):
            return None
        view = self.world.classes.get(owner.key)
        category = self.category(text)
        if view is None or category is None:
            return None
        cls = self.class_name(owner.key)
        verb = VERBS.get(type(node.ctx), "uses")
        if owner.kind == I.ATTRIBUTES:
            if not isinstance(node.ctx, ast.Load) or category != "attr":
                return None  # a key written into the copy does not reach the row
            return Verdict(
                K.STRING,
                CERTAIN,
                f"names {self.target.column} as a key of the dict of a {cls} row's attributes",
            )
        method = {ast.Load: "__getitem__", ast.Store: "__setitem__"}.get(type(node.ctx))
        fact = view.methods.get(method) if method is not None else None
        if fact is None or fact.attributes != "item":
            return None
        found = self.categorised(category, text, cls, verb, "instance", CERTAIN)
        return replace(found, message=f"{found.message}, by name ({cls}.{method})")

    def own_init_keyword(self, node: ast.Subscript, text: str, scope: I.Scope) -> Verdict | None:
        """``kwargs["initial"]`` in the model's own ``def __init__(self, *args, **kwargs)``
        (bound there only as the parameter): the keyword ``initial=`` its callers give
        ``DynamicChallenge(...)``, which a keyword of the column's name to the model's
        constructor is."""
        function = scope.node
        if (
            scope.kind != "function"
            or not isinstance(function, ast.FunctionDef)
            or function.name != "__init__"
            or function.args.kwarg is None
            or not isinstance(node.value, ast.Name)
            or node.value.id != function.args.kwarg.arg
            or not isinstance(node.ctx, ast.Load)
            or not self.is_model(scope.class_key)
            or self.category(text) is None
        ):
            return None
        bound = scope.bindings().get(node.value.id, [])
        if [binding for _, binding, _ in bound] != [function.args.kwarg]:
            return None  # bound anew in the body
        cls = self.class_name(scope.class_key)
        return Verdict(
            self.keyword_kind(text),
            CERTAIN,
            f"reads the {text}= keyword of {cls}(...) in its __init__ ({self.target.column})",
        )

    def dumped_by(
        self, node: ast.expr, scope: I.Scope, depth: int = 0, name: str = ""
    ) -> SchemaMatch | None:
        """The proven schema whose marshmallow ``dump`` gave the dict ``node``:
        ``schema.dump(cert)``, its ``.data`` or ``[0]`` (marshmallow 2's result), or a local
        bound to one of those alone; or the certainly proven Pydantic schema whose
        ``model_dump()`` (``dict()``) it is, also the parameter's own dump (``form_data =
        form_data.model_dump(exclude_unset=True)``, ``form_data: NoteUpdateForm``)."""
        if isinstance(node, ast.Name) and depth == 0:
            bound = self.types.bound_expressions(node.id, scope)
            return self.dumped_by(bound[0], scope, 1, node.id) if len(bound) == 1 else None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("model_dump", "dict")
            and not node.args
        ):
            return self.pydantic_dump(node.func.value, scope, name)
        if isinstance(node, ast.Attribute) and node.attr == "data":
            node = node.value
        elif isinstance(node, ast.Subscript) and F.string_value(node.slice) is None:
            index = node.slice
            if not (isinstance(index, ast.Constant) and index.value == 0):
                return None
            node = node.value
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "dump"
            and node.args
        ):
            return None
        owner = self.types.expr(node.func.value, scope)
        return self.schema(owner.key) if owner.kind == I.INSTANCE else None

    def pydantic_dump(self, receiver: ast.expr, scope: I.Scope, name: str) -> SchemaMatch | None:
        """The certainly proven Pydantic schema of the object ``receiver`` dumped; ``name``
        rebound to its own dump is the parameter, of its annotated class."""
        if isinstance(receiver, ast.Name) and receiver.id == name:
            owner = self.parameter_type(name, scope)
        else:
            owner = self.types.expr(receiver, scope)
        if owner.kind != I.INSTANCE or not self.declared_schema(owner.key):
            return None
        match = self.schema(owner.key)
        return match if match is not None and match.confidence is CERTAIN else None

    def from_request(self, node: ast.expr, scope: I.Scope, depth: int = 0) -> bool:
        """Whether a value comes from a web framework's request object: the ``request`` a
        third-party package exports (Flask's), a parameter annotated with a third-party
        ``...Request`` class (Starlette's, Django's), and what their attributes, methods,
        keys and awaits give (``request.args``, ``request.get_json()``, ``await
        request.json()``), through the variables it is assigned to. Its string keys are the
        client's field names (``data["col"]``, ``request.args.get("col")``), not columns."""
        if depth > 8:
            return False
        if isinstance(node, ast.Attribute):
            if node.attr == "request" and self.types.is_module(node.value, scope):
                return self.third_party(F.dotted(node.value) or "")  # flask.request
            if node.attr in _SERVER_SIDE:
                return False  # request.app.state.config: the application's, not the client's
            return self.from_request(node.value, scope, depth + 1)
        if isinstance(node, ast.Call):
            method = node.func
            if self.parses_text(node, scope):  # json.loads(request.data)
                return self.from_request(node.args[0], scope, depth + 1)
            return isinstance(method, ast.Attribute) and self.from_request(
                method.value, scope, depth + 1
            )
        if isinstance(node, (ast.Subscript, ast.Await)):
            return self.from_request(node.value, scope, depth + 1)
        if isinstance(node, ast.BoolOp | ast.IfExp):
            # request.get_json() or {}; request.form if request.form else json.loads(...)
            values = node.values if isinstance(node, ast.BoolOp) else [node.body, node.orelse]
            derived = [self.from_request(value, scope, depth + 1) for value in values]
            literal = [isinstance(v, (ast.Dict, ast.List, ast.Constant)) for v in values]
            return any(derived) and all(d or lit for d, lit in zip(derived, literal, strict=True))
        if not isinstance(node, ast.Name):
            return False
        bindings = self.types.bindings(node.id, scope)
        # data = None ... if data is None: data = {}: no field of anyone's
        empty = [kind == "assign" and _empty(bound) for kind, bound, _ in bindings]
        return not all(empty) and all(
            nothing or self.request_binding(kind, bound, extra, scope, depth, node.id)
            for nothing, (kind, bound, extra) in zip(empty, bindings, strict=True)
        )

    def parses_text(self, node: ast.Call, scope: I.Scope) -> bool:
        """``json.loads(text)`` (or another library module's ``loads``): the data the text
        holds, nothing more."""
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "loads"
            and bool(node.args)
            and self.types.is_module(func.value, scope)
            and self.third_party(F.dotted(func.value) or "")
        )

    def request_binding(
        self, kind: str, bound: ast.AST, extra: object, scope: I.Scope, depth: int, name: str = ""
    ) -> bool:
        if kind == "import" and isinstance(extra, F.ImportFact):
            target = import_target(self.module, self.source.path, extra)
            return extra.name == "request" and not extra.level and self.third_party(target)
        if kind == "param":
            spec = F.type_spec(extra) if isinstance(extra, ast.expr) else None
            if spec is None or not spec.name.rpartition(".")[2].endswith("Request"):
                return False
            declared = self.types.dotted(spec.name, scope)
            return declared.kind != I.CLASS and self.third_party(declared.key or spec.name)
        if kind in ("assign", "with", "ann") and isinstance(bound, ast.expr):
            value = extra if kind == "ann" else bound
            return isinstance(value, ast.expr) and self.from_request(value, scope, depth + 1)
        if kind == "part" and isinstance(bound, ast.Call) and isinstance(extra, tuple):
            # is_ssl, data = self.check_ssl_fields(data): a method that hands it back
            position, size = extra
            given = self.handed_back(bound, position, size, scope)
            if isinstance(given, ast.Name) and given.id == name:
                return True  # data = f(data): what data held before, which the rest say
            return given is not None and self.from_request(given, scope, depth + 1)
        return False

    def handed_back(
        self, call: ast.Call, position: int, size: int, scope: I.Scope
    ) -> ast.expr | None:
        """The argument of ``call``, a call of a method of this file's class on ``self``
        (``self.check_ssl_fields(data)``), that the method gives back at ``position`` of
        the tuple of ``size`` items each of its ``return`` statements gives (``return
        flag, data``), never binding that parameter anew; not where the method is
        decorated or a class of the project deriving from this one overrides it."""
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and scope.class_key
        ):
            return None
        owner = scope.class_key.rpartition(".")[2]
        method = next(
            (
                item
                for cls in self.source.tree.body
                if isinstance(cls, ast.ClassDef) and cls.name == owner
                for item in cls.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and item.name == func.attr
            ),
            None,
        )
        if method is None or method.decorator_list or len(method.args.args) < 2:
            return None
        view = self.world.classes.get(scope.class_key)
        own = view.methods.get(func.attr) if view is not None else None
        if (
            any(
                scope.class_key in other.ancestors and other.methods.get(func.attr) is not own
                for other in self.world.classes.values()
            )
            or any(
                isinstance(cls, ast.ClassDef) and owner in {F.last_name(b) for b in cls.bases}
                for cls in ast.walk(self.source.tree)
            )
            or any(  # a subclass elsewhere of this file's class, which the index lacks
                owner in other.external_bases and func.attr in other.methods
                for other in self.world.classes.values()
            )
        ):
            return None  # a subclass may override it
        parameters = [a.arg for a in method.args.args[1:]]
        returned: set[str] = set()
        for inner in _own_nodes(method):
            if isinstance(inner, ast.Return):
                value = inner.value
                if not isinstance(value, ast.Tuple) or len(value.elts) != size:
                    return None
                item = value.elts[position]
                if not isinstance(item, ast.Name) or item.id not in parameters:
                    return None
                returned.add(item.id)
        if len(returned) != 1:
            return None
        name = returned.pop()
        if any(
            isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load)
            for inner in ast.walk(method)
        ):
            return None
        index = parameters.index(name)
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return None
        if index < len(call.args):
            return call.args[index]
        return next((k.value for k in call.keywords if k.arg == name), None)


def _only_read_by_key(data: ast.expr, function: ast.AST) -> bool:
    """Whether every read of the name ``data`` in ``function`` takes a value of it by key
    (``data["x"]``, ``data.get("x")``), tests it (``"x" in data``, ``if data``) or is
    bound anew from it by a method of the view (``ok, data = self.check(data)``): a field
    name tested there is whether the client sent it. ``Server(**data)``, or the dict given
    to any other call, returned or bound to another name, hands the client's fields on
    under their names, to the model perhaps, and the test of one is part of that."""
    if not isinstance(data, ast.Name):
        return False
    parents: dict[int, ast.AST] = {}
    for above in ast.walk(function):
        for below in ast.iter_child_nodes(above):
            parents[id(below)] = above
    for read in ast.walk(function):
        if not (isinstance(read, ast.Name) and read.id == data.id):
            continue
        if not isinstance(read.ctx, ast.Load):
            continue
        parent = parents.get(id(read))
        if isinstance(parent, ast.Subscript) and parent.value is read:
            continue
        if isinstance(parent, ast.Attribute) and parent.attr == "get":
            continue
        if required.keys_compared(read, parents):
            continue  # data.keys() >= {"x", "y"}: "x" in data for each
        if isinstance(parent, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.If | ast.IfExp):
            continue
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and isinstance(parent.func.value, ast.Name)
            and parent.func.value.id == "self"
            and isinstance(holder := parents.get(id(parent)), ast.Assign)
            and any(
                isinstance(t, ast.Tuple)
                and any(isinstance(e, ast.Name) and e.id == data.id for e in t.elts)
                for t in holder.targets
            )
        ):
            continue  # is_ssl, data = self.check_ssl_fields(data): judged by from_request
        return False
    return True


def _empty(node: ast.AST) -> bool:
    """``None``, ``{}``: a value that holds no field."""
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Dict) and not node.keys
    )


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """The nodes of ``function``'s body, those of the functions and classes it defines
    left out."""
    found: list[ast.AST] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        found.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _outside_definitions(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes under ``node`` that are not inside a function, class or lambda."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield child
        yield from _outside_definitions(child)


#: builtins that give back the items of the iterable they are given
_SAME_ITEMS = frozenset({"set", "frozenset", "list", "tuple", "sorted"})


def _iterates(
    value: ast.expr, node: ast.expr | None, holders: set[str], names: Iterable[str] = ()
) -> bool:
    """Whether a loop over ``value`` goes through items of the list ``node`` (or of a
    name in ``holders`` bound to it): the list, the name, a copy of either
    (``set(cols)``, ``sorted(cols)``), a sum holding one (``["id"] + cols``) or a
    difference taken from one (``set(cols) - set(base_columns)``) that does not spell one
    of ``names`` (which it would take out)."""
    if value is node or (isinstance(value, ast.Name) and value.id in holders):
        return True
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in _SAME_ITEMS
        and len(value.args) == 1
        and not value.keywords
    ):
        return _iterates(value.args[0], node, holders, names)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _iterates(value.left, node, holders, names) or _iterates(
            value.right, node, holders, names
        )
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub):
        taken = {F.string_value(n) for n in ast.walk(value.right) if isinstance(n, ast.Constant)}
        return not taken & set(names) and _iterates(value.left, node, holders, names)
    return False


def _holds(value: ast.expr, node: ast.expr) -> bool:
    """Whether ``value`` is ``node`` or a sum of lists one of which is ``node``
    (``['id', 'resource_group_id'] + cols + ['position']``)."""
    if value is node:
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _holds(value.left, node) or _holds(value.right, node)
    return False


#: builtins whose second argument is an attribute's name
_ATTRIBUTE_CALLS = frozenset({"getattr", "setattr", "hasattr", "delattr"})


def _names_fields(name: str, scope: I.Scope) -> bool:
    """Whether the function (or module) around ``scope`` uses the variable ``name`` as the
    name of an attribute (``setattr(obj, name, ...)``) or of a key (``data[name]``)."""
    while scope.parent is not None and not isinstance(
        scope.node, ast.FunctionDef | ast.AsyncFunctionDef
    ):
        scope = scope.parent
    for inner in ast.walk(scope.node):
        if isinstance(inner, ast.Call) and F.last_name(inner.func) in _ATTRIBUTE_CALLS:
            used = inner.args[1:2]
        elif isinstance(inner, ast.Subscript):
            used = [inner.slice]
        else:
            continue
        if any(isinstance(arg, ast.Name) and arg.id == name for arg in used):
            return True
    return False


def _chain(node: ast.expr) -> Iterator[ast.Attribute]:
    """The attributes a value reads along its chain of attributes, calls, subscripts and
    awaits, through both branches of a conditional: ``invoice.customer.email.lower()``
    -> ``.lower``, ``.email``, ``.customer``."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Attribute):
            yield current
            pending.append(current.value)
        elif isinstance(current, ast.Call):
            pending.append(current.func)
        elif isinstance(current, (ast.Subscript, ast.Await)):
            pending.append(current.value)
        elif isinstance(current, ast.IfExp):
            pending.extend([current.body, current.orelse])
        elif isinstance(current, ast.BoolOp):
            pending.extend(current.values)
