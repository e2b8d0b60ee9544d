"""Each Insights number comes from a pure function over plain records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.demo.scale import fill_scaled
from followup_gui.services.insights import figures as ins
from followup_gui.services.insights.figures import (
    AppRecord,
    AttemptRecord,
    FollowUpRecord,
    StageRecord,
)
from followup_gui.services.plans.planning import load_for_planning
from followup_gui.storage import Database
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday
STAGES = [
    StageRecord("wishlist", "Wishlist", 0, False),
    StageRecord("applied", "Applied", 1, False),
    StageRecord("interview_scheduled", "Interview scheduled", 2, False),
    StageRecord("interviewed", "Interviewed", 3, False),
    StageRecord("following_up", "Following up", 4, False),
    StageRecord("offer", "Offer", 5, True),
    StageRecord("rejected", "Rejected", 6, True),
    StageRecord("no_response", "No response", 7, True),
]
ENDING = frozenset({"offer", "rejected", "no_response"})


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def app(
    i, stage, playbook="balanced", created=30, interviews=(), attempts=(), follow_ups=(), updated=1
):
    return AppRecord(
        i,
        stage,
        playbook,
        days_ago(created),
        days_ago(updated),
        tuple(days_ago(d) for d in interviews),
        tuple(attempts),
        tuple(follow_ups),
    )


def att(kind, ago, outcome):
    return AttemptRecord(kind, days_ago(ago), outcome)


def test_stage_counts():
    apps = [app(1, "applied"), app(2, "applied"), app(3, "offer")]
    counts = dict(ins.stage_counts(STAGES, apps))
    assert counts["Applied"] == 2 and counts["Offer"] == 1 and counts["Wishlist"] == 0


def test_funnel_counts_and_conversion():
    apps = [
        app(1, "wishlist"),
        app(2, "applied"),
        app(3, "applied"),
        app(4, "interviewed", interviews=[5]),
        app(5, "offer", interviews=[20]),
        app(6, "rejected", interviews=[10]),  # reached Interviewed
        app(7, "no_response"),  # reached Applied only
        app(8, "rejected", interviews=[-3]),  # interview ahead: reached Interview scheduled
    ]
    steps = ins.funnel(STAGES, apps, NOW)
    assert [s.key for s in steps] == [
        "applied",
        "interview_scheduled",
        "interviewed",
        "following_up",
        "offer",
    ]
    assert [s.reached for s in steps] == [7, 4, 3, 1, 1]
    assert steps[0].conversion is None
    assert steps[1].conversion == 4 / 7
    assert steps[4].conversion == 1.0


def test_funnel_of_nothing():
    steps = ins.funnel(STAGES, [], NOW)
    assert all(s.reached == 0 and s.conversion is None for s in steps)


def test_response_rate_by_playbook():
    apps = [
        app(1, "following_up", "gentle", attempts=[att("call", 3, "no_answer")]),
        app(2, "following_up", "gentle", attempts=[att("call", 3, "spoke")]),
        app(
            3,
            "rejected",
            "persistent",
            attempts=[att("status_email", 9, "sent"), att("call", 2, "rejected")],
        ),
        app(4, "applied", "balanced"),  # never followed up: not counted
    ]
    rates = {r.group: (r.answered, r.total) for r in ins.response_by_playbook(apps)}
    assert rates == {"gentle": (1, 2), "persistent": (1, 1)}


def test_response_rate_by_kind_uses_the_answer_window():
    apps = [
        app(
            1,
            "following_up",
            attempts=[
                att("status_email", 10, "sent"),  # answered by the call 5 days later
                att("call", 5, "spoke"),
                att("thank_you_email", 40, "sent"),  # nothing within 14 days
            ],
        ),
        app(2, "following_up", attempts=[att("call", 3, "voicemail")]),
    ]
    rates = {r.group: (r.answered, r.total) for r in ins.response_by_kind(apps)}
    assert rates == {"status_email": (1, 1), "call": (1, 2), "thank_you_email": (0, 1)}
    assert ins.Rate("x", 1, 4).share == 0.25 and ins.Rate("x", 0, 0).share == 0.0


def test_days_from_interview_to_an_answer():
    apps = [
        app(
            1,
            "offer",
            interviews=[20],
            attempts=[
                att("call", 27, "spoke"),  # before: ignored
                att("call", 12, "offer"),
            ],
        ),
        app(2, "rejected", interviews=[10, 30], attempts=[att("call", 25, "rejected")]),
        app(3, "interviewed", interviews=[4], attempts=[att("call", 2, "voicemail")]),
    ]
    days = ins.days_to_answer(apps)
    assert sorted(days) == [5, 8]
    assert ins.median_days(days) == 6.5 and ins.median_days([]) is None
    assert dict(ins.day_buckets([0, 3, 5, 8, 40])) == {
        "0–3": 2,
        "4–7": 1,
        "8–14": 1,
        "15–30": 0,
        "30+": 1,
    }


def test_follow_ups_on_time_vs_late_per_week():
    due = days_ago(9)
    steps = [
        FollowUpRecord("call", due, due + timedelta(days=2), "done"),  # done 1 day in: on time
        FollowUpRecord("status_email", due, due + timedelta(days=1), "done"),  # late
        FollowUpRecord("call", days_ago(2), days_ago(1), "pending"),  # not done: ignored
    ]
    attempts = [att("call", 8, "voicemail"), att("status_email", 1, "sent")]
    weeks = ins.punctuality([app(1, "following_up", attempts=attempts, follow_ups=steps)], NOW)
    assert len(weeks) == 8 and weeks[-1].week == date(2026, 11, 23)
    by_week = {w.week: (w.on_time, w.late) for w in weeks}
    assert by_week[date(2026, 11, 16)] == (1, 0)
    assert by_week[date(2026, 11, 23)] == (0, 1)
    assert sum(w.on_time + w.late for w in weeks) == 2


def test_active_applications_over_time():
    apps = [
        app(1, "applied", created=20),
        app(2, "wishlist", created=50),  # never counted
        app(3, "rejected", created=60, attempts=[att("call", 30, "rejected")]),
        app(4, "no_response", created=40, updated=10),  # ended at its last change
    ]
    points = ins.active_over_time(apps, ENDING, NOW, weeks=12)
    assert len(points) == 12 and points[-1] == (NOW.date(), 1)
    counts = dict(points)
    assert counts[(NOW - timedelta(weeks=5)).date()] == 2  # 3 ended 30 days ago; 4 still on
    assert counts[(NOW - timedelta(weeks=6)).date()] == 1  # only 3: 4 and 1 not added yet
    assert counts[(NOW - timedelta(weeks=11)).date()] == 0


def test_r12_nudge_only_for_one_or_two_active():
    assert [ins.needs_nudge(n) for n in range(5)] == [False, True, True, False, False]
    data = ins.compute(STAGES, [app(1, "applied"), app(2, "offer")], NOW)
    assert data.active_now == 1 and data.nudge
    many = ins.compute(STAGES, [app(i, "applied") for i in range(4)], NOW)
    assert not many.nudge


@pytest.mark.backends
def test_records_read_from_storage_are_what_the_orm_gives(db: Database) -> None:
    # The column queries must hand the charts exactly what the entities hold.
    fill_scaled(db, 150, seed=11, now=NOW)
    stages, apps = ins.load_records(db)
    with db.read() as session:
        want_stages = [
            ins.StageRecord(s.key, s.title, s.order, s.terminal)
            for s in session.scalars(select(m.Stage))
            if not s.hidden
        ]
        want_apps = [
            ins.AppRecord(
                id=a.id,
                stage=a.stage_key,
                playbook=a.playbook,
                created=a.created_at,
                updated=a.updated_at,
                interviews=tuple(i.ends_at for i in a.interviews),
                attempts=tuple(ins.AttemptRecord(t.kind, t.at, t.outcome) for t in a.attempts),
                follow_ups=tuple(
                    ins.FollowUpRecord(f.kind, f.due_at, f.window_end, f.status)
                    for f in a.follow_ups
                ),
            )
            for a in load_for_planning(session)
        ]
    assert stages == want_stages

    def canonical(records: list[AppRecord]) -> list[tuple[object, ...]]:
        # Steps at the same moment come in no set order from the ORM (by time only).
        return [
            (
                a.id,
                a.stage,
                a.playbook,
                a.created,
                a.updated,
                *map(
                    sorted,
                    (
                        a.interviews,
                        [(t.at, t.kind, t.outcome) for t in a.attempts],
                        [(f.due, f.kind, f.window_end, f.status) for f in a.follow_ups],
                    ),
                ),
            )
            for a in records
        ]

    assert canonical(apps) == canonical(want_apps)
    assert ins.compute(stages, apps, NOW) == ins.compute(want_stages, want_apps, NOW)


def test_a_generated_search_has_a_history_of_active_applications(db: Database) -> None:
    # Generated applications were added before their interviews, never "just now".
    fill_scaled(db, 150, seed=11, now=NOW)
    stages, apps = ins.load_records(db)
    with db.read() as session:
        firsts = {
            a.id: min((i.starts_at for i in a.interviews), default=None)
            for a in load_for_planning(session)
        }
    assert all(a.created <= NOW - timedelta(hours=1) for a in apps)
    assert all(a.created < first for a in apps if (first := firsts[a.id]) is not None)
    active = ins.compute(stages, apps, NOW).active
    assert all(count > 0 for _day, count in active)  # not 0 before the generation day
    assert len({count for _day, count in active}) > 1  # and not the same flat line
