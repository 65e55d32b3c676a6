# colretire-holdout: tasks.eta
"""Taskboard: projects, milestones and tasks behind a FastAPI service."""
