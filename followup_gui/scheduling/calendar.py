"""Business calendar in the employer's time zone: when a call is allowed (R6).

Calls belong on Tuesday-Friday (never a weekend, never a Monday), inside business
hours of the employer's IANA time zone, and not on a public holiday of the
employer's country nor one of its bridge days (``closures``), on by default.

Time arithmetic: Python adds a ``timedelta`` to an aware datetime on the *wall
clock* of its ``tzinfo``, which is wrong across a DST change. Absolute spans (such
as "24 hours after the interview") are therefore computed in UTC
(:func:`add_absolute`), and local times are built with :func:`local_instant`,
which never returns a non-existent local time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain.values import require_aware
from followup_gui.scheduling.closures import closed_days
from followup_gui.scheduling.settings import AUTO, DEFAULT_SETTINGS, PlannerSettings, for_zone

# Tuesday..Friday (Monday is 0): R6 "never call on a Monday", no weekends.
CALL_WEEKDAYS: frozenset[int] = frozenset({1, 2, 3, 4})
# Monday..Friday: the days that count in "3 business days after".
BUSINESS_WEEKDAYS: frozenset[int] = frozenset({0, 1, 2, 3, 4})
# No country has this many holidays in a row; reaching it means a bug.
_MAX_SEARCH_DAYS = 60


def zone(tz: ZoneInfo | str) -> ZoneInfo:
    """Return the ``ZoneInfo`` for an IANA name (or the zone itself).

    Raises:
        ValueError: the name is not a known IANA time zone.
    """
    if isinstance(tz, ZoneInfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone: {tz!r}") from exc


def add_absolute(moment: datetime, span: timedelta) -> datetime:
    """Add a real (elapsed) time span, correct across DST changes.

    Returns:
        The instant ``span`` after ``moment``, expressed in ``moment``'s zone.
    """
    require_aware(moment)
    return (moment.astimezone(UTC) + span).astimezone(moment.tzinfo)


def local_instant(day: date, at: time, tz: ZoneInfo | str) -> datetime:
    """Return the instant showing ``at`` on ``day`` on the clocks of ``tz``.

    A wall time that does not exist (skipped by a spring-forward change) becomes
    the same offset past the change (02:30 -> 03:30), so no due time ever shows
    a non-existent local time. An ambiguous wall time (repeated by a fall-back
    change) resolves to its first occurrence (``fold=0``), deterministically.

    Returns:
        An aware datetime in ``tz`` whose wall time and UTC offset agree.
    """
    tzinfo = zone(tz)
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    # The UTC round trip normalises a wall time in the gap to a real instant.
    return naive.replace(tzinfo=tzinfo).astimezone(UTC).astimezone(tzinfo)


def is_holiday(day: date, settings: PlannerSettings = DEFAULT_SETTINGS) -> bool:
    """Tell whether ``day`` is a public holiday or a bridge day of the configured country.

    ``"auto"`` must have been resolved for the employer's zone
    (:func:`~followup_gui.scheduling.settings.for_zone`); unresolved, it names no
    country and no day is a holiday.
    """
    country = settings.holidays_country
    if country is None or country == AUTO:
        return False
    return day in closed_days(country, settings.bridge_days, day.year)


def is_business_day(day: date, settings: PlannerSettings = DEFAULT_SETTINGS) -> bool:
    """Tell whether ``day`` is Monday-Friday and not a public holiday."""
    return day.weekday() in BUSINESS_WEEKDAYS and not is_holiday(day, settings)


def is_call_day(day: date, settings: PlannerSettings = DEFAULT_SETTINGS) -> bool:
    """Tell whether a call may be planned on ``day``: Tuesday-Friday, no holiday (R6)."""
    return day.weekday() in CALL_WEEKDAYS and not is_holiday(day, settings)


def add_business_days(day: date, count: int, settings: PlannerSettings = DEFAULT_SETTINGS) -> date:
    """Return the ``count``-th business day after ``day`` (``day`` itself for 0).

    Raises:
        ValueError: for a negative ``count``.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    remaining = count
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, settings):
            remaining -= 1
    return current


def next_call_slot(
    after: datetime,
    tz: ZoneInfo | str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> datetime:
    """Return the first instant at or after ``after`` when a call is allowed (R6).

    Args:
        after: the earliest acceptable instant (aware, any zone).
        tz: the employer's time zone; the result is expressed in it.
        settings: business hours and holiday country (``"auto"``: the country
            of ``tz``).

    Returns:
        ``after`` itself if it falls inside business hours of a call day,
        otherwise the start of business hours on the next call day.

    Raises:
        ValueError: for a naive ``after`` or an unknown time zone.
        RuntimeError: no call day within 60 days (a broken holiday table).
    """
    tzinfo = zone(tz)
    settings = for_zone(settings, tzinfo.key)
    here = require_aware(after, "after").astimezone(tzinfo)
    day = here.date()
    for _ in range(_MAX_SEARCH_DAYS):
        if is_call_day(day, settings):
            opens = local_instant(day, settings.business_start, tzinfo)
            closes = local_instant(day, settings.business_end, tzinfo)
            if here < closes:
                return max(here, opens)
        day += timedelta(days=1)
    raise RuntimeError(f"no call day within {_MAX_SEARCH_DAYS} days of {after.isoformat()}")


def is_call_slot(
    moment: datetime,
    tz: ZoneInfo | str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> bool:
    """Tell whether a call at ``moment`` respects R6 in the employer's zone."""
    tzinfo = zone(tz)
    settings = for_zone(settings, tzinfo.key)
    here = require_aware(moment).astimezone(tzinfo)
    if not is_call_day(here.date(), settings):
        return False
    opens = local_instant(here.date(), settings.business_start, tzinfo)
    closes = local_instant(here.date(), settings.business_end, tzinfo)
    return opens <= here < closes


def call_day_start(
    day: date,
    tz: ZoneInfo | str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> datetime:
    """Return the opening of business hours on the first call day on or after ``day``."""
    return next_call_slot(local_instant(day, settings.business_start, tz), tz, settings)


def business_close(moment: datetime, tz: ZoneInfo | str, settings: PlannerSettings) -> datetime:
    """Return the end of business hours on the local day of ``moment`` (never before it)."""
    tzinfo = zone(tz)
    here = require_aware(moment).astimezone(tzinfo)
    return max(here, local_instant(here.date(), settings.business_end, tzinfo))


def next_business_morning(
    moment: datetime,
    tz: ZoneInfo | str,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> datetime:
    """Return business opening on the first business day after ``moment``'s local day."""
    tzinfo = zone(tz)
    day = require_aware(moment).astimezone(tzinfo).date()
    return local_instant(add_business_days(day, 1, settings), settings.business_start, tzinfo)
