"""Small QPainter charts that read at a glance, in the widget's palette (light or dark).

Each chart holds plain numbers (set by the Insights view) and paints them; its
accessible description carries the same numbers as text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget


def accent(widget: QWidget) -> QColor:
    """The palette's highlight colour (the chart's main colour)."""
    return widget.palette().color(QPalette.ColorRole.Highlight)


def warm(widget: QWidget) -> QColor:
    """A second colour that reads against both light and dark windows (late, warnings)."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ffb74d") if dark else QColor("#e65100")


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: label, length (0..max), and the text written after it."""

    label: str
    value: float
    text: str


class Chart(QWidget):
    """Base: a title, an empty-state message, palette-aware text."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = ""
        self.setAccessibleName(title)
        self.setMinimumSize(260, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        """Room for a title and a handful of rows."""
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("M") * 34, fm.lineSpacing() * 11)

    def text_color(self, muted: bool = False) -> QColor:
        """Window text, or a softer version of it."""
        color = self.palette().color(QPalette.ColorRole.WindowText)
        if muted:
            color.setAlphaF(0.65)
        return color

    def paint_frame(self, p: QPainter) -> QRectF:
        """Paint the title; return the area left for the chart."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(self.text_color())
        line = self.fontMetrics().lineSpacing()
        p.drawText(QRectF(6, 2, self.width() - 12, line * 1.4), self.title)
        p.setFont(self.font())
        return self.chart_area()

    def chart_area(self) -> QRectF:
        """The area under the title left for the chart."""
        line = self.fontMetrics().lineSpacing()
        return QRectF(6, line * 1.6, self.width() - 12, self.height() - line * 1.6 - 4)

    def paint_empty(self, p: QPainter, area: QRectF) -> None:
        """The message shown when there is nothing to draw yet."""
        p.setPen(self.text_color(muted=True))
        p.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)


class BarChart(Chart):
    """Horizontal bars: one row per label, value written after the bar."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[Bar] = []
        self.maximum = 1.0

    def set_bars(self, bars: list[Bar], maximum: float | None = None) -> None:
        """Show these bars (``maximum`` defaults to the largest value)."""
        self.bars = bars
        self.maximum = maximum or max((b.value for b in bars), default=1.0) or 1.0
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in bars))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the rows."""
        p = QPainter(self)
        area = self.paint_frame(p)
        if not self.bars or all(b.value == 0 for b in self.bars):
            self.paint_empty(p, area)
            return
        fm = self.fontMetrics()
        label_w = min(
            max(fm.horizontalAdvance(b.label) for b in self.bars) + 10, area.width() / 2.5
        )
        text_w = max(fm.horizontalAdvance(b.text) for b in self.bars) + 8
        row_h = min(area.height() / len(self.bars), fm.lineSpacing() * 2.2)
        bar_w = max(area.width() - label_w - text_w, 10)
        for i, bar in enumerate(self.bars):
            top = area.top() + i * row_h
            p.setPen(self.text_color())
            label_rect = QRectF(area.left(), top, label_w - 6, row_h)
            elided = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_w - 6))
            p.drawText(
                label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, elided
            )
            length = bar_w * max(bar.value, 0) / self.maximum
            rect = QRectF(area.left() + label_w, top + row_h * 0.2, length, row_h * 0.6)
            p.fillRect(rect, accent(self))
            p.drawText(
                QRectF(rect.right() + 6, top, text_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.text,
            )


class ColumnChart(Chart):
    """Vertical columns, one or two stacked series (e.g. on time / late)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.labels: list[str] = []
        self.series: list[list[int]] = []
        self.names: list[str] = []

    def set_columns(self, labels: list[str], series: list[list[int]], names: list[str]) -> None:
        """Show columns; ``series[k][i]`` stacks on top of ``series[k-1][i]``."""
        self.labels, self.series, self.names = labels, series, names
        parts = []
        for i, label in enumerate(labels):
            values = ", ".join(f"{n} {s[i]}" for n, s in zip(names, series, strict=True))
            parts.append(f"{label}: {values}")
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def colors(self) -> list[QColor]:
        """Series colours: accent, then warm."""
        return [accent(self), warm(self)]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the columns, their totals, the labels and a legend."""
        p = QPainter(self)
        area = self.paint_frame(p)
        totals = [sum(s[i] for s in self.series) for i in range(len(self.labels))]
        if not totals or max(totals) == 0:
            self.paint_empty(p, area)
            return
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        legend_h = line * 1.2 if len(self.series) > 1 else 0
        plot = area.adjusted(0, line, 0, -line - legend_h)
        step = plot.width() / len(self.labels)
        top_value = max(totals)
        colors = self.colors()
        for i, label in enumerate(self.labels):
            x = plot.left() + i * step + step * 0.15
            bottom = plot.bottom()
            for k, s in enumerate(self.series):
                h = plot.height() * s[i] / top_value
                p.fillRect(QRectF(x, bottom - h, step * 0.7, h), colors[k % len(colors)])
                bottom -= h
            p.setPen(self.text_color())
            if totals[i]:
                p.drawText(
                    QRectF(x - step * 0.15, bottom - line, step, line),
                    Qt.AlignmentFlag.AlignCenter,
                    str(totals[i]),
                )
            p.setPen(self.text_color(muted=True))
            p.drawText(
                QRectF(x - step * 0.15, plot.bottom() + 2, step, line),
                Qt.AlignmentFlag.AlignCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, int(step)),
            )
        if legend_h:
            x = area.left()
            y = area.bottom() - legend_h + 4
            for k, name in enumerate(self.names):
                p.fillRect(QRectF(x, y + 2, line * 0.7, line * 0.7), colors[k % len(colors)])
                p.setPen(self.text_color())
                p.drawText(QPointF(x + line, y + line * 0.75), name)
                x += line * 1.5 + fm.horizontalAdvance(name) + line


class LineChart(Chart):
    """A line over time with a shaded area and an optional dashed threshold."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.points: list[tuple[str, int]] = []
        self.threshold: int | None = None
        self.threshold_text = ""

    def set_points(self, points: list[tuple[str, int]], threshold: int | None = None) -> None:
        """Show a series; labels are drawn under the first, middle and last point."""
        self.points, self.threshold = points, threshold
        self.setAccessibleDescription("; ".join(f"{label}: {v}" for label, v in points))
        self.update()

    def plot_area(self, area: QRectF) -> tuple[QRectF, int]:
        """The rectangle the line is drawn in, and the value at its top."""
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        plot = area.adjusted(fm.horizontalAdvance("00") + 6, line, -line, -line - 2)
        top = max(max(v for _, v in self.points), (self.threshold or 0) + 1)
        return plot, top

    def label_rects(self) -> list[tuple[QRectF, str]]:
        """Every axis label's rectangle and text at the chart's current size."""
        area = self.chart_area()
        plot, top = self.plot_area(area)
        return [(rect, text) for rect, text, _ in self.axis_labels(area, plot, top)]

    def axis_labels(
        self, area: QRectF, plot: QRectF, top: int
    ) -> list[tuple[QRectF, str, Qt.AlignmentFlag]]:
        """Where the value labels (0 and the top) and the date labels go.

        The value labels sit inside the plot's height ("0" just above the bottom
        line, the top value just below the top), so the "0" never overlaps the
        first date written under the bottom line; a date that would overlap
        another is left out (the middle one first) on a narrow chart.
        """
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        n = len(self.points)
        right = Qt.AlignmentFlag.AlignRight
        labels = [
            (
                QRectF(area.left(), plot.bottom() - line, plot.left() - area.left() - 4, line),
                "0",
                right | Qt.AlignmentFlag.AlignBottom,
            ),
            (
                QRectF(area.left(), plot.top(), plot.left() - area.left() - 4, line),
                str(top),
                right | Qt.AlignmentFlag.AlignTop,
            ),
        ]
        dates: list[tuple[QRectF, str, Qt.AlignmentFlag]] = []
        # The last date first (the newest week matters most), then the first, then
        # the middle; a date that would overlap one already placed is left out.
        for i in dict.fromkeys((n - 1, 0, n // 2)):
            x = plot.left() + (plot.width() * i / (n - 1) if n > 1 else plot.width() / 2)
            width = fm.horizontalAdvance(self.points[i][0]) + 4
            left = min(max(x - width / 2, area.left()), area.right() - width)
            rect = QRectF(left, plot.bottom() + 2, width, line)
            if not any(rect.intersects(placed) for placed, _, _ in dates):
                dates.append((rect, self.points[i][0], Qt.AlignmentFlag.AlignCenter))
        return labels + sorted(dates, key=lambda d: d[0].left())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the area, the line, the last value and the threshold."""
        p = QPainter(self)
        area = self.paint_frame(p)
        if not self.points or max(v for _, v in self.points) == 0:
            self.paint_empty(p, area)
            return
        fm = self.fontMetrics()
        plot, top = self.plot_area(area)
        n = len(self.points)

        def at(i: int, v: float) -> QPointF:
            x = plot.left() + (plot.width() * i / (n - 1) if n > 1 else plot.width() / 2)
            return QPointF(x, plot.bottom() - plot.height() * v / top)

        pts = [at(i, v) for i, (_, v) in enumerate(self.points)]
        fill = QColor(accent(self))
        fill.setAlphaF(0.25)
        poly = QPolygonF(
            [QPointF(pts[0].x(), plot.bottom()), *pts, QPointF(pts[-1].x(), plot.bottom())]
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawPolygon(poly)
        p.setPen(QPen(accent(self), 2.5))
        p.drawPolyline(QPolygonF(pts))
        p.setBrush(accent(self))
        p.drawEllipse(pts[-1], 4, 4)
        p.setPen(self.text_color())
        p.drawText(pts[-1] + QPointF(-fm.horizontalAdvance("00"), -8), str(self.points[-1][1]))
        p.setPen(self.text_color(muted=True))
        for rect, text, align in self.axis_labels(area, plot, top):
            p.drawText(rect, align, text)
        if self.threshold is not None:
            y = plot.bottom() - plot.height() * self.threshold / top
            pen = QPen(warm(self), 1.5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if self.threshold_text:
                p.drawText(QPointF(plot.left() + 4, y - 4), self.threshold_text)
