"""The duplicate check over many contacts, reading only the likely candidates.

:func:`~followup_gui.services.contacts.editing.duplicates_among` compares one
contact with others: same email, same phone number, or a very similar name at
the same company. Run over every contact, its cost grows with the address book
(60,000 contacts: a quarter of a second at every contact shown or saved). The
index keeps each contact's keys by email, by phone number and by company, so a
check compares only the contacts sharing one of them, with the same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from followup_gui.domain.validation import fold_name, phone_key
from followup_gui.services.contacts.editing import (
    ContactData,
    Duplicate,
    DuplicateKeys,
    duplicates_among,
)


class DuplicateIndex:
    """Every contact's duplicate-check keys, by email, phone number and company."""

    def __init__(self, keys: Iterable[DuplicateKeys] = ()) -> None:
        self._keys: dict[int, DuplicateKeys] = {}
        self._email: defaultdict[str, set[int]] = defaultdict(set)
        self._phone: defaultdict[str, set[int]] = defaultdict(set)
        self._company: defaultdict[str, set[int]] = defaultdict(set)
        for one in keys:
            self.put(one)

    def _buckets(self, keys: DuplicateKeys) -> list[set[int]]:
        found = [self._email[e] for e in keys.emails]
        found += [self._phone[p] for p in keys.phone_keys if p]
        if keys.folded_company:
            found.append(self._company[keys.folded_company])
        return found

    def put(self, keys: DuplicateKeys) -> None:
        """Add a contact's keys, or replace the ones it had."""
        self.remove(keys.id)
        self._keys[keys.id] = keys
        for bucket in self._buckets(keys):
            bucket.add(keys.id)

    def remove(self, contact_id: int) -> None:
        """Forget a contact (nothing when it is not there)."""
        old = self._keys.pop(contact_id, None)
        if old is not None:
            for bucket in self._buckets(old):
                bucket.discard(contact_id)

    def matches(self, data: ContactData) -> list[Duplicate]:
        """The contacts that may be the same person as ``data``, by id.

        The same answer as ``duplicates_among(data, every contact's keys)``.
        """
        ids: set[int] = set()
        for email in data.emails:
            ids |= self._email.get(email.strip().casefold(), set())
        for phone in data.phones:
            key = phone_key(phone)
            if key:
                ids |= self._phone.get(key, set())
        company = fold_name(data.company)
        if company:
            ids |= self._company.get(company, set())
        return duplicates_among(data, (self._keys[i] for i in sorted(ids)))
