"""A move updates the board's snapshot from its own result, exactly as a fresh load would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_gui.scheduling import PlannerSettings
from followup_gui.services import applications as apps_svc
from followup_gui.services.board import load_board, move_cards
from followup_gui.services.board_cards import BoardSnapshot
from followup_gui.services.demo import fill_demo
from followup_gui.storage import Database
from followup_gui.storage import models as m

pytestmark = pytest.mark.backends

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)
S = PlannerSettings()


@pytest.fixture
def demo(db: Database) -> Database:
    fill_demo(db, NOW, S)
    return db


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
