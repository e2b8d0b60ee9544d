"""Follow-up scripts: thank-you notes, call and voicemail scripts, status and feedback emails.

Plain Python, no Qt: a template (built-in, or the user's own in the data folder's
``scripts`` folder) is filled from a :class:`ScriptContext`. Missing values show as
visible markers and are listed, never left blank.
"""

from __future__ import annotations

from followup_gui.scripts.context import FIELD_MARKERS, ScriptContext
from followup_gui.scripts.dates import format_day, format_time
from followup_gui.scripts.kinds import ScriptKind, parse_kind, scripts_for
from followup_gui.scripts.render import RenderedScript, render
from followup_gui.scripts.templates import (
    ScriptTemplate,
    builtin_scripts_dir,
    load_template,
    parse_template,
)

__all__ = [
    "FIELD_MARKERS",
    "RenderedScript",
    "ScriptContext",
    "ScriptKind",
    "ScriptTemplate",
    "builtin_scripts_dir",
    "format_day",
    "format_time",
    "load_template",
    "parse_kind",
    "parse_template",
    "render",
    "scripts_for",
]
