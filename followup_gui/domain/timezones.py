"""Time-zone names: validation and the user's own zone."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from followup_gui.domain.checks import is_known_timezone


def is_valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time-zone name this machine knows.

    Checked against the tz database's list (:mod:`followup_gui.domain.checks`),
    never by opening a file named after it.
    """
    if is_known_timezone(name):
        return True
    if _zone_names_available():
        return False
    # No list on this machine (tz data inside a bundle): ask zoneinfo, guarded.
    if not name or len(name) > 64 or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@cache
def _zone_names_available() -> bool:
    return bool(available_timezones())


def local_timezone_name() -> str:
    """The IANA name of the user's time zone, or ``"UTC"`` when it cannot be told."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and is_valid_timezone(env):
        return env
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if is_valid_timezone(name):
            return name
    timezone_file = Path("/etc/timezone")
    if timezone_file.exists():
        name = timezone_file.read_text(encoding="utf-8").strip()
        if is_valid_timezone(name):
            return name
    return "UTC"


def all_timezones() -> list[str]:
    """Every IANA zone name, sorted (for pickers)."""
    return sorted(available_timezones())


def _zone_tab_paths() -> list[Path]:
    import zoneinfo

    paths = [Path(p) / "zone.tab" for p in zoneinfo.TZPATH]
    try:
        import tzdata  # type: ignore[import-not-found, unused-ignore]

        paths.append(Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab")
    except ImportError:
        pass
    return paths


def country_of_timezone(name: str) -> str | None:
    """The ISO country code whose zone ``name`` is (``America/New_York`` -> ``US``).

    Returns ``None`` for zones that belong to no single country (``UTC``) or when the
    zone table is not available.
    """
    return _zone_countries().get(name)


@cache
def _zone_countries() -> dict[str, str]:
    """Zone name -> country code, from the first readable ``zone.tab`` (read once)."""
    for path in _zone_tab_paths():
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        countries: dict[str, str] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) >= 3:
                countries.setdefault(fields[2], fields[0])
        return countries
    return {}
