"""The tray icon and the reminder loop behind it.

:class:`ReminderTray` owns a :class:`QSystemTrayIcon` (the app icon with the
number of due follow-ups painted on it), its menu, and a coarse timer: every
:data:`CHECK_INTERVAL_MS` it reads the wall clock and asks
:mod:`followup_gui.services.followups.reminders` what to announce, so a suspended laptop or
a clock change catches up within one check. Announcements go through a
:class:`Notifier` (by default ``QSystemTrayIcon.showMessage``, which uses the
desktop's notification service when there is one); tests inject their own.

Changes made in the window (a card moved, a contact saved, an import done) come
in bursts, each followed by the views reloading: the tray counts what is due once,
:data:`RECOUNT_DELAY_MS` after the last of them, never inside the user's action.

Without a system tray nothing is announced (and nothing is marked notified):
the reminders wait for a start with a tray, and closing the window quits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from followup_gui.domain.quiet_hours import QuietHours
from followup_gui.domain.timezones import local_timezone_name
from followup_gui.services.followups import reminders as svc
from followup_gui.settings import (
    CLOSE_TO_TRAY,
    QUIET_END,
    QUIET_START,
    REMINDERS_PAUSED_UNTIL,
    TRAY_NOTICE_SHOWN,
    Settings,
)
from followup_gui.ui.common.when import at_text
from followup_gui.ui.shell.resources import app_icon

if TYPE_CHECKING:
    from followup_gui.storage import Database
    from followup_gui.ui.context import AppContext

CHECK_INTERVAL_MS = 30_000
MENU_ITEMS = 8
#: How long after a change the tray counts what is due again (after the views' repaint).
RECOUNT_DELAY_MS = 300
MESSAGE_MS = 15_000
ICON_SIZE = 64


class Notifier(Protocol):
    """Shows one desktop notification."""

    def notify(self, title: str, body: str) -> None:
        """Show ``title`` and ``body`` to the user."""
        ...


class TrayMessageNotifier:
    """Notifications through ``QSystemTrayIcon.showMessage``."""

    def __init__(self, icon: QSystemTrayIcon) -> None:
        self.icon = icon

    def notify(self, title: str, body: str) -> None:
        """Show a message from the tray icon (a desktop notification where there is one).

        The icon shown with it is the tray's own, count included: a StatusNotifier
        host shows that icon (and the message as tooltip) while the message lasts.
        """
        self.icon.showMessage(title, body, self.icon.icon(), MESSAGE_MS)


def user_timezone() -> tzinfo | None:
    """The user's zone for quiet hours (``None``: the system's local offset)."""
    name = local_timezone_name()
    return None if name == "UTC" else ZoneInfo(name)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReminderTray", text)


def action_text(reminder: svc.Reminder) -> str:
    """What to do, for whom: "Call Dana Whitfield"."""
    who = reminder.contact or reminder.company
    texts = {
        "thank_you_email": _tr("Send a thank-you email to {who}"),
        "thank_you_card": _tr("Mail a thank-you card to {who}"),
        "call": _tr("Call {who}"),
        "status_email": _tr("Email {who} for news"),
        "feedback_request": _tr("Ask {who} for feedback"),
        "move_on": _tr("Time to move on from {company}"),
    }
    text = texts.get(reminder.kind, _tr("Follow up with {who}"))
    return text.format(who=who, company=reminder.company)


def application_text(reminder: svc.Reminder) -> str:
    """Which application: "Acme Robotics — Backend Engineer"."""
    if not reminder.role:
        return reminder.company
    return _tr("{company} — {role}").format(company=reminder.company, role=reminder.role)


def due_text(count: int) -> str:
    """The tooltip's first line: "3 follow-ups due"."""
    if count == 0:
        return _tr("No follow-ups due")
    if count == 1:
        return _tr("1 follow-up due")
    return _tr("{n} follow-ups due").format(n=count)


def count_icon(base: QIcon, count: int, size: int = ICON_SIZE) -> QIcon:
    """``base`` with ``count`` painted in a badge at its bottom right (none for 0)."""
    pixmap = base.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#2b6cb0"))
    if count > 0:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge = QRect(size * 2 // 5, size * 2 // 5, size * 3 // 5, size * 3 // 5)
        painter.setPen(QColor("white"))
        painter.setBrush(QColor("#d62828"))
        painter.drawEllipse(badge.adjusted(1, 1, -1, -1))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(size * 2 // 5 if count < 10 else size * 3 // 10)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
        painter.end()
    return QIcon(pixmap)


class ReminderTray(QObject):
    """The tray icon, its menu, the reminder loop and close-to-tray.

    Signals:
        agenda_requested: the user clicked the icon or a summary notification.
        application_requested(int): the user picked a due item of the menu
            (an application id).
        follow_up_requested(int): the user clicked a reminder's notification
            (a follow-up id).
        window_requested: the user chose "Open FollowUp".
        quit_requested: the user chose "Quit".
    """

    agenda_requested = Signal()
    application_requested = Signal(int)
    follow_up_requested = Signal(int)
    window_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        notifier: Notifier | None = None,
        tray_available: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tz = user_timezone()
        self._tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self._base_icon = app_icon()
        self.icon = QSystemTrayIcon(self._base_icon, self)
        self.notifier: Notifier = notifier or TrayMessageNotifier(self.icon)
        self.menu = QMenu()
        self.menu.setAccessibleName(self.tr("FollowUp tray menu"))
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.recount_timer = QTimer(self)
        self.recount_timer.setSingleShot(True)
        self.recount_timer.setInterval(RECOUNT_DELAY_MS)
        self.recount_timer.timeout.connect(self.refresh)
        self.due: list[svc.Reminder] = []
        self.active = False
        self._quitting = False
        self._window: QWidget | None = None
        self._menu_key: object = None
        self._message_target: int | None = None

    # -- the loop -------------------------------------------------------------
    def start(self) -> None:
        """Catch up at once (everything that came due while closed), then check on a timer."""
        self.tick()
        self.timer.start()

    def tick(self) -> None:
        """One check: show the icon once a tray exists, then announce what is due."""
        if not self.active:
            if not self._tray_available():
                return  # a tray host may appear later (autostart before the panel)
            self.active = True
            self.icon.show()
        self.check()

    def policy(self) -> svc.ReminderPolicy:
        """Quiet hours and pause from the settings."""
        quiet = QuietHours.parse(self.settings.get(QUIET_START), self.settings.get(QUIET_END))
        return svc.ReminderPolicy(quiet, self.paused_until(), self.tz)

    def paused_until(self) -> datetime | None:
        """The end of a pause the user asked for, if it is still ahead."""
        text = self.settings.get(REMINDERS_PAUSED_UNTIL)
        try:
            until = datetime.fromisoformat(text) if text else None
        except ValueError:
            return None
        if until is None or until.tzinfo is None or until <= self.clock():
            return None
        return until

    def check(self) -> svc.ReminderCheck:
        """Announce what is newly due (marked notified first), then refresh the icon.

        Returns:
            What the check decided (tests look at it).
        """
        result = svc.ReminderCheck()
        if self.active:
            result = svc.take_due_reminders(self.db, self.clock(), self.policy())
        self.refresh()  # first, so the message shows the new count
        self._announce(result.reminders)
        return result

    def _announce(self, reminders: tuple[svc.Reminder, ...]) -> None:
        if not reminders:
            return
        if len(reminders) > svc.SUMMARY_THRESHOLD:
            self._message_target = None
            lines = [f"{action_text(r)} ({r.company})" for r in reminders[: svc.SUMMARY_THRESHOLD]]
            more = len(reminders) - svc.SUMMARY_THRESHOLD
            lines.append(self.tr("and {n} more in the Agenda").format(n=more))
            title = self.tr("{n} follow-ups are due").format(n=len(reminders))
            self.notifier.notify(title, "\n".join(lines))
            return
        for r in reminders:
            self.notifier.notify(action_text(r), f"{application_text(r)}\n{r.reason}")
        # A click cannot tell which of several notifications it came from.
        self._message_target = reminders[0].follow_up_id if len(reminders) == 1 else None

    # -- icon, tooltip, menu --------------------------------------------------
    def changes_seen(self, _changes: object, _initiator: object) -> None:
        """Something was written (the context's ``changed``): recount soon."""
        self.refresh_soon()

    def refresh_soon(self) -> None:
        """Count again :data:`RECOUNT_DELAY_MS` after the last of a burst of changes."""
        self.recount_timer.start()

    def refresh(self) -> None:
        """Repaint the count, the tooltip and the menu from the database."""
        self.recount_timer.stop()  # this count sees every change so far
        self.due = svc.due_now(self.db, self.clock())
        paused = self.paused_until()
        tip = due_text(len(self.due))
        if paused is not None:
            when = at_text(paused.astimezone(self.tz), self.clock(), self.tz)
            tip += "\n" + self.tr("Reminders paused until {when}").format(when=when)
        key = (tuple((r.follow_up_id, r.kind, r.contact) for r in self.due), paused)
        if key == self._menu_key:
            return
        self._menu_key = key
        self.icon.setIcon(count_icon(self._base_icon, len(self.due)))
        self.icon.setToolTip(tip)
        self._build_menu(paused)

    def _build_menu(self, paused: datetime | None) -> None:
        self.menu.clear()
        for r in self.due[:MENU_ITEMS]:
            action = self.menu.addAction(f"{action_text(r)} · {r.company}")
            action.setToolTip(r.reason)
            action.triggered.connect(
                lambda _=False, app_id=r.application_id: self.application_requested.emit(app_id)
            )
        if len(self.due) > MENU_ITEMS:
            more = self.menu.addAction(
                self.tr("{n} more in the Agenda…").format(n=len(self.due) - MENU_ITEMS)
            )
            more.triggered.connect(self.agenda_requested)
        if not self.due:
            self.menu.addAction(self.tr("Nothing due")).setEnabled(False)
        self.menu.addSeparator()
        self.snooze_action = self._add(self.tr("Snooze all 1 h"), self.snooze_all)
        self.snooze_action.setEnabled(bool(self.due))
        if paused is None:
            self._add(self.tr("Pause reminders until tomorrow"), self.pause_until_tomorrow)
        else:
            self._add(self.tr("Resume reminders"), self.resume)
        self.menu.addSeparator()
        self._add(self.tr("Open FollowUp"), self.window_requested.emit)
        self._add(self.tr("Quit"), self.quit)

    def _add(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        return action

    # -- user actions ---------------------------------------------------------
    def snooze_all(self) -> None:
        """Snooze every due follow-up for an hour."""
        svc.snooze_all(self.db, self.clock())
        self.refresh()

    def pause_until_tomorrow(self) -> None:
        """No reminders until tomorrow (the pause survives a restart)."""
        until = svc.pause_until_tomorrow(self.clock(), self.tz)
        self.settings.set(REMINDERS_PAUSED_UNTIL, until.isoformat())
        self.refresh()

    def resume(self) -> None:
        """End a pause now; what came due meanwhile is announced at the next check."""
        self.settings.set(REMINDERS_PAUSED_UNTIL, "")
        self.check()

    def quit(self) -> None:
        """Let the window close for real, then ask the app to quit."""
        self.prepare_quit()
        self.quit_requested.emit()

    def prepare_quit(self) -> None:
        """From now on closing the window closes it (the app is quitting)."""
        self._quitting = True
        self.timer.stop()
        self.recount_timer.stop()
        self.icon.hide()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.agenda_requested.emit()

    def _message_clicked(self) -> None:
        if self._message_target is None:
            self.agenda_requested.emit()
        else:
            self.follow_up_requested.emit(self._message_target)

    # -- close to tray --------------------------------------------------------
    def watch_window(self, window: QWidget) -> None:
        """Hide ``window`` to the tray instead of closing it, when the tray keeps FollowUp."""
        self._window = window
        window.installEventFilter(self)

    def keeps_running(self) -> bool:
        """Whether closing the window leaves FollowUp running in the tray."""
        return self.active and not self._quitting and self.settings.get(CLOSE_TO_TRAY)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Turn the watched window's close into a hide while the tray keeps running."""
        if watched is self._window and event.type() == QEvent.Type.Close and self.keeps_running():
            event.ignore()
            self._window.hide()
            if not self.settings.get(TRAY_NOTICE_SHOWN):
                self.settings.set(TRAY_NOTICE_SHOWN, True)
                self.notifier.notify(
                    self.tr("FollowUp is still running"),
                    self.tr(
                        "It keeps reminding you from the tray. Choose Quit in the tray "
                        "menu to stop it, or change this in Settings."
                    ),
                )
            return True
        return super().eventFilter(watched, event)


def install_tray(context: AppContext, window: QWidget) -> ReminderTray:
    """Create the tray for the context's data, and start the loop.

    The tray's requests (show the agenda, an application, a follow-up, the
    window) go to the context, whose owner (the shell) shows them; ``window`` is
    watched only for its close (with a tray, closing it keeps FollowUp running).
    Any change may change what is due: the tray recounts shortly after.
    """
    tray = ReminderTray(context.db, context.settings, clock=context.now, parent=window)
    tray.agenda_requested.connect(context.agenda_requested)
    tray.application_requested.connect(context.application_requested)
    tray.follow_up_requested.connect(context.follow_up_requested)
    tray.window_requested.connect(context.window_requested)
    tray.quit_requested.connect(QApplication.quit)
    # Quit from the window (Ctrl+Q) closes it for real: no "still running" notice.
    context.quitting.connect(tray.prepare_quit)
    context.changed.connect(tray.changes_seen)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(tray.prepare_quit)
    tray.watch_window(window)
    tray.start()
    return tray
