"""The default country for phone numbers typed without ``+``: a setting, else the locale.

Only QtCore (no widgets): the command line uses it as well as the contacts view.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from followup_gui.settings import Option, Settings

#: Two-letter country code (``US``, ``DE``); empty means "from the system locale".
PHONE_REGION = Option("contacts/phone_region", "")


def default_region(settings: Settings | None = None) -> str | None:
    """The phone region to use, or None when neither setting nor locale names a country."""
    value = (settings or Settings()).get(PHONE_REGION).strip().upper()
    if len(value) == 2 and value.isalpha():
        return value
    name = QLocale.system().name()  # e.g. "en_US"; "C" names no country
    _, _, country = name.partition("_")
    return country.upper() if len(country) == 2 and country.isalpha() else None
