"""Rows of a query of a model's columns: ``session.query(Study.id, Study.direction, ...)``
(or ``select(...)`` of them) yields rows whose attributes are the columns selected, under
their attributes' names. A read of our column on such a row is certain; a name a value of
no known table may give too (``sub.c.direction``, ``.label("direction")``) leaves it
likely or unexplained, never excluded; a query with an item whose name is unknown types
nothing."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Enum, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class StudyModel(Base):
        __tablename__ = "studies"
        study_id = Column(Integer, primary_key=True)
        study_name = Column(String(512))
        direction = Column(String(8))


    class TrialModel(Base):
        __tablename__ = "trials"
        trial_id = Column(Integer, primary_key=True)
        study_id = Column(Integer, ForeignKey("studies.study_id"))
        direction = Column(String(8))
"""


def _storage(tmp_path: Path, code: str) -> tuple[str, list[tuple[str, int, int, str]]]:
    files = write(tmp_path, {"app/models.py": MODELS, "app/storage.py": code})
    rows = [r for r in accounted(tmp_path, "studies.direction") if r[0] == "app/storage.py"]
    return files["app/storage.py"], rows


def test_a_row_of_a_query_of_the_models_columns(tmp_path: Path) -> None:
    """The rows of ``session.query(...)`` of the model's columns, an outer join's subquery
    column and a labelled count (names the code spells), iterated: ``study.direction`` is
    the column, certain."""
    storage, rows = _storage(
        tmp_path,
        """
        from sqlalchemy import func, orm
        from app import models

        def summaries(session: orm.Session):
            summarized = (
                session.query(models.TrialModel.study_id, func.count(models.TrialModel.trial_id).label("n_trial"))
                .group_by(models.TrialModel.study_id)
                .subquery()
            )
            stmt = session.query(
                models.StudyModel.study_id,
                models.StudyModel.direction,
                summarized.c.n_trial,
                func.coalesce(summarized.c.n_trial, 0).label("n_trials"),
            ).select_from(orm.outerjoin(models.StudyModel, summarized))
            out = []
            for study in stmt.all():
                if study.direction == "maximize":
                    out.append((study.study_id, study.direction, study.n_trials))
            return out
        """,
    )
    assert rows == [
        ("app/storage.py", *at(storage, "models.StudyModel.^direction"), "CR102 certain"),
        ("app/storage.py", *at(storage, "study.^direction =="), "CR103 certain"),
        ("app/storage.py", *at(storage, "study.^direction, study"), "CR103 certain"),
    ]


def test_a_row_of_a_select_of_the_models_columns(tmp_path: Path) -> None:
    """``select(StudyModel.study_id, StudyModel.direction)`` run by a session: its rows are
    the columns too; the same name on a row of another model's columns is that table's."""
    storage, rows = _storage(
        tmp_path,
        """
        from sqlalchemy import select
        from app.models import StudyModel, TrialModel

        def directions(session):
            for row in session.execute(select(StudyModel.study_id, StudyModel.direction)):
                yield row.direction

        def trial_directions(session):
            for row in session.execute(select(TrialModel.trial_id, TrialModel.direction)):
                yield row.direction
        """,
    )
    assert rows == [
        ("app/storage.py", *at(storage, "StudyModel.^direction"), "CR102 certain"),
        ("app/storage.py", *at(storage, "row.^direction"), "CR103 certain"),
        ("app/storage.py", *at(storage, "TrialModel.^direction"), "excluded: other-table"),
        ("app/storage.py", *at(storage, "row.^direction", nth=2), "excluded: other-table"),
    ]


def test_a_name_a_value_of_no_known_table_gives_is_never_excluded(tmp_path: Path) -> None:
    """Near misses: a subquery's column or a label spelt like the column may be the column
    by another road. Given by it alone, the row's ``direction`` is unexplained; given by it
    and the model, likely; a query with an item whose name is unknown (``func.max(...)``
    unlabelled) types nothing, and ``.scalar()`` gives a value, no row."""
    storage, rows = _storage(
        tmp_path,
        """
        from sqlalchemy import func
        from app.models import StudyModel

        def labelled(session, sub):
            for row in session.query(StudyModel.study_id, sub.c.direction).all():
                print(row.direction)

        def both(session):
            query = session.query(StudyModel.direction, func.lower(StudyModel.study_name).label("direction"))
            return [row.direction for row in query]

        def unnamed(session):
            for row in session.query(StudyModel.study_id, func.max(StudyModel.study_name)):
                print(row.direction)

        def value(session):
            return session.query(StudyModel.study_id, StudyModel.direction).scalar().direction
        """,
    )
    assert rows == [
        ("app/storage.py", *at(storage, "sub.c.^direction"), "unexplained"),
        ("app/storage.py", *at(storage, "row.^direction"), "unexplained"),
        ("app/storage.py", *at(storage, "StudyModel.^direction, func"), "CR102 certain"),
        ("app/storage.py", *at(storage, 'label("^direction")'), "unexplained"),
        ("app/storage.py", *at(storage, "row.^direction for"), "CR103 likely"),
        ("app/storage.py", *at(storage, "row.^direction)", nth=2), "unexplained"),
        ("app/storage.py", *at(storage, "StudyModel.^direction).scalar"), "CR102 certain"),
        ("app/storage.py", *at(storage, "scalar().^direction"), "unexplained"),
    ]


def test_a_union_with_a_query_of_another_table_types_no_row(tmp_path: Path) -> None:
    """A union's rows bear the first query's names but hold every united query's values:
    ``query(TrialModel.direction).union(query(StudyModel.direction))`` yields the studies'
    directions too, so ``row.direction`` is not excluded as the trials' (unexplained). Near
    miss: a union of two queries of the same columns is still rows of those columns."""
    storage, rows = _storage(
        tmp_path,
        """
        from sqlalchemy import orm
        from app.models import StudyModel, TrialModel

        def both(session: orm.Session):
            trials = session.query(TrialModel.trial_id, TrialModel.direction)
            for row in trials.union(session.query(StudyModel.study_id, StudyModel.direction)):
                print(row.direction)

        def trials_only(session: orm.Session):
            low = session.query(TrialModel.direction).filter(TrialModel.trial_id < 10)
            high = session.query(TrialModel.direction).filter(TrialModel.trial_id > 90)
            for row in low.union(high).all():
                print(row.direction)
        """,
    )
    found = {(line, col): where for _, line, col, where in rows}
    assert found[at(storage, "StudyModel.^direction))")] == "CR102 certain"
    assert found[at(storage, "print(row.^direction)")] == "unexplained"
    assert found[at(storage, "print(row.^direction)", 2)] == "excluded: other-table"


INHERITED = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Employee(Base):
        __tablename__ = "employees"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        kind = Column(String)
        __mapper_args__ = {"polymorphic_on": kind}


    class Manager(Employee):
        __tablename__ = "managers"
        id = Column(Integer, ForeignKey("employees.id"), primary_key=True)
        budget = Column(Integer)
        __mapper_args__ = {"polymorphic_identity": "manager"}


    class Engineer(Employee):
        __mapper_args__ = {"polymorphic_identity": "engineer"}
"""


def test_a_column_a_subclass_inherits_from_another_table(tmp_path: Path) -> None:
    """Joined inheritance: ``Manager.name`` is the employees' column, though ``Manager``
    maps ``managers``; the rows of ``query(Manager.id, Manager.name)`` are not typed as the
    managers' (which excluded ``row.name`` as another table's). Near misses: a column of
    the subclass's own table (``Manager.budget``), and a subclass sharing its parent's
    table (``Engineer``), still type their rows."""
    storage = """
        from sqlalchemy import orm
        from app.models import Engineer, Manager

        def managers(session: orm.Session):
            for row in session.query(Manager.budget, Manager.name).all():
                print(row.name, row.budget)

        def engineers(session: orm.Session):
            for row in session.query(Engineer.id, Engineer.name):
                print(row.name)

        def budgets(session: orm.Session):
            for row in session.query(Manager.budget).filter(Manager.budget > 0):
                print(row.budget)
    """
    files = write(tmp_path, {"app/models.py": INHERITED, "app/storage.py": storage})
    source = files["app/storage.py"]
    names = {
        r[1:3]: r[3] for r in accounted(tmp_path, "employees.name") if r[0] == "app/storage.py"
    }
    assert names[at(source, "print(row.^name, row")] != "excluded: other-table"
    assert names[at(source, "print(row.^name)")] == "CR103 certain"
    budgets = {
        r[1:3]: r[3] for r in accounted(tmp_path, "managers.budget") if r[0] == "app/storage.py"
    }
    assert budgets[at(source, "print(row.^budget)")] == "CR103 certain"


def test_an_attribute_spelt_like_the_column_that_maps_another(tmp_path: Path) -> None:
    """``job_id = Column("legacy_job")`` beside ``job = Column("job_id")``: the rows of
    ``query(Step.id, Step.job_id)`` give ``legacy_job`` the name ``job_id``, so ``row.job_id``
    is not the column (it was certain): unexplained. Near miss: ``row.job`` on the rows of
    ``query(Step.id, Step.job)`` is the column's attribute, certain."""
    models = """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Step(Base):
            __tablename__ = "steps"
            id = Column(Integer, primary_key=True)
            job_id = Column("legacy_job", String)
            job = Column("job_id", String)
    """
    storage = """
        from sqlalchemy import orm
        from app.models import Step

        def legacy(session: orm.Session):
            for row in session.query(Step.id, Step.job_id).all():
                print(row.job_id)

        def current(session: orm.Session):
            for row in session.query(Step.id, Step.job).all():
                print(row.job)
    """
    files = write(tmp_path, {"app/models.py": models, "app/storage.py": storage})
    source = files["app/storage.py"]
    found = {r[1:3]: r[3] for r in accounted(tmp_path, "steps.job_id") if r[0] == "app/storage.py"}
    assert found[at(source, "print(row.^job_id)")] == "unexplained"
    assert found[at(source, "print(row.^job)")] == "CR103 certain"
