"""Plain-Python domain: the vocabulary shared by the planner, storage and the GUI.

Nothing here imports Qt or SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_gui.domain.errors import FollowUpError, ImportFileError, StorageError

if TYPE_CHECKING:
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

# The values load on first use: ``domain.errors`` is needed before the window's
# first paint, the dataclasses and enums only when data arrives.
_VALUES = frozenset(
    {
        "ATTEMPT_KINDS",
        "DEFAULT_STAGES",
        "TERMINAL_STAGES",
        "ApplicationFacts",
        "AttemptFacts",
        "AttemptKind",
        "ContactFacts",
        "FollowUpKind",
        "FollowUpStatus",
        "InterviewFacts",
        "InterviewFormat",
        "Outcome",
        "PlannedFollowUp",
        "PlaybookName",
        "Profile",
        "StageDef",
        "require_aware",
    }
)


def __getattr__(name: str) -> Any:
    """Import ``domain.values`` when one of its names is first asked for."""
    if name in _VALUES:
        from followup_gui.domain import values

        value = getattr(values, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
