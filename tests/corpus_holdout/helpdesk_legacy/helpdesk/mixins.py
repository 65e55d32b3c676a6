import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer


class ArchiveMixin(object):
    """Soft deletion shared by tickets and comments."""

    archived_at = Column(DateTime, nullable=True)
    archived_by = Column(Integer, ForeignKey("users.id"), nullable=True)  # expect[tickets.archived_by]: CR101 certain

    def archive(self, user):
        self.archived_at = datetime.datetime.utcnow()
        self.archived_by = user.id  # expect[tickets.archived_by]: CR103 certain

    @property
    def is_archived(self):
        return self.archived_at is not None


class TimestampMixin(object):
    created_at = Column(DateTime, default=datetime.datetime.utcnow, nullable=False)
    updated_at = Column(DateTime, onupdate=datetime.datetime.utcnow)
