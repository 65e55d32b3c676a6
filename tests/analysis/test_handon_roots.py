"""A keyword handed on is followed through a project kept in a directory of the repository
(``backend/app/...``, imported as ``app``), into another table's model that the scan's index
does not hold (its file names none of the column's names). The near misses stay
unexplained: a model built on a base of the project, an import that names a package from
elsewhere than the directory above the file's own package."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

POST = """
    from typing import Optional

    from sqlmodel import Field, SQLModel


    class Post(SQLModel, table=True):
        __tablename__ = "post"
        id: Optional[int] = Field(default=None, primary_key=True)
        frontend_id: str = Field(nullable=False)
"""

REACTION = """
    from typing import Optional

    from sqlmodel import Field, SQLModel


    class Reaction(SQLModel, table=True):
        __tablename__ = "reaction"
        id: Optional[int] = Field(default=None, primary_key=True)
        post_id: int = Field(foreign_key="post.id")
"""

MODELS = """
    from .post import Post
    from .reaction import Reaction
"""

REPOSITORY = """
    from app.models import Post, Reaction


    class Repository:
        def insert_post(self, *, post_id, frontend_id):
            post = Post(id=post_id, frontend_id=frontend_id)
            self.db.add(post)
            return post

        def insert_reaction(self, post_id):
            self.db.add(Reaction(post_id=post_id))
"""

ROUTES = """
    from app.repository import Repository


    def bind(repo: Repository, new_id, frontend_id):
        repo.insert_post(post_id=new_id, frontend_id=frontend_id)
"""


def _tier(root: Path, column: str, path: str, where: tuple[int, int]) -> tuple[Tier, str]:
    result = scan(root, ColumnRef.parse(column))
    for o in result.occurrences:
        if o.path == path and (o.line, o.col) == where:
            return o.tier, f"{o.reason.value if o.reason else ''} | {o.detail}"
    raise AssertionError(f"no occurrence at {path}:{where}")


def test_a_value_written_into_a_model_of_a_file_the_index_lacks_is_excluded(
    tmp_path: Path,
) -> None:
    """routes.py and repository.py import ``app.repository`` and ``app.models``, the
    package of their own directory under ``backend/``; insert_post() builds a Post (table
    post, a SQLModel class whose file names no post_id) with the value: it is written into
    post.id, never into reaction.post_id."""
    files = write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/models/__init__.py": MODELS,
            "backend/app/models/post.py": POST,
            "backend/app/models/reaction.py": REACTION,
            "backend/app/repository.py": REPOSITORY,
            "backend/app/routes.py": ROUTES,
        },
    )
    source = files["backend/app/routes.py"]
    tier, detail = _tier(
        tmp_path, "reaction.post_id", "backend/app/routes.py", at(source, "^post_id=new_id")
    )
    assert tier is Tier.EXCLUDED
    assert detail.startswith("keyword | ")
    assert "post.id" in detail


def test_a_model_built_on_a_base_of_the_project_stays_unexplained(tmp_path: Path) -> None:
    """Post derives from a base of the project, which defines its own ``__init__``: what
    that constructor does with the keywords is the project's code. The keyword stays
    unexplained."""
    files = write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/base.py": """
        from sqlmodel import SQLModel


        class Recorded(SQLModel):
            def __init__(self, **values):
                self.remember(values)
        """,
            "backend/app/models/__init__.py": MODELS,
            "backend/app/models/post.py": POST.replace(
                "from sqlmodel import Field, SQLModel",
                "from sqlmodel import Field\n\n    from app.base import Recorded",
            ).replace("Post(SQLModel, table=True)", "Post(Recorded, table=True)"),
            "backend/app/models/reaction.py": REACTION,
            "backend/app/repository.py": REPOSITORY,
            "backend/app/routes.py": ROUTES,
        },
    )
    source = files["backend/app/routes.py"]
    tier, _ = _tier(
        tmp_path, "reaction.post_id", "backend/app/routes.py", at(source, "^post_id=new_id")
    )
    assert tier is Tier.UNEXPLAINED


def test_an_import_rooted_elsewhere_than_the_files_own_package_is_not_followed(
    tmp_path: Path,
) -> None:
    """repository.py (in ``backend/app``) imports ``models``, which runs only where
    ``backend/app`` itself is on Python's path: that is not the directory above the file's
    own package, so the scan does not take ``models`` for ``backend/app/models``. Post is not
    found, and the keyword stays unexplained."""
    files = write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/models/__init__.py": MODELS,
            "backend/app/models/post.py": POST,
            "backend/app/models/reaction.py": REACTION,
            "backend/app/repository.py": REPOSITORY.replace("from app.models", "from models"),
            "backend/app/routes.py": ROUTES,
        },
    )
    source = files["backend/app/routes.py"]
    tier, _ = _tier(
        tmp_path, "reaction.post_id", "backend/app/routes.py", at(source, "^post_id=new_id")
    )
    assert tier is Tier.UNEXPLAINED
