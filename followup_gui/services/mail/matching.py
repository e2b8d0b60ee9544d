"""Which application a message is about: by its sender, its thread, or the employer's domain.

:func:`load_index` reads what matching needs in one go (contacts' addresses, the
Message-IDs FollowUp sent, the employers' mail domains); :meth:`MatchIndex.match`
is then plain Python, so thousands of messages match without a query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from followup_gui.services.mail.parsing import MailFacts
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Domains many people share: an address there says nothing about an employer.
FREE_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de",
        "t-online.de", "mail.com", "proton.me", "protonmail.com", "fastmail.com", "yandex.com",
        "hotmail.es", "yahoo.es",
    }
)  # fmt: skip


class MatchedBy(StrEnum):
    """Why a message was linked to an application."""

    CONTACT = "contact"  # the sender (or, in Sent, a recipient) is a contact
    THREAD = "thread"  # it answers an email FollowUp sent
    DOMAIN = "domain"  # the sender writes from the employer's domain


@dataclass(frozen=True, slots=True)
class Match:
    """A message's application, and who of its people wrote (if a contact)."""

    application_id: int
    contact_id: int | None
    matched_by: MatchedBy


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


@dataclass
class MatchIndex:
    """What matching needs, read once.

    Attributes:
        own: the user's own addresses (the account's and the profile's).
        by_email: a contact's address -> (contact id, its applications, newest first).
        by_message_id: a Message-ID FollowUp sent -> its application.
        by_domain: an employer's mail domain -> its applications, newest first.
    """

    own: frozenset[str]
    by_email: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    by_message_id: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def match(self, facts: MailFacts, *, sent_folder: bool) -> Match | None:
        """The application ``facts`` is about, or ``None``.

        In the Sent folder only the user's own messages to a contact count (a
        follow-up sent from another mail program); FollowUp's own are already logged.
        """
        if sent_folder:
            if facts.sender not in self.own or facts.message_id in self.by_message_id:
                return None
            for address in facts.recipients:
                if address in self.by_email:
                    contact, apps = self.by_email[address]
                    return Match(apps[0], contact, MatchedBy.CONTACT)
            return None
        if not facts.sender or facts.sender in self.own:
            return None
        if facts.sender in self.by_email:
            contact, apps = self.by_email[facts.sender]
            for ref in facts.in_reply_to:  # several applications: the thread decides
                if self.by_message_id.get(ref) in apps:
                    return Match(self.by_message_id[ref], contact, MatchedBy.CONTACT)
            return Match(apps[0], contact, MatchedBy.CONTACT)
        for ref in facts.in_reply_to:
            if ref in self.by_message_id:
                return Match(self.by_message_id[ref], None, MatchedBy.THREAD)
        employer = self.by_domain.get(_domain(facts.sender), ())
        if employer:
            return Match(employer[0], None, MatchedBy.DOMAIN)
        return None


def load_index(db: Database, own: frozenset[str]) -> MatchIndex:
    """Read the addresses, sent Message-IDs and employer domains of open applications.

    Applications in a final stage (rejected, withdrawn...) still match: a late
    offer is news too. Newest applications come first when a person is in several.
    """
    index = MatchIndex(frozenset(a.lower() for a in own if a))
    with db.read() as session:
        apps = session.scalars(
            select(m.Application)
            .options(
                selectinload(m.Application.interviews).selectinload(m.Interview.participants),
                selectinload(m.Application.primary_contact),
            )
            .order_by(m.Application.id.desc())
        ).all()
        people: dict[str, tuple[int, list[int]]] = {}
        domains: dict[str, list[int]] = {}
        for app in apps:
            contacts = [app.primary_contact, *(p for i in app.interviews for p in i.participants)]
            for contact in contacts:
                if contact is None:
                    continue
                for address in contact.emails:
                    key = address.strip().lower()
                    if not key:
                        continue
                    entry = people.setdefault(key, (contact.id, []))
                    if app.id not in entry[1]:
                        entry[1].append(app.id)
                    domain = _domain(key)
                    if domain and domain not in FREE_MAIL and app.id not in domains.get(domain, []):
                        domains.setdefault(domain, []).append(app.id)
        index.by_email = {k: (c, tuple(a)) for k, (c, a) in people.items()}
        index.by_domain = {k: tuple(v) for k, v in domains.items()}
        rows = session.execute(select(m.MailSent.message_id, m.MailSent.application_id))
        index.by_message_id = {mid: app_id for mid, app_id in rows}
    return index
