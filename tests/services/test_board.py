"""Board services: loading, moving (with the planner's effects), stages, CRUD with undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.scheduling import PlannerSettings
from followup_gui.services import applications as apps_svc
from followup_gui.services import board_stages
from followup_gui.services.board import BoardError, apply_layout, load_board, move_cards
from followup_gui.services.board_cards import initials
from followup_gui.services.demo import fill_demo
from followup_gui.storage import Database
from followup_gui.storage import models as m

# Storage-backed: these run on SQLite and PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.backends

# A Wednesday morning, so business-day arithmetic is unsurprising.
NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)
S = PlannerSettings()


@pytest.fixture
def demo(db: Database) -> Database:
    fill_demo(db, NOW, S)
    return db


def card_id(db: Database, company: str, role: str | None = None) -> int:
    for c in load_board(db, NOW).cards:
        if c.company == company and (role is None or c.role == role):
            return c.id
    raise AssertionError(company)


def follow_ups(db: Database, app_id: int) -> dict[str, tuple[str, str]]:
    with db.read() as s:
        rows = s.scalars(select(m.FollowUp).where(m.FollowUp.application_id == app_id))
        return {f.key: (f.kind, f.status) for f in rows}


def column_ids(db: Database, key: str) -> list[int]:
    return [c.id for c in load_board(db, NOW).column(key)]


def test_load_board_summarises_cards(demo: Database) -> None:
    board = load_board(demo, NOW)
    assert [s.key for s in board.stages][:2] == ["wishlist", "applied"]
    acme = next(c for c in board.cards if c.role == "Backend Engineer")
    assert acme.people == ("Dana Whitfield", "Priya Raman")
    assert acme.initials == ("DW", "PR")
    assert acme.days_since_interview == 6
    assert acme.next_step is not None
    assert acme.matches("dana acme")
    assert not acme.matches("nordlicht")


def test_initials_handle_accents_and_hyphens() -> None:
    assert initials("Zoë Ångström-Nuñez") == "ZÅ"
    assert initials("Marcus O'Neill") == "MO"
    assert initials("Cher") == "C"
    assert initials("") == "?"


def test_move_between_columns_keeps_order_and_persists(demo: Database, db_path) -> None:
    lumen = card_id(demo, "Lumen Analytics")
    acme = card_id(demo, "Acme Robotics", "Tools Engineer")
    nord = card_id(demo, "Nordlicht GmbH")
    result = move_cards(demo, [lumen], "interviewed", acme, NOW, S)
    assert column_ids(demo, "interviewed") == [nord, lumen, acme]
    assert lumen not in column_ids(demo, "applied")
    assert result.before["interviewed"] == (nord, acme)
    demo.close()
    reopened = Database.open(demo.path or demo.engine.url.render_as_string(hide_password=False))
    try:
        assert [c.id for c in load_board(reopened, NOW).column("interviewed")] == [
            nord,
            lumen,
            acme,
        ]
    finally:
        reopened.close()


def versions(db: Database) -> dict[int, int]:
    with db.read() as s:
        return dict(s.execute(select(m.Application.id, m.Application.version)).all())


def test_a_move_writes_only_the_moved_card_once_the_column_is_sparse(demo: Database) -> None:
    # The demo's positions are dense (0, 1, 2...): the first drop renumbers.
    lumen = card_id(demo, "Lumen Analytics")
    first = column_ids(demo, "interviewed")[0]
    move_cards(demo, [lumen], "interviewed", first, NOW, S)
    before = versions(demo)
    acme = card_id(demo, "Acme Robotics", "Tools Engineer")
    undo = apply_layout(demo, move_cards(demo, [acme], "applied", None, NOW, S).before, NOW, S)
    after = versions(demo)
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {acme}
    assert undo.moved == (acme,)
    assert column_ids(demo, "interviewed")[:2] == [lumen, first]


def test_reorder_within_a_column(demo: Database) -> None:
    col = column_ids(demo, "interviewed")
    move_cards(demo, [col[1]], "interviewed", col[0], NOW, S)
    assert column_ids(demo, "interviewed") == [col[1], col[0]]
    move_cards(demo, [col[1]], "interviewed", None, NOW, S)
    assert column_ids(demo, "interviewed") == col


def test_multi_card_move_keeps_the_given_order(demo: Database) -> None:
    applied = column_ids(demo, "applied")
    move_cards(demo, list(reversed(applied)), "wishlist", None, NOW, S)
    assert column_ids(demo, "wishlist")[-2:] == list(reversed(applied))
    assert column_ids(demo, "applied") == []


def test_move_to_rejected_turns_calls_into_feedback_and_back(demo: Database) -> None:
    acme = card_id(demo, "Acme Robotics", "Backend Engineer")
    before = follow_ups(demo, acme)
    pending_calls = [k for k, (kind, st) in before.items() if kind == "call" and st == "pending"]
    assert pending_calls
    result = move_cards(demo, [acme], "rejected", None, NOW, S)
    after = follow_ups(demo, acme)
    assert after["feedback"] == ("feedback_request", "pending")
    assert all(after[k][1] == "cancelled" for k in pending_calls)
    apply_layout(demo, result.before, NOW, S)
    back = follow_ups(demo, acme)
    assert all(back[k][1] == "pending" for k in pending_calls)
    assert back["feedback"][1] == "cancelled"
    assert acme in column_ids(demo, "following_up")


def test_move_to_offer_cancels_pending(demo: Database) -> None:
    nord = card_id(demo, "Nordlicht GmbH")
    assert any(st == "pending" for _k, st in follow_ups(demo, nord).values())
    move_cards(demo, [nord], "offer", None, NOW, S)
    assert all(st != "pending" for _k, st in follow_ups(demo, nord).values())
    card = next(c for c in load_board(demo, NOW).cards if c.id == nord)
    assert card.next_step is None and not card.overdue


def test_move_to_unknown_stage_or_deleted_card_changes_nothing(demo: Database) -> None:
    lumen = card_id(demo, "Lumen Analytics")
    with pytest.raises(BoardError):
        move_cards(demo, [lumen], "nope", None, NOW, S)
    with pytest.raises(BoardError):
        move_cards(demo, [lumen, 9999], "offer", None, NOW, S)
    assert lumen in column_ids(demo, "applied")


def test_stage_management_never_loses_cards(demo: Database) -> None:
    new = board_stages.add_stage(demo, "Phone screen")
    assert new.key == "phone_screen"
    assert board_stages.add_stage(demo, "Phone screen").key == "phone_screen_2"
    board_stages.rename_stage(demo, "phone_screen", "Screening call")
    keys = [s.key for s in board_stages.stages(demo)]
    keys.remove("phone_screen")
    keys.insert(1, "phone_screen")
    board_stages.reorder_stages(demo, keys)
    stages = board_stages.stages(demo)
    assert stages[1].title == "Screening call"
    with pytest.raises(BoardError):
        board_stages.delete_stage(demo, "applied")
    with pytest.raises(BoardError):
        board_stages.set_stage_hidden(demo, "applied", True)
    board_stages.set_stage_hidden(demo, "phone_screen", True)
    board_stages.delete_stage(demo, "phone_screen_2")
    with pytest.raises(BoardError):
        board_stages.reorder_stages(demo, ["applied"])
    assert len(load_board(demo, NOW).cards) == 10


def draft(**kw: object) -> apps_svc.ApplicationDraft:
    start = NOW - timedelta(days=2)
    iv = apps_svc.InterviewDraft(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        new_contacts=(apps_svc.NewContact("Ada Lovelace", "CTO"),),
    )
    values: dict[str, object] = {
        "company": "Analytical Engines",
        "role": "Engineer",
        "timezone": "Europe/London",
        "stage_key": "interviewed",
        "interviews": (iv,),
    }
    values.update(kw)
    return apps_svc.ApplicationDraft(**values)  # type: ignore[arg-type]


def test_create_edit_delete_and_restore(db: Database) -> None:
    shot = apps_svc.create_application(db, draft(), NOW, S)
    details = apps_svc.load_details(db, shot.id)
    assert details.draft.company == "Analytical Engines"
    assert [p.full_name for p in details.participants.values()] == ["Ada Lovelace"]
    planned = follow_ups(db, shot.id)
    assert planned
    edited = details.draft.__class__(**{**details.draft.__dict__, "notes": "ask about Babbage"})
    before, _after = apps_svc.update_application(db, shot.id, edited, details.version, NOW, S)
    assert load_board(db, NOW).cards[0].matches("babbage")
    with pytest.raises(BoardError):  # a stale version is refused
        apps_svc.update_application(db, shot.id, edited, details.version, NOW, S)
    apps_svc.restore_application(db, before, NOW, S)
    assert not load_board(db, NOW).cards[0].matches("babbage")
    gone = apps_svc.delete_application(db, shot.id)
    assert load_board(db, NOW).cards == ()
    apps_svc.restore_application(db, gone, NOW, S)
    assert follow_ups(db, shot.id) == planned
    assert apps_svc.load_details(db, shot.id).participants


def test_create_rejects_bad_input(db: Database) -> None:
    with pytest.raises(BoardError):
        apps_svc.create_application(db, draft(company=" "), NOW, S)
    with pytest.raises(BoardError):
        apps_svc.create_application(db, draft(timezone="Mars/Olympus"), NOW, S)
    assert load_board(db, NOW).cards == ()
