"""Timeline geometry without Qt: instants to x positions, lanes, axis ticks.

:class:`TimeScale` maps absolute instants to pixels (so a DST change neither
stretches nor squeezes the axis); :func:`pack_lanes` puts spans in the fewest
lanes where none overlap; :func:`axis_ticks` picks where the axis gets a tick
and which unit to label, at local midnights (or hours) of a time zone.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

SECONDS_PER_DAY = 86_400.0
#: Most zoomed in: an hour is about 25 px.
MAX_PX_PER_DAY = 600.0
#: Most zoomed out: a month is about 60 px.
MIN_PX_PER_DAY = 2.0


@dataclass(frozen=True)
class TimeScale:
    """A linear mapping from instants to x positions.

    Attributes:
        origin: the instant at x = 0 (aware).
        px_per_day: pixels per 24 real hours.
    """

    origin: datetime
    px_per_day: float

    def __post_init__(self) -> None:
        """Reject a naive origin and a scale that is not positive."""
        if self.origin.tzinfo is None:
            raise ValueError("the origin needs a time zone")
        if self.px_per_day <= 0:
            raise ValueError("px_per_day must be positive")

    def x(self, moment: datetime) -> float:
        """Return the x position of an (aware) instant."""
        # In UTC: subtracting two times of one zone would give wall-clock time.
        span = moment.astimezone(UTC) - self.origin.astimezone(UTC)
        return span.total_seconds() / SECONDS_PER_DAY * self.px_per_day

    def at(self, x: float) -> datetime:
        """Return the instant at x (the inverse of :meth:`x`), in UTC."""
        return self.origin.astimezone(UTC) + timedelta(days=x / self.px_per_day)

    def width(self, span: timedelta) -> float:
        """Return how many pixels a span of real time takes."""
        return span.total_seconds() / SECONDS_PER_DAY * self.px_per_day

    def zoomed(self, factor: float, anchor_x: float) -> tuple[TimeScale, float]:
        """Zoom by ``factor`` keeping the instant under ``anchor_x`` where it is.

        The scale is clamped to [:data:`MIN_PX_PER_DAY`, :data:`MAX_PX_PER_DAY`].

        Returns:
            The new scale (same origin) and the new x of the anchored instant;
            the view scrolls by the difference to keep it under the pointer.
        """
        px = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, self.px_per_day * factor))
        new = TimeScale(self.origin, px)
        return new, new.x(self.at(anchor_x))


def pack_lanes(spans: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """Assign each span a lane so that spans in one lane never overlap.

    Greedy by start: each span goes to the lowest-numbered lane free at its start.
    This uses as few lanes as the deepest overlap needs (interval colouring).

    Args:
        spans: ``(start, end)`` pairs; an end before its start counts as the start.
        gap: the least free space between two spans of one lane.

    Returns:
        The lane of each span, in input order (0 is the first lane).
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], i))
    lanes = [0] * len(spans)
    busy: list[tuple[float, int]] = []  # (free from, lane) of lanes in use
    free: list[int] = []  # lanes no longer in use, lowest first
    count = 0
    for i in order:
        start, end = spans[i][0], max(spans[i])
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        lanes[i] = lane
        heapq.heappush(busy, (end + gap, lane))
    return lanes


def lane_count(lanes: Sequence[int]) -> int:
    """Return how many lanes :func:`pack_lanes` used."""
    return max(lanes, default=-1) + 1


class TickUnit(StrEnum):
    """What one step of the axis is."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Tick:
    """One tick of the axis.

    Attributes:
        at: the instant (aware, in the axis's zone).
        major: a bigger tick that starts a new day, month or year.
    """

    at: datetime
    major: bool


# Hour steps tried when zoomed in, smallest first.
_HOUR_STEPS = (1, 2, 3, 6, 12)


def tick_unit(px_per_day: float, min_spacing: float = 48.0) -> tuple[TickUnit, int]:
    """Return the unit and step of ticks at least ``min_spacing`` pixels apart."""
    for hours in _HOUR_STEPS:
        if px_per_day * hours / 24 >= min_spacing:
            return TickUnit.HOUR, hours
    if px_per_day >= min_spacing:
        return TickUnit.DAY, 1
    if px_per_day * 7 >= min_spacing:
        return TickUnit.WEEK, 1
    for months in (1, 3):
        if px_per_day * 30 * months >= min_spacing:
            return TickUnit.MONTH, months
    return TickUnit.MONTH, 12


def _midnight(day: date, tz: tzinfo) -> datetime:
    # Local midnight; fold=0 is the earlier instant if midnight happens twice.
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def axis_ticks(
    start: datetime, end: datetime, px_per_day: float, tz: tzinfo, min_spacing: float = 48.0
) -> tuple[TickUnit, list[Tick]]:
    """Return the ticks between ``start`` and ``end`` at local boundaries of ``tz``.

    Days start at local midnight, weeks on Monday, months on the 1st; hour ticks
    follow the local clock, so across a DST change a day has 23 or 25 hours.

    Args:
        start: the first instant shown (aware).
        end: the last instant shown (aware).
        px_per_day: the scale, which decides the unit.
        tz: the zone whose calendar the axis follows (the user's).
        min_spacing: the least distance between ticks, in pixels.
    """
    unit, step = tick_unit(px_per_day, min_spacing)
    ticks: list[Tick] = []
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    if unit == TickUnit.MONTH:
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            if (month - 1) % step == 0:
                ticks.append(Tick(_midnight(date(year, month, 1), tz), month == 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        day = first
        while day <= last:
            if unit == TickUnit.HOUR:
                for hour in range(0, 24, step):
                    # Wall-clock hours; a skipped hour (spring forward) is left out.
                    moment = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
                    wall = moment.astimezone(UTC).astimezone(tz)
                    if wall.hour == hour:
                        ticks.append(Tick(wall, hour == 0))
            elif unit == TickUnit.DAY:
                ticks.append(Tick(_midnight(day, tz), day.weekday() == 0))
            elif day.weekday() == 0:
                ticks.append(Tick(_midnight(day, tz), day.day <= 7))
            day += timedelta(days=1)
    # Compared in UTC: Python compares two times of one zone by their wall clocks.
    lo, hi = start.astimezone(UTC), end.astimezone(UTC)
    return unit, [t for t in ticks if lo <= t.at.astimezone(UTC) <= hi]
