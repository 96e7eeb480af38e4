"""Suggestions of what to check in the open article: scored off the UI thread, shown, accepted, dismissed.

:class:`Suggestions` is made the first time the window wants them (after the first article
shows; never at start-up) and follows the open article from then on: another article, or a
revision of its text, is scored on the worker (:mod:`factcheck.ui.suggestion_worker`), and
the answer shown in the Suggestions tab (:mod:`factcheck.ui.suggestion_panel`) and as marks
in the article's margin (:mod:`factcheck.ui.suggestion_marks`). A sentence holding a claim
is left out, so a claim marked by hand takes its sentence off the list, and its undo brings
it back, without scoring again.

Accept is Mark Claim on the sentence (or on the words selected inside it) with the proposed
speaker as claimant, one undoable step; Dismiss is a :class:`DismissSuggestionCommand`, one
undoable step kept in the library. Every tenth decision of the session (the reviewer's own new claims and
dismissals, not their undo or redo), and on opening an article when the library's layer has not learnt
from every decision, the layer is fitted again on the worker and the article scored again.
View ▸ Show Suggestions turns it all off (no marks, no scoring) and on, for the open article.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from itertools import accumulate
from weakref import WeakSet

from PySide6.QtCore import QObject, Signal

from factcheck.ui.commands import MarkClaimCommand, StoreCommand, _short
from factcheck.ui.suggestion_marks import MarginMarks
from factcheck.ui.suggestion_panel import SuggestionPanel
from factcheck.ui.suggestion_worker import Scored, SuggestionWorker

log = logging.getLogger(__name__)

DECISIONS_PER_RETRAIN = 10
"""Decisions (claims marked, suggestions dismissed) in a session after which the library's layer is fitted again."""
TAB_TITLE = "Suggestions"
TAB_TIP = "Sentences of the article likely to hold a claim worth checking, best first, with their likely speaker"


class DismissSuggestionCommand(StoreCommand):
    """A suggested sentence set aside for its article; undo brings it back."""

    def __init__(self, host, article_id: int, suggestion) -> None:
        super().__init__(host, f"Dismiss suggestion “{_short(suggestion.sentence)}”")
        self.article_id = article_id
        self.suggestion = suggestion

    def apply(self, store) -> None:
        s = self.suggestion
        store.dismiss_suggestion(self.article_id, s.start, s.end, s.sentence)

    def revert(self, store) -> None:
        store.undismiss_suggestion(self.article_id, self.suggestion.start, self.suggestion.end)


def without_claimed(suggestions, claims, dismissed: dict[tuple[int, int], str], setting_aside=()) -> list:
    """The suggestions neither dismissed (by wording: :class:`~factcheck.operations_suggestions.Dismissed`) nor
    overlapping a claim placed on the text."""
    spans = sorted((c.start, c.end) for c in claims if not c.orphan)
    starts = [start for start, _ in spans]
    furthest = list(accumulate((end for _, end in spans), max))  # the furthest end of the claims starting so far
    from factcheck.operations_suggestions import Dismissed

    dismissed = Dismissed(dismissed)
    kept = []
    for s in suggestions:
        if s in dismissed or (s.start, s.end) in setting_aside:
            continue
        before = bisect_left(starts, s.end)  # the claims that start before the sentence ends
        if before and furthest[before - 1] > s.start:
            continue
        kept.append(s)
    return kept


class Suggestions(QObject):
    """The open article's suggestions: scored on a worker, listed in a tab, marked in the margin."""

    changed = Signal()
    """The suggestions shown changed (another article, scored again, a claim marked, one dismissed)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.worker = SuggestionWorker(lambda: window.library.open_another(), self)
        self.worker.scored.connect(self._scored)
        self.worker.failed.connect(self._failed)
        self.worker.retrained.connect(self._retrained)
        self.panel = SuggestionPanel()
        self.panel.accept_requested.connect(self.accept)
        self.panel.dismiss_requested.connect(self.dismiss)
        self.panel.current_changed.connect(self._chosen)
        self.panel.hovered.connect(self._hovered)
        self.marks = MarginMarks(window.article_panel.view)
        self.marks.describe = self._describe_mark
        self.marks.clicked.connect(self._mark_clicked)
        self.enabled = False
        self.wanted = lambda: True
        """Whether the open article shows its suggestions (View ▸ Show Suggestions is remembered per article)."""
        self.scored: Scored | None = None
        self.shown: list = []
        self._key: tuple[int, int] | None = None
        """The article and revision scored (or being scored)."""
        self._loaded = False
        """Whether the model has answered once (until then, the list says it is loading)."""
        self._setting_aside: set[tuple[int, int]] = set()
        self._since: list[tuple[tuple[int, int], str, bool]] = []
        """Dismissals (True) and their undos (False) committed since the article was last asked for: put on top
        of the worker's answer, which may have read the dismissals before them."""
        """Dismissals handed to the runner and not yet committed: off the list meanwhile."""
        self.decisions = 0
        """Decisions since the layer was last fitted (or the window opened)."""
        model = window.claims_model
        model.modelReset.connect(self.follow_article)
        model.rowsInserted.connect(self._claims_added)
        model.rowsRemoved.connect(lambda *_: self._refilter())
        # Not dataChanged: a claim changed in place (its verdict, its words' fields, its status) keeps its span (one
        # placed elsewhere is removed and inserted again), so what is left out stays; asking again for every
        # edit cost ~3 ms of the UI thread's time with 2,000 claims (bench/large_article.py).
        window.controller.failed.connect(self._edit_failed)
        group = window.controller.undo_group
        self._counted: WeakSet = WeakSet()
        """The commands already seen on the undo stacks: a redo of one, or an undo, is no new decision."""
        for stack in group.stacks():
            self._counted.update(stack.command(i) for i in range(stack.count()))
        group.indexChanged.connect(self._stack_moved)
        window.library_closing.connect(self._library_closing)

    # ------------------------------------------------------------------ on and off

    def set_enabled(self, on: bool) -> None:
        """View ▸ Show Suggestions: on, the open article is scored and its suggestions shown; off, none is."""
        if on == self.enabled:
            return
        self.enabled = on
        tabs = self.window.claim_tabs
        if on:
            index = tabs.insertTab(min(4, tabs.count()), self.panel, TAB_TITLE)
            tabs.setTabToolTip(index, TAB_TIP)
            self.marks.view.paint_over = self.marks.paint
            self.follow_article()
        else:
            self.worker.forget()
            self.scored, self._key, self.shown = None, None, []
            index = tabs.indexOf(self.panel)
            if index >= 0:
                tabs.removeTab(index)
            self.panel.show_suggestions(())
            self.marks.remove()
            self.changed.emit()

    def idle(self) -> bool:
        """Whether the suggestions shown answer the article on screen (nothing being scored or retrained)."""
        return self.worker.idle()

    # ------------------------------------------------------------------ following the article

    def follow_article(self) -> None:
        """The claims model was reset: another article, or its text again (a revision): score it if it is new."""
        if not self.enabled:
            return
        if not self.wanted():  # another article, turned off by the reviewer: not even scored
            self.set_enabled(False)
            return
        article = self.window.controller.article
        key = (article.id, article.revision) if article is not None else None
        if key == self._key:
            self._refilter()
            return
        opened = article is not None and (self._key is None or self._key[0] != article.id)
        self._key, self.scored = key, None
        self._setting_aside.clear()
        self._since.clear()
        self.worker.forget()
        self._show([])
        if article is None:
            self.panel.show_suggestions((), reason=("No article open",
                                                    "Open an article to see the sentences worth checking."))
        elif not article.text.strip():
            self.panel.show_suggestions((), reason=("Nothing to suggest", "The article has no text."))
        elif self._restoring():
            return  # the file is being replaced: the restored library's article is scored when it shows
        else:
            self.worker.score(article.id, check_layer=opened)
            if self._loaded:
                self.panel.wait("Scoring the sentences…", "")
            else:
                self.panel.wait("Loading the suggestion model…",
                                "The sentences worth checking show here in a moment.", at_once=True)

    def rescore(self) -> None:
        """Score the open article again (the library's layer changed)."""
        article = self.window.controller.article
        if self.enabled and article is not None and article.text.strip() and not self._restoring():
            self._since.clear()
            self.worker.score(article.id)

    def _scored(self, scored: Scored) -> None:
        self._loaded = True
        article = self.window.controller.article
        if article is None or (scored.article_id, scored.revision) != (article.id, article.revision):
            return  # an answer for a text no longer on screen
        if self._since:
            dismissed = dict(scored.dismissed)
            for span, sentence, applied in self._since:
                if applied:
                    dismissed[span] = sentence
                else:
                    dismissed.pop(span, None)
            scored = Scored(scored.article_id, scored.revision, scored.text_length, scored.suggestions, dismissed)
        self.scored = scored
        self._refilter(force=True)

    def _failed(self, message: str) -> None:
        self._loaded = True
        log.warning("suggestions not shown: %s", message)
        self.panel.show_suggestions((), reason=("Could not score the article", message))

    def _claims_added(self, _parent, first: int, last: int) -> None:
        """Claims marked (or brought back): the suggestions they overlap leave the list, the rest stay as shown."""
        if not self.enabled or self.scored is None:
            return
        model = self.window.claims_model
        spans = [(c.start, c.end) for c in map(model.claim_at, range(first, last + 1)) if not c.orphan]
        shown = [s for s in self.shown if not any(start < s.end and s.start < end for start, end in spans)]
        if shown != self.shown:
            self._show(shown)

    def _refilter(self, force: bool = False) -> None:
        if not self.enabled or self.scored is None:
            return
        shown = without_claimed(self.scored.suggestions, self.window.claims_model.claims(), self.scored.dismissed,
                                self._setting_aside)
        if shown != self.shown or force:
            self._show(shown)

    def _show(self, shown: list) -> None:
        self.shown = shown
        self.panel.show_suggestions(shown, reason=("No suggestions", "No sentence of this article looks like a "
                                                   "check-worthy claim, or each one is marked or dismissed already."))
        tabs = self.window.claim_tabs
        index = tabs.indexOf(self.panel)
        if index >= 0:
            title = f"{TAB_TITLE} ({len(shown)})" if self.scored is not None else TAB_TITLE
            if tabs.tabText(index) != title:
                tabs.setTabText(index, title)
        current = self.panel.current()
        emphasised = (current.start, current.end) if current is not None and self.marks.emphasised else None
        self.marks.show(self.scored.article_id if self.scored else None, [(s.start, s.end) for s in shown],
                        emphasised)
        self.changed.emit()

    # ------------------------------------------------------------------ the list and the article

    def _chosen(self, suggestion, by_reviewer: bool) -> None:
        """The reviewer chose a suggestion: its mark and words emphasised, in sight. The list refreshed: the
        emphasis (if any) moves to the suggestion now chosen, and the article stays where it is."""
        if suggestion is None or not (by_reviewer or self.marks.emphasised is not None):
            self.marks.emphasise(None)
            return
        self.marks.emphasise((suggestion.start, suggestion.end))
        if by_reviewer:
            self.marks.scroll_to(suggestion.start)

    def _hovered(self, suggestion) -> None:
        chosen = suggestion or (self.panel.current() if self.panel.list.hasFocus() else None)
        self.marks.emphasise((chosen.start, chosen.end) if chosen is not None else None)

    def _describe_mark(self, span: tuple[int, int]) -> str:
        suggestion = next((s for s in self.shown if (s.start, s.end) == span), None)
        if suggestion is None:
            return ""
        speaker = f" · {suggestion.claimant}" if suggestion.claimant else ""
        accept = self.window.accept_suggestion_action.shortcut().toString()
        return (f"Suggested claim: score {suggestion.score:.2f}{speaker}\n"
                f"Click to choose it in the Suggestions tab; {accept} accepts it.")

    def _mark_clicked(self, span: tuple[int, int]) -> None:
        row = self.panel.model.row_of(*span)
        if row is not None:
            self.window.claim_tabs.setCurrentWidget(self.panel)
            self.panel.list.setCurrentIndex(self.panel.model.index(row, 0))
            self.marks.emphasise(span)  # chosen already: emphasised all the same

    def step(self, by: int) -> None:
        """Next Suggestion (1) or Previous (-1): the tab brought forward, the sentence shown in the article."""
        if not self.enabled:
            return
        tabs = self.window.claim_tabs
        tabs.setCurrentWidget(self.panel)
        self.panel.step(by)

    # ------------------------------------------------------------------ deciding

    def _chosen_in_sight(self):
        """The suggestion chosen in the list, if the reviewer can see it; else None, and the list brought forward
        with the one chosen shown in the article (a key pressed again then acts on it)."""
        chosen = self.panel.current()
        tabs = self.window.claim_tabs
        if chosen is None or tabs.currentWidget() is self.panel:
            return chosen
        tabs.setCurrentWidget(self.panel)
        self._chosen(chosen, True)
        return None

    def accept(self, suggestion=None) -> bool:
        """The suggestion (the one chosen if None) becomes a claim, with its speaker as claimant: one undo step.

        Words selected in the article inside the sentence are marked instead of the whole sentence.
        """
        suggestion = suggestion or self._chosen_in_sight()
        if not self.enabled or suggestion is None or self.window.controller.article is None:
            return False
        start, end = suggestion.start, suggestion.end
        claimant = suggestion.claimant
        selected = self.window.article_panel.view.claim_span()
        if selected is not None and suggestion.start <= selected[0] < selected[1] <= suggestion.end:
            from factcheck.core.attribution import attribute

            start, end = selected
            # the words selected may be another speaker's: '"…," Smith said, but "crime rose," Jones said'
            text = self.window.controller.article.text
            claimant = attribute(text, start, end, self.window.editor.claimant_names) or claimant
        self.window.editor.flush()
        self.window.controller.reviewer = self.window.runner.user
        return self.window.controller.mark_claim(start, end, claimant=claimant,
                                                 text=f"Accept suggestion “{_short(suggestion.sentence)}”")

    def dismiss(self, suggestion=None) -> bool:
        """Set the suggestion (the one chosen if None) aside for the article: one undo step, kept in the library."""
        suggestion = suggestion or self._chosen_in_sight()
        article = self.window.controller.article
        if not self.enabled or suggestion is None or article is None or self.scored is None:
            return False
        command = DismissSuggestionCommand(self.window.controller, article.id, suggestion)
        if not self.window.controller.edit(command, self._dismissal_followed):
            return False
        self._setting_aside.add((suggestion.start, suggestion.end))
        self._refilter()
        return True

    def _dismissal_followed(self, command: DismissSuggestionCommand, outcome) -> None:
        """A dismissal (or its undo, its redo) committed: the list follows what the library holds."""
        s = command.suggestion
        self._setting_aside.discard((s.start, s.end))
        scored = self.scored
        article = self.window.controller.article
        if article is not None and article.id == command.article_id:
            self._since.append(((s.start, s.end), s.sentence, command.applied))
        if scored is not None and scored.article_id == command.article_id:
            dismissed = dict(scored.dismissed)
            if command.applied:
                dismissed[(s.start, s.end)] = s.sentence
            else:
                dismissed.pop((s.start, s.end), None)
            self.scored = Scored(scored.article_id, scored.revision, scored.text_length, scored.suggestions, dismissed)
            self._refilter()

    def _edit_failed(self, *args) -> None:
        if self._setting_aside:  # a dismissal refused: the sentence comes back
            self._setting_aside.clear()
            self._refilter()

    def _stack_moved(self, index: int) -> None:
        """A new claim marked or a suggestion dismissed by the reviewer is a decision (not an undo, a redo, nor
        a colleague's claim read from the library)."""
        stack = self.window.controller.undo_group.activeStack()
        if stack is None or index != stack.count() or not index:
            return  # an undo, or no step
        command = stack.command(index - 1)
        if command in self._counted:
            return  # a redo
        self._counted.add(command)
        if self.enabled and isinstance(command, (MarkClaimCommand, DismissSuggestionCommand)):
            self._decided()

    # ------------------------------------------------------------------ learning

    def _decided(self) -> None:
        self.decisions += 1
        if self.decisions >= DECISIONS_PER_RETRAIN and not self._restoring():
            self.decisions = 0
            self.worker.retrain()

    def _retrained(self, fitted: bool) -> None:
        if fitted:
            self.rescore()

    def _restoring(self) -> bool:
        """A restore is replacing the library's file: no request may open a handle on it meanwhile."""
        return bool(getattr(self.window.backups, "restoring", False))

    def _library_closing(self) -> None:
        if getattr(self.window.backups, "restoring", False):
            self.worker.release(wait=True)  # the window stays: the next request opens the new file
            self._key = None
        else:
            self.worker.shutdown()
