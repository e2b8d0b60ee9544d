"""Load what the first contact opened needs while the user looks at the board.

The address and number checkers import their libraries and compile their
patterns on first use (about a tenth of a second). Checking one made-up contact
in a thread, shortly after the window shows its data, moves that cost away from
the moment the user first opens a contact.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QTimer

from followup_gui.settings import Settings

#: How long after the window shows its data the checkers are loaded.
WARM_UP_AFTER_MS = 1500


def check_sample(region: str | None) -> None:
    """Check one made-up contact's values (the result is not used)."""
    from followup_gui.domain.validation import check_contact_values

    try:
        check_contact_values(["someone@example.org"], ["+1 212 555 0100"], "", "", region)
    except Exception:  # only a warm-up: the real use reports its own errors
        logging.getLogger(__name__).warning("warming up the checkers failed", exc_info=True)


def warm_up_later(settings: Settings) -> None:
    """Start :func:`check_sample` in a thread after :data:`WARM_UP_AFTER_MS`."""
    from followup_gui.ui.contacts.region import default_region

    region = default_region(settings)

    def start() -> None:
        threading.Thread(target=check_sample, args=(region,), daemon=True).start()

    QTimer.singleShot(WARM_UP_AFTER_MS, start)
