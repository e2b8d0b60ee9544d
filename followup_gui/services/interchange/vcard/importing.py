"""Importing vCard files: each file all or nothing, the whole import cancellable.

:func:`import_vcards` adds one file's cards; :func:`import_vcard_files` several
files at once.

Every file is read and every card parsed and checked before anything is
written. A file with a problem is left out as a whole and reported (its error
names the card and the line, see :mod:`followup_gui.services.interchange.vcard.cards`); the cards
of the other files are then written in **one** transaction. So an exception
raised by ``progress`` (the user cancelled) leaves the database as it was, and
the card photos stored for this import are removed again.

A card with the vCard UID of a contact already kept, else one that shares an
email address with one (or with a card met earlier in the same import), updates
that contact instead of adding a second one: the card's filled-in values replace
the stored ones, its emails and phones are added to the stored ones, and a note
or "how we met" not already kept is appended; a photo that is the same picture
as the contact's (same bytes) is not stored again. So importing the same file
twice adds no one and no file the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from sqlalchemy import select

from followup_gui.domain.checks import shorten
from followup_gui.domain.errors import ImportFileError
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes, WithChanges
from followup_gui.services.contacts.card_images import CARDS_FOLDER, store_card_bytes
from followup_gui.services.contacts.editing import (
    ContactData,
    apply_data,
    to_data,
)
from followup_gui.services.interchange.vcard.cards import (
    ParsedCard,
    RawCard,
    parse_card,
    read_vcard_file,
)
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.limits import check_values

#: Cards parsed or written between two progress reports.
REPORT_EVERY = 50


@dataclass(frozen=True)
class VcardFailure:
    """A file that was not imported, and why.

    Attributes:
        error: an :class:`ImportFileError` naming the card and line at fault, or
            the :class:`OSError` of a file that cannot be read.
    """

    path: Path
    error: ImportFileError | OSError

    @property
    def message(self) -> str:
        """The file's name and the problem, for the user."""
        if isinstance(self.error, OSError):
            return f"{self.path.name}: {self.error.strerror or self.error}"
        return f"{self.path.name}: {self.error}"


@dataclass(frozen=True)
class VcardImportReport:
    """What an import of vCard files did.

    Attributes:
        added: the contacts created, in file and card order.
        failures: the files left out, in the order they were given.
        changes: the contacts created or updated, by id (nothing when none was).
        updated: the contacts already kept that a card with the same email
            updated, once each, in the order first met.
    """

    added: tuple[ContactData, ...]
    failures: tuple[VcardFailure, ...]
    changes: Changes = NOTHING
    updated: tuple[ContactData, ...] = ()


def check_storable(parsed: Sequence[ParsedCard]) -> None:
    """Refuse values no database keeps: too long, control characters (``storage.limits``).

    Raises:
        ImportFileError: names the card.
    """
    names = {"full_name": "name"}
    for i, card in enumerate(parsed, start=1):
        values = {f.name: getattr(card.contact, f.name) for f in fields(card.contact)}
        values.pop("card_image", None)  # the stored photo's path, set when written
        check_values(m.Contact, values, f"card {i} ({shorten(card.contact.full_name, 40)})", names)


def import_vcard_files(
    db: Database,
    paths: Sequence[Path],
    data_dir: Path,
    region: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VcardImportReport:
    """Add the cards of every good file as new contacts, in one transaction.

    Args:
        db: the database.
        paths: the vCard files.
        data_dir: the data folder (card photos go to its ``cards`` folder).
        region: default country for phone numbers written without ``+``.
        progress: called with ``(done, total)`` steps (each card parsed, then
            each card written); an exception it raises (a cancel) rolls the whole
            import back and removes the photos it stored.

    Returns:
        The contacts added, the files left out, and the contacts as changed.
    """
    report = progress or (lambda _done, _total: None)
    report(0, 0)
    failures: dict[int, VcardFailure] = {}
    split: dict[int, list[RawCard]] = {}
    for i, path in enumerate(paths):
        try:
            split[i] = read_vcard_file(path)
        except (ImportFileError, OSError) as exc:
            failures[i] = VcardFailure(path, exc)
    total = 2 * sum(len(cards) for cards in split.values())
    done = 0
    good: list[list[ParsedCard]] = []
    for i, cards in split.items():
        parsed: list[ParsedCard] = []
        try:
            for card in cards:
                parsed.append(parse_card(card, region))
                done += 1
                if done % REPORT_EVERY == 0:
                    report(done, total)
            check_storable(parsed)
        except ImportFileError as exc:
            failures[i] = VcardFailure(paths[i], exc)
            total -= 2 * len(cards)
            done -= len(parsed)
            continue
        good.append(parsed)
    report(done, total)
    added, updated = _write(db, good, data_dir, lambda n: report(done + n, total))
    touched = [c.id for c in (*added, *updated) if c.id is not None]
    changes = ch.contacts(touched) if touched else NOTHING
    failed = tuple(failures[i] for i in sorted(failures))
    return VcardImportReport(added, failed, changes, updated)


def _union(kept: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    seen = {v.casefold() for v in kept}
    return kept + tuple(v for v in new if v.casefold() not in seen)


def _append(kept: str, new: str) -> str:
    if not new.strip() or new.strip() in kept:
        return kept
    return f"{kept}\n\n{new}" if kept.strip() else new


def merged(kept: ContactData, card: ContactData) -> ContactData:
    """``kept`` updated with a card of the same person (same UID or email).

    The card's filled-in values replace the kept ones; emails and phones are
    added to the kept ones; notes and "how we met" are appended when new. A
    confirmed name stays confirmed.
    """
    values = {
        f.name: getattr(card, f.name) or getattr(kept, f.name)
        for f in fields(ContactData)
        if isinstance(getattr(card, f.name), str)
    }
    values["notes"] = _append(kept.notes, card.notes)
    values["met_how"] = _append(kept.met_how, card.met_how)
    return replace(
        kept,
        **values,
        emails=_union(kept.emails, card.emails),
        phones=_union(kept.phones, card.phones),
        name_confirmed=kept.name_confirmed or card.name_confirmed,
    )


class _Kept:
    """The contacts an import may update, found by vCard UID and by email."""

    def __init__(self, contacts: Iterable[m.Contact]) -> None:
        self.by_uid: dict[str, m.Contact] = {}
        self.by_email: dict[str, m.Contact] = {}
        for contact in contacts:
            self.add(contact, contact.vcard_uid, contact.emails or ())

    def add(self, contact: m.Contact, uid: str, emails: Iterable[str]) -> None:
        """Let later cards with this UID or one of these emails find ``contact``."""
        if uid:
            self.by_uid.setdefault(uid, contact)
        for email in emails:
            self.by_email.setdefault(email.casefold(), contact)

    def same_person(self, card: ContactData) -> m.Contact | None:
        """The contact with the card's UID, else the first with one of its emails."""
        if card.vcard_uid and card.vcard_uid in self.by_uid:
            return self.by_uid[card.vcard_uid]
        found = (self.by_email.get(e.casefold()) for e in card.emails)
        return next((c for c in found if c is not None), None)


def _write(
    db: Database,
    files: list[list[ParsedCard]],
    data_dir: Path,
    written: Callable[[int], None],
) -> tuple[tuple[ContactData, ...], tuple[ContactData, ...]]:
    """Write the parsed cards in one transaction; undo the stored photos if it fails.

    Returns:
        The contacts added, and the contacts kept before that a card updated.
    """
    folder = data_dir / CARDS_FOLDER
    before = set(folder.iterdir()) if folder.is_dir() else set()
    try:
        with db.write() as session:
            kept = _Kept(session.scalars(select(m.Contact).order_by(m.Contact.id)))
            rows: list[m.Contact] = []
            updated: dict[int, m.Contact] = {}
            count = 0
            for card in (card for parsed in files for card in parsed):
                data = card.contact
                same = kept.same_person(data)
                if card.photo is not None:
                    stored = store_card_bytes(card.photo, card.photo_suffix, data_dir)  # by content
                    data = replace(data, card_image=stored)
                if same is None:
                    row = m.Contact(full_name=data.full_name)
                    apply_data(row, data)
                    session.add(row)
                    rows.append(row)
                else:
                    row = same
                    apply_data(row, merged(to_data(row), data))
                    if row not in rows:
                        updated.setdefault(id(row), row)
                kept.add(row, data.vcard_uid, data.emails)
                count += 1
                if count % REPORT_EVERY == 0:
                    written(count)
            session.flush()
            written(count)  # the last chance to cancel: nothing is committed yet
            return tuple(to_data(r) for r in rows), tuple(to_data(r) for r in updated.values())
    except BaseException:
        # Photos stored by this import only; one already there may belong to a contact.
        if folder.is_dir():
            for new in set(folder.iterdir()) - before:
                new.unlink(missing_ok=True)
        raise


def import_vcards(
    db: Database, path: Path, data_dir: Path, region: str | None = None
) -> WithChanges[list[ContactData]]:
    """Add every card of a vCard file, in one transaction (same UID or email: update).

    Returns:
        The contacts created, then the contacts a card updated; and them as changed.

    Raises:
        ImportFileError: the file is malformed (nothing imported).
        OSError: the file cannot be read.
    """
    report = import_vcard_files(db, [path], data_dir, region)
    if report.failures:
        raise report.failures[0].error
    return WithChanges([*report.added, *report.updated], report.changes)
