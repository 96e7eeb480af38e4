"""The claim's review and history, in tabs beside the claim editor: proposals, decisions, comments, every change.

**Review**: the claim's proposals side by side (each reviewer's verdict, rationale and
when; a second opinion marked), the editor's decisions and the desk's comments. A
reviewer proposes their verdict; an editor asks colleagues for second opinions, approves a
proposal (or the claim as it stands), returns it or reopens it, each with a short note. A
reviewer asked for a second opinion sees no one else's verdict until they submit theirs.

**History**: every change to the claim and its sources, newest first, as sentences ("Sam
changed the verdict from “Mixed” to “False”"); a change of a field can be undone from here
by restoring its old value, as a new, undoable edit.

Reads are the store's (quick, on the UI thread); writes go through the operation runner, as
every edit does, and the views follow what they changed. They go through the public API, so the
window keeps the same rules as a script (a reporter does not decide; proposing puts a draft claim
in review). Proposing and asking are undoable edits; a decision and a comment are the desk's
record, kept (Reopen… reverses an approval).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from factcheck.core.claims import CLAIM_FIELDS, Claim
from factcheck.io.colors import text_color_on
from factcheck.store import LibraryError
from factcheck.store.errors import shown_moment

# The panels, and this module with what only they need (factcheck.core.workflow, history_text), are
# built and imported when their tab is first shown (factcheck.ui.claim_tabs): the first paint waits for none.


class ReviewPanel(QWidget):
    """The claim's proposals side by side (a row each: reviewer and when, verdict, rationale), its decisions, comments."""

    REVIEWER, VERDICT, RATIONALE = range(3)

    def __init__(self, window) -> None:
        from factcheck.core.workflow import Decision

        super().__init__(objectName="reviewPanel")
        self.window = window
        self.claim: Claim | None = None
        self.blind_note = QLabel(wordWrap=True, objectName="blindNote")
        self.summary = QLabel(wordWrap=True, objectName="proposalSummary")
        self.proposals = QTableWidget(0, 3, objectName="proposals")
        self.proposals.setHorizontalHeaderLabels(["Reviewer", "Verdict", "Rationale"])
        self.proposals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.proposals.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.proposals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.proposals.verticalHeader().setVisible(False)
        self.proposals.setWordWrap(True)
        header = self.proposals.horizontalHeader()
        for column in (self.REVIEWER, self.VERDICT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.RATIONALE, QHeaderView.ResizeMode.Stretch)
        self.proposals.setToolTip("Select a proposal, then Approve… takes its verdict and rationale onto the claim")
        self.decisions = QListWidget(objectName="decisions")
        self.comments = QListWidget(objectName="comments")
        for listing in (self.decisions, self.comments):
            listing.setWordWrap(True)
            listing.setSpacing(2)
        self.comment_box = QLineEdit(placeholderText="Write to the desk about this claim, then press Enter")
        self.comment_box.returnPressed.connect(self.comment)
        self.buttons = {}
        row = QHBoxLayout()
        for key, text, slot in (("propose", "Propose…", self.propose), ("ask", "Ask…", self.ask),
                                ("approve", "Approve…", lambda: self.decide(Decision.APPROVE)),
                                ("return", "Return…", lambda: self.decide(Decision.RETURN)),
                                ("reopen", "Reopen…", lambda: self.decide(Decision.REOPEN))):
            # Proposing and asking are edits (Edit ▸ Undo takes them back); a decision and a comment are
            # the desk's record, kept: Reopen… reverses an approval, Return… sends a claim back.
            button = self.buttons[key] = QPushButton(text)
            button.clicked.connect(slot)
            if key == "ask":
                button.setToolTip("Ask colleagues for a second opinion: they rate the claim without seeing the others")
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Proposals</b>"))
        layout.addWidget(self.blind_note)
        layout.addWidget(self.summary)
        layout.addWidget(self.proposals, 3)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Decisions</b>"))
        layout.addWidget(self.decisions, 1)
        layout.addWidget(QLabel("<b>Comments</b>"))
        layout.addWidget(self.comments, 2)
        layout.addWidget(self.comment_box)
        self.show_claim(None)

    # ------------------------------------------------------------- showing

    def show_claim(self, claim: Claim | None) -> None:
        self.claim = claim
        self.proposals.setRowCount(0)
        self.decisions.clear()
        self.comments.clear()
        self.summary.clear()
        library = self.window.library
        editor_role = getattr(library, "role", "editor") == "editor"
        for button in self.buttons.values():
            button.setEnabled(claim is not None)
        for key in ("ask", "approve", "return", "reopen"):
            self.buttons[key].setEnabled(claim is not None and editor_role)
            if not editor_role:
                self.buttons[key].setToolTip("An editor's decision on this desk.")
        self.blind_note.setVisible(False)
        if claim is None:
            self.summary.setText("Select a claim to see its proposals.")
            return
        try:
            blind = claim.id in library.blind_claims()
            proposals, decisions = library.proposals(claim.id), library.decisions(claim.id)
            comments = library.comments(claim.id)
        except (LibraryError, KeyError):
            return
        if blind:
            self.blind_note.setText("You were asked for a second opinion: the others' verdicts appear once you "
                                    "submit yours.")
            self.blind_note.setVisible(True)
        for proposal in proposals:
            self._add_proposal(proposal)
        self.proposals.resizeRowsToContents()
        for row in range(self.proposals.rowCount()):  # a little air between the reviewers' rows
            self.proposals.setRowHeight(row, self.proposals.rowHeight(row) + 8)
        self.summary.setText(_summary(proposals))
        for decision in decisions:
            self.decisions.addItem(QListWidgetItem(f"{decision.action.label} by {decision.decided_by} "
                                                   f"({shown_moment(decision.decided_at)}): {decision.note}"))
        if not decisions:
            self.decisions.addItem(QListWidgetItem("No decision yet."))
        for comment in comments:
            self.comments.addItem(QListWidgetItem(f"{comment.author} ({shown_moment(comment.written_at)}): "
                                                  f"{comment.text}"))

    def _add_proposal(self, proposal) -> None:
        row = self.proposals.rowCount()
        self.proposals.insertRow(row)
        when = _short_moment(proposal.submitted_at) if proposal.submitted else "draft"
        kind = " · second opinion" if proposal.second_opinion else ""
        cells = (f"{proposal.reviewer}\n{when}{kind}", proposal.verdict or "no verdict", proposal.rationale)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, proposal.id)
            if column == self.RATIONALE:
                item.setToolTip(text)
            elif column == self.REVIEWER:
                item.setToolTip(f"Submitted {shown_moment(proposal.submitted_at)}" if proposal.submitted else
                                "A draft: only its author sees it until it is submitted")
            self.proposals.setItem(row, column, item)
        scale = self.window.claims_model.scale
        if scale is not None and proposal.verdict:  # the verdict in its colour, as the claims table shows it
            chip = self.proposals.item(row, self.VERDICT)
            color = scale.color_of(proposal.verdict)
            chip.setBackground(QColor(color))
            chip.setForeground(QColor(text_color_on(color)))

    def selected_proposal(self) -> int | None:
        row = self.proposals.currentRow()
        item = self.proposals.item(row, self.REVIEWER) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh(self, *_args) -> None:
        claim = self.window.claims_model.claim(self.claim.id) if self.claim is not None else None
        self.show_claim(claim)

    # ------------------------------------------------------------- acting

    def _write(self, operation, what: str) -> None:
        write_workflow(self.window, operation, what)

    def propose(self) -> None:
        claim = self.claim
        scale = self.window.claims_model.scale
        labels = [v.label for v in scale.verdicts] if scale else []
        if claim is None or not labels:
            return
        current = labels.index(claim.verdict) if claim.verdict in labels else 0
        verdict, ok = QInputDialog.getItem(self.window, "Propose a verdict", "Your verdict:", labels, current, False)
        if not ok:
            return
        rationale, ok = QInputDialog.getMultiLineText(self.window, "Propose a verdict", "Why (your rationale):",
                                                      claim.rationale)
        if ok:
            from factcheck.ui.commands import ProposeCommand

            self.window.controller.edit(ProposeCommand(self.window.controller, claim, verdict, rationale))

    def ask(self, *, whole_article: bool = False) -> None:
        """Ask colleagues for blind second opinions on the claim (or every claim of the article not yet approved)."""
        from factcheck.core.claims import ClaimStatus
        from factcheck.ui.commands import AskOpinionsCommand

        article = self.window.controller.article
        claims = ([c for c in self.window.claims_model.claims() if c.status != ClaimStatus.APPROVED]
                  if whole_article else [self.claim] if self.claim is not None else [])
        if not claims or article is None:
            self.window.statusBar().showMessage("There is no claim to ask about: every claim is approved."
                                                if whole_article else "Select a claim first.", 6000)
            return
        what = f"the {len(claims)} claims of this article not yet approved" if whole_article else "this claim"
        names, ok = QInputDialog.getText(self.window, "Ask for a second opinion",
                                         f"Colleagues to rate {what} without seeing the others (names, "
                                         "separated by commas):")
        wanted = [n.strip() for n in names.split(",") if n.strip()]
        if ok and wanted:
            self.window.controller.edit(AskOpinionsCommand(self.window.controller, claims, wanted,
                                                           whole_article=article.title if whole_article else ""))

    def decide(self, action) -> None:
        claim = self.window.claims_model.claim(self.claim.id) if self.claim is not None else None
        if claim is not None:  # as the table shows it now, edits since it was selected included
            decide_with_note(self.window, claim, action, self.selected_proposal())

    def comment(self) -> None:
        text, claim = self.comment_box.text().strip(), self.claim
        if text and claim is not None:
            self.comment_box.clear()
            def commented(store):
                from factcheck.api import Library

                return Library(store).comment(claim.id, text)

            self._write(commented, "Your comment")


_HIDDEN_ACT = {"proposal": "proposed a", "decision": "decided on the"}


def write_workflow(window, operation, what: str) -> None:
    """A workflow record written through the runner; the views follow it, a refusal is shown in words."""
    from factcheck.api_checks import InvalidValue
    from factcheck.core.workflow import WorkflowError

    def failed(error: BaseException) -> None:
        if not isinstance(error, (LibraryError, WorkflowError, InvalidValue, KeyError)):
            raise error
        QMessageBox.warning(window, "Not saved", f"{what} was not saved: {error}")

    def done(outcome) -> None:
        window.controller.follow_elsewhere(outcome, colleague=False)  # the table and editor show the claim as decided
        review = window.claim_tabs.review
        if review is not None:
            review.refresh()

    window.runner.run(operation, done, failed, what=what)


def decide_with_note(window, claim: Claim, action, proposal_id: int | None = None) -> None:
    """An editor's decision on ``claim``, asked a short note first: approve (the proposal, else the claim as
    it stands, as the editor reads it now), return or reopen. Not an undoable edit: the desk's record."""
    from factcheck.core.workflow import Decision

    action = Decision(action)
    if action is Decision.APPROVE and proposal_id is None and not claim.verdict:
        QMessageBox.information(window, "Nothing to approve", f"Claim {claim.number} has no verdict to approve: give "
                                "it one (Alt+1…9), or select a reviewer's proposal in the Review tab and approve that.")
        return
    what = {Decision.APPROVE: "the selected proposal" if proposal_id else "the claim as it stands",
            Decision.RETURN: "returning the claim", Decision.REOPEN: "reopening the claim"}[action]
    note, ok = QInputDialog.getText(window, action.label, f"A short note on {what} (it goes into the claim's record):")
    if not ok:
        return
    if not note.strip():
        window.statusBar().showMessage(f"{action.label}: a note is needed; nothing was done.", 6000)
        return

    def decided(store):
        from factcheck.api import Library

        library = Library(store)
        if action is Decision.APPROVE:
            return library.approve(claim.id, note, proposal_id, seen=None if proposal_id else claim)
        return (library.return_claim if action is Decision.RETURN else library.reopen)(claim.id, note)

    noun = {Decision.APPROVE: "The approval", Decision.RETURN: "Returning", Decision.REOPEN: "Reopening"}[action]
    write_workflow(window, decided, f"{noun} of claim {claim.number}")


def _short_moment(stamp: str) -> str:
    """"2 Dec 07:18" in local time: the full moment is in the tooltip."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%-d %b %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


def _summary(proposals) -> str:
    """One line over the proposals: how many, and whether the submitted verdicts agree."""
    submitted = [p for p in proposals if p.submitted and p.verdict]
    if not proposals:
        return "No proposal yet: Propose… gives yours."
    verdicts = {p.verdict for p in submitted}
    if len(submitted) < 2:
        return f"{len(proposals)} proposal{'s' * (len(proposals) != 1)}."
    if len(verdicts) == 1:
        return f"{len(submitted)} reviewers agree: {next(iter(verdicts))}."
    return f"{len(submitted)} reviewers differ: " + ", ".join(f"{p.verdict} ({p.reviewer})" for p in submitted) + "."


class HistoryPanel(QWidget):
    """Changes newest first, as sentences: one claim's (with its sources), or with ``whole_article`` every change to the article.

    A claim the reviewer owes a blind second opinion on keeps its verdict and rationale
    out of its history too.
    """

    def __init__(self, window, *, whole_article: bool = False) -> None:
        super().__init__(objectName="articleHistory" if whole_article else "historyPanel")
        self.window = window
        self.whole_article = whole_article
        self.claim: Claim | None = None
        self.list = QListWidget(objectName="history")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.restore = QPushButton("Restore This Value")
        self.restore.setToolTip("Set the field back to its value before this change (an undoable edit)")
        self.restore.clicked.connect(self.restore_selected)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        layout = QVBoxLayout(self)
        if whole_article:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignRight)
        self.show_claim(None)

    def show_claim(self, claim: Claim | None) -> None:
        from factcheck.core.history_text import newest_first

        self.claim = claim
        self.list.clear()
        article_id = self.window.claims_model.article_id if self.whole_article else claim and claim.article_id
        rows = []
        if article_id is not None:
            try:
                rows = newest_first(self.window.library.history(article_id) + self._workflow(article_id, claim),
                                    None if self.whole_article else claim.id)
            except (LibraryError, KeyError):
                rows = []
            for row in rows:
                self.list.addItem(self._item(row))
        if not rows:
            self.list.addItem(QListWidgetItem("No change recorded yet." if article_id is not None else
                                              "Select a claim to see its history."))
        self._enable()

    def _workflow(self, article_id: int, claim: Claim | None) -> list[dict]:
        """Proposals and decisions (with their notes) join the changes: a claim's, or the article's in four reads."""
        from factcheck.core.history_text import workflow_rows

        library = self.window.library
        if not self.whole_article:
            return workflow_rows(library.proposals(claim.id), library.decisions(claim.id))
        kept = library.article_workflow(article_id).values()
        return workflow_rows([p for k in kept for p in k["proposals"]], [d for k in kept for d in k["decisions"]])

    def _item(self, row) -> QListWidgetItem:
        from factcheck.core.history_text import describe

        claim_id, blind = row.get("claim_id"), self.window.claims_model.blind
        hidden = claim_id in blind and row.get("field") in ("verdict", "rationale")
        text = (f"{row.get('changed_by') or 'Someone'} {_HIDDEN_ACT.get(row.get('entity'), 'changed the')} "
                f"{row.get('field')} (hidden until you submit your second opinion)") if hidden else describe(row)
        number = self.window.claims_model.number_of(claim_id) if claim_id is not None else None
        if self.whole_article and claim_id is not None:
            text = f"Claim {number}: {text}" if number else f"A removed claim: {text}"
        item = QListWidgetItem(f"{text}\n{shown_moment(row.get('changed_at') or '')}")
        if row.get("note") and not hidden:
            item.setToolTip(row["note"])
        elif not hidden:
            item.setToolTip(f"Before: {row.get('old_value') or '(empty)'}\nAfter: {row.get('new_value') or '(empty)'}")
        item.setData(Qt.ItemDataRole.UserRole, None if hidden else row)
        return item

    def refresh(self, *_args) -> None:
        claim = self.window.claims_model.claim(self.claim.id) if self.claim is not None else None
        self.show_claim(claim)

    def _enable(self) -> None:
        row = self._row()
        claim = self.window.claims_model.claim(row.get("claim_id")) if row is not None else None
        self.restore.setEnabled(row is not None and row.get("entity") == "claim" and row.get("action") == "update"
                                and row.get("field") in CLAIM_FIELDS and row.get("field") != "status"
                                and claim is not None and claim.status != "approved")
        self.restore.setToolTip("Set the field back to its value before this change (an undoable edit)" if claim is None
                                or claim.status != "approved" else "The claim is approved: reopen it to change it")

    def _row(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def restore_selected(self) -> None:
        row = self._row()
        if row is None or self.window.claims_model.claim(row.get("claim_id")) is None:
            return
        self.window.controller.set_claim_field(row["claim_id"], row["field"], row.get("old_value"))


def show_article_history(window) -> None:
    """Article ▸ History: every change to the open article, newest first, following the edits as they come."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    dialog = getattr(window, "article_history", None)
    if dialog is None:
        dialog = window.article_history = QDialog(window, objectName="articleHistoryDialog")
        dialog.resize(560, 640)
        dialog.panel = HistoryPanel(window, whole_article=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(dialog.panel.restore, QDialogButtonBox.ButtonRole.ActionRole)  # one row of buttons
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(dialog.panel, 1)
        layout.addWidget(buttons)
        window.runner.changed.connect(lambda outcome: outcome.changes and dialog.isVisible() and dialog.panel.refresh())
        window.claims_model.modelReset.connect(lambda: dialog.isVisible() and _show_article(dialog, window))
    _show_article(dialog, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def _show_article(dialog, window) -> None:
    article = window.controller.article
    dialog.setWindowTitle(f"History — {article.title}" if article is not None else "History")
    dialog.panel.show_claim(None)
