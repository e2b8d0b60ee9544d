"""Plain-Python domain: the vocabulary shared by the planner, storage and the GUI.

Nothing here imports Qt or SQLAlchemy.
"""

from __future__ import annotations

from followup_gui.domain.errors import FollowUpError, ImportFileError, StorageError
from followup_gui.domain.values import (
    ATTEMPT_KINDS,
    DEFAULT_STAGES,
    TERMINAL_STAGES,
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    FollowUpStatus,
    InterviewFacts,
    InterviewFormat,
    Outcome,
    PlannedFollowUp,
    PlaybookName,
    Profile,
    StageDef,
    require_aware,
)

__all__ = [
    "ATTEMPT_KINDS",
    "DEFAULT_STAGES",
    "TERMINAL_STAGES",
    "ApplicationFacts",
    "AttemptFacts",
    "AttemptKind",
    "ContactFacts",
    "FollowUpError",
    "FollowUpKind",
    "FollowUpStatus",
    "ImportFileError",
    "InterviewFacts",
    "InterviewFormat",
    "Outcome",
    "PlannedFollowUp",
    "PlaybookName",
    "Profile",
    "StageDef",
    "StorageError",
    "require_aware",
]
