"""Which scripts exist, and which of them help with each planned follow-up."""

from __future__ import annotations

from enum import StrEnum

from followup_gui.domain.values import FollowUpKind

TEMPLATE_SUFFIX = ".txt"


class ScriptKind(StrEnum):
    """One script; its value is the template's file name without ``.txt``."""

    THANK_YOU_EMAIL = "thank_you_email"
    THANK_YOU_CARD = "thank_you_card"
    CALL = "call"
    VOICEMAIL = "voicemail"
    STATUS_EMAIL = "status_email"
    #: The status email's wording when no interview came yet (two weeks after applying):
    #: :func:`~followup_gui.scripts.render.render` picks it for ``STATUS_EMAIL`` then.
    STATUS_EMAIL_AFTER_APPLYING = "status_email_after_applying"
    FEEDBACK_REQUEST = "feedback_request"

    @property
    def file_name(self) -> str:
        """Name of the template file, the same in the built-in and the override folder."""
        return f"{self.value}{TEMPLATE_SUFFIX}"

    @property
    def has_subject(self) -> bool:
        """Whether the script is an email whose template starts with a ``Subject:`` line."""
        return self in EMAIL_KINDS

    @property
    def is_thank_you(self) -> bool:
        """Whether the script thanks the person by name, so the spelling matters (R4)."""
        return self in THANK_YOU_KINDS


EMAIL_KINDS: frozenset[ScriptKind] = frozenset(
    {
        ScriptKind.THANK_YOU_EMAIL,
        ScriptKind.STATUS_EMAIL,
        ScriptKind.STATUS_EMAIL_AFTER_APPLYING,
        ScriptKind.FEEDBACK_REQUEST,
    }
)
THANK_YOU_KINDS: frozenset[ScriptKind] = frozenset(
    {ScriptKind.THANK_YOU_EMAIL, ScriptKind.THANK_YOU_CARD}
)

# A call may end on voicemail, so the call brings its voicemail script along (R7, R8).
_SCRIPTS_FOR: dict[FollowUpKind, tuple[ScriptKind, ...]] = {
    FollowUpKind.THANK_YOU_EMAIL: (ScriptKind.THANK_YOU_EMAIL,),
    FollowUpKind.THANK_YOU_CARD: (ScriptKind.THANK_YOU_CARD,),
    FollowUpKind.CALL: (ScriptKind.CALL, ScriptKind.VOICEMAIL),
    FollowUpKind.STATUS_EMAIL: (ScriptKind.STATUS_EMAIL,),
    FollowUpKind.FEEDBACK_REQUEST: (ScriptKind.FEEDBACK_REQUEST,),
    FollowUpKind.MOVE_ON: (),
}


def parse_kind(kind: ScriptKind | str) -> ScriptKind:
    """Return ``kind`` as a :class:`ScriptKind`.

    Raises:
        ValueError: if ``kind`` names no script.
    """
    try:
        return ScriptKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in ScriptKind)
        raise ValueError(f"no script called {kind!r}; known scripts: {known}") from None


def scripts_for(kind: FollowUpKind | str) -> tuple[ScriptKind, ...]:
    """Return the scripts that help with a planned follow-up, most useful first.

    Args:
        kind: what the planner suggests doing; ``move_on`` needs no script (R10).

    Raises:
        ValueError: if ``kind`` is not a follow-up kind.
    """
    return _SCRIPTS_FOR[FollowUpKind(kind)]
