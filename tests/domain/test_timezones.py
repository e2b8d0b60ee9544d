"""The country of a time zone decides whose public holidays the planner skips."""

from __future__ import annotations

import pytest

from followup_gui.domain.timezones import country_of_timezone


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("Europe/Berlin", "DE"),
        ("Europe/Paris", "FR"),
        ("Asia/Kolkata", "IN"),
        ("Pacific/Auckland", "NZ"),
    ],
)
def test_zones_belong_to_their_country(zone: str, country: str) -> None:
    assert country_of_timezone(zone) == country


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+5", "Not/AZone", ""])
def test_zones_of_no_single_country_have_none(zone: str) -> None:
    assert country_of_timezone(zone) is None
