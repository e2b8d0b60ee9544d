"""Value objects and enumerations of the follow-up domain (see DOMAIN rules R1-R12).

These are the planner's inputs and outputs and the words the storage layer stores.
Identifiers are strings here, whatever the database uses, so the planner and the
scripts never depend on storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class AttemptKind(StrEnum):
    """What the user actually did to reach someone."""

    THANK_YOU_EMAIL = "thank_you_email"
    THANK_YOU_CARD = "thank_you_card"
    CALL = "call"
    STATUS_EMAIL = "status_email"
    FEEDBACK_REQUEST = "feedback_request"


class FollowUpKind(StrEnum):
    """What the planner suggests doing next; ``move_on`` is the R10 stop sign."""

    THANK_YOU_EMAIL = "thank_you_email"
    THANK_YOU_CARD = "thank_you_card"
    CALL = "call"
    STATUS_EMAIL = "status_email"
    FEEDBACK_REQUEST = "feedback_request"
    MOVE_ON = "move_on"


ATTEMPT_KINDS: frozenset[str] = frozenset(k.value for k in AttemptKind)


class Outcome(StrEnum):
    """How an attempt went; each outcome re-plans what follows."""

    SENT = "sent"
    SPOKE = "spoke"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    REJECTED = "rejected"
    OFFER = "offer"
    FILLED = "filled"


class FollowUpStatus(StrEnum):
    """Life cycle of a stored follow-up."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class PlaybookName(StrEnum):
    """The three named playbooks of DOMAIN.md; ``balanced`` is the default."""

    GENTLE = "gentle"
    BALANCED = "balanced"
    PERSISTENT = "persistent"


class InterviewFormat(StrEnum):
    """How an interview took place."""

    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"


@dataclass(frozen=True, slots=True)
class StageDef:
    """One column of the board.

    Attributes:
        key: stable identifier stored with each application.
        title: what the user sees.
        order: position of the column, left to right.
        terminal: the search ends here (offer, rejected, no response).
    """

    key: str
    title: str
    order: int
    terminal: bool = False


DEFAULT_STAGES: tuple[StageDef, ...] = (
    StageDef("wishlist", "Wishlist", 0),
    StageDef("applied", "Applied", 1),
    StageDef("interview_scheduled", "Interview scheduled", 2),
    StageDef("interviewed", "Interviewed", 3),
    StageDef("following_up", "Following up", 4),
    StageDef("offer", "Offer", 5, terminal=True),
    StageDef("rejected", "Rejected", 6, terminal=True),
    StageDef("no_response", "No response", 7, terminal=True),
)
TERMINAL_STAGES: frozenset[str] = frozenset(s.key for s in DEFAULT_STAGES if s.terminal)


def require_aware(value: datetime, where: str = "time") -> datetime:
    """Return ``value`` unchanged if it carries a UTC offset.

    Raises:
        ValueError: for a naive datetime, which would be ambiguous to store.
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{where} has no time zone: {value.isoformat()}")
    return value


@dataclass(frozen=True, slots=True)
class Profile:
    """The job seeker's own details, used by the scripts (R1)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    signature: str = ""


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """A person met, as the planner and the scripts see them (R2, R4)."""

    id: str
    full_name: str
    title: str = ""
    company: str = ""
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""
    name_confirmed: bool = False


@dataclass(frozen=True, slots=True)
class InterviewFacts:
    """One interview: when it was and who was in the room."""

    id: str
    starts_at: datetime
    ends_at: datetime
    participant_ids: tuple[str, ...] = ()
    format: InterviewFormat = InterviewFormat.VIDEO
    location: str = ""


@dataclass(frozen=True, slots=True)
class AttemptFacts:
    """What was actually done, and how it went.

    Attributes:
        decision_date: a new decision date the employer gave on this attempt
            (for ``spoke``), which moves the next check after it (R5, R9).
    """

    contact_id: str | None
    kind: AttemptKind
    at: datetime
    outcome: Outcome
    notes: str = ""
    decision_date: date | None = None


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """Everything the planner needs to know about one application.

    Attributes:
        stage: key of the board column the card is in.
        timezone: IANA name of the employer's time zone; calls are planned in it.
        primary_contact_id: who receives the call sequence (default: the first
            interviewer of the first interview).
        snoozes: planned-item key -> instant before which it is not due.
        resolved: planned-item keys the user marked done or skipped.
        stage_terminal: the card's column ends the search (a column the user
            marked so, such as "Withdrawn", plans nothing).
        applied_at: when the user applied (the card's creation; a CSV import
            stores its "applied on" date there); ``None`` when unknown.
    """

    id: str
    company: str
    role: str
    stage: str
    timezone: str
    playbook: PlaybookName = PlaybookName.BALANCED
    decision_expected: date | None = None
    interviews: tuple[InterviewFacts, ...] = ()
    attempts: tuple[AttemptFacts, ...] = ()
    contacts: Mapping[str, ContactFacts] = field(default_factory=dict)
    primary_contact_id: str | None = None
    snoozes: Mapping[str, datetime] = field(default_factory=dict)
    resolved: frozenset[str] = frozenset()
    applied_at: datetime | None = None
    stage_terminal: bool = False


@dataclass(frozen=True, slots=True)
class PlannedFollowUp:
    """One step of the plan.

    Attributes:
        key: stable identity across re-plans (e.g. ``thanks:email:<contact>:<interview>``,
            ``call:2``), so stored state such as snoozes and reminders survives.
        due: when to do it (timezone-aware).
        window_end: the latest good moment (timezone-aware, >= due).
        rules: DOMAIN rule ids behind it, e.g. ``("R5", "R6")``; ``X1``-style
            ids are general practice beyond the coaches' rules.
        reason: one line a user understands.
        floating: the due time was counted from ``now`` because the moment the
            step answers is not on record (a card dragged to Rejected without
            a logged outcome): the re-plan keeps the due time it stored first,
            so the step does not move on at every re-plan.
    """

    key: str
    kind: FollowUpKind
    contact_id: str | None
    contact_name: str | None
    due: datetime
    window_end: datetime
    rules: tuple[str, ...]
    reason: str
    floating: bool = False
