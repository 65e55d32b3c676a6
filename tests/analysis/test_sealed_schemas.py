"""A schema whose values never leave its module: no other file names the module, and the
module hands none of its values on (no call given or made on them, no unpacking, no
attribute or item set). A field of the column's name there (its declaration, the keywords
that build the schema) is the schema's own, ``other-type``. Each way a value could get out
(an importer, a call given one of them, a dump, a script's ``__main__``, an attribute set on
a row, a read of the column given to the schema) leaves it unexplained."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from colretire.analysis import scan
from colretire.analysis.sealed import sealed_classes
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Theme(Base):
        __tablename__ = "theme"
        id = Column(Integer, primary_key=True)
        accent_color = Column(String)
"""

PRESETS = """
    from enum import Enum
    from typing import Optional

    from pydantic import BaseModel, Field


    class Contrast(str, Enum):
        NORMAL = "normal"
        HIGH = "high"


    class ThemePreset(BaseModel):
        slug: str
        accent_color: str = Field(default="#336699", description="Accent of the preset")
        contrast: Contrast = Contrast.NORMAL


    THEME_PRESETS = [
        ThemePreset(slug="ocean", accent_color="#1E90FF"),
        ThemePreset(slug="forest", accent_color="#228B22", contrast=Contrast.HIGH),
    ]


    def preset_named(slug: str) -> Optional[ThemePreset]:
        for preset in THEME_PRESETS:
            if preset.slug == slug:
                return preset
        return None
"""


def _verdicts(root: Path, path: str) -> dict[tuple[int, int], tuple[Tier, str]]:
    result = scan(root, ColumnRef.parse("theme.accent_color"))
    return {
        (o.line, o.col): (o.tier, o.reason.value if o.reason else o.detail)
        for o in result.occurrences
        if o.path == path
    }


def _sealed(source: str) -> frozenset[str]:
    return sealed_classes(ast.parse(textwrap.dedent(source)))


def test_a_schema_of_a_module_nobody_imports_keeps_its_fields(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/presets.py": PRESETS})
    presets = files["app/presets.py"]
    found = _verdicts(tmp_path, "app/presets.py")
    for where in ("    ^accent_color: str", '"ocean", ^accent_color=', '"forest", ^accent_color='):
        assert found[at(presets, where)] == (Tier.EXCLUDED, "other-type"), where


def test_a_module_another_file_imports_stays_unexplained(tmp_path: Path) -> None:
    """The importer may give the presets to the model (``Theme(**preset.model_dump())``)."""
    seeding = """
    from app.presets import THEME_PRESETS


    def seed(session):
        for preset in THEME_PRESETS:
            session.add(preset)
"""
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/presets.py": PRESETS, "app/seeding.py": seeding}
    )
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is Tier.UNEXPLAINED


def test_a_module_named_in_a_string_stays_unexplained(tmp_path: Path) -> None:
    """A dotted path for a dynamic import names the module too."""
    loader = """
    import importlib


    def load_presets():
        return importlib.import_module("app.presets").THEME_PRESETS
"""
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/presets.py": PRESETS, "app/loader.py": loader}
    )
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is Tier.UNEXPLAINED


def test_a_module_that_hands_a_value_on_stays_unexplained(tmp_path: Path) -> None:
    presets = PRESETS.replace(
        "from pydantic import BaseModel, Field",
        "from pydantic import BaseModel, Field\n\n    from app.store import save",
    ) + (
        """

    def seed():
        for preset in THEME_PRESETS:
            save(preset.model_dump())
"""
    )
    files = write(tmp_path, {"app/models.py": MODELS, "app/presets.py": presets})
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is Tier.UNEXPLAINED


def test_a_read_of_the_column_given_to_the_schema_keeps_its_line(tmp_path: Path) -> None:
    """``ThemePreset(accent_color=DEFAULT.accent_color)``: the read may be the column's, and
    the line keeps its verdict."""
    presets = PRESETS.replace(
        "from pydantic import BaseModel, Field",
        "from pydantic import BaseModel, Field\n\n    from app.defaults import DEFAULT",
    ).replace(
        'ThemePreset(slug="ocean", accent_color="#1E90FF")',
        'ThemePreset(slug="ocean", accent_color=DEFAULT.accent_color)',
    )
    files = write(tmp_path, {"app/models.py": MODELS, "app/presets.py": presets})
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is not Tier.EXCLUDED


def test_the_ways_a_value_leaves_the_module() -> None:
    assert _sealed(PRESETS) == {"Contrast", "ThemePreset"}
    leaks = {
        "a dump handed on": "post(THEME_PRESETS[0].model_dump())",
        "a method of a value": "def f():\n    return [p.model_dump() for p in THEME_PRESETS]",
        "a value as an argument": "def f(register):\n    register(THEME_PRESETS)",
        "a call for its effect": "print(THEME_PRESETS)",
        "run as a script": 'if __name__ == "__main__":\n    pass',
        "an attribute set": "def f(row):\n    row.accent_color = THEME_PRESETS[0].accent_color",
        "an item set": "def f(rows):\n    rows[0] = THEME_PRESETS[0]",
        "unpacked into a call": "def f(make):\n    return make(**{'a': 1})",
        "unpacked into a dict": "def f():\n    return {**THEME_PRESETS[0].__dict__}",
        "a global rebound": "def f():\n    global THEME_PRESETS\n    THEME_PRESETS = []",
    }
    for why, code in leaks.items():
        source = textwrap.dedent(PRESETS) + "\n\n" + code + "\n"
        assert sealed_classes(ast.parse(source)) == frozenset(), why


def test_a_module_whose_names_another_file_spells_stays_unexplained(tmp_path: Path) -> None:
    """A loader that walks the package takes ``THEME_PRESETS`` from each module by name."""
    loader = """
    import importlib
    import pkgutil


    def all_presets(package):
        found = []
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found.extend(getattr(module, "THEME_PRESETS", []))
        return found
"""
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/presets.py": PRESETS, "app/loader.py": loader}
    )
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is Tier.UNEXPLAINED


def test_a_schema_on_a_base_of_the_project_stays_unexplained(tmp_path: Path) -> None:
    """A loader may collect every subclass of the project's base in a package."""
    base = """
    from pydantic import BaseModel


    class Preset(BaseModel):
        slug: str
"""
    presets = PRESETS.replace(
        "from pydantic import BaseModel, Field",
        "from pydantic import Field\n\n    from app.base import Preset",
    ).replace("class ThemePreset(BaseModel):", "class ThemePreset(Preset):")
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/base.py": base, "app/presets.py": presets}
    )
    found = _verdicts(tmp_path, "app/presets.py")
    assert found[at(files["app/presets.py"], '"ocean", ^accent_color=')][0] is Tier.UNEXPLAINED
