"""What a script is filled with: the seeker, the person met, the job and the interview.

:class:`ScriptContext` turns the domain's value objects into the named values a
template refers to (``{my_name}``, ``{interview_when}``...). Dates and times are
written out in English, in the employer's time zone, whatever the system locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_gui.domain.values import ApplicationFacts, ContactFacts, InterviewFacts, Profile
from followup_gui.scheduling.settings import DEFAULT_SETTINGS, PlannerSettings
from followup_gui.scripts.dates import format_day, format_time
from followup_gui.scripts.promise import follow_up_promise

#: Every placeholder a template may use, with what a missing value shows instead.
FIELD_MARKERS: Mapping[str, str] = {
    "my_name": "[your name]",
    "my_phone": "[your phone number]",
    "my_email": "[your email address]",
    "signature": "[your signature]",
    "contact_name": "[interviewer's name]",
    "salutation_name": "[interviewer's name]",
    "contact_title": "[interviewer's title]",
    "contact_postal_address": "[interviewer's mailing address]",
    "company": "[company]",
    "role": "[job title]",
    "interview_when": "[day and time of the interview]",
    "interview_date": "[day of the interview]",
    "interview_time": "[time of the interview]",
    "discussed": "[something you discussed]",
    "decision_date": "[date they expected to decide]",
    "follow_up_promise": "[when you will follow up]",
}

#: Placeholders that, when empty, are written with other placeholders instead of a
#: marker: no signature set means name, phone and email; no preferred name means
#: the full name.
FALLBACKS: Mapping[str, str] = {
    "signature": "{my_name}\n{my_phone}\n{my_email}",
    "salutation_name": "{contact_name}",
}


@dataclass(frozen=True, slots=True)
class ScriptContext:
    """Everything a script may mention.

    Attributes:
        profile: the job seeker's own name, phone, email and signature (R1).
        contact: the person the script is for, or None if not chosen yet.
        company: the employer.
        role: the job applied for.
        interview_at: when the interview began; None if unknown.
        timezone: IANA name of the employer's time zone; the interview time is
            shown in it. Empty: shown as stored.
        discussed: something talked about at the interview, completing
            "our conversation about ..." (R4).
        decision_date: when the employer expected to decide (R3).
        also_at: when further sessions with the person began on the same day
            (one thank-you names them all).
        promise: when you will follow up, as a sentence (R4; see
            :mod:`~followup_gui.scripts.promise`).
    """

    profile: Profile
    contact: ContactFacts | None
    company: str
    role: str
    interview_at: datetime | None = None
    timezone: str = ""
    discussed: str = ""
    decision_date: date | None = None
    also_at: tuple[datetime, ...] = ()
    promise: str = ""

    @classmethod
    def for_application(
        cls,
        application: ApplicationFacts,
        profile: Profile,
        contact_id: str | None = None,
        interview: InterviewFacts | None = None,
        discussed: str = "",
        decision_date: date | None = None,
        *,
        step_key: str | None = None,
        settings: PlannerSettings = DEFAULT_SETTINGS,
    ) -> ScriptContext:
        """Build the context for one person of one application.

        Args:
            application: the application; gives company, role, time zone and contacts.
            profile: the job seeker's details.
            contact_id: who the script is for; default: the application's primary
                contact, else the first person met at the first interview.
            interview: the interview to refer to; default: the latest one the
                contact took part in, else the latest one.
            discussed: something talked about at the interview.
            decision_date: default: the application's expected decision date.
            step_key: the planned step the script is for; a thank-you's key
                names the interview it follows (``thanks:email:<contact>:<interview>``),
                so round 1's thank-you quotes round 1, with any other session
                with the person that day.
            settings: the planner's settings, for the date the thank-you promises.
        """
        interviews = sorted(application.interviews, key=lambda i: i.starts_at)
        if contact_id is None:
            contact_id = application.primary_contact_id
        if contact_id is None and interviews and interviews[0].participant_ids:
            contact_id = interviews[0].participant_ids[0]
        contact = application.contacts.get(contact_id) if contact_id is not None else None
        if interview is None and step_key is not None and step_key.startswith("thanks:"):
            named = step_key.rsplit(":", 1)[-1]
            interview = next((i for i in interviews if i.id == named), None)
        if interview is None and interviews:
            theirs = [i for i in interviews if contact_id in i.participant_ids]
            interview = (theirs or interviews)[-1]
        also_at: tuple[datetime, ...] = ()
        promise = ""
        if interview is not None:
            also_at = _same_day(interviews, interview, contact_id, application.timezone)
            promise = follow_up_promise(application, interview, contact_id, settings)
        return cls(
            profile=profile,
            contact=contact,
            company=application.company,
            role=application.role,
            interview_at=interview.starts_at if interview is not None else None,
            timezone=application.timezone,
            discussed=discussed,
            decision_date=decision_date or application.decision_expected,
            also_at=also_at,
            promise=promise,
        )

    def local_interview_time(self) -> tuple[datetime | None, tuple[str, ...]]:
        """Return the interview's start in the employer's time zone, and any warning.

        A naive time is taken as already local. An unknown time zone leaves the
        time as stored and says so.
        """
        moment = self.interview_at
        if moment is None or moment.tzinfo is None or not self.timezone.strip():
            return moment, ()
        try:
            zone = ZoneInfo(self.timezone.strip())
        except (ZoneInfoNotFoundError, ValueError):
            warning = (
                f"Unknown time zone {self.timezone!r}: the interview time is shown "
                "as stored; check it before sending."
            )
            return moment, (warning,)
        return moment.astimezone(zone), ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Problems with the context itself that the user should know about."""
        return self.local_interview_time()[1]

    def values(self) -> dict[str, str]:
        """Return every placeholder's text; an empty string means "no value".

        Keys are exactly those of :data:`FIELD_MARKERS`.
        """
        contact = self.contact or ContactFacts(id="", full_name="")
        moment = self.local_interview_time()[0]
        values = {
            "my_name": self.profile.name,
            "my_phone": self.profile.phone,
            "my_email": self.profile.email,
            "signature": self.profile.signature,
            "contact_name": contact.full_name,
            "salutation_name": contact.preferred_name or contact.full_name,
            "contact_title": contact.title,
            "contact_postal_address": contact.postal_address,
            "company": self.company,
            "role": self.role,
            "interview_when": "",
            "interview_date": "",
            "interview_time": "",
            "discussed": self.discussed,
            "decision_date": format_day(self.decision_date) if self.decision_date else "",
            "follow_up_promise": self.promise,
        }
        if moment is not None:
            day = format_day(moment.date())
            times = [format_time(moment)]
            times += [format_time(t.astimezone(moment.tzinfo)) for t in self.also_at]
            time = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} and {times[-1]}"
            values.update(
                interview_when=f"{day} at {time}", interview_date=day, interview_time=time
            )
        # Whitespace alone is no value: it must not hide a gap from the user.
        return {name: text.strip() for name, text in values.items()}


def _same_day(
    interviews: list[InterviewFacts], first: InterviewFacts, contact_id: str | None, zone: str
) -> tuple[datetime, ...]:
    """Starts of the person's other sessions on the day of ``first`` (one thank-you each day)."""
    if contact_id is None:
        return ()
    try:
        tz: ZoneInfo | None = ZoneInfo(zone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        tz = None
    day = first.starts_at.astimezone(tz).date()
    return tuple(
        i.starts_at
        for i in interviews
        if i is not first
        and i.starts_at > first.starts_at
        and contact_id in i.participant_ids
        and i.starts_at.astimezone(tz).date() == day
    )
