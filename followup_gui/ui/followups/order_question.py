"""The question asked before an outcome is logged out of order (a call too soon, thanks too early).

:func:`question_text` puts what :func:`~followup_gui.services.followups.order.out_of_order`
found into words; :func:`ask` asks it, with Cancel as the default answer (a slip
is the likelier case). :class:`~followup_gui.ui.followups.outcome_actions.OutcomeActions`
asks before every log, so every view that logs an outcome asks the same way.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from followup_gui.services.followups.order import OutOfOrder, Problem
from followup_gui.ui.common.when import clock_text, day_text

_CONTEXT = "OutOfOrder"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def title(found: OutOfOrder) -> str:
    """The question box's title."""
    if found.problem == Problem.BEFORE_INTERVIEW:
        return _tr("Before the interview has ended?")
    return _tr("Log it before it is due?")


def question_text(found: OutOfOrder, what: str, today: date) -> str:
    """The question, naming the step, its day and why it is planned then.

    Args:
        found: what is out of order.
        what: the outcome about to be logged, as its button says ("Voicemail").
        today: the user's today, for the year in dates.
    """
    planned = day_text(found.planned.date(), today)
    if found.problem == Problem.BEFORE_INTERVIEW:
        assert found.interview_end is not None
        end = found.interview_end.astimezone(found.planned.tzinfo)
        return _tr(
            "Your interview ends at {end} on {day}, and a thank-you follows it. "
            "Log “{what}” now anyway?"
        ).format(end=clock_text(end), day=day_text(end.date(), today), what=what)
    if found.problem == Problem.BEFORE_DECISION:
        assert found.decision is not None
        return _tr(
            "They expect to decide by {decision}, so the call is planned for {planned}, "
            "once they have had time to. Log “{what}” now anyway?"
        ).format(decision=day_text(found.decision, today), planned=planned, what=what)
    if found.kind == "status_email":
        return _tr(
            "The status email is planned for {planned}, two weeks after you applied. "
            "Log “{what}” now anyway?"
        ).format(planned=planned, what=what)
    return _tr(
        "This call is planned for {planned}; calling sooner can seem pushy. "
        "Log “{what}” now anyway?"
    ).format(planned=planned, what=what)


def ask(parent: QWidget | None, heading: str, text: str) -> bool:
    """Ask ``text``; True when the user chose to log it now (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, heading, text, QMessageBox.StandardButton.NoButton)
    if parent is not None:
        box.setParent(parent, box.windowFlags())
    log = box.addButton(_tr("Log it now"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is log
