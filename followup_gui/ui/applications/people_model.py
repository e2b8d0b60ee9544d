"""The interviewer picker's model: every contact, checkable, plus people typed in.

With thousands of contacts, one ``QStandardItem`` per contact and interview made
the application dialog take half a second to open (and as long to close). Here
the contacts and their labels are one :class:`PeopleList`, read once per dialog
and shared by every interview's :class:`PeopleChoice`, which keeps only who is
ticked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from followup_gui.services.applications.editing import NewContact, ParticipantInfo

_Index = QModelIndex | QPersistentModelIndex

#: The role holding a person typed in the dialog (a :class:`NewContact`), not stored yet.
NEW_ROLE = Qt.ItemDataRole.UserRole + 1


def person_label(name: str, title: str = "", company: str = "") -> str:
    """How the picker shows a person: "Dana Whitfield — CTO (Acme)"."""
    label = f"{name} — {title}" if title else name
    return f"{label} ({company})" if company else label


@dataclass
class _TypedIn:
    """A person typed in the dialog: not stored yet, ticked until the user unticks them."""

    person: NewContact
    label: str
    ticked: bool = True


@dataclass(frozen=True)
class PeopleList:
    """Every contact as the pickers list them, in the order given (by name)."""

    ids: tuple[int, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, contacts: Iterable[ParticipantInfo]) -> PeopleList:
        """The list of ``contacts`` with their labels."""
        people = list(contacts)
        return cls(
            tuple(c.id for c in people),
            tuple(person_label(c.full_name, c.title, c.company) for c in people),
        )


class PeopleChoice(QAbstractListModel):
    """One interview's picker: the shared contacts, then people typed in; each checkable.

    Args:
        people: every contact (shared with the dialog's other interviews).
        parent: the owner.
    """

    def __init__(self, people: PeopleList, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people = people
        self._checked: set[int] = set()
        self._new: list[_TypedIn] = []

    # -- what the dialog asks -------------------------------------------------
    def set_checked(self, contact_ids: Iterable[int]) -> None:
        """Tick exactly ``contact_ids`` among the contacts."""
        self._checked = set(contact_ids)
        if self._people.ids:
            last = self.index(len(self._people.ids) - 1)
            self.dataChanged.emit(self.index(0), last, [Qt.ItemDataRole.CheckStateRole])

    def checked_ids(self) -> list[int]:
        """The ticked contacts, in list order."""
        checked = self._checked
        return [i for i in self._people.ids if i in checked]

    def checked_labels(self) -> list[str]:
        """How the ticked people are listed: the contacts in list order, then those typed in."""
        checked, people = self._checked, self._people
        known = [label for i, label in zip(people.ids, people.labels, strict=True) if i in checked]
        return known + [t.label for t in self._new if t.ticked]

    def checked_new(self) -> list[NewContact]:
        """The ticked people typed in, in the order they were added."""
        return [t.person for t in self._new if t.ticked]

    def add_contact(self, contact_id: int, label: str) -> None:
        """Tick a contact stored meanwhile (a scanned card), appending it when new here."""
        if contact_id in self._people.ids:
            self.set_checked({*self._checked, contact_id})
            return
        row = len(self._people.ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._people = PeopleList((*self._people.ids, contact_id), (*self._people.labels, label))
        self._checked.add(contact_id)
        self.endInsertRows()

    def add_new(self, person: NewContact) -> None:
        """Append a person typed in, ticked."""
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row)
        self._new.append(_TypedIn(person, person_label(person.full_name, person.title)))
        self.endInsertRows()

    # -- Qt's model interface ---------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Contacts plus people typed in (a flat list)."""
        return 0 if parent.isValid() else len(self._people.ids) + len(self._new)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Every row can be ticked."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The label, the tick, the contact id (``UserRole``) or the new person (``NEW_ROLE``)."""
        if not index.isValid():
            return None
        row, known = index.row(), len(self._people.ids)
        if row < known:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._people.labels[row]
            if role == Qt.ItemDataRole.CheckStateRole:
                return _state(self._people.ids[row] in self._checked)
            if role == Qt.ItemDataRole.UserRole:
                return self._people.ids[row]
            return None
        typed = self._new[row - known]
        if role == Qt.ItemDataRole.DisplayRole:
            return typed.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return _state(typed.ticked)
        if role == NEW_ROLE:
            return typed.person
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Tick or untick a row (the view's check box, or Space)."""
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        on = _is_checked(value)
        row, known = index.row(), len(self._people.ids)
        if row < known:
            contact_id = self._people.ids[row]
            if on:
                self._checked.add(contact_id)
            else:
                self._checked.discard(contact_id)
        else:
            self._new[row - known].ticked = on
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def _state(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


def _is_checked(value: object) -> bool:
    """Whether a check-state value (an enum or its int, as views pass it) means ticked."""
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return isinstance(value, int) and value == Qt.CheckState.Checked.value
