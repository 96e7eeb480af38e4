"""View ▸ All Claims in the Library… (Ctrl+Shift+L): every claim of the library in one table, not modal.

A filter row (:mod:`factcheck.ui.claims_view_bar`), the claims (:class:`ClaimsViewModel`,
paged in from the store, sorted by the store: click a heading), a count line, Export CSV…
(Ctrl+E: every claim the filter lists, not only those paged in) and saved filters (kept in
the preferences; a relative date choice stays relative). Enter or a double click opens the
claim in the main window, and this window stays open. It follows the library: after each
committed change (the window's, an import's, a colleague's) it asks again, keeping the
selected claim and the place in the list.

Every read runs on the main window's operation runner, in order with the edits and off the
UI thread: on a library of 100,000 claims a first page and its count take some 45-60 ms to
read, 110-145 ms with the choosers' values (read again only when the library changed); the
window's own thread spends about a millisecond on a page. One such window per main window;
the shortcut again brings it to the front, and it closes with its window.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QMenu, QMessageBox, QPushButton, QStackedWidget,
                               QStyledItemDelegate, QTableView, QVBoxLayout)

from factcheck.store import LibraryError
from factcheck.ui.claims_panel import paint_verdict_chip
from factcheck.ui.claims_view_bar import FilterBar
from factcheck.ui.claims_view_filter import ClaimsFilter
from factcheck.ui.claims_view_model import (COLUMNS, NUMBER, PUBLISHED, QUOTE, SORT_COLUMN, VERDICT, ClaimsQuery,
                                            ClaimsViewModel, read_all)
from factcheck.ui.widgets import EmptyState

log = logging.getLogger(__name__)

FOLLOW_DELAY_MS = 250
"""A burst of committed changes (an import, a colleague's session) is followed with one read, after it."""
_SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
WIDTHS = (48, 300, 180, 92, 92, 124, 124, 84, 100, 92, 122, 122)
"""Each column's width until the reviewer sets their own (remembered); the Claim column takes what is left."""


def today() -> datetime.date:
    """The reviewer's day (local time): what "today", "this week" and "this month" are counted from."""
    return datetime.date.today()


def show_claims_view(window) -> ClaimsView:
    """The main window's claims view: made when first asked for, brought to the front after."""
    view = window.findChild(ClaimsView)
    if view is None:
        view = ClaimsView(window)
    if not view.isVisible():  # (while hidden it followed nothing: read all again, keeping the place)
        view.show()
        view.refresh(keep=True)
    view.raise_()
    view.activateWindow()
    return view


class VerdictChip(QStyledItemDelegate):
    """The verdict as a chip in its colour on the article's scale, as the article's claims table draws it."""

    def __init__(self, model: ClaimsViewModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        paint_verdict_chip(painter, option, index, self.model.verdict_text(row), self.model.color_of(row),
                           bool(row.verdict))


class ClaimsTable(QTableView):
    """The claims; Enter (or Return) asks to open the current one."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ClaimsView(QDialog):
    """Every claim of the library: filter, sort, open, export; saved filters."""

    def __init__(self, window) -> None:
        super().__init__(window, objectName="claimsView")
        self.main_window = window  # (not .window: QWidget.window() is another thing)
        self.preferences = window.preferences
        self.setWindowTitle("Claims in the library — factcheck")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        screen = self.screen().availableGeometry()
        self.resize(min(1440, screen.width() - 40), min(760, screen.height() - 40))
        self._keep: tuple[int | None, int] | None = None  # the claim selected and the place, kept over a reload
        self._sort = ("article", False)

        self.bar = FilterBar()
        self.bar.changed.connect(self._filter_changed)
        self.saved = QComboBox(objectName="savedFilters")
        self.saved.setPlaceholderText("None chosen")
        self.saved.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved.setMinimumContentsLength(14)
        self.saved.setToolTip("Apply a filter saved before (its dates as they are on the day you apply it)")
        self.saved.activated.connect(lambda i: self.apply_saved(self.saved.itemText(i)))
        self.save_button = self._button("Save Fi&lter…", self.save_filter, "Name this filter and keep it")
        self.rename_button = self._button("Re&name…", self.rename_filter, "Rename the saved filter chosen")
        self.delete_button = self._button("&Delete", self.delete_filter, "Forget the saved filter chosen")
        self.bar.top.addSpacing(12)
        self.bar.top.addWidget(QLabel("&Saved filters:", buddy=self.saved))
        for widget in (self.saved, self.save_button, self.rename_button, self.delete_button):
            self.bar.top.addWidget(widget)

        self.model = ClaimsViewModel(self._read, self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.model.busy_changed.connect(lambda _busy: self._show_count())
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        self.table = ClaimsTable(objectName="libraryClaimsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegateForColumn(VERDICT, VerdictChip(self.model, self.table))
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 100,000 rows: none is measured
        rows.setDefaultSectionSize(QFontMetrics(self.font()).height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionHidden(PUBLISHED, True)  # the article's date: shown from the headings' menu
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.open_requested.connect(self.open_claim)
        self.table.doubleClicked.connect(self.open_claim)

        self.empty = EmptyState("Reading the library…", "")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        self.count = QLabel(objectName="claimsCount")
        self.note = QLabel(objectName="hint", textFormat=Qt.TextFormat.PlainText)
        self.export_action = QAction("E&xport CSV…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.export_action.triggered.connect(self.choose_file_and_export)
        self.addAction(self.export_action)
        self.export_button = self._button("E&xport CSV…", self.export_action.trigger,
                                          "Every claim the filter lists, as CSV, with their ids (Ctrl+E)")
        close = self._button("Close", self.close, "Close this window (Esc)")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addSpacing(12)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addSpacing(4)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

        self.note_timer = QTimer(self, singleShot=True, interval=10_000)
        self.note_timer.timeout.connect(self.note.clear)
        self.follow_timer = QTimer(self, singleShot=True, interval=FOLLOW_DELAY_MS)
        self.follow_timer.timeout.connect(lambda: self.refresh(keep=True))
        window.runner.changed.connect(self._library_changed)
        window.articles_model.modelReset.connect(self._library_reloaded)
        QCoreApplication.instance().aboutToQuit.connect(self._quitting)
        self._fill_saved()
        self._restore_layout()
        self._show_sort()
        header.sortIndicatorChanged.connect(self._sort_changed)

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, autoDefault=False)  # Enter in the table opens a claim, never a button
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ asking

    def current_filter(self) -> ClaimsFilter:
        return self.bar.value(*self._sort)

    def refresh(self, keep: bool = False) -> None:
        """Ask the store again for the filter shown; ``keep``: the selected claim and the place in the list stay."""
        self.follow_timer.stop()
        value = self.current_filter()
        week_starts = QLocale().firstDayOfWeek().value - 1  # Qt: Monday 1 … Sunday 7
        query = ClaimsQuery(value.query, value.store_arguments(today(), week_starts), value.sort, value.descending)
        self._keep = (self.selected_claim_id(), self.table.verticalScrollBar().value()) if keep else None
        self.model.load(query, at_least=self.model.rowCount() if keep else 0, values=keep or self.model.total is None)
        self._sync_saved()

    def _read(self, operation, on_done, on_failed) -> None:
        try:
            self.main_window.runner.run(operation, lambda outcome: on_done(outcome.result), on_failed,
                                        what="Listing the library's claims")
        except RuntimeError:  # the runner is closed: the window is closing
            log.debug("claims view: not read, the window is closing")

    def _filter_changed(self) -> None:
        self.refresh()

    def _library_changed(self, outcome) -> None:
        if outcome.changes and self.isVisible():  # a read (this view's among them) changes nothing
            self.follow_timer.start()

    def _library_reloaded(self) -> None:
        if self.isVisible():  # an import, an archived or deleted article, a restored backup
            self.follow_timer.start()

    # ----------------------------------------------------------------- showing

    def _loaded(self) -> None:
        self.bar.set_values(self.model.values)
        self.bar.show_problems(self.model.problems)
        keep, self._keep = self._keep, None
        if keep is not None:
            claim_id, place = keep
            row = self.model.row_of(claim_id)
            if row is not None:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, QUOTE), _SELECT_ROW)
            self.table.verticalScrollBar().setValue(place)
        else:
            self.table.scrollToTop()
        self._show_count()

    def _show_count(self) -> None:
        model = self.model
        if model.total is None:
            self.count.setText("Reading the library…")
            return
        count = f"{model.total:,} claim{'' if model.total == 1 else 's'}"
        if model.busy():
            count += " · reading…"
        self.export_action.setEnabled(model.total > 0)
        self.export_button.setEnabled(model.total > 0)
        self.count.setText(count)
        self.count.setToolTip(f"{model.rowCount():,} read so far; more are read as you scroll"
                              if not model.complete() else "")
        if model.total == 0 and model.rowCount() == 0:
            filtered = self.current_filter().with_(sort="article", descending=False) != ClaimsFilter()
            if filtered:
                self.empty.say("No claim matches this filter", "Change or clear the search and the choosers "
                               "(Clear) to see more claims.")
            else:
                self.empty.say("No claims in the library yet", "Mark claims in an article (select its words and "
                               "press Ctrl+M): every article's claims are listed here.")
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.table)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, (LibraryError, ValueError)):
            message = str(error)
        else:
            log.error("could not list the library's claims", exc_info=error)
            message = f"Something went wrong ({type(error).__name__}: {error}); the log has the details."
        self.count.setText("The claims could not be read")
        self._say(message)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setToolTip(text)
        self.note_timer.start()

    # ----------------------------------------------------------------- sorting

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        sort = COLUMNS[column][1]
        self._sort = (sort, order == Qt.SortOrder.DescendingOrder)
        self.refresh()

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        sort, descending = self._sort
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(SORT_COLUMN.get(sort, -1), order)
        header.blockSignals(False)

    def sort_by(self, sort: str, descending: bool = False) -> None:
        """Sort as a click on a heading does (``sort``: a column's store sort)."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(SORT_COLUMN[sort], order)

    # ----------------------------------------------------------------- opening

    def selected_claim_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).claim_id if index.isValid() else None

    def open_claim(self, index: QModelIndex | None = None) -> None:
        """Open the claim at ``index`` (the current one) in the main window; this window stays open."""
        index = index if index is not None and index.isValid() else self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        self.main_window.show_match(row.article_id, row.claim_id)

    # ------------------------------------------------------------------ export

    def choose_file_and_export(self) -> None:
        if self.model.total is None:
            return
        suggested = str(Path.home() / f"claims-{today().isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export the claims listed", suggested, "CSV (*.csv)")
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        """Write every claim the filter lists (the store asked again, all of them) as CSV, off the UI thread."""
        from factcheck.io.claims_csv import render_claims_csv
        from factcheck.io.files import write_atomically

        query = self.model.query

        def write(store) -> int:
            rows = read_all(store, query)  # (a blind claim's verdict: not in its row)
            write_atomically(path, render_claims_csv(rows))
            return len(rows)

        def written(count: int) -> None:
            text = f"{count:,} claim{'' if count == 1 else 's'} exported to {path}"
            self._say(text)
            self.main_window.statusBar().showMessage(text, 8000)

        def refused(error: BaseException) -> None:
            if isinstance(error, OSError):
                QMessageBox.warning(self, "Not exported", f"Cannot write {path}: {error.strerror or error}. Choose "
                                    "another folder or name, or free some disk space, and export again.")
            elif isinstance(error, LibraryError):
                QMessageBox.warning(self, "Not exported", f"The claims could not be read: {error}")
            else:
                log.error("could not export the claims", exc_info=error)
                QMessageBox.warning(self, "Not exported", f"Something went wrong ({type(error).__name__}: {error}); "
                                    "the log has the details.")

        self._say(f"Exporting to {path}…")
        self._read(write, written, refused)

    # ----------------------------------------------------------- saved filters

    def _saved_filters(self) -> dict[str, dict]:
        return self.preferences.saved_claims_filters()

    def _fill_saved(self, chosen: str | None = None) -> None:
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItems(list(self._saved_filters()))
        self.saved.setCurrentIndex(self.saved.findText(chosen) if chosen else -1)
        self.saved.blockSignals(False)
        self._sync_saved()

    def _sync_saved(self) -> None:
        """The chooser names the saved filter shown, as long as it is shown unchanged."""
        name = self.saved.currentText() if self.saved.currentIndex() >= 0 else None
        if name is not None and ClaimsFilter.from_json(self._saved_filters().get(name)) != self.current_filter():
            self.saved.setCurrentIndex(-1)
            name = None
        self.rename_button.setEnabled(name is not None)
        self.delete_button.setEnabled(name is not None)
        self.saved.setEnabled(self.saved.count() > 0)

    def apply_saved(self, name: str) -> None:
        """Show the saved filter ``name`` (its relative dates counted from today) and list its claims."""
        stored = self._saved_filters().get(name)
        if stored is None:
            return
        value = ClaimsFilter.from_json(stored)
        self.bar.show_filter(value)
        self._sort = (value.sort, value.descending)
        self._show_sort()
        self.saved.setCurrentIndex(self.saved.findText(name))
        self.refresh()

    def save_filter(self) -> None:
        current = self.saved.currentText() if self.saved.currentIndex() >= 0 else ""
        name = self._ask_name("Save Filter", "Name this filter (e.g. “Approved this week”):", current)
        if name is None:
            return
        filters = self._saved_filters()
        filters[name] = self.current_filter().to_json()
        self.preferences.set_saved_claims_filters(filters)
        self._fill_saved(name)
        self._say(f"Filter “{name}” saved.")

    def rename_filter(self) -> None:
        if self.saved.currentIndex() < 0:
            return
        old = self.saved.currentText()
        name = self._ask_name("Rename Filter", f"New name for “{old}”:", old, keep=old)
        if name is None or name == old:
            return
        filters = self._saved_filters()
        renamed = {(name if key == old else key): value for key, value in filters.items() if key != name}
        self.preferences.set_saved_claims_filters(renamed)
        self._fill_saved(name)

    def delete_filter(self) -> None:
        if self.saved.currentIndex() < 0:
            return
        name = self.saved.currentText()
        answer = QMessageBox.question(self, "Delete the saved filter?", f"Forget the saved filter “{name}”? The "
                                      "claims it lists are not touched.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        filters = self._saved_filters()
        filters.pop(name, None)
        self.preferences.set_saved_claims_filters(filters)
        self._fill_saved()
        self._say(f"Saved filter “{name}” deleted.")

    def _ask_name(self, title: str, label: str, text: str, keep: str | None = None) -> str | None:
        """A name from the reviewer (None: cancelled); replacing another saved filter is asked first."""
        name, ok = QInputDialog.getText(self, title, label, text=text)
        name = " ".join(name.split()) if ok else ""
        if not name:
            return None
        if name != keep and name in self._saved_filters():
            answer = QMessageBox.question(self, "Replace the saved filter?", f"A filter named “{name}” is saved "
                                          "already. Replace it?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return name

    # ------------------------------------------------------------------ layout

    def _header_menu(self, where) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, (heading, _sort) in enumerate(COLUMNS):
            if column in (NUMBER, QUOTE):
                continue  # the claim itself always shows
            action = menu.addAction(heading)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(where))

    def _restore_layout(self) -> None:
        geometry = self.preferences.window_state("claims_view_geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.preferences.window_state("claims_view_header")
        header = self.table.horizontalHeader()
        if state is not None and header.restoreState(state) and 0 <= header.sortIndicatorSection() < len(COLUMNS):
            self._sort = (COLUMNS[header.sortIndicatorSection()][1],  # the sort last used, too
                          header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    def save_layout(self) -> None:
        self.preferences.save_window_state("claims_view_geometry", self.saveGeometry())
        self.preferences.save_window_state("claims_view_header", self.table.horizontalHeader().saveState())
        self.preferences.settings.sync()

    def _quitting(self) -> None:
        if self.isVisible():
            self.save_layout()

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        self.main_window.installEventFilter(self)  # to close with it (a child window is not hidden with it)

    def hideEvent(self, event) -> None:  # noqa: N802
        self.main_window.removeEventFilter(self)
        self.save_layout()
        self.follow_timer.stop()
        super().hideEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.main_window and event.type() == QEvent.Type.Close:
            self.save_layout()  # now: the window may be gone by the next turn of the event loop
            QTimer.singleShot(0, self._main_window_closed)  # once it is known whether the window really closed
        return False

    def _main_window_closed(self) -> None:
        if not self.main_window.isVisible():
            self.close()

