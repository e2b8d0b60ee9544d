"""Is it too soon to log this? An outcome logged out of order is asked about first.

Logging a call a week before the planned call, before the employer's decision
date, or a thank-you before the interview has ended is most likely a slip (the
wrong row, the wrong card), and when it is not, the plan should hear about it
knowingly. :func:`out_of_order` says what is out of order, or ``None``; the view
asks the question and logs only on a yes.

News is never out of order: a rejection or an offer is logged whenever it comes,
and so is a feedback request (it answers a rejection already logged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpKind, Outcome, require_aware
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Outcomes that are news, logged whenever they come.
NEWS: frozenset[Outcome] = frozenset({Outcome.REJECTED, Outcome.FILLED, Outcome.OFFER})
#: Steps whose timing is the point: doing them a day early or more is asked about.
TIMED: frozenset[FollowUpKind] = frozenset({FollowUpKind.CALL, FollowUpKind.STATUS_EMAIL})
THANKS: frozenset[FollowUpKind] = frozenset(
    {FollowUpKind.THANK_YOU_EMAIL, FollowUpKind.THANK_YOU_CARD}
)


class Problem(StrEnum):
    """What is out of order."""

    #: A call before the employer's decision date (R3, R5).
    BEFORE_DECISION = "before_decision"
    #: A call or status email on a day before the one it is planned for (R5, R9).
    EARLY = "early"
    #: A thank-you before the interview it thanks for has ended (R4).
    BEFORE_INTERVIEW = "before_interview"


@dataclass(frozen=True, slots=True)
class OutOfOrder:
    """Why logging now is out of order, with what the question names.

    Attributes:
        problem: what is out of order.
        kind: the step's kind (a :class:`FollowUpKind` value).
        who: the person the step is for, if the plan names one.
        planned: when the step is due (employer's zone).
        decision: the employer's decision date, for ``BEFORE_DECISION``.
        interview_end: when the interview ends, for ``BEFORE_INTERVIEW``.
        days_early: whole days between today and the planned day (employer's zone).
    """

    problem: Problem
    kind: str
    who: str | None
    planned: datetime
    decision: date | None = None
    interview_end: datetime | None = None
    days_early: int = 0


def out_of_order(
    db: Database, follow_up_id: int, outcome: Outcome | None, now: datetime
) -> OutOfOrder | None:
    """Whether logging ``outcome`` on the follow-up at ``now`` is out of order.

    Args:
        db: the database.
        follow_up_id: the step about to be logged.
        outcome: how it went (``None`` for a "move on" step: never out of order).
        now: the clock.

    Returns:
        What to ask about, or ``None`` when logging now is in order (also when
        the step is gone: logging it then says so).
    """
    require_aware(now, "now")
    if outcome is None or outcome in NEWS:
        return None
    with db.read() as session:
        row = session.get(m.FollowUp, follow_up_id)
        if row is None:
            return None
        kind = FollowUpKind(row.kind)
        app = row.application
        tz = ZoneInfo(app.timezone)
        who = row.contact.full_name if row.contact is not None else None
        planned = row.due_at.astimezone(tz)
        today = now.astimezone(tz).date()
        if kind in THANKS:
            end = _interview_end(session, app.id, row.key)
            if end is not None and now < end:
                return OutOfOrder(
                    Problem.BEFORE_INTERVIEW, kind.value, who, planned, interview_end=end
                )
            return None
        if kind not in TIMED or today >= planned.date():
            return None
        days = (planned.date() - today).days
        decision = _decision_date(app)
        if kind == FollowUpKind.CALL and decision is not None and today <= decision:
            return OutOfOrder(
                Problem.BEFORE_DECISION, kind.value, who, planned, decision, days_early=days
            )
        return OutOfOrder(Problem.EARLY, kind.value, who, planned, days_early=days)


def _interview_end(session: Session, app_id: int, key: str) -> datetime | None:
    """The end of the interview a thank-you step (``thanks:<how>:<who>:<interview>``) is for."""
    parts = key.split(":")
    if len(parts) != 4 or not parts[3].isdigit():
        return None
    return session.scalar(
        select(m.Interview.ends_at).where(
            m.Interview.id == int(parts[3]), m.Interview.application_id == app_id
        )
    )


def _decision_date(app: m.Application) -> date | None:
    """The latest decision date known: the application's or one given on a call."""
    dates = [a.decision_date for a in app.attempts if a.decision_date is not None]
    if app.decision_expected is not None:
        dates.append(app.decision_expected)
    return max(dates, default=None)
