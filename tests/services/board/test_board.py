"""Board services: loading, moving (planner effects, snapshot patch), stages, CRUD with undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from followup_gui.demo.example import fill_demo
from followup_gui.scheduling import PlannerSettings
from followup_gui.services.applications import editing as apps_svc
from followup_gui.services.board import stages as board_stages
from followup_gui.services.board.cards import BoardSnapshot, initials
from followup_gui.services.board.columns import BoardError, load_board
from followup_gui.services.board.moves import apply_placements, move_cards
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
    assert result.before[lumen][0] == "applied"
    assert result.after[lumen][0] == "interviewed"
    assert result.moved == (lumen,)
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


def test_undo_puts_every_written_card_back_exactly(demo: Database) -> None:
    applied, interviewed = column_ids(demo, "applied"), column_ids(demo, "interviewed")
    # Dense demo positions: landing between two cards renumbers the target column.
    result = move_cards(demo, [applied[0]], "interviewed", interviewed[1], NOW, S)
    assert set(result.before) > {applied[0]}
    apply_placements(demo, result.before, NOW, S)
    assert column_ids(demo, "applied") == applied
    assert column_ids(demo, "interviewed") == interviewed
    redo = apply_placements(demo, result.after, NOW, S)
    assert column_ids(demo, "interviewed")[1] == applied[0]
    assert redo.moved == (applied[0],)


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
    undo = apply_placements(demo, move_cards(demo, [acme], "applied", None, NOW, S).before, NOW, S)
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
    apply_placements(demo, result.before, NOW, S)
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
    new = board_stages.add_stage(demo, "Phone screen").value
    assert new.key == "phone_screen"
    assert board_stages.add_stage(demo, "Phone screen").value.key == "phone_screen_2"
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
    shot = apps_svc.create_application(db, draft(), NOW, S).value
    details = apps_svc.load_details(db, shot.id)
    assert details.draft.company == "Analytical Engines"
    assert [p.full_name for p in details.participants.values()] == ["Ada Lovelace"]
    planned = follow_ups(db, shot.id)
    assert planned
    edited = details.draft.__class__(**{**details.draft.__dict__, "notes": "ask about Babbage"})
    before, _after = apps_svc.update_application(db, shot.id, edited, details.version, NOW, S).value
    assert load_board(db, NOW).cards[0].matches("babbage")
    with pytest.raises(BoardError):  # a stale version is refused
        apps_svc.update_application(db, shot.id, edited, details.version, NOW, S)
    apps_svc.restore_application(db, before, NOW, S)
    assert not load_board(db, NOW).cards[0].matches("babbage")
    gone = apps_svc.delete_application(db, shot.id).value
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


# -- a move updates the board's snapshot from its own result, as a fresh load would --


def columns(snapshot: BoardSnapshot) -> dict[str, list[object]]:
    return {s.key: snapshot.column(s.key) for s in snapshot.stages}


def move(db: Database, snapshot: BoardSnapshot, ids: list[int], key: str, before: int | None):
    result = move_cards(db, ids, key, before, NOW, S)
    assert result.patch is not None
    return snapshot.patched(result.patch)


def test_patched_snapshots_equal_fresh_loads_move_after_move(demo: Database) -> None:
    snapshot = load_board(demo, NOW)
    col = {s.key: [c.id for c in snapshot.column(s.key)] for s in snapshot.stages}
    applied, interviewed = col["applied"], col["interviewed"]
    assert applied and len(interviewed) >= 2
    moves = [
        ([applied[0]], "interviewed", interviewed[0]),  # to the top of another column
        ([interviewed[1]], "rejected", None),  # to the end: re-planned into feedback
        ([applied[0]], "interviewed", None),  # reorder within a column
        ([interviewed[0], applied[0]], "offer", None),  # two cards, in the given order
        ([interviewed[1]], "interviewed", interviewed[0]),  # and back again
    ]
    for ids, key, before in moves:
        patched = move(demo, snapshot, ids, key, before)
        assert patched is not None
        fresh = load_board(demo, NOW)
        assert columns(patched) == columns(fresh), (ids, key)
        # What a card shows after a stage change is the new plan's next step.
        for i in ids:
            assert patched.card(i) == fresh.card(i)
        snapshot = patched


def test_columns_the_move_did_not_touch_keep_their_very_cards(demo: Database) -> None:
    snapshot = load_board(demo, NOW)
    card = snapshot.column("applied")[0].id
    patched = move(demo, snapshot, [card], "interviewed", None)
    assert patched is not None
    for stage in snapshot.stages:
        if stage.key not in ("applied", "interviewed"):
            before, after = snapshot.column(stage.key), patched.column(stage.key)
            assert all(a is b for a, b in zip(before, after, strict=True))


def test_emptying_a_column_leaves_it_empty(demo: Database) -> None:
    snapshot = load_board(demo, NOW)
    key = next(s.key for s in snapshot.stages if len(snapshot.column(s.key)) == 1)
    card = snapshot.column(key)[0].id
    target = "wishlist" if key != "wishlist" else "applied"
    patched = move(demo, snapshot, [card], target, None)
    assert patched is not None
    assert patched.column(key) == []
    assert columns(patched) == columns(load_board(demo, NOW))


def test_a_card_added_elsewhere_to_a_touched_column_means_loading_again(demo: Database) -> None:
    snapshot = load_board(demo, NOW)
    card = snapshot.column("applied")[0].id
    # Another window (or machine) adds a card to the target column meanwhile.
    apps_svc.create_application(
        demo,
        apps_svc.ApplicationDraft(
            company="Elsewhere Ltd",
            role="Analyst",
            stage_key="interviewed",
            timezone="UTC",
            playbook="balanced",
        ),
        NOW,
        S,
    )
    assert move(demo, snapshot, [card], "interviewed", None) is None


def test_a_card_deleted_elsewhere_from_a_touched_column_means_loading_again(
    demo: Database,
) -> None:
    snapshot = load_board(demo, NOW)
    applied = snapshot.column("applied")
    assert len(applied) >= 2
    apps_svc.delete_application(demo, applied[1].id)
    assert move(demo, snapshot, [applied[0].id], "interviewed", None) is None


def test_moved_cards_show_the_clock_and_edits_of_the_move_not_of_the_load(
    demo: Database,
) -> None:
    snapshot = load_board(demo, NOW)
    later = NOW + timedelta(days=3)
    interviewed = snapshot.column("interviewed")
    card = next(c for c in interviewed if c.days_since_interview is not None)
    # Meanwhile another window renames the company.
    with demo.write() as session:
        stored = session.get(m.Application, card.id)
        assert stored is not None
        stored.company = "Renamed Corp"
    # Reordered within its column three days later.
    result = move_cards(demo, [card.id], "interviewed", interviewed[0].id, later, S)
    assert result.patch is not None
    patched = snapshot.patched(result.patch)
    assert patched is not None
    moved = patched.card(card.id)
    assert moved == load_board(demo, later).card(card.id)
    assert moved is not None and moved.company == "Renamed Corp"
    assert moved.days_since_interview == card.days_since_interview + 3


def test_a_card_is_overdue_only_once_its_steps_window_has_ended(demo: Database) -> None:
    """The board's early peek and its storage load read the same: due, then overdue."""
    from followup_gui.services.board.cards import peek_board

    acme = card_id(demo, "Acme Robotics", "Backend Engineer")
    with demo.write() as s:
        step = s.scalars(
            select(m.FollowUp)
            .where(m.FollowUp.application_id == acme, m.FollowUp.status == "pending")
            .order_by(m.FollowUp.due_at)
        ).first()
        assert step is not None
        step.due_at = NOW - timedelta(hours=1)
        step.window_end = NOW + timedelta(hours=3)
    card = next(c for c in load_board(demo, NOW).cards if c.id == acme)
    assert card.next_step is not None and not card.next_step.overdue
    assert not card.overdue and card.due_soon
    later = NOW + timedelta(hours=3)
    card = next(c for c in load_board(demo, later).cards if c.id == acme)
    assert card.next_step is not None and card.next_step.overdue and card.overdue
    assert card.next_step.window_end == later
    if demo.path is not None:
        peeked = peek_board(demo.path, later)
        assert peeked is not None
        assert peeked.card(acme) == card
