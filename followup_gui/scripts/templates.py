"""Finding and reading script templates: the user's own first, then the built-in one.

A template is a UTF-8 text file named after its script (``call.txt``). An email's
template starts with a ``Subject: ...`` line and a blank line; the rest is the body.
See ``resources/scripts/README.md`` for the format as users see it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from followup_gui.scripts.kinds import ScriptKind

_SUBJECT_PREFIX = "subject:"


@dataclass(frozen=True, slots=True)
class ScriptTemplate:
    """One template as read from disk, before any placeholder is filled.

    Attributes:
        kind: the script it is for.
        subject: the email subject, or None (not an email, or no ``Subject:`` line).
        body: the text after the subject.
        source: the file it came from.
    """

    kind: ScriptKind
    subject: str | None
    body: str
    source: Path


def _builtin_candidates() -> list[Path]:
    """Return where the shipped templates may be, most specific first."""
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller bundle
    if bundle:
        candidates.append(Path(bundle) / "resources" / "scripts")
    here = Path(__file__).resolve()
    # A checkout or an editable install: <repo>/followup_gui/scripts/templates.py.
    candidates.append(here.parents[2] / "resources" / "scripts")
    # A wheel that ships resources/ inside the package, or as data files.
    candidates.append(here.parents[1] / "resources" / "scripts")
    candidates.append(Path(sys.prefix) / "share" / "followup-gui" / "resources" / "scripts")
    return candidates


def builtin_scripts_dir() -> Path:
    """Return the folder of the templates shipped with FollowUp.

    Looks in the PyInstaller bundle (``sys._MEIPASS/resources/scripts``) first,
    then in the checkout (``<repo>/resources/scripts``), then where a wheel may
    put them (``followup_gui/resources/scripts``, ``<prefix>/share/followup-gui``).

    Raises:
        FileNotFoundError: if none of them exists, i.e. the installation is broken.
    """
    candidates = _builtin_candidates()
    for candidate in candidates:
        if (candidate / ScriptKind.CALL.file_name).is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"the built-in scripts are missing; looked in: {looked}")


def parse_template(kind: ScriptKind, text: str, source: Path) -> ScriptTemplate:
    """Split a template's text into subject and body.

    Only email scripts have a subject: the first non-blank line, if it starts with
    ``Subject:`` (any case). Blank lines around the body are dropped; line endings
    are normalised to newlines.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    subject: str | None = None
    if kind.has_subject and lines and lines[0].lower().startswith(_SUBJECT_PREFIX):
        subject = lines.pop(0)[len(_SUBJECT_PREFIX) :].strip()
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    return ScriptTemplate(kind=kind, subject=subject, body=body, source=source)


def _read_builtin(kind: ScriptKind, builtin_dir: Path) -> ScriptTemplate:
    # A missing or broken built-in template is a packaging bug: let it raise.
    path = builtin_dir / kind.file_name
    return parse_template(kind, path.read_text(encoding="utf-8-sig"), path)


def load_template(
    kind: ScriptKind, override_dir: Path | None, builtin_dir: Path
) -> tuple[ScriptTemplate, tuple[str, ...]]:
    """Return the template to use for ``kind``, and warnings about the choice.

    The user's file of the same name in ``override_dir`` wins. If it cannot be
    used (not UTF-8, unreadable, empty), the built-in template is used and a
    warning says why, so the user is never left without a script.

    Args:
        kind: the script wanted.
        override_dir: the ``scripts`` folder in the user's data folder, or None.
        builtin_dir: the shipped templates, see :func:`builtin_scripts_dir`.

    Raises:
        OSError: if the built-in template is needed and cannot be read.
    """
    if override_dir is None:
        return _read_builtin(kind, builtin_dir), ()
    path = override_dir / kind.file_name
    if not path.exists():
        return _read_builtin(kind, builtin_dir), ()
    problem: str | None = None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problem = "is not saved as UTF-8 text (save it as UTF-8 to use it)"
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
    else:
        if not text.strip():
            problem = "is empty"
    if problem is not None:
        warning = f"Your script {path} {problem}; the built-in script is shown instead."
        return _read_builtin(kind, builtin_dir), (warning,)
    template = parse_template(kind, text, path)
    warnings: tuple[str, ...] = ()
    if kind.has_subject and template.subject is None:
        warnings = (
            f"Your script {path} has no 'Subject:' line at the top; "
            "write a subject before sending.",
        )
    return template, warnings
