"""String literals: a name of the column spelled in a string, a dotted ``table.column`` path, and
raw SQL read through the SQL reader (:mod:`colretire.sql`) with the fragments a function
assembles."""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from colretire.analysis import infer as I
from colretire.analysis import sqltext, tablenames
from colretire.analysis.finder.base import (
    CERTAIN,
    LIKELY,
    K,
    Verdict,
    unproven,
)
from colretire.analysis.finder.columnvalues import ColumnValues
from colretire.analysis.index import MAPPED
from colretire.model import Confidence, Exclusion
from colretire.sql import words as sqlwords
from colretire.sql.mention import HYPHENED, MEDIA_TYPE, TABLE_NAME, URL_PATH, Reading


class Strings(ColumnValues):
    """Judges string literals and the SQL in them."""

    def visit_joined(self, node: ast.JoinedStr, scope: I.Scope) -> None:
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
        self.read_string(node, text, scope, exact=False)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value, scope)

    def visit_constant(self, node: ast.Constant, scope: I.Scope) -> None:
        if isinstance(node.value, str) and id(node) not in self.handled:
            self.read_string(node, node.value, scope, exact=True)

    def read_string(self, node: ast.expr, text: str, scope: I.Scope, exact: bool) -> None:
        """A string that names the column outright (``"col"``, ``"Task.col"``,
        ``"tasks.col"``) is judged as a name; any other is read as SQL (:meth:`read_sql`)."""
        if exact and id(node) in self.command_line:
            detail = "the name of a command line's parameter, declared to click"
            self.ledger.exclude(self.string_words(node), Exclusion.FRAMEWORK, detail)
            return
        if id(node) in self.tuple_fields:
            detail = f"a field of the named tuple {self.tuple_fields[id(node)]}, which may carry the column"
            self.ledger.unexplained(self.string_words(node), detail)
            return
        if id(node) in self.command_dicts:
            detail = "names a command line's parameter that the command may take in a dict"
            self.ledger.unexplained(self.string_words(node), detail)
            return
        if (
            exact
            and isinstance(node, ast.Constant)
            and text in self.names
            and (value := self.column_value(node, scope)) is not None
        ):
            self.ledger.exclude(self.string_words(node), Exclusion.OTHER_TABLE, value)
            return
        verdict = self.name_verdict(text, scope, exact)
        if exact and id(node) in self.builders and text in self.string_names:
            callee = self.builders[id(node)]
            message = (
                f"names {self.target.column} in column() given to {callee}() with the table's name"
            )
            confidence = self.contexts.get(id(node), LIKELY)
            verdict = Verdict(K.STRING, confidence, message)
            verdict = verdict if confidence is CERTAIN else unproven(verdict)
        elif exact and id(node) in self.payload_keys and text in self.string_names:
            how = "read from" if id(node) in self.payload_reads else "tested in"
            message = f"names {self.target.column} as a key {how} a payload handed to the model"
            verdict = Verdict(K.STRING, self.contexts[id(node)], message)
        elif (
            exact
            and self.foreign_payloads.get(id(node), ("", False))[1]
            and (text in self.key_names)
        ):
            self.foreign_key(node, text, self.foreign_payloads[id(node)])
            return
        elif exact and id(node) in self.other_builders and text in self.string_names:
            callee, tables = self.other_builders[id(node)]
            detail = f"a column of {', '.join(sorted(tables))} given to {callee}()"
            self.ledger.exclude(self.string_words(node), Exclusion.OTHER_TABLE, detail)
            return
        if exact and verdict is not None and verdict.confidence is not CERTAIN:
            looked_up = self.looked_up_attribute(node, text, scope)
            if looked_up is not None and self.is_model(looked_up):
                cls = self.class_name(looked_up)
                message = (
                    f"names {self.target.column} as a value of a dict whose values name the "
                    f"attributes getattr() or setattr() reads or sets on {cls}"
                )
                verdict = Verdict(K.STRING, CERTAIN, message)
            elif (
                looked_up is not None
                and (view := self.world.classes.get(looked_up)) is not None
                and view.kind == MAPPED
                and view.table != self.target.table
                and not any(self.is_model(a) for a in view.ancestors)  # may inherit ours
            ):
                detail = f"{view.table or view.name}.{text}, a value of a dict whose values name the attributes getattr() or setattr() reads or sets on {view.name}"
                self.ledger.exclude(self.string_words(node), Exclusion.OTHER_TABLE, detail)
                return
        if verdict is not None:
            self.add(self.source.start(node), verdict, node)
        elif (owner := self.dotted_owner(text)) is not None:
            detail = f"{owner}.{text.rpartition('.')[2]}, named in a string"
            self.ledger.exclude(self.string_words(node), Exclusion.OTHER_TABLE, detail)
        elif text.strip() in self.names:
            detail = "a string that is one of the names alone"
            self.ledger.unexplained(self.string_words(node), detail)
        elif self.dotted_path(node, text):
            pass
        elif self.string_words(node) or sqlwords.names_word(text, self.target.column.column):
            self.read_sql(node, scope)
            detail = "a part of the string the SQL reader does not see (a format field)"
            self.ledger.unexplained(self.string_words(node), detail)

    def looked_up_attribute(self, node: ast.expr, text: str, scope: I.Scope) -> str | None:
        """The mapped class whose attribute a string names, where it is a value of a dict
        literal bound once to a local of the function, every read of which looks a value up
        (``mapping.get(c, c)``, ``mapping[c]``) as the name given to ``getattr`` or
        ``setattr`` on that class or an instance of it (JupyterHub's admin page:
        ``mapping = {"running": "_server_id"}``, ``getattr(orm.User, mapping.get(c, c))``);
        the class must have an attribute of that name. ``None`` otherwise."""
        function = scope.node
        if scope.kind != "function" or not isinstance(
            function, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            return None
        local = None
        for inner in ast.walk(function):
            if (
                isinstance(inner, ast.Assign)
                and len(inner.targets) == 1
                and isinstance(inner.targets[0], ast.Name)
                and isinstance(inner.value, ast.Dict)
                and any(value is node for value in inner.value.values)
            ):
                local = inner.targets[0].id
        if local is None:
            return None
        parents = {
            id(child): inner
            for inner in ast.walk(function)
            for child in ast.iter_child_nodes(inner)
        }
        bound = {
            inner.id
            for inner in ast.walk(function)
            if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load)
        } | {
            arg.arg for inner in ast.walk(function) if isinstance(inner, ast.arguments)
            for arg in (*inner.posonlyargs, *inner.args, *inner.kwonlyargs)
        }  # fmt: skip
        stores = 0
        owners: set[str] = set()
        for inner in ast.walk(function):
            if not (isinstance(inner, ast.Name) and inner.id == local):
                continue
            if not isinstance(inner.ctx, ast.Load):
                stores += 1
                continue
            lookup = parents.get(id(inner))
            if isinstance(lookup, ast.Call) and any(arg is inner for arg in lookup.args):
                # handed to a function of the module that sets, on the object given beside
                # it, the attributes its values name (:mod:`~colretire.analysis.namemaps`)
                found = self.handed_to_setattr(lookup, inner, scope)
                if found is None:
                    return None
                owners |= found
                continue
            if isinstance(lookup, ast.Attribute) and lookup.attr == "get":
                lookup = parents.get(id(lookup))
                if not (isinstance(lookup, ast.Call) and lookup.args):
                    return None
            elif not isinstance(lookup, ast.Subscript):
                return None
            call = parents.get(id(lookup))
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in ("getattr", "setattr")
                and len(call.args) >= 2
                and call.args[1] is lookup
            ):
                return None
            held = call.args[0]
            head = held
            while isinstance(head, ast.Attribute):
                head = head.value
            if not isinstance(head, ast.Name) or head.id in bound - {"self"}:
                return None  # a value of the function's own: its type is not read here
            owner = self.types.expr(held, scope)
            if owner.kind not in (I.CLASS, I.INSTANCE):
                return None
            owners.add(owner.key)
        if stores != 1 or not owners:
            return None
        # set on a model of the table among others: the name is its attribute there
        ours = sorted(key for key in owners if self.is_model(key))
        if len(owners) != 1 and not ours:
            return None
        key = ours[0] if ours else owners.pop()
        view = self.world.classes.get(key)
        return key if view is not None and text in view.attrs else None

    def handed_to_setattr(self, call: ast.Call, given: ast.Name, scope: I.Scope) -> set[str] | None:
        """The classes of the objects a call gives beside the dict ``given``, where the
        function it calls sets on them the attributes the dict's values name; ``None`` where
        it does not, or an object's class is unknown."""
        from colretire.analysis.namemaps import called_pairs, name_maps

        tree = self.source.tree
        if not isinstance(tree, ast.Module):
            return None
        maps = self.__dict__.get("_name_maps")
        if maps is None:
            maps = self.__dict__["_name_maps"] = name_maps(tree)
        if not maps:
            return None
        owner = scope.class_key.rpartition(".")[2] if scope.class_key else ""
        position = next(i for i, arg in enumerate(call.args) if arg is given)
        owners: set[str] = set()
        if (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in ("self", "cls")
        ):
            # ``self`` may be of a class deriving from this one, in a file the scan does
            # not read, whose method of that name may set the names on other objects: no
            # exclusion on that method's account
            owners.add("")
        for map_at, object_at in called_pairs(call, owner, tree, maps):
            if map_at != position:
                continue
            found = self.types.expr(call.args[object_at], scope)
            if found.kind in (I.CLASS, I.INSTANCE):
                owners.add(found.key)
            elif found.kind == I.UNION:  # annotated as any of several classes
                owners.update(found.key.split("|"))
            elif found.kind != I.NONE:
                owners.add("")  # of unknown class: no exclusion on its account
        return (
            {key for key in owners if key}
            if owners and ("" not in owners or any(self.is_model(key) for key in owners if key))
            else None
        )

    def dotted_path(self, node: ast.expr, text: str) -> bool:
        """The words of a dotted name (``audio.stt.openai.api_key``) that the part before
        them proves are not the column: a part that names no table of the column's, no
        class and no attribute the project declares
        (:func:`~colretire.analysis.tablenames.chain_holders`). The others are read as SQL,
        with the rest of the string's words; ``False`` when none is decided."""
        holders = tablenames.chain_holders(text, self.names)
        words = self.string_words(node)
        if not holders or len(holders) != len(words):
            return False
        if self._declared is None:
            declared = {self.target.table.rpartition(".")[2], "c"}
            for view in self.world.classes.values():
                declared.add(view.name)
                declared.update(view.attrs)
            self._declared = frozenset(name.lower() for name in declared)
        decided = [
            (word, holder)
            for word, holder in zip(words, holders, strict=True)
            if holder is not None and holder.lower() not in self._declared
        ]
        if len(decided) < len(words):
            return False  # the SQL reader reads the string whole
        for word, holder in decided:
            detail = f"a dotted name under {holder}, no table, class or attribute of the project"
            self.ledger.exclude([word], Exclusion.PROSE, detail)
        return True

    def name_verdict(self, text: str, scope: I.Scope, exact: bool) -> Verdict | None:
        column = self.target.column
        in_model = scope.kind == "class" and self.is_model(scope.class_key)
        if exact and text in self.string_names:
            if in_model:
                return Verdict(K.STRING, CERTAIN, f"names {column} in a string")
            return unproven(Verdict(K.STRING, LIKELY, f"names {column} in a string"))
        if self.qualified is not None and self.qualified.search(text):
            return Verdict(
                K.STRING, CERTAIN, f"names {column} in a string expression evaluated by SQLAlchemy"
            )
        if exact and self.dotted_owner(text) == self.target.table:
            return Verdict(K.STRING, CERTAIN, f"names {column} as {text!r}")
        return None

    def dotted_owner(self, text: str) -> str | None:
        """The table of a string ``[schema.]table.col`` that spells the column's name, as in
        ``ForeignKey("tasks.col")``: ours, or a table the index maps."""
        found = _DOTTED.fullmatch(text)
        if found is None or found.group("column") != self.target.column.column:
            return None
        table = found.group("table")
        return table if table == self.target.table or table in self.mapped_tables else None

    def read_sql(self, node: ast.expr, scope: I.Scope) -> None:
        """Each word of the column's names in a string, read by the SQL reader in the text
        the function builds from it (:mod:`colretire.analysis.sqltext`): a use of the column
        (one reference per line that names it), another table's column, prose, or
        undecided."""
        column = self.target.column.column
        found: dict[int, tuple[tuple[int, int], Confidence, str]] = {}
        for name in self.names_in(node):
            for reading in self.sql_readings(node, scope, name):
                decided = self.judge_mention(node, scope, reading, name == column)
                if decided is not None and reading.position is not None:
                    position = self.reference_position(node, reading.position)
                    kept = found.get(position[0])
                    if kept is None or (kept[1] is LIKELY and decided[0] is CERTAIN):
                        found[position[0]] = (position, *decided)
                    self.ledger.reference([reading.position])
        for position, confidence, message in found.values():
            self.add(position, Verdict(K.RAW_SQL, confidence, message))

    def names_in(self, node: ast.expr) -> list[str]:
        """The names of the column a string spells: its column name (in any case) first."""
        column = self.target.column.column
        text = sqltext.literal_text(node)
        spelt = set()
        for line, col in self.string_words(node):
            found = self.ledger.pattern.match(self.source.line_text(line), col - 1)
            if found is not None:
                spelt.add(found.group())
        names = sorted(spelt - {column})
        return ([column] if sqlwords.names_word(text, column) else []) + names

    def reference_position(self, node: ast.expr, word: tuple[int, int]) -> tuple[int, int]:
        """Where a reference in a string is reported: the string's start when the word is on
        its first line (the codemods find a node by its start), else the word, so that a
        multi-line statement is reported at the line that names the column."""
        start = self.source.start(node)
        return start if word[0] == start[0] else word

    def sql_readings(self, node: ast.expr, scope: I.Scope, name: str) -> list[sqltext.WordReading]:
        return sqltext.read_literal(
            self.source, self.assembler, _body_scope(scope).node, node, self.target.table, name
        )

    def judge_mention(
        self, node: ast.expr, scope: I.Scope, reading: sqltext.WordReading, column: bool
    ) -> tuple[Confidence, str] | None:
        """A reference's confidence and message for a word the SQL reader read, or ``None``
        after deciding its tier (an exclusion, unexplained)."""
        mention = reading.mention
        if id(node) in self.translations:  # translated, the text is another: never SQL
            where = reading.position
            positions = [where] if where is not None else self.string_words(node)
            self.ledger.exclude(positions, Exclusion.PROSE, "a text to translate")
            return None
        confidence: Confidence | None = None
        detail = mention.detail
        kind = mention.confidence
        in_model = scope.kind == "class" and self.is_model(scope.class_key)
        checked = id(node) in self.constraint_sql
        message = self.is_message(node)
        if kind is Reading.FRAGMENT and not (in_model or checked):
            kind, tables, detail = self.fragment_reading(node, scope, reading.built)
            mention = replace(mention, tables=tables)
        if in_model and kind is not Reading.OTHER:
            kind, detail = Reading.CERTAIN, f"SQL in the class body of {self.target.model_name}"
        elif checked and kind in (Reading.CERTAIN, Reading.LIKELY, Reading.FRAGMENT):
            kind, detail = Reading.CERTAIN, f"a CHECK constraint of {self.target.model_name}"
        where = reading.position
        if kind in (Reading.CERTAIN, Reading.LIKELY) and column:
            confidence = CERTAIN if kind is Reading.CERTAIN else LIKELY
            return confidence, _sql_message(self.target.column, reading.built, detail)
        positions = [where] if where is not None else self.string_words(node)
        if kind is Reading.PARAMETER:
            self.ledger.exclude(positions, Exclusion.LOCAL, "a bind parameter of the SQL")
        elif kind is Reading.OTHER and mention.tables:
            owners = ", ".join(mention.tables)
            what = detail if detail.startswith(TABLE_NAME) else f"a column of {owners} in SQL"
            self.ledger.exclude(positions, Exclusion.OTHER_TABLE, what)
        elif kind is Reading.OTHER or message:
            what = "a message" if message else "prose, not SQL"
            what = mention.detail if mention.detail in (MEDIA_TYPE, URL_PATH, HYPHENED) else what
            self.ledger.exclude(positions, Exclusion.PROSE, what)
        elif kind in (Reading.CERTAIN, Reading.LIKELY):
            self.ledger.unexplained(
                positions, f"SQL on {self.target.table} names it, not as the column"
            )
        else:
            self.ledger.unexplained(positions, detail or "SQL whose table is not known")
        return None

    def fragment_reading(
        self, node: ast.expr, scope: I.Scope, built: bool
    ) -> tuple[Reading, tuple[str, ...], str]:
        """A fragment of SQL (a condition, a clause) that is built into SQL or given to
        SQLAlchemy as SQL: judged by the tables the SQL around it names (the receiver of
        ``.where(text(...))``, else the other SQL strings of the function). Any other
        fragment is left undecided."""
        tables = self.sql_context.get(id(node))
        if tables is None:
            if not (built or id(node) in self.sql_nodes):
                return Reading.UNKNOWN, (), "a string that may be a fragment of SQL"
            tables = self.scope_tables(_body_scope(scope).node)
        table = self.target.table
        if table in tables:
            return Reading.LIKELY, (), f"a fragment of the SQL this function builds on {table}"
        if tables:
            return Reading.OTHER, tuple(sorted(tables)), ""
        return Reading.UNKNOWN, (), "a fragment of SQL whose table is not known"

    def scope_tables(self, node: ast.AST) -> frozenset[str]:
        """The tables the SQL texts of a scope name, and the tables it names in strings of
        their own (``"tasks"``)."""
        found = self._scope_tables.get(id(node))
        if found is None:
            from colretire.sql.refs import tables_named

            named: set[str] = set()
            known = self.mapped_tables | {self.target.table}
            for assembly in self.assembler.scope(node):
                text = assembly.text
                if text in known:
                    named.add(text)
                elif sqlwords.may_be_sql(text):
                    named |= tables_named(text)
            found = self._scope_tables[id(node)] = frozenset(named)
        return found


#: ``[schema.]table.column`` in a string.
_DOTTED = re.compile(r"(?:\w+\.)?(?P<table>\w+)\.(?P<column>\w+)")


def _sql_message(column: object, built: bool, detail: str) -> str:
    where = "raw SQL built in this function" if built else "raw SQL"
    return f"{where} names {column}" + (f" ({detail})" if detail else "")


def _body_scope(scope: I.Scope) -> I.Scope:
    """The function, class or module a scope's SQL is built in (a lambda's or a
    comprehension's is its enclosing one's)."""
    while scope.kind not in ("function", "class", "module") and scope.parent is not None:
        scope = scope.parent
    return scope
