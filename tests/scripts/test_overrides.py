"""The user's own templates: they win, and a bad one never leaves the user stuck."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from followup_gui.scripts import ScriptContext, ScriptKind, builtin_scripts_dir, render


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_builtin_dir_has_a_template_for_every_script() -> None:
    folder = builtin_scripts_dir()

    assert folder == Path(__file__).resolve().parents[2] / "resources" / "scripts"
    for kind in ScriptKind:
        assert (folder / kind.file_name).is_file(), kind
    assert (folder / "README.md").is_file()


def test_readme_documents_every_placeholder() -> None:
    from followup_gui.scripts import FIELD_MARKERS

    readme = (builtin_scripts_dir() / "README.md").read_text(encoding="utf-8")

    for name in FIELD_MARKERS:
        assert f"`{{{name}}}`" in readme, name


def test_pyinstaller_bundle_is_looked_in_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "resources" / "scripts"
    bundled.mkdir(parents=True)
    write(bundled, "call.txt", "bundled call script")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert builtin_scripts_dir() == bundled


def test_user_override_wins(tmp_path: Path, full_context: ScriptContext) -> None:
    source = write(
        tmp_path,
        "thank_you_email.txt",
        "Subject: Thanks, {salutation_name}!\n\n"
        "Hi {salutation_name}, thanks for the chat about {role}.\n",
    )

    script = render(ScriptKind.THANK_YOU_EMAIL, full_context, override_dir=tmp_path)

    assert script.subject == "Thanks, Dana Whitfield!"
    assert script.body == "Hi Dana Whitfield, thanks for the chat about Data Analyst."
    assert script.source == source
    assert script.warnings == ()


def test_override_for_another_script_leaves_this_one_builtin(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "voicemail.txt", "My own voicemail, {my_name}.")

    call = render(ScriptKind.CALL, full_context, override_dir=tmp_path)
    voicemail = render(ScriptKind.VOICEMAIL, full_context, override_dir=tmp_path)

    assert call.source.parent == builtin_scripts_dir()
    assert voicemail.body == "My own voicemail, Alex Kim."


def test_unknown_placeholder_is_marked_and_reported(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "voicemail.txt", "Hello, this is {my_name} from {compnay}.")

    script = render(ScriptKind.VOICEMAIL, full_context, override_dir=tmp_path)

    assert script.body == "Hello, this is Alex Kim from [unknown placeholder {compnay}]."
    assert len(script.warnings) == 1
    assert "{compnay}" in script.warnings[0]
    assert "compnay" not in script.missing


def test_doubled_braces_are_literal_and_stray_braces_do_not_crash(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "call.txt", "{{my_name}} is {my_name}; a lone { stays.\nSo does }.")

    script = render(ScriptKind.CALL, full_context, override_dir=tmp_path)

    assert script.body == "{my_name} is Alex Kim; a lone { stays.\nSo does }."
    assert script.warnings == ()


def test_non_utf8_override_falls_back_with_warning(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    # "Zoë" in UTF-16 is not valid UTF-8.
    write(tmp_path, "thank_you_card.txt", "Dear Zoë, {my_name}", encoding="utf-16")

    script = render(ScriptKind.THANK_YOU_CARD, full_context, override_dir=tmp_path)

    assert script.source.parent == builtin_scripts_dir()
    assert "Dear Dana Whitfield," in script.body
    assert len(script.warnings) == 1
    assert "UTF-8" in script.warnings[0]
    assert "thank_you_card.txt" in script.warnings[0]


def test_empty_override_falls_back_with_warning(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "call.txt", "  \n\n")

    script = render(ScriptKind.CALL, full_context, override_dir=tmp_path)

    assert "Has the position been filled" in script.body
    assert any("empty" in w for w in script.warnings)


def test_unreadable_override_falls_back_with_warning(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    (tmp_path / "voicemail.txt").mkdir()  # a folder where the file should be

    script = render(ScriptKind.VOICEMAIL, full_context, override_dir=tmp_path)

    assert "Alex Kim" in script.body
    assert any("cannot be read" in w for w in script.warnings)


def test_email_override_without_subject_keeps_body_and_warns(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "status_email.txt", "Dear {salutation_name},\r\n\r\nAny news?\r\n")

    script = render(ScriptKind.STATUS_EMAIL, full_context, override_dir=tmp_path)

    assert script.subject is None
    assert script.body == "Dear Dana Whitfield,\n\nAny news?"
    assert any("Subject:" in w for w in script.warnings)


def test_utf8_bom_and_non_ascii_override_are_read(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(
        tmp_path,
        "feedback_request.txt",
        "Subject: Merci, {company}\n\nÀ bientôt — {my_name}",
        "utf-8-sig",
    )

    script = render(ScriptKind.FEEDBACK_REQUEST, full_context, override_dir=tmp_path)

    assert script.subject == "Merci, Acme Analytics"
    assert script.body == "À bientôt — Alex Kim"


def test_placeholder_with_spaces_is_reported_not_left_raw(
    tmp_path: Path, full_context: ScriptContext
) -> None:
    write(tmp_path, "voicemail.txt", "This is {my name}, at { my_phone }.")

    script = render(ScriptKind.VOICEMAIL, full_context, override_dir=tmp_path)

    assert script.body == "This is [unknown placeholder {my name}], at +1 312 555 0100."
    assert any("{my name}" in w for w in script.warnings)
