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
from followup_gui.services.plans.planning import replan_all
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


#: North American area codes that take the fictional 555-0100..0199 numbers
#: (each checked with phonenumbers): 451 codes x 100 numbers, no two contacts alike
#: up to 45,100 contacts (N = 15,000 applications).
AREA_CODES = (
    201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216,
    217, 218, 219, 220, 223, 224, 225, 226, 227, 228, 229, 231, 234, 235, 236,
    239, 240, 248, 249, 250, 251, 252, 253, 254, 256, 257, 260, 262, 263, 267,
    269, 270, 272, 273, 274, 276, 279, 281, 283, 289, 301, 302, 303, 304, 305,
    306, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321,
    323, 324, 325, 326, 327, 329, 330, 331, 332, 334, 336, 337, 339, 340, 341,
    343, 346, 347, 350, 351, 352, 353, 354, 360, 361, 363, 364, 365, 367, 368,
    369, 380, 382, 385, 386, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410,
    412, 413, 414, 415, 416, 417, 418, 419, 423, 424, 425, 428, 430, 431, 432,
    434, 435, 437, 438, 440, 442, 443, 445, 447, 448, 450, 458, 463, 464, 468,
    469, 470, 472, 474, 475, 478, 479, 480, 484, 500, 501, 502, 503, 504, 505,
    506, 507, 508, 509, 510, 512, 513, 514, 515, 516, 517, 518, 519, 520, 521,
    522, 525, 526, 527, 528, 529, 530, 531, 532, 533, 534, 539, 540, 541, 544,
    548, 551, 557, 559, 561, 562, 563, 564, 566, 567, 570, 571, 572, 573, 574,
    575, 577, 579, 580, 581, 582, 584, 585, 586, 587, 588, 600, 601, 602, 603,
    604, 605, 606, 607, 608, 609, 610, 612, 613, 614, 615, 616, 617, 618, 619,
    620, 622, 623, 626, 628, 629, 630, 631, 633, 636, 639, 640, 641, 645, 646,
    647, 650, 651, 656, 657, 658, 659, 660, 661, 662, 667, 669, 670, 671, 672,
    678, 680, 681, 682, 683, 686, 689, 701, 702, 703, 704, 705, 706, 707, 708,
    709, 712, 713, 714, 715, 716, 717, 718, 719, 720, 724, 725, 726, 727, 728,
    730, 731, 732, 734, 737, 738, 740, 742, 743, 747, 748, 753, 754, 757, 760,
    762, 763, 765, 769, 770, 771, 772, 773, 774, 775, 778, 779, 780, 781, 782,
    784, 785, 786, 787, 800, 801, 802, 803, 804, 805, 806, 807, 808, 809, 810,
    812, 813, 814, 815, 816, 817, 818, 819, 820, 821, 825, 826, 828, 829, 830,
    831, 832, 833, 835, 838, 839, 840, 843, 844, 845, 847, 848, 849, 850, 854,
    855, 856, 857, 858, 859, 860, 862, 863, 864, 865, 866, 867, 870, 872, 873,
    876, 877, 878, 879, 888, 900, 901, 902, 903, 904, 905, 906, 907, 908, 909,
    910, 912, 913, 914, 915, 916, 917, 918, 919, 920, 925, 928, 929, 930, 931,
    934, 936, 937, 938, 939, 940, 941, 942, 943, 945, 947, 948, 949, 951, 952,
    954, 956, 959, 970, 971, 972, 973, 975, 978, 979, 980, 983, 984, 985, 986,
    989,
)  # fmt: skip


def phone_number(contact_id: int) -> str:
    """A valid phone number that is no one's: 555-0100 to 555-0199 are fictional.

    Valid, so the generated contacts go through a vCard export and import like
    real ones (the import checks numbers), and distinct (not flagged as duplicates).
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
    # Applied-on dates from their own stream: the rest of the data stays as before.
    applied_rng = random.Random(seed + 1)
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
        # Added to the search one to three weeks before the first interview.
        first_day = last_day - timedelta(days=7 * max(count - 1, 0))
        applied = first_day - timedelta(days=applied_rng.randint(7, 21))
        added = min(datetime.combine(applied, time(10, 0), tz), now - timedelta(hours=1))
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
                "created_at": added,
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
