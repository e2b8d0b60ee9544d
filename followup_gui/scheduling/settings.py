"""User-adjustable knobs of the planner, independent of the playbook chosen per card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True, slots=True)
class PlannerSettings:
    """How the planner turns playbooks into due times.

    Attributes:
        business_start: calls start at this local time of the employer (R6).
        business_end: calls end before this local time of the employer (R6).
        plan_thank_you_cards: also plan a mailed card per interviewer in every
            playbook; the persistent playbook always plans one (R4).
        holidays_country: ISO country code of the employer (e.g. ``"US"``,
            ``"DE"``); its public holidays are not business days. ``None``
            ignores holidays.
        thank_you_evening: local time (employer's zone) meant by "the same
            evening" for thank-you notes (R4).
        plan_status_check: plan one short status email about two weeks after
            applying when no interview came (general practice ``X1``, not one
            of the coaches' rules).
    """

    business_start: time = time(9, 0)
    business_end: time = time(17, 0)
    plan_thank_you_cards: bool = False
    holidays_country: str | None = None
    thank_you_evening: time = time(19, 0)
    plan_status_check: bool = True

    def __post_init__(self) -> None:
        """Reject an empty business day, which would leave no time to call."""
        if self.business_start >= self.business_end:
            raise ValueError("business_start must be before business_end")


DEFAULT_SETTINGS = PlannerSettings()
