"""Classes of libraries whose effect on their subclasses is known: plain classes, and
models that give their attributes by key.

A class whose base comes from a library is undecided where colretire cannot read that
base: a library's class may be a model's base, a schema (Pydantic's ``BaseModel`` under
another name), or read and write its subclasses' attributes by name. A few library bases
are known to do none of it: an abstract interface that declares methods only, with no
constructor, no attribute of its own, no ``__getattr__`` or ``__setattr__`` and no reading
of ``vars(self)`` (LangChain's ``BaseLoader``, whose ``load()`` returns
``list(self.lazy_load())``). A subclass of one of them keeps its attributes as a class of
the standard library's bases would: it is plain.

Such a base is known by the module it is imported from, never by its name alone (a
``BaseLoader`` of another library may be anything); the name is the module's own and any
module that re-exports it.
"""

from __future__ import annotations

#: Library classes, by qualified name, that give their subclasses no attribute, no
#: constructor and no access to attributes by name: an interface of methods alone.
PLAIN_LIBRARY_CLASSES = frozenset(
    {
        # ``class BaseLoader(ABC)``: load(), aload(), load_and_split(), lazy_load(),
        # alazy_load(), each a call of another; no __init__, no attribute of its own
        "langchain_core.document_loaders.BaseLoader",
        "langchain_core.document_loaders.base.BaseLoader",
        # re-exports the one above: ``from langchain_core.document_loaders import BaseLoader``
        "langchain_community.document_loaders.base.BaseLoader",
    }
)


def plain_library_class(qualified: str) -> bool:
    """Whether ``qualified`` (a base's name as its import qualifies it) is a library class
    known to make its subclasses plain."""
    return qualified in PLAIN_LIBRARY_CLASSES


#: Library bases of a mapped class whose ``__getitem__`` (and ``get``) read the attribute of
#: the key's name: OpenStack's models (``class ManilaBase(models.ModelBase, ...)``).
KEYED_ACCESS_BASES = frozenset({"oslo_db.sqlalchemy.models.ModelBase"})


def keyed_access_class(qualified: str) -> bool:
    """Whether ``qualified`` (a base's name as its import qualifies it) is a library class
    that gives its subclasses' attributes by key."""
    return qualified in KEYED_ACCESS_BASES
