"""The claim editor, its review and its history, one tab each (the panels: :mod:`factcheck.ui.review_panel`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from factcheck.core.claims import Claim
    from factcheck.ui.review_panel import HistoryPanel, ReviewPanel


class ClaimTabs(QTabWidget):
    """The claim editor, its review and its history, one tab each; the review and history follow the selection.

    The Review and History panels are built the first time their tab is shown: the window's
    first paint does not wait for them.
    """

    def __init__(self, window, editor) -> None:
        super().__init__(objectName="claimTabs")
        self.setDocumentMode(True)  # no framed pane: the editor keeps the window's background (and its contrasts)
        self.window = window
        self.review: ReviewPanel | None = None
        self.history: HistoryPanel | None = None
        self.claim: Claim | None = None
        self.addTab(editor, "Claim")
        self.addTab(QWidget(), "Review")
        self.addTab(QWidget(), "History")
        self.currentChanged.connect(self._shown)
        window.runner.changed.connect(lambda _: self._follow())

    def _shown(self, index: int) -> None:
        if index == 1 and self.review is None:
            from factcheck.ui.review_panel import ReviewPanel

            self.review = ReviewPanel(self.window)
            self._replace(1, self.review, "Review")
        elif index == 2 and self.history is None:
            from factcheck.ui.review_panel import HistoryPanel

            self.history = HistoryPanel(self.window)
            self._replace(2, self.history, "History")
        self.show_claim(self.claim)

    def show_review(self) -> ReviewPanel:
        """The Review tab, shown (and built if it was not): the Review menu's commands act through it."""
        self.setCurrentIndex(1)
        return self.review

    def show_history(self) -> None:
        self.setCurrentIndex(2)
        self.history.list.setFocus()

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
        """Only the tab on screen reads the library: the others catch up when shown."""
        self.claim = claim
        shown = self.currentWidget()
        for panel in (self.review, self.history):
            if panel is None:
                continue
            if panel is shown:
                panel.show_claim(claim)
            else:
                panel.claim = claim

    def _follow(self) -> None:
        shown = self.currentWidget()
        if shown is not None and shown in (self.review, self.history):
            shown.refresh()
