"""Rendering the built-in scripts: the right facts in, visible gaps, R4 warnings."""

from __future__ import annotations

import dataclasses

import pytest

from followup_gui.domain.values import ContactFacts, Profile
from followup_gui.scripts import FIELD_MARKERS, ScriptContext, ScriptKind, render

WHEN = "Thursday, November 19 at 2:00 PM"

# What each script must say with a full context (R4, R7, R8, R11).
EXPECTED: dict[ScriptKind, tuple[str, ...]] = {
    ScriptKind.THANK_YOU_EMAIL: (
        "Dear Dana Whitfield,",
        WHEN,
        "Data Analyst",
        "Acme Analytics",
        "your plans for the new reporting platform",
        "I will call you on Tuesday, November 24 to follow up.",
        "Alex Kim",
        "+1 312 555 0100",
        "alex.kim@example.com",
    ),
    ScriptKind.THANK_YOU_CARD: (
        "Dana Whitfield\nEngineering Manager\nAcme Analytics\n100 Lake Street\nChicago, IL 60601",
        "Dear Dana Whitfield,",
        WHEN,
        "Data Analyst",
        "your plans for the new reporting platform",
        "I will call you on Tuesday, November 24 to follow up.",
        "Alex Kim",
        "+1 312 555 0100",
        "alex.kim@example.com",
    ),
    ScriptKind.CALL: (
        "this is Alex Kim",
        "Dana Whitfield, Engineering Manager",
        WHEN,
        "Data Analyst",
        "Acme Analytics",
        "filled",
        "still being considered",
        "timeline",
        "references",
        "When would Dana Whitfield be free",
        "Thank you",
    ),
    ScriptKind.VOICEMAIL: ("Dana Whitfield", "Alex Kim", "+1 312 555 0100", WHEN, "Data Analyst"),
    ScriptKind.STATUS_EMAIL: (
        "Dear Dana Whitfield,",
        WHEN,
        "Data Analyst",
        "Acme Analytics",
        "Friday, November 27",
        "alex.kim@example.com",
    ),
    ScriptKind.STATUS_EMAIL_AFTER_APPLYING: (
        "Dear Dana Whitfield,",
        "applied for the Data Analyst position at Acme Analytics",
        "where my application stands",
        "alex.kim@example.com",
    ),
    ScriptKind.FEEDBACK_REQUEST: (
        "Dear Dana Whitfield,",
        "Data Analyst",
        "Acme Analytics",
        "feedback",
        "information",
        "stay in touch",
        "alex.kim@example.com",
    ),
}


@pytest.mark.parametrize("kind", list(ScriptKind))
def test_full_context_renders_every_fact_and_no_marker(
    kind: ScriptKind, full_context: ScriptContext
) -> None:
    script = render(kind, full_context)

    text = script.text
    for expected in EXPECTED[kind]:
        assert expected in text, f"{kind}: {expected!r} missing from\n{text}"
    assert script.missing == ()
    assert script.warnings == ()
    assert "[" not in text and "{" not in text


@pytest.mark.parametrize("kind", list(ScriptKind))
def test_emails_have_a_subject_and_other_scripts_do_not(
    kind: ScriptKind, full_context: ScriptContext
) -> None:
    script = render(kind.value, full_context)

    if kind.has_subject:
        assert script.subject is not None
        assert "Data Analyst" in script.subject
        assert not script.body.lower().startswith("subject:")
    else:
        assert script.subject is None


def test_voicemail_says_the_number_twice(full_context: ScriptContext) -> None:
    body = render(ScriptKind.VOICEMAIL, full_context).body

    assert body.count("+1 312 555 0100") >= 2
    assert len(body.split()) < 110  # concise (R8)


def test_preferred_name_is_used_to_greet(full_context: ScriptContext, dana: ContactFacts) -> None:
    context = dataclasses.replace(
        full_context, contact=dataclasses.replace(dana, preferred_name="Dee")
    )

    email = render(ScriptKind.THANK_YOU_EMAIL, context)
    card = render(ScriptKind.THANK_YOU_CARD, context)

    assert "Dear Dee," in email.body
    assert "Dear Dee," in card.body
    assert card.body.startswith("Envelope:\nDana Whitfield\nEngineering Manager")


def test_missing_values_show_markers_and_are_listed(dana: ContactFacts) -> None:
    context = ScriptContext(
        profile=Profile(name="Alex Kim"),
        contact=dataclasses.replace(dana, title="", postal_address=""),
        company="Acme Analytics",
        role="Data Analyst",
    )

    card = render(ScriptKind.THANK_YOU_CARD, context)

    for field in (
        "contact_title",
        "contact_postal_address",
        "interview_when",
        "discussed",
        "my_phone",
        "my_email",
    ):
        assert field in card.missing
        assert FIELD_MARKERS[field] in card.body
    assert "[interviewer's title]" in card.body
    assert "[your phone number]" in card.body
    assert "my_name" not in card.missing
    assert "Alex Kim" in card.body


def test_signature_replaces_name_phone_and_email_when_set(full_context: ScriptContext) -> None:
    profile = Profile(name="Alex Kim", signature="Alex Kim\nhttps://alexkim.example")
    context = dataclasses.replace(full_context, profile=profile)

    script = render(ScriptKind.STATUS_EMAIL, context)

    assert script.body.endswith("Best regards,\nAlex Kim\nhttps://alexkim.example")
    assert script.missing == ()


def test_no_contact_chosen_marks_the_name(profile: Profile) -> None:
    context = ScriptContext(profile=profile, contact=None, company="Acme", role="Analyst")

    script = render(ScriptKind.THANK_YOU_EMAIL, context)

    assert "Dear [interviewer's name]," in script.body
    assert "contact_name" in script.missing
    assert not any("spelling" in w for w in script.warnings)


def test_whitespace_only_value_counts_as_missing(full_context: ScriptContext) -> None:
    context = dataclasses.replace(full_context, profile=Profile(name="Alex Kim", phone="   "))

    script = render(ScriptKind.VOICEMAIL, context)

    assert "my_phone" in script.missing
    assert script.body.count("[your phone number]") == 3


@pytest.mark.parametrize("kind", [ScriptKind.THANK_YOU_EMAIL, ScriptKind.THANK_YOU_CARD])
def test_unconfirmed_spelling_warns_on_thank_yous(
    kind: ScriptKind, full_context: ScriptContext, dana: ContactFacts
) -> None:
    context = dataclasses.replace(
        full_context, contact=dataclasses.replace(dana, name_confirmed=False)
    )

    script = render(kind, context)

    assert any("spelling of Dana Whitfield's name" in w for w in script.warnings)
    assert not any("(R4)" in w for w in script.warnings), "no rule id in the words"


@pytest.mark.parametrize(
    "kind",
    [k for k in ScriptKind if k not in (ScriptKind.THANK_YOU_EMAIL, ScriptKind.THANK_YOU_CARD)],
)
def test_unconfirmed_spelling_does_not_warn_elsewhere(
    kind: ScriptKind, full_context: ScriptContext, dana: ContactFacts
) -> None:
    context = dataclasses.replace(
        full_context, contact=dataclasses.replace(dana, name_confirmed=False)
    )

    assert render(kind, context).warnings == ()


def test_non_ascii_names_render_intact(full_context: ScriptContext, dana: ContactFacts) -> None:
    context = dataclasses.replace(
        full_context,
        profile=Profile(name="Søren Øberg", phone="+45 12 34 56 78", email="søren@example.dk"),
        contact=dataclasses.replace(dana, full_name="Zoë Ångström-Nuñez"),
        company="Café Müller GmbH",
    )

    email = render(ScriptKind.THANK_YOU_EMAIL, context)
    voicemail = render(ScriptKind.VOICEMAIL, context)

    assert "Dear Zoë Ångström-Nuñez," in email.body
    assert "Café Müller GmbH" in email.body
    assert "Søren Øberg" in email.body
    assert "Hello Zoë Ångström-Nuñez, this is Søren Øberg" in voicemail.body


def test_unknown_kind_is_refused(full_context: ScriptContext) -> None:
    with pytest.raises(ValueError, match="no script called 'move_on'"):
        render("move_on", full_context)


def test_the_status_email_after_applying_mentions_no_interview(profile: Profile) -> None:
    """Planned when no interview came (two weeks after applying): no "our interview"."""
    context = ScriptContext(profile=profile, contact=None, company="Acme", role="Analyst")

    script = render(ScriptKind.STATUS_EMAIL, context)

    assert "interview" not in script.text.lower()
    assert "decide" not in script.text.lower()
    assert "Dear [recruiter's or hiring manager's name]," in script.body
    assert "contact_name" in script.missing


def test_the_status_email_instead_of_a_call_follows_up_on_the_interview(
    full_context: ScriptContext,
) -> None:
    """Planned after an interview when nobody met has a phone: it names the interview."""
    script = render(ScriptKind.STATUS_EMAIL, full_context)

    assert script.kind is ScriptKind.STATUS_EMAIL
    assert f"our interview on {WHEN}" in script.body
