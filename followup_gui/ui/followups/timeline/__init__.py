"""The timeline of one application, with the next-step panel of the step clicked.

Mount it in a details dialog with :func:`mount_timeline`.
"""

from __future__ import annotations

from followup_gui.ui.followups.timeline.widget import TimelineWidget, mount_timeline

__all__ = ["TimelineWidget", "mount_timeline"]
