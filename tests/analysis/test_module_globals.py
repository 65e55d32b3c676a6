"""A global of a module of the project reached through the imported module
(``from lemur.certificates import defaults`` then ``defaults.not_before(cert)``) is that
module's function, class or variable where the scanned files prove the module defines it:
a local, never a read of the column."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, DateTime, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Certificate(Base):
        __tablename__ = "certificates"
        id = Column(Integer, primary_key=True)
        not_before = Column(DateTime)


    class Authority(Base):  # another table's not_before: the name alone proves nothing
        __tablename__ = "authorities"
        id = Column(Integer, primary_key=True)
        not_before = Column(DateTime)
"""


def test_a_function_of_an_imported_project_module_is_a_local(tmp_path: Path) -> None:
    """defaults.not_before() and d.not_before() call the function that
    app/certificates/defaults.py defines; the near misses stay unexplained: a global the
    module assigns a read of the column (``other.not_before = Certificate.not_before``),
    and an attribute of a name imported from a package that defines no such global."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/certificates/__init__.py": "",
            "app/certificates/defaults.py": """
        import datetime


        def not_before(options):
            return options.get("start") or datetime.datetime.now()
        """,
            "app/certificates/other.py": """
        from app.models import Certificate

        not_before = Certificate.not_before
        """,
            "app/certificates/service.py": """
        import app.certificates.defaults as d
        from app import settings
        from app.certificates import defaults, other


        def create(options):
            start = defaults.not_before(options)
            again = d.not_before(options)
            column = other.not_before
            configured = settings.not_before
            return start, again, column, configured
        """,
        },
    )
    source = files["app/certificates/service.py"]
    result = scan(tmp_path, ColumnRef.parse("certificates.not_before"))
    tiers = {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else "", o.detail)
        for o in result.occurrences
        if o.path == "app/certificates/service.py"
    }
    tier, reason, detail = tiers[at(source, "defaults.^not_before(")]
    assert (tier, reason) == (Tier.EXCLUDED, "local")
    assert detail == "a function of the project's module app.certificates.defaults"
    assert tiers[at(source, "d.^not_before(")][:2] == (Tier.EXCLUDED, "local")
    assert tiers[at(source, "other.^not_before")][0] is Tier.UNEXPLAINED
    assert tiers[at(source, "settings.^not_before")][0] is Tier.UNEXPLAINED
