"""FollowUp: plan and track the follow-ups after every job interview."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "FollowUp"
APP_ID = "org.followup.FollowUp"
