"""The business-card editor: a front (name, title, company, how to reach them) and a back.

Every checked field validates as the user types and shows the reason next to it;
phone numbers are shown in international format once the field is left. The
editor only holds values: saving is the panel's job (through the services).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.validation import Check, check_email, check_phone, check_url
from followup_gui.services.contacts.editing import ContactData

Checker = Callable[[str], Check]


def error_color(widget: QWidget) -> str:
    """A red that reads on light and on dark palettes."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return "#ff8a80" if dark else "#b3261e"


class CheckedField(QWidget):
    """A line edit with its check; the reason shows under it while the value is malformed.

    Signals:
        changed: the text changed (validity may have changed too).
    """

    changed = Signal()

    def __init__(self, check: Checker, placeholder: str, accessible: str) -> None:
        super().__init__()
        self._check = check
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(accessible)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("{field}: problem").format(field=accessible))
        self.message.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(self.edit)
        lay.addWidget(self.message)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self._normalise)

    def result(self) -> Check:
        """The check of the current text."""
        return self._check(self.edit.text())

    @property
    def error(self) -> str:
        """Why the value is malformed; empty when it is fine."""
        return self.result().error

    def text(self) -> str:
        """The text as typed."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Show ``text`` (and its check)."""
        self.edit.setText(text)
        self._on_text()

    def _on_text(self) -> None:
        result = self.result()
        if result.error:
            self.message.setText("⚠ " + result.error)
            self.message.setStyleSheet(f"color: {error_color(self)};")
            self.message.setEnabled(True)  # (a "will be saved as" hint greyed it)
            self.message.show()
        elif result.value and result.value != self.edit.text().strip():
            self.message.setText(self.tr("will be saved as {v}").format(v=result.value))
            self.message.setStyleSheet("")
            self.message.setEnabled(False)
            self.message.show()
        else:
            self.message.hide()
        self.changed.emit()

    def _normalise(self) -> None:
        result = self.result()
        if result.ok and result.value and result.value != self.edit.text():
            self.edit.setText(result.value)


class MultiField(QWidget):
    """Several values of one kind (emails, phones), one checked line each, plus "Add".

    Signals:
        changed: a value was typed, added or removed.
    """

    changed = Signal()

    def __init__(self, check: Checker, placeholder: str, accessible: str, add_text: str) -> None:
        super().__init__()
        self._check, self._placeholder, self._accessible = check, placeholder, accessible
        self.fields: list[CheckedField] = []
        self._rows = QVBoxLayout()
        self._rows.setSpacing(2)
        self.add_button = QPushButton(add_text)
        self.add_button.setFlat(True)
        self.add_button.clicked.connect(lambda: self.add_value("", focus=True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._rows)
        lay.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_value(self, text: str, *, focus: bool = False) -> CheckedField:
        """Add a line holding ``text``."""
        n = len(self.fields) + 1
        name = f"{self._accessible} {n}"
        field = CheckedField(self._check, self._placeholder, name)
        field.set_text(text)
        field.changed.connect(self.changed)
        self.fields.append(field)
        self._rows.addWidget(field)
        if focus:
            field.edit.setFocus()
            self.changed.emit()
        return field

    def set_values(self, values: tuple[str, ...]) -> None:
        """Show ``values`` (and one empty line when there are none)."""
        for field in self.fields:
            self._rows.removeWidget(field)
            field.deleteLater()
        self.fields = []
        for v in values or ("",):
            self.add_value(v)

    def values(self) -> tuple[str, ...]:
        """The non-empty values, normalised when valid."""
        out = []
        for field in self.fields:
            r = field.result()
            if r.value:
                out.append(r.value)
        return tuple(out)

    def errors(self) -> list[str]:
        """The reasons of every malformed value."""
        return [f"{f.text().strip()!r} {f.error}" for f in self.fields if f.error]


#: How a field read from a card with low confidence is marked until it is edited.
UNSURE_STYLE = "background: rgba(255, 193, 7, 0.28);"


class BusinessCardEditor(QFrame):
    """A contact as a business card: front and back pages.

    Photos of a card dropped on it are handed on to be scanned.

    Signals:
        edited: a value changed (the panel enables Save and re-checks duplicates).
        card_image_requested: the user wants to choose a photo of the card.
        photos_dropped(list): picture files were dropped on the card (front, back).
    """

    edited = Signal()
    card_image_requested = Signal()
    photos_dropped = Signal(list)

    def __init__(self, region: str | None = None) -> None:
        super().__init__()
        self.setObjectName("businessCard")
        self.setAccessibleName(self.tr("Business card"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#businessCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 10px; }"
            " #businessCard QLineEdit, #businessCard QPlainTextEdit {"
            " background: transparent; border: none;"
            " border-bottom: 1px solid palette(midlight); padding: 2px; }"
        )
        self._loaded = ContactData()
        self._baseline = ContactData()
        self._card_image = ""
        self.pages = QStackedWidget()
        self.pages.addWidget(self._make_front(region))
        self.pages.addWidget(self._make_back())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 18, 24, 18)
        lay.addWidget(self.pages)
        self.setAcceptDrops(True)

    # -- construction ------------------------------------------------------------
    def _line(self, placeholder: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(accessible)
        edit.textChanged.connect(self.edited)
        return edit

    def _text(self, placeholder: str, accessible: str, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(accessible)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        edit.textChanged.connect(self.edited)
        return edit

    def _make_front(self, region: str | None) -> QWidget:
        page = QWidget()
        self.full_name = self._line(self.tr("Full name, spelled right"), self.tr("Full name"))
        big = QFont(self.full_name.font())
        big.setPointSizeF(big.pointSizeF() * 1.7)
        big.setBold(True)
        self.full_name.setFont(big)
        self.name_confirmed = QCheckBox(self.tr("Name spelling confirmed"))
        self.name_confirmed.setToolTip(self.tr("Tick once you checked the spelling (R4)."))
        self.name_confirmed.toggled.connect(self.edited)
        self.title = self._line(self.tr("Title"), self.tr("Title"))
        italic = QFont(self.title.font())
        italic.setItalic(True)
        self.title.setFont(italic)
        self.company = self._line(self.tr("Company"), self.tr("Company"))
        bold = QFont(self.company.font())
        bold.setBold(True)
        self.company.setFont(bold)
        self.phones = MultiField(
            partial(check_phone, region=region),
            self.tr("+1 212 555 0100"),
            self.tr("Phone"),
            self.tr("+ Add phone"),
        )
        self.emails = MultiField(
            check_email, self.tr("name@company.com"), self.tr("Email"), self.tr("+ Add email")
        )
        for multi in (self.phones, self.emails):
            multi.changed.connect(self.edited)
        self.postal_address = self._text(self.tr("Street, city, country"), self.tr("Address"), 2)
        self.website = CheckedField(check_url, self.tr("company.com"), self.tr("Website"))
        self.linkedin = CheckedField(
            partial(check_url, linkedin=True),
            self.tr("linkedin.com/in/…"),
            self.tr("LinkedIn"),
        )
        for single in (self.website, self.linkedin):
            single.changed.connect(self.edited)
        top = QVBoxLayout(page)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.full_name)
        top.addWidget(self.name_confirmed)
        top.addWidget(self.title)
        top.addWidget(self.company)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setStyleSheet("color: palette(mid);")
        top.addWidget(rule)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Phone"), self.phones)
        form.addRow(self.tr("Email"), self.emails)
        form.addRow(self.tr("Address"), self.postal_address)
        form.addRow(self.tr("Website"), self.website)
        form.addRow(self.tr("LinkedIn"), self.linkedin)
        top.addLayout(form)
        top.addStretch(1)
        return page

    def _make_back(self) -> QWidget:
        page = QWidget()
        self.pronunciation = self._line(self.tr("e.g. YUR-gen MUE-ler"), self.tr("Pronunciation"))
        self.preferred_name = self._line(
            self.tr("What they like to be called"), self.tr("Preferred name")
        )
        self.met_how = self._text(
            self.tr("Where and how you met, what you talked about"), self.tr("How we met")
        )
        self.notes = self._text(self.tr("Anything else worth remembering"), self.tr("Notes"), 4)
        self.card_thumb = QLabel(self.tr("No photo of the card"))
        self.card_thumb.setAccessibleName(self.tr("Photo of the business card"))
        self.card_thumb.setFixedSize(176, 104)
        self.card_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_thumb.setFrameShape(QFrame.Shape.Box)
        choose = QPushButton(self.tr("Choose photo…"))
        choose.clicked.connect(self.card_image_requested)
        remove = QPushButton(self.tr("Remove photo"))
        remove.clicked.connect(lambda: self.set_card_image(""))
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.card_thumb, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        photo_row.addLayout(buttons)
        photo_row.addStretch(1)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Pronunciation"), self.pronunciation)
        form.addRow(self.tr("Preferred name"), self.preferred_name)
        form.addRow(self.tr("How we met"), self.met_how)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.tr("Card photo"), photo_row)
        return page

    # -- scanned cards -------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept picture files (a card's photo to scan)."""
        from followup_gui.ui.contacts.scanning import image_paths

        if image_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped photos on (see ``photos_dropped``)."""
        from followup_gui.ui.contacts.scanning import image_paths

        paths = image_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.photos_dropped.emit(paths)

    def _unsure_widgets(self, name: str) -> list[QWidget]:
        single: dict[str, QWidget] = {
            "name": self.full_name,
            "title": self.title,
            "company": self.company,
            "website": self.website.edit,
            "linkedin": self.linkedin.edit,
            "address": self.postal_address,
        }
        if name in single:
            return [single[name]]
        multi = {"emails": self.emails, "phones": self.phones}.get(name)
        return [f.edit for f in multi.fields] if multi else []

    def mark_unsure(self, names: tuple[str, ...] | list[str]) -> None:
        """Highlight the fields read with low confidence, until the user edits each."""
        tip = self.tr("Read from the card photo with low confidence: please check it.")
        for name in names:
            for widget in self._unsure_widgets(name):
                widget.setStyleSheet(UNSURE_STYLE)
                widget.setToolTip(tip)
                widget.setProperty("unsure", True)
                signal = widget.textChanged  # type: ignore[attr-defined]
                signal.connect(partial(self._checked, widget))

    def _checked(self, widget: QWidget, *_text: object) -> None:
        if widget.property("unsure"):
            widget.setProperty("unsure", False)
            widget.setStyleSheet("")
            widget.setToolTip("")

    def unsure_fields(self) -> list[QWidget]:
        """The widgets still highlighted as unsure."""
        return [w for w in self.findChildren(QWidget) if w.property("unsure")]

    def set_draft(self, data: ContactData, unsure: tuple[str, ...] | list[str] = ()) -> None:
        """Show a new, unsaved contact (a scanned card): every value counts as an edit."""
        self.set_contact(data)
        self._baseline = ContactData()
        self.mark_unsure(unsure)
        self.edited.emit()

    def show_edits(self, data: ContactData, unsure: tuple[str, ...] | list[str] = ()) -> None:
        """Show ``data`` as unsaved edits of the contact shown (a card merged into it)."""
        loaded, baseline = self._loaded, self._baseline
        self.set_contact(replace(data, id=loaded.id, version=loaded.version))
        self._loaded, self._baseline = loaded, baseline
        self.mark_unsure(unsure)
        self.edited.emit()

    # -- values ------------------------------------------------------------------
    def flip(self) -> None:
        """Turn the card over."""
        self.pages.setCurrentIndex(1 - self.pages.currentIndex())

    def showing_front(self) -> bool:
        """Whether the front is shown."""
        return self.pages.currentIndex() == 0

    def set_card_image(self, path: str) -> None:
        """Show the card photo at ``path`` (empty: none)."""
        self._card_image = path
        pixmap = QPixmap(path) if path and Path(path).is_file() else QPixmap()
        if pixmap.isNull():
            self.card_thumb.setPixmap(QPixmap())
            self.card_thumb.setText(self.tr("No photo of the card"))
        else:
            self.card_thumb.setPixmap(
                pixmap.scaled(
                    self.card_thumb.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.edited.emit()

    def set_contact(self, data: ContactData) -> None:
        """Show ``data`` (its id and version are kept for saving)."""
        self.blockSignals(True)
        for widget in self.unsure_fields():
            self._checked(widget)
        self._loaded = data
        self.full_name.setText(data.full_name)
        self.name_confirmed.setChecked(data.name_confirmed)
        self.title.setText(data.title)
        self.company.setText(data.company)
        self.phones.set_values(data.phones)
        self.emails.set_values(data.emails)
        self.postal_address.setPlainText(data.postal_address)
        self.website.set_text(data.website)
        self.linkedin.set_text(data.linkedin)
        self.pronunciation.setText(data.pronunciation)
        self.preferred_name.setText(data.preferred_name)
        self.met_how.setPlainText(data.met_how)
        self.notes.setPlainText(data.notes)
        self.set_card_image(data.card_image)
        # Compare later edits with what the card shows now (stored phones may be
        # written differently from the normalised form: that is not an edit).
        self._baseline = self.values()
        self.blockSignals(False)

    def values(self) -> ContactData:
        """The values shown, normalised where valid, with the loaded id and version."""
        return replace(
            self._loaded,
            full_name=self.full_name.text().strip(),
            name_confirmed=self.name_confirmed.isChecked(),
            title=self.title.text().strip(),
            company=self.company.text().strip(),
            phones=self.phones.values(),
            emails=self.emails.values(),
            postal_address=self.postal_address.toPlainText().strip(),
            website=self.website.result().value,
            linkedin=self.linkedin.result().value,
            pronunciation=self.pronunciation.text().strip(),
            preferred_name=self.preferred_name.text().strip(),
            met_how=self.met_how.toPlainText().strip(),
            notes=self.notes.toPlainText().strip(),
            card_image=self._card_image,
        )

    def problems(self) -> list[str]:
        """Every malformed value with its reason; empty when the card may be saved."""
        out = []
        if not self.full_name.text().strip():
            out.append(self.tr("The name is missing."))
        out += [self.tr("Phone {e}").format(e=e) for e in self.phones.errors()]
        out += [self.tr("Email {e}").format(e=e) for e in self.emails.errors()]
        for label, field in (
            (self.tr("Website"), self.website),
            (self.tr("LinkedIn"), self.linkedin),
        ):
            if field.error:
                out.append(f"{label} {field.text().strip()!r} {field.error}")
        return out

    def is_modified(self) -> bool:
        """Whether the values differ from those loaded."""
        return self.values() != self._baseline
