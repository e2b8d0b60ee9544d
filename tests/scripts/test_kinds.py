"""Which scripts go with which planned follow-up."""

from __future__ import annotations

import pytest

from followup_gui.domain.values import FollowUpKind
from followup_gui.scripts import ScriptKind, scripts_for


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (FollowUpKind.THANK_YOU_EMAIL, (ScriptKind.THANK_YOU_EMAIL,)),
        (FollowUpKind.THANK_YOU_CARD, (ScriptKind.THANK_YOU_CARD,)),
        (FollowUpKind.CALL, (ScriptKind.CALL, ScriptKind.VOICEMAIL)),
        (FollowUpKind.STATUS_EMAIL, (ScriptKind.STATUS_EMAIL,)),
        (FollowUpKind.FEEDBACK_REQUEST, (ScriptKind.FEEDBACK_REQUEST,)),
        (FollowUpKind.MOVE_ON, ()),
    ],
)
def test_scripts_for_each_follow_up(kind: FollowUpKind, expected: tuple[ScriptKind, ...]) -> None:
    assert scripts_for(kind) == expected
    assert scripts_for(kind.value) == expected


def test_every_follow_up_kind_is_mapped() -> None:
    for kind in FollowUpKind:
        scripts_for(kind)  # raises KeyError if a new kind was not mapped
