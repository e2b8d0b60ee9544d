"""The numbers behind the Insights charts: pure functions over plain records.

Only :func:`load_records` touches the database; everything else takes
:class:`AppRecord` values (and a ``now``) and returns plain numbers, so each chart is
tested without Qt or SQL. Definitions, so a chart can be explained:

* **Funnel**: stages left to right (Wishlist and the ending stages other than
  Offer are left out); a card counts for every stage up to the one it is in. A card
  that ended in Rejected or No response counts up to Interviewed if it had an
  interview that is over, up to Interview scheduled if it had one ahead, else Applied.
* **Answer**: an attempt whose outcome is ``spoke``, ``rejected``, ``offer`` or
  ``filled``. An attempt counts as answered if an answer is recorded on the same
  application within :data:`ANSWER_WINDOW` after it (the answer itself included).
* **On time**: a done follow-up is matched to the attempt of the same kind logged for
  it; it was on time if that attempt was no later than the end of its window.
* **Active**: a card not in an ending stage (nor in Wishlist). Over time, a card is
  active from when it was added until its last answer that ended it (or its last
  change, when none is recorded).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

ANSWERS = frozenset({"spoke", "rejected", "offer", "filled"})
ENDING_ANSWERS = frozenset({"rejected", "offer", "filled"})
ANSWER_WINDOW = timedelta(days=14)
NOT_STARTED = "wishlist"
FEW_ACTIVE = 2  # R12: with one or two applications going, nudge to start more


@dataclass(frozen=True)
class StageRecord:
    """A board column."""

    key: str
    title: str
    order: int
    terminal: bool


@dataclass(frozen=True)
class AttemptRecord:
    """What the user did, when, and how it went."""

    kind: str
    at: datetime
    outcome: str


@dataclass(frozen=True)
class FollowUpRecord:
    """A planned step and its state."""

    kind: str
    due: datetime
    window_end: datetime
    status: str


@dataclass(frozen=True)
class AppRecord:
    """One application as the insights see it."""

    id: int
    stage: str
    playbook: str
    created: datetime
    updated: datetime
    interviews: tuple[datetime, ...] = ()  # each interview's end
    attempts: tuple[AttemptRecord, ...] = ()
    follow_ups: tuple[FollowUpRecord, ...] = ()


@dataclass(frozen=True)
class FunnelStep:
    """A stage of the funnel: how many cards reached it, and what share of the step before."""

    key: str
    title: str
    reached: int
    conversion: float | None  # None for the first step or when the step before is empty


@dataclass(frozen=True)
class Rate:
    """Answered out of total for one group (a playbook, a follow-up kind)."""

    group: str
    answered: int
    total: int

    @property
    def share(self) -> float:
        """Answered / total (0 when there is nothing)."""
        return self.answered / self.total if self.total else 0.0


@dataclass(frozen=True)
class WeekCount:
    """Follow-ups done in one week (starting Monday), on time and late."""

    week: date
    on_time: int
    late: int


@dataclass(frozen=True)
class Insights:
    """Every chart's numbers at once (what the Insights tab paints)."""

    stage_counts: list[tuple[str, int]]
    funnel: list[FunnelStep]
    by_playbook: list[Rate]
    by_kind: list[Rate]
    answer_days: list[int]
    punctuality: list[WeekCount]
    active: list[tuple[date, int]]
    active_now: int
    nudge: bool = field(default=False)


def stage_counts(stages: Sequence[StageRecord], apps: Sequence[AppRecord]) -> list[tuple[str, int]]:
    """Cards per stage, in board order."""
    counts = {s.key: 0 for s in stages}
    for app in apps:
        if app.stage in counts:
            counts[app.stage] += 1
    return [(s.title, counts[s.key]) for s in sorted(stages, key=lambda s: s.order)]


def funnel(
    stages: Sequence[StageRecord], apps: Sequence[AppRecord], now: datetime
) -> list[FunnelStep]:
    """Cards that reached each funnel stage, and the conversion from the stage before."""
    ordered = sorted(stages, key=lambda s: s.order)
    steps = [s for s in ordered if not s.terminal and s.key != NOT_STARTED]
    steps += [s for s in ordered if s.key == "offer"]
    index = {s.key: i for i, s in enumerate(steps)}

    def fallback(app: AppRecord) -> int:
        wanted = "applied"
        if app.interviews:
            wanted = "interviewed" if min(app.interviews) <= now else "interview_scheduled"
        return index.get(wanted, 0)

    reached = [0] * len(steps)
    for app in apps:
        if app.stage == NOT_STARTED:
            continue
        furthest = index[app.stage] if app.stage in index else fallback(app)
        for i in range(furthest + 1):
            reached[i] += 1
    result = []
    for i, step in enumerate(steps):
        before = reached[i - 1] if i else 0
        conversion = reached[i] / before if i and before else None
        result.append(FunnelStep(step.key, step.title, reached[i], conversion))
    return result


def _answered(app: AppRecord, attempt: AttemptRecord) -> bool:
    return any(
        a.outcome in ANSWERS and attempt.at <= a.at <= attempt.at + ANSWER_WINDOW
        for a in app.attempts
    )


def response_by_playbook(apps: Sequence[AppRecord]) -> list[Rate]:
    """Per playbook: applications followed up (one attempt or more) that got an answer."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for app in apps:
        if not app.attempts:
            continue
        totals[app.playbook][1] += 1
        if any(a.outcome in ANSWERS for a in app.attempts):
            totals[app.playbook][0] += 1
    return [Rate(k, v[0], v[1]) for k, v in sorted(totals.items())]


def response_by_kind(apps: Sequence[AppRecord]) -> list[Rate]:
    """Per follow-up kind (call, status email...): attempts answered within the window."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for app in apps:
        for attempt in app.attempts:
            totals[attempt.kind][1] += 1
            if _answered(app, attempt):
                totals[attempt.kind][0] += 1
    return [Rate(k, v[0], v[1]) for k, v in sorted(totals.items())]


def days_to_answer(apps: Sequence[AppRecord]) -> list[int]:
    """Whole days from an interview's end to the first answer after it, one per application."""
    days = []
    for app in apps:
        for end in sorted(app.interviews):
            answers = [a.at for a in app.attempts if a.outcome in ANSWERS and a.at >= end]
            if answers:
                days.append((min(answers) - end).days)
                break
    return days


def median_days(days: Sequence[int]) -> float | None:
    """The median of :func:`days_to_answer` (None when there is none)."""
    return statistics.median(days) if days else None


def day_buckets(days: Sequence[int]) -> list[tuple[str, int]]:
    """Days to an answer grouped for a histogram: 0-3, 4-7, 8-14, 15-30, over 30."""
    edges = [(0, 3, "0–3"), (4, 7, "4–7"), (8, 14, "8–14"), (15, 30, "15–30")]
    buckets = [(label, sum(1 for d in days if lo <= d <= hi)) for lo, hi, label in edges]
    return [*buckets, ("30+", sum(1 for d in days if d > 30))]


def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def punctuality(apps: Sequence[AppRecord], now: datetime, weeks: int = 8) -> list[WeekCount]:
    """Done follow-ups per week over the last ``weeks`` weeks, on time vs late."""
    first = monday(now.date()) - timedelta(weeks=weeks - 1)
    counts = {first + timedelta(weeks=i): [0, 0] for i in range(weeks)}
    for app in apps:
        unused = sorted(app.attempts, key=lambda a: a.at)
        for step in sorted(app.follow_ups, key=lambda f: f.due):
            if step.status != "done":
                continue
            match = next((a for a in unused if a.kind == step.kind), None)
            if match is None:
                continue
            unused.remove(match)
            week = monday(match.at.date())
            if week in counts:
                counts[week][0 if match.at <= step.window_end else 1] += 1
    return [WeekCount(w, c[0], c[1]) for w, c in counts.items()]


def _active_until(app: AppRecord, ending: frozenset[str]) -> datetime | None:
    if app.stage not in ending:
        return None
    ends = [a.at for a in app.attempts if a.outcome in ENDING_ANSWERS]
    return max(ends) if ends else app.updated


def is_active(app: AppRecord, ending: frozenset[str]) -> bool:
    """Whether a card is still going (not ended, not merely on the wish list)."""
    return app.stage not in ending and app.stage != NOT_STARTED


def active_over_time(
    apps: Sequence[AppRecord], ending: frozenset[str], now: datetime, weeks: int = 12
) -> list[tuple[date, int]]:
    """Active applications at the end of each of the last ``weeks`` weeks (the last is now)."""
    points = []
    for i in range(weeks - 1, -1, -1):
        at = now - timedelta(weeks=i)
        n = 0
        for app in apps:
            if app.stage == NOT_STARTED or app.created.date() > at.date():
                continue
            until = _active_until(app, ending)
            if until is None or until > at:
                n += 1
        points.append((at.date(), n))
    return points


def needs_nudge(active_now: int) -> bool:
    """R12: only one or two applications going; time to start a few more."""
    return 0 < active_now <= FEW_ACTIVE


def compute(stages: Sequence[StageRecord], apps: Sequence[AppRecord], now: datetime) -> Insights:
    """Every chart's numbers."""
    ending = frozenset(s.key for s in stages if s.terminal)
    active_now = sum(1 for a in apps if is_active(a, ending))
    return Insights(
        stage_counts=stage_counts(stages, apps),
        funnel=funnel(stages, apps, now),
        by_playbook=response_by_playbook(apps),
        by_kind=response_by_kind(apps),
        answer_days=days_to_answer(apps),
        punctuality=punctuality(apps, now),
        active=active_over_time(apps, ending, now),
        active_now=active_now,
        nudge=needs_nudge(active_now),
    )


def load_records(db: object) -> tuple[list[StageRecord], list[AppRecord]]:
    """Read the stages and applications as plain records (the only database access here).

    Four column queries, no ORM objects (at thousands of applications, building
    entities and their collections cost seconds; these rows cost a fraction).
    Each application's interviews, attempts and follow-ups keep the order of
    the ORM relationships (by time, then id).
    """
    from sqlalchemy import select

    from followup_gui.gc_tuning import collector_paused
    from followup_gui.storage import Database
    from followup_gui.storage import models as m

    assert isinstance(db, Database)
    a, iv, at, fu = m.Application, m.Interview, m.Attempt, m.FollowUp
    with db.read() as session, collector_paused():
        stages = [
            StageRecord(s.key, s.title, s.order, s.terminal)
            for s in session.scalars(select(m.Stage))
            if not s.hidden
        ]
        interviews: dict[int, list[datetime]] = {}
        for app_id, ends in session.execute(
            select(iv.application_id, iv.ends_at).order_by(iv.application_id, iv.starts_at, iv.id)
        ):
            interviews.setdefault(app_id, []).append(ends)
        attempts: dict[int, list[AttemptRecord]] = {}
        for app_id, kind, moment, outcome in session.execute(
            select(at.application_id, at.kind, at.at, at.outcome).order_by(
                at.application_id, at.at, at.id
            )
        ):
            attempts.setdefault(app_id, []).append(AttemptRecord(kind, moment, outcome))
        follow_ups: dict[int, list[FollowUpRecord]] = {}
        for app_id, kind, due, end, status in session.execute(
            select(fu.application_id, fu.kind, fu.due_at, fu.window_end, fu.status).order_by(
                fu.application_id, fu.due_at, fu.id
            )
        ):
            follow_ups.setdefault(app_id, []).append(FollowUpRecord(kind, due, end, status))
        apps = [
            AppRecord(
                id=app_id,
                stage=stage,
                playbook=playbook,
                created=created,
                updated=updated,
                interviews=tuple(interviews.get(app_id, ())),
                attempts=tuple(attempts.get(app_id, ())),
                follow_ups=tuple(follow_ups.get(app_id, ())),
            )
            for app_id, stage, playbook, created, updated in session.execute(
                select(a.id, a.stage_key, a.playbook, a.created_at, a.updated_at).order_by(a.id)
            )
        ]
    return stages, apps
