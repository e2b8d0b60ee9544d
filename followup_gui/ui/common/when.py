"""How FollowUp writes a date and a time: one module, through :class:`QLocale`.

Every screen that shows when something happens or is due asks here, so a step
reads the same on a card, in the agenda, in the next-step panel and on the
timeline:

* a planned step says when in words relative to today plus the date:
  "tomorrow 19:00", "in 3 days · Fri, 11 Dec 10:00";
* a step inside its window is due: "due now · until 18:00";
* a step whose window has ended is overdue, and looks it everywhere
  (:data:`OVERDUE_SIGN`, :func:`overdue_colour`): "⚠ 6 days overdue · Tue, 1 Dec";
* the year appears only when it is not this year;
* a time is shown in the user's zone, with the employer's beside it when their
  clock differs: "tomorrow 19:00 (their 13:00 EST)".

Day and month names, their order and the time format come from the default
:class:`QLocale` (its long date format, shortened), so a German user reads
"Fr., 11. Dez." and an American "Fri, Dec 11".
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime
from PySide6.QtGui import QColor, QPalette

from followup_gui.domain.timing import StepState, step_state

#: Put before every overdue "when", wherever it is shown.
OVERDUE_SIGN = "⚠"
#: The one colour of overdue text (on a light background; see :func:`overdue_colour`).
OVERDUE_RED = QColor("#c62828")
#: From this many days ahead, "in n weeks" instead of "in n days".
_WEEKS_FROM = 14


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("When", text, None, n)


def overdue_colour(palette: QPalette | None = None) -> QColor:
    """The colour of overdue text: red, lighter on a dark background."""
    if palette is not None and palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return OVERDUE_RED.lighter(160)
    return QColor(OVERDUE_RED)


@cache
def local_zone() -> ZoneInfo:
    """The user's own time zone as an IANA zone (DST-aware, unlike a fixed offset)."""
    from PySide6.QtCore import QTimeZone

    from followup_gui.domain.timezones import is_valid_timezone, local_timezone_name

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return ZoneInfo(name if is_valid_timezone(name) else local_timezone_name())


# -- formats ------------------------------------------------------------------
@cache
def _day_formats(long_format: str) -> tuple[str, str]:
    """The locale's long date format shortened: without and with the year.

    ``"dddd, d MMMM yyyy"`` gives ``("ddd, d MMM", "ddd, d MMM yyyy")``; the year
    goes with what only it needed (``"yyyy年"``, ``"yyyy 'г'."``, a comma before it).
    """
    short = long_format.replace("dddd", "ddd").replace("MMMM", "MMM")
    no_year = re.sub(r"\s*yyyy(\s*'[^']*'\.?|年|\.)?", "", short).strip(" ,./-")
    return no_year or short, short


def _locale() -> QLocale:
    return QLocale()


def day_text(day: date, today: date) -> str:
    """A day with its weekday, the year only when it is not this year.

    ``"Fri, 11 Dec"``, ``"Mon, 20 Jan 2025"`` (in the C locale).
    """
    locale = _locale()
    without, with_year = _day_formats(locale.dateFormat(QLocale.FormatType.LongFormat))
    form = without if day.year == today.year else with_year
    return locale.toString(QDate(day.year, day.month, day.day), form)


def clock_text(moment: datetime) -> str:
    """The wall-clock time of ``moment`` in its own zone (``"19:00"``, ``"7:00 PM"``)."""
    locale = _locale()
    return locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def moment_text(moment: datetime, now: datetime, local_tz: tzinfo | None = None) -> str:
    """A past or future instant as a date and time in the user's zone.

    For history (attempts, interviews, backups): ``"Tue, 1 Dec 10:00"``, with the
    year when it is not this year.
    """
    tz = local_tz or local_zone()
    mine = moment.astimezone(tz)
    return f"{day_text(mine.date(), now.astimezone(tz).date())} {clock_text(mine)}"


def relative_day(day: date, today: date) -> str:
    """``day`` in words relative to ``today``: "today", "tomorrow", "in 3 days", "2 weeks ago"."""
    days = (day - today).days
    if days == 0:
        return _tr("today")
    if days == 1:
        return _tr("tomorrow")
    if days == -1:
        return _tr("yesterday")
    if days > 0:
        if days < _WEEKS_FROM:
            return _tr("in %n day", days) if days == 1 else _tr("in %n days", days)
        weeks = days // 7
        return _tr("in %n week", weeks) if weeks == 1 else _tr("in %n weeks", weeks)
    ago = -days
    if ago < _WEEKS_FROM:
        return _tr("%n days ago", ago)
    weeks = ago // 7
    return _tr("%n week ago", weeks) if weeks == 1 else _tr("%n weeks ago", weeks)


def their_time(moment: datetime, local_tz: tzinfo | None = None) -> str:
    """The employer's clock beside the user's, when they differ: ``" (their 13:00 EST)"``.

    ``moment`` is in the employer's zone. Empty when both clocks read the same.
    The employer's weekday is added when it is another day there.
    """
    tz = local_tz or local_zone()
    mine = moment.astimezone(tz)
    if moment.utcoffset() == mine.utcoffset():
        return ""
    clock = clock_text(moment)
    if moment.date() != mine.date():
        locale = _locale()
        weekday = locale.dayName(moment.isoweekday(), QLocale.FormatType.ShortFormat)
        clock = f"{weekday} {clock}"
    return " " + _tr("(their {time} {zone})").format(time=clock, zone=_zone_name(moment))


def _zone_name(moment: datetime) -> str:
    """The zone's abbreviation (``"EST"``), or its offset when it has none (``"UTC+04"``)."""
    name = moment.tzname() or ""
    if name[:1].isalpha():
        return name
    return f"UTC{name}" if name else "UTC"


def _at(moment: datetime, today: date, tz: tzinfo) -> str:
    """``"18:00"`` today, ``"tomorrow 18:00"``, else ``"Fri, 11 Dec 18:00"``; then their time."""
    mine = moment.astimezone(tz)
    days = (mine.date() - today).days
    clock = clock_text(mine)
    if days == 0:
        text = clock
    elif days == 1:
        text = _tr("tomorrow {time}").format(time=clock)
    else:
        text = f"{day_text(mine.date(), today)} {clock}"
    return text + their_time(moment, tz)


def when_text(
    due: datetime,
    now: datetime,
    window_end: datetime | None = None,
    local_tz: tzinfo | None = None,
    *,
    compact: bool = False,
    day_shown: bool = False,
) -> str:
    """When a planned step is due, in words, as every screen shows it.

    Args:
        due: when the step is due (aware, best in the employer's zone: their
            clock is shown beside the user's when it differs).
        now: the instant the words are for.
        window_end: the end of the step's window; without it the step is read
            as due until ``due`` itself.
        local_tz: the user's zone (default: the system's).
        compact: the card's short form, the same words without the employer's
            clock, the window's end or an overdue step's date ("due now",
            "in 3 days · Fri, 11 Dec", "⚠ 6 days overdue"); the panel says the rest.
        day_shown: the day is already named (the agenda's day groups): a step
            still to come is said by its time alone ("15:00 (their 09:00 EST)").

    Returns:
        ``"tomorrow 19:00"``, ``"in 3 days · Fri, 11 Dec 10:00 (their 09:00 CET)"``,
        ``"due now · until 18:00"``, ``"⚠ 6 days overdue · Tue, 1 Dec"``.
    """
    tz = local_tz or local_zone()
    today = now.astimezone(tz).date()
    state = step_state(due, due if window_end is None else window_end, now)
    mine = due.astimezone(tz)
    if state is StepState.OVERDUE:
        late = (today - mine.date()).days
        if late <= 0:
            words = _tr("overdue since {time}").format(time=clock_text(mine))
        else:
            words = _tr("%n day overdue", late) if late == 1 else _tr("%n days overdue", late)
            if not compact:
                words = f"{words} · {day_text(mine.date(), today)}"
        return f"{OVERDUE_SIGN} {words}"
    if state is StepState.DUE:
        assert window_end is not None  # DUE needs a window past ``due``
        if compact:
            return _tr("due now")
        return _tr("due now · until {end}").format(end=_at(window_end, today, tz))
    days = (mine.date() - today).days
    clock = clock_text(mine) + ("" if compact else their_time(due, tz))
    if day_shown:
        return clock
    if days in (0, 1):
        return f"{relative_day(mine.date(), today)} {clock}"
    if compact:
        return f"{relative_day(mine.date(), today)} · {day_text(mine.date(), today)}"
    return f"{relative_day(mine.date(), today)} · {day_text(mine.date(), today)} {clock}"


def full_day_text(day: date) -> str:
    """A day with its weekday and always its year: ``"Tue, 3 Nov 2026"``.

    For a date the user checks on its own, out of context (how a CSV cell was read).
    """
    return _locale().toString(QDate(day.year, day.month, day.day), date_edit_format())


@cache
def _without_weekday(form: str) -> str:
    """A date format without its weekday: ``"ddd, d MMM"`` gives ``"d MMM"``."""
    return re.sub(r"\s*d{3,4}[,.]?\s*", " ", form).strip(" ,")


def short_day_text(day: date, today: date | None) -> str:
    """A day without its weekday, the year only when it is not this year.

    For narrow labels (a chart's weeks): ``"7 Dec"``, ``"29 Dec 2025"`` (C locale),
    ``"Dec 7"`` (American). ``today=None`` never writes the year: for labels too
    narrow for it whose year is said beside them (a timeline's week ticks).
    """
    without, with_year = _day_formats(_locale().dateFormat(QLocale.FormatType.LongFormat))
    form = _without_weekday(without if today is None or day.year == today.year else with_year)
    return _locale().toString(QDate(day.year, day.month, day.day), form)


def weekday_day_text(day: date) -> str:
    """A weekday and its day of the month, for a day tick on a timeline: ``"Tue 8"``."""
    return _locale().toString(QDate(day.year, day.month, day.day), "ddd d")


def month_text(day: date) -> str:
    """A month and its year, for a month tick on a timeline: ``"Dec 2026"``."""
    return _locale().toString(QDate(day.year, day.month, day.day), "MMM yyyy")


def at_text(moment: datetime, now: datetime, local_tz: tzinfo | None = None) -> str:
    """A moment ahead in the user's zone: ``"18:00"`` today, ``"tomorrow 08:00"``, else the day.

    For the end of something that lasts (a pause of reminders, a step's window).
    """
    tz = local_tz or local_zone()
    return _at(moment, now.astimezone(tz).date(), tz)


def date_edit_format() -> str:
    """The display format of date editors: the locale's day, with the year."""
    return _day_formats(_locale().dateFormat(QLocale.FormatType.LongFormat))[1]


def time_edit_format() -> str:
    """The display format of time editors: the locale's short time (``"HH:mm"``, ``"h:mm AP"``)."""
    return _locale().timeFormat(QLocale.FormatType.ShortFormat)


def date_time_edit_format() -> str:
    """The display format of date-and-time editors: :func:`date_edit_format`, then the time."""
    return f"{date_edit_format()}  {time_edit_format()}"
