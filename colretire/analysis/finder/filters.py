"""Filters of a query or a relationship: which model's columns their keywords name.

``User.query.filter_by(username=...)`` names a column of ``User``, the only entity of the
query; ``Project.creator.has(username=...)`` one of the relationship's target. The entity is
proven from the chain the call ends (:mod:`~colretire.analysis.filtered`), never from a
name alone.
"""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import filtered
from colretire.analysis import infer as I
from colretire.analysis.finder.base import FinderBase


class Filters(FinderBase):
    """Tells the model a filter's keywords name (see the module's docstring)."""

    def filtered_model(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The class whose columns the keywords of ``node`` name, where it is proven
        (:mod:`~colretire.analysis.filtered`): the only entity of the query ``filter_by`` is
        called on (``User.query.filter_by(...)``), or the target of the relationship
        ``has``/``any`` is called on (``Project.creator.has(...)``)."""
        root = filtered.query_root(node)
        if root is not None:
            query = self.types.expr(root, scope)
            if query.kind == I.QUERY and query.key:
                return query.key
        first = filtered.first_entity(node)
        if first is not None:
            return self.entity_class(first, scope)
        attribute = filtered.relationship_attribute(node)
        if attribute is None:
            return None
        owner = self.types.expr(attribute.value, scope)
        view = self.world.classes.get(owner.key) if owner.kind == I.CLASS else None
        if view is None or view.attrs.get(attribute.attr) != F.RELATIONSHIP:
            return None
        target = view.types.get(attribute.attr)
        return target.key if target is not None and not target.is_class else None

    def entity_class(self, node: ast.expr, scope: I.Scope) -> str | None:
        """The mapped class an entity given to a query is, or whose column it is
        (``db.Predictor``, ``db.View.id``)."""
        ty = self.types.expr(node, scope)
        if ty.kind == I.CLASS and self.mapped(ty):
            return ty.key
        if not isinstance(node, ast.Attribute):
            return None
        owner = self.types.expr(node.value, scope)
        view = self.world.classes.get(owner.key) if owner.kind == I.CLASS else None
        if view is None or not self.mapped(owner) or view.attrs.get(node.attr) != F.COLUMN:
            return None
        return owner.key

    def filtered_other_column(self, node: ast.Call, name: str, scope: I.Scope) -> str | None:
        """``table.col, a column of Model`` where the keyword ``name`` of ``node`` filters
        rows of another table's model that maps a column of that name; ``None`` where the
        model is not proven, is ours, inherits from a class of our table or lacks it."""
        key = self.filtered_model(node, scope)
        if key is None:
            return None
        character, table = self.class_character(key)
        view = self.world.classes.get(key)
        if character != "other-model" or view is None or view.attrs.get(name) != F.COLUMN:
            return None
        if any(self.is_model(a) or self.same_table(a) for a in view.ancestors):
            return None
        return f"{table}.{name}, a column of {view.name}"
