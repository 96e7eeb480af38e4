"""View ▸ Changes Between Revisions: what changed in an article from one of its texts to another.

A window of its own (not modal) for the open article: two revision choosers (the previous
and the current when it opens), a summary line (:meth:`~factcheck.core.revision_diff.TextDiff.summary`),
the newer text with what was added marked green and what was removed struck through where it
stood (:mod:`factcheck.ui.revision_diff_document`), Previous and Next Change (Shift+F7, F7), and
the claims: underlined on the newer text where they stand on it, and those a revision left to
review (wording changed, no longer in the article) listed with their old and new wording.

The revisions, their texts and the claims are read, and the texts compared, on the operation
runner's worker (its own handle on the library; a 50,000-word diff takes a few hundred
milliseconds); the window reads again when a committed change touches the article. Loaded when
first asked for, never at the window's start.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget)

from factcheck.core.claims import Claim
from factcheck.core.revision_diff import TextDiff, diff_texts
from factcheck.core.revisions import ArticleRevision
from factcheck.store import LibraryError
from factcheck.ui.revision_diff_document import DiffColors, DiffDocument
from factcheck.ui.widgets import EmptyState

log = logging.getLogger(__name__)

REREAD_DELAY_MS = 250
"""A burst of committed changes to the article (a revision placing every claim) is read once, after it."""


def show_revision_diff(window, article_id: int) -> RevisionDiffDialog:
    """Show the changes between the article's revisions (a window per article, brought to the front)."""
    dialog = next((d for d in window.findChildren(RevisionDiffDialog)
                   if d.article_id == article_id and d.isVisible()), None)
    if dialog is None:
        dialog = RevisionDiffDialog(window, article_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


@dataclass(frozen=True)
class Revisions:
    """What the window reads: the article's revisions, its claims, and the texts of the two chosen."""

    title: str
    current: int
    revisions: tuple[ArticleRevision, ...]
    claims: tuple[Claim, ...]
    older: int
    newer: int
    diff: TextDiff | None


def read_revisions(store, article_id: int, older: int | None, newer: int | None) -> Revisions:
    """The article's revisions and claims, and the diff from ``older`` to ``newer`` (None: the previous
    and the current revision). Runs on the worker."""
    article = store.article(article_id)
    revisions = tuple(store.revisions(article_id))
    numbers = [r.number for r in revisions] or [article.revision]
    newer = newer if newer in numbers else numbers[-1]
    if older not in numbers or older >= newer:  # the one before the newer, else the newer and the one after
        earlier = [n for n in numbers if n < newer]
        later = [n for n in numbers if n > newer]
        older, newer = (earlier[-1], newer) if earlier else (newer, later[0] if later else newer)
    claims = tuple(store.claims(article_id))
    diff = None
    if older != newer:
        def text(number: int) -> str:
            return article.text if number == article.revision else store.revision_text(article_id, number)
        diff = diff_texts(text(older), text(newer))
    return Revisions(article.title, article.revision, revisions, claims, older, newer, diff)


class RevisionDiffDialog(QDialog):
    def __init__(self, window, article_id: int) -> None:
        super().__init__(window)
        self.main_window = window
        self.article_id = article_id
        self.setObjectName("revisionDiffDialog")
        self.setWindowTitle("Changes Between Revisions")
        self.setModal(False)
        self.result: Revisions | None = None
        self.view: DiffDocument | None = None
        self._asked = 0
        self._closed = False

        self.older = QComboBox(objectName="olderRevision")
        self.newer = QComboBox(objectName="newerRevision")
        for combo in (self.older, self.newer):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(self._chosen)
        self.previous_button = QPushButton("Previous Change", objectName="previousChange")
        self.next_button = QPushButton("Next Change", objectName="nextChange")
        self.previous_button.setToolTip("Previous change (Shift+F7)")
        self.next_button.setToolTip("Next change (F7)")
        self.previous_button.clicked.connect(self.previous_change)
        self.next_button.clicked.connect(self.next_change)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, self.next_change)
        QShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F7), self, self.previous_change)
        choosers = QHBoxLayout()
        choosers.addWidget(QLabel("From", buddy=self.older))
        choosers.addWidget(self.older)
        choosers.addWidget(QLabel("to", buddy=self.newer))
        choosers.addWidget(self.newer)
        choosers.addStretch(1)
        choosers.addWidget(self.previous_button)
        choosers.addWidget(self.next_button)

        self.summary = QLabel("Reading the revisions…", objectName="diffSummary", wordWrap=True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.position = QLabel("", objectName="changePosition")
        self.legend = QLabel(objectName="diffLegend", textFormat=Qt.TextFormat.RichText)
        heading = QHBoxLayout()
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.position)

        self.text = QTextBrowser(objectName="diffText", openLinks=False)
        self.text.cursorPositionChanged.connect(self._sync_buttons)
        self.claims_heading = QLabel("Claims to review", objectName="claimsToReviewHeading")
        self.claims_list = QListWidget(objectName="claimsToReview", wordWrap=True)
        self.claims_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.claims_list.setSpacing(3)
        self.claims_list.setAlternatingRowColors(True)
        self.claims_list.itemActivated.connect(self._claim_chosen)
        self.claims_list.itemClicked.connect(self._claim_chosen)
        self.claims_note = QLabel("", objectName="claimsNote", wordWrap=True)
        self.claims_note.setAlignment(Qt.AlignmentFlag.AlignTop)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.claims_heading)
        side_layout.addWidget(self.claims_list, 1)
        side_layout.addWidget(self.claims_note)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 260])

        self.empty = EmptyState("", "")
        self.pages = QStackedWidget()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(heading)
        body_layout.addWidget(self.legend)
        body_layout.addWidget(splitter, 1)
        self.pages.addWidget(body)
        self.pages.addWidget(self.empty)
        self.body = body

        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.pages, 1)
        self._show_legend()
        self._sync_buttons()

        self.reread_timer = QTimer(self, singleShot=True, interval=REREAD_DELAY_MS)
        self.reread_timer.timeout.connect(self.refresh)
        window.runner.changed.connect(self._library_changed)
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(940, 680)

    def done(self, result: int) -> None:
        self._closed = True
        try:
            self.main_window.runner.changed.disconnect(self._library_changed)
        except (RuntimeError, TypeError):
            pass  # already disconnected
        super().done(result)

    # ----------------------------------------------------------------- reading

    def refresh(self, older: int | None = None, newer: int | None = None) -> None:
        """Read the revisions and compare the two chosen (by default those shown) on the runner's worker."""
        self.reread_timer.stop()
        if self.result is not None and older is None and newer is None:
            older, newer = self.result.older, self.result.newer
            if newer == self.result.current:  # follow the article to its newest text
                previous = max((r.number for r in self.result.revisions if r.number < newer), default=None)
                older = None if older == previous else older  # and the previous one, if that was shown
                newer = None
        self._asked += 1
        asked = self._asked
        article_id = self.article_id
        self.main_window.runner.run(lambda store: read_revisions(store, article_id, older, newer),
                                    lambda outcome: self._read(asked, outcome.result),
                                    lambda error: self._failed(asked, error), what="Comparing revisions")

    def _library_changed(self, outcome) -> None:
        if self._closed or not outcome.changes:
            return
        if self.article_id in outcome.changes.articles or any(
                claim is None or claim.article_id == self.article_id for claim in outcome.claims.values()):
            self.reread_timer.start()

    def _chosen(self) -> None:
        older, newer = self.older.currentData(), self.newer.currentData()
        if older is None or newer is None:
            return
        if older > newer:  # chose a "from" after the "to": compare the other way round
            older, newer = newer, older
        elif older == newer:  # the same twice: compare with the one before (or after) it
            older = None
        self.summary.setText("Comparing…")
        self.refresh(older, newer)

    def _read(self, asked: int, result: Revisions) -> None:
        if self._closed or asked != self._asked:
            return
        self.result = result
        self.setWindowTitle(f"Changes Between Revisions — {result.title}")
        self._fill_choosers(result)
        if result.diff is None:
            self.view = None
            self.text.clear()
            self.empty.say("This article has one text so far",
                           "Every revision of its text is kept once there is a newer one "
                           "(File ▸ Check for Updates, or importing the article again).")
            self.pages.setCurrentWidget(self.empty)
            self._sync_buttons()
            return
        self.pages.setCurrentWidget(self.body)
        on_newer = [c for c in result.claims if not c.orphan and c.placed_on == result.newer]
        self.view = DiffDocument(result.diff, DiffColors.of(self.text.palette()), self.text.font(), on_newer)
        self.text.setDocument(self.view.document)
        self.summary.setText(result.diff.summary())
        self._fill_claims(result)
        self._sync_buttons()

    def _failed(self, asked: int, error: BaseException) -> None:
        if self._closed or asked != self._asked:
            return
        if isinstance(error, (LibraryError, KeyError)):  # the library out of reach, or the article gone
            message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
        else:
            log.error("could not compare revisions", exc_info=error)
            message = f"Something went wrong ({type(error).__name__}: {error}); the log has the details."
        self.view = None
        self.empty.say("The revisions could not be read", message)
        self.pages.setCurrentWidget(self.empty)
        self._sync_buttons()

    # ----------------------------------------------------------------- showing

    def _fill_choosers(self, result: Revisions) -> None:
        from factcheck.io.report_presentation import format_timestamp

        for combo, chosen in ((self.older, result.older), (self.newer, result.newer)):
            combo.blockSignals(True)
            combo.clear()
            for revision in result.revisions:
                label = f"Revision {revision.number}"
                if revision.created_at:
                    label += f" — {format_timestamp(revision.created_at)}"
                if revision.current:
                    label += " (current)"
                combo.addItem(label, revision.number)
                tip = [f"From {revision.origin}" if revision.origin else "",
                       f"Brought by {revision.created_by}" if revision.created_by else ""]
                combo.setItemData(combo.count() - 1, "\n".join(t for t in tip if t) or None,
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.setEnabled(len(result.revisions) > 1)
            combo.blockSignals(False)

    def _fill_claims(self, result: Revisions) -> None:
        self.claims_list.clear()
        if result.newer != result.current:
            self.claims_note.setText(f"Claims stand on the current text (revision {result.current}): "
                                     "choose it as the newer one to see them.")
            self.claims_list.hide()
            self.claims_heading.hide()
            return
        self.claims_list.show()
        self.claims_heading.show()
        review = sorted((c for c in result.claims if c.needs_review), key=lambda c: (c.orphan, c.number or 0))
        for claim in review:
            item = QListWidgetItem(_claim_text(claim))
            item.setData(Qt.ItemDataRole.UserRole, claim)
            item.setToolTip(_claim_text(claim, limit=None))
            self.claims_list.addItem(item)
        placed = sum(not c.orphan for c in result.claims)
        if not result.claims:
            self.claims_note.setText("The article has no claims.")
        elif not review:
            self.claims_note.setText(f"No claim to review: {_count(placed)} on this text as checked, "
                                     "underlined.")
        else:
            self.claims_note.setText(f"{_count(placed)} on this text, underlined; {_count(len(review))} "
                                     "to review.")
        self.claims_list.setVisible(bool(review))
        self.claims_heading.setVisible(bool(review))

    def _show_legend(self) -> None:
        colors = DiffColors.of(self.text.palette())
        self.legend.setText(
            f'<span style="background-color:{colors.added_background};color:{colors.added_text}">'
            "&nbsp;added&nbsp;</span>&nbsp;&nbsp;"
            f'<span style="color:{colors.removed_text};background-color:{colors.removed_background};'
            'text-decoration:line-through">&nbsp;removed&nbsp;</span>&nbsp;&nbsp;'
            f'<span style="background-color:{colors.claim_background};text-decoration:underline">'
            "&nbsp;a claim&nbsp;</span>")

    def _claim_chosen(self, item: QListWidgetItem) -> None:
        claim: Claim = item.data(Qt.ItemDataRole.UserRole)
        if self.view is None or self.result is None:
            return
        if claim.orphan:
            spans = self.view.old_spans(claim.start, claim.end) if claim.placed_on == self.result.older else []
        else:
            spans = self.view.new_spans(claim.start, claim.end)
        if spans:
            self._select(spans[0][0], spans[-1][1])

    # ----------------------------------------------------------------- changes

    def _here(self) -> int:
        return self.text.textCursor().selectionStart()

    def next_change(self) -> None:
        """Select the next change (F7): the first after the one selected, or from where the cursor is."""
        k = self._index_after(self._here()) if self.view is not None else None
        if k is not None:
            self._select(*self.view.changes[k])

    def previous_change(self) -> None:
        """Select the change before the one selected, or before the cursor (Shift+F7)."""
        if self.view is None:
            return
        starts = [a for a, _ in self.view.changes]
        k = bisect.bisect_left(starts, self._here()) - 1
        if k >= 0:
            self._select(*self.view.changes[k])

    def _index_after(self, position: int) -> int | None:
        """The first change starting after ``position`` (or at it, when nothing is selected there yet)."""
        starts = [a for a, _ in self.view.changes]
        cursor = self.text.textCursor()
        k = bisect.bisect_right(starts, position) if cursor.hasSelection() else bisect.bisect_left(starts, position)
        return k if k < len(starts) else None

    def _select(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        changes = self.view.changes if self.view is not None else []
        here = self._here() if self.view is not None else 0
        starts = [a for a, _ in changes]
        self.previous_button.setEnabled(bisect.bisect_left(starts, here) > 0)
        self.next_button.setEnabled(bool(changes) and self._index_after(here) is not None)
        cursor = self.text.textCursor()
        at = next((n for n, span in enumerate(changes, start=1)
                   if cursor.hasSelection() and span == (cursor.selectionStart(), cursor.selectionEnd())), None)
        if not changes:
            self.position.setText("")
        elif at is None:
            self.position.setText(f"{_count(len(changes), 'change')}")
        else:
            self.position.setText(f"Change {at} of {len(changes):,}")


def _count(count: int, noun: str = "claim") -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


QUOTE_SHOWN = 240
"""Characters of a quote shown in the list of claims to review (the whole of it in the tooltip)."""


def _claim_text(claim: Claim, limit: int | None = QUOTE_SHOWN) -> str:
    def quoted(text: str) -> str:
        text = " ".join(text.split())
        return f"“{text if limit is None or len(text) <= limit else text[:limit - 1] + '…'}”"

    number = f"{claim.number}. " if claim.number else ""
    if claim.orphan:
        return (f"{number}No longer in the article (last seen in revision {claim.placed_on})\n"
                f"Was: {quoted(claim.quote)}")
    return f"{number}Wording changed\nChecked on: {quoted(claim.old_quote)}\nNow: {quoted(claim.quote)}"
