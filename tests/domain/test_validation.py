"""The reasons a user reads next to a malformed email, phone or web address."""

from __future__ import annotations

import pytest

from followup_gui.domain.validation import (
    check_contact_values,
    check_email,
    check_phone,
    check_url,
    fold_name,
    name_similarity,
)


def test_empty_values_are_gaps_not_errors() -> None:
    for check in (check_email(""), check_phone("  "), check_url("")):
        assert check.ok and check.value == ""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("dana.example.com", "@-sign"),
        ("dana@", "There must be something after the @-sign."),
        ("da na@example.com", "invalid characters before the @-sign: SPACE"),
    ],
)
def test_email_reasons(text: str, reason: str) -> None:
    check = check_email(text)
    assert not check.ok
    assert reason in check.error


def test_email_is_normalised() -> None:
    assert check_email(" Dana@Example.COM ").value == "Dana@example.com"


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("212 555 0100", "US", "+1 212-555-0100"),
        ("+49 30 901820", None, "+49 30 901820"),
        ("(212) 555-0100 ext. 12", "US", "+1 212-555-0100 ext. 12"),
        ("030 901820", "DE", "+49 30 901820"),
    ],
)
def test_phone_in_international_format(text: str, region: str | None, expected: str) -> None:
    check = check_phone(text, region)
    assert check.ok, check.error
    assert check.value == expected


@pytest.mark.parametrize(
    ("text", "region", "reason"),
    [
        ("212 555 0100", None, "needs a country code"),
        ("call me", "US", "does not look like a phone number"),
        ("12", "US", "has too few digits"),
        ("+1 212 555 01009999", None, "has too many digits"),
        ("+1 555 0199", None, "wrong number of digits"),
        ("+999 123", None, "unknown country code"),
    ],
)
def test_phone_reasons(text: str, region: str | None, reason: str) -> None:
    check = check_phone(text, region)
    assert not check.ok
    assert reason in check.error
    assert check.value == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("example.com", "https://example.com"),
        ("http://example.com/team", "http://example.com/team"),
    ],
)
def test_url_gets_a_scheme(text: str, expected: str) -> None:
    assert check_url(text).value == expected


@pytest.mark.parametrize(
    ("text", "linkedin", "reason"),
    [
        ("ftp://example.com", False, "http:// or https://"),
        ("not a url", False, "spaces"),
        ("localhost", False, "site name"),
        ("https://example.com/in/dana", True, "not a LinkedIn address"),
    ],
)
def test_url_reasons(text: str, linkedin: bool, reason: str) -> None:
    check = check_url(text, linkedin=linkedin)
    assert reason in check.error


def test_linkedin_accepts_www_and_bare_host() -> None:
    assert check_url("www.linkedin.com/in/dana", linkedin=True).ok
    assert check_url("https://linkedin.com/in/dana", linkedin=True).ok


def test_similar_names_ignore_accents_and_case() -> None:
    assert name_similarity("Jürgen Müller", "jurgen muller") == 1.0
    assert name_similarity("Dana Whitfield", "Dana Whitfeld") > 0.85
    assert name_similarity("Dana Whitfield", "Priya Raman") < 0.5


def test_contact_values_report_every_problem_in_order() -> None:
    values, problems = check_contact_values(
        ["ok@example.com", "bad", ""], ["+1 212 555 0100", "12"], "x y", "example.com", "US"
    )
    assert [(p.field, p.index) for p in problems] == [
        ("emails", 1),
        ("phones", 1),
        ("website", 0),
        ("linkedin", 0),
    ]
    assert values.emails == ["ok@example.com", "bad"]
    assert values.phones == ["+1 212-555-0100", "12"]


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("  Dana   WHITFIELD ", "dana whitfield"),
        ("Jürgen Müller", "jurgen muller"),
        ("Ｎordlicht ﬁnance", "nordlicht finance"),  # full-width letter, ligature
        ("Zoë\u00a0Ångström", "zoe angstrom"),  # no-break space
        ("", ""),
    ],
)
def test_names_fold_without_accents_case_or_extra_spaces(name: str, folded: str) -> None:
    assert fold_name(name) == folded
