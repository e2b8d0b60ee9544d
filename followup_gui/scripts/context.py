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

# The templates are English; strftime's %A/%B would follow the process locale.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

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
}

#: Placeholders that, when empty, are written with other placeholders instead of a
#: marker: no signature set means name, phone and email; no preferred name means
#: the full name.
FALLBACKS: Mapping[str, str] = {
    "signature": "{my_name}\n{my_phone}\n{my_email}",
    "salutation_name": "{contact_name}",
}


def format_day(day: date) -> str:
    """Return a day as e.g. ``Thursday, November 19``."""
    return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}"


def format_time(moment: datetime) -> str:
    """Return a clock time as e.g. ``2:00 PM``."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


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
    """

    profile: Profile
    contact: ContactFacts | None
    company: str
    role: str
    interview_at: datetime | None = None
    timezone: str = ""
    discussed: str = ""
    decision_date: date | None = None

    @classmethod
    def for_application(
        cls,
        application: ApplicationFacts,
        profile: Profile,
        contact_id: str | None = None,
        interview: InterviewFacts | None = None,
        discussed: str = "",
        decision_date: date | None = None,
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
        """
        interviews = sorted(application.interviews, key=lambda i: i.starts_at)
        if contact_id is None:
            contact_id = application.primary_contact_id
        if contact_id is None and interviews and interviews[0].participant_ids:
            contact_id = interviews[0].participant_ids[0]
        contact = application.contacts.get(contact_id) if contact_id is not None else None
        if interview is None and interviews:
            theirs = [i for i in interviews if contact_id in i.participant_ids]
            interview = (theirs or interviews)[-1]
        return cls(
            profile=profile,
            contact=contact,
            company=application.company,
            role=application.role,
            interview_at=interview.starts_at if interview is not None else None,
            timezone=application.timezone,
            discussed=discussed,
            decision_date=decision_date or application.decision_expected,
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
        }
        if moment is not None:
            day, time = format_day(moment.date()), format_time(moment)
            values.update(
                interview_when=f"{day} at {time}", interview_date=day, interview_time=time
            )
        # Whitespace alone is no value: it must not hide a gap from the user.
        return {name: text.strip() for name, text in values.items()}
