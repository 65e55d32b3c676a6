"""Attribute names given by string to a loader option on a relationship:
``subqueryload(Dashboard.user).load_only("_profile_image_url", "name")`` loads those
attributes of the class the relationship holds (``User``), not of ``Dashboard``."""

from __future__ import annotations

import ast

from colretire.analysis import facts as F
from colretire.analysis import infer as I
from colretire.analysis.finder.base import CERTAIN, K, Verdict
from colretire.analysis.finder.verdicts import Verdicts
from colretire.analysis.index import MAPPED
from colretire.model import Exclusion

#: SQLAlchemy's loader options that take a relationship, as functions or chained methods.
LOADERS = frozenset(
    {
        "joinedload",
        "subqueryload",
        "selectinload",
        "lazyload",
        "immediateload",
        "defaultload",
        "noload",
        "raiseload",
        "contains_eager",
    }
)
#: The methods chained on a loader option that take attribute names of its class.
NAMED_LOADS = frozenset({"load_only", "defer", "undefer"})


class Loaders(Verdicts):
    """Judges the strings given to ``load_only`` / ``defer`` / ``undefer`` chained on a
    loader option whose one argument is a relationship of a mapped class."""

    def loaded_names(self, node: ast.Call, scope: I.Scope) -> None:
        """``LOADER(Cls.rel).load_only("a", "b")``: each string names an attribute of the
        class ``Cls.rel`` holds. Ours: a certain string reference; another table's model:
        that table's attribute. A relationship colretire cannot resolve (an unknown class, an
        attribute that is no relationship) leaves the strings to the other judges."""
        held = self.loaded_class(node, scope)
        if held is None:
            return
        verb = F.last_name(node.func)
        for arg in node.args:
            text = F.string_value(arg)
            if text is None or text not in self.key_names:
                continue
            if self.is_model(held):
                self.handled.add(id(arg))
                verdict = self.owned_verdict(I.Ty(I.CLASS, held), text, verb)
                if verdict is not None:
                    kind = K.RELATIONSHIP if verdict.kind is K.RELATIONSHIP else K.STRING
                    cls = self.class_name(held)
                    message = f"names {self.target.column} in {verb}() on a relationship to {cls}"
                    self.add(
                        self.source.start(arg), Verdict(kind, verdict.confidence, message), arg
                    )
                continue
            view = self.world.classes.get(held)
            if (
                view is not None
                and view.kind == MAPPED
                and view.table
                and not self.is_our_table(view.table)
                and not any(self.is_model(a) for a in view.ancestors)
            ):
                self.handled.add(id(arg))
                detail = f"{view.table}.{text}, given to {verb}() on a relationship to {view.name}"
                self.ledger.exclude(self.string_words(arg), Exclusion.OTHER_TABLE, detail)

    def option_strings(self, node: ast.Call, scope: I.Scope) -> None:
        """``query.options(joinedload("share_network"))``: a loader option given a
        relationship by its name (SQLAlchemy before 2.0) names an attribute of the class the
        query is of. Ours: a certain reference; another table's model: that table's
        attribute. A query whose class is not known leaves the strings to the other judges."""
        assert isinstance(node.func, ast.Attribute)
        texts = [
            (loader, arg, text)
            for loader in node.args
            if isinstance(loader, ast.Call)
            and F.last_name(loader.func) in LOADERS
            # a function of SQLAlchemy's (``joinedload``, ``orm.joinedload``), not a loader
            # chained on another (``joinedload("a").joinedload("b")``, ``Load(X).joinedload``),
            # whose string names an attribute of the class the chain has reached
            and F.dotted(loader.func) is not None
            and len(loader.args) == 1
            and not loader.keywords
            for arg in loader.args
            if (text := F.string_value(arg)) is not None and text in self.key_names
        ]
        if not texts:
            return
        query = self.types.expr(node.func.value, scope)
        if query.kind != I.QUERY or not query.key:
            return
        view = self.world.classes.get(query.key)
        for loader, arg, text in texts:
            verb = F.last_name(loader.func)
            if self.is_model(query.key):
                self.handled.add(id(arg))
                verdict = self.owned_verdict(I.Ty(I.CLASS, query.key), text, verb)
                if verdict is not None:
                    kind = K.RELATIONSHIP if verdict.kind is K.RELATIONSHIP else K.STRING
                    cls = self.class_name(query.key)
                    message = f"names {cls}.{text} in {verb}() on a query of {cls}"
                    if kind is K.RELATIONSHIP:
                        message += f", a relationship built on {self.target.column}"
                    self.add(
                        self.source.start(arg), Verdict(kind, verdict.confidence, message), arg
                    )
                continue
            if text in self.target.reverse.get(query.key, ()):
                self.handled.add(id(arg))
                cls = self.class_name(query.key)
                message = (
                    f"names {cls}.{text} in {verb}() on a query of {cls}, the other side of "
                    f"the relationship built on {self.target.column}"
                )
                self.add(self.source.start(arg), Verdict(K.RELATIONSHIP, CERTAIN, message), arg)
                continue
            if (
                view is not None
                and view.kind == MAPPED
                and view.table
                and text in view.attrs
                and not self.is_our_table(view.table)
                and not any(self.is_model(a) for a in view.ancestors)
            ):
                self.handled.add(id(arg))
                detail = f"{view.table}.{text}, given to {verb}() on a query of {view.name}"
                self.ledger.exclude(self.string_words(arg), Exclusion.OTHER_TABLE, detail)

    def loaded_class(self, node: ast.Call, scope: I.Scope) -> str | None:
        """The key of the class whose attributes a ``load_only`` chained on a loader option
        names: the target of the one relationship the option is given, if it resolves."""
        if not isinstance(node.func, ast.Attribute):
            return None
        loader = node.func.value
        if not (
            isinstance(loader, ast.Call)
            and F.last_name(loader.func) in LOADERS
            and len(loader.args) == 1
            and isinstance(loader.args[0], ast.Attribute)
        ):
            return None
        relationship = loader.args[0]
        owner = self.types.expr(relationship.value, scope)
        view = self.world.classes.get(owner.key) if owner.kind == I.CLASS else None
        if view is None or view.attrs.get(relationship.attr) != F.RELATIONSHIP:
            return None
        held = self.types.attribute(I.Ty(I.INSTANCE, owner.key), relationship.attr)
        if held.kind not in (I.INSTANCE, I.COLLECTION) or not held.key:
            return None
        return held.key
