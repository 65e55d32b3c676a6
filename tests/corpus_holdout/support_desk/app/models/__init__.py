from app.models.base import Base
from app.models.case import Case
from app.models.lead import Lead
from app.models.source import Source

__all__ = ["Base", "Case", "Lead", "Source"]
