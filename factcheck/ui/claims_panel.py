"""The claims of the open article as a table, with a verdict chip per row."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRectF, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QStackedWidget, QStyledItemDelegate, QTableView, QVBoxLayout,
                               QWidget)

from factcheck.core.rating_scales import RatingScale
from factcheck.ui.claims_model import ClaimIdRole, ClaimRole, ClaimsTableModel, SortKeyRole
from factcheck.io.colors import text_color_on
from factcheck.ui.item_state import is_selected
from factcheck.ui.palettes import muted
from factcheck.ui.widgets import EmptyState


def paint_verdict_chip(painter: QPainter, option, index: QModelIndex, text: str, color: str | None,
                       rated: bool) -> None:
    """A verdict cell: ``text`` on a rounded chip filled with ``color`` (``rated``), else an outline in it on the
    page's own colour; the selection's highlight behind. The article's claims table and the claims view draw
    their verdicts with it."""
    if is_selected(option, index):
        painter.fillRect(option.rect, option.palette.highlight())
    metrics = QFontMetrics(option.font)
    width = min(option.rect.width() - 8, metrics.horizontalAdvance(text) + 16)
    height = metrics.height() + 4
    chip = QRectF(option.rect.left() + 4, option.rect.center().y() - height / 2 + 1, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if rated:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(text_color_on(color)))  # the same rule as the report's chips
    else:  # an outline on the page's own colour, with quieter text that stays readable on it
        page = option.palette.base().color()
        painter.setPen(QColor(color))
        painter.setBrush(page)
        painter.drawRoundedRect(chip.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        painter.setPen(QColor(muted(option.palette.text().color().name(), page.name())))
    painter.setFont(option.font)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter,
                     metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 12))
    painter.restore()


class VerdictChipDelegate(QStyledItemDelegate):
    """Draws the verdict as a rounded chip in the verdict's colour (an outline while unrated or hidden)."""

    def __init__(self, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        # One question to the model, not three: the cell's text (DisplayRole) and colour
        # (VerdictColorRole) are worked out from its claim as the model works them out.
        claim = index.data(ClaimRole)
        if claim is None:
            paint_verdict_chip(painter, option, index, "", None, False)
            return
        unrated = "Hidden" if claim.id in self.model.blind else "Unrated"
        paint_verdict_chip(painter, option, index, claim.verdict or unrated, self.model.color_of(claim),
                           bool(claim.verdict))


class ClaimsSortModel(QSortFilterProxyModel):
    """The claims sorted by the column the reviewer chose.

    Text order (the Claim column, ascending) is the source model's own order: it is shown
    as it is, without sorting, so opening an article with thousands of claims costs no
    sort (which asks for every claim's key again and again).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SortKeyRole)
        self._claims: ClaimsTableModel | None = None

    def setSourceModel(self, model) -> None:  # noqa: N802 (Qt's name)
        super().setSourceModel(model)
        self._claims = model if isinstance(model, ClaimsTableModel) else None

    def multiData(self, index: QModelIndex, roleDataSpan) -> None:  # noqa: N802, N803 (Qt's names)
        """Every role a view asks of a cell, in one call into Python.

        A painted cell asks for seven roles; Qt's own way asks the proxy, and through it
        the claims model, once per role (and maps the cell to the model each time).
        """
        if self._claims is None:
            super().multiData(index, roleDataSpan)
            return
        source = self.mapToSource(index)
        row, column, value = source.row(), source.column(), self._claims.value
        for i in range(len(roleDataSpan)):
            data = roleDataSpan[i]
            answer = value(row, column, data.role())
            if answer is None:
                data.clearData()
            else:
                data.setData(answer)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if column == ClaimsTableModel.QUOTE and order == Qt.SortOrder.AscendingOrder:
            column = -1  # the source's order
        super().sort(column, order)


class ClaimsPanel(QWidget):
    claim_selected = Signal(object)
    """The claim id now selected, or None."""
    scale_chosen = Signal(str)

    def __init__(self, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        heading = QLabel("Claims", objectName="panelHeading")
        self.count = QLabel(objectName="panelCount")
        self.scale_box = QComboBox(objectName="scaleBox")
        self.scale_box.setToolTip("The rating scale used for this article's verdicts")
        self.scale_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scale_box.setMinimumContentsLength(12)  # a long scale name elides rather than widen the panel
        self.scale_box.activated.connect(lambda i: self.scale_chosen.emit(self.scale_box.itemData(i)))
        scale_label = QLabel("&Scale:")
        scale_label.setBuddy(self.scale_box)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 8, 0)
        top.addWidget(heading)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(scale_label)
        top.addWidget(self.scale_box)

        self.sorted = ClaimsSortModel(self)
        self.sorted.setSourceModel(model)
        self.table = QTableView(objectName="claimsTable")
        self.table.setModel(self.sorted)
        self.table.horizontalHeader().setSortIndicator(ClaimsTableModel.QUOTE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # a click on a heading sorts by it; the Claim column is text order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegateForColumn(ClaimsTableModel.VERDICT, VerdictChipDelegate(model, self.table))
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ClaimsTableModel.QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ClaimsTableModel.CLAIMANT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ClaimsTableModel.VERDICT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ClaimsTableModel.STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ClaimsTableModel.CLAIMANT, 110)
        header.resizeSection(ClaimsTableModel.VERDICT, 120)
        header.resizeSection(ClaimsTableModel.STATUS, 80)
        # The table's selection is a whole row, which meets every column: sharing it, the
        # header painted itself again at every change of claim (~1 ms), to highlight
        # sections the stylesheet draws no differently. It keeps an empty selection of its own.
        header.setHighlightSections(False)
        header.setSelectionModel(QItemSelectionModel(self.sorted, header))
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() + 12)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.fit_number_column)
        self.fit_number_column()

        self.pages = QStackedWidget()
        self.empty = EmptyState("No claims yet", "Select text in the article and press Ctrl+M to mark a claim.")
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.update_empty_state)

    def fit_number_column(self, *args) -> None:
        """Size the # column for the largest number by arithmetic, not by measuring every row.

        Sizing it "to contents" made Qt measure every row at each mark: ~12 ms a mark
        on an article with 2,000 claims. The header is told only of a change (a mark
        that adds a digit), so that a mark does not paint it again.
        """
        header = self.table.horizontalHeader()
        if header.sectionResizeMode(ClaimsTableModel.NUMBER) != QHeaderView.ResizeMode.Fixed:
            header.setSectionResizeMode(ClaimsTableModel.NUMBER, QHeaderView.ResizeMode.Fixed)
        metrics = QFontMetrics(self.table.font())
        digits = "0" * len(str(self.model.highest_number() or 1))
        width = max(metrics.horizontalAdvance(digits), metrics.horizontalAdvance("#")) + 16
        if header.sectionSize(ClaimsTableModel.NUMBER) != width:
            header.resizeSection(ClaimsTableModel.NUMBER, width)

    def set_scales(self, scales: list[RatingScale], current: str) -> None:
        self.scale_box.clear()
        for scale in scales:
            self.scale_box.addItem(scale.name, scale.key)
        self.show_scale(current)

    def show_scale(self, key: str) -> None:
        index = self.scale_box.findData(key)
        if index >= 0:
            self.scale_box.setCurrentIndex(index)

    def update_empty_state(self, *args) -> None:
        rows = self.model.rowCount()
        rated = self.model.rated_count()
        self.count.setText(f"{rated} of {rows} rated" if rows else "")
        self.pages.setCurrentIndex(1 if rows else 0)
        has_article = self.model.article_id is not None
        self.scale_box.setEnabled(has_article)
        if has_article:
            self.empty.say("No claims yet", "Select text in the article and press Ctrl+M to mark a claim.")
        else:
            self.empty.say("No article open", "Claims appear here once an article is open.")

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.claim_selected.emit(current.data(ClaimIdRole) if current.isValid() else None)

    def selected_claim_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(ClaimIdRole) if index.isValid() else None

    def select_claim(self, claim_id: int | None) -> None:
        row = self.model.row_of(claim_id)
        if row is None:
            self.table.setCurrentIndex(QModelIndex())
            self.table.clearSelection()
            return
        index = self.sorted.mapFromSource(self.model.index(row, ClaimsTableModel.QUOTE))
        if self.table.currentIndex().row() != index.row():
            self.table.setCurrentIndex(index)
        else:
            self.table.selectRow(index.row())
        self.table.scrollTo(index)

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (-1) claim in text order, however the table is sorted."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.model.row_of(self.selected_claim_id())
        current = -1 if current is None else current
        row = 0 if current < 0 and delta > 0 else (rows - 1 if current < 0 else (current + delta) % rows)
        self.select_claim(self.model.claim_at(row).id)
