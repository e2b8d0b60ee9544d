"""The duplicate index gives the same answer as comparing with every contact."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_gui.services.contacts.duplicate_index import DuplicateIndex
from followup_gui.services.contacts.editing import ContactData, duplicate_keys, duplicates_among

NAMES = ["Dana Whitfield", "Dana Whitfeld", "Raj Patel", "Noah Kim", "Ann Lee", "Anne Lee"]
COMPANIES = ["Acme Robotics", "acme robotics", "Nordlicht GmbH", ""]
EMAILS = ["dana@acme.example", "DANA@acme.example", "raj@nord.example", "ann@lee.example"]
PHONES = ["+1 415 555 0100", "+14155550100", "+49 30 1234567", "030 1234567"]

contacts = st.builds(
    ContactData,
    full_name=st.sampled_from(NAMES),
    company=st.sampled_from(COMPANIES),
    emails=st.lists(st.sampled_from(EMAILS), max_size=2).map(tuple),
    phones=st.lists(st.sampled_from(PHONES), max_size=2).map(tuple),
)


def keys_of(c: ContactData):
    assert c.id is not None
    return duplicate_keys(c.id, c.full_name, c.company, c.emails, c.phones)


@settings(max_examples=150, deadline=None)
@given(st.lists(contacts, max_size=25), contacts, st.data())
def test_same_answer_as_every_contact(stored, probe, data) -> None:
    stored = [replace(c, id=i + 1) for i, c in enumerate(stored)]
    index = DuplicateIndex(keys_of(c) for c in stored)
    # An edit (one contact saved again with other values) is kept up to date too.
    if stored:
        k = data.draw(st.integers(0, len(stored) - 1))
        stored[k] = replace(data.draw(contacts), id=stored[k].id)
        index.put(keys_of(stored[k]))
    every = [keys_of(c) for c in stored]
    assert index.matches(probe) == duplicates_among(probe, every)
    if stored:  # the contact itself is never its own duplicate
        assert index.matches(stored[0]) == duplicates_among(stored[0], every)


def test_a_removed_contact_is_no_longer_found() -> None:
    dana = ContactData(full_name="Dana Whitfield", emails=("dana@acme.example",), id=1)
    index = DuplicateIndex([keys_of(dana)])
    probe = ContactData(full_name="D. W.", emails=("DANA@acme.example",))
    assert [d.id for d in index.matches(probe)] == [1]
    index.remove(1)
    assert index.matches(probe) == []
