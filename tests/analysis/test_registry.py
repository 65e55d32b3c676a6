"""SQLAlchemy's own mapping: where the ``metadata`` setting names importable models, the
scan takes the tables from the mapper registry of those models, imported in a child
interpreter; where they do not import, it says so and reads the source."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from colretire.analysis import scan
from colretire.analysis.registry import read_registry
from colretire.cli import main
from colretire.model import ColumnRef
from tests.analysis.helpers import write

#: A table-name convention no reading of the source can follow: a lookup at import time.
MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, declared_attr, relationship

    NAMES = {"TaskRun": "task_runs", "Flow": "flows"}


    class CustomBase:
        @declared_attr
        def __tablename__(cls):
            return NAMES[cls.__name__]

        id = Column(Integer, primary_key=True)


    Base = declarative_base(cls=CustomBase)


    class Flow(Base):
        name = Column(String)


    class TaskRun(Base):
        status = Column(String)
        parent = Column(Integer, ForeignKey("flows.id"))
        flow = relationship(Flow)
"""

VIEWS = """
    from app.models import TaskRun


    def show(run: TaskRun) -> str:
        return run.status


    def flow_name(run: TaskRun) -> str:
        return run.flow.name
"""


def _project(root: Path, metadata: bool = True, models: str = MODELS) -> None:
    setting = 'metadata = "app.models:Base"\n' if metadata else ""
    write(root, {"app/__init__.py": "", "app/models.py": models, "app/views.py": VIEWS})
    (root / "pyproject.toml").write_text(f'[tool.colretire]\nsource = ["app"]\n{setting}')


def test_the_registry_names_the_tables_of_importable_models(tmp_path: Path) -> None:
    _project(tmp_path)
    probe = read_registry(tmp_path, ["app.models"], [tmp_path])
    assert probe.registry is not None, probe.problem
    assert probe.registry.table_of("app.models.TaskRun") == "task_runs"
    assert probe.registry.match("app.models.TaskRun").relationships == {"flow": ("parent",)}

    result = scan(tmp_path, ColumnRef.parse("task_runs.status"), registry=probe.registry)
    assert result.mapping == "registry"
    assert [(r.path, r.code) for r in result.references] == [
        ("app/models.py", "CR101"),
        ("app/views.py", "CR103"),
    ]


def test_relationships_follow_the_local_columns_sqlalchemy_reports(tmp_path: Path) -> None:
    """``flow`` joins through ``parent``, a column whose name says nothing of the flow."""
    _project(tmp_path)
    registry = read_registry(tmp_path, ["app.models"], [tmp_path]).registry
    result = scan(tmp_path, ColumnRef.parse("task_runs.parent"), registry=registry)
    views = [(r.path, r.code) for r in result.references if r.path == "app/views.py"]
    assert views == [("app/views.py", "CR108")]


def test_without_the_registry_the_source_names_no_table_it_cannot_read(tmp_path: Path) -> None:
    _project(tmp_path, metadata=False)
    result = scan(tmp_path, ColumnRef.parse("task_runs.status"))
    assert result.mapping == "source"
    assert result.references == ()


def test_refs_says_which_mapping_it_used(tmp_path: Path) -> None:
    _project(tmp_path)
    runner = CliRunner()
    done = runner.invoke(main, ["-C", str(tmp_path), "refs", "task_runs.status"])
    assert done.exit_code == 0, done.output
    assert "mapping: SQLAlchemy's registry of app.models:Base (2 mapped classes)" in done.stderr
    assert "app/views.py:5:16: CR103" in done.stdout


def test_models_that_do_not_import_leave_the_source_mapping_and_say_why(tmp_path: Path) -> None:
    broken = "\n    import a_dependency_that_is_not_installed" + MODELS
    _project(tmp_path, models=broken)
    probe = read_registry(tmp_path, ["app.models"], [tmp_path])
    assert probe.registry is None
    assert "a_dependency_that_is_not_installed" in probe.problem

    done = CliRunner().invoke(main, ["-C", str(tmp_path), "refs", "task_runs.status"])
    assert done.exit_code == 0, done.output
    assert "mapping: read from the source; app.models:Base could not be used" in done.stderr
    assert "ModuleNotFoundError" in done.stderr


def test_an_edit_to_an_imported_file_imports_again(tmp_path: Path) -> None:
    _project(tmp_path)
    cache = tmp_path / ".cache"
    first = read_registry(tmp_path, ["app.models"], [tmp_path], cache_dir=cache)
    again = read_registry(tmp_path, ["app.models"], [tmp_path], cache_dir=cache)
    assert (first.cached, again.cached) == (False, True)

    models = tmp_path / "app/models.py"
    models.write_text(models.read_text().replace('"task_runs"', '"runs"'))
    edited = read_registry(tmp_path, ["app.models"], [tmp_path], cache_dir=cache)
    assert not edited.cached
    assert edited.registry is not None
    assert edited.registry.table_of("app.models.TaskRun") == "runs"


def test_an_interface_object_is_followed_with_the_registry_too(tmp_path: Path) -> None:
    """``db.FlowRun`` handed out by a database interface, with the table named by a
    convention only the import reveals."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm_models.py": """
        from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

        TABLES = {"FlowRun": "flow_run"}


        class Base(DeclarativeBase):
            @declared_attr.directive
            def __tablename__(cls) -> str:
                return TABLES[cls.__name__]


        class FlowRun(Base):
            id: Mapped[int] = mapped_column(primary_key=True)
            state_name: Mapped[str]
    """,
            "app/interface.py": """
        from app import orm_models


        class DatabaseInterface:
            @property
            def FlowRun(self):
                return orm_models.FlowRun
    """,
            "app/api.py": """
        import sqlalchemy as sa

        from app.interface import DatabaseInterface


        def running(db: DatabaseInterface):
            return sa.select(db.FlowRun).where(db.FlowRun.state_name == "RUNNING")
    """,
        },
    )
    column = ColumnRef.parse("flow_run.state_name")
    assert scan(tmp_path, column).references == ()  # the source cannot name the table
    registry = read_registry(tmp_path, ["app.orm_models"], [tmp_path]).registry
    result = scan(tmp_path, column, registry=registry)
    assert [(r.path, r.code) for r in result.references] == [
        ("app/api.py", "CR102"),
        ("app/orm_models.py", "CR101"),
    ]
