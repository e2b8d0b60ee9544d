"""Reading a big JSON backup as a stream: memory bounded whatever the file's size.

FollowUp's own export of 20,000 applications is about 220 MB; decoded whole with
``json.loads`` it took gigabytes. Files over ``backup.STREAM_ABOVE`` are read
here with ``ijson`` (a C parser): the top-level values are read one by one, the
``contacts`` and ``applications`` lists item by item, and each item is checked
with the same rules as a small file (``format.py``), written in batches inside
**one** transaction (all or nothing), and dropped. The applications are then
re-planned in batches.

Repeated structures are counted while parsing, not after: more than
:data:`MAX_APPLICATIONS` applications or :data:`MAX_CONTACTS` contacts, one record
of more than :data:`MAX_RECORD_VALUES` JSON values, or nesting deeper than
:data:`MAX_DEPTH` stop the import at once.

The file must name its ``format`` and ``version``, its ``profile`` and ``stages``
before its contacts, and its contacts before its applications (FollowUp writes
them in that order); a small file may be in any order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from followup_gui.domain.checks import shorten
from followup_gui.domain.errors import ImportFileError
from followup_gui.domain.timezones import local_timezone_name
from followup_gui.gc_tuning import collector_paused
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.interchange.json.format import (
    ApplicationRecord,
    ContactRecord,
    Document,
    _parse_application,
    _parse_contact,
    _parse_settings,
    _Reader,
    parse_head,
)
from followup_gui.services.interchange.json.insert import insert_applications, insert_contacts
from followup_gui.services.interchange.json.report import (
    ImportReport,
    check_lengths,
    write_profile_and_stages,
)
from followup_gui.services.plans.planning import replan_all
from followup_gui.storage import Database

#: A very long search is 20,000 applications and 60,000 contacts (``--demo --scale``).
MAX_APPLICATIONS = 25_000
MAX_CONTACTS = 100_000
#: JSON values in one record: an application with its whole history is a few hundred.
MAX_RECORD_VALUES = 100_000
MAX_DEPTH = 32
#: Records checked and written together.
BATCH = 500


def top_level(fh: IO[bytes]) -> Iterator[tuple[str, int | None, Any]]:
    """The top-level values of a JSON object, the items of its big lists one by one.

    Yields:
        ``(key, None, value)`` for each top-level key, except ``contacts`` and
        ``applications``: ``(key, index, item)`` for each of their items.

    Raises:
        ImportFileError: not JSON, not an object, or over a bound (named).
    """
    import ijson

    events = ijson.basic_parse(fh, use_float=True)
    try:
        yield from _walk(events)
        for _event in events:  # anything after the object is an error
            raise ImportFileError("", "has more after its closing } (not valid JSON)")
    except (ijson.JSONError, ValueError) as exc:  # ValueError: a number of 4,300+ digits
        said = " ".join(str(exc).split())
        raise ImportFileError("", f"not valid JSON ({shorten(said, 120)})") from None


def _walk(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, int | None, Any]]:
    event, _value = next(events, ("end", None))
    if event != "start_map":
        raise ImportFileError("", "must be an object ({...}) holding a FollowUp export")
    while True:
        event, key = next(events)
        if event == "end_map":
            return
        event, value = next(events)
        most = {"contacts": MAX_CONTACTS, "applications": MAX_APPLICATIONS}.get(key)
        if most is None or event != "start_array":
            yield key, None, _build(event, value, events, shorten(key, 40))
            continue
        index = 0
        while (item := next(events))[0] != "end_array":
            if index >= most:
                raise ImportFileError(key, f"has more than {most:,} entries")
            yield key, index, _build(item[0], item[1], events, f"{key}[{index}]")
            index += 1


def _build(event: str, value: Any, events: Iterator[tuple[str, Any]], where: str) -> Any:
    """One whole JSON value from its first event on, counted and depth-bounded.

    Built here rather than by ``ijson.ObjectBuilder``: its two method calls per
    event were a third of a 20,000-application import.
    """
    if event == "start_map":
        root: Any = {}
    elif event == "start_array":
        root = []
    else:
        return value
    stack = [root]
    key: Any = None
    count = 1
    for event, value in events:
        count += 1
        if count > MAX_RECORD_VALUES:
            raise ImportFileError(where, f"holds more than {MAX_RECORD_VALUES:,} values")
        if event == "map_key":
            key = value
            continue
        if event == "end_map" or event == "end_array":
            stack.pop()
            if not stack:
                return root
            continue
        if event == "start_map":
            new: Any = {}
        elif event == "start_array":
            new = []
        else:
            new = value
        top = stack[-1]
        if top.__class__ is list:
            top.append(new)
        else:
            top[key] = new
        if new is not value:
            stack.append(new)
            if len(stack) > MAX_DEPTH:
                raise ImportFileError(where, "is nested too deeply to be a FollowUp file")
    raise ImportFileError(where, "ends before its value does (not valid JSON)")


class _Import:
    """The state of one streamed import, inside its transaction."""

    def __init__(self, session: Any, known_stages: set[str]) -> None:
        self.session = session
        self.known = known_stages
        self.head: dict[str, Any] = {}
        self.stage_keys: set[str] | None = None
        self.refs: dict[str, int] = {}
        self.app_refs: set[str] = set()
        self.contacts: list[ContactRecord] = []
        self.pending: set[str] = set()  # refs of the contacts not yet written
        self.applications: list[ApplicationRecord] = []
        self.next_pos: dict[str, int] = {}
        self.app_ids: list[int] = []
        self.counts = [0, 0, 0, 0]  # contacts, applications, interviews, attempts
        self.zone = local_timezone_name()

    def begin_lists(self) -> set[str]:
        """Check the head (format, version, profile, stages) and write it, once."""
        if self.stage_keys is None:
            profile, stages, self.stage_keys = parse_head(_Reader(self.head, ""), self.known)
            write_profile_and_stages(self.session, Document(profile, stages, [], []))
        return self.stage_keys

    def contact(self, index: int, item: Any) -> None:
        self.begin_lists()
        if self.applications or self.app_ids:
            raise ImportFileError(f"contacts[{index}]", "comes after the applications")
        record = _parse_contact(_Reader(item, f"contacts[{index}]"))
        if record.ref in self.refs or record.ref in self.pending:
            raise ImportFileError(f"contacts[{index}].id", f"'{shorten(record.ref)}' is used twice")
        self.contacts.append(record)
        self.pending.add(record.ref)
        if len(self.contacts) >= BATCH:
            self.write_contacts()

    def write_contacts(self) -> None:
        first = self.counts[0]
        check_lengths(Document(None, [], self.contacts, []), first_contact=first)
        self.refs.update(insert_contacts(self.session, self.contacts))
        self.counts[0] += len(self.contacts)
        self.contacts, self.pending = [], set()

    def application(self, index: int, item: Any) -> None:
        stages = self.begin_lists()
        if self.contacts:
            self.write_contacts()
        record = _parse_application(item, index, self.refs.keys(), stages, self.zone)
        if record.ref and record.ref in self.app_refs:
            where = f"applications[{index}].id"
            raise ImportFileError(where, f"'{shorten(record.ref)}' is used twice")
        self.app_refs.add(record.ref)
        self.applications.append(record)
        if len(self.applications) >= BATCH:
            self.write_applications()

    def write_applications(self) -> None:
        first = self.counts[1]
        check_lengths(Document(None, [], [], self.applications), first_application=first)
        interviews, attempts, ids = insert_applications(
            self.session, self.applications, self.refs, self.next_pos
        )
        self.app_ids += ids
        self.counts[1] += len(self.applications)
        self.counts[2] += interviews
        self.counts[3] += attempts
        self.applications = []


def import_stream(
    db: Database,
    path: Path,
    now: datetime,
    settings: PlannerSettings,
    known_stages: set[str],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a big JSON file as a stream, all of it or nothing (see the module docstring).

    Args:
        db: the database.
        path: the file (``format.MAX_FILE_BYTES`` at most).
        now: the clock, for the re-plan.
        settings: the planner's knobs (the file's ``settings`` apply on top).
        known_stages: the stage keys the database has.
        progress: called with ``(done, 2000)``: the first half follows the file, the
            second the re-plan; an exception it raises (a cancel) rolls everything back.

    Raises:
        ImportFileError: the file is invalid or over a bound (nothing was written).
    """
    from followup_gui.services.interchange.json.format import MAX_FILE_BYTES

    report = progress or (lambda _done, _total: None)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                "", f"{path} is too big for a FollowUp file (over {MAX_FILE_BYTES // 2**20:,} MB)"
            )
        fh = path.open("rb")
    except OSError as exc:
        raise ImportFileError("", f"{path} cannot be read: {exc.strerror}") from None
    with fh, db.write() as session, collector_paused():
        state = _Import(session, known_stages)
        for key, index, value in top_level(fh):
            if index is None:
                state.head[key] = value
            elif key == "contacts":
                state.contact(index, value)
            else:
                state.application(index, value)
                if index % BATCH == 0:
                    report(min(999, 1000 * fh.tell() // max(size, 1)), 2000)
        state.begin_lists()
        if state.contacts:
            state.write_contacts()
        if state.applications:
            state.write_applications()
        carried = _parse_settings(_Reader(state.head, ""))
        if carried:
            from followup_gui.settings import with_values

            settings = with_values(settings, carried)
        ids = state.app_ids
        for start in range(0, len(ids), 2000):
            replan_all(session, now, settings, ids[start : start + 2000])
            report(1000 + 1000 * min(start + 2000, len(ids)) // max(len(ids), 1), 2000)
        report(2000, 2000)  # the last chance to cancel: nothing is committed yet
    contacts, applications, interviews, attempts = state.counts
    return ImportReport(contacts, applications, interviews, attempts, settings=carried)
