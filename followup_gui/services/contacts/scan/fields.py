"""Turn the lines read from a card into a contact's fields, each with a confidence.

The layout tells a lot: emails, phones and web addresses are found by their
shape and kept only when the project's validators accept them (a usual OCR
confusion, ``:`` for ``-`` or ``€`` for ``e``, is corrected only when the
corrected value then validates); a line with a legal form (GmbH, Inc., S.L.)
or matching the email's domain is the company; the largest remaining line that
looks like a name is the name; a line with a job word is the title; lines with
a postal code or a street word are the address. Phone numbers written without
``+`` take their country from the card (another number's country code), then
the email's or site's country domain, then the user's region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from followup_gui.domain.validation import check_email, check_phone, check_url, fold_name
from followup_gui.services.contacts.editing import ContactData
from followup_gui.services.contacts.scan.ocr import TextLine

#: Below this a field is highlighted for the user to check.
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from the card and how sure the reading is (0..1)."""

    value: str
    confidence: float


@dataclass(frozen=True, slots=True)
class CardFields:
    """What a card says, field by field (empty values where nothing was found)."""

    name: Found = Found("", 0.0)
    title: Found = Found("", 0.0)
    company: Found = Found("", 0.0)
    emails: tuple[Found, ...] = ()
    phones: tuple[Found, ...] = ()
    website: Found = Found("", 0.0)
    address: Found = Found("", 0.0)
    linkedin: Found = Found("", 0.0)
    sources: tuple[str, ...] = field(default=())

    def low_confidence(self) -> list[str]:
        """The names of the fields with a value below :data:`LOW_CONFIDENCE`."""
        out = [
            name
            for name in ("name", "title", "company", "website", "address", "linkedin")
            if getattr(self, name).value and getattr(self, name).confidence < LOW_CONFIDENCE
        ]
        out += [
            k
            for k in ("emails", "phones")
            if any(f.confidence < LOW_CONFIDENCE for f in getattr(self, k))
        ]
        return out


_LABEL = re.compile(
    r"^\s*(e-?mail|mail|correo|web|www\.?:|internet|url|tel[eé]fono|telefon|tel|phone|"
    r"mobile|mobil|m[oó]vil|mob|cell|handy|direct|office|fon|tlf|t|m|p|d|o)\s*[.:]?\s+",
    re.IGNORECASE,
)
_FAX = re.compile(r"^\s*(fax|f)\s*[.:]", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+:€'-]+\s?[@©]\s?[\w.:€-]+\.[A-Za-z]{2,}", re.UNICODE)
_SITE = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9][\w-]*(?:\.[\w-]+)*\.[a-z]{2,}(?:/[\w./%-]*)?", re.IGNORECASE
)
_LEGAL = re.compile(
    r"\b(gmbh|ag|kg|se|e\.\s?v\.|inc\.?|llc|ltd\.?|limited|plc|corp\.?|corporation|co\.|"
    r"s\.\s?a\.?|s\.\s?l\.?|sl|sa|s\.a\.s\.?|sarl|bv|b\.v\.|oy|ab|group|gruppe|grupo)(?=\W|$)",
    re.IGNORECASE,
)
_JOB_WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a 90-item list
    "manager managerin engineer director directora head lead recruiter recruiting talent officer "
    "ceo cto cfo coo vp president founder co-founder partner consultant developer designer "
    "analyst specialist coordinator assistant architect scientist sales marketing account "
    "geschäftsführer geschäftsführerin leiter leiterin ingenieur ingenieurin entwickler "
    "entwicklerin referent referentin personal beraterin berater gerente ingeniera ingeniero "
    "jefe jefa responsable técnico técnica coordinadora coordinador analista desarrolladora "
    "desarrollador reclutadora reclutador recursos humanos human resources hr product "
    "principal senior junior staff owner"
).split()
_STREET = re.compile(
    r"((stra(ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|kai)\s*\d|street\b|\bst\.|"
    r"avenue\b|\bave\.?\b|road\b|\brd\.|boulevard|blvd|lane\b|drive\b|suite\b|floor\b|"
    r"\bcalle\b|\bc/|avenida|avda\.?|plaza\b|paseo\b|piso\b|planta\b|carrera\b)",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"(\b\d{4,5}\s+\w{3,}|\b[A-Z]{2}\s+\d{5}(-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)"
)
_COUNTRIES = {
    "germany", "deutschland", "spain", "españa", "espana", "usa", "united states",
    "united kingdom", "uk", "austria", "österreich", "switzerland", "schweiz", "mexico",
    "méxico", "argentina", "colombia", "chile", "ireland", "éire", "france", "italy",
}  # fmt: skip
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$", re.UNICODE)
_CC_ALIASES = {"uk": "GB"}


def _strip_label(text: str) -> str:
    return _LABEL.sub("", text, count=1).strip(" |·•:;,")


_EMAIL_LABEL = re.compile(r"^\s*(e-?mail|mail|correo)\b", re.IGNORECASE)
#: ``@`` read as a letter or sign, before what looks like a domain.
_AT_MISREAD = re.compile(r"\s*[O0©®Q]\s*(?=[\w-]+(\.[\w-]+)*\.[a-z]{2,}\b)")


def _email_in(text: str) -> tuple[str, float] | None:
    """An email in ``text`` that validates, corrected if need be, with a factor (1: as read)."""
    match = _EMAIL.search(_strip_label(text))
    if not match and _EMAIL_LABEL.match(text):
        # The line says it holds an email: "@" may have been read as "O" or "©".
        fixed = _AT_MISREAD.sub("@", _strip_label(text), count=1)
        hit = _EMAIL.search(fixed)
        if hit:
            check = check_email(re.sub(r"\s", "", hit.group(0)))
            if check.ok and check.value:
                return check.value, 0.6
    if not match:
        return None
    raw = re.sub(r"\s", "", match.group(0)).replace("©", "@").strip(".,;:")
    variants = [
        (raw, 1.0),
        (raw.replace(":", "-"), 0.8),
        (raw.replace("€", "e"), 0.8),
        (raw.replace(":", "-").replace("€", "e"), 0.7),
        (raw.replace(":", ".").replace("€", "e"), 0.7),
        (raw.replace(",", ".").replace(":", "-").replace("€", "e"), 0.65),
    ]
    for candidate, factor in variants:
        if "€" in candidate:
            continue
        check = check_email(candidate)
        if check.ok and check.value:
            return check.value, factor
    return None


def _domain_region(domain: str) -> str | None:
    """The country of a country domain (``acme.de`` -> ``DE``), None for ``.com`` and the like."""
    import phonenumbers

    tld = domain.rsplit(".", 1)[-1].lower()
    code = _CC_ALIASES.get(tld, tld.upper())
    if len(code) == 2 and phonenumbers.country_code_for_region(code):
        return code
    return None


def _stem(domain: str) -> str:
    """A domain's name part, letters only: ``www.acme-robotics.de`` -> ``acmerobotics``."""
    host = domain.lower().removeprefix("www.")
    parts = host.split(".")
    name = (
        parts[-3] if len(parts) >= 3 and len(parts[-1]) == 2 and len(parts[-2]) <= 3 else parts[0]
    )
    return re.sub(r"[^a-z0-9]", "", name)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_name(text).replace(" ", ""))


_DIGIT_FIXES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})


def _phones_in(text: str, region: str | None) -> list[tuple[str, float]]:
    """Phone numbers in one line, in international format, with a factor (1: as read)."""
    import phonenumbers

    if _FAX.match(text):
        return []
    text = _strip_label(text)
    found = []
    for candidate, factor in ((text, 1.0), (text.translate(_DIGIT_FIXES), 0.75)):
        for match in phonenumbers.PhoneNumberMatcher(
            candidate, region or "ZZ", leniency=phonenumbers.Leniency.VALID
        ):
            check = check_phone(match.raw_string, region)
            if check.ok and check.value:
                found.append((check.value, factor))
        if found:
            break
    return found


def _card_region(lines: Iterable[str], domains: Iterable[str], fallback: str | None) -> str | None:
    """The country of numbers written without ``+``: see the module docstring."""
    import phonenumbers

    for text in lines:
        for match in re.finditer(r"\+\s?(\d{1,3})", text):
            for width in (1, 2, 3):
                code = match.group(1)[:width]
                where = phonenumbers.region_code_for_country_code(int(code))
                if where != "ZZ":
                    return str(where)
    for domain in domains:
        country = _domain_region(domain)
        if country:
            return country
    return fallback


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if any(w.lower().strip(",") in _JOB_WORDS for w in words):
        return False
    return all(_NAME_WORD.match(w) for w in words) and sum(w[0].isupper() for w in words) >= 2


_JOB_ENDINGS = tuple(j for j in _JOB_WORDS if len(j) >= 6)


def _is_title(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w-]*", text.lower())
    return any(
        w in _JOB_WORDS or w.split("-")[-1] in _JOB_WORDS or w.endswith(_JOB_ENDINGS) for w in words
    )


_HOUSE = re.compile(r"^(\d{1,5}[a-z]?\s+[^\W\d]{3,}.*|[^\W\d].{2,}\s\d{1,4}[a-z]?)$")


def _is_address(text: str) -> bool:
    folded = text.strip().lower().strip(".")
    country = folded.rsplit(",", 1)[-1].strip()
    return (
        bool(_STREET.search(text) or _POSTCODE.search(text) or _HOUSE.match(text.strip()))
        or folded in _COUNTRIES
        or country in _COUNTRIES
    )


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def parse_lines(lines: list[TextLine], region: str | None = None) -> CardFields:
    """The fields of a card from its text lines (see the module docstring).

    Args:
        lines: what Tesseract read, top to bottom.
        region: the user's country for phone numbers (the last resort).
    """
    lines = [ln for ln in lines if re.search(r"[^\W_]{2,}|\d", ln.text)]
    used: set[int] = set()
    emails: list[Found] = []
    for i, line in enumerate(lines):
        hit = _email_in(line.text)
        if hit and all(f.value != hit[0] for f in emails):
            emails.append(Found(hit[0], round(line.confidence * hit[1], 2)))
            used.add(i)
    email_domains = [e.value.rsplit("@", 1)[-1] for e in emails]
    website, linkedin = Found("", 0.0), Found("", 0.0)
    for i, line in enumerate(lines):
        if i in used:
            continue
        for match in _SITE.finditer(_strip_label(line.text)):
            token = match.group(0).rstrip(".,;")
            host = re.sub(r"^https?://", "", token, flags=re.IGNORECASE).split("/")[0].lower()
            if "." not in host or not re.search(r"[a-z]", host.rsplit(".", 1)[-1]):
                continue
            is_linkedin = "linkedin.com" in host
            check = check_url(token.lower() if token.isupper() else token, linkedin=is_linkedin)
            if not check.ok:
                continue
            if is_linkedin:
                linkedin = Found(check.value, round(line.confidence * 0.9, 2))
            elif not website.value:
                matches = any(_stem(host) == _stem(d) for d in email_domains)
                sure = 0.97 if matches else (0.8 if host.startswith("www.") else 0.6)
                website = Found(check.value, round(line.confidence * sure, 2))
            used.add(i)
    domains = [*email_domains, re.sub(r"^https?://", "", website.value).split("/")[0]]
    domains = [d for d in domains if d]
    card_region = _card_region((ln.text for ln in lines), domains, region)
    phones: list[Found] = []
    for i, line in enumerate(lines):
        if i in used or _FAX.match(line.text):
            continue
        for value, factor in _phones_in(line.text, card_region):
            if all(f.value != value for f in phones):
                phones.append(Found(value, round(line.confidence * factor, 2)))
            used.add(i)
    rest = [(i, ln) for i, ln in enumerate(lines) if i not in used]
    address_lines = [(i, ln) for i, ln in rest if _is_address(ln.text) and not _is_name(ln.text)]
    address = Found("", 0.0)
    if address_lines:
        has_code = any(_POSTCODE.search(ln.text) for _, ln in address_lines)
        address = Found(
            "\n".join(_strip_label(ln.text) for _, ln in address_lines),
            round(_mean(ln.confidence for _, ln in address_lines) * (0.9 if has_code else 0.6), 2),
        )
        used.update(i for i, _ in address_lines)
    rest = [(i, ln) for i, ln in rest if i not in used]
    stems = {_stem(d) for d in domains}
    company = Found("", 0.0)
    for i, ln in rest:
        letters = _letters(ln.text)
        by_domain = any(s and len(s) >= 3 and (s in letters or letters in s) for s in stems)
        if _LEGAL.search(ln.text) or (by_domain and not _is_name(ln.text)):
            company = Found(ln.text.strip(), round(min(ln.confidence, 0.95), 2))
            used.add(i)
            break
    rest = [(i, ln) for i, ln in rest if i not in used]
    name = Found("", 0.0)
    names = [(i, ln) for i, ln in rest if _is_name(ln.text)]
    if names:
        tallest = max(ln.height for _, ln in rest)
        i, ln = max(names, key=lambda p: (p[1].height, -p[1].top))
        local = " ".join(e.value.split("@")[0] for e in emails).lower()
        in_email = any(
            len(w) >= 3 and (w in local or w.replace("ue", "u") in local)
            for w in _letters_words(ln.text)
        )
        sure = 0.95 if ln.height >= tallest * 0.95 or in_email else 0.7
        name = Found(restore_name_accents(ln.text.strip()), round(min(ln.confidence, sure), 2))
        used.add(i)
    rest = [(i, ln) for i, ln in rest if i not in used]
    title = Found("", 0.0)
    for i, ln in rest:
        if _is_title(ln.text):
            title = Found(ln.text.strip(), round(min(ln.confidence, 0.9), 2))
            used.add(i)
            break
    rest = [(i, ln) for i, ln in rest if i not in used]
    if not company.value and rest:
        i, ln = max(rest, key=lambda p: (p[1].height, -p[1].top))
        company = Found(ln.text.strip(), round(min(ln.confidence, 0.5), 2))
    return CardFields(
        name, title, company, tuple(emails), tuple(phones), website, address, linkedin, ("ocr",)
    )


def _letters_words(text: str) -> list[str]:
    return [re.sub(r"[^a-z]", "", w) for w in fold_name(text).split()]


def from_contact(data: ContactData, confidence: float = 0.99) -> CardFields:
    """A contact's values (a QR code's vCard or MECARD) as fields, all sure."""

    def one(value: str) -> Found:
        return Found(value, confidence if value else 0.0)

    return CardFields(
        one(data.full_name),
        one(data.title),
        one(data.company),
        tuple(Found(e, confidence) for e in data.emails),
        tuple(Found(p, confidence) for p in data.phones),
        one(data.website),
        one(data.postal_address),
        one(data.linkedin),
        ("qr",),
    )


def combine(qr: CardFields, ocr: CardFields) -> CardFields:
    """The QR code's fields, with what only the printed text has filled in."""

    def pick(a: Found, b: Found) -> Found:
        return a if a.value else b

    return CardFields(
        pick(qr.name, ocr.name),
        pick(qr.title, ocr.title),
        pick(qr.company, ocr.company),
        qr.emails or ocr.emails,
        qr.phones or ocr.phones,
        pick(qr.website, ocr.website),
        pick(qr.address, ocr.address),
        pick(qr.linkedin, ocr.linkedin),
        (*qr.sources, *ocr.sources),
    )


_GERMAN = {"DE", "AT", "CH", "LI", "LU"}
_SPANISH = {
    "ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV",
    "NI", "CR", "PA", "UY", "PR",
}  # fmt: skip


def card_language(fields: CardFields, lines: list[TextLine]) -> str:
    """The language the card is most likely printed in (``eng``, ``deu`` or ``spa``).

    From the country of its phone numbers and domains, else from telling words.
    """
    domains = [e.value.rsplit("@", 1)[-1] for e in fields.emails]
    if fields.website.value:
        domains.append(re.sub(r"^https?://", "", fields.website.value).split("/")[0])
    phone_text = [p.value for p in fields.phones]
    country = _card_region(phone_text, domains, None)
    if country in _GERMAN:
        return "deu"
    if country in _SPANISH:
        return "spa"
    text = " ".join(ln.text for ln in lines).lower()
    if re.search(r"gmbh|stra(ß|ss)e|\bstr\.|leiter|geschäfts", text):
        return "deu"
    if re.search(r"\bs\.\s?[la]\.|\bcalle\b|avenida|gerente|\bde\b", text):
        return "spa"
    return "eng"


_IRISH_NI = re.compile(r"\bNi(?= [BCDFGMPST]h)")


def restore_name_accents(name: str) -> str:
    """Accents Tesseract has no data for but that a name's grammar fixes.

    Irish ``Ní`` before a lenited surname (``Ní Bhriain``): no Irish data is
    installed, so it reads ``Ni``.
    """
    return _IRISH_NI.sub("Ní", name)
