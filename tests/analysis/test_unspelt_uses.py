"""Uses of a column that do not spell its name are still accounted for: the uses of a hybrid
or a property computed from it under another name, the ``ForeignKey(...)`` line of its declaration, and a
CHECK constraint whose SQL a function builds. Each shape comes from a real removal: a
two-factor flag read through a hybrid over two columns, a nullable foreign key whose
``ForeignKey`` sits on its own line, and the constraints of an editing-revision model."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Tier
from tests.analysis.helpers import at, write

PROJECTS = """
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, sql
    from sqlalchemy.ext.hybrid import hybrid_property
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class TwoFactorRequireable:
        owners_require_2fa = Column(Boolean, nullable=False, server_default=sql.false())
        pypi_mandates_2fa = Column(Boolean, nullable=False, server_default=sql.false())

        @hybrid_property
        def two_factor_required(self):
            return self.owners_require_2fa | self.pypi_mandates_2fa

        @property
        def label(self):
            return "2FA" if self.pypi_mandates_2fa else ""


    class Project(TwoFactorRequireable, Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        owner_id = Column(
            Integer,
            ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        )
"""

TASKS = """
    from sqlalchemy import select

    from app.models import Project


    def mandated(session):
        return session.scalars(select(Project).where(Project.two_factor_required)).all()


    def shown(project):
        return project.label
"""


def _occurrences(root: Path, column: str, path: str) -> dict[tuple[int, int], tuple[str, str]]:
    result = scan(root, ColumnRef.parse(column))
    return {(o.line, o.col): (o.tier.value, o.detail) for o in result.occurrences if o.path == path}


def test_a_hybrid_that_is_the_columns_value_by_operators_alone_is_a_likely_wrapper(
    tmp_path: Path,
) -> None:
    """In a query, ``Project.two_factor_required`` is SQL over the column; once the column
    goes it breaks, unless the hybrid gets a new body over the other column. Its body is one
    ``return`` of operators over the model's own columns: the column's value and nothing
    else, so its declaration and its uses are likely wrapper references (CR109), saying
    so."""
    files = write(tmp_path, {"app/models.py": PROJECTS, "app/tasks.py": TASKS})
    result = scan(tmp_path, ColumnRef.parse("projects.pypi_mandates_2fa"))
    found = {(r.path, r.line, r.col): r for r in result.references}
    use = found[("app/tasks.py", *at(files["app/tasks.py"], "Project.^two_factor_required"))]
    assert (use.code, str(use.confidence)) == ("CR109", "likely")
    assert "hybrid_property whose value is computed from projects.pypi_mandates_2fa" in use.message
    declared = found[("app/models.py", *at(files["app/models.py"], "def ^two_factor_required"))]
    assert (declared.code, str(declared.confidence)) == ("CR109", "likely")
    assert declared.message.startswith("declares TwoFactorRequireable.two_factor_required")


def test_a_hybrid_that_computes_more_than_operators_is_unexplained(tmp_path: Path) -> None:
    """Near miss: a hybrid whose body calls a function (``required(self.owners_require_2fa,
    self.pypi_mandates_2fa)``, as redash's ``query_runner`` property builds a runner from
    the settings) computes a value of its own, which may outlive the column: its declaration
    and its uses stay unexplained, saying so."""
    models = PROJECTS.replace(
        "return self.owners_require_2fa | self.pypi_mandates_2fa",
        "return required(self.owners_require_2fa, self.pypi_mandates_2fa)",
    )
    assert models != PROJECTS
    files = write(tmp_path, {"app/models.py": models, "app/tasks.py": TASKS})
    tasks = _occurrences(tmp_path, "projects.pypi_mandates_2fa", "app/tasks.py")
    tier, detail = tasks[at(files["app/tasks.py"], "Project.^two_factor_required")]
    assert tier == Tier.UNEXPLAINED.value
    assert "hybrid_property computed from projects.pypi_mandates_2fa" in detail
    occurrences = _occurrences(tmp_path, "projects.pypi_mandates_2fa", "app/models.py")
    tier, detail = occurrences[at(files["app/models.py"], "def ^two_factor_required")]
    assert tier == Tier.UNEXPLAINED.value
    assert detail.startswith("declares TwoFactorRequireable.two_factor_required")


def test_a_plain_property_with_another_name_is_unexplained_too(tmp_path: Path) -> None:
    """``label`` is a Python property computed from the column (Dify's ``token_is_set``
    over ``encrypted_config``): once the column goes, it breaks unless it gets a new body,
    and so may every use of it. The read inside it is the reference; its declaration and
    its uses are unexplained, saying so (not SQL: no query is mentioned)."""
    files = write(tmp_path, {"app/models.py": PROJECTS, "app/tasks.py": TASKS})
    result = scan(tmp_path, ColumnRef.parse("projects.pypi_mandates_2fa"))
    inside = at(files["app/models.py"], "if self.^pypi_mandates_2fa")
    assert (inside[0], "app/models.py") in {(r.line, r.path) for r in result.references}
    tasks = _occurrences(tmp_path, "projects.pypi_mandates_2fa", "app/tasks.py")
    assert tasks[at(files["app/tasks.py"], "project.^label")] == (
        Tier.UNEXPLAINED.value,
        "an attribute of an object of unknown type",
    )
    models = _occurrences(tmp_path, "projects.pypi_mandates_2fa", "app/models.py")
    tier, detail = models[at(files["app/models.py"], "def ^label")]
    assert tier == Tier.UNEXPLAINED.value
    assert detail == (
        "declares TwoFactorRequireable.label, a property computed from "
        "projects.pypi_mandates_2fa: it goes with the column unless it gets a new body"
    )


def test_a_property_whose_name_other_classes_have_is_not_followed(tmp_path: Path) -> None:
    """Near miss: a property named like an attribute other classes have too (``label`` of a
    form as well): its uses cannot be told from theirs, and as unexplained they would bury
    the list under every ``.label`` of the project. Its name is no name of the column; the
    read inside it stays the reference."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/tasks.py": TASKS,
            "app/forms.py": "class Field:\n    def __init__(self, label):\n        self.label = label\n",
        },
    )
    result = scan(tmp_path, ColumnRef.parse("projects.pypi_mandates_2fa"))
    assert not [o for o in result.occurrences if o.name == "label"]
    inside = at(files["app/models.py"], "if self.^pypi_mandates_2fa")
    assert (inside[0], "app/models.py") in {(r.line, r.path) for r in result.references}


def test_a_column_of_only_this_hybrid_leaves_it_alone(tmp_path: Path) -> None:
    """Near miss: retiring ``projects.name``, which the hybrid does not read: the hybrid's
    name is no name of that column."""
    write(tmp_path, {"app/models.py": PROJECTS, "app/tasks.py": TASKS})
    result = scan(tmp_path, ColumnRef.parse("projects.name"))
    assert not [o for o in result.occurrences if o.name == "two_factor_required"]


def test_the_foreign_key_line_of_a_declaration_is_part_of_it(tmp_path: Path) -> None:
    """``ForeignKey("users.id", ...)`` on its own line spells no name of ``owner_id``, but
    the constraint is dropped with the column: the declaration spans it (``end_line``)."""
    files = write(tmp_path, {"app/models.py": PROJECTS, "app/tasks.py": TASKS})
    result = scan(tmp_path, ColumnRef.parse("projects.owner_id"))
    [declaration] = [r for r in result.references if r.path == "app/models.py"]
    source = files["app/models.py"]
    assert declaration.line == at(source, "^owner_id = Column(")[0]
    key = at(source, '^ForeignKey("users.id"')[0]
    assert declaration.end_line == key + 2  # the closing parenthesis
    assert declaration.kind.value == "declaration"


def test_a_one_line_declaration_has_no_end_line(tmp_path: Path) -> None:
    """Near miss: a foreign key on the declaration's own line."""
    write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Step(Base):
            __tablename__ = "steps"
            id = Column(Integer, primary_key=True)
            job_id = Column(Integer, ForeignKey("jobs.id"))
        """
        },
    )
    result = scan(tmp_path, ColumnRef.parse("steps.job_id"))
    assert [(r.kind.value, r.end_line) for r in result.references] == [("declaration", None)]


REVISIONS = """
    from sqlalchemy import CheckConstraint, Column, DateTime, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    def _make_reviewed_dt_check():
        return f'((final_state = {0}) OR (reviewed_dt IS NOT NULL))'


    def _make_title_check():
        return "char_length(title) > 0"


    class EditingRevision(Base):
        __tablename__ = 'revisions'
        __table_args__ = (CheckConstraint(_make_title_check(), name='title_not_empty'),
                          CheckConstraint(_make_reviewed_dt_check(), name='reviewed_dt_set_when_final_state'))

        id = Column(Integer, primary_key=True)
        title = Column(Integer)
        final_state = Column(Integer)
        reviewed_dt = Column(DateTime)
"""


def test_a_check_constraint_built_by_a_function_is_unexplained_at_its_line(
    tmp_path: Path,
) -> None:
    """The SQL inside the function is the reference; the ``CheckConstraint(...)`` line that
    uses it spells no name of the column, yet the constraint is dropped or rewritten with it:
    an unexplained use there. The constraint on ``title`` alone is not."""
    files = write(tmp_path, {"app/models.py": REVISIONS})
    source = files["app/models.py"]
    result = scan(tmp_path, ColumnRef.parse("revisions.final_state"))
    sql_line = at(source, "((^final_state =")[0]
    assert sql_line in {r.line for r in result.references}
    unexplained = {o.line: o.detail for o in result.occurrences if o.tier is Tier.UNEXPLAINED}
    ours = at(source, "^CheckConstraint(_make_reviewed_dt_check()")[0]
    assert "built by _make_reviewed_dt_check()" in unexplained[ours]
    assert at(source, "^CheckConstraint(_make_title_check()")[0] not in unexplained


def test_a_property_by_operators_is_likely_and_one_built_on_it_unexplained(
    tmp_path: Path,
) -> None:
    """Dify's ``token_is_set`` returns ``self.encrypted_config is not None``: a Python
    property that is the column's value by operators alone, likely wrapper where declared
    and where used on the model. ``is_enabled`` is built on that property, not on the
    column: whether it outlives the column depends on the new body the first gets, so it
    stays unexplained."""
    models = """
        from sqlalchemy import Boolean, Column, Integer, Text
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Provider(Base):
            __tablename__ = "providers"
            id = Column(Integer, primary_key=True)
            is_valid = Column(Boolean, nullable=False)
            encrypted_config = Column(Text, nullable=True)

            @property
            def token_is_set(self):
                \"\"\"Whether a token is stored.\"\"\"
                return self.encrypted_config is not None

            @property
            def is_enabled(self):
                return self.is_valid and self.token_is_set
    """
    files = write(tmp_path, {"app/models.py": models})
    source = files["app/models.py"]
    result = scan(tmp_path, ColumnRef.parse("providers.encrypted_config"))
    found = {(r.line, r.col): (r.code, str(r.confidence)) for r in result.references}
    assert found[at(source, "def ^token_is_set")] == ("CR109", "likely")
    assert found[at(source, "self.^token_is_set")] == ("CR109", "likely")
    occurrences = _occurrences(tmp_path, "providers.encrypted_config", "app/models.py")
    assert occurrences[at(source, "def ^is_enabled")][0] == Tier.UNEXPLAINED.value
