"""The sync tables (issue 21): what FollowUp put on a CalDAV/CardDAV server, and proposals.

Kept apart from :mod:`.models` so the sync feature stays in its own files. The rows
name applications, follow-up steps and contacts by plain ids (no foreign keys):
a sync row must outlive what it names, so the next sync can remove the server's
copy of a deleted application's steps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from followup_gui.storage.models import Base, utcnow


class _ServerCopy:
    """What FollowUp knows of one object it keeps on the server (a mixin of the two tables).

    Attributes:
        collection: the calendar's or address book's URL.
        uid: the object's UID (stable: ids and keys, or the phone's own for a linked card).
        href: where the object lives on the server.
        etag: its entity tag when FollowUp last wrote or read it.
        fingerprint: a hash of what FollowUp last wrote (a change means "write again").
        state: ``synced``; ``linked`` (a card the phone had first); ``gone`` (deleted
            on the server, a proposal is open).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    collection: Mapped[str] = mapped_column(String(1000))
    uid: Mapped[str] = mapped_column(String(300))
    href: Mapped[str] = mapped_column(String(1000))
    etag: Mapped[str] = mapped_column(String(300), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16), default="synced")


class SyncItem(_ServerCopy, Base):
    """One follow-up step as FollowUp last put it on the calendar.

    Attributes:
        pushed_due: the due time FollowUp last wrote (a different one came from the phone).
    """

    __tablename__ = "sync_item"
    __table_args__ = (UniqueConstraint("collection", "uid", name="uq_sync_item_collection_uid"),)
    application_id: Mapped[int] = mapped_column(Integer)
    step_key: Mapped[str] = mapped_column(String(200))
    pushed_due: Mapped[datetime | None] = mapped_column(nullable=True)


class SyncCard(_ServerCopy, Base):
    """One contact as FollowUp last put it in the address book."""

    __tablename__ = "sync_card"
    __table_args__ = (UniqueConstraint("collection", "uid", name="uq_sync_card_collection_uid"),)
    contact_id: Mapped[int] = mapped_column(Integer)


class SyncProposal(Base):
    """Something the phone did that FollowUp asks about before it changes the plan.

    Attributes:
        kind: ``completed`` (a call done on the phone), ``deleted`` (a step deleted
            there), ``contact_deleted``, ``contact_conflict``.
        title: what the Agenda shows, e.g. "Done on your phone: how did it go?".
        detail: what answering needs (the step's key, both versions of a contact).
        status: ``open``, ``accepted`` or ``dismissed``.
    """

    __tablename__ = "sync_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    application_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    follow_up_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contact_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
