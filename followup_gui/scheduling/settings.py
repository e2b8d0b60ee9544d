"""User-adjustable knobs of the planner, independent of the playbook chosen per card."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import time

from followup_gui.domain.timezones import country_of_timezone

#: ``holidays_country`` (and a bridge-day item) meaning "the employer's country".
AUTO = "auto"


@dataclass(frozen=True, slots=True)
class PlannerSettings:
    """How the planner turns playbooks into due times.

    Attributes:
        business_start: calls start at this local time of the employer (R6).
        business_end: calls end before this local time of the employer (R6).
        plan_thank_you_cards: also plan a mailed card per interviewer in every
            playbook; the persistent playbook always plans one (R4).
        holidays_country: whose public holidays and bridge days are no
            business days: ``"auto"`` (the default) the employer's country as
            told by the application's time zone, an ISO code (``"US"``) or a
            region (``"DE-BY"``); ``None`` ignores holidays (X2).
        bridge_days: the items of the bridge-day setting (see
            :mod:`~followup_gui.scheduling.closures`): ``("auto",)`` is the
            built-in list of the country, ``("off",)`` none.
        thank_you_evening: local time (employer's zone) meant by "the same
            evening" for thank-you notes (R4).
        plan_status_check: plan one short status email about two weeks after
            applying when no interview came (general practice ``X1``, not one
            of the coaches' rules).
    """

    business_start: time = time(9, 0)
    business_end: time = time(17, 0)
    plan_thank_you_cards: bool = False
    holidays_country: str | None = AUTO
    thank_you_evening: time = time(19, 0)
    plan_status_check: bool = True
    bridge_days: tuple[str, ...] = (AUTO,)

    def __post_init__(self) -> None:
        """Reject an empty business day, which would leave no time to call."""
        if self.business_start >= self.business_end:
            raise ValueError("business_start must be before business_end")


DEFAULT_SETTINGS = PlannerSettings()


@functools.lru_cache(maxsize=512)
def for_zone(settings: PlannerSettings, timezone: str) -> PlannerSettings:
    """``settings`` with ``holidays_country="auto"`` resolved for an employer's zone.

    ``America/New_York`` gives ``US``; a zone of no single country (``UTC``)
    gives no holidays. Any other value is returned as it is.
    """
    if settings.holidays_country != AUTO:
        return settings
    return replace(settings, holidays_country=country_of_timezone(timezone))
