"""Review ▸ Agreement: how far reviewers who rated the same claims agree, for an article or the desk over a period.

One table per rating scale (the desk's articles may use several; verdicts of two scales are
not pooled): Krippendorff's alpha, nominal and (for a scale whose verdicts have values)
ordinal, and Cohen's kappa when exactly two reviewers rated claims in common, each with the
claims and verdicts it rests on. The numbers are :meth:`factcheck.api.Library.agreement`'s,
the same as ``factcheck review agreement`` prints; "Export CSV…" writes what the dialog shows
in that command's CSV (:func:`factcheck.core.agreement.agreement_csv`).

The store is read on the operation runner's worker (on a shared library, one round trip per
article of the desk), never on the UI thread; the dialog measures again when the scope or the
period changes, and when a committed change (the window's, or a colleague's) reaches the runner.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QFileDialog,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
                               QRadioButton, QScrollArea, QSizePolicy, QStackedWidget, QTableView, QVBoxLayout,
                               QWidget)

from factcheck.core.dates import InvalidDate, format_date
from factcheck.store import LibraryError
from factcheck.ui.date_field import DateField
from factcheck.ui.widgets import EmptyState

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
"""The desk's period when the dialog opens: the last 30 days (UTC), today included."""
RECOMPUTE_DELAY_MS = 250
"""A burst of committed changes (an import, a colleague's session) is measured once, after it."""
COLUMNS = ("Statistic", "Value", "Claims", "Verdicts", "Note")
RELIABLE, TENTATIVE = 0.800, 0.667  # Krippendorff (2004), 241-243


def show_agreement(window) -> AgreementDialog:
    """Show the window's agreement dialog (made on first use, brought to the front after), on its open article."""
    dialog = next((d for d in window.findChildren(AgreementDialog) if d.isVisible()), None)
    if dialog is None:
        dialog = AgreementDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.set_article(*_open_article(window))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _open_article(window) -> tuple[int | None, str]:
    article_id = window._open_article_id()
    article = window.controller.article
    return article_id, (article.title if article is not None and article.id == article_id else "")


def measure(store, article_id: int | None, since: str | None, until: str | None) -> list:
    """[(rating scale, Agreement)]: the article's (on its scale), else the desk's in the period, scale by scale.

    Runs on the operation runner's worker, with the worker's own handle on the library.
    """
    from factcheck.api import Library

    library = Library(store, read_only=True)  # a view of the worker's handle: the runner closes it, not this
    if article_id is not None:
        return [(library.rating_scale(article_id), library.agreement(article_id))]
    return list(library.agreement(since=since, until=until).items())


def shown_rows(result) -> list[tuple[str, str, str, str, str]]:
    """The table's rows for one scale's Agreement: a value to three decimals, "—" where it is undefined."""
    return [(s.name, "—" if s.value is None else f"{s.value:.3f}", str(s.claims), str(s.verdicts),
             s.undefined_because) for s in result.statistics]


class StatisticsTableModel(QAbstractTableModel):
    """One scale's statistics, as :func:`shown_rows` words them; read-only."""

    def __init__(self, rows: list[tuple[str, ...]], parent=None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text if role == Qt.ItemDataRole.DisplayRole or index.column() == 4 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= index.column() <= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if 1 <= section <= 3 else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None


class WholeTableView(QTableView):
    """A table as tall as its rows: the dialog's page scrolls, never a table inside it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def sizeHint(self) -> QSize:
        rows = self.model().rowCount() if self.model() is not None else 0
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class AgreementDialog(QDialog):
    """Agreement between reviewers, for the window's open article or the desk over a period; not modal."""

    def __init__(self, window) -> None:
        super().__init__(window, objectName="agreementDialog")
        self.main_window = window  # (not .window: QWidget.window() is another thing)
        self.setWindowTitle("Agreement between reviewers")
        self.setModal(False)
        self.resize(720, 520)
        self.article_id: int | None = None
        self.results: list = []  # [(RatingScale, Agreement)] on screen; what "Export CSV…" writes
        self.scope_text = ""
        self.tables: list[QTableView] = []
        self._asked = 0  # the latest measurement asked for; an older one's answer is left unread
        self._closed = False

        self.article_choice = QRadioButton("This article", objectName="articleScope")
        self.desk_choice = QRadioButton("The desk, proposals submitted", objectName="deskScope")
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.article_choice)
        self.scope.addButton(self.desk_choice)
        today = datetime.datetime.now(datetime.UTC).date()
        self.since = DateField((today - datetime.timedelta(days=DEFAULT_DAYS - 1)).isoformat())
        self.until = DateField(today.isoformat())
        for field in (self.since, self.until):
            field.setToolTip("A day in UTC, included; leave it empty for no limit")
            field.editingFinished.connect(self._dates_edited)
        self._dates_read: tuple[str, str] | None = None  # the fields' text when last measured
        self.scope.buttonToggled.connect(lambda button, checked: checked and self._scope_changed())

        scope = QGridLayout()
        scope.addWidget(self.article_choice, 0, 0, 1, 5)
        scope.addWidget(self.desk_choice, 1, 0)
        scope.addWidget(QLabel("from"), 1, 1)
        scope.addWidget(self.since, 1, 2)
        scope.addWidget(QLabel("to"), 1, 3)
        scope.addWidget(self.until, 1, 4)
        scope.addWidget(self.since.error, 2, 2)
        scope.addWidget(self.until.error, 2, 4)
        scope.setColumnStretch(2, 1)
        scope.setColumnStretch(4, 1)

        self.summary = QLabel(objectName="agreementSummary", wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                              textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QLabel("Measuring…", objectName="agreementProgress")
        self.progress.hide()
        heading = QHBoxLayout()
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignTop)

        self.results_page = QWidget(objectName="agreementResults")
        self.results_layout = QVBoxLayout(self.results_page)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.results_page)
        self.empty = EmptyState("Measuring…", "")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(scroll)

        self.export_button = QPushButton("Export CSV…", enabled=False)
        self.export_button.setToolTip("Write the statistics shown, as `factcheck review agreement --csv` does")
        self.export_button.clicked.connect(self.choose_file_and_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(scope)
        layout.addSpacing(4)
        layout.addLayout(heading)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)

        self.recompute_timer = QTimer(self, singleShot=True, interval=RECOMPUTE_DELAY_MS)
        self.recompute_timer.timeout.connect(self.refresh)
        window.runner.changed.connect(self._library_changed)

    # ----------------------------------------------------------------- scope

    def set_article(self, article_id: int | None, title: str = "") -> None:
        """The window's open article (None: none is open) for "This article", which it then shows."""
        self.article_id = article_id
        self.article_choice.setEnabled(article_id is not None)
        title = (title if len(title) <= 70 else title[:69].rstrip() + "…").replace("&", "&&")  # "&": a shortcut
        self.article_choice.setText(f"This article: “{title}”" if article_id is not None and title
                                    else "This article" if article_id is not None else "This article (none is open)")
        choice = self.article_choice if article_id is not None else self.desk_choice
        if choice.isChecked():
            self.refresh()
        else:
            choice.setChecked(True)  # measured by _scope_changed

    def _scope_changed(self) -> None:
        desk = self.desk_choice.isChecked()
        for field in (self.since, self.until):
            field.setEnabled(desk)
        self.refresh()

    def _dates_edited(self) -> None:
        if (self.since.text(), self.until.text()) != self._dates_read:  # leaving a field unchanged measures nothing
            self.refresh()

    def period(self) -> tuple[str | None, str | None] | None:
        """The desk's period as ISO days (None: no limit); None, with the reason under a field, if it cannot be read."""
        days = []
        self.since.clear_error()
        self.until.clear_error()
        for field in (self.since, self.until):
            try:
                days.append(field.date())
                field.set_date(days[-1])  # as people read it: 1 January 2020
            except InvalidDate as error:
                field.show_error(str(error))
                return None
        since, until = days
        if since and until and since > until:
            self.until.show_error(f"The last day is before the first ({format_date(since)}).")
            return None
        return since, until

    def _describe_scope(self, since: str | None, until: str | None) -> str:
        if self.article_choice.isChecked():
            return "this article's submitted proposals"
        if since and until:
            return f"the desk's proposals submitted from {format_date(since)} to {format_date(until)} (UTC)"
        if since or until:
            return (f"the desk's proposals submitted from {format_date(since)} on (UTC)" if since else
                    f"the desk's proposals submitted until {format_date(until)} (UTC)")
        return "all the desk's submitted proposals"

    # --------------------------------------------------------------- measuring

    def refresh(self) -> None:
        """Measure again on the runner's worker, for the scope and period chosen; "Measuring…" until it answers."""
        self.recompute_timer.stop()
        article_id = self.article_id if self.article_choice.isChecked() else None
        if article_id is None and not self.desk_choice.isChecked():
            return  # no scope yet (while set_article chooses one)
        since = until = None
        if article_id is None:
            period = self.period()
            self._dates_read = (self.since.text(), self.until.text())
            if period is None:  # the field says why; no figures for a period other than the one typed
                self._asked += 1  # a measurement still running is for another period
                self.progress.hide()
                self.results = []
                self._clear_tables()
                self.export_button.setEnabled(False)
                self.summary.setText("")
                self.empty.say("Correct the period", "The agreement is measured once both days can be read and "
                               "the first is not after the last.")
                self.pages.setCurrentWidget(self.empty)
                return
            since, until = period
        self._asked += 1
        asked = self._asked
        self.progress.show()
        self.export_button.setEnabled(False)
        described = self._describe_scope(since, until)
        self.main_window.runner.run(lambda store: measure(store, article_id, since, until),
                                    lambda outcome: self._measured(asked, outcome.result, described),
                                    lambda error: self._failed(asked, error), what="Measuring agreement")

    def _library_changed(self, outcome) -> None:
        if outcome.changes and not self._closed:  # a read (ours among them) changes nothing
            self.recompute_timer.start()

    def _measured(self, asked: int, results: list, described: str) -> None:
        if self._closed or asked != self._asked:
            return  # closed, or overtaken by a newer scope
        self.progress.hide()
        self.scope_text = described
        self.results = [(scale, result) for scale, result in results if result.claims]
        self._show_results(results)

    def _failed(self, asked: int, error: BaseException) -> None:
        if self._closed or asked != self._asked:
            return
        self.progress.hide()
        self.results = []
        self._clear_tables()
        if isinstance(error, (LibraryError, KeyError, ValueError)):  # the library's refusal, or a deleted article
            message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
        else:
            log.error("could not measure agreement", exc_info=error)
            message = f"Something went wrong ({type(error).__name__}: {error}); the log has the details."
        self.summary.setText("")
        self.empty.say("Agreement could not be measured", message)
        self.pages.setCurrentWidget(self.empty)

    # ----------------------------------------------------------------- showing

    def _show_results(self, results: list) -> None:
        self._clear_tables()
        if not self.results:
            self.summary.setText("")
            where = "in this article" if self.article_choice.isChecked() else "in this period"
            self.empty.say(f"No claim has been rated by two reviewers {where} yet",
                           f"Agreement is measured on {self.scope_text}, over claims that two or more reviewers "
                           "proposed a verdict for. On a claim's Review tab, “Ask…” asks colleagues for a second "
                           "opinion." + (" Or widen the period." if self.desk_choice.isChecked() else ""))
            self.pages.setCurrentWidget(self.empty)
            return
        by_scale = ", scale by scale" if self.desk_choice.isChecked() else ""
        self.summary.setText(f"Measured on {self.scope_text}: claims that two or more reviewers rated{by_scale}. "
                             f"Krippendorff reads α ≥ {RELIABLE:.3f} as reliable, and α ≥ {TENTATIVE:.3f} "
                             "as enough for tentative conclusions only.")
        for n, (scale, result) in enumerate(results):
            if n:
                self.results_layout.addSpacing(12)
            self.results_layout.addWidget(QLabel(f"<b>{_escaped(scale.name)}</b>", objectName="scaleHeading",
                                                 textFormat=Qt.TextFormat.RichText))
            if not result.claims:
                self.results_layout.addWidget(QLabel("No claim rated by two or more reviewers.", wordWrap=True))
                continue
            reviewers = _and(result.reviewers)
            self.results_layout.addWidget(QLabel(
                f"{_counted(len(result.reviewers), 'reviewer')} ({_escaped(reviewers)}); "
                f"{_counted(result.claims, 'claim')} rated by at least two of them, with "
                f"{_counted(result.verdicts, 'verdict')}.", wordWrap=True, objectName="scaleSummary",
                textFormat=Qt.TextFormat.RichText))
            self.results_layout.addWidget(self._table(shown_rows(result)))
        self.results_layout.addStretch(1)
        self.pages.setCurrentIndex(1)
        self.export_button.setEnabled(True)

    def _table(self, rows: list[tuple[str, ...]]) -> QTableView:
        table = WholeTableView(objectName="agreementTable")
        table.setModel(StatisticsTableModel(rows, table))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tables.append(table)
        return table

    def _clear_tables(self) -> None:
        self.tables = []
        while self.results_layout.count():
            item = self.results_layout.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.setParent(None)  # out of the dialog now (hidden), freed once the event loop turns
                widget.deleteLater()

    def shown(self) -> list[list[tuple[str, ...]]]:
        """Each table's rows as on screen, scale by scale (for the tests, and what the CSV must match)."""
        return [table.model().rows for table in self.tables]

    # ----------------------------------------------------------------- export

    def choose_file_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export agreement", str(Path.home() / self._suggested_name()),
                                              "CSV (*.csv)")
        if path:
            self.export(Path(path))

    def _suggested_name(self) -> str:
        if self.article_choice.isChecked():
            return f"agreement-article-{self.article_id}.csv"
        period = self.period() or (None, None)
        return "agreement-desk" + "".join(f"-{day}" for day in period if day) + ".csv"

    def export(self, path: Path) -> bool:
        """Write the statistics shown as CSV (``factcheck review agreement --csv``'s columns); False if refused."""
        from factcheck.core.agreement import agreement_csv
        from factcheck.io.files import write_atomically

        try:
            write_atomically(path, agreement_csv(self.results))
        except OSError as error:
            QMessageBox.warning(self, "Not exported", f"Cannot write {path}: {error.strerror or error}. Choose "
                                "another folder or name, or free some disk space, and export again.")
            return False
        rows = sum(len(result.statistics) for _, result in self.results)
        self.main_window.statusBar().showMessage(f"Agreement ({_counted(rows, 'statistic')}) exported to {path}", 8000)
        return True

    # ------------------------------------------------------------------- life

    def closeEvent(self, event) -> None:
        self._closed = True  # a measurement still on the worker finds no dialog to fill
        self.recompute_timer.stop()
        super().closeEvent(event)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
