"""One typed registry of the user's settings, stored as INI through QSettings.

Only QtCore is needed (no QApplication), so the command line reads the same
settings as the window: one file, ``FollowUp/followup.ini`` in the user's
configuration folder (``~/.config/FollowUp/followup.ini`` on Linux), whatever the
application name Qt was told. ``--config FILE`` (``FOLLOWUP_CONFIG``) names
another file (tests, several profiles); ``FOLLOWUP_CONFIG_DIR`` moves the folder
(tests use it, and ``QStandardPaths.setTestModeEnabled`` moves it away from the
real one too).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QSettings, QStandardPaths

from followup_gui.private_files import private_dir, write_private

if TYPE_CHECKING:  # the window reads settings before its first paint: import late
    from datetime import time

    from followup_gui.scheduling import PlannerSettings

T = TypeVar("T", str, int, bool)


class Option(NamedTuple, Generic[T]):
    """A named setting with its type and default (a tuple: no dataclasses at start-up)."""

    key: str
    default: T


DEFAULT_PLAYBOOK = Option("planner/default_playbook", "balanced")  # PlaybookName.BALANCED
BUSINESS_START = Option("planner/business_start", "09:00")
BUSINESS_END = Option("planner/business_end", "17:00")
PLAN_THANK_YOU_CARDS = Option("planner/plan_thank_you_cards", False)
# One status email about two weeks after applying without news (general practice X1).
PLAN_STATUS_CHECK = Option("planner/plan_status_check", True)
#: Whose holidays are no business days: "auto" (the employer's country, from the
#: application's time zone; also an empty value), "off", a code ("US") or a region ("DE-BY").
HOLIDAYS_COUNTRY = Option("planner/holidays_country", "auto")
#: Days most offices are closed or thin (X2): "auto" (the built-in list of the
#: country), "off", or rules such as "12-24, DE:easter+40" (``scheduling.closures``).
BRIDGE_DAYS = Option("planner/bridge_days", "auto")
QUIET_START = Option("reminders/quiet_start", "21:00")
QUIET_END = Option("reminders/quiet_end", "08:00")
CLOSE_TO_TRAY = Option("window/close_to_tray", True)
#: View > Theme: "system" (the desktop's colour scheme), "light" or "dark".
THEME = Option("window/theme", "system")
TRAY_NOTICE_SHOWN = Option("window/tray_notice_shown", False)
PROFILE_PROMPTED = Option("profile/first_run_prompted", False)


SETTINGS_NAME = "followup.ini"


def settings_file() -> Path:
    """Where the INI file lives (the same for the window and every command)."""
    named = os.environ.get("FOLLOWUP_CONFIG")
    if named:
        return Path(named)
    override = os.environ.get("FOLLOWUP_CONFIG_DIR")
    if override:
        return Path(override) / SETTINGS_NAME
    generic = QStandardPaths.StandardLocation.GenericConfigLocation
    target = Path(QStandardPaths.writableLocation(generic)) / "FollowUp" / SETTINGS_NAME
    if not target.exists():
        _adopt_older_file(target)
    return target


def _adopt_older_file(target: Path) -> None:
    """Copy the settings an older version wrote elsewhere, so none is lost.

    Before, the window wrote ``<config>/FollowUp/FollowUp/followup.ini`` (Qt's
    per-application folder) and the command line read ``<config>/followup.ini``.
    The window's file wins; the older files are left where they are.
    """
    base = target.parent.parent
    for older in (base / "FollowUp" / "FollowUp" / SETTINGS_NAME, base / SETTINGS_NAME):
        if older.is_file():
            private_dir(target.parent)
            write_private(target, older.read_bytes())
            return


def _make_private(path: Path) -> None:
    """The settings file 0600 in a 0700 folder, whatever the umask.

    Created empty before Qt writes it: Qt's safe save keeps an existing file's mode.
    """
    try:
        private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # a read-only settings folder: Qt reports what it cannot write


def _parse_time(text: str, default: str) -> time:
    from datetime import time

    try:
        return time.fromisoformat(text)
    except ValueError:
        return time.fromisoformat(default)


class Settings:
    """Typed access to the settings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_file()
        _make_private(self.path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        """The stored value, or the default when missing or of the wrong type."""
        raw: Any = self._qs.value(option.key, option.default)
        value: Any = raw
        if isinstance(option.default, bool):
            value = raw.lower() in ("true", "1", "yes") if isinstance(raw, str) else bool(raw)
        elif isinstance(option.default, int):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = option.default
        else:
            value = str(raw)
        return value  # type: ignore[no-any-return]

    def set(self, option: Option[T], value: T) -> None:
        """Store a value (written to disk at once)."""
        self._qs.setValue(option.key, value)
        self._qs.sync()
        _make_private(self.path)

    def travelling(self) -> dict[str, Any]:
        """The planner settings a JSON export carries (:data:`TRAVELLING`), by key."""
        return {key: self.get(USER_OPTIONS[key]) for key in TRAVELLING}

    def store(self, values: Mapping[str, Any]) -> None:
        """Store checked values by key (the settings an import carried)."""
        for key, value in values.items():
            self.set(USER_OPTIONS[key], value)

    def planner_settings(self) -> PlannerSettings:
        """The planner's knobs from the stored values (bad values fall back to defaults)."""
        from followup_gui.scheduling import PlannerSettings

        start = _parse_time(self.get(BUSINESS_START), BUSINESS_START.default)
        end = _parse_time(self.get(BUSINESS_END), BUSINESS_END.default)
        if start >= end:
            start, end = _parse_time("09:00", ""), _parse_time("17:00", "")
        return PlannerSettings(
            business_start=start,
            business_end=end,
            plan_thank_you_cards=self.get(PLAN_THANK_YOU_CARDS),
            plan_status_check=self.get(PLAN_STATUS_CHECK),
            holidays_country=holiday_country(self.get(HOLIDAYS_COUNTRY)),
            bridge_days=_bridge_days(self.get(BRIDGE_DAYS)),
        )


def holiday_country(stored: str) -> str | None:
    """The planner's ``holidays_country`` for a stored value (``None``: off)."""
    text = stored.strip()
    if text.lower() in ("", "auto"):
        return "auto"
    if text.lower() in ("off", "none"):
        return None
    return text.upper()


def _bridge_days(stored: str) -> tuple[str, ...]:
    """The planner's bridge-day items for a stored value (a bad value: the built-in list)."""
    from followup_gui.scheduling.closures import parse_bridge_days

    try:
        return parse_bridge_days(stored)
    except ValueError:
        return ("auto",)


# Reminders (ui/tray.py): an ISO instant, empty when reminders are not paused.
REMINDERS_PAUSED_UNTIL = Option("reminders/paused_until", "")

# Automatic backups (storage/backups.py): the newest of each of the last N days / weeks.
BACKUP_KEEP_DAILY = Option("backups/keep_daily", 7)
BACKUP_KEEP_WEEKLY = Option("backups/keep_weekly", 4)


def backup_retention(settings: Settings) -> tuple[int, int]:
    """How many daily and weekly backups to keep (never fewer than one daily)."""
    return max(1, settings.get(BACKUP_KEEP_DAILY)), max(0, settings.get(BACKUP_KEEP_WEEKLY))


#: The settings ``followup-gui settings`` lists, reads and changes, by key.
USER_OPTIONS: dict[str, Option[Any]] = {
    o.key: o
    for o in (
        DEFAULT_PLAYBOOK,
        BUSINESS_START,
        BUSINESS_END,
        PLAN_THANK_YOU_CARDS,
        PLAN_STATUS_CHECK,
        HOLIDAYS_COUNTRY,
        BRIDGE_DAYS,
        QUIET_START,
        QUIET_END,
        REMINDERS_PAUSED_UNTIL,
        CLOSE_TO_TRAY,
        BACKUP_KEEP_DAILY,
        BACKUP_KEEP_WEEKLY,
    )
}
_TIMES = {BUSINESS_START.key, BUSINESS_END.key, QUIET_START.key, QUIET_END.key}


def parse_setting(key: str, text: str) -> str | int | bool:
    """The value ``text`` means for the setting ``key``, checked.

    Raises:
        KeyError: no such setting.
        ValueError: the text is not a valid value (the message says which are).
    """
    option = USER_OPTIONS[key]
    raw = text.strip()
    if isinstance(option.default, bool):
        if raw.lower() in ("true", "yes", "on", "1"):
            return True
        if raw.lower() in ("false", "no", "off", "0"):
            return False
        raise ValueError(f"'{text}' is not true or false")
    if isinstance(option.default, int):
        try:
            number = int(raw)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if number < 0:
            raise ValueError(f"{number} is below 0")
        return number
    if key in _TIMES:
        from datetime import time

        hours, _, minutes = raw.partition(":")
        try:
            return time(int(hours), int(minutes)).strftime("%H:%M")
        except ValueError:
            raise ValueError(f"'{text}' is not a time like 09:30") from None
    if key == DEFAULT_PLAYBOOK.key:
        from followup_gui.scheduling import PLAYBOOKS

        names = [str(name) for name in PLAYBOOKS]
        if raw not in names:
            raise ValueError(f"'{text}' is not one of {', '.join(names)}")
        return raw
    if key == HOLIDAYS_COUNTRY.key:
        if raw.lower() in ("", "auto"):
            return "auto"
        if raw.lower() in ("off", "none"):
            return "off"
        from followup_gui.scheduling.closures import known_region

        return known_region(raw)
    if key == BRIDGE_DAYS.key:
        from followup_gui.scheduling.closures import parse_bridge_days

        return ", ".join(parse_bridge_days(raw))
    if key == REMINDERS_PAUSED_UNTIL.key and raw:
        from datetime import datetime

        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{text}' is not an ISO 8601 date and time") from None
        if moment.tzinfo is None:
            raise ValueError(f"'{text}' needs a UTC offset")
        return moment.isoformat()
    return raw


#: The settings a JSON file carries (``"settings"``): how the plan is made.
TRAVELLING = (
    DEFAULT_PLAYBOOK.key,
    BUSINESS_START.key,
    BUSINESS_END.key,
    PLAN_THANK_YOU_CARDS.key,
    HOLIDAYS_COUNTRY.key,
    BRIDGE_DAYS.key,
    QUIET_START.key,
    QUIET_END.key,
)


def with_values(base: PlannerSettings, values: Mapping[str, object]) -> PlannerSettings:
    """``base`` with the planner settings named in ``values`` (checked values) applied.

    Raises:
        ValueError: the business day would be empty.
    """
    from dataclasses import replace
    from datetime import time

    changes: dict[str, object] = {}
    for key, field in (
        (BUSINESS_START.key, "business_start"),
        (BUSINESS_END.key, "business_end"),
    ):
        if key in values:
            changes[field] = time.fromisoformat(str(values[key]))
    if PLAN_THANK_YOU_CARDS.key in values:
        changes["plan_thank_you_cards"] = bool(values[PLAN_THANK_YOU_CARDS.key])
    if HOLIDAYS_COUNTRY.key in values:
        changes["holidays_country"] = holiday_country(str(values[HOLIDAYS_COUNTRY.key]))
    if BRIDGE_DAYS.key in values:
        changes["bridge_days"] = _bridge_days(str(values[BRIDGE_DAYS.key]))
    return replace(base, **changes)  # type: ignore[arg-type]
