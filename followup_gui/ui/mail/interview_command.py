"""Accepting "another interview" as one undoable edit (the interview is added, the plan re-made).

Undo restores the application as it was before the proposal was accepted (no
interview, no Spoke, the old plan); redo restores it as accepted. The proposal
itself stays accepted either way, as for any accepted proposal.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from followup_gui.services.applications import editing
from followup_gui.services.applications.editing import ApplicationSnapshot
from followup_gui.services.changes import Changes
from followup_gui.services.mail.next_interview import accept_interview
from followup_gui.ui.common.undo import ServiceCommand

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext


class AcceptInterviewCommand(ServiceCommand):
    """Accept a proposal with the next interview's start.

    Args:
        context: the app context.
        text: what the Edit menu shows.
        proposal_id: the waiting proposal.
        starts_at: the interview's start (aware, as the user set it).
    """

    def __init__(
        self, context: AppContext, text: str, proposal_id: int, starts_at: datetime
    ) -> None:
        super().__init__(context, text)
        self.proposal_id = proposal_id
        self.starts_at = starts_at
        self.before: ApplicationSnapshot | None = None
        self.after: ApplicationSnapshot | None = None

    def forward(self) -> Changes:
        """Accept the first time; later, put back the application as accepted."""
        c = self.context
        if self.after is not None:
            return editing.restore_application(c.db, self.after, c.now(), c.planner_settings())
        saved = accept_interview(
            c.db, self.proposal_id, self.starts_at, c.now(), c.planner_settings()
        )
        self.before, self.after = saved.value
        return saved.changes

    def backward(self) -> Changes:
        """Put the application back as it was before the proposal was accepted."""
        assert self.before is not None
        c = self.context
        return editing.restore_application(c.db, self.before, c.now(), c.planner_settings())
