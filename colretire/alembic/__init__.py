"""Alembic integration: the drop guard and the revisions colretire writes.

Imported on demand; the core never imports it (see tests/core/test_architecture.py).
"""
