"""Class bodies: the declarations of the model (``Column``, ``mapped_column``, relationships,
wrappers) and of the schemas that mirror it, and the members of unrelated classes that share
a name with the column."""

from __future__ import annotations

import ast
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis import tablenames
from colretire.analysis.exclusive import CLAIM_MIRRORED
from colretire.analysis.finder.base import (
    CERTAIN,
    FIELD_KINDS,
    LIKELY,
    K,
    Verdict,
    body_assigned,
)
from colretire.analysis.finder.classdicts import own_nodes
from colretire.analysis.finder.evidence import Evidence
from colretire.analysis.index import (
    MAPPED,
    SCHEMA,
    SCHEMA_BASES,
)
from colretire.analysis.source import Source
from colretire.analysis.target import (
    COMP,
    REL,
    SchemaMatch,
    mirror_spellings,
    spelt_like,
)
from colretire.model import Exclusion, Reference

#: Pydantic's decorators of a method that name fields of its own class by string.
FIELD_DECORATORS = frozenset({"field_validator", "validator", "field_serializer"})


#: How many other columns of the table a plain class's members must be named like for a
#: member named like the column to be left unexplained rather than excluded.
_MIRRORING = 3


class Declarations(Evidence):
    """Judges the classes of a file and what their bodies declare."""

    def constraint_texts(self) -> None:
        """The SQL of a ``CheckConstraint`` in the ``__table_args__`` of one of our models
        names the model's table's columns: a literal given to it, and the strings a function
        of the module returns when its call is given (``CheckConstraint(_make_state_check(),
        name=...)``, the function building the text with ``format`` or an f-string)."""
        tree = self.source.tree
        if "CheckConstraint" not in self.source.text:
            return
        functions = {
            stmt.name: stmt
            for stmt in tree.body
            if isinstance(stmt, ast.FunctionDef) and not stmt.args.args and not stmt.args.vararg
        }
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef):
                continue
            key = f"{self.module}.{cls.name}"
            if not (self.is_model(key) or self.same_table(key)):
                continue
            for stmt in cls.body:
                if not (
                    isinstance(stmt, ast.Assign)
                    and any(
                        isinstance(t, ast.Name) and t.id == "__table_args__" for t in stmt.targets
                    )
                ):
                    continue
                checks = [
                    call
                    for call in ast.walk(stmt.value)
                    if isinstance(call, ast.Call) and F.last_name(call.func) == "CheckConstraint"
                ]
                for call in checks:
                    if call.args and (builder := self.constraint_text(call.args[0], functions)):
                        self.built_constraint(call, builder)

    def constraint_text(self, text: ast.expr, functions: dict[str, ast.FunctionDef]) -> str | None:
        """The literals of a constraint's SQL: in ``text``, or in what the function it calls
        returns; the function's name when it builds SQL that spells the column's names."""
        roots = [text]
        builder = None
        if isinstance(text, ast.Call) and isinstance(text.func, ast.Name) and not text.args:
            function = functions.get(text.func.id)
            if function is not None:
                builder = function.name
                roots = [
                    r.value for r in ast.walk(function) if isinstance(r, ast.Return) and r.value
                ]
        for root in roots:
            for inner in ast.walk(root):
                if isinstance(inner, ast.Constant | ast.JoinedStr):
                    self.constraint_sql.add(id(inner))
        spelt = any(self.ledger.words_in(root) for root in roots)
        return builder if spelt else None

    def built_constraint(self, call: ast.Call, builder: str) -> None:
        """``CheckConstraint(_make_check(), name=...)`` whose SQL, built by a function, names
        the column: the constraint itself is dropped or rewritten with the column, which the
        analysis cannot tell; its line spells none of the names."""
        column = self.target.column
        detail = (
            f"a CHECK constraint whose SQL, built by {builder}(), names {column}: it is dropped"
            " or gets a new text with the column"
        )
        self.ledger.unexplained_use((call.lineno, call.col_offset + 1), column.column, detail)

    def visit_class(self, node: ast.ClassDef, scope: I.Scope) -> None:
        if node.name in self.names:
            self.ledger.exclude([self.source.def_name_start(node)], Exclusion.LOCAL, "a class")
        self.visit_all([*node.bases, *(kw.value for kw in node.keywords)], scope)
        self.visit_all([d for d in node.decorator_list if isinstance(d, ast.Call)], scope)
        key = self.class_key(node, scope)
        self.local_classes[id(node)] = key
        self.local_class_nodes.setdefault(key, node)
        self.meta_evidence(node, key, scope)
        self.resource_evidence(node, scope)
        self.nested_evidence(node, key, scope)
        self.attribute_paths(node, scope)
        self.bound_schema_evidence(node, key, scope)
        self.learn_local_class(node, key, scope)
        self.declarations(node, key)
        self.view_fields(node, key, scope)
        self.own_relationship_strings(node, key)
        inner = I.Scope(node, scope, "class", key)
        for stmt in node.body:
            table_name = tablenames.class_table_name(stmt)
            if table_name is not None:
                self.table_name_string(table_name)
            self.visit(stmt, inner)
        self.kept_fields(node, key)

    def attribute_paths(self, node: ast.ClassDef, scope: I.Scope) -> None:
        """marshmallow's ``registration_date = DateTimeWithZ(attribute="profile.
        registration_date")`` in a schema whose ``class Meta: model = User``: the field
        reads the object's attribute at that path, through the model's relationships
        (``User.profile``, a ``UserProfile``); ending at the column on our model, the
        string names it."""
        meta = self.meta_model(node, scope)
        if meta is None:
            return
        for stmt in node.body:
            if not isinstance(stmt, ast.Assign | ast.AnnAssign) or stmt.value is None:
                continue
            for call in ast.walk(stmt.value):
                if not isinstance(call, ast.Call):
                    continue
                path = F.keyword(call, "attribute")
                text = F.string_value(path) if path is not None else None
                if path is None or text is None or id(path) in self.handled:
                    continue
                *through, last = text.split(".")
                if last not in self.names or self.category(last) is None:
                    continue
                owner = I.Ty(I.INSTANCE, meta)
                for attr in through:
                    owner = self.types.attribute(owner, attr)
                if owner.kind == I.INSTANCE and self.is_model(owner.key):
                    self.handled.add(id(path))
                    cls = self.class_name(meta)
                    message = (
                        f"names {self.target.column} in attribute={text!r}, the path of the "
                        f"field on a {cls}"
                    )
                    self.add(self.source.start(path), Verdict(K.STRING, CERTAIN, message), path)

    def meta_model(self, node: ast.ClassDef, scope: I.Scope) -> str | None:
        """The mapped class a marshmallow schema's ``class Meta: model = ...`` names."""
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "model" for t in inner.targets
                    ):
                        return self.mapped(self.types.expr(inner.value, scope))
        return None

    def view_fields(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """The field names a Flask-AppBuilder view's body gives (``list_columns``,
        ``label_columns`` keys, fieldsets: :data:`VIEW_LISTS`...) name attributes of the one
        model its ``datamodel`` shows, or every view deriving from the class shows (a mixin
        of field lists): ours, a reference; another model's, that table's field. A class
        whose views show several models is left to the other judges."""
        models = self.world.viewed.get(key, frozenset())
        if not models and key not in self.world.classes:  # a class of this file alone
            models = frozenset(self.local_datamodel(node, scope))
        if len(models) != 1:
            return
        model = next(iter(models))
        view = self.world.classes.get(model)
        if (
            view is None
            or view.kind != MAPPED
            or (self.same_table(model) and not self.is_model(model))
        ):
            return
        cls = node.name
        for stmt in node.body:
            if not isinstance(stmt, ast.Assign) or stmt.value is None:
                continue
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    for item in _view_names(target.id, stmt.value):
                        self.view_field(item, f"{cls}.{target.id}", model)

    def own_relationship_strings(self, node: ast.ClassDef, key: str) -> None:
        """``export_parent = "cluster"`` in ``DruidDatasource``, ``export_children =
        ["datasources"]`` in ``DruidCluster``: a class attribute of a mapped class whose
        value is a string, or a list of strings, each naming an attribute of that class,
        names its relationships by name; one that is built on the column (the model's own,
        or the other side's backref) is a use of that relationship."""
        view = self.world.classes.get(key)
        if view is None or view.kind != MAPPED:
            return
        built = set(self.target.reverse.get(key, ()))
        if self.is_model(key):
            built |= self.target.relationships
        if not built:
            return
        attributes = set(view.attrs) | built
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.Assign)
                and all(isinstance(t, ast.Name) and not t.id.startswith("__") for t in stmt.targets)
            ):
                continue
            value = stmt.value
            items = value.elts if isinstance(value, ast.List | ast.Tuple | ast.Set) else [value]
            texts = [F.string_value(item) for item in items]
            if not items or any(text is None or text not in attributes for text in texts):
                continue
            where = ", ".join(t.id for t in stmt.targets if isinstance(t, ast.Name))
            # a lone string may be a constant that happens to spell the attribute
            # (``ROLE = "owner"`` beside a relationship ``owner``): likely only
            confidence = CERTAIN if len(items) > 1 else LIKELY
            alone = "" if len(items) > 1 else " (a lone name of the class's attributes)"
            for item, text in zip(items, texts, strict=True):
                if text in built and id(item) not in self.handled:
                    self.handled.add(id(item))
                    message = (
                        f"names {view.name}.{text}, the relationship built on "
                        f"{self.target.column}, in {view.name}.{where}{alone}"
                    )
                    verdict = Verdict(K.RELATIONSHIP, confidence, message)
                    self.add(self.source.start(item), verdict, item)

    def local_datamodel(self, node: ast.ClassDef, scope: I.Scope) -> set[str]:
        """The model the ``datamodel`` of a class the index did not read shows."""
        found = set()
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "datamodel" for t in stmt.targets
            ):
                model = F.datamodel(stmt.value)
                ty = self.types.expr(model, scope) if model is not None else I.T_UNKNOWN
                if ty.kind == I.CLASS:
                    found.add(ty.key)
        return found

    def view_field(self, item: ast.expr, where: str, model: str) -> None:
        text = F.string_value(item)
        if text not in self.key_names:
            return
        target = self.target
        shown = self.class_name(model)
        if self.is_model(model) and (text in self.string_names or text in target.relationships):
            kind = K.STRING if text in self.string_names else K.RELATIONSHIP
            message = f"names {target.column} in {where}, a field of the {shown} the view shows"
            verdict = Verdict(kind, CERTAIN, message)
        elif text in target.reverse.get(model, frozenset()):
            message = f"names {shown}.{text}, the relationship built on {target.column}, in {where}"
            verdict = Verdict(K.RELATIONSHIP, CERTAIN, message)
        elif text in target.proxies.get(model, frozenset()):
            message = f"names {shown}.{text}, an association_proxy over {target.column}, in {where}"
            verdict = Verdict(K.WRAPPER, CERTAIN, message, via=text)
        elif not self.is_model(model):
            detail = f"a field of {shown} ({self.world.classes[model].table}) named in {where}"
            self.handled.add(id(item))
            self.ledger.exclude(self.ledger.words_in(item), Exclusion.OTHER_TABLE, detail)
            return
        else:
            return
        self.handled.add(id(item))
        self.add(self.source.start(item), verdict, item)

    def kept_fields(self, node: ast.ClassDef, key: str) -> None:
        """A class proven to mirror the model that keeps a field under another name: its
        constructor stores the parameter ``function_fullname`` in ``self._function_fullname``
        (which the property ``function_fullname`` returns). The reads of that attribute in
        the class carry the field's value, but spell none of the column's names: they are
        unexplained uses of it."""
        match = self.schema(key)
        if match is None or self.is_model(key):
            return
        init = next(
            (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"),
            None,
        )
        if init is None:
            return
        kept: dict[str, str] = {}
        for stmt in ast.walk(init):
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Name)
                and stmt.value.id in match.fields
            ):
                for target in stmt.targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                        and target.attr not in self.names
                    ):
                        kept[target.attr] = stmt.value.id
        if not kept:
            return
        cls = self.class_name(key)
        stored = self.stored_fields(node, init, kept)
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.ctx, ast.Load)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "self"
                and inner.attr in kept
            ):
                field_ = kept[inner.attr]
                if inner.attr in stored:
                    message = (
                        f"reads {cls}.{inner.attr}, which {cls}'s property {field_} returns: "
                        f"the field, which mirrors {self.target.column}"
                    )
                    verdict = Verdict(K.SCHEMA_FIELD, CERTAIN, message, schema_field=field_)
                    self.add(self.source.attr_start(inner), verdict)
                    continue
                detail = (
                    f"{cls}.{inner.attr}, where {cls} keeps its field {field_}, which mirrors "
                    f"{self.target.column}"
                )
                self.ledger.unexplained_use(self.source.attr_start(inner), field_, detail)

    def stored_fields(
        self, node: ast.ClassDef, init: ast.FunctionDef, kept: dict[str, str]
    ) -> set[str]:
        """Of the attributes ``kept`` (attribute -> field), those a property of the field's
        name returns and does nothing else with (``return self._function_fullname``): the
        attribute is the field's storage. The constructor's parameter of the field's name,
        stored there unchanged, is the field as the constructor takes it (``Job(
        function_fullname=...)``, a keyword of the mirror): part of the field's reference,
        as the model's own ``__init__`` parameter is part of the column's keyword."""
        stored: set[str] = set()
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.FunctionDef)
                and any(isinstance(d, ast.Name) and d.id == "property" for d in stmt.decorator_list)
            ):
                continue
            body = stmt.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                body = body[1:]
            value = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
            if (
                isinstance(value, ast.Attribute)
                and isinstance(value.value, ast.Name)
                and value.value.id == "self"
                and kept.get(value.attr) == stmt.name
            ):
                stored.add(value.attr)
        if not stored:
            return stored
        fields = {kept[attr] for attr in stored}
        rebound = [
            inner.id
            for inner in ast.walk(init)
            if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load)
        ]
        cls = self.class_name(self.local_classes[id(node)])
        for arg in [*init.args.args, *init.args.kwonlyargs]:
            if arg.arg not in fields or arg.arg in rebound:
                continue
            message = (
                f"takes {cls}'s field {arg.arg} in its constructor and stores it unchanged; "
                f"the field mirrors {self.target.column}"
            )
            verdict = Verdict(K.SCHEMA_FIELD, CERTAIN, message, schema_field=arg.arg)
            position = (arg.lineno, self.source.column(arg.lineno, arg.col_offset))
            self.add(position, verdict)
            self.ledger.reference(
                self.source.start(inner)
                for inner in ast.walk(init)
                if isinstance(inner, ast.Name) and inner.id == arg.arg
            )
            for inner in ast.walk(init):
                if (
                    isinstance(inner, ast.Assign)
                    and isinstance(inner.value, ast.Name)
                    and inner.value.id == arg.arg
                    and any(
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id == "self"
                        and t.attr in stored
                        for t in inner.targets
                    )
                ):
                    message = f"stores {cls}'s field {arg.arg}, which mirrors {self.target.column}"
                    verdict = Verdict(K.SCHEMA_FIELD, CERTAIN, message, schema_field=arg.arg)
                    self.add(self.source.start(inner.value), verdict)
        return stored

    def class_key(self, node: ast.ClassDef, scope: I.Scope) -> str:
        if id(node) in self.local_classes:  # a class of a function's body too (class_keys)
            return self.local_classes[id(node)]
        if scope.kind == "class":
            return f"{scope.class_key}.{node.name}"
        return f"{self.module}.{node.name}"

    def learn_local_class(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """A class this file defines that the index does not know (the file was not read for
        the index): it is a model or a schema when one of its bases is; a schema of its own
        (``class TaskOut(BaseModel)``, or a subclass of another such class of this file)
        mirrors the model by the same rules as an indexed one, its inherited fields and
        configuration included."""
        if key in self.world.classes:
            return
        schema = False
        inherited: list[tuple[dict[str, F.AttrFact], bool]] = []
        for base in node.bases:
            ty = self.types.expr(base, scope)
            view = self.world.classes.get(ty.key) if ty.kind == I.CLASS else None
            if ty.kind == I.CLASS and self.is_model(ty.key):
                self.local_models.add(key)
            elif ty.kind == I.CLASS and (match := self.schema(ty.key)):
                self.local_schemas[key] = match
            elif view is not None:
                schema = schema or view.kind == SCHEMA
            elif ty.kind == I.CLASS and ty.key in self.local_schema_fields:
                schema = True
                inherited.append(self.local_schema_fields[ty.key])
            else:
                schema = schema or F.last_name(base) in SCHEMA_BASES
        table = any(kw.arg == "table" for kw in node.keywords)  # a SQLModel table
        if schema and not table and key not in self.local_models | set(self.local_schemas):
            self.judge_schema(node, key, inherited)
        if key not in self.local_models:
            self.learn_local_table(node, key)

    def learn_local_table(self, node: ast.ClassDef, key: str) -> None:
        """A class the index does not know (one a function builds: SQLAlchemy-Continuum's
        ``def create_class(self, manager): class Transaction(manager.declarative_base)``)
        that names this table in its own literal ``__tablename__`` and declares the column
        with ``Column(...)``: a model of the table, as a module's class with that
        ``__tablename__`` is, whatever its bases; its declaration of the column is likely
        (its base is not proven declarative). One that names another table and declares a
        column of the name itself is that table's model. Two classes of one key (one name,
        in two branches of a function) are left alone: which is which is not known."""
        named = [
            F.string_value(value)
            for stmt in F.class_statements(node.body)
            if (value := tablenames.class_table_name(stmt)) is not None
        ]
        if len(named) != 1 or named[0] is None:
            return
        if sum(1 for other in self.local_classes.values() if other == key) > 1:
            return  # two classes of one name in one function: which is which is unknown
        attrs = [a for a in F.class_fact(self.source, node).attrs if a.kind == F.COLUMN]
        if not self.is_our_table(named[0]):
            if any(a.name in self.names for a in attrs):
                # it declares a column of the name itself: that is its table's
                self.local_tables[key] = named[0]
            return
        column = self.target.column.column
        declared = [a.name for a in attrs if (a.column or a.name) == column]
        if declared:
            self.local_models.add(key)
            self.local_declaring.update((key, name) for name in declared)

    def declarations(self, node: ast.ClassDef, key: str) -> None:
        target = self.target
        model = self.is_model(key)
        reverse = target.reverse.get(key, frozenset())
        proxies = target.proxies.get(key, frozenset())
        match = self.schema(key)
        declared: dict[str, Reference] = {}
        for stmt in F.class_statements(node.body):
            before = len(self.found)
            whole = stmt if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
            for name, position in _declared_names(self.source, stmt):
                if model:
                    self.declare(position, self.model_declaration(key, name, stmt), whole)
                if name in reverse:
                    self.declare(
                        position,
                        Verdict(
                            K.RELATIONSHIP,
                            CERTAIN,
                            f"declares relationship {node.name}.{name}, the other side of the relationship built on {target.column}",
                        ),
                        whole,
                    )
                if name in proxies and whole is not None:
                    message = (
                        f"declares {node.name}.{name}, an association_proxy over {target.column}"
                    )
                    self.declare(position, Verdict(K.WRAPPER, CERTAIN, message, via=name), whole)
                if match and name in match.fields:
                    self.declare(position, self.schema_declaration(node.name, name, match), whole)
                elif not match and name in self.names and (heir := self.heir_match(key, name)):
                    self.declare(position, self.schema_declaration(node.name, name, heir), whole)
                if name in self.names and len(self.found) == before:
                    self.exclude_member(node, key, name, position)
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and not model:
                        self.getters.append((node.name, stmt, position))
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and len(self.found) > before:
                    declared[name] = list(self.found.values())[-1]
            if len(self.found) > before and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                # the column's name in mapped_column("col") or Field(alias="col") is part of
                # the declaration just reported, not a use of its own
                self.handled.update(id(n) for n in ast.walk(stmt) if isinstance(n, ast.Constant))
        self.validated_fields(node, declared)

    def validated_fields(self, node: ast.ClassDef, declared: dict[str, Reference]) -> None:
        """``@field_validator("favorite_recipes", mode="before")`` on a method of the class
        that declares ``favorite_recipes`` as a reference (a field mirroring the column or
        its relationship): the string names that field, and the validator goes with it. A
        string reference as sure as the field's declaration; a field the class inherits, or
        one whose declaration is no reference, is left to the other judges."""
        for stmt in node.body:
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for decorator in stmt.decorator_list:
                if not (
                    isinstance(decorator, ast.Call)
                    and F.last_name(decorator.func) in FIELD_DECORATORS
                ):
                    continue
                for arg in decorator.args:
                    text = F.string_value(arg)
                    field_ = declared.get(text or "")
                    if text is None or field_ is None:
                        continue
                    self.handled.add(id(arg))
                    verb = F.last_name(decorator.func)
                    message = f"names {node.name}.{text}, a reference to {self.target.column}, in @{verb}()"
                    verdict = Verdict(
                        K.STRING, field_.confidence, message, schema_field=field_.schema_field
                    )
                    self.add(self.source.start(arg), verdict, arg)

    def exclude_member(
        self, node: ast.ClassDef, key: str, name: str, position: tuple[int, int]
    ) -> None:
        """A member of a class named like the column that is not one of its references: of
        another table's model, of a class known to be neither a model nor a schema, or (a
        schema not proven to mirror the model, a class of unknown bases) unexplained."""
        character, detail = self.object_character(key, node)
        if character == "ours" and name in self.target.derived:
            self.derived_use(position, f"declares {node.name}", name)
        elif character == "other-model" and (holder := self.relationship_holder(detail, name)):
            # a schema proven to mirror User: its favorite_recipes mirrors the relationship
            # built on the column through the association table
            message = (
                f"a field of {node.name}, proven to mirror {holder}, named as its relationship "
                f"{holder}.{name} built on {self.target.column}"
            )
            self.add(position, Verdict(K.SCHEMA_FIELD, CERTAIN, message))
        elif character == "other-model":
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, f"{detail}.{name}")
        elif character == "plain" and (shared := self.columns_named(node)) >= _MIRRORING:
            # Buildbot's data API: ``class EntityType(types.Entity): buildername =
            # types.Identifier(20)`` beside a dozen of the table's columns, the fields of the
            # dicts built from its rows: a schema of the project's own making, not proven
            # plain
            self.ledger.unexplained(
                [position],
                f"a member of {node.name}, a class whose members are named like {shared} "
                f"columns of {self.target.table}",
            )
        elif character == "plain":
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"a member of {node.name}")
        elif character != "ours" and (held := self.holds_objects(key, name)):
            self.ledger.exclude([position], Exclusion.OTHER_TYPE, f"{node.name}.{held}")
        elif character != "ours" and self.foreign_mixin(key):
            detail = f"a member of {node.name}, a mixin no class of {self.target.table} inherits"
            self.ledger.exclude([position], Exclusion.OTHER_TABLE, detail)
        elif character != "ours" and self.mirrors_relationship(key, name):
            message = (
                f"a field of {node.name} named as the relationship built on "
                f"{self.target.column}" + CLAIM_MIRRORED.format(name=name)
            )
            self.add(position, Verdict(K.SCHEMA_FIELD, LIKELY, message))
        elif character != "ours":
            self.ledger.unexplained([position], f"a member of {node.name}, {detail}")

    def judge_getters(self) -> None:
        """A method named like the column that gives back the column's value, read on a
        proven owner (``def project_name(self): val = self.db_record.project_name ...
        return val`` of a GraphQL type, a serializer's ``get_`` less getter): the class
        hands the column on under its own name, and the method goes with the column. Judged
        after the walk, from the certain reads of the column found in the method's body;
        a method that only may return it stays as :meth:`exclude_member` left it."""
        for owner, function, position in self.getters:
            line = self.returned_read(function)
            if line is None:
                continue
            message = (
                f"declares {owner}.{function.name}, a method that gives back "
                f"{self.target.column} (read on line {line})"
            )
            self.add(position, Verdict(K.WRAPPER, CERTAIN, message))

    def returned_read(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> int | None:
        """The line of a certain read of the column, by the method's own name, that one of
        the method's ``return`` statements gives back: directly, or through a local of the
        method whose assignment from it reaches the ``return``
        (:func:`~colretire.analysis.infer.reaching_values`)."""
        name = function.name
        reads: list[ast.expr] = []
        for node in own_nodes(function):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            value = _awaited(node.value)
            if isinstance(value, ast.Name):
                reads.extend(_awaited(v) for v in I.reaching_values(function, node, value.id))
            else:
                reads.append(value)
        for read in reads:
            if not (isinstance(read, ast.Attribute) and read.attr == name):
                continue
            line, col = self.source.attr_start(read)
            found = self.found.get((line, col, K.INSTANCE_ATTRIBUTE))
            if found is not None and found.confidence == CERTAIN:
                return line
        return None

    def columns_named(self, node: ast.ClassDef) -> int:
        """How many other columns of the table the names ``node``'s body assigns spell."""
        columns = set(self.target.table_columns).union(
            *(
                view.attrs
                for key in self.target.model_keys
                if (view := self.world.classes.get(key)) is not None
            )
        ) - {self.target.column.column}
        return len(body_assigned(node) & columns)

    def relationship_holder(self, table: str, name: str) -> str | None:
        """The class of ``table`` that declares ``name`` as a relationship built on the
        column (the other side of it, ``User.favorite_recipes`` through the association
        table), if one does."""
        for key, names in self.target.reverse.items():
            view = self.world.classes.get(key)
            if name in names and view is not None and view.table == table:
                return view.name
        return None

    def mirrors_relationship(self, key: str, name: str) -> bool:
        """Whether the member ``name`` of the schema ``key`` mirrors a relationship built on
        the column: the schema is spelt like a class declaring it (``UserOut``), and no
        class of the project but those classes and such schemas has an attribute of that
        name (:meth:`~colretire.analysis.scanner._Scan.exclusive`)."""
        if name not in self.rel_names or name not in self.target.exclusive:
            return False
        view = self.world.classes.get(key)
        local = key in self.local_schemas or key in self.local_schema_fields
        schema = view.kind == SCHEMA if view is not None else local
        return schema and spelt_like(key.rpartition(".")[2], mirror_spellings(self.target))

    def declare(
        self,
        position: tuple[int, int],
        verdict: Verdict | None,
        whole: ast.Assign | ast.AnnAssign | None,
    ) -> None:
        """:meth:`add` for a declaration, ``whole`` being its statement where it is an
        assignment: the text documenting it (``doc=``, ``description=``) is a comment, not
        part of the reference."""
        if verdict is None:
            return
        if whole is None:
            self.add(position, verdict)
            return
        words = self.ledger.words_in(whole)
        # a line that also holds the column's foreign key is the declaration's own
        keys = {
            line
            for call in ast.walk(whole)
            if isinstance(call, ast.Call) and F.last_name(call.func) == "ForeignKey"
            for line in range(call.lineno, (call.end_lineno or call.lineno) + 1)
        }
        prose = {
            w for text in _doc_texts(whole) for w in self.ledger.words_in(text) if w[0] not in keys
        }
        if prose and position not in prose:
            detail = "the text of a declaration's documentation"
            self.ledger.exclude(sorted(prose), Exclusion.COMMENT, detail)
            words = [w for w in words if w not in prose]
        self.record(position, verdict, words)
        end = whole.end_lineno or position[0]
        key = (position[0], position[1], verdict.kind)
        found = self.found.get(key)
        if end > position[0] and found is not None:
            # a member declared over several lines (a model's column, a schema's field with
            # its ``serialized_name=`` below) is one reference
            self.found[key] = replace(found, end_line=end)

    def model_declaration(self, key: str, name: str, stmt: ast.stmt) -> Verdict | None:
        target = self.target
        owner = self.class_name(key)
        if (
            (key, name) in target.declaring
            and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        ) or ((key, name) in target.declaring and _declared_attr(stmt)):
            return Verdict(K.DECLARATION, CERTAIN, self.declaration_message(key, owner, name))
        if (key, name) in self.local_declaring and isinstance(stmt, ast.Assign | ast.AnnAssign):
            message = (
                f"{self.declaration_message(key, owner, name)}, in a class whose own "
                "__tablename__ names the table (a class the index of the modules does not "
                "hold, built in a function; its base is not known)"
            )
            return Verdict(K.DECLARATION, LIKELY, message)
        if name in target.wrappers:
            return Verdict(
                K.WRAPPER,
                CERTAIN,
                f"declares {owner}.{name}, a {target.wrappers[name]} that reads {target.column}",
                via=name,
            )
        if name in target.composites:
            return Verdict(
                K.COMPOSITE,
                CERTAIN,
                f"declares composite {owner}.{name}, which includes {target.column}",
            )
        if name in target.relationships:
            return Verdict(
                K.RELATIONSHIP,
                CERTAIN,
                f"declares relationship {owner}.{name}, built on {target.column}",
            )
        return None

    def declaration_message(self, key: str, owner: str, name: str) -> str:
        target = self.target
        text = f"declares {target.column} as {owner}.{name}"
        view = self.world.classes.get(key)
        if view is not None and view.kind != MAPPED:
            text += f" (in {owner}, which other models may share)"
        if target.deferred:
            text += " (deferred: a .subquery() or load_only can still select it)"
        return text

    def heir_match(self, key: str, name: str) -> SchemaMatch | None:
        """``fast_default_model_name`` declared in ``LLMProvider``, whose subclass
        ``LLMProviderUpsertRequest`` mirrors the model: the field the subclass carries is
        this declaration. Not where a subclass mirrors another table's model (a base
        schema shared by the schemas of several tables)."""
        if key in self.target.other_schemas:
            return None
        found = None
        for sub in self.world.classes:
            view = self.world.classes[sub]
            if key not in view.ancestors:
                continue
            if sub in self.target.other_schemas:
                return None
            match = self.target.schemas.get(sub)
            if match is not None and name in match.fields:
                found = found or match
        return found

    def schema_declaration(self, schema: str, name: str, match: SchemaMatch) -> Verdict:
        field_kind = match.fields.get(name)
        kind = FIELD_KINDS.get(field_kind or "", K.SCHEMA_FIELD)
        what = {
            REL: "nests the relationship built on",
            COMP: "mirrors the composite including",
        }.get(field_kind or "", "mirrors")
        return Verdict(
            kind,
            match.confidence,
            f"{schema}.{name} {what} {self.target.column} (schema of {match.model})",
            schema_field=name,
        )


def _declared_names(source: Source, stmt: ast.stmt) -> list[tuple[str, tuple[int, int]]]:
    if isinstance(stmt, ast.Assign):
        return [(t.id, source.start(t)) for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [(stmt.target.id, source.start(stmt.target))]
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return [(_wrapped_name(stmt), source.def_name_start(stmt))]
    return []


def _wrapped_name(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``@fee.inplace.setter def _fee_setter`` belongs to the wrapper ``fee``."""
    for decorator in node.decorator_list:
        name = F.dotted(decorator) or ""
        if "." in name and name.rpartition(".")[2] in (
            "setter",
            "getter",
            "deleter",
            "expression",
            "comparator",
            "update_expression",
        ):
            return name.partition(".")[0]
    return node.name


def _declared_attr(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (F.dotted(d) or "").rpartition(".")[2] == "declared_attr" for d in stmt.decorator_list
    )


#: Keywords of a column or field declaration whose text documents it.
_DOC_KEYWORDS = frozenset({"doc", "comment", "description", "title", "help", "help_text"})


def _doc_texts(stmt: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    """The documentation texts of a declaration: ``mapped_column(..., doc="The job run
    that triggered this step")``, ``Field(None, description="...")``."""
    if stmt.value is None:
        return []
    return [
        item.value
        for call in ast.walk(stmt.value)
        if isinstance(call, ast.Call)
        for item in call.keywords
        if item.arg in _DOC_KEYWORDS and isinstance(item.value, (ast.Constant, ast.JoinedStr))
    ]


#: Flask-AppBuilder's view attributes (``BaseModelView``, ``ModelView``, ``ModelRestApi``)
#: that list names of the model's fields; ``base_order`` is ``(name, "asc"|"desc")``.
VIEW_LISTS = frozenset(
    {
        "list_columns", "show_columns", "add_columns", "edit_columns", "search_columns",
        "order_columns", "list_select_columns", "show_select_columns", "form_columns",
        "search_exclude_columns", "list_exclude_columns", "show_exclude_columns",
        "add_exclude_columns", "edit_exclude_columns", "base_order",
    }
)  # fmt: skip
#: ... that are dicts keyed by the names of the model's fields (the form's extra fields,
#: ``add_form_extra_fields``, are fields of no model and are not among them).
VIEW_DICTS = frozenset(
    {
        "label_columns", "description_columns", "formatters_columns", "validators_columns",
        "add_query_rel_fields", "edit_query_rel_fields", "search_form_query_rel_fields",
        "add_form_query_rel_fields", "edit_form_query_rel_fields", "order_rel_fields",
    }
)  # fmt: skip
#: ... that are ``[(title, {"fields": [names]}), ...]``.
VIEW_FIELDSETS = frozenset({"show_fieldsets", "add_fieldsets", "edit_fieldsets"})


def _view_names(attr: str, value: ast.expr) -> list[ast.expr]:
    """The strings of a view attribute's value that name fields of the view's model: the
    items of a list attribute (through ``+``), the keys of a dict one, the ``"fields"`` of
    each fieldset, the first item of each of ``base_filters``' ``[name, Filter, value]``."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _view_names(attr, value.left) + _view_names(attr, value.right)
    if attr in VIEW_LISTS and isinstance(value, ast.List | ast.Tuple | ast.Set):
        return list(value.elts)
    if attr in VIEW_DICTS and isinstance(value, ast.Dict):
        return [key for key in value.keys if key is not None]
    found: list[ast.expr] = []
    if attr in VIEW_FIELDSETS and isinstance(value, ast.List | ast.Tuple):
        for fieldset in value.elts:
            if isinstance(fieldset, ast.Tuple) and len(fieldset.elts) == 2:
                options = fieldset.elts[1]
                if isinstance(options, ast.Dict):
                    for key, fields in zip(options.keys, options.values, strict=True):
                        if F.string_value(key) == "fields":
                            found += _view_names("list_columns", fields)
    elif attr == "base_filters" and isinstance(value, ast.List | ast.Tuple):
        for entry in value.elts:
            if isinstance(entry, ast.List | ast.Tuple) and entry.elts:
                found.append(entry.elts[0])
    return found


def _awaited(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Await) else node
