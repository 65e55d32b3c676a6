"""flask --app app school archive-stale"""
from datetime import datetime, timedelta, timezone

import click
from flask import Flask

from app.extensions import db
from app.models import Course


def register(app: Flask) -> None:
    @app.cli.command("archive-stale")
    @click.option("--days", default=365)
    def archive_stale(days: int) -> None:
        cutoff = datetime.now(timezone.utc) - timedelta(days=days)
        stale: list[Course] = Course.query.filter(Course.archived_at.is_(None)).all()  # expect[courses.archived_at]: CR102 certain
        for course in stale:
            if not course.students:
                course.archived_at = cutoff  # expect[courses.archived_at]: CR103 certain
        db.session.commit()
        click.echo(f"archived {sum(1 for c in stale if c.archived_at)} course(s)")  # expect[courses.archived_at]: CR103 certain
