"""Days the employer's office is closed or thin: public holidays and bridge days (R6, X2).

R6 says calls belong on business days. A public holiday is not one, and neither
is a day on which most offices of a country are closed or nearly empty although
it is no public holiday: Christmas Eve and New Year's Eve in Germany, the Friday
after Thanksgiving in the United States. Those are the *bridge days* of
:data:`BRIDGE_DAYS`, one documented list per country (the README shows it).

Both are on by default, for the employer's country as told by the application's
time zone (``America/New_York`` -> ``US``). Settings can name a country or a
region (``DE-BY``: Bavaria's holidays too), or turn holidays off; and replace,
extend or turn off the bridge days.

Rule syntax of a bridge day (the setting ``planner/bridge_days`` uses it too):

- ``MM-DD``: that day every year (``12-24``);
- ``easter+N`` / ``easter-N``: N days after or before Easter Sunday
  (``easter+40`` is the Friday after Ascension Day, ``easter-3`` Maundy Thursday);
- ``thanksgiving+1``: the day after the fourth Thursday of November.

An item of the setting is a rule for every country, ``CC:RULE`` for one country
only, or ``auto`` for the built-in list of the employer's country.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date, timedelta

#: The built-in bridge days by country (ISO 3166 code): days most offices there
#: are closed or thin although they are no public holiday of the whole country.
#: A country not listed has none. Sources: common office practice per country;
#: each list is short on purpose, a day here delays a call by a day.
BRIDGE_DAYS: dict[str, tuple[str, ...]] = {
    # Friday after Thanksgiving; Christmas Eve; New Year's Eve.
    "US": ("thanksgiving+1", "12-24", "12-31"),
    # Boxing Day is a holiday of some provinces only, but offices are thin everywhere.
    "CA": ("12-24", "12-26", "12-31"),
    # Holy Thursday and Good Friday (Semana Santa), Our Lady of Guadalupe.
    "MX": ("easter-3", "easter-2", "12-12", "12-24", "12-31"),
    "GB": ("12-24", "12-31"),
    "IE": ("12-24", "12-31"),
    # Heiligabend, Silvester, the "Brückentag" after Ascension Day.
    "DE": ("easter+40", "12-24", "12-31"),
    "AT": ("easter+40", "12-24", "12-31"),
    # Good Friday, Easter and Whit Monday, 2 January, 26 December are cantonal
    # holidays almost everywhere; the Friday after Ascension is a bridge.
    "CH": ("01-02", "easter-2", "easter+1", "easter+40", "easter+50", "12-24", "12-26", "12-31"),
    # The "pont de l'Ascension".
    "FR": ("easter+40", "12-24", "12-31"),
    # Maundy Thursday is a holiday in most regions.
    "ES": ("easter-3", "12-24", "12-31"),
    "IT": ("12-24", "12-31"),
    "NL": ("easter+40", "12-24", "12-31"),
    "BE": ("easter+40", "12-24", "12-31"),
    "AU": ("12-24", "12-31"),
    "NZ": ("12-24", "12-31"),
    # Most offices close from 29 December to 3 January.
    "JP": ("12-29", "12-30", "12-31", "01-02", "01-03"),
}

AUTO = "auto"
OFF = "off"
_RULE = re.compile(r"^(?:(\d\d)-(\d\d)|easter([+-]\d{1,3})|thanksgiving\+1)$")
_ITEM = re.compile(r"^(?:([A-Z]{2}):)?(.+)$")


def parse_bridge_days(text: str) -> tuple[str, ...]:
    """The checked, normalised items of a ``planner/bridge_days`` value.

    ``auto`` (also an empty text) is the built-in list; ``off`` is none.

    Raises:
        ValueError: an item is not a rule (the message names it and the syntax).
    """
    raw = [part.strip() for part in re.split(r"[,;\s]+", text.strip()) if part.strip()]
    if not raw:
        return (AUTO,)
    items: list[str] = []
    for part in raw:
        lowered = part.lower()
        if lowered in (AUTO, OFF, "none"):
            items.append(AUTO if lowered == AUTO else OFF)
            continue
        match = _ITEM.match(part.upper() if ":" in part else part)
        country, rule = (match.group(1), match.group(2).lower()) if match else (None, lowered)
        if not _valid_rule(rule):
            raise ValueError(
                f"'{part}' is not a bridge day (write MM-DD, easter+N, easter-N or "
                "thanksgiving+1, optionally after a country code such as DE:12-24)"
            )
        items.append(f"{country}:{rule}" if country else rule)
    if OFF in items and len(items) > 1:
        raise ValueError("'off' cannot be combined with other bridge days")
    return tuple(dict.fromkeys(items))


def _valid_rule(rule: str) -> bool:
    match = _RULE.match(rule)
    if match is None:
        return False
    if match.group(1) is not None:
        try:
            date(2024, int(match.group(1)), int(match.group(2)))  # a leap year: 02-29 is fine
        except ValueError:
            return False
    return True


def bridge_rules(country: str, items: Iterable[str]) -> tuple[str, ...]:
    """The rules that apply in ``country`` (a code, maybe with a region) for ``items``."""
    base = country.split("-", 1)[0].upper()
    rules: list[str] = []
    for item in items:
        if item == AUTO:
            rules.extend(BRIDGE_DAYS.get(base, ()))
        elif item == OFF:
            return ()
        elif ":" in item:
            code, rule = item.split(":", 1)
            if code == base:
                rules.append(rule)
        else:
            rules.append(item)
    return tuple(dict.fromkeys(rules))


def rule_day(rule: str, year: int) -> date | None:
    """The day a rule names in ``year`` (``None`` for 29 February of a common year)."""
    match = _RULE.match(rule)
    if match is None:
        raise ValueError(f"not a bridge day rule: {rule!r}")
    if match.group(1) is not None:
        try:
            return date(year, int(match.group(1)), int(match.group(2)))
        except ValueError:
            return None
    if match.group(3) is not None:
        return _easter(year) + timedelta(days=int(match.group(3)))
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def _easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@functools.lru_cache(maxsize=256)
def closed_days(country: str, bridge: tuple[str, ...], year: int) -> frozenset[date]:
    """Public holidays and bridge days of ``country`` in ``year``.

    Args:
        country: an ISO code, or ``CC-REGION`` for a region's holidays too.
        bridge: the checked items of the bridge-day setting.
        year: the calendar year.
    """
    # Imported lazily: loading the country tables costs time nobody needs
    # while holidays are off.
    import holidays

    code, _, region = country.partition("-")
    try:
        days = set(holidays.country_holidays(code, subdiv=region or None, years=year).keys())
    except NotImplementedError:
        # A hand-edited settings file naming an unknown country or region: the
        # country's own holidays, else none, rather than no plan at all.
        return closed_days(code, bridge, year) if region else frozenset()
    for rule in bridge_rules(country, bridge):
        day = rule_day(rule, year)
        if day is not None:
            days.add(day)
    return frozenset(days)


def known_region(text: str) -> str:
    """``text`` as a holiday country (``DE``) or region (``DE-BY``) the tables know.

    Raises:
        ValueError: neither a known country nor a known region of one.
    """
    import holidays

    code, _, region = text.strip().upper().partition("-")
    supported = holidays.list_supported_countries()
    if code not in supported:
        raise ValueError(f"'{text}' is not a country code holidays are known for (e.g. US, DE)")
    if region and region not in supported[code]:
        raise ValueError(
            f"'{text}': {code} has no region {region} (known: {', '.join(supported[code])})"
        )
    return f"{code}-{region}" if region else code
