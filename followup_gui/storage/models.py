"""The ORM schema (SQLAlchemy 2, typed). Only ``storage`` imports this module's session side.

Every instant is a :class:`UTCDateTime`. Records a user edits carry a ``version``
column so an edit of a record changed elsewhere is detected (optimistic locking).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from followup_gui.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Current instant in UTC (the default for created/updated columns)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


interview_participants = Table(
    "interview_participant",
    Base.metadata,
    Column("interview_id", ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)


class Stage(Base):
    """A board column."""

    __tablename__ = "stage"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column("sort_order", Integer)
    terminal: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class Profile(Base):
    """The job seeker's own details (a single row, id 1)."""

    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    signature: Mapped[str] = mapped_column(Text, default="")


class Contact(Base):
    """A person met (R2): spelled right, with a title and a way to reach them."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    pronunciation: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    postal_address: Mapped[str] = mapped_column(Text, default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    met_how: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    name_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    card_image: Mapped[str] = mapped_column(String(500), default="")
    #: The UID of the vCard this contact was imported from ("" when none):
    #: importing that card again updates this contact.
    vcard_uid: Mapped[str] = mapped_column(String(255), default="", server_default="", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Application(Base):
    """One job application: a card on the board."""

    __tablename__ = "application"
    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    stage_key: Mapped[str] = mapped_column(ForeignKey("stage.key", onupdate="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    posting_url: Mapped[str] = mapped_column(String(1000), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    salary_notes: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    decision_expected: Mapped[date | None] = mapped_column(Date, nullable=True)
    playbook: Mapped[str] = mapped_column(String(32), default="balanced")
    notes: Mapped[str] = mapped_column(Text, default="")
    primary_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="Interview.starts_at",
        passive_deletes=True,
    )
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="Attempt.at",
        passive_deletes=True,
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="FollowUp.due_at",
        passive_deletes=True,
    )
    primary_contact: Mapped[Contact | None] = relationship(foreign_keys=[primary_contact_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Interview(Base):
    """An interview and who took part."""

    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    format: Mapped[str] = mapped_column(String(16), default="video")
    location: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="interviews")
    participants: Mapped[list[Contact]] = relationship(
        secondary=interview_participants, order_by="Contact.id"
    )


class FollowUp(Base):
    """A planned step, with the state a user gives it (snooze, done, skipped)."""

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("application_id", "key", name="uq_follow_up_app_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True
    )
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(index=True)
    window_end: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    snoozed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    notified_at: Mapped[datetime | None] = mapped_column(nullable=True)
    rules: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="follow_ups")
    contact: Mapped[Contact | None] = relationship()


class Attempt(Base):
    """What the user actually did to reach someone, and how it went."""

    __tablename__ = "attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    decision_date: Mapped[date | None] = mapped_column(Date, nullable=True)

    application: Mapped[Application] = relationship(back_populates="attempts")
    contact: Mapped[Contact | None] = relationship()


class Attachment(Base):
    """A file kept with an application: a resume or cover-letter version, a posting snapshot.

    The file itself is a copy in the data folder's ``attachments`` folder, named
    ``stored_name``; ``original_name`` is what the user picked.
    """

    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    stored_name: Mapped[str] = mapped_column(String(255), unique=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailSent(Base):
    """An email FollowUp sent (or is sending) for a step: its Message-ID, for threads and retries.

    ``status`` is ``sending`` from before the SMTP conversation until the server
    accepted it, then ``sent``: a retry of a ``sending`` one looks in the Sent
    folder for its Message-ID first, so nothing is sent twice.
    """

    __tablename__ = "mail_sent"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(500), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="sending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


class MailFolder(Base):
    """How far a folder of the mail account was read: UIDVALIDITY and the last UID seen."""

    __tablename__ = "mail_folder"
    __table_args__ = (UniqueConstraint("account", "folder", name="uq_mail_folder_account"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(500))
    folder: Mapped[str] = mapped_column(String(500))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailProposal(Base):
    """A message that looks like news on an application, waiting for the user's accept.

    Only what the proposal shows is kept: who wrote, when, the subject and the
    first ~300 characters. Accepted or dismissed, the text is forgotten and only
    the Message-ID stays, so a later sync does not propose it again.
    """

    __tablename__ = "mail_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(500), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), nullable=True
    )
    sender: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime] = mapped_column()
    subject: Mapped[str] = mapped_column(String(500), default="")
    snippet: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(String(16))
    matched_by: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
