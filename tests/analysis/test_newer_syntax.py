"""A file written for a newer Python than the one running colretire (``type PromptAlias =
...``, ``class Box[T]:``) is read through a translation that drops the type parameter
syntax on its line; a span the translation cannot drop on one line leaves the file
untranslated."""

from __future__ import annotations

import sys
from pathlib import Path

from colretire.analysis import newer, scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, code, write

MODELS = """
    import uuid

    from sqlmodel import Field, SQLModel


    class Prompt(SQLModel, table=True):
        id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
        chat_id: uuid.UUID | None = Field(default=None)
        title: str
"""

SCHEMAS = """
    from __future__ import annotations

    from typing import Annotated

    from pydantic import UUID4, BaseModel, Field, StringConstraints

    type PromptAlias = Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]


    class PromptRead(BaseModel):
        id: UUID4
        chat_id: UUID4 | None = Field(default=None, description="ID of the source chat")
        alias: PromptAlias | None = None
"""

SERVICE = """
    from app.models import Prompt
    from app.schemas import PromptRead


    def read(prompt: Prompt) -> PromptRead:
        return PromptRead.model_validate(prompt, from_attributes=True)
"""


def test_the_translation_drops_type_parameter_syntax_on_its_line() -> None:
    """``type`` before a name bound by ``=`` goes, and so do the brackets of type
    parameters after such a name, a class's or a def's; nothing else changes."""
    text = code(
        """
        type Pair[T] = tuple[T, T]
        class Box[T](Base):
            def first[S](self, items: list[S]) -> S:
                kind = type(items)
                return items[0]
        """
    )
    translated = newer.translate("app/x.py", text.encode())
    assert translated is not None
    assert translated.lines[:5] == [
        "Pair = tuple[T, T]",
        "class Box(Base):",
        "    def first(self, items: list[S]) -> S:",
        "        kind = type(items)",
        "        return items[0]",
    ]


def test_a_file_with_none_of_it_or_a_span_over_lines_is_not_translated() -> None:
    """Near misses: a file with no type parameter syntax has no translation (``type`` as a
    name is no statement), nor one whose brackets close on another line."""
    plain = b"type = 'x'\nkind = type(3)\nvalues[0] = type\n"
    assert newer.translate("app/x.py", plain) is None
    spread = b"type Pair[\n    T,\n] = tuple[T, T]\n"
    assert newer.translate("app/x.py", spread) is None


def test_a_schema_in_a_file_of_newer_syntax_mirrors_the_model(tmp_path: Path) -> None:
    """``PromptRead`` is validated from a ``Prompt``: its field is a certain schema field,
    though the running Python may not parse its file (then reported as not parsing)."""
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/schemas.py": SCHEMAS, "app/service.py": SERVICE},
    )
    result = scan(tmp_path, ColumnRef.parse("prompt.chat_id"))
    codes = {(r.path, r.line, r.col, r.code) for r in result.references}
    line, col = at(files["app/schemas.py"], "^chat_id: UUID4")
    assert ("app/schemas.py", line, col, "CR105") in codes, sorted(codes)
    failing = any(c == "CR001" and p == "app/schemas.py" for p, _, _, c in codes)
    assert failing is (sys.version_info < (3, 12))
    tiers = {(o.line, o.col): o.tier for o in result.occurrences if o.path == "app/schemas.py"}
    assert tiers[(line, col)] is Tier.REFERENCE


def test_a_file_whose_span_is_over_lines_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: the same schema with its alias's brackets over two lines is not
    translated; on a Python that cannot parse it, its field stays unexplained."""
    spread = SCHEMAS.replace("type PromptAlias = ", "type PromptAlias[\n        T] = ")
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/schemas.py": spread, "app/service.py": SERVICE},
    )
    result = scan(tmp_path, ColumnRef.parse("prompt.chat_id"))
    line, col = at(files["app/schemas.py"], "^chat_id: UUID4")
    tiers = {(o.line, o.col): o.tier for o in result.occurrences if o.path == "app/schemas.py"}
    expected = Tier.UNEXPLAINED if sys.version_info < (3, 12) else Tier.REFERENCE
    assert tiers[(line, col)] is expected
