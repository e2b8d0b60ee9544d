"""``mailto:`` links (RFC 6068) and who a step's email goes to."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from followup_gui.services.mail.mailto import Draft, addresses, mailto_url, split_script
from followup_gui.services.mail.recipients import Person, step_recipients
from followup_gui.storage import Database
from followup_gui.storage import models as m
from tests.services.followups.outcome_data import first_of_kind, make_application


def test_every_field_is_utf8_percent_encoded_with_crlf_lines() -> None:
    body = "Dear José,\n\nThanks – 100% & more? #1 a+b = c\n" + "x" * 5000
    url = mailto_url(Draft(("dana@acme.example",), ("lee@acme.example",), "Danke & Grüße", body))
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "dana@acme.example"
    # Nothing that separates or escapes is left raw, no "+" (some programs read a space).
    query = parts.query
    for raw in (" ", "\n", "#", "+", "é", "–"):
        assert raw not in query
    fields = {k: v[0] for k, v in parse_qs(query.replace("+", "%2B")).items()}
    assert fields["subject"] == "Danke & Grüße"
    assert fields["cc"] == "lee@acme.example"
    assert fields["body"] == body.replace("\n", "\r\n")  # long bodies whole, CRLF lines
    assert "%0D%0A%0D%0AThanks" in query


def test_address_with_reserved_characters_is_escaped() -> None:
    url = mailto_url(Draft(("a?b%c@x.example", "d@y.example"), (), "", ""))
    assert url == "mailto:a%3Fb%25c@x.example,d@y.example"
    assert unquote(url) == "mailto:a?b%c@x.example,d@y.example"


def test_split_script_and_addresses() -> None:
    assert split_script("Subject: Thank you\n\nHello\nBye") == ("Thank you", "Hello\nBye")
    assert split_script("Just a note") == ("", "Just a note")
    assert addresses([" a@x.example", "A@X.example", "", "b@x.example"]) == (
        "a@x.example",
        "b@x.example",
    )


def test_step_recipients_are_the_person_and_the_others_met(db: Database) -> None:
    app_id = make_application(db)
    with db.write() as s:
        app = s.get(m.Application, app_id)
        assert app is not None
        lee = m.Contact(full_name="Lee Park", emails=["lee@acme.example"])
        nomail = m.Contact(full_name="Sam Noemail", emails=[])
        app.interviews[0].participants.extend([lee, nomail])
    step = first_of_kind(db, app_id, "thank_you_email")
    found = step_recipients(db, step.id)
    assert found.to == (Person("Dana Whitfield", "dana@acme.example"),)
    assert found.others == (Person("Lee Park", "lee@acme.example"),)
