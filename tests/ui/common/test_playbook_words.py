"""Playbooks are named by what they do, with a one-line explanation where chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from followup_gui.ui.common.playbook_words import fill_playbooks


def test_names_say_what_a_playbook_does_and_the_choice_is_explained(qtbot) -> None:
    combo, line = QComboBox(), QLabel()
    qtbot.addWidget(combo)
    fill_playbooks(combo, "balanced", line)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[0] == "Gentle: fewer, earlier calls"
    assert combo.currentData() == "balanced" and "recommended" in combo.currentText()
    assert "3-5 business days" in line.text() and combo.toolTip() == line.text()
    combo.setCurrentIndex(2)
    assert combo.currentData() == "persistent" and "card by post" in line.text()
    assert combo.itemData(0, Qt.ItemDataRole.ToolTipRole).startswith("A thank-you email")
