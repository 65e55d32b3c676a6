from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str = os.environ.get("DATABASE_URL", "sqlite:///taskboard.db")
    # Celery option, not a column: how long a reminder may wait before it is dropped.
    reminder_eta_grace_seconds: int = 900  # expect-not
    broker_url: str = os.environ.get("BROKER_URL", "redis://localhost:6379/0")


settings = Settings()
