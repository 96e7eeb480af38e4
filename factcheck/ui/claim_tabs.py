"""The claim editor, its review, its history and what it is like, one tab each.

The panels: :mod:`factcheck.ui.review_panel`, :mod:`factcheck.ui.checked_before_panel`, and
while the open article has claims a revision changed or orphaned, :mod:`factcheck.ui.revision_panel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from factcheck.core.claims import Claim
    from factcheck.ui.checked_before_panel import CheckedBeforePanel
    from factcheck.ui.checked_before_worker import CheckedBefore
    from factcheck.ui.review_panel import HistoryPanel, ReviewPanel
    from factcheck.ui.revision_panel import RevisionPanel

CHECKED_BEFORE = "Checked Before"
REVISION = "Revision"
REVISION_TIP = ("Claims a revision of the article changed the wording of or orphaned: accept the new wording, "
                "or attach them to the words they now stand on")


class ClaimTabs(QTabWidget):
    """The claim editor, its review, its history and its matches, one tab each; all but the editor follow the selection.

    The Review, History and Checked Before panels are built the first time their tab is shown:
    the window's first paint does not wait for them. The claim's matches are looked up on a
    worker whenever a claim is selected (or marked), from the first selection on, so the tab's
    title can say at a glance how many are close: "Checked Before (3)".
    """

    def __init__(self, window, editor) -> None:
        super().__init__(objectName="claimTabs")
        self.setDocumentMode(True)  # no framed pane: the editor keeps the window's background (and its contrasts)
        self.window = window
        self.review: ReviewPanel | None = None
        self.history: HistoryPanel | None = None
        self.checked_before: CheckedBeforePanel | None = None
        self.revision: RevisionPanel | None = None
        self._revision_page: QWidget | None = None
        """The Revision tab's page (its panel once built), while the tab shows."""
        self.lookups: CheckedBefore | None = None
        """The look-ups of the selected claim's matches (from the first claim selected)."""
        self._matches_stale = False
        self.claim: Claim | None = None
        self.addTab(editor, "Claim")
        self.addTab(QWidget(), "Review")
        self.addTab(QWidget(), "History")
        self.addTab(QWidget(), CHECKED_BEFORE)
        self.setTabToolTip(3, "Claims like this one, in this library and in published fact-checks")
        self.currentChanged.connect(self._shown)
        model = window.claims_model
        model.modelReset.connect(lambda: self.sync_revision_tab(reset=True))
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.sync_revision_tab)
        window.runner.changed.connect(self._follow)
        window.library_closing.connect(self._library_closing)

    def _shown(self, index: int) -> None:
        if index == 1 and self.review is None:
            from factcheck.ui.review_panel import ReviewPanel

            self.review = ReviewPanel(self.window)
            self._replace(1, self.review, "Review")
        elif index == 2 and self.history is None:
            from factcheck.ui.review_panel import HistoryPanel

            self.history = HistoryPanel(self.window)
            self._replace(2, self.history, "History")
        elif index == 3 and self.checked_before is None:
            from factcheck.ui.checked_before_panel import CheckedBeforePanel

            self.checked_before = CheckedBeforePanel(self.window)
            self._replace(3, self.checked_before, self.tabText(3))
        elif self.revision is None and self._revision_page is not None and self.widget(index) is self._revision_page:
            from factcheck.ui.revision_panel import RevisionPanel

            self.revision = RevisionPanel(self.window)
            self._replace(index, self.revision, self.tabText(index))
            self.setTabToolTip(index, REVISION_TIP)
            self._revision_page = self.revision
        elif self.revision is not None and self.widget(index) is self.revision:
            self.revision.refresh()
        if index == 3:
            self._show_matches()
        self.show_claim(self.claim)

    def show_review(self) -> ReviewPanel:
        """The Review tab, shown (and built if it was not): the Review menu's commands act through it."""
        self.setCurrentIndex(1)
        return self.review

    def show_history(self) -> None:
        self.setCurrentIndex(2)
        self.history.list.setFocus()

    def show_checked_before(self) -> CheckedBeforePanel:
        self.setCurrentIndex(3)
        return self.checked_before

    def sync_revision_tab(self, *args, reset: bool = False) -> None:
        """Show the Revision tab, titled with how many claims wait, while the open article has any.

        Once none wait the tab goes, unless it is on screen (it then says so, and goes with the
        article: ``reset``, the claims of another article or text).
        """
        count = self.window.claims_model.needing_review_count()
        index = self.indexOf(self._revision_page) if self._revision_page is not None else -1
        if count and index < 0:
            self._revision_page = self.revision or QWidget()
            index = self.addTab(self._revision_page, REVISION)
            self.setTabToolTip(index, REVISION_TIP)
        elif not count and index >= 0 and (reset or self.currentIndex() != index):
            self.removeTab(index)
            self._revision_page = None
            return
        if index < 0:
            return
        title = f"{REVISION} ({count})" if count else REVISION
        if self.tabText(index) != title:
            self.setTabText(index, title)
        if self.revision is not None and self.currentWidget() is self.revision:
            self.revision.refresh()

    def show_revision_list(self, reveal: bool = False) -> None:
        """The Revision tab as the claims stand now; brought forward (``reveal``) if any claim waits."""
        self.sync_revision_tab()
        if reveal and self._revision_page is not None:
            self.setCurrentIndex(self.indexOf(self._revision_page))

    def _replace(self, index: int, panel: QWidget, title: str) -> None:
        self.blockSignals(True)
        try:
            placeholder = self.widget(index)
            self.removeTab(index)
            self.insertTab(index, panel, title)
            self.setCurrentIndex(index)
            placeholder.deleteLater()
        finally:
            self.blockSignals(False)

    def show_claim(self, claim: Claim | None) -> None:
        """Only the tab on screen reads the library: the others catch up when shown. The matches are looked up."""
        self.claim = claim
        shown = self.currentWidget()
        for panel in (self.review, self.history, self.revision):
            if panel is None:
                continue
            if panel is shown:
                panel.show_claim(claim)
            else:
                panel.claim = claim
        if claim is not None and self.lookups is None:
            from factcheck.ui.checked_before_worker import CheckedBefore

            self.lookups = CheckedBefore(lambda: self.window.library.open_another(),
                                         lambda: self.window.claims_model.blind, self,
                                         busy=lambda: not self.window.runner.is_idle())
            self.lookups.found.connect(self._found)
            self.lookups.looking.connect(lambda _: self.checked_before and self.checked_before.looking())
            self.lookups.failed.connect(self._failed)
        if self.lookups is not None:
            self.lookups.follow(claim)

    def _found(self, matches) -> None:
        close = matches.close if matches is not None else 0
        title = f"{CHECKED_BEFORE} ({close})" if close else CHECKED_BEFORE
        if self.tabText(3) != title:
            self.setTabText(3, title)
        if self.checked_before is not None:
            self.checked_before.show_matches(matches)

    def _failed(self, message: str) -> None:
        self.setTabText(3, CHECKED_BEFORE)  # no count of matches no longer shown
        if self.checked_before is not None:
            self.checked_before.failed(message)

    def _show_matches(self) -> None:
        lookups = self.lookups
        if lookups is None:
            return
        if lookups.error:
            self.checked_before.failed(lookups.error)
        elif lookups.idle() or lookups.matches is not None:
            self.checked_before.show_matches(lookups.matches)
        else:
            self.checked_before.looking()
        if self._matches_stale:  # the library changed while the tab was hidden: looked up again, quietly
            self._matches_stale = False
            lookups.refresh()

    def _follow(self, outcome) -> None:
        if not outcome.changes:  # a read through the runner (the claims view's pages): nothing to read again
            return
        shown = self.currentWidget()
        if shown is not None and shown in (self.review, self.history):
            shown.refresh()
        changes, claim = outcome.changes, self.claim
        if self.lookups is None or claim is None:
            return
        # Another claim or article came, went or changed: the matches may have. The claim's own edits change none.
        if changes.claims - {claim.id} or changes.articles - {claim.article_id} or changes.article_list or changes.scales:
            self.matches_may_have_changed()

    def matches_may_have_changed(self) -> None:
        """Claims or published fact-checks came or went: the selected claim's matches are looked up again."""
        if self.lookups is None or self.claim is None:
            return
        if self.currentWidget() is not None and self.currentWidget() is self.checked_before:
            self.lookups.refresh()
        else:
            self._matches_stale = True

    def reviewer_renamed(self, name: str) -> None:
        """Preferences named another reviewer: the look-ups read as them, and the claim is looked up again.

        The claims blind to them (the window's table follows first) show no matches, nor are listed.
        """
        if self.lookups is None:
            return
        self.lookups.set_user(name)
        if self.claim is not None:
            self.lookups.refresh()

    def _library_closing(self) -> None:
        """The library's file closes (the window closes, or a restore replaces it): the look-ups let go of it."""
        if self.lookups is None:
            return
        if getattr(self.window.backups, "restoring", False):
            self.lookups.release(wait=True)  # the window stays: the next look-up opens the new file
            self._matches_stale = True
        else:
            self.lookups.shutdown()
