"""The FastAPI application: every router, and a health check."""

from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.routers import (
    dashboard_router,
    performance_router,
    reports_router,
    supervisor_router,
    tasks_router,
)

app = FastAPI(title="Workflow Tracker", version="0.1.0")

app.include_router(tasks_router.router)
app.include_router(supervisor_router.router)
app.include_router(performance_router.router)
app.include_router(reports_router.router)
app.include_router(dashboard_router.router)


@app.get("/health")
def health(db: Annotated[Session, Depends(get_db)]) -> dict[str, str]:
    """Up, and the database answers."""
    db.execute(select(1))
    return {"status": "ok", "database": "ok"}
