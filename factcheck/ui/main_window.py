"""The main window: builds the three panels and wires them together, in one place.

Library list | article | claims (table above the claim editor). Panels announce
what the user wants; this window passes it to the review controller, which
turns it into a saved, undoable edit.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from factcheck import __version__
from factcheck.core.claims import ClaimStatus, is_openable_url
from factcheck.store import LibraryError, Store, open_store
from factcheck.ui import window_menus
from factcheck.ui.article_panel import ArticlePanel
from factcheck.ui.article_view import has_huge_paragraph
from factcheck.ui.backup_controller import BackupController
from factcheck.ui.claim_editor import ClaimEditor, confirm_approval
from factcheck.ui.claim_tabs import ClaimTabs
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.claims_panel import ClaimsPanel
from factcheck.ui.import_controller import ImportController, sources_from_mime
from factcheck.ui.library_controller import LibraryController
from factcheck.ui.library_model import ArticlesListModel
from factcheck.ui.library_panel import LibraryPanel
from factcheck.ui.operation_runner import OperationRunner
from factcheck.ui.review_controller import ReviewController
from factcheck.ui.settings import Preferences
from factcheck.ui.shared_desk import SharedDesk, resolve_conflict

if TYPE_CHECKING:
    from factcheck.operations import ImportResult
    from factcheck.ui.import_worker import ImportJob  # loaded with the first import

log = logging.getLogger(__name__)

LAST_ARTICLE_DELAY_MS = 500
"""How long after an article opens it is noted as the one to open at the next start."""


class MainWindow(QMainWindow):
    library_closing = Signal()
    """The library's file is about to close (the window closes, or a restore replaces the file): a side window's
    own handle on it (``library.open_another()``) must be closed now, before the file is."""

    def __init__(self, library: Store, preferences: Preferences, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.preferences = preferences
        self.setObjectName("mainWindow")
        self.setWindowTitle("factcheck")
        self.resize(1400, 860)

        self.claims_model = ClaimsTableModel(self)
        self.articles_model = ArticlesListModel(self)
        self.runner = OperationRunner(lambda: self.library.open_another(), self)  # writes, off the UI thread
        self.runner.user = preferences.reviewer_name
        self.controller = ReviewController(library, self.claims_model, self.runner, self)
        self.backups = BackupController(self)
        self.controller.reviewer = preferences.reviewer_name
        self.library_edits = LibraryController(self.controller, self)
        self.importer = ImportController(self, preferences)
        self.importer.imported.connect(self._imported)
        self.importer.imported_from_command.connect(self._imported_from_command)
        self.revision_checks = None
        """File ▸ Check for Updates (ui/revision_check.py), made when first used."""
        self.suggestions = None
        """The open article's suggestions (ui/suggestion_controller.py), made once the first article shows."""
        self.setAcceptDrops(True)
        self._remember_article = QTimer(self, singleShot=True, interval=LAST_ARTICLE_DELAY_MS)
        self._remember_article.timeout.connect(self._write_last_article)

        self.library_panel = LibraryPanel(self.articles_model)
        self.article_panel = ArticlePanel(self.claims_model)
        self.claims_panel = ClaimsPanel(self.claims_model)
        self.editor = ClaimEditor()
        self.editor.is_blind = lambda claim_id: claim_id in self.claims_model.blind  # a second opinion owed
        self.controller.decide = self._decide_status  # to or from Approved: a decision, with a note
        self.controller.selected_claim = lambda: self.claims_panel.selected_claim_id()

        self.right = QSplitter(Qt.Orientation.Vertical, objectName="rightSplitter")
        self.right.addWidget(self.claims_panel)
        self.claim_tabs = ClaimTabs(self, self.editor)  # the editor, the claim's review and its history
        self.right.addWidget(self.claim_tabs)
        self.right.setStretchFactor(0, 2)
        self.right.setStretchFactor(1, 3)
        self.right.setSizes([260, 600])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.library_panel)
        self.splitter.addWidget(self.article_panel)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([260, 640, 500])
        for splitter in (self.splitter, self.right):
            splitter.setChildrenCollapsible(False)
        # At the smallest window the article keeps a readable column; the side panels give way first.
        self.library_panel.setMinimumWidth(150)
        self.article_panel.setMinimumWidth(340)
        self.right.setMinimumWidth(300)
        self.claims_panel.setMinimumHeight(150)  # room for its heading and a two-line hint
        self.setCentralWidget(self.splitter)
        self.saved_label = QLabel()
        self.saved_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widest = max(self.saved_label.fontMetrics().horizontalAdvance(t) for t in ("Saving…", "Not saved", "Saved"))
        self.saved_label.setFixedWidth(widest + 8)  # a new word does not lay the status bar out again
        self.statusBar().addPermanentWidget(self.saved_label)

        window_menus.build_actions(self)
        self._wire()
        self.desk = SharedDesk(self)  # a shared library: who you are, colleagues' changes live, offline
        self.reload_library()
        self.claims_panel.update_empty_state()
        self._claim_selected(None)
        self.restore_layout()

    # ------------------------------------------------------------------ actions

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '').rstrip('…')} ({shown})" if shown else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _undo_redo(self, step) -> None:
        self.editor.flush()  # typing not yet saved is an edit too: it is undone first
        step()

    def _sync_undo_actions(self, *args) -> None:
        undo, redo = self.controller.undo_reach()  # edits still being saved and steps waiting counted
        for action, verb, text in ((self.undo_action, "Undo", undo), (self.redo_action, "Redo", redo)):
            action.setEnabled(text is not None)
            action.setText(f"&{verb} {text.replace('&', '&&')}" if text else f"&{verb}")

    def _rebuild_verdict_menu(self) -> None:
        for action in self.verdict_menu.actions():
            self.removeAction(action)
        self.verdict_menu.clear()
        self._action(self.verdict_menu, "Unrated", lambda: self.editor.set_verdict_by_number(0), "Alt+0")
        for n, verdict in enumerate(self.claims_model.scale.verdicts if self.claims_model.scale else (), 1):
            self._action(self.verdict_menu, verdict.label.replace("&", "&&"),
                         lambda _=False, n=n: self.editor.set_verdict_by_number(n),
                         f"Alt+{n}" if n <= 9 else None, verdict.definition)

    # -------------------------------------------------------------------- wiring

    def _wire(self) -> None:
        c = self.controller
        c.before_edit = self.editor.flush
        c.saving.connect(lambda: self.saved_label.setText("Saving…"))
        c.saved.connect(self._saved)
        c.failed.connect(self._failed)
        c.refused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.confirm_approval = lambda claim, missing: confirm_approval(
            self, self.claims_model.number_of(claim.id), missing)
        c.resolve_conflict = lambda conflict: resolve_conflict(self, conflict, self.claims_model.number_of(
            conflict.claim.id))
        c.claim_selection_requested.connect(self.claims_panel.select_claim)
        self.runner.changed.connect(self._follow_changes)
        c.scale_changed_signal.connect(self._scale_changed)
        c.article_changed.connect(self._article_changed)
        self.library_panel.article_selected.connect(self.open_article)
        self.library_panel.context_menu_requested.connect(self._article_menu)
        self.library_edits.article_removed.connect(self._article_removed)
        self.library_edits.article_returned.connect(self._article_returned)
        self.article_panel.view.claim_clicked.connect(self.claims_panel.select_claim)
        self.article_panel.view.mark_requested.connect(self.mark_selection)
        self.article_panel.view.selectionChanged.connect(lambda: window_menus.sync_placement_actions(self))
        self.claims_panel.claim_selected.connect(self._claim_selected)
        self.claims_panel.scale_chosen.connect(self._choose_scale)
        self.claims_panel.table.doubleClicked.connect(lambda index: self.editor.focus_first_field())
        self.claims_model.dataChanged.connect(self._claim_data_changed)
        self.claims_model.dataChanged.connect(lambda *args: window_menus.sync_placement_actions(self))
        self.claims_model.modelReset.connect(lambda: self._claim_selected(None))
        e = self.editor
        e.field_edited.connect(lambda claim_id, field, value: c.set_claim_field(
            claim_id, field, value, seen=e.base_value(field))
            or (e.keep_unsaved(field) if c.paused else e.show_choice(c.current_claim(claim_id), field)))
        # declined: the box shows what stays; edits paused (offline): the typing stays, to be saved later
        e.status_chosen.connect(lambda claim_id, status: c.set_status(claim_id, status)
                                or e.show_choice(c.current_claim(claim_id), "status"))
        e.delete_requested.connect(c.delete_claim)
        e.add_source_requested.connect(self.add_source)
        e.edit_source_requested.connect(self.edit_source)
        e.remove_source_requested.connect(c.remove_source)
        e.open_link_requested.connect(self.open_link)
        e.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _saved(self, message: str) -> None:
        self.saved_label.setText(message)
        self.backup_if_due("edit", edits=self.controller.take_committed())

    def backup_if_due(self, reason: str, edits: int = 1) -> None:
        self.backups.backup_if_due(reason, edits)

    def reopen_library(self, path) -> None:
        """Open the library file again (after a restore): undo history is dropped, the view rebuilt."""
        self.controller.forget_history()
        self.library_edits.stack.clear()
        try:
            self.library = open_store(path, user=self.preferences.reviewer_name)
        except LibraryError as error:
            try:  # e.g. a full disk: show the library read-only rather than close the window
                self.library = open_store(path, user=self.preferences.reviewer_name, read_only=True)
            except LibraryError:
                QMessageBox.critical(self, "Cannot open the library", str(error))
                self.close()
                return
            QMessageBox.warning(self, "The library is open read-only",
                                f"{error}\n\nYou can read and export; edits will not be saved until "
                                "this is fixed and factcheck is started again.")
        self.controller.library = self.library
        self.claims_model.reset(None, [], None)
        self.article_panel.set_article(None)
        self.reload_library()
        articles = self.library.articles()
        if articles:
            self.open_article(articles[0].id)

    def _failed(self, message: str) -> None:
        self.saved_label.setText("Not saved")
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, "Not saved", message)

    def _follow_changes(self, outcome) -> None:
        """The library list and the editor's suggestions follow what a committed write changed."""
        showing_archived = self.show_archived_action.isChecked()
        for article_id, summary in outcome.summaries.items():
            listed = self.articles_model.row_of(article_id) is not None
            if summary is not None and listed and (summary.archived_at is None or showing_archived):
                self.articles_model.update(summary)  # an article leaving or joining the list is reloaded
        if outcome.changes.claimants:
            self.editor.set_claimants(self.library.claimants())
        article = self.controller.article
        stored = outcome.summaries.get(article.id) if article is not None else None
        if stored is not None and stored.revision != article.revision:  # revised elsewhere, or a revision undone
            self.show_text_again()
            self.claim_tabs.show_revision_list()

    def _scale_changed(self, scale) -> None:
        self.claims_panel.show_scale(scale.key)
        self.editor.set_scale(scale)
        self._rebuild_verdict_menu()

    def _choose_scale(self, key: str) -> None:
        if not self.controller.set_rating_scale(key) and self.claims_model.scale is not None:
            self.claims_panel.show_scale(self.claims_model.scale.key)  # refused: show what is in use

    def _claim_selected(self, claim_id: int | None) -> None:
        claim = self.claims_model.claim(claim_id)
        self.claims_model.mark_changed([claim_id], False)  # looked at now
        self.editor.set_claim(claim, self.claims_model.number_of(claim_id) if claim else None)
        self.claim_tabs.show_claim(claim)
        self.article_panel.view.show_claim(claim_id)
        self.delete_action.setEnabled(claim is not None)
        self.add_source_action.setEnabled(claim is not None)
        window_menus.sync_placement_actions(self)

    def _claim_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        current = self.editor.claim
        row = self.claims_model.row_of(current.id) if current else None
        if row is not None and top.row() <= row <= bottom.row():
            self.editor.set_claim(self.claims_model.claim_at(row), self.claims_model.number_of(current.id))

    # ------------------------------------------------------------------ articles

    def reload_library(self) -> None:
        self.articles_model.reset(self.library.articles(archived=self.show_archived_action.isChecked()))
        self.editor.set_claimants(self.library.claimants())
        current = self.claims_model.scale.key if self.claims_model.scale else self.preferences.default_scale
        self.claims_panel.set_scales(self.library.scales(), current)  # an import may have brought a scale

    def open_article(self, article_id: int) -> None:
        if self.backups.restoring:  # the library is closed meanwhile; the restore opens an article after
            return
        self.editor.flush()
        try:
            article = self.controller.open_article(article_id)
        except KeyError:
            self.statusBar().showMessage(f"Article {article_id} is no longer in the library.", 5000)
            return
        except LibraryError as error:  # offline, say: the article on screen stays
            self.statusBar().showMessage(f"Cannot open the article now: {error}", 10000)
            return
        slow = len(article.text) > 300_000 or has_huge_paragraph(article.text)
        if slow:  # Qt lays out a very long text in one go: say so rather than seem frozen
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.statusBar().showMessage(f"Laying out “{article.title}” ({len(article.text):,} characters)…")
            QApplication.processEvents()
        try:
            self.article_panel.set_article(article)
        finally:
            if slow:
                QApplication.restoreOverrideCursor()
                self.statusBar().clearMessage()
        self.library_panel.select_article(article_id)
        self.library_edits.opened(article_id)  # seen now: its "changed since you looked" marks go
        self.claims_panel.show_scale(self.claims_model.scale.key)
        self.editor.set_scale(self.claims_model.scale)
        self._rebuild_verdict_menu()
        self._claim_selected(None)
        self.setWindowTitle(f"{article.title} — factcheck")
        window_menus.sync_revision_actions(self)
        window_menus.suggest_soon(self)
        self._remember_article.start()  # the next start opens it (see _write_last_article)

    def show_text_again(self) -> None:
        """The open article's text was replaced (a revision, or its undo): show it as stored, with its claims."""
        selected = self.claims_panel.selected_claim_id()
        self.article_panel.set_article(None)  # the claims' new places are not painted on the old text
        article = self.controller.open_article(self._open_article_id())
        self.article_panel.set_article(article)
        self._article_changed(article)
        self.claims_panel.select_claim(selected)

    def show_match(self, article_id: int, claim_id: int | None = None, words: str = "") -> None:
        """Open an article at a match: select ``claim_id``'s claim, or find ``words`` in the text.

        The library search and the claims view across the library open what the reviewer chose so.
        """
        if self._open_article_id() != article_id:
            self.open_article(article_id)
            if self._open_article_id() != article_id:
                return  # gone or unreachable: open_article has said so
        if claim_id is not None and self.claims_model.row_of(claim_id) is not None:
            self.claims_panel.select_claim(claim_id)
        elif words:
            self.article_panel.find_words(words)
        self.raise_()
        self.activateWindow()

    def import_paths(self, sources: list) -> ImportJob:
        """Import files, folders or URLs in the background; the last one opens when done."""
        return self.importer.start(list(sources))

    def _imported(self, results: list[ImportResult]) -> None:
        self.reload_library()
        if results:
            if self.articles_model.row_of(results[-1].article_id) is None:  # an archived article imported again
                self.show_archived_action.setChecked(True)
                self.reload_library()
            self.open_article(results[-1].article_id)
            self.backup_if_due("edit", edits=sum(r.created for r in results))
        elif self.controller.article is None:  # only published fact-checks came in: an article, not an empty pane
            listed = self.library.articles()
            if listed:
                self.open_article(listed[0].id)

    def import_from_command(self, sources: list[str], done) -> ImportJob:
        """Import what ``factcheck import`` in another process handed over; ``done(results, failures, cancelled)``."""
        return self.importer.start_for_command(sources, done)

    def _imported_from_command(self, results: list[ImportResult]) -> None:
        """The new articles join the list at once; the article being read stays open."""
        self.reload_library()
        if self.controller.article is not None:
            self.library_panel.select_article(self.controller.article.id)
        elif results:
            self.open_article(results[-1].article_id)
        if results:
            self.backup_if_due("edit", edits=sum(r.created for r in results))

    def edit_claimant(self) -> None:
        from factcheck.ui.claimant_dialog import edit_claimant

        self.editor.flush()
        edit_claimant(self, self.claims_model.claim(self.claims_panel.selected_claim_id()))

    # ------------------------------------------------- deleting and archiving

    def _article_menu(self, article_id: int, where) -> None:
        self.library_edits.show_menu(article_id, where, self)

    def archive_article(self, article_id: int | None = None, archived: bool = True) -> None:
        if (article_id := article_id if article_id is not None else self._open_article_id()) is not None:
            self.library_edits.set_archived(article_id, archived)

    def delete_article(self, article_id: int | None = None) -> None:
        if (article_id := article_id if article_id is not None else self._open_article_id()) is not None:
            self.library_edits.ask_and_delete(article_id, self)

    def _write_last_article(self) -> None:
        """Note the open article for the next start. Done a moment after it opens, and at close: a value set
        in the settings is written (two fsyncs) at the next turn of the event loop, which at a first start
        would come before the window's first paint."""
        if self._open_article_id() is not None:
            self.preferences.set_last_article(self._open_article_id())

    def _open_article_id(self) -> int | None:
        return self.controller.article.id if self.controller.article is not None else None

    def _article_removed(self, article_id: int, message: str) -> None:
        if self._open_article_id() == article_id:  # leave it on screen no longer; its undo stays active
            self.controller.article = None
            self.claims_model.reset(None, [], None)
            self.article_panel.set_article(None)
            self.setWindowTitle("factcheck")
            window_menus.sync_revision_actions(self)
        self.reload_library()
        self.statusBar().showMessage(message, 15000)

    def _article_returned(self, article_id: int, message: str) -> None:
        self.reload_library()
        if self._open_article_id() is None and self.articles_model.row_of(article_id) is not None:
            self.open_article(article_id)
        self.statusBar().showMessage(message, 8000)

    def edit_article_details(self) -> None:
        from factcheck.ui.article_details_dialog import ArticleDetailsDialog

        if self.controller.article is None:
            return
        dialog = ArticleDetailsDialog(self.controller.article, self)
        if dialog.exec():
            self.controller.set_article_details(dialog.values())

    def _article_changed(self, article) -> None:
        self.article_panel.set_header(article)
        self.setWindowTitle(f"{article.title} — factcheck")
        window_menus.sync_revision_actions(self)

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event) -> None:
        if sources_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        sources = sources_from_mime(event.mimeData())
        if sources:
            event.acceptProposedAction()
            self.import_paths(sources)

    # ------------------------------------------------------------------- claims

    def mark_selection(self) -> None:
        self.editor.flush()
        span = self.article_panel.view.claim_span()  # whole words unless selected with Alt
        if span is None:
            self.statusBar().showMessage("Select the words of a claim in the article first, then press Ctrl+M.", 6000)
            return
        self.controller.reviewer = self.runner.user  # Preferences' name, or a shared library's login
        self.controller.mark_claim(*span)  # once saved, the new claim is shown in place of the selection

    def delete_selected_claim(self) -> None:
        claim_id = self.claims_panel.selected_claim_id()
        if claim_id is not None:
            self.controller.delete_claim(claim_id)

    def _decide_status(self, claim, status: ClaimStatus) -> None:
        from factcheck.core.workflow import Decision
        from factcheck.ui.review_panel import decide_with_note

        action = Decision.APPROVE if status == ClaimStatus.APPROVED else \
            Decision.REOPEN if status == ClaimStatus.IN_REVIEW else Decision.RETURN
        decide_with_note(self, claim, action)

    def set_status(self, status: ClaimStatus) -> None:
        claim_id = self.claims_panel.selected_claim_id()
        if claim_id is not None:
            self.controller.set_status(claim_id, status)

    # The dialogs are imported when first opened: they are not needed to show the window.

    def add_source(self, claim_id: int) -> None:
        from factcheck.ui.source_dialog import SourceDialog

        dialog = SourceDialog(parent=self)
        if dialog.exec():
            self.controller.add_source(claim_id, dialog.value())

    def edit_source(self, source) -> None:
        from factcheck.ui.source_dialog import SourceDialog

        dialog = SourceDialog(source, parent=self)
        if dialog.exec():
            self.controller.edit_source(source, dialog.value())

    def open_link(self, url: str) -> None:
        if not is_openable_url(url):
            self.statusBar().showMessage(f"Not opened: {url} is not an http, https or mailto link.", 8000)
            return
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(url))

    # ------------------------------------------------------------------- dialogs

    def show_preferences(self) -> None:
        from factcheck.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.preferences, self.library.scales(), self)
        if dialog.exec():
            self.apply_reviewer_name()

    def apply_reviewer_name(self) -> None:
        """New claims and history rows from now on carry the name in preferences (a shared library's: the login).

        The claims blind to the reviewer are the new name's: the table, Checked Before and the
        search window's handle follow.
        """
        if self.desk.shared:
            return
        name = self.preferences.reviewer_name
        self.controller.reviewer = self.library.user = self.runner.user = name
        if self.controller.article is not None:
            self.controller.refresh_blind()
        self.claim_tabs.reviewer_renamed(name)
        search = self.findChild(QWidget, "searchWindow")
        if search is not None:
            search.worker.release()  # its next search opens a handle under the new name

    def show_export(self) -> None:
        from factcheck.operations import report_for
        from factcheck.ui.export_dialog import ExportDialog

        article = self.controller.article
        if article is None:
            self.statusBar().showMessage("Open an article to export its report.", 5000)
            return
        self.editor.flush()
        dialog = ExportDialog(
            lambda options, fmt: report_for(self.library, article.id, options, self.preferences.organisation, fmt),
            self.preferences, article.title, self, review_url=article.review_url,
            save_review_url=lambda url: self.controller.set_article_details({"review_url": url}),
            open_preferences=self.show_preferences)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its report can be large: free it
        if dialog.exec() and dialog.written:
            self.statusBar().showMessage(f"Exported to {dialog.written}", 8000)

    def show_shortcuts(self) -> None:
        from factcheck.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, "About factcheck",
                          f"<b>factcheck {__version__}</b><br>An annotation desk for fact-checkers.<br>"
                          f"Library: {self.library.location}")

    # -------------------------------------------------------------------- layout

    def restore_layout(self) -> None:
        for key, restore in (("geometry", self.restoreGeometry), ("state", self.restoreState),
                             ("main_splitter", self.splitter.restoreState),
                             ("right_splitter", self.right.restoreState),
                             ("claims_header", self.claims_panel.table.horizontalHeader().restoreState)):
            value = self.preferences.window_state(key)
            if value is not None:
                restore(value)
        self.claims_panel.fit_number_column()  # a saved header state carries its own sizing mode

    def save_layout(self) -> None:
        p = self.preferences
        self._write_last_article()
        p.save_window_state("geometry", self.saveGeometry())
        p.save_window_state("state", self.saveState())
        p.save_window_state("main_splitter", self.splitter.saveState())
        p.save_window_state("right_splitter", self.right.saveState())
        p.save_window_state("claims_header", self.claims_panel.table.horizontalHeader().saveState())
        p.settings.sync()

    def closeEvent(self, event) -> None:
        self.editor.flush()
        failures = self.controller.failures
        self.runner.wait_idle()  # every edit handed over is committed, or its failure shown, before the window goes
        if self.controller.failures != failures:
            event.ignore()  # an edit was not saved: the reviewer has been told, and keeps the window to act on it
            return
        self.library_closing.emit()
        self.desk.close()
        for what, error in self.runner.close():  # failed in the last moment, after the wait
            QMessageBox.warning(self, "Not saved", f"“{what}” was not saved: {error}")
        self.save_layout()
        super().closeEvent(event)
