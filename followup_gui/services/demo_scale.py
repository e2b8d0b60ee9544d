"""A large, deterministic example database, for benchmarks (``--demo --scale N``).

:func:`fill_scaled` writes ``n`` applications with ``3n`` contacts, ``4n``
interviews and attempts, spread over every stage and playbook, then re-plans all
of them: roughly ``25n`` attempts and follow-ups in all. The same ``seed`` and
``now`` always give the same database. Rows go in with bulk ``INSERT``s and the
re-plan runs in the same transaction, so the whole fill lands or nothing does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from followup_gui.scheduling import PlannerSettings
from followup_gui.services.planning import replan_all
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Stage, share of the applications, and how many interviews such a card has.
STAGES: tuple[tuple[str, float, int], ...] = (
    ("wishlist", 0.06, 0),
    ("applied", 0.16, 1),
    ("interview_scheduled", 0.04, 3),
    ("interviewed", 0.05, 5),
    ("following_up", 0.06, 6),
    ("offer", 0.03, 7),
    ("rejected", 0.35, 5),
    ("no_response", 0.25, 5),
)
#: Years of searches: most cards ended long ago; live ones had their last interview lately.
TERMINAL = frozenset({"offer", "rejected", "no_response"})
PLAYBOOKS = ("gentle", "balanced", "persistent")
ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Paris",
    "Asia/Tokyo",
)
FIRST = ("Dana", "Priya", "Jürgen", "Zoë", "Marcus", "Aiko", "François", "Siobhán", "Tomás", "Olu")
LAST = ("Whitfield", "Raman", "Müller", "Ångström", "O'Neill", "Tanaka", "Lefèvre", "Nowak", "Berg")
TITLES = (
    "Recruiter",
    "Engineering Manager",
    "Staff Engineer",
    "Team Lead",
    "CTO",
    "Talent Partner",
)
COMPANY_A = ("Acme", "Nordlicht", "Brightwave", "Lumen", "Harbor", "Cobalt", "Quill", "Tessel")
COMPANY_B = ("Robotics", "GmbH", "Health", "Analytics", "Freight", "Labs", "AI", "Systems")
ROLES = ("Backend Engineer", "Platform Engineer", "Data Engineer", "SRE", "Engineering Lead")
CALL_OUTCOMES = ("voicemail", "no_answer", "spoke")


@dataclass(frozen=True)
class ScaleReport:
    """What :func:`fill_scaled` wrote (follow-ups counted after the re-plan)."""

    applications: int
    contacts: int
    interviews: int
    attempts: int
    follow_ups: int


#: US area codes for the made-up numbers (each gives 100 numbers, see below).
AREA_CODES = (
    201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217,
    218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254,
    256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307, 308,
    309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 325, 330,
)  # fmt: skip


def phone_number(contact_id: int) -> str:
    """A valid phone number that is no one's: 555-0100 to 555-0199 are fictional.

    Valid, so the generated contacts go through a vCard export and import like
    real ones (the import checks numbers); distinct for the first 6,000 ids.
    """
    area = AREA_CODES[contact_id // 100 % len(AREA_CODES)]
    return f"+1 {area} 555 01{contact_id % 100:02d}"


def _next_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(column), 0))) or 0) + 1


def _interview_counts(rng: random.Random, stages: list[str], n: int) -> list[int]:
    """Interviews per application: by stage, then nudged to exactly ``4n`` in all."""
    base = {key: count for key, _share, count in STAGES}
    counts = [max(0, base[s] + rng.choice((-1, 0, 1))) if base[s] else 0 for s in stages]
    eligible = [i for i, s in enumerate(stages) if base[s]]
    while eligible and sum(counts) != 4 * n:
        i = rng.choice(eligible)
        if sum(counts) < 4 * n:
            counts[i] += 1
        elif counts[i] > 1:
            counts[i] -= 1
    return counts


def _rows(n: int, seed: int, now: datetime, ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """Every row to insert, as plain dicts keyed by table."""
    rng = random.Random(seed)
    weights = [share for _k, share, _c in STAGES]
    stages = rng.choices([k for k, _s, _c in STAGES], weights, k=n)
    interviews_per_app = _interview_counts(rng, stages, n)
    rows: dict[str, list[dict[str, Any]]] = {
        "contact": [],
        "application": [],
        "interview": [],
        "interview_participant": [],
        "attempt": [],
        "follow_up": [],
    }
    positions: dict[str, int] = {}
    iv_id = ids["interview"]
    for i in range(n):
        app_id, stage = ids["application"] + i, stages[i]
        tz_name = ZONES[rng.randrange(len(ZONES))]
        playbook = PLAYBOOKS[rng.randrange(3)]
        tz = ZoneInfo(tz_name)
        company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)} {i}"
        people = [ids["contact"] + 3 * i + k for k in range(3)]
        for cid in people:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rows["contact"].append(
                {
                    "id": cid,
                    "full_name": name,
                    "title": rng.choice(TITLES),
                    "company": company,
                    "emails": [f"person{cid}@example.com"],
                    "phones": [phone_number(cid)],
                    "name_confirmed": rng.random() < 0.5,
                }
            )
        positions[stage] = positions.get(stage, -1) + 1
        first_attempt = len(rows["attempt"])
        count = interviews_per_app[i]
        # Interviews are a week apart; the last one is near "now" for live stages.
        if stage == "interview_scheduled":
            back = rng.randint(-6, -1)  # the last round is still to come
        elif stage in TERMINAL:
            back = rng.randint(14, 700)
        else:
            back = rng.randint(0, 30)
        last_day = (now.astimezone(tz) - timedelta(days=back)).date()
        for k in range(count):
            day = last_day - timedelta(days=7 * (count - 1 - k))
            start = datetime.combine(day, time(rng.randint(9, 16), 0), tz)
            rows["interview"].append(
                {
                    "id": iv_id,
                    "application_id": app_id,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1),
                    "format": rng.choice(("phone", "video", "onsite")),
                }
            )
            met = rng.sample(people, rng.randint(1, 2))
            for cid in met:
                rows["interview_participant"].append({"interview_id": iv_id, "contact_id": cid})
            iv_id += 1
            if start + timedelta(hours=1) < now:
                _attempts(rng, rows["attempt"], app_id, met, start, now, playbook)
        if stage in ("rejected", "offer") and count:
            decided = datetime.combine(last_day, time(12, 0), tz)
            decided = min(decided + timedelta(days=rng.randint(3, 12)), now - timedelta(hours=2))
            verdict = "rejected" if stage == "rejected" else "offer"
            rows["attempt"].append(_attempt(app_id, people[0], "call", decided, verdict))
            if stage == "rejected" and rng.random() < 0.7:
                asked = min(decided + timedelta(hours=20), now - timedelta(hours=1))
                rows["attempt"].append(
                    _attempt(app_id, people[0], "feedback_request", asked, "sent")
                )
        _history(rng, rows, app_id, people, now, first_attempt)
        rows["application"].append(
            {
                "id": app_id,
                "company": company,
                "role": rng.choice(ROLES),
                "stage_key": stage,
                "position": positions[stage],
                "timezone": tz_name,
                "playbook": playbook,
                "notes": f"Referred by {rng.choice(FIRST)}." if rng.random() < 0.3 else "",
                "primary_contact_id": people[0],
                "decision_expected": (last_day + timedelta(days=10)) if count else None,
            }
        )
    return rows


def _attempt(app_id: int, contact_id: int, kind: str, at: datetime, outcome: str) -> dict[str, Any]:
    return {
        "application_id": app_id,
        "contact_id": contact_id,
        "kind": kind,
        "at": at,
        "outcome": outcome,
        "notes": "",
    }


def _attempts(
    rng: random.Random,
    out: list[dict[str, Any]],
    app_id: int,
    met: list[int],
    start: datetime,
    now: datetime,
    playbook: str,
) -> None:
    """A thank-you email (and card) per person met, then a call or two after past interviews."""
    for cid in met:
        out.append(_attempt(app_id, cid, "thank_you_email", start + timedelta(hours=5), "sent"))
        if playbook == "persistent":
            card = min(start + timedelta(days=1), now)
            out.append(_attempt(app_id, cid, "thank_you_card", card, "sent"))
    for k in range(rng.randint(0, 2)):
        at = start + timedelta(days=3 + 2 * k, hours=1)
        if at < now:
            out.append(_attempt(app_id, met[0], "call", at, rng.choice(CALL_OUTCOMES)))


def _history(
    rng: random.Random,
    rows: dict[str, list[dict[str, Any]]],
    app_id: int,
    people: list[int],
    now: datetime,
    first_attempt: int,
) -> None:
    """Past plan steps: one done per attempt logged, a few cancelled by later events."""
    attempts = rows["attempt"][first_attempt:]
    steps = [(a["kind"], a["contact_id"], a["at"], "done") for a in attempts]
    for _ in range(rng.randint(0, 3)):
        when = now - timedelta(days=rng.randint(10, 120), hours=rng.randint(0, 23))
        steps.append(("call", people[0], when, "cancelled"))
    for k, (kind, contact_id, at, status) in enumerate(steps):
        due = at - timedelta(hours=rng.randint(1, 20))
        rows["follow_up"].append(
            {
                "application_id": app_id,
                "contact_id": contact_id,
                "key": f"history:{k}",
                "kind": kind,
                "due_at": due,
                "window_end": due + timedelta(days=1),
                "status": status,
                "rules": "",
                "reason": "",
            }
        )


def fill_scaled(
    db: Database,
    n: int,
    *,
    seed: int = 2024,
    now: datetime | None = None,
    settings: PlannerSettings | None = None,
) -> ScaleReport:
    """Add ``n`` generated applications (and their people, interviews, attempts, plans).

    Args:
        db: the database (new rows get ids after the existing ones).
        n: how many applications.
        seed: the random seed; the same seed and ``now`` give the same data.
        now: the instant the data is placed around (default: the real clock).
        settings: the planner's knobs for the re-plan.

    Returns:
        The number of rows written per kind.
    """
    now = now or datetime.now(UTC)
    with db.write() as session:
        ids = {
            "contact": _next_id(session, m.Contact.id),
            "application": _next_id(session, m.Application.id),
            "interview": _next_id(session, m.Interview.id),
        }
        rows = _rows(n, seed, now, ids)
        tables: tuple[Table, ...] = (
            m.Base.metadata.tables["contact"],
            m.Base.metadata.tables["application"],
            m.Base.metadata.tables["interview"],
            m.interview_participants,
            m.Base.metadata.tables["attempt"],
            m.Base.metadata.tables["follow_up"],
        )
        for table in tables:
            batch = rows[table.name]
            if batch:
                session.execute(insert(table), batch)
        app_ids = [r["id"] for r in rows["application"]]
        changes = replan_all(session, now, settings or PlannerSettings(), app_ids)
    return ScaleReport(
        applications=n,
        contacts=len(rows["contact"]),
        interviews=len(rows["interview"]),
        attempts=len(rows["attempt"]),
        follow_ups=len(rows["follow_up"]) + changes.added,
    )
