"""Timeline geometry: instants to pixels (DST-proof), lane packing, axis ticks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_gui.domain.timeline_layout import (
    MAX_PX_PER_DAY,
    MIN_PX_PER_DAY,
    TickUnit,
    TimeScale,
    axis_ticks,
    lane_count,
    pack_lanes,
    tick_unit,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
ORIGIN = datetime(2026, 11, 1, tzinfo=UTC)


def test_scale_maps_real_time_linearly_across_dst() -> None:
    scale = TimeScale(datetime(2026, 10, 31, tzinfo=NY), 24.0)  # 1 px per hour
    # 2026-11-01 has 25 hours in New York: its local midnights are 25 px apart.
    assert scale.x(datetime(2026, 11, 1, tzinfo=NY)) == pytest.approx(24.0)
    assert scale.x(datetime(2026, 11, 2, tzinfo=NY)) == pytest.approx(49.0)
    assert scale.at(49.0) == datetime(2026, 11, 2, tzinfo=NY)
    assert scale.width(timedelta(hours=6)) == pytest.approx(6.0)


def test_scale_rejects_naive_origin_and_bad_scale() -> None:
    with pytest.raises(ValueError):
        TimeScale(datetime(2026, 1, 1), 10)
    with pytest.raises(ValueError):
        TimeScale(ORIGIN, 0)


def test_zoom_keeps_the_anchor_under_the_pointer_and_clamps() -> None:
    scale = TimeScale(ORIGIN, 10.0)
    anchor = 250.0
    moment = scale.at(anchor)
    zoomed, new_x = scale.zoomed(2.0, anchor)
    assert zoomed.px_per_day == 20.0
    assert zoomed.at(new_x) == moment
    assert new_x == pytest.approx(500.0)
    assert scale.zoomed(1e9, 0)[0].px_per_day == MAX_PX_PER_DAY
    assert scale.zoomed(1e-9, 0)[0].px_per_day == MIN_PX_PER_DAY


def test_pack_lanes_small_cases() -> None:
    assert pack_lanes([]) == []
    assert pack_lanes([(0, 10), (10, 20), (5, 15)]) == [0, 0, 1]
    # A gap forces touching spans apart.
    assert pack_lanes([(0, 10), (10, 20)], gap=2) == [0, 1]
    # A freed lane is reused, lowest first.
    assert pack_lanes([(0, 5), (0, 50), (6, 8), (7, 9)]) == [0, 1, 0, 2]


spans_strategy = st.lists(
    st.tuples(st.floats(0, 1000), st.floats(0, 200)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=60,
)


@given(spans_strategy, st.sampled_from([0.0, 3.0]))
def test_pack_lanes_never_overlaps_and_uses_the_fewest_lanes(spans, gap) -> None:
    lanes = pack_lanes(spans, gap)
    for i, (a0, a1) in enumerate(spans):
        for j, (b0, b1) in enumerate(spans):
            if i < j and lanes[i] == lanes[j]:
                assert a1 + gap <= b0 or b1 + gap <= a0
    # Optimal: as many lanes as spans overlapping at one point (with the gap added).
    depth = max(
        (sum(1 for s0, s1 in spans if s0 <= p < s1 + gap or s0 == p) for p, _ in spans),
        default=0,
    )
    assert lane_count(lanes) <= max(depth, 1 if spans else 0)


def test_tick_unit_goes_from_hours_to_months() -> None:
    assert tick_unit(MAX_PX_PER_DAY)[0] == TickUnit.HOUR
    assert tick_unit(60)[0] == TickUnit.DAY
    assert tick_unit(10)[0] == TickUnit.WEEK
    assert tick_unit(MIN_PX_PER_DAY)[0] == TickUnit.MONTH


def test_day_ticks_are_local_midnights_across_dst() -> None:
    start = datetime(2026, 10, 24, 12, tzinfo=BERLIN)
    end = datetime(2026, 10, 27, 12, tzinfo=BERLIN)
    unit, ticks = axis_ticks(start, end, 60, BERLIN)
    assert unit == TickUnit.DAY
    assert [t.at for t in ticks] == [datetime(2026, 10, d, tzinfo=BERLIN) for d in (25, 26, 27)]
    # Sunday Oct 25 lasts 25 hours in Berlin.
    assert ticks[1].at.astimezone(UTC) - ticks[0].at.astimezone(UTC) == timedelta(hours=25)
    assert [t.major for t in ticks] == [False, True, False]  # Monday is major


def test_hour_ticks_skip_the_missing_hour_in_spring() -> None:
    start = datetime(2026, 3, 29, 0, tzinfo=BERLIN)
    end = datetime(2026, 3, 29, 5, tzinfo=BERLIN)
    unit, ticks = axis_ticks(start, end, MAX_PX_PER_DAY, BERLIN, min_spacing=20)
    assert unit == TickUnit.HOUR
    assert [t.at.hour for t in ticks] == [0, 1, 3, 4, 5]


def test_week_and_month_ticks() -> None:
    start = datetime(2026, 11, 1, tzinfo=NY)
    end = datetime(2027, 2, 1, tzinfo=NY)
    unit, ticks = axis_ticks(start, end, 10, NY)
    assert unit == TickUnit.WEEK
    assert all(t.at.weekday() == 0 and t.at.hour == 0 for t in ticks)
    unit, ticks = axis_ticks(start, end, 3, NY)
    assert unit == TickUnit.MONTH
    assert [(t.at.month, t.major) for t in ticks] == [
        (11, False),
        (12, False),
        (1, True),
        (2, False),
    ]
