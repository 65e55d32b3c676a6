"""Calls: keyword arguments of constructors and queries, positional names, joins, constraints
and indexes, ``getattr`` and its kin, labels, foreign keys, and the keywords handed to the
project's own functions (followed by :mod:`colretire.analysis.handon`)."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import filtered, handon, tablenames
from colretire.analysis import infer as I
from colretire.analysis.accounting import Handoff
from colretire.analysis.exclusive import CLAIM_MIRRORED
from colretire.analysis.facts import FuncFact
from colretire.analysis.finder import commandline
from colretire.analysis.finder.base import (
    CERTAIN,
    FIELD_KINDS,
    LIKELY,
    K,
    Verdict,
    unknown_bases,
    unproven,
)
from colretire.analysis.finder.evidence import Evidence
from colretire.analysis.finder.keys import Keys
from colretire.analysis.finder.library import Library, literal_dicts
from colretire.analysis.finder.loaders import NAMED_LOADS, Loaders
from colretire.analysis.finder.messages import GETTEXT, MESSAGE_CALLS, is_gettext, is_message_call
from colretire.analysis.finder.verdicts import HELD
from colretire.analysis.index import (
    MAPPED,
    PLAIN,
)
from colretire.analysis.rows import JOINS
from colretire.analysis.spreads import ECHOED_KEY
from colretire.model import Confidence, Exclusion, Tier
from colretire.sql.mention import TABLE_NAME

_SQL_CALLS = frozenset(
    {
        "text",
        "execute",
        "exec_driver_sql",
        "literal_column",
        "CheckConstraint",
        "DDL",
        "executescript",
    }
)
#: Keywords whose value is a text for people: a field's or a command's documentation.
_MESSAGE_KEYWORDS = frozenset({"help", "description", "summary"})
#: Methods of a statement that take SQL text for one of its clauses.
_CLAUSES = frozenset(
    {
        "where",
        "filter",
        "having",
        "order_by",
        "group_by",
        "join",
        "outerjoin",
        "on_conflict_do_update",
    }
)
#: Constraints and indexes that name the columns of the table they are declared on.
_CONSTRAINTS = frozenset(
    {"UniqueConstraint", "PrimaryKeyConstraint", "Index", "ForeignKeyConstraint"}
)
_ACCESSORS = frozenset({"getattr", "setattr", "hasattr", "delattr"})
#: Joins, which SQLAlchemy builds on a foreign key when given no ON clause.
_JOINS = JOINS
#: Calls that give a statement its entities.
#: Query methods that take a path of relationships named by strings.
_PATH_JOINS = frozenset({"join", "outerjoin"})
_ENTITY_CALLS = frozenset({"query", "select", "select_from", "add_entity", "add_columns"})


class Calls(Keys, Library, Loaders, Evidence):
    """Judges calls and their arguments."""

    def visit_call(self, node: ast.Call, scope: I.Scope) -> None:
        self.call_evidence(node, scope)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            self.format_fields(node, scope)
        callee = F.last_name(node.func)
        if callee in _SQL_CALLS:
            self.sql_nodes.update(id(arg) for arg in node.args)
        translated = self.translated(node, scope)
        if is_message_call(node) or translated:
            self.messages.update(id(n) for arg in node.args for n in ast.walk(arg))
        if translated:
            self.translations.update(id(n) for n in ast.walk(node.args[0]))
        if callee in ("argument", "option"):
            self.command_line_declaration(node, scope)
        if callee == "namedtuple":
            self.named_tuple_fields(node)
        for item in node.keywords:
            if item.arg in _MESSAGE_KEYWORDS:  # Field(description="..."), add_argument(help=...)
                self.messages.update(id(n) for n in ast.walk(item.value))
        if callee in _CLAUSES:
            self.clause_context(node, scope)
        if callee == "Table":
            self.table_declarations(node)
            if (table_name := tablenames.table_argument(node)) is not None:
                self.table_name_string(table_name)
        if callee == "ForeignKey":
            self.foreign_key_target(node)
        if callee in ("relationship", "relation"):
            self.back_populated(node, scope)
        if callee == "label":
            self.label(node, scope)
        if callee in _CONSTRAINTS and scope.kind == "class":
            self.class_constraint(node, callee, scope)
        if callee in ("Column", "mapped_column") and node.args:
            self.handled.add(id(node.args[0]))  # a column's name where it is declared
        if callee in _ACCESSORS and len(node.args) > 1:
            self.accessor(node, scope)
        if callee in NAMED_LOADS:
            self.loaded_names(node, scope)
        if callee == "options" and isinstance(node.func, ast.Attribute):
            self.option_strings(node, scope)
        if (
            isinstance(node.func, ast.Attribute)
            and any(F.string_value(arg) in self.key_names for arg in node.args)
            and self.from_request(node.func.value, scope)
        ):  # request.args.get("col"): a field of the client's request
            for arg in node.args:
                if F.string_value(arg) is not None:
                    self.handled.add(id(arg))
                    detail = "a field of the web request"
                    self.ledger.exclude(self.ledger.words_in(arg), Exclusion.FRAMEWORK, detail)
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in ("pop", "get")
            and isinstance(node.func.value, ast.Name)
            and 1 <= len(node.args) <= 2
        ):  # data.pop("col", None), data a mirroring schema's dump
            self.dump_key_read(node, node.func.value, node.func.attr, scope)
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and 1 <= len(node.args) <= 2
            and (key := F.string_value(node.args[0])) in self.key_names
            and id(node.args[0]) not in self.handled
            and self.types.expr(node.func.value, scope).kind in (I.UNKNOWN, I.NAME)
            and not self.sibling_owner(node.func.value, key or "", scope)
            and not self.from_request(node.func.value, scope)
            and (named := self.keyed_like_model(node.func.value, key or "", scope)) is not None
        ):  # share_network.get("neutron_net_id"), oslo.db's ModelBase.get
            self.handled.add(id(node.args[0]))
            self.add(self.source.start(node.args[0]), named, node.args[0])
        if callee in _JOINS and self.target.joined_table:
            self.inferred_join(node, scope)
        if callee in _PATH_JOINS:
            self.join_path(node)
        if callee in ("map_imperatively", "mapper") and len(node.args) >= 2:
            self.imperative_properties(node, scope)
        self.mark_contexts(node, callee, scope)
        handed: list[ast.keyword] = []
        others: list[ast.keyword] = []
        for item in node.keywords:
            if item.arg is not None and item.arg in self.names:
                verdict = self.keyword_verdict(node, item, scope)
                if verdict is not None:
                    self.add(self.source.start(item), verdict)
                elif self.project_function(node, scope):
                    handed.append(item)
                else:
                    others.append(item)
        if node.args:
            self.positional_keywords(node, scope)
        self.library_dicts(node, scope)
        self.children(node, scope)
        self.dict_handoffs(node, scope)
        self.class_dict_handoffs(node, scope)
        for item in handed:
            callee_ty = self.types.expr(node.func, scope)
            self.hand_on(node, item, callee=self.callee_name(node, callee_ty, scope), scope=scope)
        for item in others:  # after the values: a keyword may follow what it is given
            self.exclude_keyword(node, item, scope)
        self.handed_to_model(node, scope)

    def format_fields(self, node: ast.Call, scope: I.Scope) -> None:
        """``"[{obj.cluster_name}].[{obj.datasource_name}]".format(obj=self)``: a replacement
        field ``{obj.col}`` (``{0.col}``) of a string literal given to ``str.format`` reads
        ``col`` off the argument of that name (position), as ``obj.col`` would: where the
        argument is proven to be the model's (an instance or the class), the word is that
        reference; of another table's model, that table's column, as the attribute would be. A string whose every word of the names is decided so is not
        read again."""
        literal = node.func.value if isinstance(node.func, ast.Attribute) else None
        if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            return
        given: dict[str, ast.expr] = {k.arg: k.value for k in node.keywords if k.arg}
        if not any(isinstance(arg, ast.Starred) for arg in node.args):
            given.update({str(i): arg for i, arg in enumerate(node.args)})
        words = self.ledger.words_in(literal)
        decided = []
        excluded: list[tuple[tuple[int, int], tuple[Exclusion, str]]] = []
        for line, col in words:
            text = self.source.line_text(line)
            field = _FORMAT_FIELD.search(text, 0, col - 1)
            word = self.ledger.pattern.match(text, col - 1)
            if field is None or word is None or field.group("arg") not in given:
                continue
            end = col - 1 + len(word.group())
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            owner = self.types.expr(given[field.group("arg")], scope)
            if owner.kind not in (I.INSTANCE, I.CLASS):
                continue
            verdict = self.owned_verdict(owner, word.group(), "reads")
            if verdict is not None:
                message = f"{verdict.message}, in a field of a string given to .format()"
                decided.append(((line, col), replace(verdict, message=message)))
            elif (why := self.format_owner(owner, word.group())) is not None:
                excluded.append(((line, col), why))
        for position, verdict in decided:
            self.add(position, verdict)
        for position, (reason, detail) in excluded:
            self.ledger.exclude(
                [position], reason, f"{detail}, in a field of a string given to .format()"
            )
        if (decided or excluded) and len(decided) + len(excluded) == len(words):
            self.handled.add(id(literal))

    def format_owner(self, owner: I.Ty, name: str) -> tuple[Exclusion, str] | None:
        """Why ``{obj.name}`` of a string given to ``str.format`` is no reference, where the
        argument is proven to be of another table's model: that table's column, as the
        attribute ``obj.name`` would be."""
        character, detail = self.object_character(owner.key)
        if character == "other-model":
            return Exclusion.OTHER_TABLE, f"{detail}.{name}"
        return None

    def library_dicts(self, node: ast.Call, scope: I.Scope) -> None:
        """``requests.post(url, json={"col": ...})``: the keys of a dict literal given
        directly to a library's call are its data (:meth:`library_dict`); they are excluded
        where nothing else judges them (:meth:`visit_dict`)."""
        for value in [*node.args, *(k.value for k in node.keywords if k.arg)]:
            # the dicts nested in the literal go with it: ``json={"label": {"description":
            # ...}}`` is the library's data all through
            dicts = [d for d in literal_dicts(value) if self.names_a_key(d)]
            if dicts:
                library = self.library_dict(node, value, scope)
                if library is not None:
                    name = F.dotted(node.func) or F.last_name(node.func) or "a call"
                    detail = (
                        f"a key of a dict given to {name}(...), a call of the library's {library}"
                    )
                    for found in dicts:
                        self.given_to_library[id(found)] = (library, detail)

    def positional_keywords(self, node: ast.Call, scope: I.Scope) -> None:
        """``Activity(user_id, obj.id, revision.id, "new")``: a model whose own ``__init__``
        takes the column (``def __init__(self, user_id, object_id, revision_id, ...)``) is
        given it by position too."""
        callee = self.types.expr(node.func, scope)
        confidence, reached = CERTAIN, ""
        if callee.kind != I.CLASS or not self.is_model(callee.key):
            # ``model.Activity(user_id, object_id, revision_id, ...)`` where ``model`` is
            # unknown: the one class that maps the table, as ``model.Activity.revision_id``
            # is read, unproven
            if callee.kind not in (I.UNKNOWN, I.NAME) or not self.spelt_model(node.func):
                return
            assert isinstance(node.func, ast.Attribute)
            spelt = node.func.attr
            keys = [k for k in self.target.model_keys if self.class_name(k) == spelt]
            if len(keys) != 1:
                return
            callee = I.Ty(I.CLASS, keys[0])
            confidence = LIKELY
            reached = f", reached as {F.dotted(node.func) or spelt} on an object of unknown type"
        view = self.world.classes.get(callee.key)
        init = view.methods.get("__init__") if view is not None else None
        if init is None:
            return
        cls = self.class_name(callee.key)
        for index, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                return
            parameter = init.parameter(index, None)
            if parameter and self.category(parameter) is not None:
                message = (
                    f"passes {parameter} to {cls}(...) by position ({self.target.column}){reached}"
                )
                verdict = Verdict(self.keyword_kind(parameter), confidence, message)
                self.add(self.source.start(arg), verdict, arg)

    def handed_to_model(self, node: ast.Call, scope: I.Scope) -> None:
        """``User.by_openid(openid)``: a local named like the column, given to a parameter
        of a method of the model that is named like the column too (or to a method
        colretire did not read), goes into the model's own code, which may store it in the
        column or compare the column with it; that is beyond this file, so the name is
        unexplained rather than a mere local. Given to a parameter of another name
        (``DagModel.get_current(root_dag_id)`` fills ``dag_id``), it stays a local."""
        if not isinstance(node.func, ast.Attribute):
            return
        every = [(index, None, arg) for index, arg in enumerate(node.args)] + [
            (None, k.arg, k.value) for k in node.keywords if k.arg
        ]
        given = [g for g in every if isinstance(g[2], ast.Name) and g[2].id in self.names]
        receiver = self.types.expr(node.func.value, scope)
        confidence = CERTAIN
        if receiver.kind in (I.UNKNOWN, I.NAME) and self.spelt_model(node.func.value):
            # ``model.User.by_openid(...)``, ``model`` unknown: the one class that maps the
            # table, as ``model.User.openid`` is read
            assert isinstance(node.func.value, ast.Attribute)
            spelt = node.func.value.attr
            keys = [k for k in self.target.model_keys if self.class_name(k) == spelt]
            if len(keys) == 1:
                receiver, confidence = I.Ty(I.CLASS, keys[0]), LIKELY
        if receiver.kind in (I.UNKNOWN, I.NAME):
            self.handed_to_unknown(node, given)
            return
        if receiver.kind not in (I.CLASS, I.INSTANCE) or not self.is_model(receiver.key):
            return
        view = self.world.classes.get(receiver.key)
        method = view.methods.get(node.func.attr) if view is not None else None
        name = f"{self.class_name(receiver.key)}.{node.func.attr}"
        unbound = receiver.kind == I.CLASS and method is not None and not method.kind
        if method is not None and method.looked_up_by:
            self.looked_up(node, every, method, name, unbound, confidence)
        if confidence is LIKELY:
            return
        for index, keyword, arg in given:
            if method is None:
                detail = f"given to {name}(), a method of the model colretire did not read"
            else:
                if index is not None and unbound:
                    index -= 1  # Task.method(task, value): the first is self
                parameter = method.parameter(index, keyword) if index != -1 else ""
                if parameter == "" or (parameter and parameter not in self.names):
                    continue
                taken = f"{parameter}=..." if parameter else "**kwargs"
                detail = (
                    f"given to {name}({taken}), a method of the model, which may "
                    "hand it to the column"
                )
            self.ledger.reconsider([self.source.start(arg)], detail)

    def handed_to_unknown(
        self, node: ast.Call, given: Sequence[tuple[int | None, str | None, ast.expr]]
    ) -> None:
        """``obj.by_openid(session, openid)``, ``obj`` of unknown type: a local named like
        the column, given to a parameter named like the column of a method of that name of
        the model (:meth:`handed_to_model`), may be the value the model's method stores in
        the column or looks its rows up by; ``obj`` may be the model, its class or any
        object, so the local is unexplained rather than a mere local. Where the object is
        the class or an instance is unknown: either way of counting the arguments given
        by position counts."""
        assert isinstance(node.func, ast.Attribute)
        attr = node.func.attr
        methods = [
            (key, method)
            for key in sorted(self.target.model_keys)
            if (view := self.world.classes.get(key)) is not None
            and (method := view.methods.get(attr)) is not None
        ]
        for index, keyword, arg in given if methods else ():
            shifts = (0,) if index is None else (0, 1) if index else (0,)
            for key, method in methods:
                taken = {
                    method.parameter(None if index is None else index - shift, keyword)
                    for shift in shifts
                }
                if taken & self.names:
                    name = f"{self.class_name(key)}.{attr}"
                    detail = (
                        f"given to .{attr}() of an object of unknown type, which may be "
                        f"{name}(), a method of the model taking it"
                    )
                    self.ledger.reconsider([self.source.start(arg)], detail)
                    break

    def looked_up(
        self,
        node: ast.Call,
        given: Sequence[tuple[int | None, str | None, ast.expr]],
        method: FuncFact,
        name: str,
        unbound: bool,
        confidence: Confidence,
    ) -> None:
        """``User.by_openid(openid)``: an argument given to a parameter of the column's
        name that a class method of the model looks its rows up by (``filter_by(openid=
        openid)`` on a query of its class, :func:`~colretire.analysis.facts.looked_up_by`)
        is the column's value for that lookup: a keyword reference, whatever the argument
        (``user_dict.get("openid")``)."""
        for index, keyword, arg in given:
            if isinstance(arg, ast.Starred):
                return
            if index is not None and unbound:
                index -= 1  # Task.method(task, value): the first is self
            parameter = method.parameter(index, keyword) if index != -1 else None
            if parameter is None or parameter not in method.looked_up_by:
                continue
            if self.category(parameter) is None:
                continue
            message = (
                f"gives {parameter} to {name}(), which looks rows up by {self.target.column} "
                "with it"
            )
            verdict = Verdict(self.keyword_kind(parameter), confidence, message)
            self.add(self.source.start(arg), verdict, arg)

    def inferred_join(self, node: ast.Call, scope: I.Scope) -> None:
        """``session.query(Resource).join(ResourceGroup)``: a join given no ON clause is
        built on the foreign key between the two tables, which SQLAlchemy infers; when that
        key is the column (the only one between them), the join uses it. The other side is
        an entity the statement already holds: what ``query``/``select`` selects, what
        ``select_from`` and the earlier joins of the same chain add. An entity of unknown
        type named like the one class that maps its table (``model.Resource`` of a module
        handed around in a dict), as for ``model.Resource.url``, makes the join likely: a
        use of the column that spells none of its names."""
        sides = 2 if F.last_name(node.func).endswith("_from") else 1
        if len(node.args) != sides or any(k.arg not in ("isouter", "full") for k in node.keywords):
            return
        if not isinstance(node.func, ast.Attribute):
            return
        arg = node.args[-1]
        joined, proven = self.entity_table(arg, scope)
        ours, theirs = self.target.table, self.target.joined_table
        if joined not in (ours, theirs):
            return
        held = self.chain_tables(node.func.value, scope)
        for other_arg in node.args[:-1]:
            table, sure = self.entity_table(other_arg, scope)
            if table:
                held[table] = held.get(table, False) or sure
        other = theirs if joined == ours else ours
        if other not in held:
            return
        position = self.source.attr_start(arg) if isinstance(arg, ast.Attribute) else None
        position = position or self.source.start(arg)
        message = (
            f"joins {joined} to {other} with no ON clause: SQLAlchemy joins them on the "
            f"foreign key {self.target.column}"
        )
        if proven and held[other]:
            self.add(position, Verdict(K.RELATIONSHIP, CERTAIN, message))
        elif self.target.namesakes_in(
            self.source.path
        ) & {  # another class of the project has an entity's name
            F.last_name(n) for n in ast.walk(node) if isinstance(n, ast.Attribute | ast.Name)
        }:
            detail = f"{message}, if the entities named are the models of those tables"
            self.ledger.unexplained_use(position, self.target.column.column, detail)
        else:
            named = "the entities named as the classes that map those tables, on an object of unknown type"
            self.add(position, Verdict(K.RELATIONSHIP, LIKELY, f"{message}; {named}"))

    def join_path(self, node: ast.Call) -> None:
        """``session.query(rev_class).join("continuity", "resource_group")``: the legacy
        Query joins along a path of relationships named by strings, each an attribute of the
        entity the path has reached so far. A string of that path naming a relationship built
        on the column that no class but its holders binds (:attr:`Target.exclusive`) can only
        name that relationship: a likely use of it, whatever the query's entity (the path
        may reach it through another class's relationship). Only on a chain that starts at a
        ``.query(...)`` given an entity: ``os.path.join("a", "b")`` joins no relationship."""
        if not isinstance(node.func, ast.Attribute) or not _queried(node.func.value):
            return
        for arg in node.args:
            name = F.string_value(arg)
            if name not in self.rel_names or name not in self.target.exclusive:
                continue
            self.handled.add(id(arg))
            message = (
                f"joins along .{name}, named in a string, the relationship built on "
                f"{self.target.column}" + CLAIM_MIRRORED.format(name=name)
            )
            self.add(self.source.start(arg), Verdict(K.RELATIONSHIP, LIKELY, message), arg)

    def imperative_properties(self, node: ast.Call, scope: I.Scope) -> None:
        """``mapper(Resource, resource_table, properties={"resource_group": relation(
        ResourceGroup, backref=backref("resources_all"))})``: the keys of the properties of an
        imperative mapping declare the class's relationships, and a ``backref`` the other
        side's; those built on the column are declarations of it."""
        cls = self.types.expr(node.args[0], scope)
        properties = F.keyword(node, "properties")
        if cls.kind != I.CLASS or not cls.key or not isinstance(properties, ast.Dict):
            return
        target = self.target
        declared = set(target.reverse.get(cls.key, ()))
        if self.is_model(cls.key):
            declared |= target.relationships
        name = self.class_name(cls.key)
        for key, value in zip(properties.keys, properties.values, strict=True):
            text = F.string_value(key) if key is not None else None
            if key is None or text not in declared:
                continue
            self.handled.add(id(key))
            message = f"declares relationship {name}.{text}, built on {target.column}"
            self.add(self.source.start(key), Verdict(K.RELATIONSHIP, CERTAIN, message), key)
            for inner in ast.walk(value):
                other = None
                if isinstance(inner, ast.Call) and F.last_name(inner.func) == "backref":
                    other = inner.args[0] if inner.args else None
                elif isinstance(inner, ast.keyword) and inner.arg == "backref":
                    other = inner.value
                other_name = F.string_value(other) if other is not None else None
                if other is not None and other_name in self.rel_names:
                    self.handled.add(id(other))
                    message = f"declares the backref {other_name} of {name}.{text}, built on {target.column}"
                    self.add(
                        self.source.start(other), Verdict(K.RELATIONSHIP, CERTAIN, message), other
                    )

    def entity_table(
        self, node: ast.expr, scope: I.Scope, column: bool = True
    ) -> tuple[str | None, bool]:
        """The table of an entity given to a statement (a mapped class, a ``Table``, or a
        column of a class: ``query(Task.id)``), and whether its type is proven; an object
        of unknown type named like a model class (``model.Task``) is that model's, unproven."""
        ty = self.types.expr(node, scope)
        if ty.kind == I.CLASS:
            if self.is_model(ty.key):
                return self.target.table, True
            view = self.world.classes.get(ty.key)
            return (view.table if view is not None and view.kind == MAPPED else None), True
        if ty.kind == I.TABLE:
            return ty.key or None, True
        if ty.kind in (I.UNKNOWN, I.NAME) and isinstance(node, ast.Attribute | ast.Name):
            named = self.named_tables.get(F.last_name(node))
            if named is not None:
                return named, False
        if column and isinstance(node, ast.Attribute):
            return self.entity_table(node.value, scope, column=False)
        return None, False

    def chain_tables(self, node: ast.expr, scope: I.Scope) -> dict[str, bool]:
        """The tables of the entities a statement built by one chain of calls holds, and
        whether each is proven."""
        found: dict[str, bool] = {}
        while isinstance(node, ast.Call):
            method = F.last_name(node.func)
            if method in _JOINS or method in _ENTITY_CALLS:
                entities = node.args[: 2 if method.endswith("_from") else 1]
                for arg in entities if method in _JOINS else node.args:
                    table, sure = self.entity_table(arg, scope)
                    if table:
                        found[table] = found.get(table, False) or sure
            if not isinstance(node.func, ast.Attribute):
                break
            node = node.func.value
        if isinstance(node, ast.Name):
            # a query held in a local (``query_ = event_query(self, query_, kwargs)``)
            held = self.types.expr(node, scope)
            view = self.world.classes.get(held.key) if held.kind == I.QUERY else None
            if view is not None and view.table:
                found[view.table] = True
        return found

    def project_function(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a function by its name, one the project defines (in this
        file, indexed, or imported from the package of this file)."""
        if not isinstance(node.func, ast.Name):
            return False
        callee = self.types.expr(node.func, scope)
        if callee.kind == I.FUNCTION:
            return (
                callee.key.startswith("local:")
                or self.world.symbols.kinds.get(callee.key) == "function"
            )
        package = self.module.partition(".")[0]
        return (
            callee.kind == I.NAME and "." in callee.key and callee.key.partition(".")[0] == package
        )

    def hand_on(
        self,
        node: ast.Call,
        item: ast.keyword,
        detail: str = "",
        callee: str | None = None,
        scope: I.Scope | None = None,
    ) -> None:
        """``has_access(access_control=note.access_control)``: a keyword of a function of
        the project. Given the column's value, it is part of that reference; given another
        table's column (or another attribute), it is that; given anything else, whether the
        function hands it on to the model is beyond one file."""
        position = self.source.start(item)
        given = [self.ledger.decided.get(p) for p in self.ledger.words_in(item.value)]
        if any(d is not None and d[0] is Tier.REFERENCE for d in given):
            self.ledger.reference([position])
        elif given and all(d is not None and d[1] in _ANOTHERS for d in given):
            first = given[0]
            assert first is not None and first[1] is not None
            self.ledger.exclude([position], first[1], f"hands on {first[2]}")
        else:
            name = F.dotted(node.func) or F.last_name(node.func) or "a call"
            detail = detail or f"a keyword of {name}(...), which the project's code may hand on"
            self.ledger.unexplained([position], detail)
            if callee is not None and item.arg:
                line, col = position
                schema = self.schema_field_read(item.value, item.arg, scope)
                handoff = Handoff(self.source.path, line, col, callee, item.arg, schema)
                self.handoffs.append(handoff)

    def schema_field_read(self, value: ast.expr, field: str, scope: I.Scope | None) -> str:
        """The schema whose field of the keyword's own name ``value`` reads
        (``upsert(icon_color=request.icon_color)``), for the pass that follows the keyword:
        where the function writes it into the column, the field carries the column."""
        if scope is None:
            return ""
        if isinstance(value, ast.Name):
            # ``region = form.region.data if form.region else None`` and later
            # ``new_project(region=region)``: the one value the local is given
            given = [
                bound
                for bound in self.types.bound_expressions(value.id, scope)
                if not (isinstance(bound, ast.Constant) and bound.value is None)
            ]
            if len(given) != 1:
                return ""
            value = given[0]
        read = self.read_of(value, scope)
        if read is None or read[2] or read[1] != field:
            return ""
        return read[0] if self.declared_schema(read[0]) else ""

    def dict_handoffs(self, node: ast.Call, scope: I.Scope) -> None:
        """``create_incident_from_dict(incident_data={"description": ...})``: the keys of
        the column's names left undecided in a dict literal given to a function of the
        project, for the pass that reads what the function does with the dict
        (:mod:`~colretire.analysis.spreads`)."""
        given = [(i, "", a) for i, a in enumerate(node.args) if isinstance(a, ast.Dict)]
        given += [
            (-1, k.arg, k.value) for k in node.keywords if k.arg and isinstance(k.value, ast.Dict)
        ]
        if not given or not (
            self.project_function(node, scope) or self.method_of_plain(node, scope)
        ):
            return
        callee = self.callee_name(node, self.types.expr(node.func, scope), scope)
        if callee is None:
            return
        for position, keyword, value in given:
            assert isinstance(value, ast.Dict)
            for key in value.keys:
                if key is None or F.string_value(key) not in self.key_names:
                    continue
                for line, col in self.ledger.words_in(key):
                    decided = self.ledger.decided.get((line, col))
                    # a key excluded for the model its value reads may yet be set on ours
                    if decided is None or (
                        decided[1] is Exclusion.OTHER_TABLE and decided[2].startswith(ECHOED_KEY)
                    ):
                        handoff = Handoff(
                            self.source.path,
                            line,
                            col,
                            callee,
                            keyword,
                            key=True,
                            position=position,
                        )
                        self.handoffs.append(handoff)

    def callee_name(self, node: ast.Call, callee: I.Ty, scope: I.Scope) -> str | None:
        """The qualified name of the function of the project ``node`` calls, for the pass
        that follows its keywords (:func:`colretire.analysis.handon.callee_name`)."""
        receiver = None
        if isinstance(node.func, ast.Attribute) and self.method_of_plain(node, scope):
            receiver = self.types.expr(node.func.value, scope).key
        return handon.callee_name(
            self.module, self.source.tree, node.func, callee.kind, callee.key, receiver
        )

    def clause_context(self, node: ast.Call, scope: I.Scope) -> None:
        """``select(Task).where(text("col > 0"))``: SQL given to a statement of a known
        table is read on that table."""
        if not isinstance(node.func, ast.Attribute):
            return
        statement = self.types.expr(node.func.value, scope)
        if statement.kind not in (I.STATEMENT, I.QUERY):
            return
        if self.ours_statement(statement):
            table: str | None = self.target.table
        elif statement.key.startswith("table:"):
            table = statement.key.partition(":")[2]
        else:
            view = self.world.classes.get(statement.key)
            table = view.table if view is not None else None
        if table:
            for arg in node.args:
                for inner in ast.walk(arg):
                    if isinstance(inner, ast.Constant | ast.JoinedStr):
                        self.sql_context[id(inner)] = frozenset({table})

    def executed_write(self, node: ast.Call, name: str, scope: I.Scope) -> Verdict | None:
        """``conn.execute(tbl.update(...), col=value)``, and ``conn.execute(ins,
        dict(col=value))`` or a list of such dicts: the parameters of an insert or an
        update the connection runs are the values of the columns they name."""
        column = self.target.column
        if name != column.column and not self.category(name):
            return None
        run = self.executions.get(id(node))
        if run is None and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
            run = node if node.args else None
        if run is None:
            return None
        if not self.writes(run.args[0], scope):
            return None  # a delete's or a select's parameters bind names of its clauses
        statement = self.types.expr(run.args[0], scope)
        confidence = self.statement_confidence(statement) if statement.kind == I.STATEMENT else None
        if confidence is None:
            return None
        held = HELD.format(via=statement.via) if statement.via else ""
        return Verdict(
            self.keyword_kind(name),
            confidence,
            f"passes {name}= to the statement conn.execute() runs, a write of {column}{held}",
        )

    def dump_key_read(self, call: ast.Call, dump: ast.Name, method: str, scope: I.Scope) -> None:
        """``data.pop("status", None)`` (or ``.get``) of ``data = feature_set_update.dict()``,
        its value written into the column (``record.status = status``): the key of a field
        of a schema proven to mirror the model. A key popped to keep it from the model
        (``raw = data.pop("password")``, hashed into another column) is left alone."""
        key = call.args[0]
        if (
            F.string_value(key) in self.key_names
            and id(key) not in self.handled
            and self.written_into_column(call, scope)
        ):
            self.dump_key(key, dump, f"{method}() reads from", scope)

    def written_into_column(self, value: ast.expr, scope: I.Scope) -> bool:
        """Whether the function writes ``value`` into the column of a model's object: as
        the value of ``row.col = ...`` itself, or through the one local it is bound to
        (``status = data.pop("status", None)`` then ``record.status = status``)."""
        function = scope.node
        if scope.kind != "function" or not isinstance(
            function, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            return False
        local = next(
            (
                node.targets[0].id
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                and node.value is value
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ),
            None,
        )
        if local is not None and len(self.types.bound_expressions(local, scope)) != 1:
            return False
        for node in ast.walk(function):
            if not (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Attribute)
            ):
                continue
            given = node.value
            if given is not value and not (
                local is not None and isinstance(given, ast.Name) and given.id == local
            ):
                continue
            written = self.read_of(node.targets[0], scope)
            if written is not None and written[2] and self.is_model(written[0]):
                attr = written[1]
                if attr == self.target.column.column or self.category(attr) is not None:
                    return True
        return False

    def writes(self, node: ast.expr, scope: I.Scope, depth: int = 0) -> bool:
        """Whether ``node`` is an insert or an update: ``tbl.insert()``,
        ``tbl.update(whereclause=...)``, ``sa.update(tbl).where(...)``, or a local bound to
        one alone; not a delete, whose parameters fill the bind parameters of its clause."""
        if isinstance(node, ast.Name) and depth == 0:
            bound = self.types.bound_expressions(node.id, scope)
            return len(bound) == 1 and self.writes(bound[0], scope, 1)
        while isinstance(node, ast.Call):
            name = F.last_name(node.func)
            if name in ("insert", "update"):
                return True
            if name == "delete" or not isinstance(node.func, ast.Attribute):
                return False
            node = node.func.value
        return False

    @functools.cached_property
    def executions(self) -> dict[int, ast.Call]:
        """The ``dict(...)`` calls given to ``.execute()`` after the statement, alone or
        in a list, by id: the call that runs them."""
        found: dict[int, ast.Call] = {}
        for run in ast.walk(self.source.tree):
            if not (
                isinstance(run, ast.Call)
                and isinstance(run.func, ast.Attribute)
                and run.func.attr == "execute"
                and len(run.args) >= 2
            ):
                continue
            for given in run.args[1:]:
                items = given.elts if isinstance(given, ast.List | ast.Tuple) else [given]
                for item in items:
                    if isinstance(item, ast.Call) and F.dotted(item.func) == "dict":
                        found[id(item)] = run
        return found

    def method_of_plain(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a method of an object whose class is known and is neither a
        model nor a schema (``dag.create_dagrun(...)`` on a ``DAG``)."""
        if not isinstance(node.func, ast.Attribute):
            return False
        receiver = self.types.expr(node.func.value, scope)
        if receiver.kind not in (I.INSTANCE, I.CLASS) or self.is_model(receiver.key):
            return False
        view = self.world.classes.get(receiver.key)
        return view is not None and view.kind == PLAIN and not unknown_bases(view)

    def command_line_declaration(self, node: ast.Call, scope: I.Scope) -> None:
        """The names a decorator of click declares for parameters of a command that takes
        each as its own (:mod:`colretire.analysis.finder.commandline`)."""
        if not commandline.is_click_declaration(self.qualified_name(node.func, scope)):
            return
        names = commandline.declared_names(node)
        if id(node) in self.commands:
            self.command_line.update(id(n) for n in names)
        else:  # a command's **kwargs or ctx.params: a dict under these names
            self.command_dicts.update(id(n) for n in names)

    def named_tuple_fields(self, node: ast.Call) -> None:
        """``namedtuple("CellMeasure", "measure_id lat lon")`` (or a list of the names): its
        field names are attributes of the tuples, which may carry the column's values (a
        dump of the table read back, Ichnaea's accuracy script), not prose."""
        given = node.args[1] if len(node.args) > 1 else F.keyword(node, "field_names")
        name = F.string_value(node.args[0]) if node.args else None
        if given is None:
            return
        items = given.elts if isinstance(given, (ast.List, ast.Tuple)) else [given]
        for item in items:
            if isinstance(item, ast.Constant) and isinstance(item.value, str):
                self.tuple_fields[id(item)] = name or "namedtuple"

    def translated(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a library's gettext function, under its name or another
        (``from flask_babel import gettext as __``): its texts are messages for people."""
        if not node.args or not isinstance(node.args[0], ast.Constant | ast.JoinedStr):
            return False
        if not isinstance(node.func, ast.Name) and F.last_name(node.func) not in GETTEXT:
            return False
        qualified = self.qualified_name(node.func, scope)
        return is_gettext(qualified) and self.outside_project(qualified)

    def qualified_name(self, node: ast.expr, scope: I.Scope) -> str:
        """The qualified name of a library's object ``node`` names, else ``""``."""
        resolved = self.types.expr(node, scope)
        return resolved.key if resolved.kind == I.NAME else ""

    def own_method(self, node: ast.Call, scope: I.Scope) -> bool:
        """Whether ``node`` calls a method that a plain class of the project defines under
        that name (``self.log(...)`` in a ``JournalWriter`` whose ``log`` builds a row)."""
        if not self.method_of_plain(node, scope):
            return False
        assert isinstance(node.func, ast.Attribute)
        receiver = self.types.expr(node.func.value, scope)
        view = self.world.classes.get(receiver.key)
        return view is not None and node.func.attr in view.methods

    def exclude_keyword(self, node: ast.Call, item: ast.keyword, scope: I.Scope) -> None:
        """Why ``f(col=...)`` is not a reference: the callee is another table's model, or
        a library's (``psycopg2.connect(passfile=...)``, a logging call), which takes the
        value as its own parameter. A function, method or constructor of the project may
        hand it on to the model (``dag.create_dagrun(external_trigger=...)`` builds a
        DagRun with it; ``DAG(default_view=...)`` is carried into the DagModel): that
        keyword follows its value (:meth:`hand_on`); a callee that cannot be followed
        leaves it unexplained."""
        position = self.source.start(item)
        callee = self.types.expr(node.func, scope)
        name = F.dotted(node.func) or F.last_name(node.func) or "a call"
        if (
            callee.kind == I.CLASS
            and self.is_model(callee.key)
            and self.other_column(callee.key, item.arg or "")
        ):
            detail = f"{self.class_name(callee.key)}.{item.arg}, another attribute of the model"
            self.ledger.exclude([position], Exclusion.OTHER_COLUMN, detail)
        elif callee.kind == I.CLASS or self.schema_class(callee):
            character, detail = self.class_character(callee.key)
            cls = self.class_name(callee.key)
            if character == "other-model":
                self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{item.arg}")
            elif character == "library":  # unless a module beside the file gives the class
                detail = f"a keyword of {cls}(...)"
                self.exclude_as_library([position], callee.key, item.arg or "", detail)
            elif character == "plain" and self.exception_class(callee.key):
                detail = f"a keyword of {cls}(...), an exception"
                self.ledger.exclude([position], Exclusion.KEYWORD, detail)
            elif character == "plain":
                detail = f"a keyword of {cls}(...), which may carry the column"
                self.hand_on(node, item, detail, f"{callee.key}.__init__", scope)
            elif (held := self.schema_member_held(callee.key, item.arg or "")) is not None:
                # ``InstanceOffer(instance=InstanceType(...))``: the keyword sets the field
                self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"{cls}.{held}")
            elif self.inner_module_library(callee.key):
                # ``from firecrawl import FirecrawlApp`` beside the project's firecrawl.py
                detail = f"a keyword of {cls}(...), a class of the library {callee.key}"
                self.exclude_as_library([position], callee.key, item.arg or "", detail, True)
            else:
                self.ledger.unexplained([position], f"a keyword of {cls}(...), {detail}")
        elif (
            # a logging call; not a method of the project's of that name (``self.log(...)``
            # of a class whose ``log`` writes a row), which is followed below
            (F.last_name(node.func) in MESSAGE_CALLS and not self.own_method(node, scope))
            or callee.kind == I.OTHER
            or (callee.kind == I.NAME and self.outside_project(callee.key))
        ):
            if _keys_a_dict(node, callee):  # dict(col=...), data.update(col=...)
                detail = f"a keyword of {name}(...), a key of the dict it makes or fills"
                self.ledger.unexplained([position], detail)
            elif (
                callee.kind == I.NAME
                and "." in callee.key
                and self.outside_project(callee.key)
                and F.last_name(node.func) not in MESSAGE_CALLS
            ):
                # a library's name the index holds nothing of: unless a module beside the
                # file gives it (``from pagerduty import EventsClient`` beside pagerduty.py)
                detail = f"a keyword of {name}(...)"
                self.exclude_as_library([position], callee.key, item.arg or "", detail)
            else:
                self.ledger.exclude([position], Exclusion.KEYWORD, f"a keyword of {name}(...)")
        elif callee.kind in (I.FUNCTION, I.NAME) or self.method_of_plain(node, scope):
            self.hand_on(node, item, callee=self.callee_name(node, callee, scope), scope=scope)
        elif (other := self.filtered_other_column(node, item.arg or "", scope)) is not None:
            self.ledger.exclude(
                [position], Exclusion.OTHER_TABLE, f"{other}, filtered by {name}(...)"
            )
        elif (library := self.library_call(node, scope)) is not None:
            detail = f"a keyword of {name}(...), a call of the library's {library}"
            self.exclude_as_library([position], library, item.arg or "", detail)
        else:
            self.ledger.unexplained(
                [position], f"a keyword of {name}(...), which could not be followed"
            )

    def foreign_key_target(self, node: ast.Call) -> None:
        """``ForeignKey("datasources.id")``: its words are a table's name (or its schema's)
        and, on another table, that table's column. The column it targets on our table is
        judged as a name (:meth:`name_verdict`)."""
        found = tablenames.foreign_key_target(node)
        if found is None:
            return
        arg, table = found
        ours = self.is_our_table(table)
        decided = []
        for line, col in self.ledger.words_in(arg):
            text = self.source.line_text(line)
            word = self.ledger.pattern.match(text, col - 1)
            qualifier = word is not None and tablenames.qualifier_word(text, col, len(word.group()))
            if ours and not qualifier:
                return  # the key's column on our table: judged as a name
            detail = f"{TABLE_NAME} {table}, not a column" if qualifier else f"a column of {table}"
            decided.append(((line, col), detail))
        self.handled.add(id(arg))
        for position, detail in decided:
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)

    def label(self, node: ast.Call, scope: I.Scope) -> None:
        """``Task.col.label("col")``: the name under which the query returns the column is
        part of the reference to it; the label of another model's column
        (``Project.col.label("col")``) is that model's."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Attribute)
            and len(node.args) == 1
            and F.string_value(node.args[0]) in self.names
        ):
            return
        arg, attr = node.args[0], func.value.attr
        owner = self.types.expr(func.value.value, scope)
        if owner.kind != I.CLASS or not owner.key:
            return
        if self.is_model(owner.key):
            if self.category(attr) == "attr" and attr in self.target.attr_names:
                self.handled.add(id(arg))
                self.ledger.reference(self.ledger.words_in(arg))
            return
        character, table = self.class_character(owner.key)
        if character == "other-model" and not self.is_our_table(table):
            self.handled.add(id(arg))
            detail = f"the label of {table}.{attr} in a query"
            self.ledger.exclude(self.ledger.words_in(arg), Exclusion.OTHER_TABLE, detail)

    def back_populated(self, node: ast.Call, scope: I.Scope) -> None:
        """``relationship("Consent", back_populates="provided_identity")`` names an attribute
        of the related class: another model's, when that class maps another table."""
        value = next((kw.value for kw in node.keywords if kw.arg == "back_populates"), None)
        if value is None or F.string_value(value) not in self.names or not node.args:
            return
        related = self.related_class(node.args[0], scope)
        if related is None:
            return
        character, table = self.class_character(related)
        if character != "other-model" or self.is_our_table(table):
            return
        self.handled.add(id(value))
        detail = f"an attribute of {self.class_name(related)}, which maps {table}"
        self.ledger.exclude(self.ledger.words_in(value), Exclusion.OTHER_TABLE, detail)

    def related_class(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The class a relationship's first argument names: a class, or a string naming
        one class of the index (``"Consent"``, ``"app.models.Consent"``)."""
        text = F.string_value(node)
        if text is None:
            owner = self.types.expr(node, scope)
            return owner.key if owner.kind == I.CLASS and owner.key else None
        name = text.rpartition(".")[2]
        keys = [
            key
            for key, view in self.world.classes.items()
            if view.name == name and view.kind == MAPPED
        ]
        return keys[0] if len(keys) == 1 else None

    def class_constraint(self, node: ast.Call, callee: str, scope: I.Scope) -> None:
        """A constraint or index in the body of a mapped class (``__table_args__ = (
        UniqueConstraint("col", "other"), Index("ix", "col"))``) lists columns of that
        class's table by name: in the body of another model, they are its table's columns.
        (In the body of our model, :meth:`name_verdict` makes them references.)"""
        key = scope.class_key
        if not key or self.is_model(key) or self.same_table(key):
            return
        character, table = self.class_character(key)
        if character != "other-model" or self.is_our_table(table):
            return
        names = node.args[1:] if callee == "Index" else node.args
        if callee == "ForeignKeyConstraint":  # its local columns; the referred ones are dotted
            names = (
                list(node.args[0].elts)
                if node.args and isinstance(node.args[0], ast.List | ast.Tuple)
                else []
            )
        detail = f"a column of {table} in a constraint of its class"
        for arg in names:
            if F.string_value(arg) in self.names:
                self.handled.add(id(arg))
                self.ledger.exclude(self.ledger.words_in(arg), Exclusion.OTHER_TABLE, detail)

    def table_declarations(self, node: ast.Call) -> None:
        """``Table("tasks", metadata, Column("col", ...))`` declares the column; the same
        ``Column("col", ...)`` in the ``Table`` of another name declares that table's
        column (a migration script of sqlalchemy-migrate, a Core table beside the models)."""
        table = F.string_value(node.args[0]) if node.args else None
        if table is None:
            return
        if not self.is_our_table(table):
            for arg in node.args[1:]:
                if isinstance(arg, ast.Call) and _column_call_name(arg) in self.names:
                    words = self.ledger.words_in(arg.args[0])
                    detail = f"a column of Table({table!r})"
                    self.ledger.exclude(words, Exclusion.OTHER_TABLE, detail)
            for name in self.constraint_names(node):
                detail = f"a column of Table({table!r}) in one of its constraints"
                self.ledger.exclude(self.ledger.words_in(name), Exclusion.OTHER_TABLE, detail)
            return
        for arg in node.args[1:]:
            if _column_call_named(arg, self.target.column.column):
                assert isinstance(arg, ast.Call)
                self.handled.add(id(arg.args[0]))
                message = f"declares {self.target.column} in Table({table!r})"
                self.add(self.source.start(arg), Verdict(K.DECLARATION, CERTAIN, message), arg)
        for name in self.constraint_names(node):
            if F.string_value(name) == self.target.column.column:
                message = f"names {self.target.column} in a constraint of Table({table!r})"
                self.add(self.source.start(name), Verdict(K.DECLARATION, CERTAIN, message), name)

    def constraint_names(self, node: ast.Call) -> Iterator[ast.expr]:
        """The strings naming our names among the columns that the constraints and indexes
        given to a ``Table(...)`` list (``UniqueConstraint("user_id", "recipe_id")``), each
        marked handled."""
        for arg in node.args[1:]:
            callee = F.last_name(arg.func) if isinstance(arg, ast.Call) else None
            if not isinstance(arg, ast.Call) or callee not in _CONSTRAINTS:
                continue
            listed = arg.args[1:] if callee == "Index" else arg.args
            if callee == "ForeignKeyConstraint":  # its local columns; the referred ones are dotted
                first = arg.args[0] if arg.args else None
                listed = list(first.elts) if isinstance(first, ast.List | ast.Tuple) else []
            for item in listed:
                if F.string_value(item) in self.names:
                    self.handled.add(id(item))
                    yield item

    def accessor(self, node: ast.Call, scope: I.Scope) -> None:
        text = F.string_value(node.args[1])
        if text is None or text not in self.key_names:
            return
        self.handled.add(id(node.args[1]))
        owner = self.types.expr(node.args[0], scope)
        verb = F.last_name(node.func)
        found = None
        if owner.kind in (I.INSTANCE, I.CLASS):
            found = self.owned_verdict(owner, text, verb)
            confidence = found.confidence if found else None
        elif owner.kind in (I.UNKNOWN, I.NAME) and text in self.string_names:
            confidence = LIKELY
        else:
            confidence = None
        if confidence is not None:
            kind = (
                K.RELATIONSHIP
                if text in self.rel_names and text not in self.string_names
                else K.STRING
            )
            verdict = Verdict(
                kind,
                confidence,
                f"names {self.target.column} in {verb}(..., {text!r})",
                schema_field=found.schema_field if found else None,
            )
            if owner.kind in (I.UNKNOWN, I.NAME):
                verdict = unproven(verdict)
            self.add(self.source.start(node.args[1]), verdict, node.args[1])

    def keyword_verdict(self, node: ast.Call, item: ast.keyword, scope: I.Scope) -> Verdict | None:
        name = item.arg or ""
        column = self.target.column
        if (written := self.executed_write(node, name, scope)) is not None:
            return written
        callee = self.types.expr(node.func, scope)
        if callee.kind == I.CLASS or (callee.kind == I.NAME and self.schema(callee.key)):
            # a class the index did not read is known by the evidence that proves it
            return self.constructor_keyword(callee.key, name)
        if (built := self.built_by_class_method(node, name, scope)) is not None:
            return built
        if callee.kind != I.CLASS and isinstance(node.func, ast.Name):
            # a class imported from one module or another: either one's keyword
            for key in self.types.imported_classes(node.func.id, scope):
                if (verdict := self.constructor_keyword(key, name)) is not None:
                    return verdict
        if isinstance(node.func, ast.Attribute) and node.func.attr in (
            "filter_by",
            "values",
            "ordered_values",
        ):
            receiver = self.types.expr(node.func.value, scope)
            ours = self.category(name) or name == column.column
            if self.ours_statement(receiver) and ours and filtered.shifted(node):
                # after a join, filter_by filters the last joined entity: not proven ours
                return unproven(
                    Verdict(
                        self.keyword_kind(name),
                        LIKELY,
                        f"passes {name}= to .{node.func.attr}() after a join; {column} if it filters a {self.target.model_name or 'model'}",
                    )
                )
            if (confidence := self.statement_confidence(receiver)) and ours:
                held = HELD.format(via=receiver.via) if receiver.via else ""
                return Verdict(
                    self.keyword_kind(name),
                    confidence,
                    f"passes {name}= to .{node.func.attr}() for {column}{held}",
                )
            if receiver.kind != I.QUERY and (first := filtered.first_entity(node)) is not None:
                # query(db.Predictor, db.Integration).filter_by(...): the first entity's
                zero = self.entity_class(first, scope)
                if zero is not None:
                    if self.is_model(zero) and ours:
                        how = f"of a query of {self.class_name(zero)} first, for {column}"
                        return Verdict(
                            self.keyword_kind(name),
                            CERTAIN,
                            f"passes {name}= to .{node.func.attr}() {how}",
                        )
                    return None
            if receiver.kind in (I.UNKNOWN, I.NAME) and name in self.string_names:
                # One right in two on the real-code corpus: unexplained, not likely.
                return unproven(
                    Verdict(
                        K.KEYWORD,
                        LIKELY,
                        f"passes {name}= to .{node.func.attr}() of an unknown query; {column} if it is a {self.target.model_name or 'model'} query",
                    )
                )
            return None
        if filtered.relationship_attribute(node) is not None:
            target = self.filtered_model(node, scope)
            if target is not None and self.is_model(target) and self.category(name):
                how = f"passes {name}= to .{F.last_name(node.func)}() of a relationship to"
                return Verdict(self.keyword_kind(name), CERTAIN, f"{how} {column}")
            return None
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "dict"
            and self.model_related([kw.value for kw in node.keywords], scope)
        ):
            return Verdict(
                self.keyword_kind(name),
                CERTAIN,
                f"names {column} in a dict(...) built from a {self.target.model_name}",
            )
        return None

    def built_by_class_method(self, node: ast.Call, name: str, scope: I.Scope) -> Verdict | None:
        """``DataSource.create_with_group(name=..., options=...)``: a class method of the
        model that hands its ``**kwargs``, untouched, to its own class's constructor
        (``data_source = cls(*args, **kwargs)``) gives it every keyword it does not name
        as a parameter: each is a keyword of the model's constructor."""
        if not isinstance(node.func, ast.Attribute):
            return None
        receiver = self.types.expr(node.func.value, scope)
        if receiver.kind != I.CLASS or not self.is_model(receiver.key):
            return None
        view = self.world.classes.get(receiver.key)
        method = view.methods.get(node.func.attr) if view is not None else None
        if method is None or method.kind != "classmethod" or not method.builds_own:
            return None
        if method.parameter(None, name) is not None:
            return None  # a parameter of its own: not the constructor's
        verdict = self.constructor_keyword(receiver.key, name)
        if verdict is None:
            return None
        cls = self.class_name(receiver.key)
        how = f"{cls}.{node.func.attr}(...), which hands its keywords to {cls}(...)"
        return replace(verdict, message=verdict.message.replace(f"{cls}(...)", how, 1))

    def constructor_keyword(self, key: str, name: str) -> Verdict | None:
        cls = self.class_name(key)
        if self.is_model(key):
            category = self.category(name)
            if category is None:
                return None
            column = self.target.column
            what = {
                "composite": f", a composite including {column}",
                "relationship": f", the relationship built on {column}",
                "wrapper": f", a {self.target.wrappers.get(name)} that reads {column}",
            }.get(category, f" ({column})")
            return Verdict(self.keyword_kind(name), CERTAIN, f"passes {name}= to {cls}(...){what}")
        if name in self.target.reverse.get(key, ()):
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"passes {name}= to {cls}(...), the other side of the relationship built on {self.target.column}",
            )
        if name in self.target.proxies.get(key, ()):
            return Verdict(
                K.WRAPPER,
                CERTAIN,
                f"passes {name}= to {cls}(...), an association_proxy over {self.target.column}",
                via=name,
            )
        match = self.schema(key)
        if match and name in match.fields:
            kind = FIELD_KINDS.get(match.fields[name], K.KEYWORD)
            return Verdict(
                kind,
                match.confidence,
                f"passes {name}= to {cls}(...), a schema mirroring {self.target.column}",
                schema_field=name,
            )
        return None


#: The start of a replacement field of a ``str.format`` string that reads an attribute off
#: an argument, just before the attribute's name: ``{obj.`` or ``{0.``.
_FORMAT_FIELD = re.compile(r"(?<!\{)\{(?P<arg>\w+)\.\Z")

#: Exclusions that say a value belongs to something else than the column.
_ANOTHERS = frozenset({Exclusion.OTHER_TABLE, Exclusion.OTHER_COLUMN, Exclusion.OTHER_TYPE})
#: The callables whose keywords become the keys of the mapping they make.
_DICT_MAKERS = frozenset(
    {"dict", "collections.OrderedDict", "collections.defaultdict", "collections.Counter"}
)


def _keys_a_dict(node: ast.Call, callee: I.Ty) -> bool:
    """Whether the keywords of ``node`` become the keys of a dict, which may be spread into
    a model later (``d = dict(col=...)``, ``d.update(col=...)``; then ``Task(**d)``): a
    call of ``dict`` (or of ``collections``' mappings), or ``update`` of a plain value."""
    if callee.kind == I.NAME and callee.key in _DICT_MAKERS:
        return True
    return (
        callee.kind == I.OTHER
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
    )


def _queried(node: ast.expr) -> bool:
    """Whether ``node`` is a chain of method calls that starts at ``X.query(entity, ...)``
    (``meta.Session.query(rev_class).filter(...)``): a legacy SQLAlchemy Query."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "query":
            return bool(node.args)
        node = node.func.value
    return False


def _column_call_name(node: ast.expr) -> str | None:
    """The name ``Column("name", ...)`` or ``mapped_column("name", ...)`` declares."""
    if (
        isinstance(node, ast.Call)
        and F.last_name(node.func) in ("Column", "mapped_column")
        and node.args
    ):
        return F.string_value(node.args[0])
    return None


def _column_call_named(node: ast.expr, column: str) -> bool:
    """``Column("name", ...)`` or ``mapped_column("name", ...)``."""
    return _column_call_name(node) == column
