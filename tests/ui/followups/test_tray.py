"""The tray offscreen: a recording notifier stands in for the desktop's notifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from sqlalchemy import select

from followup_gui.services import changes as ch
from followup_gui.services.changes import EVERYTHING
from followup_gui.services.followups import reminders
from followup_gui.services.followups.reminders import due_now
from followup_gui.settings import CLOSE_TO_TRAY, REMINDERS_PAUSED_UNTIL, TRAY_NOTICE_SHOWN, Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from followup_gui.ui.followups.tray import CHECK_INTERVAL_MS, ReminderTray, count_icon, install_tray
from followup_gui.ui.shell.main_window import MainWindow
from followup_gui.ui.shell.resources import app_icon
from tests.services.followups.test_reminders import FakeClock, add_follow_up

# Offscreen has no tray: Qt's fallback icon and raise() complain about the plugin.
pytestmark = pytest.mark.qt_log_ignore(
    "No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    "This plugin does not support raise",
)

T0 = datetime(2024, 5, 15, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


class RecordingNotifier:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> None:
        self.shown.append((title, body))


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    return FakeClock(T0)


def make_tray(db: Database, settings: Settings, clock: FakeClock, available: bool = True):
    notifier = RecordingNotifier()
    tray = ReminderTray(
        db, settings, clock=clock, notifier=notifier, tray_available=lambda: available
    )
    return tray, notifier


def menu_texts(tray: ReminderTray) -> list[str]:
    return [a.text() for a in tray.menu.actions() if not a.isSeparator()]


def test_a_due_follow_up_is_announced_once_with_what_whom_and_which(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    add_follow_up(db, T0 + timedelta(minutes=1))
    tray, notifier = make_tray(db, settings, clock)
    tray.start()
    assert tray.timer.isActive() and tray.timer.interval() == CHECK_INTERVAL_MS
    assert tray.icon.isVisible()
    assert notifier.shown == []
    assert tray.icon.toolTip() == "No follow-ups due"
    clock.advance(minutes=1)
    tray.tick()
    assert notifier.shown == [
        (
            "Call Dana Whitfield",
            "Acme — Backend Engineer\nCall Dana: no news after 5 business days",
        )
    ]
    assert tray.icon.toolTip() == "1 follow-up due"
    clock.advance(seconds=30)
    tray.tick()
    assert len(notifier.shown) == 1
    tray.prepare_quit()


def test_menu_lists_due_items_and_the_fixed_actions(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    for i, company in enumerate(["Acme", "Nordlicht", "Quillstone"]):
        add_follow_up(db, T0 - timedelta(hours=i), key=f"k{i}", company=company)
    tray, _ = make_tray(db, settings, clock)
    tray.start()
    assert tray.icon.toolTip() == "3 follow-ups due"
    assert menu_texts(tray) == [
        "Call Dana Whitfield · Quillstone",
        "Call Dana Whitfield · Nordlicht",
        "Call Dana Whitfield · Acme",
        "Snooze all 1 h",
        "Pause reminders until tomorrow",
        "Open FollowUp",
        "Quit",
    ]
    with qtbot.waitSignal(tray.application_requested) as blocker:
        tray.menu.actions()[2].trigger()
    with db.read() as s:
        acme = s.query(m.Application).filter_by(company="Acme").one()
    assert blocker.args == [acme.id]
    with qtbot.waitSignal(tray.window_requested):
        next(a for a in tray.menu.actions() if a.text() == "Open FollowUp").trigger()
    with qtbot.waitSignal(tray.quit_requested):
        next(a for a in tray.menu.actions() if a.text() == "Quit").trigger()
    assert not tray.icon.isVisible()


def test_the_count_is_painted_on_the_icon(qtbot) -> None:
    base = app_icon()
    plain = count_icon(base, 0).pixmap(64, 64).toImage()
    three = count_icon(base, 3).pixmap(64, 64).toImage()
    four = count_icon(base, 4).pixmap(64, 64).toImage()
    assert plain.convertToFormat(QImage.Format.Format_ARGB32) != three.convertToFormat(
        QImage.Format.Format_ARGB32
    )
    assert three != four
    # The badge is red, bottom right.
    assert three.pixelColor(60, 45).red() > 150


def test_snooze_all_and_pause_from_the_menu(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    add_follow_up(db, T0, key="a")
    tray, notifier = make_tray(db, settings, clock)
    tray.start()
    assert len(notifier.shown) == 1
    next(a for a in tray.menu.actions() if a.text() == "Snooze all 1 h").trigger()
    assert tray.icon.toolTip() == "No follow-ups due"
    assert "Nothing due" in menu_texts(tray)
    next(a for a in tray.menu.actions() if a.text().startswith("Pause")).trigger()
    assert settings.get(REMINDERS_PAUSED_UNTIL) == "2024-05-16T00:00:00+02:00"
    assert "Resume reminders" in menu_texts(tray)
    assert "paused until tomorrow 00:00" in tray.icon.toolTip()
    clock.advance(hours=2)  # the snooze is over, but reminders are paused
    tray.tick()
    assert len(notifier.shown) == 1
    assert tray.icon.toolTip().startswith("1 follow-up due")
    next(a for a in tray.menu.actions() if a.text() == "Resume reminders").trigger()
    assert len(notifier.shown) == 2
    assert settings.get(REMINDERS_PAUSED_UNTIL) == ""


def test_catch_up_after_a_clock_jump_is_one_summary(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    ids = [add_follow_up(db, T0 + timedelta(days=d), key=f"k{d}") for d in range(1, 6)]
    tray, notifier = make_tray(db, settings, clock)
    tray.start()
    clock.advance(days=6)
    tray.tick()
    assert len(notifier.shown) == 1
    title, body = notifier.shown[0]
    assert title == "5 follow-ups are due"
    assert body.splitlines()[-1] == "and 2 more in the Agenda"
    with qtbot.waitSignal(tray.agenda_requested):
        tray.icon.messageClicked.emit()
    assert len(ids) == 5


def test_clicking_a_reminder_opens_its_follow_up_and_the_icon_opens_the_agenda(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    fid = add_follow_up(db, T0)
    tray, _ = make_tray(db, settings, clock)
    tray.start()
    with qtbot.waitSignal(tray.follow_up_requested) as blocker:
        tray.icon.messageClicked.emit()
    assert blocker.args == [fid]
    with qtbot.waitSignal(tray.agenda_requested):
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_without_a_tray_nothing_is_announced_nor_marked(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    add_follow_up(db, T0)
    available = False
    notifier = RecordingNotifier()
    tray = ReminderTray(
        db, settings, clock=clock, notifier=notifier, tray_available=lambda: available
    )
    tray.start()
    assert notifier.shown == [] and not tray.icon.isVisible()
    # A tray host appeared later (the panel started after FollowUp at login).
    available = True
    tray.tick()
    assert len(notifier.shown) == 1
    tray.prepare_quit()


def test_closing_hides_to_the_tray_and_says_so_once(
    qtbot, db: Database, settings: Settings, clock: FakeClock
) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray, notifier = make_tray(db, settings, clock)
    tray.watch_window(window)
    tray.start()
    window.show()
    qtbot.waitExposed(window)
    assert not window.close()
    assert not window.isVisible()
    assert notifier.shown[0][0] == "FollowUp is still running"
    assert settings.get(TRAY_NOTICE_SHOWN)
    window.show()
    assert not window.close()
    assert len(notifier.shown) == 1
    settings.set(CLOSE_TO_TRAY, False)
    window.show()
    assert window.close()
    tray.prepare_quit()


def test_with_no_tray_closing_quits(qtbot, db: Database, settings: Settings) -> None:
    # Offscreen there is no system tray at all: the real install path.
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    add_follow_up(db, T0)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    window.show()
    qtbot.waitExposed(window)
    assert not tray.active and not tray.icon.isVisible()
    assert QApplication.quitOnLastWindowClosed()
    assert window.close()
    assert not window.isVisible()
    # Not announced, so not lost: it waits for a start with a tray.
    with db.read() as s:
        assert s.scalars(select(m.FollowUp.notified_at)).all() == [None]
    assert len(due_now(db, T0)) == 1


def test_install_tray_opens_the_agenda_follow_up_and_application(
    qtbot, db: Database, settings: Settings
) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    assert not window.isVisible()
    tray.agenda_requested.emit()
    assert window.isVisible()
    if hasattr(window, "agenda"):
        assert window.tabs.currentWidget() is window.agenda
    window.hide()
    from tests.services.followups.outcome_data import first_of_kind, make_application

    app_id = make_application(db)
    window.context.notify(ch.applications([app_id]))
    thanks = first_of_kind(db, app_id, "thank_you_email")
    tray.follow_up_requested.emit(thanks.id)
    assert window.isVisible()
    assert window.tabs.currentWidget() is window.agenda
    assert window.agenda.selected_id() == thanks.id
    window.hide()
    tray.application_requested.emit(app_id)
    assert window.isVisible()
    assert window.board.dialog is not None and window.board.dialog.details is not None
    assert window.board.dialog.details.id == app_id
    window.board.dialog.reject()


def test_a_notification_click_shows_the_follow_up_in_the_agenda(
    qtbot, db: Database, settings: Settings
) -> None:
    fid = add_follow_up(db, datetime.now(ZoneInfo("UTC")) - timedelta(hours=1))
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    if not hasattr(window.agenda, "selected_id"):
        pytest.skip("the agenda view has no selection yet")
    tray.follow_up_requested.emit(fid)
    assert window.isVisible()
    assert window.tabs.currentWidget() is window.agenda
    assert window.agenda.selected_id() == fid


def test_start_at_login_from_the_settings_dialog(qtbot, db: Database, settings: Settings) -> None:
    from followup_gui.platform.autostart import XdgAutostart
    from followup_gui.ui.settings.settings_dialog import SettingsDialog

    entry = XdgAutostart()
    dialog = SettingsDialog(AppContext(settings, db))
    qtbot.addWidget(dialog)
    assert not dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(True)
    dialog.accept()
    assert entry.is_enabled()
    assert "-m followup_gui" in entry.path.read_text(encoding="utf-8")
    dialog = SettingsDialog(AppContext(settings, db))
    qtbot.addWidget(dialog)
    assert dialog.start_at_login.isChecked()
    dialog.start_at_login.setChecked(False)
    dialog.accept()
    assert not entry.path.exists()


def test_a_card_moved_on_the_board_recounts_what_is_due(
    qtbot, db: Database, settings: Settings
) -> None:
    from tests.services.followups.outcome_data import make_application

    app_id = make_application(db)  # its thank-you is overdue by the real clock
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    tray.refresh()
    assert any(r.application_id == app_id for r in tray.due)
    assert window.board.move_cards([app_id], "offer")  # an offer cancels the follow-ups
    qtbot.waitUntil(lambda: not any(r.application_id == app_id for r in tray.due))


def test_a_burst_of_changes_is_counted_once_after_it(
    qtbot, db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    tray.refresh()
    assert tray.icon.toolTip() == "No follow-ups due"
    counts: list[int] = []
    real = reminders.due_now

    def counted(*args: object) -> list[reminders.Reminder]:
        due = real(*args)  # type: ignore[arg-type]
        counts.append(len(due))
        return due

    monkeypatch.setattr(reminders, "due_now", counted)
    add_follow_up(db, datetime.now(UTC) - timedelta(hours=1))  # due by the real clock
    # A save and what comes right after it (a card moved, more reloads).
    window.context.notify(EVERYTHING)
    window.context.notify(EVERYTHING)
    window.context.notify(ch.applications([]))
    window.context.notify(EVERYTHING)
    assert counts == []  # not inside the user's action
    qtbot.waitUntil(lambda: tray.icon.toolTip() == "1 follow-up due")
    assert counts == [1]
    assert menu_texts(tray)[0] == "Call Dana Whitfield · Acme"
