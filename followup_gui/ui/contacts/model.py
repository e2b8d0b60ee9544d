"""Item models of the contact list: a table of contacts and a search/sort proxy."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cmp_to_key

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from followup_gui.services.contacts.duplicate_index import DuplicateIndex
from followup_gui.services.contacts.editing import (
    ContactData,
    Duplicate,
    DuplicateKeys,
    duplicate_keys,
)

_Index = QModelIndex | QPersistentModelIndex

#: The custom role holding the contact's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Text searched by the filter: every field, not only the visible columns.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def search_text(c: ContactData) -> str:
    """Every field of a contact in one case-folded string (what the search looks at)."""
    parts = [c.full_name, c.preferred_name, c.title, c.company, c.met_how, c.notes]
    return " ".join([*parts, *c.emails, *c.phones]).casefold()


def _first(values: tuple[str, ...]) -> str:
    return values[0] if values else ""


#: The text each column sorts by (name, title, company, email, phone, spelling checked).
_SORT_TEXT: tuple[Callable[[ContactData], str], ...] = (
    lambda c: c.full_name,
    lambda c: c.title,
    lambda c: c.company,
    lambda c: _first(c.emails),
    lambda c: _first(c.phones),
    lambda c: "1" if c.name_confirmed else "0",
)


def _storage_key(c: ContactData) -> tuple[str, int]:
    return (c.full_name, c.id or 0)


def _key_source(c: ContactData) -> tuple[int, str, str, tuple[str, ...], tuple[str, ...]]:
    """What a contact's duplicate-check keys are computed from (id, name, company, lists)."""
    assert c.id is not None
    return (c.id, c.full_name, c.company, c.emails, c.phones)


def _collator() -> QCollator:
    """The user's alphabet, case ignored (as a locale-aware sort would compare)."""
    collator = QCollator(QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


class ContactTableModel(QAbstractTableModel):
    """Every contact, one row each: name, title, company, email, phone, spelling checked."""

    NAME, TITLE, COMPANY, EMAIL, PHONE, CONFIRMED = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactData] = []
        self._search: dict[int | None, str] = {}  # by contact id
        self._keys: list[DuplicateKeys] | None = None
        self._index: DuplicateIndex | None = None
        # The keys of the last load by what they are computed from (id, name,
        # company, emails, phones): a reload after one save recomputes one.
        self._key_cache: dict[tuple[object, ...], DuplicateKeys] = {}
        self._order: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._headers = [
            self.tr("Name"),
            self.tr("Title"),
            self.tr("Company"),
            self.tr("Email"),
            self.tr("Phone"),
            self.tr("Spelling"),
        ]

    def set_contacts(self, contacts: list[ContactData]) -> None:
        """Replace the rows, in the order last asked for (a reset)."""
        self.beginResetModel()
        self._rows = self._sorted(contacts)
        self._search = {c.id: search_text(c) for c in self._rows}
        self._keys = self._index = None
        self.endResetModel()

    # -- sorting: here, one key per row, not the proxy's comparisons through data() --
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (accents and case ignored), keeping the selection."""
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in kept]
        self._rows = self._sorted(self._rows)
        row_of = {c.id: r for r, c in enumerate(self._rows)}
        self.changePersistentIndexList(
            kept, [self.index(row_of[i], k.column()) for k, i in zip(kept, ids, strict=True)]
        )
        self.layoutChanged.emit()

    def _compare(self) -> Callable[[ContactData, ContactData], int] | None:
        """The order asked for as a comparison (ascending); None: the storage's order."""
        column, _order = self._order
        if column < 0:
            return None
        text, compare = _SORT_TEXT[column], _collator().compare

        def by(a: ContactData, b: ContactData) -> int:
            # The column in the user's alphabet, then the name, then the id.
            return (
                compare(text(a), text(b))
                or compare(a.full_name, b.full_name)
                or (a.id or 0) - (b.id or 0)
            )

        return by

    def _sorted(self, contacts: list[ContactData]) -> list[ContactData]:
        by = self._compare()
        if by is None:
            return list(contacts)
        # The storage lists by name: already (nearly) in order, a few comparisons each.
        descending = self._order[1] == Qt.SortOrder.DescendingOrder
        return sorted(contacts, key=cmp_to_key(by), reverse=descending)

    def _position(self, rows: list[ContactData], contact: ContactData) -> int:
        """Where ``contact`` goes among ``rows`` (sorted as asked) so that they stay sorted."""
        by = self._compare()
        if by is None:
            # The storage's order (by name, then id; SQLite compares code points, as here).
            return bisect_left(rows, (contact.full_name, contact.id or 0), key=_storage_key)
        descending = self._order[1] == Qt.SortOrder.DescendingOrder

        def placed(a: ContactData, b: ContactData) -> int:
            # The id decides every tie, so descending is ascending reversed exactly.
            return by(b, a) if descending else by(a, b)

        key = cmp_to_key(placed)
        return bisect_left(rows, key(contact), key=key)

    def put(self, contact: ContactData) -> int:
        """Add or replace (by id) one saved contact, where the current order puts it.

        What a reload would show after one contact was saved, without reading
        every contact again: the row moves to its place (the selection goes with
        it) and its search text and duplicate-check keys are computed again, for
        it alone. Contacts changed elsewhere arrive through a full reload.

        Args:
            contact: the stored values, with their id and version.

        Returns:
            The row the contact is now in.
        """
        old = self.row_of(contact.id) if contact.id is not None else -1
        rest = self._rows[:old] + self._rows[old + 1 :] if old >= 0 else self._rows
        row = self._position(rest, contact)
        self._search[contact.id] = search_text(contact)  # before the proxy filters the row
        self._put_keys(self._rows[old] if old >= 0 else None, contact)
        if old < 0:
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, contact)
            self.endInsertRows()
            return row
        if row != old:
            # Qt counts the destination in the rows before the move.
            below = row + 1 if row > old else row
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), below)
            self._rows.insert(row, self._rows.pop(old))
            self.endMoveRows()
        self._rows[row] = contact
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return row

    def _put_keys(self, old: ContactData | None, new: ContactData) -> None:
        """Replace one contact's duplicate-check keys (kept in id order, as a load builds them)."""
        if self._keys is None or new.id is None:
            return  # built from the rows when first asked for
        what = _key_source(new)
        keys = self._key_cache.get(what) or duplicate_keys(*what)
        if old is not None:
            self._key_cache.pop(_key_source(old), None)
        self._key_cache[what] = keys
        i = bisect_left(self._keys, new.id, key=lambda k: k.id)
        if i < len(self._keys) and self._keys[i].id == new.id:
            self._keys[i] = keys
        else:
            self._keys.insert(i, keys)
        if self._index is not None:
            self._index.put(keys)

    def duplicate_keys(self) -> list[DuplicateKeys]:
        """What the duplicate check compares, for every contact, by id (built once per load)."""
        if self._keys is None:
            cache, self._key_cache = self._key_cache, {}
            for c in sorted(self._rows, key=lambda c: c.id or 0):
                if c.id is not None:
                    what = _key_source(c)
                    keys = cache.get(what) or duplicate_keys(*what)
                    self._key_cache[what] = keys
            self._keys = list(self._key_cache.values())
        return self._keys

    def duplicates_of(self, data: ContactData) -> list[Duplicate]:
        """Listed contacts that may be the same person as ``data`` (see ``DuplicateIndex``)."""
        if self._index is None:
            self._index = DuplicateIndex(self.duplicate_keys())
        return self._index.matches(data)

    def contact_ids(self) -> set[int]:
        """The ids of every contact listed."""
        return {c.id for c in self._rows if c.id is not None}

    def search_text(self, row: int) -> str:
        """What the search looks through in ``row``: every field, case-folded."""
        return self._search[self._rows[row].id]

    def contact(self, row: int) -> ContactData:
        """The contact shown in ``row``."""
        return self._rows[row]

    def row_of(self, contact_id: int) -> int:
        """The row of a contact, or -1."""
        return next((i for i, c in enumerate(self._rows) if c.id == contact_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of contacts (a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the id (``ID_ROLE``) and the searchable text (``SEARCH_ROLE``)."""
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return c.id
        if role == SEARCH_ROLE:
            return self.search_text(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CONFIRMED:
                return self.tr("confirmed") if c.name_confirmed else self.tr("check")
            return (
                c.full_name,
                c.title,
                c.company,
                c.emails[0] if c.emails else "",
                c.phones[0] if c.phones else "",
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.CONFIRMED and not c.name_confirmed:
            return self.tr("The spelling of this name is not confirmed yet (R4).")
        return None


class ContactFilterProxy(QSortFilterProxyModel):
    """Search every field (case and accents as typed); sorting is the source model's.

    A header click sorts :class:`ContactTableModel` itself (one key per row in
    Python) instead of the proxy comparing pairs of rows through ``data()``:
    with thousands of contacts that was most of a reload's time.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Have the source model sort; the proxy keeps its order."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_search(self, text: str) -> None:
        """Show only contacts whose fields contain every word of ``text``."""
        self.beginFilterChange()
        self._needle = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Whether every word typed occurs somewhere in the contact."""
        if not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, ContactTableModel)
        hay = model.search_text(source_row)
        return all(word in hay for word in self._needle.split())
