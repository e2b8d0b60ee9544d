"""Settings: the profile feeds the scripts; planner settings re-plan every application."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from sqlalchemy import select

from followup_gui.services.interchange.json.backup import import_json
from followup_gui.services.settings.profile import load_profile
from followup_gui.settings import BUSINESS_START, PROFILE_PROMPTED, Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.context import AppContext
from followup_gui.ui.settings.settings_dialog import SettingsDialog

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample.json"


def _call_times(db: Database) -> list[time]:
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp).where(m.FollowUp.kind == "call", m.FollowUp.status == "pending")
        ).all()
    return [r.due_at.astimezone(ZoneInfo("America/New_York")).time() for r in rows]


def test_profile_and_business_hours_are_saved_and_replan(qtbot, db: Database) -> None:
    from datetime import UTC, datetime

    settings = Settings()
    import_json(db, SAMPLE, datetime(2026, 11, 26, tzinfo=UTC), settings.planner_settings())
    assert _call_times(db) == [time(9, 0)]
    dialog = SettingsDialog(AppContext(settings, db))
    qtbot.addWidget(dialog)
    dialog.name.setText("Zoë Ångström")
    dialog.phone.edit.setText("+1 212 555 0100")
    dialog.email.edit.setText("zoe@example.org")
    dialog.business_start.setTime(QTime(10, 30))
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    profile = load_profile(db)
    assert (profile.name, profile.phone, profile.email) == (
        "Zoë Ångström",
        "+1 212-555-0100",
        "zoe@example.org",
    )
    assert Settings().get(BUSINESS_START) == "10:30"
    assert _call_times(db) == [time(10, 30)]


def test_business_hours_must_make_sense(qtbot, db: Database) -> None:
    dialog = SettingsDialog(AppContext(Settings(), db))
    qtbot.addWidget(dialog)
    dialog.business_start.setTime(QTime(18, 0))
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "start before" in dialog.error.text()
    assert Settings().get(BUSINESS_START) == "09:00"


def test_first_run_prompt_is_offered_once(qtbot, db: Database, monkeypatch) -> None:
    from followup_gui.ui.shell.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    shown: list[bool] = []
    monkeypatch.setattr(window, "open_settings", lambda first_run=False: shown.append(first_run))
    window.offer_first_run_setup()
    window.offer_first_run_setup()
    assert shown == [True]
    assert Settings().get(PROFILE_PROMPTED) is True


def test_first_run_dialog_reminds_to_check_voicemail(qtbot, db: Database) -> None:
    dialog = SettingsDialog(AppContext(Settings(), db), first_run=True)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "voicemail greeting" in texts and "R1" in texts
    assert dialog.windowTitle() == "Welcome to FollowUp"


def test_board_stages_are_reachable_from_settings(qtbot, db: Database) -> None:
    from PySide6.QtWidgets import QPushButton, QTabWidget

    opened: list[bool] = []
    dialog = SettingsDialog(AppContext(Settings(), db), edit_stages=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    tabs = dialog.findChild(QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Your details",
        "Planner",
        "Board",
        "Mail",
        "Calendar and contacts",
    ]
    dialog.findChild(QPushButton, "edit_stages").click()
    assert opened == [True]


def _status_emails(db: Database) -> int:
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp).where(
                m.FollowUp.kind == "status_email", m.FollowUp.status == "pending"
            )
        )
        return len(rows.all())


def test_the_status_email_before_an_interview_can_be_switched_off(qtbot, db: Database) -> None:
    from datetime import UTC, datetime

    from followup_gui.services.plans.planning import replan_all

    now = datetime(2026, 11, 3, 15, tzinfo=UTC)
    settings = Settings()
    with db.write() as s:
        app = m.Application(
            company="Acme", role="Backend", stage_key="applied", timezone="America/New_York"
        )
        app.created_at = now
        s.add(app)
        s.flush()
        replan_all(s, now, settings.planner_settings(), [app.id])
    assert _status_emails(db) == 1  # on by default
    dialog = SettingsDialog(AppContext(settings, db, clock=lambda: now))
    qtbot.addWidget(dialog)
    assert dialog.status_check.isChecked()
    assert "not one of the coaches'" in dialog.status_check.toolTip()
    dialog.status_check.setChecked(False)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert _status_emails(db) == 0
    assert not Settings().planner_settings().plan_status_check
    again = SettingsDialog(AppContext(Settings(), db, clock=lambda: now))
    qtbot.addWidget(again)
    assert not again.status_check.isChecked()
    again.status_check.setChecked(True)
    again.accept()
    assert _status_emails(db) == 1


def test_your_details_are_checked_like_a_contacts(qtbot, db: Database) -> None:
    """A malformed phone or email shows why next to the field, and Save is refused."""
    dialog = SettingsDialog(AppContext(Settings(), db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.phone.edit.setText("+1 555")
    dialog.email.edit.setText("zoe@@example")
    assert dialog.phone.message.isVisible() and dialog.phone.message.text().startswith("⚠")
    assert dialog.email.message.isVisible() and dialog.email.message.text().startswith("⚠")
    assert not dialog.save_button.isEnabled()
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert load_profile(db).phone == ""
    dialog.phone.edit.setText("+44 20 7946 0958")
    dialog.email.edit.setText("zoe@example.org")
    assert dialog.save_button.isEnabled()
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    saved = load_profile(db)
    assert (saved.phone, saved.email) == ("+44 20 7946 0958", "zoe@example.org")


def test_settings_fit_the_screen_on_every_page_and_open_ready_to_save(qtbot, db: Database) -> None:
    """Over the example search: each page fits a laptop, and its own details are valid."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QTabWidget

    from followup_gui.demo.example import fill_demo
    from tests.ui.fit import assert_fits

    fill_demo(db, datetime(2026, 12, 8, 10, tzinfo=UTC))
    dialog = SettingsDialog(AppContext(Settings(), db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.save_button.isEnabled(), dialog.phone.message.text()
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    for page in range(tabs.count()):
        tabs.setCurrentIndex(page)
        qtbot.wait(10)
        assert_fits(dialog)


def test_holidays_default_to_the_employers_country_and_bridge_days_are_checked(
    qtbot, db: Database
) -> None:
    from followup_gui.settings import BRIDGE_DAYS, HOLIDAYS_COUNTRY

    dialog = SettingsDialog(AppContext(Settings(), db))
    qtbot.addWidget(dialog)
    assert dialog.holidays.currentData() == "auto"
    assert dialog.bridge_days.text() == "auto"
    dialog.bridge_days.setText("12-24, xmas")
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "'xmas' is not a bridge day" in dialog.error.text()
    dialog.bridge_days.setText("auto, DE:12-23")
    dialog.holidays.setCurrentIndex(dialog.holidays.findData("off"))
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert Settings().get(BRIDGE_DAYS) == "auto, DE:12-23"
    assert Settings().get(HOLIDAYS_COUNTRY) == "off"
    assert Settings().planner_settings().holidays_country is None
