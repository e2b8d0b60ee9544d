"""One calendar sync: bring back what the phone did, then put the plan on the server.

1. **Back from the phone.** One PROPFIND lists every item's entity tag. An item of
   FollowUp's whose tag changed is read: completed -> a proposal for a call (an
   email step is logged Sent), moved -> a snooze, deleted -> a proposal to skip.
2. **Up to the server.** Each pending step whose content changed is written with
   ``If-Match`` on its tag (a new one with ``If-None-Match: *`` at a fixed href
   from its UID, so a second FollowUp copy adopts the item instead of adding
   one); each step done, skipped or gone is deleted with ``If-Match``. A 412
   (the phone changed it meanwhile) leaves it for the next sync, never overwrites.
   Nothing else on the calendar is touched: only hrefs FollowUp recorded.

Progress is saved in batches, so a server that stops mid-sync loses nothing: the
next sync carries on (an item written but not yet recorded is adopted by its UID).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from sqlalchemy import select

from followup_gui.domain import FollowUpKind, FollowUpStatus, Outcome
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import Changes
from followup_gui.services.followups import outcomes
from followup_gui.services.sync.account import SyncAccount, SyncError
from followup_gui.services.sync.dav import Resource, Server, href_key
from followup_gui.services.sync.plan_items import (
    SENT_WHEN_COMPLETED,
    PlannedStep,
    fingerprint,
    item_bytes,
    pending_steps,
    read_phone_state,
    step_summary,
)
from followup_gui.services.sync.proposals import ProposalKind, open_step_keys, propose
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncItem

log = logging.getLogger(__name__)
#: Server writes recorded per transaction (a stop mid-sync keeps all recorded ones).
BATCH = 100
ICS = "text/calendar"


@dataclass
class CalendarReport:
    """What one calendar sync did (``sync now --json`` prints it).

    Attributes:
        created: items put on the server.
        updated: items rewritten after a re-plan.
        removed: items deleted (step done, skipped or gone).
        came_back: what the phone did, in words ("Completed: Call Dana ...").
        proposals: proposals added for the user to answer.
        deferred: writes the server refused with 412 (tried again next time).
    """

    created: int = 0
    updated: int = 0
    removed: int = 0
    came_back: list[str] = field(default_factory=list)
    proposals: int = 0
    deferred: int = 0
    changes: Changes = field(default_factory=Changes)


def sync_calendar(
    db: Database,
    server: Server,
    account: SyncAccount,
    now: datetime,
    settings: PlannerSettings,
    override_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CalendarReport:
    """Sync the plan with the account's calendar (both ways).

    Raises:
        SyncError: the server failed; what was done before is kept.
    """
    report = CalendarReport()
    remote = server.list(account.calendar_url)
    _pull(db, server, account, now, settings, remote, report)
    _push(db, server, account, now, settings, override_dir, remote, report, progress)
    return report


# -- back from the phone ----------------------------------------------------------


def _pull(
    db: Database,
    server: Server,
    account: SyncAccount,
    now: datetime,
    settings: PlannerSettings,
    remote: dict[str, Resource],
    report: CalendarReport,
) -> None:
    with db.read() as session:
        items = list(
            session.scalars(
                select(SyncItem).where(
                    SyncItem.collection == account.calendar_url, SyncItem.state == "synced"
                )
            )
        )
    for item in items:
        listed = remote.get(href_key(item.href))
        etag = listed.etag if listed is not None else None
        if etag is not None and etag == item.etag:
            continue
        step = _step(db, item)
        if listed is None:
            _deleted_on_phone(db, item, step, report)
            continue
        got = server.get(item.href)
        if got is None:
            _deleted_on_phone(db, item, step, report)
            continue
        content, new_etag = got
        zone = step.application.timezone if step is not None else "UTC"
        state = read_phone_state(content, item.uid, zone)
        if state is not None and step is not None:
            _apply(db, item, step, state.completed, state.due, now, settings, report)
        _record(db, item.id, etag=new_etag or str(etag or ""))


def _step(db: Database, item: SyncItem) -> m.FollowUp | None:
    """The pending step an item stands for, or ``None`` when it is no longer pending."""
    with db.read() as session:
        row = session.scalar(
            select(m.FollowUp).where(
                m.FollowUp.application_id == item.application_id,
                m.FollowUp.key == item.step_key,
                m.FollowUp.status == FollowUpStatus.PENDING.value,
            )
        )
        if row is not None:
            _ = row.application, row.contact  # loaded for use after the session
        return row


def _about(step: m.FollowUp) -> str:
    return step_summary(step.kind, step.contact, step.application.company)


def _deleted_on_phone(
    db: Database, item: SyncItem, step: m.FollowUp | None, report: CalendarReport
) -> None:
    with db.write() as session:
        row = session.get(SyncItem, item.id)
        if row is None:
            return
        if step is None:
            session.delete(row)  # it was to go anyway
            return
        row.state = "gone"
        if propose(
            session,
            ProposalKind.DELETED,
            _about(step),
            application_id=step.application_id,
            step_key=step.key,
        ):
            report.proposals += 1
    report.came_back.append(f"Deleted on the phone: {_about(step)}")
    report.changes |= ch.plans([step.application_id])


def _apply(
    db: Database,
    item: SyncItem,
    step: m.FollowUp,
    completed: bool,
    due: datetime | None,
    now: datetime,
    settings: PlannerSettings,
    report: CalendarReport,
) -> None:
    about = _about(step)
    if completed and FollowUpKind(step.kind) in SENT_WHEN_COMPLETED:
        result = outcomes.log_outcome(db, step.id, Outcome.SENT, now, settings)
        report.came_back.append(f"Completed on the phone, logged Sent: {about}")
        report.changes |= result.changes
        return
    if completed:
        with db.write() as session:
            added = propose(
                session,
                ProposalKind.COMPLETED,
                about,
                application_id=step.application_id,
                step_key=step.key,
                detail={"follow_up_kind": step.kind},
            )
        report.proposals += int(added)
        report.came_back.append(f"Completed on the phone: {about}")
        report.changes |= ch.plans([step.application_id])
        return
    pushed = item.pushed_due
    if due is None or pushed is None or due.astimezone(UTC) == pushed.astimezone(UTC):
        return
    if due <= now:
        # An earlier time is not a snooze: the plan's time goes back at the push.
        report.came_back.append(f"Moved to the past on the phone, kept the plan's time: {about}")
        _record(db, item.id, fingerprint="")
        return
    result = outcomes.snooze(db, step.id, due, now, settings)
    report.came_back.append(f"Moved on the phone, snoozed to {due.isoformat()}: {about}")
    report.changes |= result.changes


def _record(db: Database, item_id: int, **values: object) -> None:
    with db.write() as session:
        row = session.get(SyncItem, item_id)
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)


# -- up to the server -------------------------------------------------------------


def item_href(calendar_url: str, uid: str) -> str:
    """Where FollowUp puts an item: fixed by its UID, the same for every copy."""
    return urlsplit(urljoin(calendar_url, quote(uid, safe="") + ".ics")).path


class _Batch:
    """Server writes waiting to be recorded; saved every :data:`BATCH` and at the end."""

    def __init__(self, db: Database, collection: str) -> None:
        self.db, self.collection = db, collection
        self.upserts: dict[str, dict[str, object]] = {}
        self.deletes: set[int] = set()

    def add(self, uid: str, values: dict[str, object]) -> None:
        self.upserts[uid] = values
        if len(self.upserts) + len(self.deletes) >= BATCH:
            self.flush()

    def delete(self, item_id: int) -> None:
        self.deletes.add(item_id)
        if len(self.upserts) + len(self.deletes) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.upserts and not self.deletes:
            return
        with self.db.write() as session:
            rows = {
                r.uid: r
                for r in session.scalars(
                    select(SyncItem).where(
                        SyncItem.collection == self.collection,
                        SyncItem.uid.in_(list(self.upserts)),
                    )
                )
            }
            for uid, values in self.upserts.items():
                row = rows.get(uid) or SyncItem(collection=self.collection, uid=uid)
                for name, value in values.items():
                    setattr(row, name, value)
                session.add(row)
            for item_id in self.deletes:
                gone = session.get(SyncItem, item_id)
                if gone is not None:
                    session.delete(gone)
        self.upserts.clear()
        self.deletes.clear()


def _push(
    db: Database,
    server: Server,
    account: SyncAccount,
    now: datetime,
    settings: PlannerSettings,
    override_dir: Path | None,
    remote: dict[str, Resource],
    report: CalendarReport,
    progress: Callable[[int, int], None] | None,
) -> None:
    steps = pending_steps(db, override_dir, settings)
    with db.read() as session:
        stored = {
            r.uid: r
            for r in session.scalars(
                select(SyncItem).where(SyncItem.collection == account.calendar_url)
            )
        }
        waiting = open_step_keys(session)
    wanted = {s.uid for s in steps}
    batch = _Batch(db, account.calendar_url)
    total = len(steps) + len(stored)
    try:
        for done, step in enumerate(steps):
            if progress is not None and done % 50 == 0:
                progress(done, total)
            if (step.application_id, step.key) in waiting:
                continue  # the user has not answered what the phone did yet
            _put_step(server, account, step, stored.get(step.uid), remote, now, batch, report)
        for uid, item in stored.items():
            if uid in wanted or (
                item.state == "gone" and (item.application_id, item.step_key) in (waiting)
            ):
                continue
            if server.delete(item.href, item.etag):
                batch.delete(item.id)
                report.removed += 1
            else:
                report.deferred += 1
    finally:
        batch.flush()
    if progress is not None:
        progress(total, total)


def _put_step(
    server: Server,
    account: SyncAccount,
    step: PlannedStep,
    item: SyncItem | None,
    remote: dict[str, Resource],
    now: datetime,
    batch: _Batch,
    report: CalendarReport,
) -> None:
    print_ = fingerprint(step, account.component)
    if item is not None and (item.state == "gone" or item.fingerprint == print_):
        return
    body = item_bytes(step, account.component, now)
    href = item.href if item is not None else item_href(account.calendar_url, step.uid)
    etag: str | None = item.etag if item is not None else None
    if item is None and href_key(href) in remote:
        etag = remote[href_key(href)].etag or None  # another copy put it there
    written = server.put(href, body, ICS, etag)
    if written is None and item is None:
        # Created meanwhile by another FollowUp copy on this account: adopt it.
        got = server.get(href)
        if got is None:
            raise SyncError("The server refused an item and then did not have it.")
        written = server.put(href, body, ICS, got[1] or None)
    if written is None:
        report.deferred += 1  # changed on the phone since the listing: next sync reads it
        return
    batch.add(
        step.uid,
        {
            "href": href,
            "etag": written,
            "application_id": step.application_id,
            "step_key": step.key,
            "fingerprint": print_,
            "pushed_due": step.due.astimezone(UTC),
            "state": "synced",
        },
    )
    if item is None:
        report.created += 1
    else:
        report.updated += 1
