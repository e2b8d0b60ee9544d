"""The tray in a real X session: embedded by a tray host, count updated, notifications shown.

Run it with ``.ci/gui-session.sh .venv/bin/pytest -m desktop tests/desktop``; it
skips anywhere without a tray host and a notification service (offscreen tests).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.followups import tray as tray_module
from followup_gui.ui.followups.tray import ReminderTray
from tests.services.followups.test_reminders import FakeClock, add_follow_up

pytestmark = pytest.mark.desktop

T0 = datetime(2024, 5, 15, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SNI = "org.kde.StatusNotifierItem"


@pytest.fixture
def desktop(qtbot, monkeypatch: pytest.MonkeyPatch):
    if not QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("no system tray (run under .ci/gui-session.sh)")
    if not (shutil.which("dunstctl") and shutil.which("gdbus")):
        pytest.skip("dunstctl or gdbus missing")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    subprocess.run(["dunstctl", "close-all"], check=True)  # Debian 12's dunst has no history-clear
    return qtbot


def run(qtbot, *args: str) -> str:
    """Run a command while Qt keeps serving D-Bus (the host may call back into us)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        # Files, not pipes: a large reply (an icon's pixels) would fill a pipe and stall.
        proc = subprocess.Popen(args, stdout=out, stderr=err, text=True)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        out.seek(0)
        err.seek(0)
        assert proc.returncode == 0, err.read()
        return out.read()


def registered_items(qtbot) -> str:
    return run(
        qtbot,
        *("gdbus", "call", "--session", "-d", "org.kde.StatusNotifierWatcher"),
        *("-o", "/StatusNotifierWatcher", "-m", "org.freedesktop.DBus.Properties.Get"),
        *("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems"),
    )


def item_property(qtbot, item: str, name: str) -> str:
    service, _, path = item.partition("/")
    return run(
        qtbot,
        *("gdbus", "call", "--session", "-d", service, "-o", "/" + (path or "StatusNotifierItem")),
        *("-m", "org.freedesktop.DBus.Properties.Get", SNI, name),
    )


def history_summaries(qtbot) -> list[str]:
    data = json.loads(run(qtbot, "dunstctl", "history"))["data"][0]
    return [n["summary"]["data"] for n in data]


def test_icon_is_embedded_count_updates_and_a_due_follow_up_is_notified(
    desktop, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot = desktop
    # Short messages: dunst moves them to its history when they expire.
    monkeypatch.setattr(tray_module, "MESSAGE_MS", 1500)
    before = registered_items(qtbot)
    seen = len(history_summaries(qtbot))
    add_follow_up(db, T0 + timedelta(minutes=5), key="a", company="Acme Robotics")
    clock = FakeClock(T0)
    tray = ReminderTray(db, Settings(), clock=clock)
    try:
        tray.start()
        assert tray.active and tray.icon.isVisible()

        # Embedded: the tray host's watcher lists one more item, and it is ours.
        items: list[str] = []

        def registered() -> None:
            now = registered_items(qtbot)
            new = [i for i in now.split("'")[1::2] if i not in before]
            assert new
            items[:] = new

        qtbot.waitUntil(registered, timeout=10_000)
        item = items[0]
        assert "'No follow-ups due'" in item_property(qtbot, item, "ToolTip")
        pixmap_before = item_property(qtbot, item, "IconPixmap")

        # It comes due: one real desktop notification, and the count shows it. While
        # the message lasts the host shows it as the tooltip, then the count again.
        clock.advance(minutes=5)
        tray.tick()
        qtbot.waitUntil(
            lambda: int(run(qtbot, "dunstctl", "count", "displayed")) == 1, timeout=10_000
        )
        assert item_property(qtbot, item, "IconPixmap") != pixmap_before
        qtbot.waitUntil(
            lambda: history_summaries(qtbot)[: -seen or None] == ["Call Dana Whitfield"],
            timeout=10_000,
        )
        qtbot.waitUntil(
            lambda: "'1 follow-up due'" in item_property(qtbot, item, "ToolTip"), timeout=10_000
        )

        # A second one: the count goes up, and the first is not announced again.
        add_follow_up(db, T0 + timedelta(minutes=6), key="b", company="Nordlicht GmbH")
        clock.advance(minutes=1)
        tray.tick()
        qtbot.waitUntil(lambda: len(history_summaries(qtbot)) == seen + 2, timeout=10_000)
        assert history_summaries(qtbot)[:2] == ["Call Dana Whitfield"] * 2
        qtbot.waitUntil(
            lambda: "'2 follow-ups due'" in item_property(qtbot, item, "ToolTip"), timeout=10_000
        )
    finally:
        tray.prepare_quit()
