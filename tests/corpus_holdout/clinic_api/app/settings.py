import os

DATABASE_URL = os.environ.get("CLINIC_DATABASE_URL", "postgresql+psycopg://clinic@localhost/clinic")
DEFAULT_SLOT_MINUTES = int(os.environ.get("CLINIC_DEFAULT_SLOT", "15"))
