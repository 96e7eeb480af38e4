"""Edits the selected claim: claimant, date, verdict, rationale, status, reviewer, sources.

The editor only announces intent (``field_edited`` and the source signals); the
main window routes each to the review controller, which makes it an undoable,
saved edit. A field is committed when it loses focus or Enter is pressed; the
rationale also after a short pause in typing, so a crash loses at most a second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QMessageBox,
                               QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy, QStackedWidget, QVBoxLayout,
                               QWidget)

from factcheck.core.claims import Claim, ClaimStatus, Source
from factcheck.core.dates import InvalidDate
from factcheck.core.rating_scales import RatingScale
from factcheck.ui.widgets import EmptyState, FixedLinesLabel

if TYPE_CHECKING:  # made with the form, after the first paint (QIcon's class: ~1 ms of a start)
    from PySide6.QtGui import QIcon

RATIONALE_IDLE_MS = 1000
RATIONALE_HINT = "Why this verdict: what the evidence shows, in enough detail for a reader to check it"
BLIND_VERDICT = ("Hidden: you were asked for a second opinion. Give yours in the Review tab (Propose…); "
                 "the verdict shows once you have.")
BLIND_RATIONALE = "The rationale shows once you have submitted your second opinion."


def swatch(color: str) -> QIcon:
    from PySide6.QtGui import QIcon

    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


_FORM_PARTS = frozenset({"number", "quote", "claimant", "claimants", "claim_date", "verdict", "definition", "rationale",
                         "status", "reviewer", "sources_model", "sources", "add_source", "edit_source", "remove_source",
                         "open_link", "delete_claim", "scroll", "_idle"})
"""The editor's attributes made by :meth:`ClaimEditor.build_form`."""


class RationaleEdit(QPlainTextEdit):
    """The rationale: as tall as its text, from a few lines up to about a screenful, then it scrolls."""

    focus_lost = Signal()
    MIN_LINES = 4
    MAX_LINES = 18

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda size: self._fit())
        self._fit()

    def _fit(self) -> None:
        # The plain-text layout counts its size in lines, wrapped lines included.
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self.MIN_LINES, min(self.MAX_LINES, lines))
        frame = self.height() - self.viewport().height()  # frame and style padding, as laid out
        height = lines * self.fontMetrics().lineSpacing() + frame + int(2 * self.document().documentMargin()) + 1
        if self.maximumHeight() != height:
            self.setFixedHeight(height)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class ClaimEditor(QWidget):
    field_edited = Signal(int, str, object)
    status_chosen = Signal(int, object)
    """The reviewer picked a status (a ClaimStatus) for the claim: approving may need confirming."""
    add_source_requested = Signal(int)
    edit_source_requested = Signal(object)
    remove_source_requested = Signal(object)
    open_link_requested = Signal(str)
    delete_requested = Signal(int)
    message = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.claim: Claim | None = None
        self._base: dict[str, object] = {}  # each typed field's value before the reviewer's typing
        self._before = ...  # that of the field being committed
        self._rationale_unsaved = False  # typed while edits were refused (offline): saved at the next flush
        self.scale: RatingScale | None = None
        self._loading = False
        self.is_blind: Callable[[int], bool] = lambda claim_id: False
        """Whether the reviewer owes a blind second opinion on a claim: its verdict and rationale are not theirs to see or set."""
        self._claimant_names: list[str] = []

        self.pages = QStackedWidget()
        self.pages.addWidget(EmptyState("No claim selected",
                                         "Pick a claim in the list or click a highlight in the article."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def __getattr__(self, name: str):
        # Called only for an attribute not there: one of the form's, before the form is built.
        if name in _FORM_PARTS and "_form_started" not in self.__dict__:
            self.build_form()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def build_form(self) -> None:
        """Build the form (a third of the window's widgets), if not built yet.

        The window starts with no claim selected, so the form is not needed for its first
        paint (bench/cold_start.py): it is built just after (``factcheck.ui.app``), or as
        soon as anything asks for one of its fields, whichever comes first.
        """
        if "_form_started" in self.__dict__:
            return
        self._form_started = True
        from PySide6.QtCore import QStringListModel  # the form's own: not needed before it, loaded with it
        from PySide6.QtWidgets import QCompleter, QFormLayout

        from factcheck.ui.date_field import DateField
        from factcheck.ui.sources_model import SourcesListModel

        self.number = QLabel(objectName="editorHeading")
        self.quote = FixedLinesLabel(objectName="claimQuote")  # the full quote is highlighted in the article
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claimant = QLineEdit(placeholderText="Who made the claim")
        self.claimants = QStringListModel(self._claimant_names, self)
        completer = QCompleter(self.claimants, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.claimant.setCompleter(completer)
        self.claim_date = DateField()
        self.claim_date.setPlaceholderText(f"When it was said, {self.claim_date.placeholderText()}")
        self.verdict = QComboBox()
        self.verdict.setToolTip("The verdict on the article's rating scale (Alt+1…9; Alt+0 clears)")
        self.definition = FixedLinesLabel(lines=2, objectName="verdictDefinition")  # blank when unrated
        self.rationale = RationaleEdit(placeholderText=RATIONALE_HINT)
        self.rationale.setTabChangesFocus(True)
        self.status = QComboBox()
        for status in ClaimStatus:
            self.status.addItem(status.label, status.value)
        self.reviewer = QLineEdit(placeholderText="Who checked it")

        self.sources_model = SourcesListModel(self)
        self.sources = QListView(objectName="sourcesList")
        self.sources.setModel(self.sources_model)
        self.sources.setWordWrap(True)
        self.sources.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sources.setMinimumHeight(90)
        self.sources.setSpacing(3)
        self.sources.doubleClicked.connect(lambda index: self._edit_source())
        self.add_source = QPushButton("&Add source…")
        self.add_source.setToolTip("Add a source for this claim (Ctrl+Shift+N)")
        self.edit_source = QPushButton("Ed&it…")
        self.remove_source = QPushButton("Re&move")
        self.open_link = QPushButton("&Open link")
        self.open_link.setToolTip("Open the selected source in the web browser (http, https and mailto only)")
        self.delete_claim = QPushButton("Delete claim", objectName="dangerButton")
        self.delete_claim.setToolTip("Delete this claim and its sources (Ctrl+Delete); undo brings it back")

        source_buttons = QHBoxLayout()
        for button in (self.add_source, self.edit_source, self.remove_source, self.open_link):
            source_buttons.addWidget(button)
        source_buttons.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("C&laimant:", self.claimant)
        form.addRow("Claim &date:", self.claim_date)
        form.addRow("", self.claim_date.error)
        form.addRow("&Verdict:", self.verdict)
        form.addRow("", self.definition)
        form.addRow("&Rationale:", self.rationale)
        form.addRow("S&tatus:", self.status)
        form.addRow("Revie&wer:", self.reviewer)
        sources_label = QLabel("Sources", objectName="sectionHeading")

        body = QWidget(objectName="editorBody")
        column = QVBoxLayout(body)
        column.addWidget(self.number)
        column.addWidget(self.quote)
        column.addLayout(form)
        column.addWidget(sources_label)
        column.addWidget(self.sources, 1)
        column.addLayout(source_buttons)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.delete_claim)
        column.addLayout(bottom)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.pages.addWidget(scroll)

        self.setTabOrder(self.claimant, self.claim_date)
        self.setTabOrder(self.claim_date, self.verdict)
        self.setTabOrder(self.verdict, self.rationale)
        self.setTabOrder(self.rationale, self.status)
        self.setTabOrder(self.status, self.reviewer)
        self.setTabOrder(self.reviewer, self.sources)
        self.setTabOrder(self.sources, self.add_source)

        self._idle = QTimer(self, singleShot=True, interval=RATIONALE_IDLE_MS)
        self._idle.timeout.connect(self._commit_rationale)
        self.rationale.textChanged.connect(self._rationale_typed)
        self.rationale.focus_lost.connect(self._commit_rationale)
        self.rationale.cursorPositionChanged.connect(self._keep_rationale_cursor_in_view)
        self.claimant.editingFinished.connect(lambda: self._commit("claimant", self.claimant.text().strip()))
        self.reviewer.editingFinished.connect(lambda: self._commit("reviewer", self.reviewer.text().strip()))
        self.claim_date.editingFinished.connect(self._commit_date)
        self.verdict.activated.connect(lambda i: self._commit_choice("verdict", self.verdict))
        self.status.activated.connect(lambda i: self._commit_choice("status", self.status))
        self.add_source.clicked.connect(self.request_add_source)
        self.edit_source.clicked.connect(self._edit_source)
        self.remove_source.clicked.connect(self._remove_source)
        self.open_link.clicked.connect(self._open_link)
        self.delete_claim.clicked.connect(lambda: self.claim and self.delete_requested.emit(self.claim.id))
        self.sources.selectionModel().currentChanged.connect(lambda *a: self._update_source_buttons())
        self.sources_model.modelReset.connect(self._update_source_buttons)
        if self.scale is not None:
            self._fill_verdicts()

    # --------------------------------------------------------------- filling

    @property
    def claimant_names(self) -> list[str]:
        """The library's claimants, as offered when typing one."""
        return list(self._claimant_names)

    def set_claimants(self, names: list[str]) -> None:
        self._claimant_names = names
        if "claimants" in self.__dict__:
            self.claimants.setStringList(names)

    def set_scale(self, scale: RatingScale) -> None:
        self.scale = scale
        if "verdict" in self.__dict__:
            self._fill_verdicts()

    def _fill_verdicts(self) -> None:
        scale = self.scale
        self._loading = True
        self.verdict.clear()
        self.verdict.addItem("Unrated", None)
        for n, verdict in enumerate(scale.verdicts, start=1):
            shortcut = f"   Alt+{n}" if n <= 9 else ""
            self.verdict.addItem(swatch(verdict.color), f"{verdict.label}{shortcut}", verdict.label)
            self.verdict.setItemData(n, verdict.definition, Qt.ItemDataRole.ToolTipRole)
        self._loading = False
        if self.claim:
            self._show(self.claim)

    def set_claim(self, claim: Claim | None, number: int | None = None) -> None:
        """Show a claim (or the empty state). Pending typing is saved to the previous claim first."""
        if claim is not None:
            self.build_form()
        another = claim is not None and (self.claim is None or claim.id != self.claim.id)
        if self.claim is not None and (claim is None or claim.id != self.claim.id):
            self.flush()
        refresh = claim is not None and not another and self.claim is not None
        self.claim = claim
        self.pages.setCurrentIndex(1 if claim else 0)
        if claim is not None:
            self.number.setText(f"Claim {number}" if number else "Claim")
            self._show(claim, keep_typing=refresh)
        if another:  # another claim is read from its top, whatever was scrolled to before
            self.scroll.verticalScrollBar().setValue(0)

    def _show(self, claim: Claim, keep_typing: bool = False) -> None:
        """Show ``claim``; ``keep_typing`` (the same claim, refreshed after a save) leaves alone a
        field typed in since its last save: edits are saved off the UI thread, so an earlier
        save may come back while the reviewer is still typing, and must not undo that typing."""
        self._loading = True
        try:
            self.quote.set_full_text(f"“{claim.quote}”")
            if not keep_typing:
                self._base = {}
                self._rationale_unsaved = False
            for field, edit, value in (("claimant", self.claimant, claim.claimant),
                                       ("reviewer", self.reviewer, claim.reviewer)):
                if not (keep_typing and edit.isModified()):
                    _set_text(edit, value)
                    self._base[field] = value
            if not (keep_typing and self.claim_date.isModified()):
                self.claim_date.set_date(claim.claim_date)
                self._base["claim_date"] = claim.claim_date
            if not (keep_typing and self._idle.isActive()):
                if self.rationale.toPlainText() != claim.rationale:
                    self.rationale.setPlainText(claim.rationale)
                self._base["rationale"] = claim.rationale
            self.verdict.setCurrentIndex(max(0, self.verdict.findData(claim.verdict)))
            verdict = self.scale.verdict(claim.verdict) if self.scale else None
            blind = self.is_blind(claim.id)
            self.verdict.setEnabled(not blind)
            self.rationale.setReadOnly(blind)
            self.rationale.setPlaceholderText(BLIND_RATIONALE if blind else RATIONALE_HINT)
            self.definition.set_full_text(BLIND_VERDICT if blind else
                                          verdict.definition if verdict else self._unrated_hint())
            self.status.setCurrentIndex(self.status.findData(ClaimStatus(claim.status).value))
            self.sources_model.set_sources(claim.sources)
        finally:
            self._loading = False

    def _unrated_hint(self) -> str:
        shortcuts = min(9, len(self.scale.verdicts)) if self.scale else 0
        return f"Not rated yet: Alt+1 to Alt+{shortcuts} give a verdict." if shortcuts > 1 else ""

    # ------------------------------------------------------------ committing

    def _commit(self, field: str, value) -> None:
        """Hand the value on; whether it changes anything is the controller's to say.

        Edits are saved off the UI thread, so :attr:`claim` (as last saved) may lag
        behind an edit still being saved: "the same as before" cannot be judged here.
        """
        if self._loading or self.claim is None:
            return
        self._before = self._base.get(field, ...)
        if field in self._base:
            self._base[field] = value  # what the reviewer saw is now what they saved
        self.field_edited.emit(self.claim.id, field, value)

    def keep_unsaved(self, field: str) -> None:
        """The edit just committed was not taken (the library is offline): the field keeps the typing.

        What the field showed before it stays the base, so saving it later still meets a
        colleague's change made meanwhile.
        """
        if field in self._base:
            self._base[field] = self._before
            edit = {"claimant": self.claimant, "reviewer": self.reviewer, "claim_date": self.claim_date}.get(field)
            if edit is not None:
                edit.setModified(True)  # saved at the next Enter, or when the window flushes
            else:
                self._rationale_unsaved = True

    def base_value(self, field: str):
        """While ``field_edited`` is handled: what the field showed before the reviewer's typing.

        ``...`` for a field picked from a box (it always shows what is stored). A colleague's
        change that arrives while the reviewer types leaves the field alone (see
        :meth:`_show`); the controller compares this with what the library now holds.
        """
        return self._before

    def _commit_choice(self, field: str, box: QComboBox) -> None:
        """A verdict or status picked in its box; the status goes its own way, as approving may be asked."""
        if self._loading or self.claim is None:
            return
        value = box.currentData()
        if field != "status":
            self._commit(field, value)
        else:
            self.status_chosen.emit(self.claim.id, ClaimStatus(value))

    def show_choice(self, claim: Claim | None, field: str) -> None:
        """An edit was declined (or changed nothing): the field shows what will be stored.

        A typed field declined because the reviewer kept a colleague's value shows theirs.
        """
        if claim is None or self.claim is None or claim.id != self.claim.id:
            return
        if field in self._base:
            self._show_typed(claim, field)
            return
        if field not in ("verdict", "status"):
            return
        box, value = (self.verdict, claim.verdict) if field == "verdict" else (self.status,
                                                                               ClaimStatus(claim.status).value)
        self._loading = True
        try:
            box.setCurrentIndex(max(0, box.findData(value)))
        finally:
            self._loading = False

    def _show_typed(self, claim: Claim, field: str) -> None:
        value = getattr(claim, field)
        self._base[field] = value
        self._loading = True
        try:
            if field == "rationale":
                if self.rationale.toPlainText() != value:
                    self.rationale.setPlainText(value)
            elif field == "claim_date":
                self.claim_date.set_date(value)
            else:
                edit = self.claimant if field == "claimant" else self.reviewer
                if edit.text() != value:
                    _set_text(edit, value)
        finally:
            self._loading = False

    def _commit_date(self) -> None:
        try:
            value = self.claim_date.date()
        except InvalidDate as error:  # said under the field and in the status bar; nothing is saved
            self.claim_date.show_error(str(error))
            self.message.emit(str(error))
            return
        self.claim_date.clear_error()
        self._commit("claim_date", value)

    def _rationale_typed(self) -> None:
        if not self._loading:
            self._idle.start()

    def _keep_rationale_cursor_in_view(self) -> None:
        """A growing rationale may reach below the editor's fold: the line being typed stays in view."""
        if self.rationale.hasFocus():
            rect = self.rationale.cursorRect()
            centre = self.rationale.viewport().mapTo(self.scroll.widget(), rect.center())
            self.scroll.ensureVisible(centre.x(), centre.y(), 0, rect.height())

    def _commit_rationale(self) -> None:
        # Saved exactly as typed: trimming it would make the refresh that follows
        # differ from the field and put the cursor back at the start.
        self._idle.stop()
        self._commit("rationale", self.rationale.toPlainText())

    def flush(self) -> None:
        """Save anything typed but not yet committed (called before switching claims or closing)."""
        if self.claim is None:
            return
        if self._idle.isActive() or self._rationale_unsaved:
            self._rationale_unsaved = False
            self._commit_rationale()
        for edit, field in ((self.claimant, "claimant"), (self.reviewer, "reviewer")):
            if edit.isModified():
                edit.setModified(False)
                self._commit(field, edit.text().strip())
        if self.claim_date.isModified():
            self.claim_date.setModified(False)
            self._commit_date()

    def set_verdict_by_number(self, n: int) -> None:
        """Alt+n: the scale's n-th verdict; 0 clears the verdict."""
        if self.claim is None or self.scale is None or n > len(self.scale.verdicts):
            return
        if self.is_blind(self.claim.id):
            self.message.emit(BLIND_VERDICT)
            return
        self._commit("verdict", self.scale.verdicts[n - 1].label if n else None)

    # --------------------------------------------------------------- sources

    def selected_source(self) -> Source | None:
        from factcheck.ui.sources_model import SourceRole  # loaded with the form, which made self.sources

        index = self.sources.currentIndex()
        return index.data(SourceRole) if index.isValid() else None

    def _update_source_buttons(self) -> None:
        source = self.selected_source()
        for button in (self.edit_source, self.remove_source):
            button.setEnabled(source is not None)
        self.open_link.setEnabled(bool(source and source.url))

    def request_add_source(self) -> None:
        if self.claim is not None:
            self.add_source_requested.emit(self.claim.id)

    def _edit_source(self) -> None:
        source = self.selected_source()
        if source is not None:
            self.edit_source_requested.emit(source)

    def _remove_source(self) -> None:
        source = self.selected_source()
        if source is not None:
            self.remove_source_requested.emit(source)

    def _open_link(self) -> None:
        source = self.selected_source()
        if source is not None and source.url:
            self.open_link_requested.emit(source.url)

    def focus_first_field(self) -> None:
        if self.claim is not None:
            self.claimant.setFocus()
            self.claimant.selectAll()
            self.scroll.ensureWidgetVisible(self.claimant)


_LACKING = {"no rationale": ("a rationale", "the reasons"), "no source": ("a source", "the evidence")}


def confirm_approval(parent: QWidget, number: int | None, missing: list[str]) -> bool:
    """Ask before approving a claim that lacks a rationale or a source; True to approve all the same."""
    what = " or ".join(_LACKING[m][0] for m in missing)
    why = " or ".join(_LACKING[m][1] for m in missing)
    claim = f"Claim {number}" if number else "This claim"
    answer = QMessageBox.question(
        parent, f"Approve without {what}?",
        f"{claim} has {' and '.join(missing)}. Readers of the report will see its verdict without "
        f"{why} for it.\n\nApprove it all the same?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
    edit.setModified(False)
