"""Sparse card positions: the column reads in the wanted order, and few rows are written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from followup_gui.services.board.positions import BASE, GAP, new_positions, renumbered


def _order(column: list[int], stored: dict[int, int], changes: dict[int, int]) -> list[int]:
    """The column as the board reads it after the changes: by (position, id)."""
    final = {**{c: stored[c] for c in column if c in stored}, **changes}
    assert set(final) == set(column), "every card has a position"
    return sorted(column, key=lambda c: (final[c], c))


def test_a_card_dropped_on_top_or_between_or_at_the_end_is_the_only_write() -> None:
    stored = renumbered([1, 2, 3, 4])
    for wanted in ([9, 1, 2, 3, 4], [1, 2, 9, 3, 4], [1, 2, 3, 4, 9]):
        changes = new_positions(wanted, stored)
        assert list(changes) == [9]
        assert _order(wanted, stored, changes) == wanted


def test_reordering_within_a_column_moves_one_card() -> None:
    stored = renumbered([1, 2, 3, 4, 5])
    wanted = [1, 4, 2, 3, 5]
    changes = new_positions(wanted, stored)
    assert list(changes) == [4]
    assert _order(wanted, stored, changes) == wanted


def test_dense_columns_are_renumbered_once_then_stay_sparse() -> None:
    stored = {1: 0, 2: 1, 3: 2}  # positions written by an older version
    wanted = [1, 9, 2, 3]
    changes = new_positions(wanted, stored)
    assert _order(wanted, stored, changes) == wanted
    assert changes[1] == BASE and changes[3] == BASE + 3 * GAP
    after = {**stored, **changes}
    again = new_positions([1, 9, 8, 2, 3], after)
    assert list(again) == [8]


def test_positions_stay_non_negative_after_many_drops_on_top() -> None:
    stored = renumbered([1])
    column = [1]
    for card in range(100, 3100):
        column = [card, *column]
        changes = new_positions(column, stored)
        stored = {**stored, **changes}
        assert min(stored.values()) >= 0
    assert _order(column, stored, {}) == column
    assert max(stored.values()) < 2**31


@given(
    st.lists(st.integers(0, 40), unique=True, max_size=25),
    st.lists(st.integers(0, 5000), max_size=25),
    st.data(),
)
def test_any_wanted_order_is_reached(ids: list[int], positions: list[int], data) -> None:
    # Some cards are already in the column (with any, even equal, positions),
    # the others come from elsewhere; the wanted order is any permutation.
    stored = {c: positions[k] for k, c in enumerate(ids) if k < len(positions)}
    wanted = data.draw(st.permutations(ids))
    changes = new_positions(wanted, stored)
    assert _order(wanted, stored, changes) == wanted
    assert all(c in changes for c in wanted if c not in stored)
    assert all(0 <= p < 2**31 for p in changes.values())
