"""A child process for the reliability tests: commits small changes and acknowledges each.

``python writer_child.py DB FIRST [COUNT]``: for i = FIRST, FIRST+1, ... (COUNT
times, or until killed) one transaction adds a contact ``w-<i>`` and an application
``w-<i>`` that points at it - two rows that must both exist or neither - and then
prints ``i`` (the acknowledgement: the commit returned).
"""

from __future__ import annotations

import sys

from followup_gui.storage import Database
from followup_gui.storage import models as m


def main() -> None:
    db = Database.open(sys.argv[1])
    first = int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else None
    print("ready", flush=True)
    i = first
    while count is None or i < first + count:
        with db.write() as s:
            person = m.Contact(full_name=f"w-{i}", notes="n" * (i % 700))
            s.add(person)
            s.flush()
            s.add(
                m.Application(
                    company=f"w-{i}",
                    stage_key="applied",
                    timezone="UTC",
                    primary_contact_id=person.id,
                )
            )
        print(i, flush=True)
        i += 1
    db.close()


if __name__ == "__main__":
    main()
