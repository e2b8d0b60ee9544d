"""What a JSON import reports, the storage checks of a document, and its profile and stages.

Shared by the whole-file import (``backup.py``) and the streamed one (``stream.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.services.changes import EVERYTHING, Changes
from followup_gui.services.interchange.json.format import Document
from followup_gui.storage import models as m
from followup_gui.storage.limits import check_values


@dataclass(frozen=True)
class ImportReport:
    """What an import added.

    Attributes:
        changes: an import may add contacts, applications, stages and the
            profile, and re-plans what it added: everything.
    """

    contacts: int
    applications: int
    interviews: int
    attempts: int
    changes: Changes = EVERYTHING
    #: Planner settings the file carried: the caller stores them (the plan was
    #: already made with them).
    settings: Mapping[str, str | int | bool] = field(default_factory=dict)


def check_lengths(doc: Document, first_contact: int = 0, first_application: int = 0) -> None:
    """Refuse text the database cannot keep: too long, or a line break in a one-line field.

    The same on SQLite and PostgreSQL (``storage.limits.check_values``).

    Raises:
        ImportFileError: names the record and field.
    """
    checks: list[tuple[str, type[m.Base], dict[str, object]]] = []
    if doc.profile is not None:
        checks.append(("profile", m.Profile, dict(doc.profile)))
    for i, st in enumerate(doc.stages):
        checks.append((f"stages[{i}]", m.Stage, {"key": st.key, "title": st.title}))
    for i, c in enumerate(doc.contacts, start=first_contact):
        checks.append((f"contacts[{i}]", m.Contact, {"full_name": c.full_name, **c.fields}))
    for i, a in enumerate(doc.applications, start=first_application):
        where = f"applications[{i}] ({a.company[:40]})"
        values = {"company": a.company, "stage_key": a.stage, "timezone": a.timezone, **a.fields}
        checks.append((where, m.Application, values))
        for j, iv in enumerate(a.interviews):
            checks.append((f"{where}.interviews[{j}]", m.Interview, dict(iv.fields)))
        for j, f in enumerate(a.follow_ups):
            values = {"key": f.key, "rules": f.rules, "reason": f.reason}
            checks.append((f"{where}.follow_ups[{j}]", m.FollowUp, values))
    names = {"full_name": "name", "stage_key": "stage"}
    for where, model, values in checks:
        check_values(model, values, where, names)


def write_profile_and_stages(session: Session, doc: Document) -> None:
    """Fill the profile's empty fields and add the document's unknown stages."""
    if doc.profile is not None:
        profile = session.get(m.Profile, 1) or m.Profile(id=1)
        for key, value in doc.profile.items():
            if value:
                setattr(profile, key, value)
        session.add(profile)
    existing = {s.key: s for s in session.scalars(select(m.Stage))}
    for st in doc.stages:
        if st.key not in existing:
            session.add(
                m.Stage(
                    key=st.key,
                    title=st.title,
                    order=st.order,
                    terminal=st.terminal,
                    hidden=st.hidden,
                )
            )
    session.flush()
