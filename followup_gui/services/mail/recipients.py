"""Who a step's email goes to, and who else could be thanked with it (copied).

The step's person comes first (its first email address); the other people met at
the application's interviews, with an address, are offered as copies: a panel of
three interviewers is often thanked in one email, if the user chooses so.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_gui.domain import FollowUpError
from followup_gui.storage import Database
from followup_gui.storage import models as m


@dataclass(frozen=True, slots=True)
class Person:
    """Someone an email can go to."""

    name: str
    email: str

    @property
    def display(self) -> str:
        """``Name <address>``, or the address alone."""
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True, slots=True)
class Recipients:
    """Where a step's email goes.

    Attributes:
        to: the step's person (empty when nobody with an address is known).
        others: the other people met for this application who have an address.
    """

    to: tuple[Person, ...]
    others: tuple[Person, ...]


def _person(contact: m.Contact | None) -> Person | None:
    if contact is None:
        return None
    email = next((e.strip() for e in contact.emails if e.strip()), "")
    return Person(contact.full_name, email) if email else None


def step_recipients(db: Database, follow_up_id: int) -> Recipients:
    """The addresses of a step's person and of the others met for its application.

    Raises:
        FollowUpError: the step no longer exists.
    """
    with db.read() as session:
        row = session.get(m.FollowUp, follow_up_id)
        if row is None:
            raise FollowUpError("This follow-up no longer exists; the plan may have changed.")
        app = row.application
        main = _person(row.contact) or _person(app.primary_contact)
        people: list[Person] = []
        for contact in [app.primary_contact, *(p for i in app.interviews for p in i.participants)]:
            person = _person(contact)
            if person is None or person == main or person in people:
                continue
            people.append(person)
        return Recipients(() if main is None else (main,), tuple(people))
