"""What the board shows: stages, card summaries, and how stored rows become cards.

Plain Python (no SQLAlchemy, no Qt), so the board can be painted at start-up from
a read-only look at the file (:mod:`followup_gui.storage.peek`) before the storage
layer is even imported. :func:`assemble_cards` is the one place that turns the
four row sets into :class:`CardSummary` values; both that early read and
:func:`followup_gui.services.board.columns.load_cards` feed it, so the two cannot disagree.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup_gui.domain.timing import is_overdue

if TYPE_CHECKING:
    from followup_gui.storage.peek import FileStamp

#: How far ahead "due this week" looks.
SOON = timedelta(days=7)

#: ``(application id, contact id, full name)``, by application, interview start, contact.
PersonRow = tuple[int, int, str]
#: ``(application id, kind, due (aware UTC), preferred name, full name, window end)``,
#: by due time.
PendingRow = tuple[int, str, datetime, str | None, str | None, datetime]
#: ``(id, company, role, stage key, position, time zone, notes, primary contact's name)``.
ApplicationRow = tuple[int, str, str, str, int, str, str, str | None]


@dataclass(frozen=True, slots=True)
class StageInfo:
    """One column of the board, as the GUI sees it."""

    key: str
    title: str
    order: int
    terminal: bool
    hidden: bool


@dataclass(frozen=True, slots=True)
class NextStep:
    """The soonest pending follow-up of a card.

    Attributes:
        kind: a :class:`~followup_gui.domain.FollowUpKind` value.
        contact_name: who it is for, when the plan names someone.
        due: in the employer's time zone ("Thu 10:00" is their Thursday).
        overdue: its window had ended at the ``now`` the board was loaded at
            (see :mod:`followup_gui.domain.timing`).
        window_end: the end of its window, in the employer's time zone.
    """

    kind: str
    contact_name: str | None
    due: datetime
    overdue: bool
    window_end: datetime


@dataclass(frozen=True, slots=True)
class CardSummary:
    """What one card shows, and what the search box and quick filters look at.

    Attributes:
        people: full names of everyone met in the application's interviews.
        days_since_interview: whole days since the last interview ended, or
            ``None`` when no interview is over yet.
        overdue: some pending follow-up is overdue (its window has ended).
        due_soon: some pending follow-up is due now or within :data:`SOON`, and
            not overdue.
        search_text: lower-case company, role, people and notes.
    """

    id: int
    company: str
    role: str
    stage_key: str
    position: int
    timezone: str
    next_step: NextStep | None
    overdue: bool
    due_soon: bool
    days_since_interview: int | None
    people: tuple[str, ...]
    search_text: str

    @property
    def initials(self) -> tuple[str, ...]:
        """Initials of the people met, e.g. ``("DW", "PR")``."""
        return tuple(initials(name) for name in self.people)

    def matches(self, text: str) -> bool:
        """Whether every word of ``text`` occurs in the card's searchable text."""
        return self.matches_words(search_words(text))

    def matches_words(self, words: Sequence[str]) -> bool:
        """Whether every one of ``words`` (from :func:`search_words`) occurs in the card."""
        text = self.search_text
        return all(word in text for word in words)


def search_words(text: str) -> list[str]:
    """The case-folded words a search box text looks for (see ``matches_words``)."""
    return text.casefold().split()


def initials(name: str) -> str:
    """First letters of the first and last word of a name (``"Zoë Å-N"`` -> ``"ZÅ"``)."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    last = next((w for w in reversed(name.split()) if w[:1].isalpha()), words[-1])
    return (words[0][0] + last[0]).upper()


@dataclass(frozen=True, slots=True)
class BoardPatch:
    """What one of the board's own moves changed, enough to update a snapshot.

    Attributes:
        placed: every card the move wrote, with its stage and position now.
        cards: the moved cards' summaries, read in the move's own transaction
            (their new plan, and anything else that changed since the board
            loaded them).
        tallies: for every column the move touched, how many cards it holds
            and the sum of their ids, as stored after the move (a snapshot that
            disagrees missed somebody else's change there).
    """

    placed: Mapping[int, tuple[str, int]]
    cards: tuple[CardSummary, ...]
    tallies: Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class BoardSnapshot:
    """Every stage and every card, loaded at one instant.

    Attributes:
        peeked: for a start-up preview (:func:`peek_board`), the file it was read
            from and that file's state then (see :func:`still_current`).
    """

    stages: tuple[StageInfo, ...]
    cards: tuple[CardSummary, ...]
    peeked: tuple[Path, FileStamp] | None = None

    def column(self, stage_key: str) -> list[CardSummary]:
        """The cards of one stage in board order."""
        return list(self._columns.get(stage_key, ()))

    def card(self, card_id: int) -> CardSummary | None:
        """The card with ``card_id``, if it is on the board."""
        return self._by_id.get(card_id)

    @cached_property
    def _columns(self) -> dict[str, list[CardSummary]]:
        # Built once per snapshot: every keystroke of the search asks for every column.
        columns: dict[str, list[CardSummary]] = {}
        for card in sorted(self.cards, key=lambda c: (c.position, c.id)):
            columns.setdefault(card.stage_key, []).append(card)
        return columns

    @cached_property
    def _by_id(self) -> dict[int, CardSummary]:
        return {c.id: c for c in self.cards}

    def by_id(self) -> Mapping[int, CardSummary]:
        """Every card by id (built once per snapshot; do not change it)."""
        return self._by_id

    def stage(self, key: str) -> StageInfo | None:
        """The stage with ``key``, if there is one."""
        return next((s for s in self.stages if s.key == key), None)

    def patched(self, patch: BoardPatch) -> BoardSnapshot | None:
        """This snapshot after a move, without reading the database again.

        Only the cards the move wrote are taken out of their column and put into
        their new one (found by board order, so the cost follows the cards moved,
        not the cards on the board). The columns the move did not touch keep their
        very lists and card objects (their views see no change). Returns ``None``
        when the patch does not fit this snapshot: a written card it does not
        know, or a touched column whose tally differs (someone else added, moved
        or deleted a card there since it was loaded); then the board has to load
        those columns again.
        """
        known, fresh = self._by_id, {c.id: c for c in patch.cards}
        columns = dict(self._columns)
        copied: set[str] = set()

        def column(key: str) -> list[CardSummary]:
            if key not in copied:
                columns[key] = list(columns.get(key, ()))
                copied.add(key)
            return columns[key]

        for app_id in patch.placed:
            old = known.get(app_id)
            if old is None:
                return None  # a card this snapshot never saw
            cards = column(old.stage_key)
            i = bisect_left(cards, card_order(old), key=card_order)
            if i == len(cards) or cards[i] is not old:
                return None  # defensive: the snapshot's columns are in board order
            del cards[i]
        by_id = dict(known)
        for app_id, (key, position) in patch.placed.items():
            card = fresh.get(app_id) or known[app_id]
            if (card.stage_key, card.position) != (key, position):
                card = replace(card, stage_key=key, position=position)
            insort(column(key), card, key=card_order)
            by_id[app_id] = card
        for key, (count, total) in patch.tallies.items():
            cards = columns.get(key, [])
            if len(cards) != count or sum(c.id for c in cards) != total:
                return None  # a card of that column came or went meanwhile
        columns = {k: v for k, v in columns.items() if v}
        snapshot = BoardSnapshot(self.stages, tuple(chain.from_iterable(columns.values())))
        # The cached properties, already known.
        snapshot.__dict__["_columns"] = columns
        snapshot.__dict__["_by_id"] = by_id
        return snapshot


def card_order(card: CardSummary) -> tuple[int, int]:
    """A card's place in its column: board order (position, then id)."""
    return card.position, card.id


def assemble_cards(
    now: datetime,
    people_rows: Iterable[PersonRow],
    last_ended: Mapping[int, datetime],
    pending_rows: Iterable[PendingRow],
    application_rows: Iterable[ApplicationRow],
) -> list[CardSummary]:
    """Card summaries as of ``now`` from the stored rows (see the row aliases).

    Args:
        now: the instant "overdue", "due soon" and "days since" are measured from.
        people_rows: who was met in each application's interviews.
        last_ended: the end of each application's last interview over by ``now``.
        pending_rows: each application's pending follow-ups, soonest first.
        application_rows: the applications, in board order.
    """
    people: dict[int, dict[int, str]] = {}
    for app_id, person_id, name in people_rows:
        people.setdefault(app_id, {}).setdefault(person_id, name)
    pending: dict[int, list[tuple[str, str | None, datetime, datetime]]] = {}
    for app_id, kind, due, preferred, full, window_end in pending_rows:
        addressed = None if full is None else (preferred or full.split()[0])
        pending.setdefault(app_id, []).append((kind, addressed, due, window_end))
    zones: dict[str, ZoneInfo] = {}
    soon = now + SOON
    cards = []
    for app_id, company, role, stage_key, position, tz_name, notes, primary in application_rows:
        tz = zones.get(tz_name) or zones.setdefault(tz_name, ZoneInfo(tz_name))
        steps = pending.get(app_id, [])
        next_step = None
        if steps:
            kind, addressed, due, window_end = steps[0]
            next_step = NextStep(
                kind,
                addressed,
                due.astimezone(tz),
                is_overdue(due, window_end, now),
                window_end.astimezone(tz),
            )
        ended = last_ended.get(app_id)
        days = None
        if ended is not None:
            days = (now.astimezone(tz).date() - ended.astimezone(tz).date()).days
        names = tuple(people.get(app_id, {}).values())
        words = [company, role, notes, *names]
        if primary is not None:
            words.append(primary)
        cards.append(
            CardSummary(
                id=app_id,
                company=company,
                role=role,
                stage_key=stage_key,
                position=position,
                timezone=tz_name,
                next_step=next_step,
                overdue=any(is_overdue(due, end, now) for _k, _n, due, end in steps),
                due_soon=any(
                    due < soon and not is_overdue(due, end, now) for _k, _n, due, end in steps
                ),
                days_since_interview=days,
                people=names,
                search_text=" ".join(words).casefold(),
            )
        )
    return cards


def peek_board(path: Path, now: datetime) -> BoardSnapshot | None:
    """The board of the SQLite file ``path``, read without the storage layer.

    For the first paint at start-up (see :mod:`followup_gui.storage.peek`):
    ``None`` when the file must be opened properly first.
    """
    from followup_gui.storage.peek import board_rows

    rows = board_rows(path, now)
    if rows is None:
        return None
    stages = tuple(StageInfo(*stage) for stage in rows.stages)
    cards = assemble_cards(now, rows.people, rows.last_ended, rows.pending, rows.applications)
    return BoardSnapshot(stages, tuple(cards), (path, rows.stamp))


def still_current(snapshot: BoardSnapshot, db_path: Path | None) -> bool:
    """Whether a peeked snapshot still shows ``db_path``: nothing was committed since.

    The window opens the database right after the peek; when nobody wrote to the
    file meanwhile, loading the board again would read the same rows.
    """
    from followup_gui.storage.peek import unchanged_since

    if snapshot.peeked is None or db_path is None:
        return False
    path, stamp = snapshot.peeked
    return path.resolve() == db_path.resolve() and unchanged_since(path, stamp)
