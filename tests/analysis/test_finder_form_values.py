"""The value of a WTForms field handed to a function of the project that writes it into
the column, in the shape of a real removal (a forge's ``projects.repospanner_region``): the
view reads ``form.repospanner_region.data`` into a local, then calls ``new_project(...,
repospanner_region=repospanner_region)``, which builds the ``Project``. The form's field
carries the column, so its declaration and its reads are references. Near miss: a field of
the same name whose value a function writes into another table's column proves nothing of
ours."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        repospanner_region = Column(String, nullable=True)


    class Mirror(Base):
        __tablename__ = "mirrors"
        id = Column(Integer, primary_key=True)
        region = Column(String)
"""

QUERY = """
    from app.models import Mirror, Project


    def new_project(session, name, repospanner_region=None):
        project = Project(name=name, repospanner_region=repospanner_region)
        session.add(project)
        return project


    def new_mirror(session, repospanner_region):
        mirror = Mirror(region=repospanner_region)
        session.add(mirror)
        return mirror
"""

FORMS = """
    import wtforms
    from flask_wtf import FlaskForm


    class ProjectForm(FlaskForm):
        name = wtforms.StringField("Project name")
        repospanner_region = wtforms.SelectField("repoSpanner Region", choices=[])


    class MirrorForm(FlaskForm):
        repospanner_region = wtforms.StringField("Region")
"""

VIEWS = """
    from app import forms
    from app.query import new_mirror, new_project


    def create_project(session):
        form = forms.ProjectForm()
        if form.repospanner_region:
            repospanner_region = form.repospanner_region.data
        else:
            repospanner_region = None
        return new_project(session, form.name.data, repospanner_region=repospanner_region)


    def create_mirror(session):
        form = forms.MirrorForm()
        repospanner_region = form.repospanner_region.data
        return new_mirror(session, repospanner_region=repospanner_region)
"""

PROJECT = {
    "app/models.py": MODELS,
    "app/query.py": QUERY,
    "app/forms.py": FORMS,
    "app/views.py": VIEWS,
}


def test_a_form_field_handed_to_a_function_that_writes_the_column_mirrors_it(
    tmp_path: Path,
) -> None:
    files = write(tmp_path, PROJECT)
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "projects.repospanner_region")}
    declared = refs[("app/forms.py", *at(files["app/forms.py"], "^repospanner_region = wtforms"))]
    assert (declared.code, str(declared.confidence)) == ("CR105", "certain")
    views = files["app/views.py"]
    for snippet in ("if form.^repospanner_region:", "= form.^repospanner_region.data"):
        read = refs[("app/views.py", *at(views, snippet))]
        assert (read.code, str(read.confidence)) == ("CR103", "certain")


def test_a_form_field_written_into_another_tables_column_proves_nothing(
    tmp_path: Path,
) -> None:
    """``MirrorForm.repospanner_region`` goes into ``mirrors.region``: it is no evidence
    for ``projects.repospanner_region``, so neither its declaration nor its read is a
    certain reference to it."""
    files = write(tmp_path, PROJECT)
    rows = {
        (row[0], row[1], row[2]): row[3]
        for row in accounted(tmp_path, "projects.repospanner_region")
    }
    forms, views = files["app/forms.py"], files["app/views.py"]
    declared = at(forms, 'repospanner_region = wtforms.StringField("Region")'.replace("r", "^r", 1))
    read = at(views, "form.^repospanner_region.data", nth=2)
    assert "certain" not in rows[("app/forms.py", *declared)]
    assert "certain" not in rows[("app/views.py", *read)]
