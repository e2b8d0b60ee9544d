"""Alembic migration scripts (run from code at start-up)."""
