"""Edit ▸ Search the Library… (Ctrl+Shift+F): one box over the whole library, results as you type.

A window of its own beside the main window (one per main window; the shortcut again
brings it forward with its box selected). What the reviewer types is searched when they
pause (:data:`DEBOUNCE_MS`), on a worker thread with a handle of its own
(:mod:`factcheck.ui.search_worker`); an answer to anything but the latest request is
dropped, and "Searching…" shows only when an answer is slow to come. The results are
grouped by article, each hit a line with its snippet marked
(:mod:`factcheck.ui.search_results`, :mod:`factcheck.ui.search_delegate`), then the
published fact-checks.

Down moves from the box into the results; Enter or a double click opens a hit in the main
window (a claim's hit selects the claim; a hit in the text finds its words there), which
comes forward while this window stays open for the next hit; Esc closes it. The results
follow the library: an edit committed, a colleague's change, an import or a restore runs
the search again, keeping the line that was selected.

Loaded when first asked for (``window_menus``), never at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QStackedWidget, QVBoxLayout, QWidget

from factcheck.core.claims import is_openable_url
from factcheck.store import LibraryError
from factcheck.ui.search_delegate import SearchResultDelegate
from factcheck.ui.search_results import CLAIM_FIELDS, ResultRow, SearchResultsModel, count_text, marked_words
from factcheck.ui.search_worker import SearchWorker
from factcheck.ui.widgets import EmptyState

DEBOUNCE_MS = 150
"""The pause in typing after which the box is searched."""
SLOW_MS = 400
"""How long an answer may take before the window says "Searching…"."""
LIMIT, PER_ARTICLE = 50, 5
"""Articles shown at most, and hits of each."""
GEOMETRY_KEY = "search_window"

SYNTAX_HINT = ('All words must match · "an exact phrase" · -word leaves out · '
               "claimant:  verdict:  status:  reviewer:  outlet:  article:  before:  after:")
FIRST_USE = ("Headlines, article text, claims, claimants, rationales, comments and sources, and the\n"
             "published fact-checks in the library. Case and accents are ignored; \"tax\" finds \"taxes\".\n\n"
             'tax "health service" -rumour\n'
             'claimant:graham verdict:false status:approved\n'
             'reviewer:alice outlet:times article:"town hall" (its headline)\n'
             'after:2024-01-01 before:"1 March 2024"')


def show_search(window) -> SearchWindow:
    """The main window's search window, made at the first call, brought forward with its box selected."""
    search = window.findChild(SearchWindow, "searchWindow")
    if search is None:
        search = SearchWindow(window)
    search.present()
    return search


class SearchWindow(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("searchWindow")
        self.setWindowTitle("Search the Library — factcheck")
        self.main = window
        self._generation = 0  # the request whose answer is wanted; any other answer is dropped
        self._awaited: int | None = None  # that request's generation while its answer is on its way
        self._asked = ""  # the text of that request
        self._shown = ""  # the text whose results are on screen
        self._stale = False  # the library changed while the window was hidden
        self._placed = False

        self.box = QLineEdit(objectName="searchBox", clearButtonEnabled=True)
        self.box.setPlaceholderText("Search headlines, text, claims, claimants, rationales, comments, sources…")
        self.box.setAccessibleName("Search the library")
        self.box.setToolTip(SYNTAX_HINT.replace(" · ", "\n"))
        self.hint = QLabel(SYNTAX_HINT, objectName="hint", wordWrap=True)
        self.problems = QLabel(objectName="fieldError", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.problems.hide()
        self.count = QLabel(objectName="panelCount", textFormat=Qt.TextFormat.PlainText)
        self.error = QLabel(objectName="fieldError", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.error.hide()

        self.model = SearchResultsModel(self)
        self.list = QListView(objectName="searchResults")
        self.list.setModel(self.model)
        self.list.setItemDelegate(SearchResultDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName("Results")
        self.list.doubleClicked.connect(self.open_index)
        self.empty = EmptyState("Search the whole library", FIRST_USE)
        self.empty.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.list)

        top = QVBoxLayout()
        top.setContentsMargins(12, 12, 12, 6)
        top.setSpacing(4)
        for widget in (self.box, self.hint, self.problems, self.count, self.error):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.worker = SearchWorker(lambda: window.library.open_another(), self)
        self.worker.answered.connect(self._answered)
        self.worker.failed.connect(self._failed)
        self.debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.debounce.timeout.connect(self._run)
        self.slow = QTimer(self, singleShot=True, interval=SLOW_MS)
        self.slow.timeout.connect(lambda: self._say_count("Searching…"))

        self.box.textChanged.connect(self._typed)
        self.box.installEventFilter(self)
        self.list.installEventFilter(self)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        for keys in ("Ctrl+Shift+F", "Ctrl+F"):
            QShortcut(QKeySequence(keys), self, self.focus_box)
        window.runner.changed.connect(self._library_changed)
        window.articles_model.modelReset.connect(self._library_changed)  # reloaded: an import, a restore
        window.library_closing.connect(self._library_closing)
        self._show_first_use()

    # ------------------------------------------------------------------ showing

    def present(self) -> None:
        """Show the window (where it was last time), bring it forward and select the box."""
        if not self._placed:
            self._placed = True
            saved = self.main.preferences.window_state(GEOMETRY_KEY)
            if saved is None or not self.restoreGeometry(saved):
                self.resize(760, 620)
                frame = self.main.geometry()
                self.move(frame.center().x() - 380 + frame.width() // 6, frame.top() + 60)
        self.show()
        self.focus_box()

    def focus_box(self) -> None:
        self.raise_()
        self.activateWindow()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    @property
    def shown_query(self) -> str:
        """The text whose results are on screen ("" before anything is searched)."""
        return self._shown

    def is_idle(self) -> bool:
        """Whether what is on screen answers the box as it stands (no pause running, no answer awaited)."""
        return not self.debounce.isActive() and self._awaited is None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale and self.box.text().strip():
            self._stale = False
            self.debounce.start(DEBOUNCE_MS)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._save_geometry()
        self._generation += 1  # an answer on its way is for no one
        self._awaited = None
        self.debounce.stop()
        self.slow.stop()
        self.worker.release()  # the handle closes once the search under way is done; the next opens another
        super().closeEvent(event)

    def _save_geometry(self) -> None:
        if self._placed:
            self.main.preferences.save_window_state(GEOMETRY_KEY, self.saveGeometry())

    # ------------------------------------------------------------------ searching

    def _typed(self, text: str) -> None:
        self._generation += 1  # what is on its way answers a query no longer in the box
        self._awaited = None
        self.slow.stop()
        if not text.strip():
            self.debounce.stop()
            self._show_first_use()
            return
        self.debounce.start(DEBOUNCE_MS)

    def search_now(self) -> None:
        """Search the box's text at once (Enter in the box; tests), not after the pause."""
        self.debounce.stop()
        self._run()

    def _run(self) -> None:
        text = self.box.text()
        if not text.strip():
            return
        if getattr(self.main.backups, "restoring", False):  # the library is closed meanwhile: ask again soon
            self.debounce.start(500)  # (the interval is set again at each start)
            return
        self._generation += 1
        self._awaited = self._generation
        self._asked = text
        self.slow.start()
        self.worker.search(self._generation, text, limit=LIMIT, per_article=PER_ARTICLE + 1)  # one more: "more"

    def _answered(self, generation: int, results) -> None:
        if generation != self._generation:
            return  # the reviewer typed on, or the window closed, meanwhile
        self._awaited = None
        self.slow.stop()
        self.error.hide()
        again = self._asked == self._shown and self.pages.currentWidget() is self.list
        kept = self._current_row().key if again and self._current_row() is not None else None
        scrolled = self.list.verticalScrollBar().value() if again else 0
        self._shown = self._asked
        self.model.show(results, PER_ARTICLE)
        self.problems.setText("\n".join(results.problems))
        self.problems.setVisible(bool(results.problems))
        if results.query.empty:
            self._say_count("")
            self.pages.setCurrentWidget(self.empty)
            self.empty.say("Nothing to look for", "Add a word, a \"phrase\" or a field such as claimant:graham.")
            return
        if not results.articles and not results.published:
            self._say_count("No matches")
            self.pages.setCurrentWidget(self.empty)
            self.empty.say(f"No matches for “{_shortened(self._asked)}”",
                           "Every word must be found: try fewer words, another spelling, or leave a field out.")
            return
        self._say_count(count_text(results))
        self.pages.setCurrentWidget(self.list)
        row = self.model.row_of(kept) if kept is not None else None
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
        self.list.verticalScrollBar().setValue(scrolled)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._awaited = None
        self.slow.stop()
        self._say_count("")
        if isinstance(error, LibraryError):
            self.error.setText(f"Cannot search the library now: {error}")
        else:  # a bug: logged with its traceback by the worker
            self.error.setText(f"The search failed (the details are in the log): {error}")
        self.error.show()

    def _say_count(self, text: str) -> None:
        self.count.setText(text)
        self.count.setVisible(bool(text))

    def _show_first_use(self) -> None:
        self._shown = ""
        self.model.show(None)
        self.problems.hide()
        self.error.hide()
        self._say_count("")
        self.empty.say("Search the whole library", FIRST_USE)
        self.pages.setCurrentWidget(self.empty)

    # ------------------------------------------------------------------ following the library

    def _library_changed(self, outcome=None) -> None:
        """An edit, a colleague's change, a reload: the results may differ; search again (after the pause)."""
        if outcome is not None and hasattr(outcome, "changes") and not outcome.changes:
            return  # nothing the search reads (a backup, an article marked as seen)
        if not self.box.text().strip():
            return
        if self.isVisible():
            self.debounce.start(DEBOUNCE_MS)
        else:
            self._stale = True

    def _library_closing(self) -> None:
        """The library's file closes (the main window closes, or a restore replaces it): let go of it first."""
        self._generation += 1
        self._awaited = None
        self.debounce.stop()
        if getattr(self.main.backups, "restoring", False):
            self.worker.release(wait=True)  # a restore: the window stays; the search opens the new file after
            self._stale = True
            return
        self.worker.shutdown(wait=False)  # a search under way is not waited for: its handle closes as it returns
        self.close()

    # ------------------------------------------------------------------ keyboard and opening

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.box and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            return self.focus_results()
        if watched is self.box and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.debounce.isActive():
                self.search_now()
                return True
            return self.focus_results()
        if watched is self.list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_index(self.list.currentIndex())
            return True
        if watched is self.list and key == Qt.Key.Key_Up and self.list.currentIndex().row() == \
                self.model.first_selectable():
            self.focus_box()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> bool:
        """Move into the results (the line selected before, or the first); False if there are none."""
        if self.pages.currentWidget() is not self.list or self.model.first_selectable() is None:
            return False
        if self._current_row() is None:
            self.list.setCurrentIndex(self.model.index(self.model.first_selectable()))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _current_row(self) -> ResultRow | None:
        return self.model.row(self.list.currentIndex())

    def open_index(self, index: QModelIndex) -> None:
        row = self.model.row(index)
        if row is not None:
            self.open_row(row)

    def open_row(self, row: ResultRow) -> None:
        """Open what the line stands for; this window stays open for the next one."""
        if row.kind == "published":
            url = row.published.check.url.strip()
            if url.lower().startswith(("http://", "https://")) and is_openable_url(url):
                QDesktopServices.openUrl(QUrl(url))
            else:
                self.error.setText(f"Not opened: {url} is not a web address.")
                self.error.show()
            return
        if row.kind in ("article", "more"):
            self.main.show_match(row.article.article_id)
        elif row.kind == "hit":
            hit = row.hit
            if hit.where in CLAIM_FIELDS and hit.claim_id is not None:
                self.main.show_match(row.article.article_id, claim_id=hit.claim_id)
            elif hit.where == "text":
                self.main.show_match(row.article.article_id, words=marked_words(hit.snippet) or self._first_term())
            else:  # the headline: the article opens at its top
                self.main.show_match(row.article.article_id)

    def _first_term(self) -> str:
        from factcheck.core.search_query import parse_query

        terms = parse_query(self._shown).terms
        return terms[0].text if terms else ""


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
