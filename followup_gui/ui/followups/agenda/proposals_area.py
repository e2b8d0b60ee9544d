"""The Agenda's one "Proposals" area: news from mail first, then what the phone did.

The two kinds live in two tables and have their own panels (their answers differ:
an outcome for a reply, skip/keep for a step deleted on the phone...); this area
puts them under one heading with the count of both, above the due list. Mail
comes first: a reply from an employer changes the plan, while the phone's
proposals are about what the user did themselves. The area follows every change
while the Agenda is shown, so a panel that was empty appears as soon as a
proposal comes (a background mail check, a phone sync), and the area takes no
room while there is nothing to answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.mail.proposals_panel import ProposalsPanel as MailProposalsPanel
from followup_gui.ui.sync.proposals_panel import ProposalsPanel as PhoneProposalsPanel

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext


class ProposalsArea(QWidget):
    """The mail and the phone proposals under one heading (mail first).

    Args:
        context: the app context.
        parent: the parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposals_area")
        self.setAccessibleName(self.tr("Proposals"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.mail = MailProposalsPanel(context)
        self.phone = PhoneProposalsPanel(context)
        for w in (self.heading, self.mail, self.phone):
            layout.addWidget(w)
        # Not skip_own: the panels answer and notify; the heading's count follows.
        self.gate = ChangeGate(self, context, lambda _c: self.reload(), skip_own=False)
        self._count()

    def reload(self) -> None:
        """Read both kinds again; the heading says how many wait."""
        self.mail.reload()
        self.phone.reload()
        self._count()

    def count(self) -> int:
        """How many proposals wait, of both kinds."""
        return len(self.mail.items) + len(self.phone.shown)

    def _count(self) -> None:
        n = self.count()
        self.heading.setText(self.tr("<b>Proposals</b> – %n to accept or dismiss", "", n))
        self.heading.setVisible(bool(n))
