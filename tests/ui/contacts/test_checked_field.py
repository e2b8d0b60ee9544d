"""The "will be saved as" hint shows only while what is typed differs from what is saved."""

from __future__ import annotations

from functools import partial

from followup_gui.domain.validation import check_phone
from followup_gui.ui.contacts.card import CheckedField


def test_the_hint_shows_only_while_the_typed_form_differs(qtbot) -> None:
    field = CheckedField(partial(check_phone, region="US"), "", "Phone")
    qtbot.addWidget(field)
    field.show()
    field.edit.setText("212 555 0100")
    assert field.message.isVisible() and "+1 212-555-0100" in field.message.text()
    field.edit.setText("+1 212-555-0100")
    assert not field.message.isVisible()
    field.edit.setText("212 555 0100")
    field.edit.editingFinished.emit()  # leaving the field writes the saved form
    assert field.edit.text() == "+1 212-555-0100" and not field.message.isVisible()
    field.edit.setText("212 555")
    assert field.message.isVisible() and field.message.isEnabled()  # a problem is not greyed
