"""Column presets for CSV import: a generic spreadsheet and other job trackers' exports.

A preset names, for each FollowUp field, the column headers that usually hold it
(compared case-insensitively, ignoring spaces, ``_`` and ``-``), and how the
tracker's status words map to board stages.

Sources of the tracker column names (checked November 2026):

* **JobSync** (github.com/Gsync/jobsync): the field labels of its job form, from the
  project's wiki page "Jobs" (Job Title, Company, Job Location, Job Source, Status,
  Due Date, Date Applied, Job URL, Salary Range, Job Description); the status words
  (Draft, Applied, Interview, Offer, Rejected, Expired, Archived) are from the same
  project. Its CSV header spelling itself is not documented: unverified.
* **Huntr** and **Teal**: their export files are behind a log-in and no public
  sample was found, so these presets hold our best knowledge of the headers
  (Huntr: Company / Job Title / List / Date Applied ...; Teal: Company / Job Position /
  Status / Date Saved / Date Applied ...). Unverified; aliases cover the usual
  variants, and the mapping dialog lets the user fix any column by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class CsvField(StrEnum):
    """A FollowUp field a CSV column can fill."""

    COMPANY = "company"
    ROLE = "role"
    STAGE = "stage"
    LOCATION = "location"
    POSTING_URL = "posting_url"
    SALARY = "salary"
    NOTES = "notes"
    APPLIED_ON = "applied_on"
    INTERVIEW_ON = "interview_on"
    DECISION_ON = "decision_on"
    TIMEZONE = "timezone"
    PLAYBOOK = "playbook"
    CONTACT_NAME = "contact_name"
    CONTACT_EMAIL = "contact_email"


DATE_FIELDS = frozenset({CsvField.APPLIED_ON, CsvField.INTERVIEW_ON, CsvField.DECISION_ON})
# Several columns may feed the notes (e.g. a description and a notes column).
MULTI_FIELDS = frozenset({CsvField.NOTES})

# Status words of many trackers -> default stage keys (lower-case, normalised).
COMMON_STAGES: dict[str, str] = {
    "wishlist": "wishlist",
    "bookmarked": "wishlist",
    "saved": "wishlist",
    "draft": "wishlist",
    "to apply": "wishlist",
    "applying": "wishlist",
    "interested": "wishlist",
    "applied": "applied",
    "submitted": "applied",
    "interview": "interview_scheduled",
    "interviewing": "interview_scheduled",
    "interview scheduled": "interview_scheduled",
    "screening": "interview_scheduled",
    "phone screen": "interview_scheduled",
    "interviewed": "interviewed",
    "following up": "following_up",
    "follow up": "following_up",
    "negotiating": "offer",
    "offer": "offer",
    "offered": "offer",
    "accepted": "offer",
    "rejected": "rejected",
    "not selected": "rejected",
    "declined": "rejected",
    "i withdrew": "rejected",
    "withdrawn": "rejected",
    "no response": "no_response",
    "ghosted": "no_response",
    "expired": "no_response",
    "archived": "no_response",
}


@dataclass(frozen=True)
class Preset:
    """How one tracker's CSV export maps onto FollowUp.

    Attributes:
        key: stable identifier (stored in settings, used by tests).
        title: name shown in the preset picker.
        columns: field -> header spellings, best first.
        stages: extra status words -> stage key (on top of :data:`COMMON_STAGES`).
        day_first: the tracker writes slash dates day first (D/M/YYYY).
        source: where the column names come from, for the user and maintainers.
    """

    key: str
    title: str
    columns: dict[CsvField, tuple[str, ...]]
    stages: dict[str, str] = field(default_factory=dict)
    day_first: bool = False
    source: str = ""


GENERIC = Preset(
    "generic",
    "Spreadsheet (generic)",
    {
        CsvField.COMPANY: ("company", "employer", "organisation", "organization", "company name"),
        CsvField.ROLE: ("role", "position", "job title", "title", "job"),
        CsvField.STAGE: ("stage", "status", "state"),
        CsvField.LOCATION: ("location", "city", "place"),
        CsvField.POSTING_URL: ("url", "link", "posting", "job url", "posting url", "job link"),
        CsvField.SALARY: ("salary", "pay", "compensation", "salary range"),
        CsvField.NOTES: ("notes", "note", "comments", "comment"),
        CsvField.APPLIED_ON: ("applied", "date applied", "applied on", "application date"),
        CsvField.INTERVIEW_ON: ("interview", "interview date", "interviewed on"),
        CsvField.DECISION_ON: ("decision", "decision date", "decision expected", "deadline"),
        CsvField.TIMEZONE: ("timezone", "time zone", "tz"),
        CsvField.PLAYBOOK: ("playbook",),
        CsvField.CONTACT_NAME: ("contact", "contact name", "recruiter", "interviewer"),
        CsvField.CONTACT_EMAIL: ("email", "contact email", "recruiter email"),
    },
    source="FollowUp's own CSV export and common spreadsheet headers.",
)

HUNTR = Preset(
    "huntr",
    "Huntr",
    {
        CsvField.COMPANY: ("company", "employer", "company name"),
        CsvField.ROLE: ("job title", "title", "position"),
        CsvField.STAGE: ("list", "list name", "stage", "status"),
        CsvField.LOCATION: ("location",),
        CsvField.POSTING_URL: ("url", "job url", "job post url", "link"),
        CsvField.SALARY: ("salary",),
        CsvField.NOTES: ("notes", "description", "job description"),
        CsvField.APPLIED_ON: ("date applied", "applied date", "applied"),
        CsvField.INTERVIEW_ON: ("date interviewed", "interview date", "first interview"),
        CsvField.DECISION_ON: ("deadline",),
    },
    {"wishlist": "wishlist", "interview": "interview_scheduled", "offer": "offer"},
    source="Best knowledge of Huntr's export (unverified).",
)

TEAL = Preset(
    "teal",
    "Teal",
    {
        CsvField.COMPANY: ("company", "company name"),
        CsvField.ROLE: ("job position", "job title", "position", "title"),
        CsvField.STAGE: ("status", "application status"),
        CsvField.LOCATION: ("location",),
        CsvField.POSTING_URL: ("url", "job url", "job posting url", "link"),
        CsvField.SALARY: ("salary", "max salary", "min salary"),
        CsvField.NOTES: ("notes", "job description"),
        CsvField.APPLIED_ON: ("date applied", "applied date"),
        CsvField.INTERVIEW_ON: ("date interviewed", "interview date"),
        CsvField.DECISION_ON: ("follow up date", "deadline"),
    },
    source="Best knowledge of Teal's Job Tracker export (unverified).",
)

JOBSYNC = Preset(
    "jobsync",
    "JobSync",
    {
        CsvField.COMPANY: ("company", "company name"),
        CsvField.ROLE: ("job title", "title"),
        CsvField.STAGE: ("status", "job status"),
        CsvField.LOCATION: ("job location", "location"),
        CsvField.POSTING_URL: ("job url", "url"),
        CsvField.SALARY: ("salary range", "salary"),
        CsvField.NOTES: ("job description", "description", "notes"),
        CsvField.APPLIED_ON: ("date applied", "applied date", "applied"),
        CsvField.DECISION_ON: ("due date",),
    },
    {"draft": "wishlist", "interview": "interview_scheduled"},
    source="JobSync's job form labels (github.com/Gsync/jobsync wiki 'Jobs').",
)

PRESETS: tuple[Preset, ...] = (GENERIC, HUNTR, TEAL, JOBSYNC)


def preset(key: str) -> Preset:
    """The preset called ``key`` (the generic one when unknown)."""
    return next((p for p in PRESETS if p.key == key), GENERIC)


def normalise(text: str) -> str:
    """Header or status text reduced for comparison: lower case, single spaces."""
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()


Mapping = dict[int, CsvField]
"""Column index -> the field it fills; columns not in the dict are ignored."""


def auto_mapping(headers: Sequence[str], chosen: Preset) -> Mapping:
    """Map the columns a preset recognises; each single-valued field once, best alias first."""
    normal = [normalise(h) for h in headers]
    mapping: Mapping = {}
    for fld, aliases in chosen.columns.items():
        for alias in aliases:
            hits = [i for i, h in enumerate(normal) if h == alias and i not in mapping]
            if fld in MULTI_FIELDS:
                mapping.update(dict.fromkeys(hits, fld))
            elif hits:
                mapping[hits[0]] = fld
                break
    return mapping


def detect_preset(headers: Sequence[str]) -> Preset:
    """The preset that recognises the most columns (ties go to the earlier, generic first).

    Tracker-specific headers ("List", "Job Position", "Due Date") tip the balance.
    """
    best, score = GENERIC, -1
    for candidate in PRESETS:
        n = len(auto_mapping(headers, candidate))
        if n > score:
            best, score = candidate, n
    return best


def stage_for(status: str, chosen: Preset, known: dict[str, str]) -> str | None:
    """The stage key for a tracker's status word, or None when unknown.

    Args:
        status: the cell text.
        chosen: the preset in use.
        known: the database's stages, normalised title or key -> key.
    """
    word = normalise(status)
    if not word:
        return None
    return known.get(word) or chosen.stages.get(word) or COMMON_STAGES.get(word)
