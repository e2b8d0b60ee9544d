"""How much the board holds, in one number (the status bar's count)."""

from __future__ import annotations

from sqlalchemy import func, select

from followup_gui.storage import Database
from followup_gui.storage import models as m


def count_applications(db: Database) -> int:
    """How many applications are stored, on every stage."""
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(m.Application)) or 0
