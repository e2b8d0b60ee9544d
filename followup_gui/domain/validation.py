"""Pure validators for what a contact holds: emails, phone numbers, web addresses, names.

Each check returns a :class:`Check`: the value as it should be stored (normalised:
phone numbers in international format, web addresses with a scheme) and, when the
value is malformed, the reason in plain words for the user. An empty value is a
gap, never an error: a contact may be saved with gaps (R2) but not with a
malformed value.

email-validator and phonenumbers are imported inside the functions: they are slow
to import and not needed for the window to appear.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Names at least this similar (difflib ratio, 0..1) at the same company are
#: pointed out as possible duplicates: "Jurgen Muller" / "Jürgen Müller" ≈ 1.0,
#: "Dana Whitfield" / "Dana Whitfeld" ≈ 0.96, "Dana Whitfield" / "Dan Whitman" ≈ 0.72.
SIMILAR_NAME_RATIO = 0.85

_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Check:
    """The result of checking one value.

    Attributes:
        value: what to store: normalised when valid, the input (stripped) otherwise.
        error: why the value is malformed; empty when it is fine (or empty).
    """

    value: str
    error: str = ""

    @property
    def ok(self) -> bool:
        """Whether the value may be saved."""
        return not self.error


def check_email(text: str) -> Check:
    """Check an email address's syntax (no network look-up).

    Returns:
        The normalised address (domain lower-cased), or the reason it is malformed.
    """
    from email_validator import EmailNotValidError, validate_email

    text = text.strip()
    if not text:
        return Check("")
    try:
        info = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return Check(text, str(exc))
    return Check(info.normalized)


_PARSE_ERRORS = {
    0: "starts with an unknown country code; check the digits after +",
    1: "does not look like a phone number",
    2: "is too short to be a phone number",
    3: "is too short after the trunk prefix",
    4: "is too long to be a phone number",
}
_LENGTH_ERRORS = {
    2: "has too few digits",
    3: "has too many digits",
    4: "has the wrong number of digits",
    5: "has the wrong number of digits for a local number",
}


def check_phone(text: str, region: str | None = None) -> Check:
    """Check a phone number and write it in international format.

    Args:
        text: what the user typed, e.g. ``212 555 0100`` or ``+49 30 901820``.
        region: two-letter country (``US``) for numbers typed without ``+``; None
            or empty means every number needs its country code.

    Returns:
        e.g. ``+1 212-555-0100``, or the reason the number is malformed.
    """
    import phonenumbers

    text = text.strip()
    if not text:
        return Check("")
    region = (region or "").upper() or None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == 0 and not text.startswith("+"):
            return Check(text, "needs a country code, e.g. +1 for the US or +44 for the UK")
        return Check(text, _PARSE_ERRORS.get(exc.error_type, "is not a phone number"))
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _LENGTH_ERRORS:
        return Check(text, _LENGTH_ERRORS[reason])
    if not phonenumbers.is_valid_number(number):
        code = number.country_code or 0
        where = phonenumbers.region_code_for_country_code(code)
        return Check(text, f"is not a valid number for +{code} ({where})")
    return Check(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def check_url(text: str, *, linkedin: bool = False) -> Check:
    """Check a web address; ``https://`` is added when the scheme is left out.

    Args:
        text: e.g. ``example.com/team`` or ``https://www.linkedin.com/in/dana``.
        linkedin: the address must be on linkedin.com.

    Returns:
        The address with a scheme, or the reason it is malformed.
    """
    text = text.strip()
    if not text:
        return Check("")
    if any(ch.isspace() for ch in text):
        return Check(text, "must not contain spaces")
    candidate = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:  # e.g. "Invalid IPv6 URL" for an unmatched "["
        return Check(text, "is not a web address")
    if parts.scheme.lower() not in ("http", "https"):
        return Check(text, "must start with http:// or https://")
    if not _HOST.match(host):
        return Check(text, "needs a site name such as example.com")
    if linkedin and not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return Check(text, "is not a LinkedIn address (linkedin.com/in/…)")
    return Check(candidate)


def fold_name(name: str) -> str:
    """A name reduced for comparison: no accents, no case, single spaces."""
    if name.isascii():  # nothing to decompose (most names, and the fast path)
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 0..1, ignoring accents, case and spacing."""
    fa, fb = fold_name(a), fold_name(b)
    if not fa or not fb:
        return 0.0
    return difflib.SequenceMatcher(None, fa, fb).ratio()


#: Anything that is not a decimal digit (any script) or ``+``.
_NOT_DIAL = re.compile(r"[^\d+]")


def phone_key(phone: str) -> str:
    """The digits of a phone number (with ``+``), to spot the same number written twice."""
    return _NOT_DIAL.sub("", phone)


@dataclass(frozen=True, slots=True)
class CleanValues:
    """The checked fields of a contact, normalised; empty list entries dropped."""

    emails: list[str]
    phones: list[str]
    website: str
    linkedin: str


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A malformed value of one field.

    Attributes:
        field: the contact field, e.g. ``emails`` or ``website``.
        index: the position in a list field (emails, phones); 0 otherwise.
        value: the value as given.
        error: the reason, e.g. ``is too short to be a phone number``.
    """

    field: str
    index: int
    value: str
    error: str

    def __str__(self) -> str:
        return f"{self.value!r} {self.error}" if self.value else self.error


def check_contact_values(
    emails: list[str],
    phones: list[str],
    website: str,
    linkedin: str,
    region: str | None = None,
) -> tuple[CleanValues, list[FieldProblem]]:
    """Check every validated field of a contact at once.

    Returns:
        The normalised values and the problems found, in field order.
    """
    problems: list[FieldProblem] = []
    clean_emails: list[str] = []
    for i, raw in enumerate(emails):
        c = check_email(raw)
        if c.error:
            problems.append(FieldProblem("emails", i, c.value, c.error))
        if c.value:
            clean_emails.append(c.value)
    clean_phones: list[str] = []
    for i, raw in enumerate(phones):
        c = check_phone(raw, region)
        if c.error:
            problems.append(FieldProblem("phones", i, c.value, c.error))
        if c.value:
            clean_phones.append(c.value)
    site = check_url(website)
    if site.error:
        problems.append(FieldProblem("website", 0, site.value, site.error))
    link = check_url(linkedin, linkedin=True)
    if link.error:
        problems.append(FieldProblem("linkedin", 0, link.value, link.error))
    return CleanValues(clean_emails, clean_phones, site.value, link.value), problems
