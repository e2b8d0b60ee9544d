"""Each follow-up view imports on its own, in any order: no import cycle hides behind an order.

The next-step panel, the timeline (which shows it) and the board's side panel
share the action panel, the outcome actions and the labels, which import none
of them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

MODULES = (
    "followup_gui.ui.followups.next_step",
    "followup_gui.ui.followups.timeline",
    "followup_gui.ui.followups.action_panel",
    "followup_gui.ui.followups.outcome_actions",
    "followup_gui.ui.followups.agenda.view",
    "followup_gui.ui.board.side_panel",
)


@pytest.mark.parametrize("module", MODULES)
def test_the_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1:]
