from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task

from app.models import Task

logger = logging.getLogger(__name__)


@shared_task(name="taskboard.send_reminder")
def send_reminder(task_id: int) -> None:
    logger.info("sending reminder for task %s", task_id)


def schedule_reminder(task: Task, replaces: datetime | None = None) -> None:
    if replaces is not None:
        logger.info("eta changed; revoking the reminder planned for %s", replaces)  # expect-not
    # Celery's own ``eta`` option: when the broker should deliver the message.  # expect-not
    send_reminder.apply_async(args=[task.id], eta=task.eta - timedelta(hours=1))  # expect: CR103 certain; expect-not


def format_eta(eta: datetime | None) -> str:  # expect-not
    if eta is None:  # expect-not
        return "no estimate"
    return eta.strftime("%d %b %H:%M")  # expect-not
