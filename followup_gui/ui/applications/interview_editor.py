"""Form parts: a searchable time-zone box and an interview editor with interviewers.

Interviewers are picked from existing contacts (a checkable, filterable list,
``ui/board/people_model.py``) or created on the spot (name and title); new people
are stored when the form is saved. Enter in the new-person fields adds the person
and Enter in the search ticks the person found: a sub-form's Enter acts on the
sub-form, never on the window's Save button.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.timezones import all_timezones, is_valid_timezone, local_timezone_name
from followup_gui.services.applications.editing import InterviewDraft, NewContact
from followup_gui.ui.applications.people_model import PeopleChoice, PeopleList
from followup_gui.ui.common.when import date_time_edit_format


class TimeZoneBox(QComboBox):
    """An editable combo box of IANA zone names; typing filters ("berl" finds Berlin)."""

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(all_timezones())
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setAccessibleName(self.tr("Employer time zone"))
        self.set_zone(current or local_timezone_name())

    def set_zone(self, name: str) -> None:
        """Show ``name``."""
        self.setCurrentText(name)

    def zone(self) -> str:
        """The typed name (validated by the service)."""
        return self.currentText().strip()

    def is_valid(self) -> bool:
        """Whether the text is a known zone."""
        return is_valid_timezone(self.zone())


def to_qdatetime(value: datetime, tz: str) -> QDateTime:
    """``value`` shown as wall time in zone ``tz``.

    The edit holds the wall time with a UTC spec, so the user's own zone (its
    DST gaps) never shifts what they typed; :func:`from_qdatetime` reads it in ``tz``.
    """
    local = value.astimezone(ZoneInfo(tz))
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute),
        QTimeZone.utc(),
    )


def from_qdatetime(value: QDateTime, tz: str) -> datetime:
    """Wall time from an edit, read in zone ``tz`` (aware, UTC)."""
    d, t = value.date(), value.time()
    local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InterviewEditor(QWidget):
    """When, how long, which format, and who took part in one interview.

    Signals:
        edited: something in the interview was changed (by the user or by loading).
        scan_requested: the user wants to add a person from a business card's photo.
    """

    edited = Signal()
    scan_requested = Signal()

    def __init__(self, people: PeopleList, tz: str, now: datetime) -> None:
        super().__init__()
        self.interview_id: int | None = None
        self.tz = tz
        start = (now + timedelta(days=1)).astimezone(ZoneInfo(tz))
        start = start.replace(hour=10, minute=0, second=0, microsecond=0)
        self.starts = QDateTimeEdit(to_qdatetime(start, tz))
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat(date_time_edit_format())
        self.starts.setAccessibleName(self.tr("Interview date and time"))
        self.length = QSpinBox()
        self.length.setRange(5, 600)
        self.length.setSingleStep(15)
        self.length.setValue(60)
        self.length.setSuffix(self.tr(" min"))
        self.length.setAccessibleName(self.tr("Interview length in minutes"))
        self.format = QComboBox()
        for value, label in (
            ("video", self.tr("Video")),
            ("phone", self.tr("Phone")),
            ("onsite", self.tr("On site")),
        ):
            self.format.addItem(label, value)
        self.format.setAccessibleName(self.tr("Interview format"))

        self.people = PeopleChoice(people, self)
        proxy = QSortFilterProxyModel(self)
        self.proxy = proxy
        proxy.setSourceModel(self.people)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a person…"))
        self.search.setAccessibleName(self.tr("Find an interviewer"))
        self.search.textChanged.connect(proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(proxy)
        # One line each: the view need not measure thousands of rows to lay them out.
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName(self.tr("Interviewers"))
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        # With thousands of contacts the ticked ones are rarely in view: name them.
        self.ticked = QLabel()
        self.ticked.setWordWrap(True)
        self.ticked.setAccessibleName(self.tr("Who took part"))
        self.people.dataChanged.connect(self._show_ticked)
        self.people.rowsInserted.connect(self._show_ticked)
        self._show_ticked()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("New person's full name"))
        self.new_name.setAccessibleName(self.tr("New interviewer's name"))
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("Title"))
        self.new_title.setAccessibleName(self.tr("New interviewer's title"))
        add = QPushButton(self.tr("Add person"))
        add.setAccessibleName(self.tr("Add the new interviewer"))
        add.clicked.connect(self.add_new_person)
        self.scan_button = QPushButton(self.tr("Scan card…"))
        self.scan_button.setToolTip(self.tr("Add a person from a photo of their business card"))
        self.scan_button.clicked.connect(self.scan_requested)
        # A line edit passes Enter on to the dialog (its Save button): these keep it.
        for field in (self.new_name, self.new_title, self.search):
            field.installEventFilter(self)
        self.starts.dateTimeChanged.connect(self.edited)
        self.length.valueChanged.connect(self.edited)
        self.format.currentIndexChanged.connect(self.edited)
        self.people.dataChanged.connect(self.edited)
        self.people.rowsInserted.connect(self.edited)

        when = QHBoxLayout()
        when.addWidget(self.starts, 2)
        when.addWidget(self.length, 1)
        when.addWidget(self.format, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_name, 2)
        new_row.addWidget(self.new_title, 1)
        new_row.addWidget(add)
        new_row.addWidget(self.scan_button)
        people_box = QVBoxLayout()
        people_box.addWidget(self.search)
        people_box.addWidget(self.list)
        people_box.addWidget(self.ticked)
        people_box.addLayout(new_row)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        # Rows holding a layout need an explicit buddy, or "&" shows up literally.
        when_label = QLabel(self.tr("&When:"))
        when_label.setBuddy(self.starts)
        people_label = QLabel(self.tr("&Interviewers:"))
        people_label.setBuddy(self.search)
        form.addRow(when_label, when)
        form.addRow(people_label, people_box)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new-person fields adds the person; in the search, ticks the match."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            if watched is self.search:
                self.tick_found()
            else:
                self.add_new_person()
            return True  # never the dialog's default button
        return super().eventFilter(watched, event)

    def add_new_person(self) -> None:
        """Add the typed person to the list, checked (stored when the form is saved).

        The focus goes back to the name field, ready for the next person.
        """
        name = " ".join(self.new_name.text().split())
        if not name:
            return
        self.people.add_new(NewContact(name, self.new_title.text().strip()))
        self.new_name.clear()
        self.new_title.clear()
        self.new_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def tick_found(self) -> None:
        """Tick the person the search found (the current row, else the first one shown)."""
        index = self.list.currentIndex()
        if not index.isValid():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
            self.search.selectAll()

    def _show_ticked(self) -> None:
        names = self.people.checked_labels()
        self.ticked.setText(
            self.tr("In this interview: {names}").format(names="; ".join(names))
            if names
            else self.tr("Nobody ticked yet: tick who is in it, or add a new person.")
        )

    def set_timezone(self, tz: str) -> None:
        """Keep the wall time, read it in another zone from now on."""
        if is_valid_timezone(tz):
            self.tz = tz

    def load(self, draft: InterviewDraft) -> None:
        """Show a stored interview."""
        self.interview_id = draft.id
        self.starts.setDateTime(to_qdatetime(draft.starts_at, self.tz))
        self.length.setValue(max(5, int((draft.ends_at - draft.starts_at).total_seconds() // 60)))
        self.format.setCurrentIndex(max(0, self.format.findData(draft.format)))
        self.people.set_checked(draft.contact_ids)

    def draft(self) -> InterviewDraft:
        """The interview as entered."""
        starts = from_qdatetime(self.starts.dateTime(), self.tz)
        return InterviewDraft(
            starts_at=starts,
            ends_at=starts + timedelta(minutes=self.length.value()),
            format=str(self.format.currentData()),
            contact_ids=tuple(self.people.checked_ids()),
            new_contacts=tuple(self.people.checked_new()),
            id=self.interview_id,
        )
