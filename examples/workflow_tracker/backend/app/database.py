"""Engine and sessions. The database is named by DATABASE_URL, else backend/workflow.db."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

BACKEND_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{BACKEND_DIR / 'workflow.db'}"


def database_url() -> str:
    """The URL from the environment, else the SQLite file beside the backend."""
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # FastAPI runs sync endpoints in a thread pool.
        return {"connect_args": {"check_same_thread": False}}
    return {"pool_pre_ping": True}


DATABASE_URL = database_url()
engine = create_engine(DATABASE_URL, **engine_options(DATABASE_URL))
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_db() -> Iterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards."""
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
