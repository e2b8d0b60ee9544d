"""The call sequence of one application: when to call next, or when to stop (R5-R10).

One sequence per application, to its primary contact when they have a phone
(else as :func:`~followup_gui.scheduling.reach.call_route` says: another person
met with a phone, or a status email). Each logged call outcome
re-plans the next step ("Outcomes drive the plan" in DOMAIN.md):

- ``voicemail``: wait the playbook's voicemail wait (one week, two for
  Persistent); counts as an attempt and against the voicemail limit (R8, R9).
- ``no_answer``: the next call day; counts as an attempt (R9).
- ``spoke``: movement. Attempt and voicemail counters start again (R9 limits
  calls "with no movement"); the next check follows the decision date if one is
  known and not yet past, else the playbook's spacing (R5, R9).
- any other outcome on a call (``sent``): counts as an attempt, playbook spacing.

A planned call whose key the user marked resolved without logging a call counts
as an attempt without an outcome made at its due time (the limit still bounds
how often we ask), followed by the playbook's spacing.

When a decision date is known, no call is planned before the "reasonable period"
after it (R3, R5), whatever step led to it. Limits reached without movement
give a single ``move_on`` suggestion, due when the next call would have been, so
a returned call still has a chance (R10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain.values import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    FollowUpKind,
    InterviewFacts,
    Outcome,
    PlannedFollowUp,
    require_aware,
)
from followup_gui.scheduling.calendar import (
    add_absolute,
    add_business_days,
    business_close,
    call_day_start,
    is_holiday,
    next_call_slot,
)
from followup_gui.scheduling.playbooks import Playbook
from followup_gui.scheduling.reach import Route
from followup_gui.scheduling.settings import PlannerSettings

MOVE_ON_KEY = "move_on"
# How long the "move on" suggestion stays fresh before it shows as overdue.
_MOVE_ON_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class _Step:
    """The earliest next call and why."""

    due: datetime
    rules: tuple[str, ...]
    reason: str
    since: date | None = None  # the day the wait was counted from


def passed_since(business_days: int, event: str) -> str:
    """Say that a span has passed since ``event`` ("a week has passed since your interview")."""
    if business_days == 5:
        return f"a week has passed since {event}"
    if business_days == 10:
        return f"two weeks have passed since {event}"
    if business_days == 1:
        return f"a business day has passed since {event}"
    return f"{business_days} business days have passed since {event}"


def decision_date_of(app: ApplicationFacts) -> date | None:
    """Return the decision date the employer gave last (R3, R5).

    A date given on a call (the newest call that gave one) wins over the one the
    application was entered with, earlier or later: what they said last counts.
    Without one, the application's date.
    """
    given = [a for a in app.attempts if a.decision_date is not None]
    if given:
        return max(given, key=lambda a: a.at).decision_date
    return app.decision_expected


def call_who(app: ApplicationFacts, contact_id: str | None) -> str:
    """Name the person to call, or the team when nobody is known."""
    contact = app.contacts.get(contact_id) if contact_id is not None else None
    if contact is not None and contact.full_name:
        return contact.full_name
    return f"the hiring team at {app.company}" if app.company else "the hiring team"


@dataclass(frozen=True, slots=True)
class CallPlanner:
    """Plans the next call of one application.

    Attributes:
        app: the application.
        tz: the employer's time zone.
        settings: business hours and holidays.
        playbook: timing and limits.
        route: who receives the calls, and whether they are calls or emails.
    """

    app: ApplicationFacts
    tz: ZoneInfo
    settings: PlannerSettings
    playbook: Playbook
    route: Route

    @property
    def contact_id(self) -> str | None:
        """Who receives the sequence (``None``: the hiring team)."""
        return self.route.contact_id

    def plan(self, last_interview: InterviewFacts) -> list[PlannedFollowUp]:
        """Return the next call, a ``move_on`` suggestion, or nothing.

        Args:
            last_interview: the interview the sequence follows; calls logged
                before its start belong to an earlier round and are not counted
                against the limits.
        """
        calls = sorted(
            (a for a in self.app.attempts if a.kind == AttemptKind.CALL), key=lambda a: a.at
        )
        number = len(calls)  # the next call is call:<number + 1>
        step = self._first_call(last_interview.ends_at)
        attempts = voicemails = 0
        for call in (c for c in calls if c.at >= last_interview.starts_at):
            if call.outcome == Outcome.SPOKE:
                attempts = voicemails = 0
                step = self._after_spoke(call)
                continue
            attempts += 1
            if call.outcome == Outcome.VOICEMAIL:
                voicemails += 1
                step = self._after_voicemail(call.at)
            elif call.outcome == Outcome.NO_ANSWER:
                step = self._after_no_answer(call.at)
            else:
                step = self._after_spacing(call.at, "your last call")
        while True:
            if attempts >= self.playbook.max_attempts or voicemails >= self.playbook.max_voicemails:
                return self._move_on(step, attempts, voicemails)
            key = f"call:{number + 1}"
            due = self._snoozed(key, self._with_decision_floor(step).due)
            if key not in self.app.resolved:
                return [self._call(key, step, due)]
            # Marked done or skipped without a logged call: an attempt without an outcome.
            number += 1
            attempts += 1
            step = self._after_spacing(due, "your last planned call")

    # -- steps -----------------------------------------------------------------

    def _day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _start_after(self, moment: datetime, business_days: int) -> datetime:
        day = add_business_days(self._day_of(moment), business_days, self.settings)
        return call_day_start(day, self.tz, self.settings)

    def _first_call(self, interview_end: datetime) -> _Step:
        days = self.playbook.first_call_business_days
        return _Step(
            self._start_after(interview_end, days),
            ("R5", "R6"),
            passed_since(days, "your interview"),
            self._day_of(interview_end),
        )

    def _after_voicemail(self, at: datetime) -> _Step:
        days = self.playbook.voicemail_wait_business_days
        return _Step(
            self._start_after(at, days),
            ("R6", "R8", "R9"),
            passed_since(days, "your voicemail"),
            self._day_of(at),
        )

    def _after_no_answer(self, at: datetime) -> _Step:
        return _Step(
            self._start_after(at, 1),
            ("R6", "R9"),
            "nobody answered last time, so try again the next business day",
            self._day_of(at),
        )

    def _after_spacing(self, at: datetime, since: str) -> _Step:
        days = self.playbook.spacing_business_days
        return _Step(
            self._start_after(at, days), ("R6", "R9"), passed_since(days, since), self._day_of(at)
        )

    def _after_spoke(self, call: AttemptFacts) -> _Step:
        decision = decision_date_of(self.app)
        if decision is None or decision < self._day_of(call.at):
            return self._after_spacing(call.at, "you last spoke")
        # The decision floor (applied to every step) moves it past the decision date.
        return self._after_no_answer(call.at)

    def _with_decision_floor(self, step: _Step) -> _Step:
        decision = decision_date_of(self.app)
        if decision is None:
            return step
        grace = self.playbook.decision_grace_business_days
        day = add_business_days(decision, grace, self.settings)
        floor = call_day_start(day, self.tz, self.settings)
        if floor <= step.due:
            return step
        # The date itself is on the timeline, written as the app writes dates.
        return _Step(
            floor,
            ("R3", "R5", "R6"),
            passed_since(grace, "the date they said they would decide"),
            decision,
        )

    def _closed_since(self, step: _Step) -> bool:
        """Whether a holiday or bridge day on a weekday moved the step later (X2)."""
        if step.since is None:
            return False
        day, last = step.since + timedelta(days=1), self._day_of(step.due)
        while day < last:
            if day.weekday() < 5 and is_holiday(day, self.settings):
                return True
            day += timedelta(days=1)
        return False

    def _snoozed(self, key: str, due: datetime) -> datetime:
        until = self.app.snoozes.get(key)
        if until is not None and require_aware(until, f"snooze of {key}") > due:
            return next_call_slot(until, self.tz, self.settings)
        return due

    # -- planned items ---------------------------------------------------------

    def _call(self, key: str, step: _Step, due: datetime) -> PlannedFollowUp:
        step = self._with_decision_floor(step)
        who = call_who(self.app, self.contact_id)
        again = "" if key == "call:1" else " again"
        snoozed = " (snoozed)" if due > step.due else ""
        verb = "Call" if self.route.kind == FollowUpKind.CALL else "Email"
        note = f". {self.route.note}" if self.route.note else ""
        return PlannedFollowUp(
            key=key,
            kind=self.route.kind,
            contact_id=self.contact_id,
            contact_name=self._name(),
            due=due,
            window_end=business_close(due, self.tz, self.settings),
            rules=step.rules + (("X2",) if self._closed_since(step) else ()),
            # A sentence: the rule ids are in ``rules`` (the GUI's "why?").
            reason=f"{verb} {who}{again} to ask where they are in the process: "
            f"{step.reason}{note}{snoozed}",
        )

    def _move_on(self, step: _Step, attempts: int, voicemails: int) -> list[PlannedFollowUp]:
        if MOVE_ON_KEY in self.app.resolved:
            return []
        due = step.due
        until = self.app.snoozes.get(MOVE_ON_KEY)
        if until is not None and require_aware(until, f"snooze of {MOVE_ON_KEY}") > due:
            due = until.astimezone(self.tz)
        if voicemails >= self.playbook.max_voicemails:
            what, rules = f"{voicemails} voicemails without a call back", ("R8", "R10")
        else:
            what, rules = f"{attempts} calls without an answer", ("R9", "R10")
        return [
            PlannedFollowUp(
                key=MOVE_ON_KEY,
                kind=FollowUpKind.MOVE_ON,
                contact_id=self.contact_id,
                contact_name=self._name(),
                due=due,
                window_end=add_absolute(due, _MOVE_ON_WINDOW),
                rules=rules,
                reason=f"Time to move on: {what}, so move the card to No response "
                "and let the process play out",
            )
        ]

    def _name(self) -> str | None:
        contact = self.app.contacts.get(self.contact_id) if self.contact_id else None
        return contact.full_name if contact is not None else None


def primary_contact(app: ApplicationFacts, interviews: Sequence[InterviewFacts]) -> str | None:
    """Return who receives calls: the chosen primary contact, else the first interviewer."""
    if app.primary_contact_id is not None:
        return app.primary_contact_id
    for interview in interviews:
        if interview.participant_ids:
            return interview.participant_ids[0]
    return None
