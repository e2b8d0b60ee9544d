"""The plan on the phone: CalDAV sync against a real Radicale (and Xandikos) on 127.0.0.1."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Todo
from sqlalchemy import select

from followup_gui.domain import FollowUpKind, FollowUpStatus, Outcome
from followup_gui.services.followups import outcomes
from followup_gui.services.sync import proposals
from followup_gui.services.sync.account import SyncError
from followup_gui.services.sync.plan_items import pending_steps
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.storage.sync_models import SyncItem
from tests.conftest import make_demo_file
from tests.services.sync.conftest import DavServer
from tests.services.sync.helpers import NOW, PLANNER, phone, phone_items, set_up, sync


@pytest.fixture
def demo(db_path: Path) -> Database:
    database = Database.open(make_demo_file(db_path))
    yield database
    database.close()


def pending(db: Database, kind: FollowUpKind | None = None) -> list[m.FollowUp]:
    with db.read() as s:
        q = select(m.FollowUp).where(m.FollowUp.status == FollowUpStatus.PENDING.value)
        if kind is not None:
            q = q.where(m.FollowUp.kind == kind.value)
        rows = list(s.scalars(q.order_by(m.FollowUp.due_at)))
        for r in rows:
            _ = r.application, r.contact
        return rows


def test_first_sync_puts_every_pending_step_as_a_todo(radicale: DavServer, demo: Database) -> None:
    account = set_up(radicale.url)
    report = sync(demo)
    steps = pending_steps(demo)
    assert report.calendar.created == len(steps) > 0
    items = phone_items(account)
    assert set(items) == {s.uid for s in steps}
    call = next(r for r in pending(demo, FollowUpKind.CALL))
    todo = items[next(s.uid for s in steps if s.follow_up_id == call.id)].icalendar_component
    assert isinstance(todo, Todo)
    who, company = call.contact.full_name, call.application.company
    assert str(todo["summary"]) == f"Call {who} ({company})"
    due = todo["due"].dt
    assert str(due.tzinfo) == call.application.timezone  # the employer's zone
    assert due == call.due_at
    assert "Call script" in str(todo["description"]) and "Voicemail script" in str(
        todo["description"]
    )
    assert [a["action"] for a in todo.subcomponents] == ["DISPLAY"]
    # A second pass writes nothing.
    again = sync(demo)
    assert (again.calendar.created, again.calendar.updated, again.calendar.removed) == (0, 0, 0)


def test_a_replan_updates_one_item_and_an_outcome_removes_one(
    radicale: DavServer, demo: Database
) -> None:
    account = set_up(radicale.url)
    sync(demo)
    foreign = phone(account).save_todo(summary="Buy milk", uid="milk-1")  # not FollowUp's
    first, second = pending(demo)[:2]
    later = NOW + timedelta(days=3)
    outcomes.snooze(demo, first.id, later, NOW, PLANNER)
    report = sync(demo)
    assert report.calendar.updated >= 1 and report.calendar.created == 0
    uid = next(s.uid for s in pending_steps(demo) if s.follow_up_id == first.id)
    assert phone_items(account)[uid].icalendar_component["due"].dt >= later
    outcomes.skip(demo, second.id, NOW, PLANNER)
    report = sync(demo)
    assert report.calendar.removed >= 1
    items = phone_items(account)
    assert set(items) == {s.uid for s in pending_steps(demo)} | {"milk-1"}
    assert str(items["milk-1"].icalendar_component["summary"]) == "Buy milk"
    assert foreign is not None


def test_completed_and_moved_on_the_phone_come_back(radicale: DavServer, demo: Database) -> None:
    account = set_up(radicale.url)
    sync(demo)
    steps = {s.follow_up_id: s for s in pending_steps(demo)}
    call = pending(demo, FollowUpKind.CALL)[0]
    email = next(
        r
        for r in pending(demo)
        if r.kind in ("thank_you_email", "status_email") and r.id != call.id
    )
    items = phone_items(account)
    items[steps[call.id].uid].complete()  # the phone ticks the call off
    items[steps[email.id].uid].complete()
    moved = next(r for r in pending(demo) if r.id not in (call.id, email.id))
    target = max(NOW, moved.due_at) + timedelta(days=2)
    obj = items[steps[moved.id].uid]
    comp = obj.icalendar_component
    comp.pop("due")
    comp.add("due", target)
    obj.save()
    report = sync(demo)
    assert report.calendar.proposals == 1
    open_ = proposals.list_proposals(demo)
    assert [p.title for p in open_] == ["Done on your phone: how did it go?"]
    with demo.read() as s:
        assert s.get(m.FollowUp, email.id).status == FollowUpStatus.DONE  # logged Sent
        attempts = s.scalars(select(m.Attempt).where(m.Attempt.outcome == "sent")).all()
        assert any(a.application_id == email.application_id for a in attempts)
        snoozed = s.get(m.FollowUp, moved.id)
        assert snoozed.snoozed_until == target
    # Nothing in the plan changed for the call before the user answers.
    assert call.id in {r.id for r in pending(demo)}
    proposals.accept(demo, open_[0].id, NOW, PLANNER, outcome=Outcome.VOICEMAIL)
    with demo.read() as s:
        assert s.get(m.FollowUp, call.id).status == FollowUpStatus.DONE
    sync(demo)
    assert steps[call.id].uid not in phone_items(account)
    assert proposals.list_proposals(demo) == []


def test_deleted_on_the_phone_is_a_skip_proposal_and_dismiss_puts_it_back(
    radicale: DavServer, demo: Database
) -> None:
    account = set_up(radicale.url)
    sync(demo)
    step = pending_steps(demo)[0]
    phone_items(account)[step.uid].delete()
    report = sync(demo)
    assert report.calendar.proposals == 1 and report.calendar.created == 0
    (proposal,) = proposals.list_proposals(demo)
    assert proposal.title == "Deleted on your phone: skip this step?"
    assert step.uid not in phone_items(account)  # not silently put back
    proposals.dismiss(demo, proposal.id)
    sync(demo)
    assert step.uid in phone_items(account)


def test_two_copies_on_one_account_do_not_duplicate(
    radicale: DavServer, demo: Database, tmp_path: Path
) -> None:
    account = set_up(radicale.url)
    sync(demo)
    other_path = tmp_path / "laptop.sqlite3"
    demo.close()
    shutil.copyfile(demo.path, other_path)
    with demo.write() as s:
        for row in s.scalars(select(SyncItem)):
            s.delete(row)  # the second copy never synced: it knows nothing of the server
    other = Database.open(other_path)
    try:
        sync(other)
        sync(demo)
    finally:
        other.close()
    assert len(phone_items(account)) == len(pending_steps(demo))


def test_a_write_racing_the_phone_gets_412_and_loses_nothing(
    radicale: DavServer, demo: Database
) -> None:
    from followup_gui.services.sync import calendar_sync
    from followup_gui.services.sync.account import load_account
    from followup_gui.services.sync.run import connect
    from followup_gui.settings import Settings

    account = set_up(radicale.url)
    sync(demo)
    step = pending_steps(demo)[0]
    outcomes.snooze(demo, step.follow_up_id, NOW + timedelta(days=4), NOW, PLANNER)

    def phone_edits(done: int, _total: int) -> None:
        if done == 0:
            obj = phone_items(account)[step.uid]
            obj.icalendar_component["summary"] = "Edited on the phone"
            obj.save()

    server = connect(load_account(Settings()))
    try:
        report = calendar_sync.sync_calendar(
            demo, server, account, NOW, PLANNER, progress=phone_edits
        )
    finally:
        server.close()
    assert report.deferred == 1
    assert str(phone_items(account)[step.uid].icalendar_component["summary"]) == (
        "Edited on the phone"
    )
    sync(demo)  # the next pass reads the phone's version, then writes the plan's over it
    assert str(phone_items(account)[step.uid].icalendar_component["summary"]).startswith(
        ("Call", "Thank", "Status", "Ask", "Time")
    )


def test_a_wrong_password_is_one_clear_message_and_changes_nothing(
    radicale: DavServer, demo: Database
) -> None:
    from followup_gui.services.sync.account import store_password

    store_password(set_up(radicale.url), "wrong")  # the password changed on the server
    with pytest.raises(SyncError, match="refused the login"):
        sync(demo)
    with demo.read() as s:
        assert s.scalars(select(SyncItem)).all() == []


def test_the_server_stopping_mid_sync_loses_and_duplicates_nothing(
    radicale: DavServer, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_gui.services.sync import calendar_sync

    account = set_up(radicale.url)
    monkeypatch.setattr(calendar_sync, "BATCH", 3)
    real_put = calendar_sync._put_step
    calls = {"n": 0}

    def put_then_stop(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            radicale.stop()
        real_put(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(calendar_sync, "_put_step", put_then_stop)
    with pytest.raises(SyncError, match="Cannot reach the server"):
        sync(demo)
    with demo.read() as s:
        recorded = len(s.scalars(select(SyncItem)).all())
    assert recorded == 4  # what went up before the stop is kept
    monkeypatch.setattr(calendar_sync, "_put_step", real_put)
    radicale.restart()
    sync(demo)
    assert len(phone_items(account)) == len(pending_steps(demo))


def test_xandikos_takes_the_same_plan_and_gives_back_a_completion(
    xandikos: DavServer, demo: Database
) -> None:
    account = set_up(xandikos.url + "sam/")
    report = sync(demo)
    steps = pending_steps(demo)
    assert report.calendar.created == len(steps)
    call = pending(demo, FollowUpKind.CALL)[0]
    uid = next(s.uid for s in steps if s.follow_up_id == call.id)
    phone_items(account)[uid].complete()
    assert sync(demo).calendar.proposals == 1


def test_a_calendar_without_todos_gets_events_with_alarms(
    radicale: DavServer, demo: Database
) -> None:
    from dataclasses import replace

    from followup_gui.services.sync.account import save_account
    from followup_gui.services.sync.dav import Server
    from followup_gui.settings import Settings

    account = set_up(radicale.url)
    server = Server(account, "secret")
    try:
        principal = server.client.principal()
        made = principal.make_calendar(
            name="Work", cal_id="work", supported_calendar_component_set=["VEVENT"]
        )
        (work,) = [c for c in server.discover().calendars if c.name == "Work"]
    finally:
        server.close()
    assert work.components == ("VEVENT",)
    account = replace(account, calendar_url=str(made.url), component="VEVENT")
    save_account(Settings(), account)
    sync(demo)
    items = phone_items(account)
    step = pending_steps(demo)[0]
    event = items[step.uid].icalendar_component
    assert event.name == "VEVENT"
    assert event["dtstart"].dt == step.due
    assert [a["action"] for a in event.subcomponents] == ["DISPLAY"]


@pytest.mark.slow
def test_two_thousand_applications_go_up_once_and_a_move_touches_one_item(
    radicale: DavServer, db: Database
) -> None:
    from followup_gui.demo.scale import fill_scaled
    from followup_gui.services.board.moves import move_cards

    fill_scaled(db, 2000, now=NOW)
    account = set_up(radicale.url)
    steps = pending_steps(db)
    assert sync(db).calendar.created == len(steps) > 500
    assert len(phone_items(account)) == len(steps)
    with db.read() as s:
        app_id = s.scalars(
            select(m.Application.id).where(m.Application.stage_key == "interviewed")
        ).first()
    move_cards(db, [app_id], "offer", None, NOW, PLANNER)
    cal = sync(db).calendar
    assert 1 <= cal.created + cal.updated + cal.removed <= 5
    assert len(phone_items(account)) == len(pending_steps(db))
