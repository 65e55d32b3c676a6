"""Evidence that a schema mirrors a model: it is built from one of the model's objects, returned
for it by a route, typed as it, or fills it; and the payloads (dicts, keyword calls) a model is
built or updated from. The evidence is collected while the file is walked and judged once the
whole project is known (:mod:`colretire.analysis.mirrors`)."""

from __future__ import annotations

import ast
from dataclasses import replace

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder.base import (
    CERTAIN,
    LIKELY,
    is_form,
)
from colretire.analysis.finder.classdicts import ClassDicts, own_nodes
from colretire.analysis.finder.filters import Filters
from colretire.analysis.index import MAPPED, SCHEMA
from colretire.analysis.kwspread import Spread, spread_kwargs, spread_parameters
from colretire.analysis.mirrors import SPREAD, Mirror, union_members
from colretire.analysis.repositories import REPOSITORY_WHY
from colretire.analysis.setattrloops import key_setters
from colretire.analysis.spreads import keeps_keys
from colretire.analysis.target import (
    ClassView,
    SchemaMatch,
    schema_fields,
)
from colretire.model import Confidence

_DUMPS = frozenset({"model_dump", "dict", "json", "model_dump_json", "model_copy", "copy"})
_BULK = frozenset({"bulk_insert_mappings", "bulk_update_mappings"})
#: Methods of a model or schema (instance or class) that take a mapping of its fields.
_FIELD_MAPPINGS = frozenset(
    {"sqlmodel_update", "model_validate", "model_construct", "parse_obj", "construct"}
)


class Evidence(ClassDicts, Filters):
    """Collects the evidence that ties schemas and payloads to the models."""

    def judge_schema(
        self, node: ast.ClassDef, key: str, inherited: list[tuple[dict[str, F.AttrFact], bool]]
    ) -> None:
        """The fields of a schema class of this file that the index did not read, its own
        and those it inherits from ``inherited`` (the fields and ``from_attributes`` of its
        bases in this file); where evidence proves the whole class mirrors the model, the
        fields named like the names that carry the column."""
        fact = F.class_fact(self.source, node)
        own = schema_fields(fact)
        fields_: dict[str, F.AttrFact] = {}
        for base_fields, _ in reversed(inherited):
            fields_.update(base_fields)
        fields_.update(own)
        from_attributes = fact.from_attributes or any(flag for _, flag in inherited)
        self.local_schema_fields[key] = (fields_, from_attributes)
        match = self.target.schemas.get(key) or self.imported_as(key)
        if match is not None and not match.whole:
            self.local_schemas[key] = match
        if match is not None and match.whole:
            wanted = self.target.schema_wanted
            read = {
                n: a.alias or n if a.attribute is None else a.attribute for n, a in fields_.items()
            }
            found = {n: wanted[read[n]] for n in fields_ if read[n] in wanted}
            fields = {**found, **match.fields}
            keys = {n: a.data_key for n, a in fields_.items() if a.data_key is not None}
            renamed = {n for n, a in fields_.items() if a.attribute is not None} | set(keys)
            self.local_schemas[key] = replace(
                match,
                fields=fields,
                own=frozenset(set(own) & set(fields)),
                keys={**match.keys, **keys},
                renamed=match.renamed | renamed,
            )

    def imported_as(self, key: str) -> SchemaMatch | None:
        """The proof for a class of this file that the evidence names as other files import
        it: from above its top-level package (``app.schemas.X`` for the class ``X`` of
        ``backend/app/schemas.py``), where the index does not know the class."""
        parts = key.split(".")
        for start in range(1, len(parts) - 1):
            match = self.target.schemas.get(".".join(parts[start:]))
            if match is not None:
                return match
        return None

    def read_of(self, node: ast.expr, scope: I.Scope) -> tuple[str, str, bool] | None:
        """``x.attr`` (or ``getattr(x, "attr")``): (the class of ``x``, ``attr``, whether
        that class is mapped), when the class is known; also where a conditional gives
        that or nothing (``x.attr if x else None``)."""
        if isinstance(node, ast.IfExp):
            given = [
                branch
                for branch in (node.body, node.orelse)
                if not (isinstance(branch, ast.Constant) and branch.value is None)
            ]
            return self.read_of(given[0], scope) if len(given) == 1 else None
        if (field_ := self.form_field_value(node, scope)) is not None:
            return field_
        if (
            isinstance(node, ast.Call)
            and F.last_name(node.func) == "getattr"
            and len(node.args) > 1
        ):
            name = F.string_value(node.args[1])
            owner_node: ast.expr | None = node.args[0] if name else None
        elif isinstance(node, ast.Attribute):
            name, owner_node = node.attr, node.value
        else:
            return None
        if owner_node is None or name is None:
            return None
        owner = self.types.expr(owner_node, scope)
        model = self.mapped(owner)
        if model is not None:
            return model, name, True
        schema = self.schema_class(owner) if owner.kind == I.INSTANCE else None
        return (schema, name, False) if schema else None

    def form_field_value(self, node: ast.expr, scope: I.Scope) -> tuple[str, str, bool] | None:
        """``form.name.data``, the value of the field ``name`` of a WTForms form: (the
        form's class, ``name``, ``False``), where the form's class is known and declares
        the field."""
        if not (
            isinstance(node, ast.Attribute)
            and node.attr == "data"
            and isinstance(node.value, ast.Attribute)
        ):
            return None
        owner = self.types.expr(node.value.value, scope)
        view = self.world.classes.get(owner.key) if owner.kind == I.INSTANCE else None
        if view is None or not is_form(view) or view.attrs.get(node.value.attr) is None:
            return None
        return owner.key, node.value.attr, False

    def call_evidence(self, node: ast.Call, scope: I.Scope) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "populate_obj" and node.args:
            self.populated(func.value, node.args[0], scope)
            return
        if self.repository_evidence(node, scope):
            return
        if isinstance(func, ast.Attribute) and func.attr in _FROM_MODEL and node.args:
            schema = self.schema_class(self.types.expr(func.value, scope))
            model = self.mapped(self.types.expr(node.args[0], scope))
            if schema and model:
                self.mirrors.add(
                    Mirror(schema, model, why=f"{func.attr}() of a {self.class_name(model)}")
                )
            elif schema:
                self.mirrors.add(Mirror(schema, "", SPREAD, "", f"{func.attr}() of another value"))
            elif (built := self.mapped(self.types.expr(func.value, scope))) and (
                given := self.schema_of(self.types.expr(node.args[0], scope))
            ):
                # Flow.model_validate(new_project, from_attributes=True), new_project a
                # FlowCreate: the model's row is built from the schema's fields, by name
                why = f"{self.class_name(built)}.{func.attr}() builds a row from it"
                self.mirrors.add(Mirror(given, built, why=why, to_model=True))
            return
        if isinstance(func, ast.Attribute) and func.attr == "dump" and node.args:
            self.dumped(func.value, node.args[0], scope)
            return
        callee = self.types.expr(func, scope)
        model = self.mapped(callee) if callee.kind == I.CLASS else None
        schema = None if model else self.schema_class(callee)
        for item in node.keywords:
            if item.arg is None:
                dumped = self.dumped_schema(item.value, scope)
                if model and not dumped:
                    dumped = self.attributes_class(item.value, scope)  # User(**vars(form))
                loaded = self.loaded_schema(item.value, scope) if model and not dumped else None
                if loaded:
                    why = f"gives a {self.class_name(model or '')} what it loads"
                    self.mirrors.add(Mirror(loaded, model or "", why=why, to_model=True))
                elif model and dumped:
                    self.mirrors.add(Mirror(dumped, model, why="gives the model its dump"))
                elif schema and dumped and dumped != schema:
                    # PromptModel(**{**form.model_dump(), ...}): the form mirrors whatever
                    # model PromptModel mirrors (mirrors.combine follows the chain)
                    why = f"gives {self.class_name(schema)} its dump"
                    self.mirrors.add(Mirror(dumped, schema, why=why, to_model=True))
                elif schema:
                    self.mirrors.add(Mirror(schema, "", SPREAD, "", "built from a mapping"))
                continue
            read = self.read_of(item.value, scope)
            if read is None and schema and (related := self.related_read(item.value, scope)):
                why = "built from the model's related object"
                self.mirrors.add(Mirror(schema, related[0], item.arg, related[1], why))
                continue
            if read is None:
                if schema:  # given a value from elsewhere: the field is the class's own
                    self.mirrors.add(Mirror(schema, "", item.arg, "", "given another value"))
                continue
            owner, attr, owner_mapped = read
            if model and not owner_mapped:
                why, carrier = "gives the model a value", self.declared_schema(owner)
                self.mirrors.add(Mirror(owner, model, attr, item.arg, why, True, carrier))
            elif schema and owner_mapped:
                self.mirrors.add(Mirror(schema, owner, item.arg, attr, "built from the model"))
            elif schema and owner != schema and item.arg == attr:
                # Job(function_fullname=job.function_fullname) of another schema's object:
                # the field mirrors whatever that schema's field mirrors (mirrors.combine)
                why = f"built from a {self.class_name(owner)}"
                self.mirrors.add(Mirror(schema, owner, item.arg, attr, why))

    def repository_evidence(self, node: ast.Call, scope: I.Scope) -> bool:
        """``RepositoryGeneric(session, PK_ID, RecipeComment, RecipeCommentOut)`` of a class
        that validates the schema it is given from the instances of the model it is given
        (:mod:`~colretire.analysis.repositories`): ``RecipeCommentOut.model_validate(
        comment)``. Not for a model that declares a relationship built on the column: its
        schema carries that relationship, which is no other table's."""
        callee = self.types.expr(node.func, scope)
        view = self.world.classes.get(callee.key) if callee.kind == I.CLASS else None
        pair = view.validated if view is not None else None
        if view is None or pair is None:
            return False
        model_arg = _argument(node, pair.model_at, pair.model)
        schema_arg = _argument(node, pair.schema_at, pair.schema)
        if model_arg is None or schema_arg is None:
            return False
        model_ty = self.types.expr(model_arg, scope)
        schema_ty = self.types.expr(schema_arg, scope)
        model = self.mapped(model_ty) if model_ty.kind == I.CLASS else None
        schema_view = self.world.classes.get(schema_ty.key)
        if (
            model is None
            or schema_ty.kind != I.CLASS
            or schema_view is None
            or schema_view.kind != SCHEMA
            or model in self.target.reverse
        ):
            return False
        why = f"{REPOSITORY_WHY}{view.name} from the {self.class_name(model)} it builds"
        self.mirrors.add(Mirror(schema_ty.key, model, why=why))
        return True

    def property_evidence(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, key: str, inner: I.Scope
    ) -> None:
        """``@property def is_model_artifact(self): return self.get_body().is_model_artifact``
        in a class that maps no table: the property hands on the attribute of its own name
        of another object, proven to be a model's or a schema's; the class carries that
        attribute in it (through a schema, as far as that schema mirrors the model: see
        :func:`~colretire.analysis.mirrors.combine`). Only a property whose body is that one
        ``return`` (a docstring aside): one that computes anything else has a value of its
        own."""
        if not key or self.mapped(I.Ty(I.CLASS, key)) or not _is_property(node):
            return
        body = node.body[1:] if _docstring(node.body) else node.body
        if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
            return
        read = self.read_of(body[0].value, inner)
        if read is None or read[1] != node.name or read[0] == key:
            return
        owner, attr, _ = read
        why = f"its property {attr} returns the {self.class_name(owner)}'s"
        self.mirrors.add(Mirror(key, owner, node.name, attr, why))

    def dumped(self, receiver: ast.expr, obj: ast.expr, scope: I.Scope) -> None:
        """marshmallow's ``schema.dump(domain)`` (``many=True`` for a list of them,
        ``DomainSchema().dump(domain)``): a schema instance that dumps an object proven to
        be a model's (or a collection of them) mirrors that model, whole. The schema must be
        a class of the project; what the object is must be known: any other value proves
        nothing."""
        owner = self.types.expr(receiver, scope)
        if owner.kind != I.INSTANCE:
            return
        schema = self.marshaller(owner)
        target = self.types.expr(obj, scope)
        model = self.mapped(target) if target.kind in (I.INSTANCE, I.COLLECTION) else None
        if schema and model:
            why = f"dump() of a {self.class_name(model)}"
            self.mirrors.add(Mirror(schema, model, why=why))

    def marshaller(self, ty: I.Ty) -> str | None:
        """The class of ``ty`` (an instance or the class) where it is a schema of a
        marshalling library: a class of the project whose bases outside the project, its
        own or its ancestors', include one named ``...Schema`` (marshmallow's ``Schema``,
        marshmallow-sqlalchemy's ``SQLAlchemyAutoSchema``, flask-marshmallow's
        ``ma.Schema``). Another class of the project with a ``dump`` method of its own (an
        exporter) is no schema of anything."""
        key = self.schema_class(ty) if ty.kind in (I.INSTANCE, I.CLASS) else None
        if key is None:
            return None
        view = self.world.classes.get(key)
        if view is not None:
            bases = list(view.external_bases)
        else:
            node = self.local_class_nodes.get(key)
            bases = [F.last_name(b) or "" for b in node.bases] if node is not None else []
        return key if any(b.endswith("Schema") for b in bases) else None

    def populated(self, form: ast.expr, obj: ast.expr, scope: I.Scope) -> None:
        """WTForms' ``form.populate_obj(entry)`` sets every field of the form on the model
        object under the field's name: the form's class (each class it may be) mirrors the
        model, its fields inherited from a base form included."""
        target = self.types.expr(obj, scope)
        model = self.mapped(target) if target.kind == I.INSTANCE else None
        if model is None:
            return
        for key in self.form_classes(form, scope):
            schema = self.schema_class(I.Ty(I.INSTANCE, key))
            if schema:
                why = f"populate_obj() sets its fields on a {self.class_name(model)}"
                self.mirrors.add(Mirror(schema, model, why=why, to_model=True))

    def form_classes(self, form: ast.expr, scope: I.Scope) -> list[str]:
        """The classes ``form`` is an instance of: its type, or, for a name bound by calls
        of a class chosen in branches (``form_cls = MenuLinkForm`` ... ``form =
        form_cls(obj=defaults)``), each class so called. Empty when any is unknown."""
        owner = self.types.expr(form, scope)
        if owner.kind in (I.INSTANCE, I.EITHER):
            return owner.key.split("|")
        if not isinstance(form, ast.Name):
            return []
        found: list[str] = []
        for bound in self._assigned(form.id, scope) or [None]:
            if not isinstance(bound, ast.Call):
                return []
            callees: list[ast.expr | None] = [bound.func]
            if isinstance(bound.func, ast.Name):  # a local naming a class, or the class
                assigned = self._assigned(bound.func.id, scope)
                callees = assigned if assigned and None not in assigned else callees
            for callee in callees:
                ty = self.types.expr(callee, scope) if callee is not None else I.T_UNKNOWN
                if ty.kind != I.CLASS or not ty.key:
                    return []
                found.append(ty.key)
        return found

    def _assigned(self, name: str, scope: I.Scope) -> list[ast.expr | None]:
        """What ``name`` is assigned, where plain assignments are all that bind it (a
        ``None`` for any other binding)."""
        return [
            node if kind == "assign" and isinstance(node, ast.expr) else None
            for kind, node, _ in self.types.bindings(name, scope)
        ]

    def related_read(self, value: ast.expr, scope: I.Scope) -> tuple[str, str] | None:
        """``self.trigger_execution.to_model() if self.trigger_execution else None``: a
        value converted from a relationship built on the column, read on a model (the
        model and the relationship)."""
        node = value
        while True:
            if isinstance(node, ast.IfExp):
                node = node.body
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                node = node.func.value
            else:
                break
        if node is value or not isinstance(node, ast.Attribute) or node.attr not in self.rel_names:
            return None
        read = self.read_of(node, scope)
        return (read[0], read[1]) if read is not None and read[2] else None

    def dumped_schema(self, node: ast.expr, scope: I.Scope, depth: int = 0) -> str | None:
        """``body.model_dump()`` / ``body.dict()``: the schema class of ``body``; also when
        spread into a dict literal with other entries (``{**body.model_dump(), "id": ...}``),
        and through a local bound to such a dump alone (``data = body.model_dump(
        exclude_unset=True)``, filled further with ``data["owner"] = ...``, then
        ``Organization(**data)``): the schema's fields still reach the model's keywords."""
        if isinstance(node, ast.Name) and depth == 0:
            bindings = self.types.bindings(node.id, scope)  # a parameter's too
            if len(bindings) != 1 or not isinstance(bindings[0][1], ast.expr):
                return None
            return self.dumped_schema(bindings[0][1], scope, 1)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None and (found := self.dumped_schema(value, scope, depth)):
                    return found
            return None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("model_dump", "dict")
        ):
            owner = self.types.expr(node.func.value, scope)
            return self.schema_class(owner) if owner.kind == I.INSTANCE else None
        if (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and not node.keywords
            and self.types.expr(node.func, scope).key in _COPIES
        ):
            # copy.deepcopy(service.dict()): a copy of the dump holds the same keys
            return self.dumped_schema(node.args[0], scope, depth)
        return None

    def attributes_class(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The class of the object of the project whose attributes ``node`` gives as a
        dict: ``vars(form)``, ``form.__dict__``, ``dataclasses.asdict(form)``. Spread into
        the model's constructor (``User(**vars(form))``), every attribute reaches the model
        under its name, as every field of a schema's dump does. Not through a loop over
        them (``for key, value in dag.__dict__.items(): if not hasattr(model, key):
        setattr(...)`` may set only what the model lacks)."""
        held: ast.expr | None = None
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            held = node.value
        elif (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and not node.keywords
            and self.types.expr(node.func, scope).key in _ATTRIBUTE_DICTS
        ):
            held = node.args[0]
        owner = self.types.expr(held, scope) if held is not None else I.T_UNKNOWN
        return self.schema_class(owner) if owner.kind == I.INSTANCE else None

    def loaded_schema(self, node: ast.expr, scope: I.Scope, depth: int = 0) -> str | None:
        """marshmallow's ``schema.load(data)`` (its ``.data``, marshmallow 2's result), or a
        local bound to one alone: the class of the schema that loaded the mapping."""
        if isinstance(node, ast.Name) and depth == 0:
            bound = self.types.bound_expressions(node.id, scope)
            return self.loaded_schema(bound[0], scope, 1) if len(bound) == 1 else None
        if isinstance(node, ast.Attribute) and node.attr == "data":
            node = node.value
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "load"
            and node.args
        ):
            return None
        owner = self.types.expr(node.func.value, scope)
        return self.marshaller(owner) if owner.kind == I.INSTANCE else None

    def assign_evidence(self, target: ast.expr, value: ast.expr, scope: I.Scope) -> None:
        """``task.col = body.field`` and ``out.field = task.col``."""
        if not isinstance(target, ast.Attribute):
            return
        written, read = self.read_of(target, scope), self.read_of(value, scope)
        if written is not None and read is None and written[2]:
            read = self.dump_item(value, scope)
        if written is not None and read is None and not written[2]:
            if not self.own_instance(target.value, scope):
                # ``ctx.company_id = company_id``: a value from elsewhere, the field is the
                # class's own (as a keyword of its construction given another value)
                self.mirrors.add(Mirror(written[0], "", written[1], "", "given another value"))
            return
        if written is None or read is None or written[2] == read[2]:
            return
        (model, attr, _), (schema, field_, _) = (written, read) if written[2] else (read, written)
        to_model = bool(written[2])
        why = "assigned to the model" if to_model else "assigned from the model"
        carrier = self.declared_schema(schema)
        self.mirrors.add(Mirror(schema, model, field_, attr, why, to_model, carrier))

    def own_instance(self, node: ast.expr, scope: I.Scope) -> bool:
        """Whether ``node`` is the instance of the method it is in (``self``): the class's
        own code setting up its fields, which its constructions fill."""
        if not isinstance(node, ast.Name):
            return False
        bindings = self.types.bindings(node.id, scope)
        return bool(bindings) and all(kind == "self" for kind, _, _ in bindings)

    def dump_item(
        self, value: ast.expr, scope: I.Scope, depth: int = 0
    ) -> tuple[str, str, bool] | None:
        """``data["field"]`` of a local bound to a schema's dump (``form_data =
        form_data.model_dump(exclude_unset=True)``, the parameter's own dump): a read of
        that schema's field, where every binding of the local is such a dump of that one
        schema (a local also bound to another mapping may hold that one). So are
        ``data.pop("field", None)`` and ``data.get("field")``, and a local bound once to
        one of them (MLRun's ``status = data.pop("status", None)``, then
        ``feature_set_record.status = status``)."""
        if isinstance(value, ast.Name) and depth == 0:
            bound = self.types.bound_expressions(value.id, scope)
            kinds = {kind for kind, _, _ in self.types.bindings(value.id, scope)}
            if len(bound) != 1 or kinds != {"assign"}:
                return None
            return self.dump_item(bound[0], scope, 1)
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in ("pop", "get")
            and 1 <= len(value.args) <= 2
            and not value.keywords
            and isinstance(value.func.value, ast.Name)
        ):
            field_, name = F.string_value(value.args[0]), value.func.value.id
        elif isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            field_, name = F.string_value(value.slice), value.value.id
        else:
            return None
        schemas = set()
        bindings = self.types.bindings(name, scope)
        for kind, node, _ in bindings:
            if kind == "param" and any(_own_dump(bound, name) for _, bound, _ in bindings):
                continue  # the parameter rebound to its own dump (a schema is no mapping)
            if not (
                kind == "assign"
                and isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("model_dump", "dict")
            ):
                return None  # bound to another value too: it may hold that one
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id == name:
                owner = self.parameter_type(name, scope)
            else:
                owner = self.types.expr(receiver, scope)
            schema = self.schema_class(owner) if owner.kind == I.INSTANCE else None
            if not schema:
                return None
            schemas.add(schema)
        return (schemas.pop(), field_, False) if field_ and len(schemas) == 1 else None

    def annotation_evidence(self, annotation: ast.expr | None, scope: I.Scope) -> None:
        """``run: DagRun | DagRunPydantic``: a schema that stands for the model in an
        annotation mirrors it, whole (:func:`~colretire.analysis.mirrors.union_members`)."""
        members = union_members(annotation)
        if len(members) < 2:
            return
        models: set[str] = set()
        schemas: set[str] = set()
        for member in members:
            ty = self.types.annotation(member, scope)
            if (model := self.mapped(ty)) is not None:
                models.add(model)
            elif ty.kind == I.INSTANCE and self.declared_schema(ty.key):
                schemas.add(ty.key)
        if len(models) == 1:
            model = models.pop()
            why = f"stands for a {self.class_name(model)} in an annotation"
            for schema in sorted(schemas):
                self.mirrors.add(Mirror(schema, model, why=why))

    def caller_evidence(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope) -> None:
        """``def get_org_details(organization: Organization)`` whose every call in the project
        gives it an ``OrganizationDB`` (:mod:`~colretire.analysis.callers`): the schema of
        the annotation stands for the model, read through the same attributes, and mirrors
        it whole, as a schema beside the model in a union annotation does."""
        if scope.kind == "module":
            qualified = node.name
        elif scope.kind == "class" and isinstance(scope.node, ast.ClassDef):
            qualified = f"{scope.node.name}.{node.name}"
        else:
            return
        for arg in [*node.args.posonlyargs, *node.args.args]:
            model = self.world.parameters.get(f"{self.module}.{qualified}:{arg.arg}")
            if arg.annotation is None or model is None or self.mapped(I.Ty(I.CLASS, model)) is None:
                continue
            ty = self.types.annotation(arg.annotation, scope)
            if ty.kind == I.INSTANCE and ty.key != model and self.declared_schema(ty.key):
                why = f"every call of {node.name}() gives its {arg.arg} a {self.class_name(model)}"
                self.mirrors.add(Mirror(ty.key, model, why=why))

    def route_evidence(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope, inner: I.Scope
    ) -> None:
        """A route's ``response_model`` mirrors the model the route returns; so does the
        schema a decorator dumps the function's result with (:meth:`output_schema`)."""
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call):
                continue
            response = next(
                (k.value for k in decorator.keywords if k.arg == "response_model"), None
            )
            if response is None and (output := self.output_schema(decorator, scope)):
                model = self.returned_model(node, scope, inner)
                if model:
                    why = f"dumps what a function returning a {self.class_name(model)} returns"
                    self.mirrors.add(Mirror(output, model, why=why))
                continue
            if response is None:
                continue
            if isinstance(response, ast.Subscript):  # list[TaskOut]
                response = response.slice
            schema = self.schema_class(self.types.expr(response, scope))
            model = self.returned_model(node, scope, inner)
            if schema and model:
                self.mirrors.add(
                    Mirror(schema, model, why="the response_model of a route returning it")
                )
            elif schema and (returned := self.returned_schema(node, inner)) not in (None, schema):
                # mirrors.combine follows the chain to the models ``returned`` mirrors whole
                why = f"the response_model of a route returning a {self.class_name(returned)}"
                self.mirrors.add(Mirror(schema, returned or "", why=why, own=True))

    def output_schema(self, decorator: ast.Call, scope: I.Scope) -> str | None:
        """The schema a decorator dumps the decorated function's result with: the argument
        a decorator factory of the project hands its wrapper's ``dump``
        (``@validate_schema(None, domain_output_schema)``, read from the factory's code:
        :mod:`colretire.analysis.dumping`), the schema of flask-apispec's
        ``@marshal_with(DomainSchema)`` and of flask-smorest's ``@blp.response(200,
        DomainSchema)``. A class or an instance of a class of the project."""
        callee = self.types.expr(decorator.func, scope)
        given: ast.expr | None = None
        name = F.last_name(decorator.func)
        if callee.kind == I.FUNCTION and (at := self.world.dumps_result.get(callee.key)):
            position, param = at
            if position < len(decorator.args) and not any(
                isinstance(a, ast.Starred) for a in decorator.args[: position + 1]
            ):
                given = decorator.args[position]
            else:
                given = F.keyword(decorator, param)
        elif name == "marshal_with" and decorator.args:
            given = decorator.args[0]
        elif name == "response" and isinstance(decorator.func, ast.Attribute):
            given = F.keyword(decorator, "schema")
            if given is None and len(decorator.args) > 1:
                given = decorator.args[1]
        if given is None:
            return None
        return self.marshaller(self.types.expr(given, scope))

    def returned_model(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope, inner: I.Scope
    ) -> str | None:
        """The model a route returns: its annotation (also the one item of a generic page,
        ``-> AbstractPage[Task]``, as its ``response_model=Page[TaskOut]`` says), else a
        ``return`` of one."""
        returns = node.returns
        if isinstance(returns, ast.Constant) and isinstance(returns.value, str):
            returns = union_members(returns)[0] if len(union_members(returns)) == 1 else None
        if returns is not None:
            found = self.mapped(self.types.annotation(returns, scope))
            if not found and isinstance(returns, ast.Subscript):
                item = returns.slice
                if not isinstance(item, ast.Tuple):
                    found = self.mapped(self.types.annotation(item, scope))
            if found:
                return found
        for stmt in ast.walk(node):
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                found = self.mapped(self.types.expr(stmt.value, inner))
                if found:
                    return found
        return None

    def returned_schema(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, inner: I.Scope
    ) -> str | None:
        """The declared data schema every ``return`` of a route with a value gives an
        instance of, or a list of them (``return tasks.list_all()`` annotated ``->
        list[TaskOut]``); ``None`` where one gives anything else, or the route holds
        nested code or a ``yield``."""
        body = F._Body(node)
        if body.nested or body.yields:
            return None
        found: set[str] = set()
        for value in body.returns:
            if value is None or (isinstance(value, ast.Constant) and value.value is None):
                continue
            ty = self.types.expr(value, inner)
            if ty.kind not in (I.INSTANCE, I.COLLECTION) or not self.declared_schema(ty.key):
                return None
            found.add(ty.key)
        return found.pop() if len(found) == 1 else None

    def followed(self, node: ast.expr, scope: I.Scope) -> ast.expr:
        """A name assigned once in its scope, replaced by what it was assigned."""
        if isinstance(node, ast.Name):
            bound = self.types.bound_expressions(node.id, scope)
            if len(bound) == 1:
                return bound[0]
        return node

    def resource_evidence(self, node: ast.ClassDef, scope: I.Scope) -> None:
        """flask-rest-jsonapi's resources: ``schema = SettingSchemaAdmin`` beside ``data_layer
        = {"session": db.session, "model": Setting}`` in a ``ResourceDetail`` or
        ``ResourceList``: the library's data layer loads and dumps the model's rows with the
        schema, field by field of the same name; so with every schema a method of the class
        sets instead (``self.schema = SettingSchemaPublic`` in ``before_get``). The whole
        schema mirrors the model."""
        model: str | None = None
        schemas: list[ast.expr] = []
        methods: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if not isinstance(target, ast.Name):
                    continue
                if target.id == "schema":
                    schemas.append(stmt.value)
                elif target.id == "data_layer" and isinstance(stmt.value, ast.Dict):
                    for name, value in zip(stmt.value.keys, stmt.value.values, strict=True):
                        if name is not None and F.string_value(name) == "model":
                            model = self.mapped(self.types.expr(value, scope))
            elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                methods.append(stmt)
        if not model:
            return  # the methods are walked only for a class with a data layer
        for method in methods:
            for inner in ast.walk(method):
                if isinstance(inner, ast.Assign) and any(
                    isinstance(t, ast.Attribute)
                    and t.attr == "schema"
                    and isinstance(t.value, ast.Name)
                    and t.value.id == "self"
                    for t in inner.targets
                ):
                    schemas.append(inner.value)
        why = f"the data layer of {node.name} serves {self.class_name(model)} with it"
        for value in schemas:
            ty = self.types.expr(value, scope)
            if ty.kind == I.CLASS and not self.mapped(ty):
                self.mirrors.add(Mirror(ty.key, model, why=why))

    def meta_evidence(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """marshmallow-sqlalchemy's ``class Meta: model = Task``; and the field names its
        ``Meta`` lists (``fields = ("id", "final_state")``, ``exclude``, ``load_only``,
        ``dump_only``), the model's attributes when the schema mirrors our model."""
        for stmt in node.body:
            if not (isinstance(stmt, ast.ClassDef) and stmt.name == "Meta"):
                continue
            match = self.schema(key)
            confidence = match.confidence if match and self.is_model(match.model) else None
            lists = []
            for inner in stmt.body:
                if not isinstance(inner, ast.Assign):
                    continue
                names = {t.id for t in inner.targets if isinstance(t, ast.Name)}
                if "model" in names:
                    model = self.mapped(self.types.expr(inner.value, scope))
                    if model:
                        self.mirrors.add(Mirror(key, model, why="Meta.model names it"))
                        self.dumped_objects(node, model)
                        confidence = CERTAIN if self.is_model(model) else confidence
                if names & _META_FIELD_LISTS and isinstance(inner.value, ast.List | ast.Tuple):
                    lists.append(inner.value)
            if confidence is not None:
                for value in lists:
                    self.contexts.setdefault(id(value), confidence)

    def nested_evidence(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """marshmallow's ``domains = fields.Nested(DomainSchema, many=True)`` (also
        ``fields.Nested("DomainSchema")``, ``fields.List(fields.Nested(...))``): the nested
        schema is handed what the field holds. Recorded for the schema it is nested in; once
        that schema is proven to mirror a model of which ``domains`` is a relationship, the
        nested one mirrors the related model (:func:`~colretire.analysis.mirrors.through_nesting`)."""
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            else:
                continue
            if not isinstance(target, ast.Name):
                continue
            nested = _nested_schema(value)
            if nested is None:
                continue
            schema = self.nested_class(nested, scope)
            if schema and schema != key:
                why = f"nested as {target.id} in {node.name}"
                self.mirrors.add(Mirror(schema, key, why=why, under=target.id))

    def nested_class(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The schema class ``fields.Nested`` is given: a class, or its name as marshmallow's
        registry knows it (a class of this file, else the one class of the project of that
        name)."""
        name = F.string_value(node)
        if name is None:
            ty = self.types.expr(node, scope)
            return self.marshaller(ty) if ty.kind == I.CLASS else None
        if not name.isidentifier():
            return None
        local = [k for k in self.local_class_nodes if k.rpartition(".")[2] == name]
        if len(local) == 1:
            return local[0]
        found = [k for k in self.world.classes if k.rpartition(".")[2] == name]
        return found[0] if len(found) == 1 and not self.mapped(I.Ty(I.CLASS, found[0])) else None

    def dumped_objects(self, node: ast.ClassDef, model: str) -> None:
        """The parameters through which a marshmallow schema whose ``Meta.model`` is
        ``model`` is handed the object it dumps, typed as the model: the object of a
        ``fields.Method("_get_url")`` serializer (``def _get_url(self, revision)``), of a
        ``fields.Function(lambda revision: ...)``, of a ``@pre_dump`` method and the
        original of a ``@post_dump(pass_original=True)`` one (neither with
        ``pass_many=True``, which hands a list). An annotated parameter keeps its
        annotation."""
        serializers: set[str] = set()
        params: list[ast.arg] = []
        for stmt in node.body:
            for call in ast.walk(stmt) if isinstance(stmt, ast.Assign | ast.AnnAssign) else ():
                if not isinstance(call, ast.Call) or not _marshmallow_field(call.func):
                    continue
                kind = F.last_name(call.func)
                given = [
                    *call.args[:1],
                    *(kw.value for kw in call.keywords if kw.arg == "serialize"),
                ]
                for value in given:
                    if kind == "Method" and (name := F.string_value(value)):
                        serializers.add(name)
                    elif kind == "Function" and isinstance(value, ast.Lambda):
                        params.extend(value.args.posonlyargs[:1] or value.args.args[:1])
        for stmt in node.body:
            if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            positional = [*stmt.args.posonlyargs, *stmt.args.args]
            at = 1 if stmt.name in serializers else _dump_hook_position(stmt)
            if at is not None and len(positional) > at:
                params.append(positional[at])
        for param in params:
            if param.annotation is None:
                self.types.param_types[id(param)] = I.Ty(I.INSTANCE, model)

    def bound_schema_evidence(self, node: ast.ClassDef, key: str, scope: I.Scope) -> None:
        """``__pydantic_model__ = PydanticStep`` in a model whose base converts it with
        ``self.__pydantic_model__.model_validate(self, from_attributes=True)``: the schema
        is built from an instance of the model, and mirrors it whole. The class attribute
        alone proves nothing: only a method of the model (its own or inherited) that
        validates the attribute from the instance does."""
        model = self.mapped(I.Ty(I.CLASS, key))
        view = self.world.classes.get(key)
        if model is None or view is None:
            return
        last: dict[str, ast.Assign] = {}  # a class attribute bound twice: its last value
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                last[stmt.targets[0].id] = stmt
        for attr, stmt in last.items():
            schema = self.types.expr(stmt.value, scope)
            if schema.kind != I.CLASS:
                continue
            method = next((m for m in view.methods.values() if attr in m.validates), None)
            if method is not None and self.declared_schema(schema.key):
                why = (
                    f"its {attr}, which {method.name}() validates from the {self.class_name(model)}"
                )
                self.mirrors.add(Mirror(schema.key, model, why=why))
                continue
            method = next((m for m in view.methods.values() if attr in m.builds), None)
            built = self.world.classes.get(schema.key)
            init = built.methods.get("__init__") if built is not None else None
            if method is None or init is None or self.mapped(schema) is not None:
                continue
            if self.joined_inheritance(view):
                continue  # __table__ lists the subclass's own table's columns alone
            # a data class of the project, given every column by its name: each parameter
            # of its constructor named after a column takes that column's value, and the
            # attribute the constructor keeps it in (and nothing else) carries it
            why = (
                f"its {attr}, which {method.name}() builds from the columns of the "
                f"{self.class_name(model)}, one keyword each"
            )
            for name in init.keeps:
                if view.attrs.get(name) == F.COLUMN:
                    self.mirrors.add(Mirror(schema.key, model, name, name, why=why))

    def joined_inheritance(self, view: ClassView) -> bool:
        """Whether the mapped class ``view`` derives from a mapped class of another table."""
        return any(
            (ancestor := self.world.classes.get(key)) is not None
            and ancestor.kind == MAPPED
            and ancestor.table not in (None, view.table)
            for key in view.ancestors
        )

    def mark_contexts(self, node: ast.Call, callee: str, scope: I.Scope) -> None:
        """Dicts and lists passed where the model's attribute names are expected."""
        confidence = self.call_context(node, callee, scope)
        if confidence is None:
            self.mark_foreign_spreads(node, scope)
            return
        for arg in [
            *node.args,
            *(
                kw.value
                for kw in node.keywords
                if kw.arg in (None, "exclude", "include", "update", "values", "set_")
            ),
        ]:
            for inner in _payloads(arg):
                if isinstance(inner, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                    self.contexts[id(inner)] = confidence

    def other_model_built(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The class ``node`` constructs where it maps another table than the column's
        (``Client(...)``, retiring ``owners.id``): neither one of the column's models nor a
        class they derive from."""
        func = self.types.expr(node.func, scope)
        if func.kind != I.CLASS and F.last_name(node.func) == "filter_by":
            # User.query.filter_by(**query): the keywords of a filter of its rows
            filtered = self.filtered_model(node, scope)
            if filtered is not None:
                self.filter_spreads.add(id(node))
                func = I.Ty(I.CLASS, filtered)
        if func.kind != I.CLASS:
            return None
        view = self.world.classes.get(func.key)
        if view is None or view.kind != MAPPED:
            return None
        if any(self.is_model(a) or self.same_table(a) for a in view.ancestors):
            return None
        return func.key if self.object_character(func.key)[0] == "other-model" else None

    def mark_foreign_spreads(self, node: ast.Call, scope: I.Scope) -> None:
        """``Client(**{"id": owner.id})``: the dict literal spread into the constructor of
        another table's model gives that model its keywords."""
        other = self.other_model_built(node, scope)
        if other is None:
            return
        for keyword in node.keywords:
            if keyword.arg is None and isinstance(keyword.value, ast.Dict):
                self.foreign_payloads[id(keyword.value)] = (other, True)
                self.mark_filtered(node, keyword.value)

    def mark_local_payloads(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope
    ) -> None:
        """A dict a function builds in a local and then hands whole to the model or a
        proven schema (``kwargs = {"col": ...}; kwargs["id"] = ...; Task(**kwargs)``) is a
        payload of it, like a dict passed inline. So is a local bound to a schema's dump
        alone (``data = payload.model_dump(exclude_unset=True); if "owner" not in data:
        data["owner"] = ...; OrganizationDB(**data)``). The keys the function writes into
        such a local (``kwargs["col"] = ...``) or tests in it (``"col" in kwargs``) are the
        payload's too. Only when every binding of the local in the function is a literal
        dict, or its one binding that dump: a local that is also given another value, or
        that is handed anywhere else, is left as it is. A local spread into the constructor
        of another table's model (``Client(**data)``) gives its keys to that model
        (:attr:`foreign_payloads`), whether it goes there alone or not."""
        bindings: dict[str, list[ast.expr]] = {}
        uses: dict[str, int] = {}
        calls: list[tuple[ast.Call, list[str]]] = []
        spread: dict[str, str] = {}  # Client(**data): another table's model given it whole
        spread_calls: dict[str, ast.Call] = {}  # the call each is spread into
        filled: set[int] = set()  # kwargs["id"] = ...: filling the dict, not reading it
        keyed: dict[str, list[ast.expr]] = {}  # kwargs["col"] = ..., "col" in kwargs
        # the function's own nodes only: a call in a nested function, lambda or
        # comprehension resolves its names in that scope, and types are memoised per node
        own = list(own_nodes(node))
        for inner in own:
            if isinstance(inner, ast.Call):
                passed = [*inner.args, *(k.value for k in inner.keywords if k.arg is None)]
                names = [arg.id for arg in passed if isinstance(arg, ast.Name)]
                if names:
                    calls.append((inner, names))
                found = self.foreign_spread(inner, scope)
                spread.update(found)
                spread_calls.update(dict.fromkeys(found, inner))
            elif isinstance(inner, ast.Assign | ast.AnnAssign) and inner.value is not None:
                targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        bindings.setdefault(target.id, []).append(inner.value)
                    elif isinstance(target, ast.Subscript):
                        filled.add(id(target.value))
                        if isinstance(target.value, ast.Name) and F.string_value(target.slice):
                            keyed.setdefault(target.value.id, []).append(target)
            elif (
                isinstance(inner, ast.Compare)
                and len(inner.ops) == 1
                and isinstance(inner.ops[0], ast.In | ast.NotIn)
                and isinstance(inner.comparators[0], ast.Name)
                and F.string_value(inner.left) is not None
            ):
                filled.add(id(inner.comparators[0]))  # a test of a key reads nothing out
                keyed.setdefault(inner.comparators[0].id, []).append(inner.left)
        dumps = {
            name
            for name, values in bindings.items()
            if len(values) == 1
            and len(self.types.bindings(name, scope)) == 1
            and self.dumped_schema(values[0], scope, 1) is not None
        }
        candidates = dumps | {
            name
            for name, values in bindings.items()
            if all(isinstance(v, ast.Dict) for v in values)
            and (
                any(
                    F.string_value(k) in self.key_names
                    for v in values
                    if isinstance(v, ast.Dict)
                    for k in v.keys
                )
                or any(_key_text(k) in self.key_names for k in keyed.get(name, ()))
            )
        }
        self.mark_spread_kwargs(node, scope)
        if not candidates and not spread:
            return
        for inner in ast.walk(node):  # a read anywhere, nested scopes included
            if (
                isinstance(inner, ast.Name)
                and isinstance(inner.ctx, ast.Load)
                and (inner.id in candidates or inner.id in spread)
                and id(inner) not in filled
            ):
                uses[inner.id] = uses.get(inner.id, 0) + 1
        self.local_class_handoffs(own, scope, candidates, uses, bindings, keyed)
        self.mark_set_by_name(node, own, scope, candidates, bindings, keyed)
        for name, other in spread.items():
            # the dict goes there alone: built here alone, then read there alone
            alone = (
                name in candidates
                and uses.get(name) == 1
                and len(self.types.bindings(name, scope)) == len(bindings.get(name, ()))
            )
            for value in bindings.get(name, ()):
                if isinstance(value, ast.Dict):
                    self.foreign_payloads[id(value)] = (other, alone)
                    self.mark_filtered(spread_calls[name], value)
            for key in keyed.get(name, ()):
                self.foreign_payloads[id(key)] = (other, alone)
                self.mark_filtered(spread_calls[name], key)
        handed: dict[str, Confidence] = {}
        for call, names in calls:
            wanted = [n for n in names if n in candidates and uses.get(n) == 1]
            if wanted:
                confidence = self.call_context(call, F.last_name(call.func) or "", scope)
                if confidence is not None:
                    handed.update(dict.fromkeys(wanted, confidence))
        for name, confidence in handed.items():
            for value in bindings[name]:
                self.contexts[id(value)] = confidence
            for key in keyed.get(name, ()):
                self.contexts[id(key)] = confidence
                self.payload_keys.add(id(key))

    def mark_set_by_name(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        own: list[ast.AST],
        scope: I.Scope,
        candidates: set[str],
        bindings: dict[str, list[ast.expr]],
        keyed: dict[str, list[ast.expr]],
    ) -> None:
        """A local dict (of ``candidates``) whose keys a loop of the function sets as
        attributes of a row (``for key, value in changes.items(): setattr(task, key,
        value)``, :func:`~colretire.analysis.setattrloops.key_setters`): its keys name the
        row's attributes, whatever model its values are read from. On rows of our model
        alone, where every other read of the local keeps its keys (by item, ``.get``, ``in``),
        the dict is a payload of it; on rows of other tables' models alone it is left to the
        other rules (a value read from that model makes the key its column); on anything
        else, or where the dict may lose the key before the loop, its keys are undecided
        (:attr:`set_by_name`), never another table's for what their values read."""
        mine = {id(inner) for inner in own}
        parents = {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}
        for name in candidates:
            setters = [(loop, call) for loop, call in key_setters(node, name) if id(call) in mine]
            if not setters:
                continue
            rows = [self.types.expr(call.args[0], scope) for _, call in setters]
            characters = {self.row_character(row) for row in rows}
            if characters == {"other-model"}:
                continue
            iterated = {id(loop.iter) for loop, _ in setters} | {
                id(loop.iter.func.value)
                for loop, _ in setters
                if isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Attribute)
            }
            kept = len(self.types.bindings(name, scope)) == len(bindings.get(name, ())) and all(
                id(read) in mine and (id(read) in iterated or keeps_keys(read, parents))
                for read in ast.walk(node)
                if isinstance(read, ast.Name) and read.id == name and isinstance(read.ctx, ast.Load)
            )
            row = ast.unparse(setters[0][1].args[0])
            confidence = CERTAIN if characters == {"ours"} else None
            if characters == {"unknown"} and all(
                self.spelt_as_model(call.args[0], scope) for _, call in setters
            ):
                # ``setattr(user, k, v)`` of a ``user`` of unknown type, spelt as the one
                # class that maps the table: one unresolved step
                confidence = LIKELY
            if confidence is not None:
                why = "which may lose the key first" if not kept else "after the loop"
            else:
                why = "not proven a row of one table"
            detail = f"a key of a dict whose keys setattr() sets on {row}, {why}"
            last = max(loop.lineno for loop, _ in setters)
            for value in bindings[name]:
                if confidence is not None and kept and value.lineno < last:
                    self.contexts[id(value)] = confidence
                else:
                    self.set_by_name[id(value)] = detail
            for key in keyed.get(name, ()):
                if confidence is not None and kept and key.lineno < last:
                    self.contexts[id(key)] = confidence
                    self.payload_keys.add(id(key))
                else:
                    self.set_by_name[id(key)] = detail

    def spelt_as_model(self, node: ast.expr, scope: I.Scope) -> bool:
        """Whether ``node``, of unknown type, is spelt as the one class that maps the
        column's table (:meth:`~colretire.analysis.finder.verdicts.Verdicts.
        named_like_model`, a part of every finder)."""
        from colretire.analysis.finder.verdicts import Verdicts

        return isinstance(self, Verdicts) and self.named_like_model(node, scope) is not None

    def row_character(self, row: I.Ty) -> str:
        """``ours``, ``other-model`` or else what :meth:`object_character` says of an
        object typed ``row``; ``unknown`` where it is no instance of a class."""
        if row.kind != I.INSTANCE:
            return "unknown"
        return "ours" if self.is_model(row.key) else self.object_character(row.key)[0]

    def mark_spread_kwargs(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: I.Scope
    ) -> None:
        """``def make(**fields): ... fields["col"] ...; return Task(**fields)``: the keys the
        function names in its ``**kwargs``, or in an ordinary parameter it spreads whole
        (``def new(cls, data): ... Task(**data)``), spread into the model's constructor (or
        a proven schema's), are the model's keywords (see :mod:`~colretire.analysis.kwspread`)."""
        found = spread_kwargs(node)
        spreads = [found] if found is not None else []
        spreads.extend(spread_parameters(node))
        for spread in spreads:
            self.mark_spread(spread, scope)

    def mark_spread(self, found: Spread, scope: I.Scope) -> None:
        """The keys of one dict spread whole into a call, where that call builds the model
        (or a proven schema)."""
        if not found.keys:
            return
        confidence = self.call_context(found.call, F.last_name(found.call.func) or "", scope)
        if confidence is None:
            return
        for key in found.keys:
            self.contexts[id(key)] = confidence
            self.payload_keys.add(id(key))
            if not isinstance(key, ast.Subscript) or isinstance(key.ctx, ast.Load):
                self.payload_reads.add(id(key))

    def mark_filtered(self, call: ast.Call, payload: ast.expr) -> None:
        """Note that ``payload`` (a dict literal, or a key written or tested in one) goes to
        the filter ``call`` rather than a constructor, for the words that name it."""
        if id(call) in self.filter_spreads:
            self.filtered_payloads.add(id(payload))
            if isinstance(payload, ast.Dict):
                self.filtered_payloads.update(id(k) for k in payload.keys if k is not None)

    def foreign_spread(self, node: ast.Call, scope: I.Scope) -> dict[str, str]:
        """The locals ``node`` spreads (``**data``) into the constructor of another table's
        model, with that model's key."""
        spread = [
            k.value.id for k in node.keywords if k.arg is None and isinstance(k.value, ast.Name)
        ]
        other = self.other_model_built(node, scope) if spread else None
        return dict.fromkeys(spread, other) if other is not None else {}

    def call_context(self, node: ast.Call, callee: str, scope: I.Scope) -> Confidence | None:
        func = self.types.expr(node.func, scope)
        if func.kind == I.CLASS and (self.is_model(func.key) or self.schema(func.key)):
            return CERTAIN
        if callee in _BULK and node.args:
            first = self.types.expr(node.args[0], scope)
            return CERTAIN if first.kind == I.CLASS and self.is_model(first.key) else None
        if not isinstance(node.func, ast.Attribute):
            return None
        receiver = self.types.expr(node.func.value, scope)
        if callee in _FIELD_MAPPINGS and receiver.kind in (I.INSTANCE, I.CLASS):
            if self.is_model(receiver.key):
                return CERTAIN  # task.sqlmodel_update({"col": ...})
            match = self.schema(receiver.key)
            return match.confidence if match else None
        if callee in ("values", "update", "execute", "ordered_values"):
            statement = (
                receiver
                if callee != "execute"
                else (self.types.expr(node.args[0], scope) if node.args else I.T_UNKNOWN)
            )
            return self.statement_confidence(statement)
        if callee in _DUMPS and any(kw.arg in ("exclude", "include") for kw in node.keywords):
            if receiver.kind == I.INSTANCE and (
                self.is_model(receiver.key) or self.schema(receiver.key)
            ):
                return CERTAIN
            return LIKELY if receiver.kind in (I.UNKNOWN, I.NAME) else None
        return None


#: Functions that give an object's attributes as a dict.
_ATTRIBUTE_DICTS = frozenset({"builtins.vars", "vars", "dataclasses.asdict"})

#: Functions that give back a copy of what they are given.
_COPIES = frozenset({"copy.deepcopy", "copy.copy"})

#: Class methods that build a schema from an object of the model.
_FROM_MODEL = frozenset(
    {"model_validate", "from_orm", "parse_obj", "validate", "model_construct", "from_model"}
)


def _key_text(key: ast.expr) -> str | None:
    """The key a ``data["col"] = ...`` target writes or a ``"col" in data`` test names."""
    return F.string_value(key.slice if isinstance(key, ast.Subscript) else key)


def _payloads(arg: ast.expr) -> list[ast.expr]:
    """An argument and the items it passes: the elements of a literal list or tuple, the
    element of a comprehension (``execute(tasks.insert(), [{...} for r in rows])``)."""
    if isinstance(arg, (ast.List, ast.Tuple)):
        return [arg, *arg.elts]
    if isinstance(arg, (ast.ListComp, ast.GeneratorExp)):
        return [arg, arg.elt]
    return [arg]


#: the lists of the model's attribute names a marshmallow schema's ``Meta`` may give
_META_FIELD_LISTS = {"fields", "exclude", "load_only", "dump_only"}


def _marshmallow_field(func: ast.expr) -> bool:
    """``fields.Method`` / ``ma.fields.Function`` (marshmallow's fields module)."""
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("Method", "Function")
        and F.last_name(func.value) == "fields"
    )


def _nested_schema(value: ast.expr) -> ast.expr | None:
    """The schema of ``fields.Nested(X, ...)``, also inside ``fields.List(...)``."""
    if not isinstance(value, ast.Call):
        return None
    name = F.last_name(value.func)
    if name == "List" and value.args:
        return _nested_schema(value.args[0])
    if name == "Nested" and value.args and not isinstance(value.args[0], ast.Lambda):
        return value.args[0]
    return None


def _dump_hook_position(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int | None:
    """Where a marshmallow hook takes the object being dumped, one at a time: ``@pre_dump``
    its first argument (after ``self``), ``@post_dump(pass_original=True)`` its second."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        name = F.last_name(call.func if call else decorator)
        flags = {
            kw.arg: kw.value.value
            for kw in (call.keywords if call else [])
            if isinstance(kw.value, ast.Constant)
        }
        if flags.get("pass_many") is True:
            continue
        if name == "pre_dump":
            return 1
        if name == "post_dump" and flags.get("pass_original") is True:
            return 2
    return None


def _is_property(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Decorated ``@property`` (or ``functools.cached_property``) and nothing else."""
    names = [F.last_name(d) for d in node.decorator_list]
    return len(names) == 1 and names[0] in ("property", "cached_property")


def _docstring(body: list[ast.stmt]) -> bool:
    return (
        bool(body) and isinstance(body[0], ast.Expr) and F.string_value(body[0].value) is not None
    )


def _own_dump(node: ast.AST, name: str) -> bool:
    """Whether ``node`` dumps the value of ``name`` itself (``form = form.model_dump()``)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("model_dump", "dict")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == name
    )


def _argument(node: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument ``node`` gives the parameter ``name`` at ``position`` (after ``self``),
    where no unpacking hides it."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return None
    if position < len(node.args):
        return node.args[position]
    return next((k.value for k in node.keywords if k.arg == name), None)
