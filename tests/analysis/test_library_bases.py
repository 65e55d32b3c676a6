"""A class deriving from a library class known to make it plain (LangChain's document
loader interface, ``BaseLoader``, an abstract class of methods alone) is a plain class:
its attributes are its own, and a constructor that keeps a parameter named like the column
in its own attribute of that name keeps it there, as for a class of no base. The base is
known by the module it is imported from: a ``BaseLoader`` of another library, a second
base colretire cannot read, or the same name reached through another ancestor from an
unknown library leaves the class undecided."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.analysis.librarybases import plain_library_class
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Account(Base):
        __tablename__ = "account"
        id = Column(Integer, primary_key=True)
        api_key = Column(String)
"""

SEARCH = """
    import httpx
    from langchain_core.document_loaders import BaseLoader


    class SearchResultsLoader(BaseLoader):
        def __init__(self, query: str, api_key: str, limit: int = 5):
            self.query = query
            self.api_key = api_key
            self.limit = limit

        def lazy_load(self):
            reply = httpx.post(
                "https://search.example.com/v1",
                headers={"X-Key": self.api_key},
                json={"q": self.query, "n": self.limit},
            )
            yield from reply.json()["results"]
"""

RETRIEVAL = """
    from app.search import SearchResultsLoader


    def search_documents(settings, query):
        loader = SearchResultsLoader(query=query, api_key=settings.SEARCH_API_KEY)
        return loader.load()
"""


def _verdicts(root: Path, path: str) -> dict[tuple[int, int], tuple[Tier, str]]:
    result = scan(root, ColumnRef.parse("account.api_key"))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }


def _project(tmp_path: Path, search: str = SEARCH) -> dict[str, str]:
    return write(
        tmp_path, {"app/models.py": MODELS, "app/search.py": search, "app/retrieval.py": RETRIEVAL}
    )


def test_the_known_bases_are_named_by_their_module() -> None:
    assert plain_library_class("langchain_core.document_loaders.BaseLoader")
    assert plain_library_class("langchain_community.document_loaders.base.BaseLoader")
    assert not plain_library_class("BaseLoader")
    assert not plain_library_class("vendor.loaders.BaseLoader")


def test_a_loader_of_langchain_keeps_its_own_attributes(tmp_path: Path) -> None:
    files = _project(tmp_path)
    search = files["app/search.py"]
    found = _verdicts(tmp_path, "app/search.py")
    for where in (
        "query: str, ^api_key: str",
        "self.^api_key = ",
        "= ^api_key\n",
        "self.^api_key}",
    ):
        assert found[at(search, where)] == (Tier.EXCLUDED, "other-type"), where
    retrieval = files["app/retrieval.py"]
    tier, _ = _verdicts(tmp_path, "app/retrieval.py")[at(retrieval, "^api_key=")]
    assert tier is Tier.EXCLUDED


def test_the_base_imported_from_its_own_module(tmp_path: Path) -> None:
    """``langchain_community`` hands on the core's class: the same class."""
    search = SEARCH.replace(
        "from langchain_core.document_loaders import BaseLoader",
        "from langchain_community.document_loaders.base import BaseLoader",
    )
    files = _project(tmp_path, search)
    found = _verdicts(tmp_path, "app/search.py")
    assert found[at(files["app/search.py"], "self.^api_key = ")] == (Tier.EXCLUDED, "other-type")


def test_a_base_of_that_name_from_another_library_stays_unexplained(tmp_path: Path) -> None:
    """Known by the name alone, a ``BaseLoader`` could be anything: a schema, a model's base."""
    search = SEARCH.replace(
        "from langchain_core.document_loaders import BaseLoader",
        "from ingest.loaders import BaseLoader",
    )
    files = _project(tmp_path, search)
    found = _verdicts(tmp_path, "app/search.py")
    assert found[at(files["app/search.py"], "self.^api_key = ")][0] is Tier.UNEXPLAINED
    assert found[at(files["app/search.py"], "query: str, ^api_key: str")][0] is Tier.UNEXPLAINED
    retrieval = files["app/retrieval.py"]
    tier, _ = _verdicts(tmp_path, "app/retrieval.py")[at(retrieval, "^api_key=")]
    assert tier is Tier.UNEXPLAINED


def test_a_second_unknown_base_stays_unexplained(tmp_path: Path) -> None:
    search = SEARCH.replace(
        "from langchain_core.document_loaders import BaseLoader",
        "from langchain_core.document_loaders import BaseLoader\n    from ingest.records import Record",
    ).replace("(BaseLoader):", "(BaseLoader, Record):")
    files = _project(tmp_path, search)
    found = _verdicts(tmp_path, "app/search.py")
    assert found[at(files["app/search.py"], "self.^api_key = ")][0] is Tier.UNEXPLAINED


def test_the_same_name_through_another_ancestor_stays_unexplained(tmp_path: Path) -> None:
    """Two ancestors of the project, one on LangChain's ``BaseLoader``, the other on a
    ``BaseLoader`` of another library: the name proves nothing for the class."""
    search = """
    from langchain_core.document_loaders import BaseLoader


    class Fetching(BaseLoader):
        def lazy_load(self):
            return iter(())
"""
    other = """
    from ingest.loaders import BaseLoader


    class Keyed(BaseLoader):
        pass
"""
    both = """
    from app.fetching import Fetching
    from app.keyed import Keyed


    class SearchResultsLoader(Fetching, Keyed):
        def __init__(self, api_key: str):
            self.api_key = api_key
"""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/fetching.py": search,
            "app/keyed.py": other,
            "app/search.py": both,
        },
    )
    found = _verdicts(tmp_path, "app/search.py")
    assert found[at(files["app/search.py"], "self.^api_key = ")][0] is Tier.UNEXPLAINED


def test_a_subclass_of_a_project_loader_on_langchain(tmp_path: Path) -> None:
    """The known base reached through a class of the project: still plain."""
    fetching = """
    from langchain_core.document_loaders import BaseLoader


    class Fetching(BaseLoader):
        def lazy_load(self):
            return iter(())
"""
    search = """
    from app.fetching import Fetching


    class SearchResultsLoader(Fetching):
        def __init__(self, api_key: str):
            self.api_key = api_key
"""
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/fetching.py": fetching, "app/search.py": search}
    )
    found = _verdicts(tmp_path, "app/search.py")
    assert found[at(files["app/search.py"], "self.^api_key = ")] == (Tier.EXCLUDED, "other-type")
