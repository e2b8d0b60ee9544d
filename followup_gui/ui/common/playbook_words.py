"""Playbooks named by what they do, with a one-line explanation (DOMAIN.md, "playbooks")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLabel

from followup_gui.domain.values import PlaybookName


def _tr(text: str) -> str:
    return QCoreApplication.translate("Playbooks", text)


def playbook_words() -> list[tuple[PlaybookName, str, str]]:
    """Each playbook: its value, its name by what it does, and one line on how."""
    return [
        (
            PlaybookName.GENTLE,
            _tr("Gentle: fewer, earlier calls"),
            _tr(
                "A thank-you email the same evening, a first call 2-3 business days "
                "later, at most 2 calls."
            ),
        ),
        (
            PlaybookName.BALANCED,
            _tr("Balanced: a call a week (recommended)"),
            _tr(
                "A thank-you email within 24 hours, a first call 3-5 business days "
                "later (or after their decision date), up to 3 calls a week apart."
            ),
        ),
        (
            PlaybookName.PERSISTENT,
            _tr("Persistent: a posted card, then weekly calls"),
            _tr(
                "A thank-you card by post and an email, a first call a week later, "
                "up to 3 calls, two weeks apart after a voicemail."
            ),
        ),
    ]


def fill_playbooks(combo: QComboBox, current: str, explanation: QLabel | None = None) -> None:
    """Offer the playbooks in ``combo`` (data: the value), ``current`` chosen.

    Each item's tooltip explains it; so does the combo's own tooltip and
    ``explanation`` (when given), following the choice.
    """
    combo.clear()
    for value, name, line in playbook_words():
        combo.addItem(name, value.value)
        combo.setItemData(combo.count() - 1, line, Qt.ItemDataRole.ToolTipRole)

    def explain(index: int) -> None:
        line = str(combo.itemData(index, Qt.ItemDataRole.ToolTipRole) or "")
        combo.setToolTip(line)
        if explanation is not None:
            explanation.setText(line)

    combo.currentIndexChanged.connect(explain)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    explain(combo.currentIndex())
