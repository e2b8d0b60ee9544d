"""Quiet hours: the part of the user's night when no reminder may interrupt them.

Plain Python (no Qt): the reminder loop asks when a reminder that falls inside the
quiet hours may go out instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily span of wall-clock time, possibly across midnight (21:00-08:00).

    Attributes:
        start: the first quiet minute.
        end: the first minute reminders may go out again. ``start == end`` turns
            quiet hours off.
    """

    start: time = time(21, 0)
    end: time = time(8, 0)

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        """Quiet hours from ``"HH:MM"`` texts; an unreadable text keeps its default.

        Args:
            start: e.g. ``"21:00"``.
            end: e.g. ``"08:00"``.

        Returns:
            The quiet hours the texts describe.
        """
        default = cls()
        return cls(_parse(start, default.start), _parse(end, default.end))

    @property
    def enabled(self) -> bool:
        """False when start and end are equal (no quiet hours at all)."""
        return self.start != self.end

    def contains(self, moment: time) -> bool:
        """Whether a wall-clock time falls inside the quiet hours.

        Args:
            moment: a naive wall-clock time (seconds are taken into account).
        """
        if not self.enabled:
            return False
        moment = moment.replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def resume_at(self, local: datetime) -> datetime:
        """The first instant at or after ``local`` outside the quiet hours.

        Args:
            local: an aware instant expressed in the user's own time zone, so its
                wall clock is the one the quiet hours are about.

        Returns:
            ``local`` itself when it is not quiet, else the next ``end`` ("the
            morning"), in the same time zone.
        """
        if not self.contains(local.time()):
            return local
        morning = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if morning <= local:
            # Wall-clock arithmetic: "tomorrow at 08:00" even across a DST change.
            morning += timedelta(days=1)
        return morning


def _parse(text: str, default: time) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        return default
