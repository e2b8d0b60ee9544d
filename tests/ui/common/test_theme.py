"""View > Theme: System, Light, Dark; every control readable in both palettes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QStyle,
    QStyleFactory,
    QStyleOptionButton,
    QStyleOptionToolButton,
    QToolButton,
)

from followup_gui.settings import THEME, Settings
from followup_gui.storage import Database
from followup_gui.ui.common import theme
from followup_gui.ui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def keep_app_palette() -> Iterator[None]:
    palette = QPalette(QApplication.palette())
    yield
    QApplication.setPalette(palette)


def window_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Window)


def test_view_theme_switches_light_and_dark_and_is_remembered(qtbot, db: Database) -> None:
    settings = Settings()
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    actions = window.theme_actions
    assert list(actions) == ["system", "light", "dark"]
    assert actions["system"].isChecked()
    actions["dark"].trigger()
    assert theme.is_dark(QApplication.palette())
    assert settings.get(THEME) == "dark"
    # The terminal columns keep their shade, now lighter than the dark window.
    rejected = window.board.columns["rejected"]
    shade = rejected.palette().color(QPalette.ColorRole.Window)
    assert shade.lightness() > window_colour().lightness()
    actions["light"].trigger()
    assert not theme.is_dark(QApplication.palette())
    assert rejected.palette().color(QPalette.ColorRole.Window).lightness() < (
        window_colour().lightness()
    )
    actions["dark"].trigger()
    again = MainWindow(db, settings)
    qtbot.addWidget(again)
    assert again.theme_actions["dark"].isChecked()
    assert theme.is_dark(QApplication.palette())


def test_system_follows_the_desktop_scheme(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.theme_actions["system"].trigger()
    assert not theme.is_dark(QApplication.palette())
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark(QApplication.palette())
    window.theme_actions["light"].trigger()
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark(QApplication.palette())


def contrast_pixels(image: QImage, background: QColor) -> int:
    """Pixels that stand out from ``background`` (lightness differs by 60 or more)."""
    base = background.lightness()
    return sum(
        abs(image.pixelColor(x, y).lightness() - base) >= 60
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("palette", [theme.light_palette, theme.dark_palette])
def test_an_unticked_check_box_is_visible_in_light_and_dark(qtbot, palette) -> None:
    style = theme.ThemeStyle()
    box = QCheckBox("Plan thank-you cards")
    qtbot.addWidget(box)
    pal = palette()
    box.setPalette(pal)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    option.palette = pal
    option.state |= QStyle.StateFlag.State_Off
    option.rect = style.subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    image.fill(pal.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    painter.translate(-option.rect.topLeft())
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, box)
    painter.end()
    # At least the box's four sides stand out from the window behind it.
    assert contrast_pixels(image, pal.color(QPalette.ColorRole.Window)) >= 4 * (
        option.rect.width() - 4
    )


def test_a_focused_tool_button_shows_its_focus(qtbot) -> None:
    style = theme.ThemeStyle()
    button = QToolButton()
    button.setText("Overdue")
    button.setCheckable(True)
    qtbot.addWidget(button)
    button.resize(button.sizeHint())

    def drawn(focused: bool) -> QImage:
        option = QStyleOptionToolButton()
        button.initStyleOption(option)
        option.palette = theme.light_palette()
        if focused:
            option.state |= QStyle.StateFlag.State_HasFocus
        image = QImage(button.size(), QImage.Format.Format_RGB32)
        image.fill(option.palette.color(QPalette.ColorRole.Window))
        painter = QPainter(image)
        style.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option, painter, button)
        painter.end()
        return image

    highlight = theme.light_palette().color(QPalette.ColorRole.Highlight)
    plain, focused = drawn(False), drawn(True)

    def highlighted(image: QImage) -> int:
        return sum(
            image.pixelColor(x, y) == highlight
            for x in range(image.width())
            for y in range(image.height())
        )

    assert highlighted(focused) > 2 * button.width() > highlighted(plain)


def test_fusion_alone_would_hide_the_dark_check_box() -> None:
    """The reason for ThemeStyle: plain Fusion's outline vanishes on the dark window."""
    fusion = QStyleFactory.create("Fusion")
    pal = theme.dark_palette()
    option = QStyleOptionButton()
    option.palette = pal
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    option.rect = option.rect.__class__(0, 0, 14, 14)
    image = QImage(14, 14, QImage.Format.Format_RGB32)
    image.fill(pal.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    fusion.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter)
    painter.end()
    assert contrast_pixels(image, pal.color(QPalette.ColorRole.Window)) < 4 * 10
