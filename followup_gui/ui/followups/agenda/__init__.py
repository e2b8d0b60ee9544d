"""The "Today" agenda across all applications."""

from __future__ import annotations

from followup_gui.ui.followups.agenda.view import AgendaView

__all__ = ["AgendaView"]
