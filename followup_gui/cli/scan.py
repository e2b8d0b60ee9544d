"""``scan-card IMAGE [--back IMAGE] [--json] [--save]``: read a business card from a photo.

Without ``--save`` nothing is written (not even the database is opened); with it
the contact is added in one transaction, with the straightened card as its
picture. A bad picture is bad input: one line, exit 2, nothing changed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from followup_gui.cli.output import emit

if TYPE_CHECKING:
    from collections.abc import Callable

    from followup_gui.services.contacts.scan import CardScan, Found
    from followup_gui.storage import Database


def _text(scan: CardScan) -> str:
    f = scan.fields

    def show(label: str, found: Found) -> str:
        flag = "  (check)" if found.confidence < 0.6 else ""
        return f"{label:<9}{found.value.replace(chr(10), ', ')}  {found.confidence:.0%}{flag}"

    rows = [
        show(label, found)
        for label, found in (
            ("Name", f.name),
            ("Title", f.title),
            ("Company", f.company),
            *(("Email", e) for e in f.emails),
            *(("Phone", p) for p in f.phones),
            ("Website", f.website),
            ("Address", f.address),
            ("LinkedIn", f.linkedin),
        )
        if found.value
    ]
    return "\n".join(rows)


def scan_card_command(args: argparse.Namespace, open_db: Callable[[], Database]) -> None:
    """Scan, print, and with ``--save`` add the contact (``open_db`` opens the database).

    Raises:
        FollowUpError: the picture is bad, nothing was read, or the contact is invalid.
    """
    from followup_gui.services.contacts.region import default_region
    from followup_gui.services.contacts.scan import scan_card

    region = default_region()
    scan = scan_card(args.image, args.back, region)
    data = scan.as_json()
    text = _text(scan)
    if args.save:
        from followup_gui.paths import default_data_dir
        from followup_gui.services.contacts import editing as contacts
        from followup_gui.services.contacts.editing import normalized
        from followup_gui.services.contacts.scan import keep_card_picture

        contact = normalized(scan.contact(), region)  # refused before anything is written
        db = open_db()
        try:
            picture = keep_card_picture(scan, default_data_dir())
            saved = contacts.save_contact(db, scan.contact(picture), region).value
        finally:
            db.close()
        data["contact_id"] = saved.id
        text += f"\nAdded {contact.full_name} (contact {saved.id})."
    emit(args.json, data, text)
