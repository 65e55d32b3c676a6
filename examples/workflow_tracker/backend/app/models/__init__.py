"""Database models (models_db) and the Pydantic models of task payloads (tasks_model)."""
