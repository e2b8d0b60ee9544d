"""The command line: what the window does, without a window (``docs/cli.md``).

``export``/``import``/``backup``/``agenda`` and the plan commands work while the
window is open on the same database: they are not GUI launches and take no
single-instance lock. Only :mod:`.parser` is imported at start-up (the window
starts through it); each command loads what it needs.
"""

from __future__ import annotations

from followup_gui.cli.parser import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    apply_config,
    build_parser,
    database_target,
    parse_now,
)
from followup_gui.cli.run import run_command, run_scale_demo

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_OK",
    "apply_config",
    "build_parser",
    "database_target",
    "parse_now",
    "run_command",
    "run_scale_demo",
]
