"""Column widths of the agenda, measured on its widest texts instead of on every row.

``QHeaderView.ResizeToContents`` asks the delegate for the size of every cell of
a column, each a round trip into the Python model for several roles, and does
so again at every layout. With 600 follow-ups due, that was most of the time
the Agenda tab took to open. :class:`ColumnFitter` measures each text with the
font's metrics (remembered across reloads, so a reload after one change measures
a handful), then asks the delegate only about the widest cell of each column and
the group titles, so margins, the bold font and the tree's indentation come out
as the view draws them: nothing is clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTreeView

from followup_gui.ui.followups.agenda.model import AgendaModel


class ColumnFitter(QObject):
    """Sizes the first ``columns`` columns of a tree over an :class:`AgendaModel`.

    The columns are fixed (as with ``ResizeToContents``, the user does not drag
    them); :meth:`fit` sets their widths after each reload. The column after
    them (the reason, with its rule ids) stretches; so that it stays readable in
    a narrow window, the ``squeeze`` column gives up width (its text elided) until
    :data:`KEEP_FREE` of the view is left for the rest, but never below its title.

    Args:
        tree: the view.
        columns: how many leading columns to size (the rest keep their mode).
        squeeze: the column that gives up width first (None: none does).
    """

    #: The share of the view's width kept for the columns after the fitted ones.
    KEEP_FREE = 0.3

    def __init__(self, tree: QTreeView, columns: int, squeeze: int | None = None) -> None:
        super().__init__(tree)
        self.tree = tree
        self.columns = columns
        self.squeeze = squeeze
        self._font = QFont()
        self._metrics: QFontMetrics | None = None
        self._widths: dict[str, int] = {}  # text -> advance in the tree's font
        self._natural: list[int] = []  # the fitted widths, before any squeeze
        header = tree.header()
        for column in range(columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        tree.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Share the width again when the view is resized (no text measured)."""
        if event.type() == QEvent.Type.Resize and self._natural:
            self._apply()
        return False

    def fit(self, model: AgendaModel) -> None:
        """Make each column as wide as its header, its widest text and (first) the titles."""
        tree = self.tree
        tree.ensurePolished()  # a style sheet may set the font
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        if self._metrics is None or option.font != self._font:
            self._font, self._metrics = QFont(option.font), QFontMetrics(option.font)
            self._widths = {}
        header, delegate = tree.header(), tree.itemDelegate()
        indent = tree.indentation()
        widths: list[int] = []
        # As QTreeView indents: one step per level, one more for the root's decoration.
        group_indent = indent if tree.rootIsDecorated() else 0
        advances, shown = self._widths, 0
        for column in range(self.columns):
            width = header.sectionSizeHint(column)
            texts = model.entry_texts(column)
            if texts:
                distinct = set(texts)
                shown += len(distinct)
                for text in distinct.difference(advances):
                    advances[text] = self._metrics.horizontalAdvance(text)
                widest = max(distinct, key=advances.__getitem__)
                index = model.entry_index(texts.index(widest), column)
                hint = delegate.sizeHint(option, index).width()
                width = max(width, hint + (group_indent + indent if column == 0 else 0))
            if column == 0:
                for group_row in range(model.rowCount()):
                    hint = delegate.sizeHint(option, model.index(group_row, 0)).width()
                    width = max(width, hint + group_indent)
            widths.append(width)
        if len(advances) > 4 * shown + 256:
            self._widths = {}  # bounded: most are texts no longer shown
        self._natural = widths
        self._apply()

    def _apply(self) -> None:
        """Set the fitted widths, the ``squeeze`` column narrowed to leave room."""
        tree, header = self.tree, self.tree.header()
        widths = list(self._natural)
        room = tree.viewport().width()
        if self.squeeze is not None and room > 0:
            short = int(room * self.KEEP_FREE) - (room - sum(widths))
            if short > 0:
                least = header.sectionSizeHint(self.squeeze)
                widths[self.squeeze] = max(least, widths[self.squeeze] - short)
        # Resized with the header's signals blocked, then the tree updated once:
        # each resize would otherwise have the tree repaint every column right of
        # it once more, after the first paint of a tab just opened.
        changed = [(c, w) for c, w in enumerate(widths) if header.sectionSize(c) != w]
        blocked = header.blockSignals(True)
        try:
            for column, width in changed:
                header.resizeSection(column, width)
        finally:
            header.blockSignals(blocked)
        if changed:
            tree.updateGeometries()
            tree.viewport().update()
