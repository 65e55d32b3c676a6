"""A Pydantic request's field handed, under its own name, to a function of the project that
hands it on unchanged until the model's constructor takes it under the column's keyword
(``WorkflowModel(use_cache=use_cache)``): the request mirrors the model, as it does when
the function assigns the value to the model's attribute. The last hop may be a method of a
module's global instance (``state.DATABASE.create_workflow``), which the finder named."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class WorkflowModel(Base):
        __tablename__ = "workflows"
        workflow_id = Column(String, primary_key=True)
        title = Column(String)
        use_cache = Column(Boolean, default=False)
"""

CLIENT = """
    from app.models import WorkflowModel


    class AgentDB:
        def __init__(self, url):
            self.url = url

        async def create_workflow(self, session, title, use_cache=False):
            workflow = WorkflowModel(title=title, use_cache=use_cache)
            session.add(workflow)
            return workflow
"""

STATE = """
    from app.client import AgentDB

    DATABASE = AgentDB("sqlite://")
"""

REQUEST = """
    from pydantic import BaseModel


    class WorkflowCreateRequest(BaseModel):
        title: str
        use_cache: bool = False
"""

SERVICE = """
    from app import state
    from app.request import WorkflowCreateRequest


    class WorkflowService:
        async def create_workflow(self, session, title, use_cache=False):
            return await state.DATABASE.create_workflow(
                session,
                title=title,
                use_cache=use_cache,
            )

        async def create_workflow_from_request(self, session, request: WorkflowCreateRequest):
            return await self.create_workflow(
                session,
                title=request.title,
                use_cache=request.use_cache,
            )
"""


def _project(tmp_path: Path, service: str = SERVICE) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/client.py": CLIENT,
            "app/state.py": STATE,
            "app/request.py": REQUEST,
            "app/service.py": service,
        },
    )


def test_a_field_handed_on_unchanged_to_the_models_constructor_mirrors_it(
    tmp_path: Path,
) -> None:
    files = _project(tmp_path)
    request, service = files["app/request.py"], files["app/service.py"]
    rows = accounted(tmp_path, "workflows.use_cache")
    assert ("app/request.py", *at(request, "^use_cache: bool"), "CR105 certain") in rows
    assert ("app/service.py", *at(service, "request.^use_cache"), "CR103 certain") in rows


def test_a_value_changed_on_the_way_proves_nothing(tmp_path: Path) -> None:
    """``use_cache=bool(use_cache)``: what reaches the column is made from the field."""
    changed = SERVICE.replace("use_cache=use_cache,", "use_cache=bool(use_cache),")
    files = _project(tmp_path, changed)
    request = files["app/request.py"]
    rows = accounted(tmp_path, "workflows.use_cache")
    assert ("app/request.py", *at(request, "^use_cache: bool"), "unexplained") in rows


def test_a_global_instance_another_module_replaces_is_not_followed(tmp_path: Path) -> None:
    """``state.DATABASE = CloudDB(...)`` elsewhere: the method called may be another's."""
    files = _project(tmp_path)
    (tmp_path / "app/cloud.py").write_text(
        "from app import state\n\n\nclass CloudDB:\n    pass\n\n\n"
        "def setup():\n    state.DATABASE = CloudDB()\n"
    )
    request = files["app/request.py"]
    rows = accounted(tmp_path, "workflows.use_cache")
    assert ("app/request.py", *at(request, "^use_cache: bool"), "unexplained") in rows
