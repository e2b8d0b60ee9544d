"""The job seeker's own details (R1), used by every script; re-planning after new settings.

Both writes return what they changed (:class:`~followup_gui.services.changes.Changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from followup_gui.domain import Profile
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m


def load_profile(db: Database) -> Profile:
    """The stored profile (empty fields when never filled)."""
    with db.read() as session:
        row = session.get(m.Profile, 1)
        if row is None:
            return Profile()
        return Profile(name=row.name, phone=row.phone, email=row.email, signature=row.signature)


def save_profile(db: Database, profile: Profile) -> Changes:
    """Store the profile in one transaction.

    Returns:
        The profile as changed, or nothing when the stored values were the same.
    """
    with db.write() as session:
        row = session.get(m.Profile, 1) or m.Profile(id=1)
        before = (row.name, row.phone, row.email, row.signature)
        row.name, row.phone = profile.name.strip(), profile.phone.strip()
        row.email, row.signature = profile.email.strip(), profile.signature
        session.add(row)
        after = (row.name, row.phone, row.email, row.signature)
    return Changes(profile=True) if after != before else NOTHING


def replan_everything(
    db: Database,
    now: datetime,
    settings: PlannerSettings,
    progress: Callable[[int, int], None] | None = None,
) -> Changes:
    """Re-plan every application (after the planner settings changed), in one transaction.

    An exception ``progress`` raises (a cancel) rolls the whole re-plan back.

    Returns:
        The plans of the applications re-planned as changed, or nothing when the
        re-plan added, moved and cancelled nothing.
    """
    with db.write() as session:
        done = replan_all(session, now, settings, progress=progress)
    if not (done.added or done.updated or done.cancelled):
        return NOTHING
    return ch.plans(done.application_ids)


def application_count(db: Database) -> int:
    """How many applications there are (to size a re-plan before starting it)."""
    from sqlalchemy import func, select

    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(m.Application)) or 0)
