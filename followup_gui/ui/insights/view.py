"""The Insights tab: is the effort paying off? Six charts and a gentle R12 nudge.

It reads the numbers from :mod:`followup_gui.services.insights.figures` (pure functions)
and repaints whenever the app context reports a change to applications or plans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.insights import figures as ins
from followup_gui.ui.common.background_load import BackgroundLoad
from followup_gui.ui.common.visible_refresh import ChangeGate
from followup_gui.ui.common.when import local_zone, short_day_text
from followup_gui.ui.context import AppContext
from followup_gui.ui.insights.charts import Bar, BarChart, ColumnChart, LineChart

if TYPE_CHECKING:
    from followup_gui.storage import Database


class InsightsView(QWidget):
    """Charts of the search so far; call :meth:`reload` (or emit a connected signal)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db: Database = context.db
        self.clock = context.now
        self.data: ins.Insights | None = None
        self.setAccessibleName(self.tr("Insights"))
        self.nudge = QLabel()
        self.nudge.setObjectName("insights_nudge")
        self.nudge.setWordWrap(True)
        self.nudge.setFrameShape(QFrame.Shape.StyledPanel)
        self.nudge.setAccessibleName(self.tr("Advice"))
        self.nudge.setContentsMargins(10, 8, 10, 8)
        self.nudge.hide()
        self.summary = QLabel()
        self.summary.setObjectName("insights_summary")
        self.summary.setWordWrap(True)

        self.funnel = BarChart(self.tr("Funnel: how far applications got"))
        self.funnel.empty_text = self.tr("Add applications to see how far they get.")
        self.by_playbook = BarChart(self.tr("Answers by playbook"))
        self.by_playbook.empty_text = self.tr("No follow-up logged yet.")
        self.by_kind = BarChart(self.tr("Answers by kind of follow-up"))
        self.by_kind.empty_text = self.tr("No follow-up logged yet.")
        self.answer_days = ColumnChart(self.tr("Days from interview to an answer"))
        self.answer_days.empty_text = self.tr("No answer after an interview recorded yet.")
        self.punctuality = ColumnChart(self.tr("Follow-ups done per week"))
        self.punctuality.empty_text = self.tr("No planned follow-up done in the last 8 weeks.")
        self.active = LineChart(self.tr("Active applications, last 12 weeks"))
        self.active.empty_text = self.tr("No active application yet.")
        self.active.threshold_text = self.tr("keep at least 3 going")

        grid = QGridLayout()
        grid.setSpacing(12)
        charts = [
            self.funnel,
            self.active,
            self.by_playbook,
            self.by_kind,
            self.answer_days,
            self.punctuality,
        ]
        for i, chart in enumerate(charts):
            grid.addWidget(chart, i // 2, i % 2)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.addWidget(self.nudge)
        inner.addWidget(self.summary)
        inner.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.loader = BackgroundLoad(self._load, self._show, self._not_loaded, self)
        # Hidden, the charts wait to be shown: a card move must not recompute them.
        ChangeGate(self, context, lambda _changes: self.reload(), lambda c: c.board)
        self.reload()

    def _kind(self, key: str) -> str:
        names = {
            "call": self.tr("Call"),
            "thank_you_email": self.tr("Thank-you email"),
            "thank_you_card": self.tr("Thank-you card"),
            "status_email": self.tr("Status email"),
            "feedback_request": self.tr("Feedback request"),
        }
        return names.get(key, key.replace("_", " "))

    def _playbook(self, key: str) -> str:
        names = {
            "gentle": self.tr("Gentle"),
            "balanced": self.tr("Balanced"),
            "persistent": self.tr("Persistent"),
        }
        return names.get(key, key)

    def _rates(self, rates: list[ins.Rate], name: Callable[[str], str]) -> list[Bar]:
        return [
            Bar(
                name(r.group),
                r.share,
                self.tr("{pct}% ({a} of {n})").format(
                    pct=round(r.share * 100), a=r.answered, n=r.total
                ),
            )
            for r in rates
        ]

    def reload(self) -> None:
        """Recompute every chart from the database, in a worker thread.

        The charts keep what they show until the new figures arrive (at
        thousands of applications reading and counting take a few tenths of a
        second); before the first ones, the summary says they are being read.
        """
        if self.data is None:
            self.summary.setText(self.tr("Reading your search…"))
        elif not self.loader.running:
            # The figures shown are from before the change until the new ones come.
            self.summary.setText(self.summary.text() + self.tr(" · updating…"))
        self.loader.request()

    def _load(self) -> tuple[ins.Insights, int]:
        """Read and count (in the worker thread: no widgets here)."""
        stages, apps = ins.load_records(self.db)
        return ins.compute(stages, apps, self.clock()), len(apps)

    def _not_loaded(self, exc: BaseException) -> None:
        if not isinstance(exc, FollowUpError):
            raise exc  # a bug: the crash dialog shows it
        self.summary.setText(self.tr("The figures could not be read: {e}").format(e=exc))

    def _show(self, loaded: tuple[ins.Insights, int]) -> None:
        """Put freshly computed figures on the charts."""
        data, total = loaded
        self.data = data
        self.funnel.set_bars(
            [
                Bar(
                    s.title,
                    s.reached,
                    str(s.reached)
                    if s.conversion is None
                    else self.tr("{n} · {pct}% of the step before").format(
                        n=s.reached, pct=round(s.conversion * 100)
                    ),
                )
                for s in data.funnel
            ]
        )
        self.by_playbook.set_bars(self._rates(data.by_playbook, self._playbook), 1.0)
        self.by_kind.set_bars(self._rates(data.by_kind, self._kind), 1.0)
        buckets = ins.day_buckets(data.answer_days)
        median = ins.median_days(data.answer_days)
        self.answer_days.title = (
            self.tr("Days from interview to an answer (median {d})").format(d=f"{median:g}")
            if median is not None
            else self.tr("Days from interview to an answer")
        )
        self.answer_days.set_columns(
            [label for label, _ in buckets], [[n for _, n in buckets]], [self.tr("answers")]
        )
        today = self.clock().astimezone(local_zone()).date()
        self.punctuality.set_columns(
            [short_day_text(w.week, today) for w in data.punctuality],
            [[w.on_time for w in data.punctuality], [w.late for w in data.punctuality]],
            [self.tr("on time"), self.tr("late")],
        )
        self.active.set_points(
            [(short_day_text(d, today), n) for d, n in data.active], ins.FEW_ACTIVE + 1
        )
        self.summary.setText(
            self.tr(
                "<b>{active}</b> applications active now · <b>{total}</b> in all · "
                "<b>{answers}</b> answers after interviews"
            ).format(active=data.active_now, total=total, answers=len(data.answer_days))
        )
        self.nudge.setVisible(data.nudge)
        if data.nudge:
            n = data.active_now
            going = (
                self.tr("<b>Only %n application going.</b>", "", n)
                if n == 1
                else self.tr("<b>Only %n applications going.</b>", "", n)
            )
            self.nudge.setText(
                going
                + " "
                + self.tr(
                    "Rejection is a numbers game: one interview is never a sure thing, "
                    "so keep several applications going in parallel. Add two or three "
                    "more this week."
                )
            )
        self.nudge.setTextFormat(Qt.TextFormat.RichText)
