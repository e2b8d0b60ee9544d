"""The timeline canvas: a QGraphicsScene of simple items over a horizontal time axis.

Geometry comes from :mod:`followup_gui.domain.timeline_layout`: the scene is rebuilt
at each zoom step (lanes are packed in pixels, so they never overlap at any zoom)
and scrolled so the instant under the pointer stays put. Rows, top to bottom: the
axis, interviews and the decision date, attempts, then the planned follow-ups.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from followup_gui.domain.timeline_layout import TickUnit, TimeScale, axis_ticks, pack_lanes
from followup_gui.services.followups.timeline import TimelineData, facts_zone
from followup_gui.ui.common.when import (
    clock_text,
    day_text,
    moment_text,
    month_text,
    short_day_text,
    their_time,
    weekday_day_text,
    when_text,
)
from followup_gui.ui.common.why import plain_reason, why_text
from followup_gui.ui.followups.labels import (
    OUTCOME_COLOURS,
    OUTCOME_GLYPHS,
    OVERDUE_COLOUR,
    kind_colour,
    kind_label,
    outcome_label,
)

AXIS_H = 30.0
ROW_H = 26.0
MARK = 18.0  # attempt marker size
MIN_W = 18.0  # narrowest planned window
GAP = 4.0
ID_ROLE = 0  # item data: follow-up id of a planned item
KIND_ROLE = 1  # item data: "planned", "attempt", "interview"


def tick_label(at: datetime, unit: TickUnit, major: bool, today: date) -> str:
    """An axis label in the user's locale: a time, or a day (the day at an hour's major tick)."""
    if unit == TickUnit.HOUR:
        return day_text(at.date(), today) if major else clock_text(at)
    if unit == TickUnit.DAY:
        return weekday_day_text(at.date())
    if unit == TickUnit.WEEK:
        return short_day_text(at.date(), None)  # 48 px apart: no room for a year
    return month_text(at.date())


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class TimelineView(QGraphicsView):
    """Draws one application's history and plan; zoom with the wheel, pan by dragging.

    From the keyboard: Left/Right step through the planned follow-ups in time
    order (the action panel follows), +/- zoom, Home shows now.

    Signals:
        follow_up_clicked(int): a planned follow-up was clicked, or stepped to
            with the keyboard (its id).
    """

    follow_up_clicked = Signal(int)

    def __init__(self, local_tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.local_tz = local_tz
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(160)
        self.data: TimelineData | None = None
        self.now = datetime.now(UTC)
        self.start = self.now
        self.end = self.data_end = self.now
        self.time_scale = TimeScale(self.now, 24.0)
        self.selected_id: int | None = None
        self.planned_items: dict[int, QGraphicsRectItem] = {}
        self._fitted = False

    # -- data and zoom --------------------------------------------------------
    def set_data(self, data: TimelineData, now: datetime) -> None:
        """Show ``data`` as of ``now``, keeping the zoom and the view's position."""
        first = self.data is None
        keep = None if first else self.time_scale.at(self._view_center_x())
        self.data, self.now = data, now
        moments = [now]
        moments += [i.starts_at for i in data.interviews] + [a.at for a in data.attempts]
        moments += [p.due for p in data.planned] + [p.window_end for p in data.planned]
        if data.decision_expected is not None:
            moments.append(
                datetime.combine(data.decision_expected, time(), facts_zone(data.timezone))
            )
        self.start = min(_utc(m) for m in moments) - timedelta(days=3)
        self.end = self.data_end = max(_utc(m) for m in moments) + timedelta(days=5)
        self.time_scale = TimeScale(self.start, self.time_scale.px_per_day)
        self.rebuild()
        self.center_on_time(keep or now)

    def fit(self) -> None:
        """Zoom so everything from the first to the last event fits the view."""
        days = (self.data_end - self.start).total_seconds() / 86_400
        width = max(self.viewport().width() - 10, 100)
        self.time_scale = TimeScale(self.start, 1.0).zoomed(width / max(days, 1.0), 0)[0]
        self.rebuild()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the data the first time the view gets a real size."""
        super().resizeEvent(event)
        if not self._fitted and self.data is not None and self.viewport().width() > 200:
            self._fitted = True
            self.fit()
            self.center_on_time(self.now)

    def _view_center_x(self) -> float:
        return self.mapToScene(self.viewport().rect().center()).x()

    def center_on_time(self, moment: datetime) -> None:
        """Scroll so ``moment`` is in the middle of the view."""
        self.centerOn(QPointF(self.time_scale.x(moment), self.sceneRect().center().y()))

    def zoom(self, factor: float, anchor: float | None = None) -> None:
        """Zoom by ``factor`` around a viewport x (default: the middle)."""
        if anchor is None:
            anchor = self.viewport().width() / 2
        bar = self.horizontalScrollBar()
        scene_x = anchor + bar.value()
        self.time_scale, new_x = self.time_scale.zoomed(factor, scene_x)
        self.rebuild()
        bar.setValue(round(new_x - anchor))

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel zooms around the pointer; shift+wheel (or a sideways wheel) pans."""
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or delta.x():
            super().wheelEvent(event)
            return
        self.zoom(1.25 ** (delta.y() / 120), event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a planned item selects it; anywhere else starts a pan."""
        if event.button() == Qt.MouseButton.LeftButton:
            item: QGraphicsItem | None = self.itemAt(event.position().toPoint())
            while item is not None and item.data(KIND_ROLE) != "planned":
                item = item.parentItem()
            if item is not None:
                self.select(int(item.data(ID_ROLE)))
                self.follow_up_clicked.emit(int(item.data(ID_ROLE)))
                event.accept()
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows step through the plan, +/- zoom, Home shows now."""
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            forward = key in (Qt.Key.Key_Right, Qt.Key.Key_Down)
            if self.step(1 if forward else -1):
                event.accept()
                return
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key == Qt.Key.Key_Home:
            self.center_on_time(self.now)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step(self, direction: int) -> bool:
        """Select the next (1) or previous (-1) planned follow-up in time order.

        With nothing selected, forward takes the first one (the most urgent: all
        of them are pending) and backward the last. The item is scrolled into
        view and announced like a click. Returns whether something was selected.
        """
        order = self.planned_order()
        if not order:
            return False
        if self.selected_id in order:
            i = order.index(self.selected_id) + direction
            if not 0 <= i < len(order):
                return False  # already at the first or last one
        else:
            i = 0 if direction > 0 else len(order) - 1
        chosen = order[i]
        self.select(chosen)
        self.ensureVisible(self.planned_items[chosen], 40, 20)
        self.follow_up_clicked.emit(chosen)
        return True

    def planned_order(self) -> list[int]:
        """The planned follow-ups' ids by due time (the keyboard's order)."""
        if self.data is None:
            return []
        return [p.id for p in sorted(self.data.planned, key=lambda p: (_utc(p.due), p.id))]

    def select(self, follow_up_id: int | None) -> None:
        """Outline one planned item as the one the action panel shows."""
        self.selected_id = follow_up_id
        for fid, item in self.planned_items.items():
            pen = item.pen()
            pen.setWidthF(3.0 if fid == follow_up_id else item.data(2))
            item.setPen(pen)
        chosen = self.planned_items.get(follow_up_id) if follow_up_id is not None else None
        # Screen readers hear what the outline shows.
        self.setAccessibleDescription(chosen.toolTip() if chosen is not None else "")

    # -- drawing --------------------------------------------------------------
    def _today(self) -> date:
        return self.now.astimezone(self.local_tz).date()

    def _moment(self, moment: datetime) -> str:
        """A past or future instant: the user's date and time, the employer's beside."""
        return moment_text(moment, self.now, self.local_tz) + their_time(moment, self.local_tz)

    def rebuild(self) -> None:
        """Redraw every item at the current scale (hundreds take a few ms)."""
        scene = self.scene()
        scene.clear()
        self.planned_items = {}
        if self.data is None:
            return
        # The axis fills the view even when the data is short.
        self.end = max(
            self.end, self.time_scale.at(self.time_scale.x(self.start) + self.viewport().width())
        )
        width = self.time_scale.x(self.end)
        y = AXIS_H + 6
        y = self._draw_interviews(y)
        y = self._draw_attempts(y + 6)
        y = self._draw_planned(y + 10)
        height = max(y + 10, self.viewport().height() - 20)
        self._draw_axis(width, height)
        self._draw_line(self.now, height, QColor("#d93025"), self.tr("now"), Qt.PenStyle.SolidLine)
        scene.setSceneRect(QRectF(0, 0, width, height))
        self.select(self.selected_id)

    def _text(self, text: str, parent: QGraphicsItem | None = None) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text, parent)
        if parent is None:
            self.scene().addItem(item)
        return item

    def _draw_axis(self, width: float, height: float) -> None:
        scene = self.scene()
        palette = self.palette()
        fg = palette.text().color()
        faint = QColor(fg)
        faint.setAlpha(40)
        scene.addRect(QRectF(0, 0, width, AXIS_H), QPen(Qt.PenStyle.NoPen), palette.base())
        unit, ticks = axis_ticks(self.start, self.end, self.time_scale.px_per_day, self.local_tz)
        today = self.now.astimezone(self.local_tz).date()
        for tick in ticks:
            x = self.time_scale.x(tick.at)
            line = scene.addLine(x, AXIS_H, x, height, QPen(faint, 2 if tick.major else 1))
            line.setZValue(-10)
            label = self._text(tick_label(tick.at, unit, tick.major, today))
            font = QFont(label.font())
            font.setBold(tick.major)
            label.setFont(font)
            label.setBrush(fg)
            label.setPos(x + 3, 6)
        scene.addLine(0, AXIS_H, width, AXIS_H, QPen(fg, 1))

    def _draw_line(
        self, moment: datetime, height: float, colour: QColor, label: str, style: Qt.PenStyle
    ) -> None:
        x = self.time_scale.x(moment)
        pen = QPen(colour, 2, style)
        line = self.scene().addLine(x, AXIS_H, x, height, pen)
        line.setZValue(5)
        text = self._text(label)
        text.setBrush(colour)
        text.setPos(x + 3, AXIS_H + 1)
        text.setZValue(6)

    def _draw_interviews(self, y: float) -> float:
        assert self.data is not None
        tz = facts_zone(self.data.timezone)
        if self.data.decision_expected is not None:
            day = self.data.decision_expected
            start = datetime.combine(day, time(), tz)
            end = datetime.combine(day + timedelta(days=1), time(), tz)
            x0, x1 = self.time_scale.x(start), self.time_scale.x(end)
            band = self.scene().addRect(
                QRectF(x0, AXIS_H, max(x1 - x0, 2), 4000),
                QPen(Qt.PenStyle.NoPen),
                QBrush(QColor(212, 160, 23, 45)),
            )
            band.setZValue(-20)
            band.setToolTip(
                self.tr("The employer expects to decide on {day}.").format(
                    day=day_text(day, self._today())
                )
                + f"\n\n{why_text(('R3',))}"
            )
            self._draw_line(
                start, 4000, QColor("#b8860b"), self.tr("decision"), Qt.PenStyle.DashLine
            )
        for iv in self.data.interviews:
            x0, x1 = self.time_scale.x(iv.starts_at), self.time_scale.x(iv.ends_at)
            rect = QGraphicsRectItem(QRectF(x0, y, max(x1 - x0, 8), ROW_H - 4))
            rect.setBrush(QColor("#5f6b7a"))
            rect.setPen(QPen(Qt.PenStyle.NoPen))
            rect.setData(KIND_ROLE, "interview")
            rect.setToolTip(
                self.tr("Interview ({fmt}) {when}\nwith {people}").format(
                    fmt=iv.format,
                    when=self._moment(iv.starts_at.astimezone(tz)),
                    people=", ".join(iv.people) or self.tr("(nobody recorded)"),
                )
            )
            self.scene().addItem(rect)
            label = self._text(self.tr("Interview"))
            label.setPos(x0 + max(x1 - x0, 8) + 3, y + 2)
            label.setBrush(self.palette().text())
        return y + ROW_H

    def _draw_attempts(self, y: float) -> float:
        assert self.data is not None
        xs = [self.time_scale.x(a.at) for a in self.data.attempts]
        lanes = pack_lanes([(x - MARK / 2, x + MARK / 2) for x in xs], GAP)
        tz = facts_zone(self.data.timezone)
        font = QFont(self.font())
        font.setPixelSize(12)
        for attempt, x, lane in zip(self.data.attempts, xs, lanes, strict=True):
            top = y + lane * (MARK + GAP)
            dot = self.scene().addEllipse(
                QRectF(x - MARK / 2, top, MARK, MARK),
                QPen(QColor("white"), 1),
                QColor(OUTCOME_COLOURS.get(attempt.outcome, "#777777")),
            )
            dot.setData(KIND_ROLE, "attempt")
            dot.setToolTip(
                self.tr("{kind}: {outcome}\n{when}{who}{notes}").format(
                    kind=kind_label(attempt.kind),
                    outcome=outcome_label(attempt.outcome),
                    when=self._moment(attempt.at.astimezone(tz)),
                    who=f"\n{attempt.contact}" if attempt.contact else "",
                    notes=f"\n{attempt.notes}" if attempt.notes else "",
                )
            )
            glyph = QGraphicsSimpleTextItem(OUTCOME_GLYPHS.get(attempt.outcome, "•"), dot)
            glyph.setFont(font)
            glyph.setBrush(QColor("white"))
            box = glyph.boundingRect()
            glyph.setPos(x - box.width() / 2, top + (MARK - box.height()) / 2)
        return y + (max(lanes, default=-1) + 1) * (MARK + GAP)

    def _draw_planned(self, y: float) -> float:
        assert self.data is not None
        tz = facts_zone(self.data.timezone)
        planned = sorted(self.data.planned, key=lambda p: (_utc(p.due), p.id))
        metrics = QFontMetricsF(self.font())
        boxes, spans, texts = [], [], []
        for p in planned:
            x0 = self.time_scale.x(p.due)
            x1 = max(self.time_scale.x(p.window_end), x0 + MIN_W)
            who = f" – {p.contact}" if p.contact else ""
            text = ("⚠ " if p.overdue else "") + kind_label(p.kind) + who
            boxes.append((x0, x1))
            texts.append(text)
            # The label sits after the window, so it takes part in the packing too.
            spans.append((x0, x1 + 4 + metrics.horizontalAdvance(text)))
        lanes = pack_lanes(spans, GAP)
        for p, (x0, x1), text, lane in zip(planned, boxes, texts, lanes, strict=True):
            colour = kind_colour(p.kind)
            fill = QColor(colour)
            fill.setAlpha(150)
            rect = QGraphicsRectItem(QRectF(x0, y + lane * ROW_H, x1 - x0, ROW_H - 4))
            rect.setBrush(fill)
            width = 2.5 if p.overdue else 1.0
            rect.setPen(QPen(OVERDUE_COLOUR if p.overdue else colour.darker(140), width))
            rect.setData(ID_ROLE, p.id)
            rect.setData(KIND_ROLE, "planned")
            rect.setData(2, width)
            rect.setCursor(Qt.CursorShape.PointingHandCursor)
            who = f" – {p.contact}" if p.contact else ""
            rules = why_text(p.rules)
            rect.setToolTip(
                self.tr("{kind}{who}\n{when}\n{reason}").format(
                    kind=kind_label(p.kind),
                    who=who,
                    # As the cards, the agenda and the panel say it.
                    when=when_text(p.due.astimezone(tz), self.now, p.window_end, self.local_tz),
                    reason=plain_reason(p.reason),
                )
                + (f"\n\n{rules}" if rules else "")
            )
            rect.setZValue(7)  # above the "now" and decision lines
            self.scene().addItem(rect)
            label = QGraphicsSimpleTextItem(text, rect)
            label.setBrush(OVERDUE_COLOUR if p.overdue else self.palette().text().color())
            label.setPos(x1 + 4, y + lane * ROW_H + 3)
            self.planned_items[p.id] = rect
        return y + (max(lanes, default=-1) + 1) * ROW_H
