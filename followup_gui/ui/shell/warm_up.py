"""Load what the first opened tab and contact need while the user looks at the board.

The address and number checkers import their libraries and compile their
patterns on first use (about a tenth of a second), and the agenda, contacts
and insights tabs import their modules when first opened. Doing both in a
thread, shortly after the window shows its data, moves that cost away from the
moment the user first opens a tab or a contact.

Once started, the application also takes everything alive at that point out
of Python's garbage collection (:func:`freeze_later`, see
:mod:`followup_gui.gc_tuning`), and has worker threads hand the interpreter
back to the window more often (:func:`share_interpreter_with_window`).
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from followup_gui.gc_tuning import collect_due, freeze_start_up_objects
from followup_gui.settings import Settings

#: How long after the window shows its data the checkers are loaded.
WARM_UP_AFTER_MS = 1500
#: How long after the window shows its data start-up objects are frozen (the
#: warm-up has ended by then; what it loads is long-lived too).
FREEZE_AFTER_MS = WARM_UP_AFTER_MS + 1500
#: The modules of the tabs built when first opened (see ``ui/lazy_tab.py``).
TAB_MODULES = (
    "followup_gui.ui.followups.agenda.view",
    "followup_gui.ui.contacts.panel",
    "followup_gui.ui.insights.view",
    "followup_gui.ui.followups.timeline.view",
)


def check_sample(region: str | None) -> None:
    """Import the tabs' modules and check one made-up contact's values (unused)."""
    from followup_gui.domain.validation import check_contact_values

    try:
        for name in TAB_MODULES:
            importlib.import_module(name)
        check_contact_values(["someone@example.org"], ["+1 212 555 0100"], "", "", region)
    except Exception:  # only a warm-up: the real use reports its own errors
        logging.getLogger(__name__).warning("warming up failed", exc_info=True)


def warm_up_later(settings: Settings) -> None:
    """Start :func:`check_sample` in a thread after :data:`WARM_UP_AFTER_MS`."""
    from followup_gui.services.contacts.region import default_region

    region = default_region(settings)

    def start() -> None:
        threading.Thread(target=check_sample, args=(region,), daemon=True).start()

    QTimer.singleShot(WARM_UP_AFTER_MS, start)


#: How long a thread holds the interpreter before offering it to another (Python's
#: default is 5 ms).
SWITCH_INTERVAL_S = 0.001


def share_interpreter_with_window() -> None:
    """Have busy worker threads (exports, imports, loads) offer the interpreter every 1 ms.

    With Python's 5 ms, each step of the window's own Python code (a paint, an
    event filter) waited up to 5 ms for a busy worker: a progress dialog appearing
    during a vCard export of 6,000 contacts froze the window ~140 ms; with 1 ms,
    ~35 ms. The work itself takes as long (measured: 465 vs 472 ms).
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def freeze_later() -> None:
    """Freeze the start-up objects once, :data:`FREEZE_AFTER_MS` from now."""
    QTimer.singleShot(FREEZE_AFTER_MS, freeze_start_up_objects)


#: How often the window's thread checks whether a collection is due.
COLLECT_EVERY_MS = 1000


def collect_in_this_thread(parent: QObject) -> QTimer:
    """Switch off the automatic garbage collector; collect from a timer of this thread.

    Only this (the window's) thread then frees objects in reference cycles, so
    no worker thread frees a Qt object of the window (see ``gc_tuning``). The
    timer lives as long as ``parent``.
    """
    thresholds = gc.get_threshold()
    gc.disable()

    def tick() -> None:
        gc.disable()  # a worker's pause that began before may have switched it on again
        collect_due(thresholds)

    timer = QTimer(parent)
    timer.setInterval(COLLECT_EVERY_MS)
    timer.timeout.connect(tick)
    timer.start()
    return timer


def settle_after_start_up() -> None:
    """What the application does for itself once its window shows its data.

    Worker threads share the interpreter more often, and start-up objects are
    frozen out of the garbage collection shortly after. The application's own
    process only (``app.py``; the bench's window mimics it), never tests' windows.
    """
    share_interpreter_with_window()
    freeze_later()
    app = QCoreApplication.instance()
    if app is not None:
        collect_in_this_thread(app)
