"""The rewrites of ``colretire rewrite`` and ``deprecate --mark``, one per module.

Each is a libcst codemod given reference positions (:mod:`colretire.codemods.base`):

    declaration    the model attribute (or Table column, declared_attr, relationship)
    schema_field   a pydantic/SQLModel field of a schema proven to mirror the model
    keyword        a keyword argument: Task(col=...), Schema(col=t.col), .values(col=...)
    dict_entry     a payload entry: {"col": task.col}
    string_item    a field name in a list: ["id", "col"], model_dump(exclude={"col"})
    assignment     a write: task.col = ..., setattr(task, "col", ...), del task.col
    query_term     an order_by term, a loader option (never a condition)
    statement      what goes with them: an emptied if, a local that only fed them
    mark_manual    no removal: a "# colretire: ... remove by hand" comment above the use
    mark_deferred  deprecate --mark: deferred=True and a comment on the declaration

:mod:`colretire.codemods.plan` decides which one applies to each reference of a file, with
:mod:`colretire.codemods.cleanup` (what goes with the removals) and
:mod:`colretire.codemods.reasons` (why a use is left for a person), and applies them;
:mod:`colretire.rewrite` does it for a project.
"""
