"""What a thank-you promises: the next step as the plan has it, not "in about a week" (R4).

R4 says the thank-you tells when you will follow up. The plan knows when: the
next interview, when another round is scheduled; else the first call (or the
status email that stands in for it) the planner gives, which may be weeks
away when the employer named a late decision date (R3, R5). The sentence is
the ``{follow_up_promise}`` of the thank-you scripts.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_gui.domain.values import ApplicationFacts, FollowUpKind, InterviewFacts
from followup_gui.scheduling import PlannerSettings, plan
from followup_gui.scheduling.calls import decision_date_of
from followup_gui.scripts.dates import format_day

#: Said when the plan holds no next contact (an early stage, a closed process).
NO_PROMISE = "I look forward to hearing from you."


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def follow_up_promise(
    app: ApplicationFacts,
    interview: InterviewFacts,
    contact_id: str | None,
    settings: PlannerSettings,
) -> str:
    """The sentence a thank-you for ``interview`` ends with: when the next contact is.

    Args:
        app: the application, with its interviews and what was logged.
        interview: the interview thanked for.
        contact_id: who is thanked ("I will call you" only when the calls go to them).
        settings: the planner's settings (holidays move the date).
    """
    zone = _zone(app.timezone)
    # A later session the same day is thanked in the same note: the next round is another day.
    thanked_day = interview.starts_at.astimezone(zone).date()
    later = [i for i in app.interviews if i.starts_at.astimezone(zone).date() > thanked_day]
    if later:
        nxt = min(later, key=lambda i: i.starts_at).starts_at.astimezone(zone)
        return f"I look forward to the next interview on {format_day(nxt.date())}."
    ended = max(i.ends_at for i in app.interviews)
    try:
        steps = plan(app, ended, settings)
    except ValueError:
        return NO_PROMISE
    step = next((s for s in steps if s.key.startswith("call:")), None)
    if step is None:
        return NO_PROMISE
    day = format_day(step.due.astimezone(zone).date())
    if step.kind == FollowUpKind.CALL and step.contact_id == contact_id and contact_id is not None:
        action = f"I will call you on {day} to follow up."
    elif step.kind == FollowUpKind.CALL:
        action = f"I will follow up by phone on {day}."
    else:
        action = f"I will follow up on {day}."
    decision = decision_date_of(app)
    if decision is not None and "R3" in step.rules:
        return f"As you expect to decide by {format_day(decision)}, {action}"
    return action
