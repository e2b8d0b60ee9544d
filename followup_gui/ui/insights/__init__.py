"""The Insights tab: QPainter charts of how the search is going (numbers from services.insights)."""

from __future__ import annotations

from followup_gui.ui.insights.view import InsightsView

__all__ = ["InsightsView"]
