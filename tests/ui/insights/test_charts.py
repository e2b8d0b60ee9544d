"""The trend chart's labels never overlap: the "0" sits above the first date, not on it."""

from __future__ import annotations

import pytest

from followup_gui.ui.insights.charts import LineChart


@pytest.mark.parametrize("size", [(300, 160), (420, 220), (900, 260)])
def test_no_axis_label_overlaps_another(qtbot, size: tuple[int, int]) -> None:
    chart = LineChart("Follow-ups done per week")
    qtbot.addWidget(chart)
    chart.set_points([("Mon, 2 Nov", 3), ("Mon, 9 Nov", 5), ("Mon, 16 Nov", 0), ("Mon, 23 Nov", 4)])
    chart.resize(*size)
    labels = chart.label_rects()
    texts = [text for _, text in labels]
    assert "0" in texts and "Mon, 2 Nov" in texts and "Mon, 23 Nov" in texts
    for i, (a, ta) in enumerate(labels):
        for b, tb in labels[i + 1 :]:
            assert not a.intersects(b), f"{ta!r} at {a} overlaps {tb!r} at {b}"
    metrics = chart.fontMetrics()
    zero = next(rect for rect, text in labels if text == "0")
    assert zero.width() >= metrics.horizontalAdvance("0")
