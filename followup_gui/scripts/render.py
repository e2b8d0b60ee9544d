"""Filling a template with a context: the finished script the user reads or sends.

Placeholders are ``{name}``; ``{{`` and ``}}`` stand for literal braces. A value
that is missing is never left blank: it shows as a marker such as
``[your phone number]`` and is listed in :attr:`RenderedScript.missing`, so the
user sees what to fill in before sending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from followup_gui.scripts.context import FALLBACKS, FIELD_MARKERS, ScriptContext
from followup_gui.scripts.kinds import ScriptKind, parse_kind
from followup_gui.scripts.templates import builtin_scripts_dir, load_template

# "{{" and "}}" first, so that "{{name}}" is a literal "{name}", not a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


@dataclass(frozen=True, slots=True)
class RenderedScript:
    """A script ready to read aloud, copy or send.

    Attributes:
        kind: which script it is.
        subject: the email subject; None for scripts that are not emails.
        body: the text, with markers where a value was missing.
        missing: names of the placeholders that had no value, in order of appearance.
        warnings: things to check before using it, in plain words.
        source: the template file used (the user's own, or the built-in one).
    """

    kind: ScriptKind
    subject: str | None
    body: str
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    source: Path

    @property
    def text(self) -> str:
        """Subject line (if any) and body, as one text to copy."""
        if self.subject is None:
            return self.body
        return f"Subject: {self.subject}\n\n{self.body}"


#: Markers worded for a script sent before anyone was met (the status email after
#: applying goes to a recruiter or the hiring manager, not to an interviewer).
_MARKERS_FOR: dict[ScriptKind, dict[str, str]] = {
    ScriptKind.STATUS_EMAIL_AFTER_APPLYING: {
        "contact_name": "[recruiter's or hiring manager's name]",
        "salutation_name": "[recruiter's or hiring manager's name]",
    },
}


class _Filler:
    """Fills placeholders and remembers what was missing or unknown."""

    def __init__(self, values: dict[str, str], markers: dict[str, str]) -> None:
        self._values = values
        self._markers = markers
        self.missing: list[str] = []
        self.unknown: list[str] = []

    def fill(self, template: str) -> str:
        return _TOKEN.sub(self._replace, template)

    def _replace(self, match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = (match.group(1) or "").strip()
        if name not in FIELD_MARKERS:
            if name not in self.unknown:
                self.unknown.append(name)
            return f"[unknown placeholder {{{name}}}]"
        value = self._values.get(name, "")
        if value:
            return value
        if name in FALLBACKS:
            return self.fill(FALLBACKS[name])
        if name not in self.missing:
            self.missing.append(name)
        return self._markers[name]


def _spelling_warning(kind: ScriptKind, context: ScriptContext) -> tuple[str, ...]:
    contact = context.contact
    if not kind.is_thank_you or contact is None or contact.name_confirmed:
        return ()
    name = contact.full_name.strip()
    if not name:
        return ()
    # Plain words here; the rule (R4) is quoted by the step's "why?" link.
    return (f"Check the spelling of {name}'s name before sending.",)


def render(
    kind: ScriptKind | str,
    context: ScriptContext,
    override_dir: Path | None = None,
    builtin_dir: Path | None = None,
) -> RenderedScript:
    """Render one script for one person.

    Args:
        kind: the script, e.g. ``ScriptKind.CALL`` or ``"call"``.
        context: who, what and when.
        override_dir: the ``scripts`` folder of the user's data folder; a file
            there named like the built-in one (``call.txt``) is used instead.
        builtin_dir: the shipped templates; default :func:`builtin_scripts_dir`.

    Returns:
        The script. It never fails because of the user's template: an unknown
        placeholder is marked in the text and reported in ``warnings``, an
        unusable file falls back to the built-in script with a warning.

    Raises:
        ValueError: if ``kind`` names no script.
        FileNotFoundError: if the built-in templates are missing (broken install).
    """
    script_kind = parse_kind(kind)
    wording = script_kind
    if script_kind is ScriptKind.STATUS_EMAIL and context.interview_at is None:
        # No interview yet: the email asks about the application, not "our interview".
        wording = ScriptKind.STATUS_EMAIL_AFTER_APPLYING
    template, load_warnings = load_template(
        wording, override_dir, builtin_dir or builtin_scripts_dir()
    )
    filler = _Filler(context.values(), {**FIELD_MARKERS, **_MARKERS_FOR.get(wording, {})})
    subject = filler.fill(template.subject) if template.subject is not None else None
    body = filler.fill(template.body)
    unknown_warnings = tuple(
        f"Unknown placeholder {{{name}}} in {template.source}; it is marked in the text. "
        "Check its spelling against the list in the scripts README."
        for name in filler.unknown
    )
    return RenderedScript(
        kind=script_kind,
        subject=subject,
        body=body,
        missing=tuple(filler.missing),
        warnings=(
            *load_warnings,
            *_spelling_warning(script_kind, context),
            *context.warnings,
            *unknown_warnings,
        ),
        source=template.source,
    )
