"""The Agenda's "From your phone" list: proposals to answer, hidden while there are none.

One row per open proposal (what the phone did and to what); the buttons under the
list fit the selected proposal: how a call went, skip or keep a step, delete or
keep a contact, which version of a contact to keep. A contact changed on both
sides shows, in its row, each field that differs: FollowUp's value and the
phone's, side by side, above "Keep FollowUp's" / "Keep the phone's". Answers go through
:mod:`followup_gui.services.sync.proposals` and are notified like any write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from followup_gui.domain import Outcome
from followup_gui.domain.errors import FollowUpError
from followup_gui.services.changes import Changes
from followup_gui.services.sync import proposals
from followup_gui.services.sync.proposals import Proposal, ProposalKind
from followup_gui.ui.common.visible_refresh import ChangeGate

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The contact fields a conflict row names (the rest by their own name).
FIELD_LABELS = {
    "full_name": "Name",
    "preferred_name": "Goes by",
    "title": "Job title",
    "emails": "Email",
    "phones": "Phone",
    "postal_address": "Address",
    "linkedin": "LinkedIn",
    "met_how": "Met how",
    "name_confirmed": "Name confirmed",
}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = str(value or "").strip()
    return f"“{text}”" if text else "(empty)"


def differences(p: Proposal) -> list[tuple[str, str, str]]:
    """A conflict's differing fields: (field, FollowUp's value, the phone's value)."""
    here, phone = p.detail.get("here", {}), p.detail.get("phone", {})
    return [
        (FIELD_LABELS.get(k, k.replace("_", " ").capitalize()), _value(v), _value(phone.get(k)))
        for k, v in here.items()
        if here.get(k) != phone.get(k) and k != "card_image"
    ]


class ProposalsPanel(QGroupBox):
    """Open proposals from the phone, with the answers that fit the selected one."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.tr("From your phone"))
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Proposals from your phone"))
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._fit_buttons())
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(self.buttons)
        self.shown: list[Proposal] = []
        self.gate = ChangeGate(
            self, context, lambda _c: self.reload(), wants=lambda c: c.plans or c.contacts
        )
        self.reload()

    def reload(self) -> None:
        """Read the open proposals; the panel hides when there are none."""
        self.shown = proposals.list_proposals(self.context.db)
        self.model.clear()
        for p in self.shown:
            item = QStandardItem(self._row_text(p))
            item.setData(p.id, ID_ROLE)
            self.model.appendRow(item)
        self.setTitle(self.tr("From your phone ({n})").format(n=len(self.shown)))
        self.setVisible(bool(self.shown))
        if self.shown:
            self.list.setCurrentIndex(self.model.index(0, 0))
            rows = range(min(4, len(self.shown)))  # a short list stays short
            frame = 2 * self.list.frameWidth()
            self.list.setFixedHeight(sum(self.list.sizeHintForRow(r) for r in rows) + frame)
        self._fit_buttons()

    def _row_text(self, p: Proposal) -> str:
        """The row: what the phone did and to what; for a conflict, each differing field."""
        text = f"{p.title}  {p.about}"
        if p.kind != ProposalKind.CONTACT_CONFLICT:
            return text
        lines = [
            self.tr("    {field}: FollowUp's {here} · the phone's {phone}").format(
                field=self.tr(name), here=here, phone=phone
            )
            for name, here, phone in differences(p)
        ]
        return "\n".join([text, *lines])

    def selected(self) -> Proposal | None:
        """The proposal of the current row."""
        row = self.list.currentIndex().row()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _answers(self, p: Proposal) -> list[tuple[str, Callable[[], Changes]]]:
        db, now, planner = self.context.db, self.context.now(), self.context.planner_settings()
        accept = partial(proposals.accept, db, p.id, now, planner)
        dismiss = partial(proposals.dismiss, db, p.id)
        if p.kind == ProposalKind.COMPLETED:
            return [
                (self.tr("Spoke"), partial(accept, outcome=Outcome.SPOKE)),
                (self.tr("Voicemail"), partial(accept, outcome=Outcome.VOICEMAIL)),
                (self.tr("No answer"), partial(accept, outcome=Outcome.NO_ANSWER)),
                (self.tr("Not done"), dismiss),
            ]
        if p.kind == ProposalKind.DELETED:
            return [(self.tr("Skip the step"), accept), (self.tr("Keep it"), dismiss)]
        if p.kind == ProposalKind.CONTACT_DELETED:
            return [(self.tr("Delete here too"), accept), (self.tr("Keep"), dismiss)]
        return [
            (self.tr("Keep FollowUp's"), partial(accept, keep="here")),
            (self.tr("Keep the phone's"), partial(accept, keep="phone")),
        ]

    def _fit_buttons(self) -> None:
        while self.buttons.count():
            taken = self.buttons.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.hide()  # gone at once, not when the event loop deletes it
                old.deleteLater()
        p = self.selected()
        if p is None:
            return
        for text, answer in self._answers(p):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(partial(self._answer, answer))
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def _answer(self, answer: Callable[[], Changes]) -> None:
        try:
            changes = answer()
        except FollowUpError as exc:
            self.context.post(str(exc))
            changes = Changes(plans=True)
        self.reload()
        self.context.notify(changes, self)
