"""Which schemas mirror which model, on evidence only.

A Pydantic or marshmallow schema that carries a column's value to or from the model has to
change when the column goes; one that merely has a field of the same name does not. So a
schema mirrors a model only where the code shows it (the finder collects the evidence as it
walks each file):

- it is built from an instance of the model: ``TaskOut.model_validate(task)``,
  ``from_orm``, ``parse_obj``; or it is the ``response_model`` of a route whose function
  returns the model (the whole schema mirrors it, field by field of the same name), or
  returns instances of one schema that mirrors it whole (a chain of whole mirrors; this
  evidence is of the response class alone, not of its subclasses: :attr:`Mirror.own`);
- one of its fields is given a value read from the model's attribute,
  ``TaskOut(eta=task.eta)``, or, for a declared data schema (Pydantic, SQLModel), gives one
  to it, ``Task(eta=body.eta)``, ``task.eta = body.eta``, ``Task(**body.model_dump())``
  (or ``Task(**data)`` of a local whose one binding is ``data = body.model_dump()``),
  ``task.eta = data["eta"]`` of ``data = body.model_dump()`` (that field mirrors that
  attribute, whatever the field is called), unless another construction of the class fills
  that field from elsewhere (``Trial(value=computed)``: a domain object that the storage
  converts to and from the row; whether it has to change with the column is a judgement, so
  its uses are left unexplained rather than proven). A plain class of the project whose
  attribute gives the model a value proves nothing of the class: ``JournalEntry(
  submitted_from=self.remote_addr)`` in a service that keeps the client's address for rate
  limits too writes the column at that keyword, the class's other uses of its attribute are
  its own. A Pydantic request whose field gives the model's
  attribute of the same name its value mirrors it however else it is built: whatever
  value other code gives that field ends in the column;
  A field of another name (``ChatSessionDetail(persona_icon_color=persona.icon_color)``)
  mirrors only while every construction of the class is seen: a class also built from
  a mapping or validated from a value that is not the model (``DSLInput(**content)``,
  ``DSLInput.model_validate(data)``) fills that field from elsewhere too, so the field is
  the class's own; the keyword that hands it the column's value is the reference;
- marshmallow's ``class Meta: model = Task`` (the whole schema);
- a flask-rest-jsonapi resource names it beside its data layer's model (``schema =
  SettingSchemaAdmin``, ``data_layer = {"model": Setting}``), or a method of the resource
  sets it (``self.schema = ...``): the data layer loads and dumps the rows with it (the
  whole schema);
- a repository class is constructed with the model and the schema and validates the schema
  from the instances of the model it builds (the whole schema;
  :mod:`~colretire.analysis.repositories`);
- the model names it in a class attribute that a method of the model (its own or its
  base's) validates from the instance: ``__pydantic_model__ = PydanticStep`` and
  ``self.__pydantic_model__.model_validate(self, from_attributes=True)`` (the whole schema);
  or that such a method builds with the instance's columns, one keyword each:
  ``__data_model__ = data_models.Vip`` and ``self.__data_model__(**dm_kwargs)`` after
  ``dm_kwargs[column.name] = getattr(self, column.name)`` for every column of
  ``self.__table__`` (a plain data class of the project, whole: its constructor's
  parameters are its fields);
- it subclasses a schema that mirrors the model;
- it stands for the model in an annotation: ``run: DagRun | DagRunPydantic`` (a value that
  is either the model or the schema is read through the same attributes, so the schema
  carries the model's fields of the same names);
- one of its fields is given the field of the same name of a schema that mirrors the model
  (``Job(function_fullname=job.function_fullname)`` of a ``JobEntity``), or its class has a
  property of that name whose one ``return`` hands on that field (``return self.get_body().
  is_model_artifact``): it carries what that field carries, a chain of fields
  (:func:`_through_fields`);
- its dump is given to a schema that mirrors the model (``PromptModel(**{**form.model_dump(),
  ...})`` where ``Prompt(**prompt_model.model_dump())``): a chain of whole mirrors;
- marshmallow's ``schema.dump(task)`` of an object proven to be the model's (or
  ``dump(tasks, many=True)`` of a list of them), also where a decorator factory dumps what
  the function it decorates returns with the schema it is given;
- marshmallow's ``load()`` of it is given whole to the model's constructor (``Domain(**data)``
  of ``data = DomainInputSchema().load(payload).data``);
- it is nested (``fields.Nested``) under a field of a schema mirroring another model, and
  that field is named after a relationship of that model leading to this one
  (:func:`through_nesting`).

:func:`combine` turns the evidence of every file into the schemas of the column's model
(references) and the schemas of other tables' models (their same-named fields are excluded).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: the field of a :class:`Mirror` of no model that says every field of the class is filled
#: from elsewhere (the class is built from a mapping or validated from another value)
SPREAD = "**"


@dataclass(frozen=True, order=True)
class Mirror:
    """Evidence that ``schema`` carries ``model``'s attribute ``attr`` in its field
    ``field``; both empty when the whole schema mirrors the model (same-named fields)."""

    schema: str
    model: str
    field: str = ""
    attr: str = ""
    why: str = ""
    #: the field gives the model its value (a request schema), rather than takes it
    to_model: bool = False
    #: the schema is a declared data schema (Pydantic, SQLModel), whose fields exist to
    #: carry values, rather than a plain class of the project with a life of its own
    carrier: bool = False
    #: the field of the schema ``model`` that nests ``schema`` (``domains =
    #: fields.Nested(DomainSchema)``): ``schema`` mirrors the model that relationship of
    #: the models ``model`` mirrors leads to (:func:`through_nesting`)
    under: str = ""
    #: the evidence is of this class alone, not of the classes that derive from it (a
    #: route's ``response_model``: a subclass is another response, built elsewhere)
    own: bool = False


@dataclass(frozen=True)
class Proven:
    """A schema proven to mirror one of the column's models: ``fields`` maps its fields
    that carry the column (or a name built on it) to the attribute they mirror; ``whole``
    when every field named like one of those attributes does; ``own`` when every piece of
    evidence is of the class alone (:attr:`Mirror.own`), which its subclasses then lack."""

    model: str
    fields: Mapping[str, str]
    whole: bool
    why: str
    own: bool = False


def combine(
    mirrors: Iterable[Mirror],
    ours: frozenset[str],
    wanted: frozenset[str],
    tables: Mapping[str, str],
) -> tuple[dict[str, Proven], dict[str, str]]:
    """The schemas that mirror our models (``ours``: model keys; ``wanted``: the attribute
    names that carry the column), and those proven to mirror another table's model
    (schema -> table, from ``tables``: model key -> table), for the schemas no evidence ties
    to ours."""
    found = set(mirrors)
    models = set(ours) | set(tables)
    for _ in range(8):  # a chain of fields is at most as long as its links
        proven, others = _combine(found, ours, wanted, tables)
        more = _through_fields(found, proven, models, wanted)
        if more <= found:
            break
        found |= more
    return proven, others


def _through_fields(
    mirrors: set[Mirror], proven: Mapping[str, Proven], models: set[str], wanted: frozenset[str]
) -> set[Mirror]:
    """A field given (or returning) a field of another schema (``Job(function_fullname=
    job.function_fullname)`` of a ``JobEntity``; a property returning ``self.get_body().
    is_model_artifact``) mirrors what that schema's field is proven to mirror: the same
    evidence, with the model that field carries."""
    found: set[Mirror] = set()
    for m in mirrors:
        if not (m.field and m.attr and m.model) or m.model in models:
            continue
        upstream = proven.get(m.model)
        if upstream is None:
            continue
        attr = upstream.fields.get(m.attr)
        if attr is None and upstream.whole and m.attr in wanted:
            attr = m.attr
        if attr is not None:
            why = f"{m.why}, which mirrors it"
            found.add(Mirror(m.schema, upstream.model, m.field, attr, why, m.to_model, m.carrier))
    return found


def _combine(
    mirrors: set[Mirror],
    ours: frozenset[str],
    wanted: frozenset[str],
    tables: Mapping[str, str],
) -> tuple[dict[str, Proven], dict[str, str]]:
    proven: dict[str, Proven] = {}
    others: dict[str, str] = {}
    models = set(ours) | set(tables)
    mirrors = _through_schemas(mirrors, models)
    # a field that some construction fills from elsewhere is the class's own, not a mirror;
    # so is one that carries two attributes (eta_minutes copied into the old column too),
    # or is given the values of two tables' (``ctx.company_id`` set from a bot's and a task's)
    elsewhere = {(m.schema, m.field) for m in mirrors if not m.model}
    carried: dict[tuple[str, str], set[str]] = {}
    given: dict[tuple[str, str], set[str]] = {}
    for m in mirrors:
        if m.model in models and m.field:
            carried.setdefault((m.schema, m.field), set()).add(m.attr)
            if not m.to_model:
                given.setdefault((m.schema, m.field), set()).add(tables.get(m.model, m.model))
    elsewhere |= {key for key, attrs in carried.items() if len(attrs) > 1}
    elsewhere |= {key for key, owners in given.items() if len(owners) > 1}
    spread = {schema for schema, field in elsewhere if field == SPREAD}
    for mirror in sorted(mirrors):
        if mirror.to_model and mirror.field and not mirror.carrier:
            continue  # a plain class's own attribute handed to the model: the write is the use
        if (mirror.schema, mirror.field) in elsewhere and not _writes_itself(mirror, carried):
            continue
        if mirror.schema in spread and mirror.field and mirror.field != mirror.attr:
            continue
        if mirror.model in ours:
            current = proven.get(mirror.schema)
            fields = dict(current.fields) if current else {}
            whole = bool(current and current.whole)
            if not mirror.field:
                whole = True
            elif mirror.attr in wanted:
                fields[mirror.field] = mirror.attr
            else:
                if current is None and not whole:
                    continue
            own = mirror.own and (current.own if current else True)
            proven[mirror.schema] = Proven(
                mirror.model, fields, whole, current.why if current else mirror.why, own
            )
        elif not mirror.field and mirror.model in tables:
            others.setdefault(mirror.schema, tables[mirror.model])
    for schema in proven:
        others.pop(schema, None)
    return proven, others


def _writes_itself(mirror: Mirror, carried: Mapping[tuple[str, str], set[str]]) -> bool:
    """``Link(flag=request.flag)``: a request schema's field gives the model's attribute
    of its own name its value (and no other attribute), so whatever else fills the field,
    it carries a value into the column; other constructions of the class fill the column
    through it too. Not so a plain class of the project (``TrialModel(value=trial.value)``
    of a domain ``FrozenTrial`` that the code also builds and computes on its own): whether
    it has to change with the column is a judgement."""
    return (
        mirror.to_model
        and mirror.carrier
        and bool(mirror.model)
        and mirror.field == mirror.attr
        and len(carried.get((mirror.schema, mirror.field), ())) == 1
    )


def through_nesting(
    mirrors: set[Mirror],
    relation: Callable[[str, str], str | None],
    subclasses: Callable[[str], Iterable[str]],
) -> set[Mirror]:
    """marshmallow's ``domains = fields.Nested(DomainSchema, many=True)`` in a schema that
    mirrors ``Certificate`` (or in a base of one that does: the subclass dumps through the
    field it inherits), where ``Certificate.domains`` is a relationship to ``Domain``: the
    nested schema is handed the related objects, and mirrors ``Domain`` whole. Followed
    down the nesting, as far as it goes. ``relation(model, attr)``: the mapped class a
    relationship of the model leads to; ``subclasses(schema)``: the classes that derive
    from it. A field named after no relationship of the model proves nothing."""
    nested = {m for m in mirrors if m.under}
    found = mirrors - nested
    if not nested:
        return found
    whole: dict[str, set[str]] = {}
    for m in found:
        if not m.field and m.model:
            whole.setdefault(m.schema, set()).add(m.model)
    for _ in range(len(nested)):
        grown = False
        for m in sorted(nested):
            holders = [m.model, *subclasses(m.model)]
            models = {model for holder in holders for model in whole.get(holder, ())}
            for model in sorted(models):
                related = relation(model, m.under)
                if related is None or related in whole.get(m.schema, set()):
                    continue
                whole.setdefault(m.schema, set()).add(related)
                why = f"{m.why} of a {model.rpartition('.')[2]}"
                found.add(Mirror(m.schema, related, why=why))
                grown = True
        if not grown:
            break
    return found


def _through_schemas(mirrors: set[Mirror], models: set[str]) -> set[Mirror]:
    """Whole mirrors of a schema (a form dumped into ``PromptModel``) become mirrors of
    the models that schema mirrors whole, followed along the chain; a chain that reaches no
    model is dropped."""
    chained = {m for m in mirrors if not m.field and m.model and m.model not in models}
    if not chained:
        return mirrors
    whole: dict[str, set[str]] = {}
    for m in mirrors - chained:
        if not m.field and m.model:
            whole.setdefault(m.schema, set()).add(m.model)
    for _ in range(len(chained)):  # a chain is at most as long as its links
        grown = False
        for m in chained:
            reached = whole.get(m.model, set()) - whole.get(m.schema, set())
            if reached:
                whole.setdefault(m.schema, set()).update(reached)
                grown = True
        if not grown:
            break
    resolved = mirrors - chained
    for m in chained:
        for model in sorted(whole.get(m.model, ())):
            why = f"{m.why}, which mirrors it"
            resolved.add(Mirror(m.schema, model, why=why, to_model=m.to_model, own=m.own))
    return resolved


def union_members(node: ast.expr | None) -> list[ast.expr]:
    """The alternatives an annotation offers: ``A | B``, ``Union[A, B]``, ``Optional[A]``,
    the same in a string; ``None`` left out. One member for an annotation that is no union."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return []
    if node is None:
        return []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return union_members(node.left) + union_members(node.right)
    if isinstance(node, ast.Subscript):
        head = node.value
        name = head.attr if isinstance(head, ast.Attribute) else getattr(head, "id", "")
        if name in ("Union", "Optional"):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [m for item in items for m in union_members(item)]
    if isinstance(node, ast.Constant) and node.value is None:
        return []
    return [node]
