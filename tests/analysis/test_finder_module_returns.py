"""What a function of the same module returns, without an annotation: the row of the query
of one class it gives (``return query.one()``), or the instance it builds. Glance's
``_image_get(context, image_id)`` looks the image up and the functions beside it read
``image_ref = _image_get(...)`` and hand it on (``_check_mutate_authorization(context,
image_ref)``)."""

from __future__ import annotations

from pathlib import Path

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
"""


def test_a_function_of_the_module_returns_the_row_of_its_query(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/api.py": API})
    api = files["app/api.py"]
    refs = [r for r in summary(found(tmp_path, "images.is_public")) if r[0] == "app/api.py"]
    assert refs == [
        # the parameter, proven by its one caller's argument
        ("app/api.py", *at(api, "image_ref.^is_public:"), "CR103", "certain"),
        ("app/api.py", *at(api, "return image_ref.^is_public"), "CR103", "certain"),
        ("app/api.py", *at(api, "_new_image(values).^is_public"), "CR103", "certain"),
        # a nested function's class is its own binding: not followed, so only likely
        ("app/api.py", *at(api, "make().^is_public"), "CR103", "likely"),
    ]
