"""Time-zone names: validation and the user's own zone."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def is_valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time-zone name this machine knows."""
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


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
