from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jobs.tables import Job, Worker, jobs_table


def due(session: Session, now: datetime):
    return session.execute(select(jobs_table).where(jobs_table.c.run_at <= now)).all()  # expect: CR102 certain


def reschedule(session: Session, job_id: int, when: datetime) -> None:
    session.execute(jobs_table.update().where(jobs_table.c.id == job_id).values(run_at=when))  # expect: CR104 certain


def next_run(job: Job) -> datetime:
    return job.run_at  # expect: CR103 certain


def worker_run(worker: Worker) -> datetime:
    return worker.run_at  # expect-not


def clear(session: Session) -> None:
    session.execute(update(Job).values(run_at=None))  # expect: CR104 certain
