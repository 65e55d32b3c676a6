"""What a function of the same module returns, without an annotation: the row of the query
of one class it gives (``return query.one()``), or the instance it builds. Glance's
``_image_get(context, image_id)`` looks the image up and the functions beside it read
``image_ref = _image_get(...)`` and hand it on (``_check_mutate_authorization(context,
image_ref)``)."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef
from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Image(Base):
        __tablename__ = "images"
        id = Column(Integer, primary_key=True)
        is_public = Column(Boolean)
"""

API = """
    from app import models


    def _check_mutate_authorization(context, image_ref):
        if image_ref.is_public:
            raise PermissionError("public image")


    def _image_get(context, image_id, session=None):
        try:
            query = session.query(models.Image).filter_by(id=image_id)
            if not context.can_see_deleted:
                query = query.filter_by(deleted=False)
            image = query.one()
        except LookupError:
            raise KeyError(image_id)
        return image


    def _new_image(values):
        return models.Image(**values)


    def image_destroy(context, image_id, session):
        image_ref = _image_get(context, image_id, session=session)
        _check_mutate_authorization(context, image_ref)
        return image_ref.is_public


    def image_create(values):
        return _new_image(values).is_public


    def shadowed(Image, values):
        def make():
            return Image(values)

        return make().is_public


    def given(Image, values):
        return Image(**values)


    def imported(values):
        from app.schemas import Image

        return Image(**values)


    def looked_up(values, registry):
        Image = registry["Image"]
        return Image(**values)


    def from_elsewhere(values, registry):
        a = given(registry, values).is_public
        b = imported(values).is_public
        c = looked_up(values, registry).is_public
        return a, b, c
"""


def test_a_function_of_the_module_returns_the_row_of_its_query(tmp_path: Path) -> None:
    schemas = """
        from dataclasses import dataclass


        @dataclass
        class Image:
            is_public: bool
    """
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": schemas,
            "app/api.py": API,
        },
    )
    api = files["app/api.py"]
    refs = [r for r in summary(found(tmp_path, "images.is_public")) if r[0] == "app/api.py"]
    assert [r for r in refs if r[4] == "certain"] == [
        # the parameter, proven by its one caller's argument
        ("app/api.py", *at(api, "image_ref.^is_public:"), "CR103", "certain"),
        ("app/api.py", *at(api, "return image_ref.^is_public"), "CR103", "certain"),
        ("app/api.py", *at(api, "_new_image(values).^is_public"), "CR103", "certain"),
    ]
    # a nested function's class, and a class the function is given, imports or looks up
    # itself, is not the module's: never a certain reference
    for snippet in (
        "make().^is_public",
        "given(registry, values).^is_public",
        "imported(values).^is_public",
        "looked_up(values, registry).^is_public",
    ):
        assert at(api, snippet) not in [r[1:3] for r in refs if r[4] == "certain"]
    # the class the function imports itself is the schema's, another class: not the column
    excluded = [
        str(o.reason)
        for o in scan(tmp_path, ColumnRef.parse("images.is_public")).occurrences
        if o.path == "app/api.py" and (o.line, o.col) == at(api, "imported(values).^is_public")
    ]
    assert excluded == ["other-type"]
