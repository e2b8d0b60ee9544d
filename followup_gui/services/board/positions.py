"""Card positions in a column: write as few as possible when cards move.

A column is ordered by ``(position, id)``. Positions are sparse (multiples of
:data:`GAP` above :data:`BASE` after a renumbering), so a card dropped between
two others, or at either end, usually gets a free position of its own and no
other card of the column is written. Only when there is no free whole number
left where the cards must go is the column renumbered. Positions stay >= 0 and
well inside 32-bit integers (PostgreSQL's ``INTEGER``; the JSON format).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

#: Room left between two cards by a renumbering.
GAP = 1024
#: Where a renumbered column starts: room for a thousand cards put on top of it.
BASE = GAP * GAP


def _kept(column: Sequence[int], stored: Mapping[int, int]) -> set[int]:
    """The most cards of ``column`` whose stored positions already increase in its order.

    A longest strictly increasing subsequence (patience sorting, O(n log n)) of
    the positions of the cards that are already in this column.
    """
    tails: list[int] = []  # smallest tail position of an increasing run of each length
    tail_ids: list[int] = []
    parent: dict[int, int | None] = {}
    for card in column:
        if card not in stored:
            continue
        position = stored[card]
        i = bisect_left(tails, position)
        parent[card] = tail_ids[i - 1] if i else None
        if i == len(tails):
            tails.append(position)
            tail_ids.append(card)
        else:
            tails[i] = position
            tail_ids[i] = card
    kept: set[int] = set()
    node = tail_ids[-1] if tail_ids else None
    while node is not None:
        kept.add(node)
        node = parent[node]
    return kept


def spread(low: int | None, high: int | None, count: int) -> list[int] | None:
    """``count`` increasing positions strictly between ``low`` and ``high``, or None.

    ``None`` for ``low``: the top of the column; for ``high``: its end.
    """
    if high is None:
        start = BASE if low is None else low + GAP
        return [start + k * GAP for k in range(count)]
    if low is None and high - count * GAP >= 0:
        return [high - (count - k) * GAP for k in range(count)]
    floor = -1 if low is None else low
    room = high - floor - 1
    if room < count:
        return None
    step = (high - floor) / (count + 1)
    return [floor + round(step * (k + 1)) for k in range(count)]


def renumbered(column: Sequence[int]) -> dict[int, int]:
    """Fresh, evenly spaced positions for a whole column, in its order."""
    return {card: BASE + k * GAP for k, card in enumerate(column)}


def new_positions(column: Sequence[int], stored: Mapping[int, int]) -> dict[int, int]:
    """The positions to write so that ``column`` reads in the given order.

    Args:
        column: the card ids of one stage, in the wanted order.
        stored: the stored position of each card already in this stage (cards
            coming from other stages are absent).

    Returns:
        Only the cards whose position must change (a card coming from another
        stage is always listed), with their new position.
    """
    kept = _kept(column, stored)
    changes: dict[int, int] = {}
    run: list[int] = []
    low: int | None = None
    for card in [*column, None]:
        if card is not None and card not in kept:
            run.append(card)
            continue
        high = None if card is None else stored[card]
        if run:
            room = spread(low, high, len(run))
            if room is None:
                return {c: p for c, p in renumbered(column).items() if stored.get(c) != p}
            changes.update(zip(run, room, strict=True))
            run = []
        low = high
    return changes
