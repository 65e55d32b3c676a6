"""A copy of a Pydantic schema's dump (``service_copy = copy.deepcopy(service.dict())``)
spread into the model's constructor (``TopologyService(**service_copy, tenant_id=...)``)
gives the model the schema's fields under their names, as the dump itself does: the schema
mirrors the model. Anything else made of the dump proves nothing."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from pydantic import BaseModel
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class TopologyService(Base):
        __tablename__ = "topologyservice"
        id = Column(Integer, primary_key=True)
        tenant_id = Column(String)
        service = Column(String)
        application = Column(String)


    class TopologyServiceInDto(BaseModel):
        service: str
        application: Optional[str] = None
        dependencies: dict[str, str] = {}
"""

TASK = """
    import copy

    from app.models import TopologyService, TopologyServiceInDto


    def process(session, tenant_id, topology_data: list[TopologyServiceInDto]):
        for service in topology_data:
            service_copy = copy.deepcopy(service.dict())
            service_copy.pop("dependencies")
            session.add(TopologyService(**service_copy, tenant_id=tenant_id))
"""


def test_a_copy_of_the_dump_spread_into_the_model_mirrors_it(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/task.py": TASK})
    models = files["app/models.py"]
    rows = accounted(tmp_path, "topologyservice.application")
    assert ("app/models.py", *at(models, "^application: Optional"), "CR105 certain") in rows


def test_another_function_of_the_dump_proves_nothing(tmp_path: Path) -> None:
    """``summarise(service.dict())`` may give back anything."""
    task = TASK.replace("copy.deepcopy(service.dict())", "summarise(service.dict())")
    task = task.replace("import copy\n", "from app.models import summarise\n")
    models_text = MODELS + "\n\ndef summarise(data):\n    return {}\n"
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": models_text, "app/task.py": task}
    )
    models = files["app/models.py"]
    rows = accounted(tmp_path, "topologyservice.application")
    assert ("app/models.py", *at(models, "^application: Optional"), "unexplained") in rows
