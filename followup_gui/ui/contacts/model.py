"""Item models of the contact list: a table of contacts and a search/sort proxy."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from followup_gui.services.contacts import ContactData

_Index = QModelIndex | QPersistentModelIndex

#: The custom role holding the contact's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Text searched by the filter: every field, not only the visible columns.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class ContactTableModel(QAbstractTableModel):
    """Every contact, one row each: name, title, company, email, phone, spelling checked."""

    NAME, TITLE, COMPANY, EMAIL, PHONE, CONFIRMED = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactData] = []
        self._headers = [
            self.tr("Name"),
            self.tr("Title"),
            self.tr("Company"),
            self.tr("Email"),
            self.tr("Phone"),
            self.tr("Spelling"),
        ]

    def set_contacts(self, contacts: list[ContactData]) -> None:
        """Replace the rows (a reset: the list is small and reloads are rare)."""
        self.beginResetModel()
        self._rows = list(contacts)
        self.endResetModel()

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
            parts = [c.full_name, c.preferred_name, c.title, c.company, c.met_how, c.notes]
            return " ".join([*parts, *c.emails, *c.phones]).casefold()
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
    """Search every field (case and accents as typed) and sort by any column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

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
        hay = str(model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or "")
        return all(word in hay for word in self._needle.split())
