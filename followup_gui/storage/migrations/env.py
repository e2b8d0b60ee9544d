"""Alembic environment: runs on the connection FollowUp hands over (never from a .ini)."""

from __future__ import annotations

from alembic import context

from followup_gui.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: copy-and-move tables in batch mode.
    render_as_batch=True,
    compare_type=True,
)
context.run_migrations()
