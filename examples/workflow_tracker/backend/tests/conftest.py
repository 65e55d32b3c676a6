"""Fixtures: the database migrated once, seeded before each test and emptied after it.

The database is DATABASE_URL when it is set (an empty database: the suite migrates it to head
and back to base), else a temporary SQLite file. The application reads DATABASE_URL when it
is first imported, so app modules are imported inside the fixtures, after the URL is settled.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

BACKEND_DIR = Path(__file__).resolve().parent.parent

SCRATCH_DIR: Path | None = None
if not os.environ.get("DATABASE_URL"):
    SCRATCH_DIR = Path(tempfile.mkdtemp(prefix="workflow-tracker-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH_DIR / 'test.db'}"


def pytest_unconfigure(config: pytest.Config) -> None:
    if SCRATCH_DIR is not None:
        shutil.rmtree(SCRATCH_DIR, ignore_errors=True)


@dataclass
class Seed:
    """Ids of the seeded rows, by name or title."""

    users: dict[str, int] = field(default_factory=dict)
    projects: dict[str, int] = field(default_factory=dict)
    milestones: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="session")
def alembic_config() -> Config:
    return Config(str(BACKEND_DIR / "alembic.ini"))


@pytest.fixture(scope="session")
def engine(alembic_config: Config) -> Iterator[Engine]:
    """The application's engine, on a database migrated to head for the whole session."""
    from app.database import engine

    command.upgrade(alembic_config, "head")
    yield engine
    engine.dispose()
    command.downgrade(alembic_config, "base")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def empty_tables(engine: Engine) -> None:
    from app.models.models_db import Base

    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    from app.database import SessionLocal

    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()
        empty_tables(engine)


@pytest.fixture
def client(db: Session) -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app) as test_client:
        yield test_client


def seed_people_and_projects(db: Session, seed: Seed) -> None:
    from app.models.models_db import Milestone, Project, User

    users = [
        User(name="Ada Admin", email="ada@example.com", role="admin"),
        User(name="Sam Supervisor", email="sam@example.com", role="supervisor"),
        User(name="Olga Operator", email="olga@example.com", role="operator", department="fab"),
        User(name="Omar Operator", email="omar@example.com", role="operator", department="filing"),
        User(name="Pia Planner", email="pia@example.com", role="planner"),
        User(name="Ivan Inactive", email="ivan@example.com", role="operator", is_active=False),
    ]
    bridge = Project(name="Bridge retrofit", client="City works", expected_completion_time=120)
    racks = Project(name="Warehouse racks", expected_completion_time=40)
    archive = Project(name="Archive migration", status="done")
    bridge.milestones = [
        Milestone(
            title="Steel cut",
            expected_completion=date(2025, 11, 1),
            expected_completion_time_minutes=600,
        ),
        Milestone(
            title="Assembly",
            expected_completion=date(2025, 12, 1),
            expected_completion_time_minutes=900,
        ),
    ]
    racks.milestones = [
        Milestone(
            title="Drawings approved",
            expected_completion=date(2025, 10, 15),
            expected_completion_time_minutes=240,
            reached_at=datetime(2025, 10, 14, 16, 0),
        )
    ]
    db.add_all([*users, bridge, racks, archive])
    db.commit()
    seed.users = {user.name.split()[0]: user.id for user in users}
    seed.projects = {project.name: project.id for project in (bridge, racks, archive)}
    seed.milestones = {m.title: m.id for m in [*bridge.milestones, *racks.milestones]}


def post(client: TestClient, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(url, json=body or {})
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def add_task(
    client: TestClient,
    seed: Seed,
    title: str,
    status: str,
    *,
    worked: int | None = None,
    **fields: Any,
) -> None:
    task_id = post(client, "/tasks", {"title": title, **fields})["id"]
    seed.tasks[title] = task_id
    if status in ("in_progress", "done"):
        post(client, f"/tasks/{task_id}/start")
    if status == "done":
        post(client, f"/tasks/{task_id}/complete", {"actual_completion_time": worked})
    if status == "blocked":
        response = client.patch(f"/tasks/{task_id}", json={"status": "blocked"})
        assert response.status_code == 200, response.text


def seed_tasks(client: TestClient, seed: Seed) -> None:
    """Tasks go through the API, the way the planners' front end creates them."""
    u = seed.users
    bridge: dict[str, Any] = {
        "project_id": seed.projects["Bridge retrofit"],
        "supervisor_id": u["Sam"],
    }
    racks: dict[str, Any] = {
        "project_id": seed.projects["Warehouse racks"],
        "supervisor_id": u["Sam"],
    }
    fab: dict[str, Any] = {**bridge, "department": "fab"}
    filing: dict[str, Any] = {**racks, "department": "filing", "assigned_to": u["Omar"]}
    steel_cut = seed.milestones["Steel cut"]

    add_task(
        client,
        seed,
        "Cut beams",
        "done",
        worked=120,
        **fab,
        assigned_to=u["Olga"],
        milestone_id=steel_cut,
        eta_minutes=90,
    )
    add_task(
        client,
        seed,
        "Weld brackets",
        "in_progress",
        **fab,
        assigned_to=u["Olga"],
        eta_minutes=60,
    )
    add_task(client, seed, "Paint frame", "todo", **fab, eta_minutes=45)
    add_task(client, seed, "File permits", "done", worked=20, **filing, eta_minutes=30)
    add_task(client, seed, "Scan drawings", "done", worked=15, **filing)
    add_task(
        client,
        seed,
        "Order bolts",
        "todo",
        **bridge,
        department="planning",
        assigned_to=u["Pia"],
        priority=1,
        eta_minutes=20,
    )
    add_task(client, seed, "Inspect welds", "blocked", **fab, assigned_to=u["Olga"])


def seed_attendance_and_files(db: Session, seed: Seed) -> None:
    from app.models.models_db import Attendance, TaskFile, utcnow

    today = utcnow().date()
    morning = datetime.combine(today, time(7, 0))
    u = seed.users
    db.add_all(
        [
            Attendance(user_id=u["Olga"], work_date=today, check_in=morning),
            Attendance(
                user_id=u["Omar"],
                work_date=today,
                check_in=morning,
                check_out=morning + timedelta(hours=4),
            ),
            Attendance(
                user_id=u["Sam"],
                work_date=today,
                check_in=morning + timedelta(minutes=40),
                status="late",
            ),
            TaskFile(
                task_id=seed.tasks["File permits"],
                filename="permit-2025-114.pdf",
                category="permits",
                filed_by=u["Omar"],
            ),
            TaskFile(task_id=seed.tasks["Cut beams"], filename="cut-list.xlsx", category="fab"),
        ]
    )
    db.commit()


@pytest.fixture
def seed(client: TestClient, db: Session) -> Seed:
    """Six people, three projects, seven tasks in every status, attendance and files."""
    seeded = Seed()
    seed_people_and_projects(db, seeded)
    seed_tasks(client, seeded)
    seed_attendance_and_files(db, seeded)
    return seeded
