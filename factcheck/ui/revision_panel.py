"""The claims a revision changed or orphaned, listed for the reviewer: a tab beside the claim editor.

Each claim whose wording a revision changed is listed with the wording it was checked on
and the one it now stands on (the words that differ marked); each orphan with its quote,
the words around it when it was last found, and why it was not found again. Selecting one
selects the claim in the table. "Attach Here" places the selected claim on the words
selected in the article; "Accept New Wording" takes a changed claim as it now reads. Both
are the window's actions (Claim menu, and the article's context menu), each one undoable step.

The tab shows only while the open article has such claims (:class:`~factcheck.ui.claim_tabs.ClaimTabs`);
the panel is built the first time it is shown.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QStackedWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from factcheck.core.anchors import CONTEXT_LENGTH
from factcheck.core.claims import Claim
from factcheck.ui.claims_model import excerpt
from factcheck.ui.palettes import muted
from factcheck.ui.revision_dialog import wording_html
from factcheck.ui.widgets import EmptyState

ORPHAN_HINT = ("Select the words the claim now stands on in the article, then Attach Here. "
               "Its verdict, rationale and sources stay with it.")
CHANGED_HINT = ("If the check holds for the new wording, Accept New Wording. If the claim belongs elsewhere, "
                "select its words in the article and Attach Here.")
NOTHING_HINT = "Select a claim above to see its old and new wording."
LIST_ROWS = 6
"""Entries the list shows before it scrolls: the wordings below keep most of the tab."""


class RevisionPanel(QWidget):
    def __init__(self, window, parent=None) -> None:
        super().__init__(parent, objectName="revisionPanel")
        self.window = window
        self.claim: Claim | None = None
        self.heading = QLabel(objectName="revisionHeading", wordWrap=True)
        self.list = QListWidget(objectName="revisionList")
        self.list.setUniformItemSizes(True)
        self.list.currentItemChanged.connect(self._chosen)
        self.detail = QTextBrowser(objectName="revisionDetail")
        self.detail.setOpenLinks(False)
        self.hint = QLabel(NOTHING_HINT, objectName="revisionHint", wordWrap=True)
        self.attach_button = _mirror(window.attach_action, "Attach Here")
        self.accept_button = _mirror(window.accept_wording_action, "Accept New Wording")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.accept_button)
        buttons.addStretch(1)

        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(12, 10, 12, 10)
        listing_layout.addWidget(self.heading)
        listing_layout.addWidget(self.list)
        listing_layout.addWidget(self.detail, 1)
        listing_layout.addWidget(self.hint)
        listing_layout.addLayout(buttons)
        self.empty = EmptyState("Every claim is placed",
                                "No claim of this article waits to be placed again or to have its new wording "
                                "accepted.")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(listing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.refresh()

    def refresh(self) -> None:
        """List the open article's changed and orphaned claims again (the selection kept)."""
        claims = self.window.claims_model.needing_review()
        article = self.window.controller.article
        self.pages.setCurrentIndex(1 if claims else 0)
        changed = sum(1 for c in claims if not c.orphan)
        orphaned = len(claims) - changed
        parts = [f"{changed} with changed wording" if changed else "",
                 f"{orphaned} orphaned" if orphaned else ""]
        when = f" (revision {article.revision})" if article is not None and article.revision > 1 else ""
        self.heading.setText(f"<b>To look at again{html.escape(when)}:</b> "
                             f"{' and '.join(p for p in parts if p) or 'none'}")
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for claim in claims:
                what = "orphaned" if claim.orphan else "changed"
                item = QListWidgetItem(f"{claim.number} · {what} · {excerpt(claim.quote, 90)}")
                item.setData(Qt.ItemDataRole.UserRole, claim.id)
                item.setToolTip(claim.quote)
                self.list.addItem(item)
        finally:
            self.list.blockSignals(False)
        rows = min(max(len(claims), 2), LIST_ROWS)
        row_height = self.list.sizeHintForRow(0) if claims else self.list.fontMetrics().height() + 4
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)
        self.show_claim(self.window.claims_model.claim(self.claim.id) if self.claim else None)

    def show_claim(self, claim: Claim | None) -> None:
        """The claim selected in the window: its entry chosen and its wordings shown (if it is listed)."""
        self.claim = claim
        row = next((i for i in range(self.list.count())
                    if claim is not None and self.list.item(i).data(Qt.ItemDataRole.UserRole) == claim.id), -1)
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        listed = claim is not None and claim.needs_review
        self.detail.setHtml(self._detail_html(claim) if listed else "")
        self.hint.setText(ORPHAN_HINT if listed and claim.orphan else CHANGED_HINT if listed else NOTHING_HINT)

    def _chosen(self, item: QListWidgetItem | None, previous) -> None:
        if item is not None:
            self.window.claims_panel.select_claim(item.data(Qt.ItemDataRole.UserRole))

    def _detail_html(self, claim: Claim) -> str:
        palette = self.detail.palette()
        quiet = muted(palette.color(QPalette.ColorRole.Text).name(), palette.color(QPalette.ColorRole.Base).name())
        label = f'<span style="color:{quiet}">{{}}</span>'
        if claim.orphan:
            why = self._why(claim.id) or "its words are not in the current text"
            around = (f"…{html.escape(_tail(claim.anchor.prefix))}<b>{html.escape(claim.quote)}</b>"
                      f"{html.escape(_head(claim.anchor.suffix))}…")
            return (f"<p><b>Claim {claim.number}</b> · orphaned: {html.escape(why)}</p>"
                    f"<p>{label.format(f'In revision {claim.placed_on}:')} {around}</p>")
        old, new = wording_html(claim.old_quote or claim.quote, claim.quote, palette)
        # (placed_on is the revision it was last placed on, not the one that changed its words: no number here)
        return (f"<p><b>Claim {claim.number}</b> · checked on an earlier wording</p>"
                f"<p>{label.format('Checked on:')} “{old}”</p>"
                f"<p>{label.format('Now reads:')} “{new}”</p>")

    def _why(self, claim_id: int) -> str:
        checks = getattr(self.window, "revision_checks", None)
        return checks.whys.get(claim_id, "") if checks is not None else ""


def _mirror(action, text: str) -> QPushButton:
    """A push button that runs ``action`` and is enabled when it is."""
    button = QPushButton(text)
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    button.setEnabled(action.isEnabled())
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button


def _tail(prefix: str) -> str:
    """The context before a quote, from its first whole word (a full prefix was cut at a character count)."""
    words = prefix.replace("\n", " ").split(" ")
    return " ".join(words[1:] if len(prefix) >= CONTEXT_LENGTH and len(words) > 1 else words)


def _head(suffix: str) -> str:
    words = suffix.replace("\n", " ").split(" ")
    return " ".join(words[:-1] if len(suffix) >= CONTEXT_LENGTH and len(words) > 1 else words)
