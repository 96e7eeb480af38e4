"""The main window's menus and toolbar: every command, its shortcut and its tip, in one place.

The slots are the window's (and its controllers'); the window keeps the actions it
enables and disables as attributes (``undo_action``, ``delete_action``, …).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from factcheck.core.claims import ClaimStatus


def build_actions(window) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    importer = window.importer
    window.import_action = window._action(file_menu, "&Import…", importer.choose_files, "Ctrl+O",
                                          "Import articles (.html, .docx, .txt, .md) or factcheck .json bundles")
    window._action(file_menu, "Import &Folder…", importer.choose_folder, "Ctrl+Alt+O",
                   "Import every article in a folder and its subfolders")
    window._action(file_menu, "Open &URL…", importer.ask_url, "Ctrl+Shift+O",
                   "Download a web page and import its article")
    window._action(file_menu, "Paste as &New Article", importer.paste, "Ctrl+Shift+V",
                   "Import the text or web page on the clipboard")
    window.check_updates_action = window._action(file_menu, "Check for &Updates…", lambda: _check_for_updates(window),
                                                 "Ctrl+Shift+U", CHECK_TIP)
    file_menu.setToolTipsVisible(True)  # a disabled Check for Updates says why
    window.export_action = window._action(file_menu, "&Export…", window.show_export, "Ctrl+Shift+E",
                                          "Export the report or its data: HTML, PDF, Markdown, CSV, JSON, "
                                          "ClaimReview, Web Annotations")
    file_menu.addSeparator()
    window.restore_action = window._action(file_menu, "&Restore from Backup…", window.backups.restore_from_backup, None,
                                           "Replace the library with one of its backups")
    file_menu.addSeparator()
    window.preferences_action = window._action(file_menu, "&Preferences…", window.show_preferences, "Ctrl+,")
    file_menu.addSeparator()
    window._action(file_menu, "&Quit", window.close, "Ctrl+Q")

    edit_menu = bar.addMenu("&Edit")
    group = window.controller.undo_group
    window.undo_action = window._action(edit_menu, "&Undo", lambda: window._undo_redo(window.controller.undo), "Ctrl+Z")
    window.redo_action = window._action(edit_menu, "&Redo", lambda: window._undo_redo(window.controller.redo),
                                        [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    group.undoTextChanged.connect(window._sync_undo_actions)
    group.redoTextChanged.connect(window._sync_undo_actions)
    group.canUndoChanged.connect(window._sync_undo_actions)
    group.canRedoChanged.connect(window._sync_undo_actions)
    group.indexChanged.connect(window._sync_undo_actions)
    for said in (window.controller.saving, window.controller.steps_changed, window.controller.failed):
        said.connect(window._sync_undo_actions)
    window._sync_undo_actions()
    edit_menu.addSeparator()
    window.mark_action = window._action(edit_menu, "&Mark Claim", window.mark_selection, "Ctrl+M",
                                        "Mark the selected words of the article as a claim")
    window.delete_action = window._action(edit_menu, "&Delete Claim", window.delete_selected_claim,
                                          "Ctrl+Delete", "Delete the selected claim and its sources")
    edit_menu.addSeparator()
    window.find_action = window._action(edit_menu, "&Find…", lambda: _find(window, 0), "Ctrl+F",
                                        "Find words in the article; every match is tinted")
    window._action(edit_menu, "Find &Next", lambda: _find(window, 1), [QKeySequence("F3"), QKeySequence("Ctrl+G")],
                   "The next match of Find in the article")
    window._action(edit_menu, "Find Pre&vious", lambda: _find(window, -1), "Shift+F3",
                   "The previous match of Find in the article")
    window.search_action = window._action(edit_menu, "&Search the Library…", lambda: _search_library(window),
                                          "Ctrl+Shift+F", "Search every article, claim, comment and source")

    article_menu = bar.addMenu("&Article")
    window.details_action = window._action(article_menu, "Edit &Details…", window.edit_article_details, "Ctrl+I",
                                           "Edit the headline, outlet, byline, address, date and fact-check page")
    window.assign_action = window._action(article_menu, "A&ssign…", lambda: _assign(window), "Ctrl+Shift+G",
                                          "Assign the article to a reviewer, with a due date, or move it to "
                                          "another stage")
    article_menu.addSeparator()
    window.archive_action = window._action(article_menu, "&Archive Article", lambda: window.archive_article(),
                                           "Ctrl+Shift+A", "Hide the article from the list; it is kept whole")
    window.delete_article_action = window._action(article_menu, "Delete Article…", lambda: window.delete_article(),
                                                  "Ctrl+Shift+Delete", "Delete the article with its claims and sources")

    claim_menu = bar.addMenu("&Claim")
    window._action(claim_menu, "&Next Claim", lambda: window.claims_panel.step(1), "Ctrl+]")
    window._action(claim_menu, "&Previous Claim", lambda: window.claims_panel.step(-1), "Ctrl+[")
    window._action(claim_menu, "&Edit Claim", window.editor.focus_first_field, "Ctrl+E",
                   "Move to the claim editor's first field")
    window.add_source_action = window._action(claim_menu, "&Add Source…", window.editor.request_add_source,
                                              "Ctrl+Shift+N")
    window.claimant_action = window._action(claim_menu, "Claimant &Details…", window.edit_claimant, "Ctrl+Shift+K",
                                            "Person or organisation, and a page that identifies the claimant")
    claim_menu.addSeparator()
    window.attach_action = window._action(claim_menu, "A&ttach Here", lambda: _attach_here(window), None,
                                          "Place the selected orphaned (or changed) claim on the words selected "
                                          "in the article")
    window.accept_wording_action = window._action(claim_menu, "Accept New &Wording", lambda: _accept_wording(window),
                                                  None, "The check holds for the claim's new wording: take the "
                                                  "claim as it now reads")
    claim_menu.addSeparator()
    window.next_suggestion_action = window._action(claim_menu, "Ne&xt Suggestion", lambda: _suggestion(window, "next"),
                                                   "Ctrl+J", "Show the next suggested sentence in the article")
    window._action(claim_menu, "Previous S&uggestion", lambda: _suggestion(window, "previous"), "Ctrl+Shift+J",
                   "Show the previous suggested sentence in the article")
    window.accept_suggestion_action = window._action(
        claim_menu, "A&ccept Suggestion", lambda: _suggestion(window, "accept"), "Ctrl+L",
        "Make the suggested sentence a claim, with its speaker as claimant (or only the words selected inside it)")
    window.dismiss_suggestion_action = window._action(claim_menu, "D&ismiss Suggestion",
                                                      lambda: _suggestion(window, "dismiss"), "Ctrl+D",
                                                      "Set the suggested sentence aside for this article")
    claim_menu.addSeparator()
    window.verdict_menu = claim_menu.addMenu("Set &Verdict")
    status_menu = claim_menu.addMenu("Set &Status")
    for n, status in enumerate(ClaimStatus, start=1):
        window._action(status_menu, status.label, lambda _=False, s=status: window.set_status(s),
                       f"Ctrl+Alt+{n}")

    build_review_menu(window, bar.addMenu("&Review"))

    view_menu = bar.addMenu("&View")
    window._action(view_menu, "&Library", window.library_panel.focus_list, "Ctrl+1")
    window._action(view_menu, "&Article", lambda: window.article_panel.view.setFocus(), "Ctrl+2")
    window._action(view_menu, "&Claims", lambda: window.claims_panel.table.setFocus(), "Ctrl+3")
    view_menu.addSeparator()
    window.all_claims_action = window._action(view_menu, "All Claims in the Librar&y…", lambda: _all_claims(window),
                                              "Ctrl+Shift+L", "Every claim in the library: filter, sort, export")
    window.revision_diff_action = window._action(view_menu, "Changes Between &Revisions…",
                                                 lambda: _revision_diff(window), None,
                                                 "What changed between two revisions of the article, with its claims")
    view_menu.addSeparator()
    window.show_suggestions_action = window._action(
        view_menu, "Show &Suggestions", lambda on: _show_suggestions(window, on),
        tip="Mark the sentences of this article likely worth checking in the margin and list them in the "
            "Suggestions tab (a new article has them on)")
    window.show_suggestions_action.setCheckable(True)
    window.show_suggestions_action.setChecked(True)  # each article says its own when it opens
    window.show_archived_action = window._action(view_menu, "Show A&rchived Articles", window.reload_library,
                                                 tip="List archived articles too, marked as archived")
    window.show_archived_action.setCheckable(True)

    help_menu = bar.addMenu("&Help")
    window._action(help_menu, "&Keyboard Shortcuts", window.show_shortcuts, "F1")
    window._action(help_menu, "&About factcheck", window.show_about)

    toolbar = QToolBar("Main", objectName="mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setMovable(False)
    for action in (window.import_action, window.export_action, None, window.mark_action, window.delete_action,
                   window.add_source_action, None, toolbar_twin(window, window.undo_action, "Undo"),
                   toolbar_twin(window, window.redo_action, "Redo")):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    window.addToolBar(toolbar)
    window.article_panel.view.mark_action = window.mark_action
    window.article_panel.view.placement_actions = [window.attach_action, window.accept_wording_action]
    sync_revision_actions(window)
    sync_placement_actions(window)
    window.article_panel.view.snaps_to_words = lambda: window.preferences.snap_to_words


def build_review_menu(window, menu) -> None:
    """The desk's workflow: propose, second opinions, decisions, comments, history, assignment, agreement."""
    tabs = window.claim_tabs

    def on_review(act):
        return lambda: act(tabs.show_review())

    def decide(key):
        return on_review(lambda panel: panel.buttons[key].isEnabled() and panel.buttons[key].click())

    window.propose_action = window._action(menu, "&Propose Verdict…", on_review(lambda panel: panel.propose()),
                                           "Ctrl+Shift+P", "Propose your verdict and rationale for the claim")
    window._action(menu, "Ask for Second &Opinions…", decide("ask"), None,
                   "Ask colleagues to rate the claim without seeing the others' verdicts")
    window._action(menu, "Ask for Second Opinions on the A&rticle…",
                   on_review(lambda panel: panel.buttons["ask"].isEnabled() and panel.ask(whole_article=True)), None,
                   "Ask colleagues to rate every claim of the article not yet approved, each blind")
    window._action(menu, "&Approve…", decide("approve"), "Ctrl+Shift+Return",
                   "Approve the selected proposal (or the claim as it stands), with a short note")
    window._action(menu, "Re&turn…", decide("return"), None, "Send the claim back to draft, with a note")
    window._action(menu, "R&eopen…", decide("reopen"), None, "Reopen an approved claim, with a note")
    window._action(menu, "&Comment", on_review(lambda panel: panel.comment_box.setFocus()), "Ctrl+Shift+M",
                   "Write to the desk about the claim")
    menu.addSeparator()
    window._action(menu, "Claim &History", tabs.show_history, "Ctrl+H",
                   "Every change to the claim and its sources, newest first")
    window._action(menu, "Article Histor&y…", lambda: _article_history(window), "Ctrl+Shift+H",
                   "Every change to the article and its claims, newest first")
    menu.addSeparator()
    window._action(menu, "A&greement…", lambda: _agreement(window), None,
                   "How far reviewers who rated the same claims agree: Krippendorff's alpha, Cohen's kappa")


CHECK_TIP = "Download the article's page again and offer its new text as a revision"


def sync_revision_actions(window) -> None:
    """Check for Updates and Changes Between Revisions follow the open article (each disabled saying why)."""
    article = window.controller.article
    check, diff = window.check_updates_action, window.revision_diff_action
    if article is None:
        why = "Open an article to check its page for updates"
    elif not article.url.lower().startswith(("http://", "https://")):
        why = "The article has no web address to download again: Article ▸ Edit Details (Ctrl+I) adds one"
    else:
        why = ""
    check.setEnabled(not why)
    check.setToolTip(why or f"{CHECK_TIP} (Ctrl+Shift+U)")
    check.setStatusTip(why or CHECK_TIP)
    revised = article is not None and article.revision > 1
    diff.setEnabled(revised)
    diff.setStatusTip("What changed between two revisions of the article, with its claims" if revised else
                      "The article has one revision only: Check for Updates brings a newer one")


def sync_placement_actions(window) -> None:
    """Attach Here: a changed or orphaned claim selected, and words in the article; Accept New Wording: a changed one."""
    claim = window.claims_model.claim(window.claims_panel.selected_claim_id())
    window.attach_action.setEnabled(claim is not None and claim.needs_review
                                    and window.article_panel.view.textCursor().hasSelection())
    window.accept_wording_action.setEnabled(claim is not None and claim.placement == "changed")


def _check_for_updates(window) -> None:
    sync_revision_actions(window)
    if not window.check_updates_action.isEnabled():
        window.statusBar().showMessage(window.check_updates_action.toolTip() + ".", 8000)
        return
    from factcheck.ui.revision_check import RevisionChecks  # loaded when first asked for

    if window.revision_checks is None:
        window.revision_checks = RevisionChecks(window)
    window.editor.flush()
    window.revision_checks.check(window.controller.article)


def _placing(window):
    """The selected claim as it will be once the edits in flight are saved, and the open article's revision."""
    controller = window.controller
    claim = controller.current_claim(window.claims_panel.selected_claim_id())
    return claim, controller.article.revision if controller.article is not None else 1


def _attach_here(window) -> None:
    from factcheck import api

    claim, revision = _placing(window)
    span = window.article_panel.view.claim_span()
    if claim is None or not claim.needs_review or span is None:
        window.statusBar().showMessage("Select an orphaned claim (Revision tab), then the words it now stands on "
                                       "in the article, then Attach Here.", 8000)
        return
    try:
        anchor = api.claim_for_selection(window.controller.article, *span).anchor
    except api.WhiteSpaceOnly as error:
        window.statusBar().showMessage(str(error), 6000)
        return
    from factcheck.ui.revision_commands import PlaceClaimCommand

    window.controller.edit(PlaceClaimCommand.attach(window.controller, claim, anchor, revision))


def _accept_wording(window) -> None:
    claim, revision = _placing(window)
    if claim is None or claim.placement != "changed":
        window.statusBar().showMessage("Select a claim whose wording a revision changed first.", 6000)
        return
    from factcheck.ui.revision_commands import PlaceClaimCommand

    window.controller.edit(PlaceClaimCommand.accept_wording(window.controller, claim, revision))


def _revision_diff(window) -> None:
    article_id = window._open_article_id()
    if article_id is None:
        return
    from importlib.util import find_spec

    if find_spec("factcheck.ui.revision_diff_dialog") is None:  # built alongside (issue 14): not in this build yet
        window.statusBar().showMessage("Changes Between Revisions is not available in this build yet.", 6000)
        return
    from factcheck.ui.revision_diff_dialog import show_revision_diff  # loaded when first asked for

    show_revision_diff(window, article_id)


SUGGESTIONS_DELAY_MS = 300
"""How long after an article first shows that its suggestions are asked for: never before the window's first paint."""


def suggestions_wanted(window) -> bool:
    """Whether the open article shows its suggestions: on unless the reviewer turned them off for it."""
    article = window.controller.article
    if article is None:
        return window.show_suggestions_action.isChecked()
    return not window.preferences.suggestions_off(*_suggestions_key(window, article))


def _suggestions_key(window, article) -> tuple[str, str]:
    """The library and the article, as the choice of View ▸ Show Suggestions is remembered for them: the
    library's file by its real path (however it was named on the command line), the article by its id and
    when it was imported (a library restored from a backup may give the id to another article)."""
    import os

    location = window.library.location
    if os.path.isfile(location):
        location = os.path.realpath(location)
    return location, f"{article.id}/{article.imported_at or ''}"


def suggest_soon(window) -> None:
    """An article was opened: View ▸ Show Suggestions says its own choice, and the suggestions start (loaded,
    then following the open article) in a moment, or stop."""
    wanted = suggestions_wanted(window)
    window.show_suggestions_action.setChecked(wanted)  # not a trigger: nothing recorded
    if window.suggestions is not None:
        window.suggestions.set_enabled(wanted)
    elif wanted:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(SUGGESTIONS_DELAY_MS, window, lambda: start_suggestions(window))


def start_suggestions(window):
    """The window's :class:`~factcheck.ui.suggestion_controller.Suggestions`, made (and turned on) if it was not."""
    if window.suggestions is None:
        from factcheck.ui.suggestion_controller import Suggestions  # loaded when first wanted

        window.suggestions = Suggestions(window)
        window.suggestions.wanted = lambda: suggestions_wanted(window)
        keys = [a.shortcut().toString(QKeySequence.SequenceFormat.NativeText) for a in (
            window.accept_suggestion_action, window.dismiss_suggestion_action, window.next_suggestion_action)]
        window.suggestions.panel.set_shortcuts(*keys)
        window.suggestions.set_enabled(window.show_suggestions_action.isChecked())
    return window.suggestions


def _show_suggestions(window, on: bool) -> None:
    """View ▸ Show Suggestions, for the open article (remembered for it; a new article has them on)."""
    article = window.controller.article
    if article is not None:
        window.preferences.set_suggestions_off(*_suggestions_key(window, article), not on)
    if on:
        start_suggestions(window).set_enabled(True)
    elif window.suggestions is not None:
        window.suggestions.set_enabled(False)


def _suggestion(window, what: str) -> None:
    if not window.show_suggestions_action.isChecked():
        window.statusBar().showMessage("Suggestions are off: View ▸ Show Suggestions turns them on.", 6000)
        return
    suggestions = start_suggestions(window)
    if what in ("next", "previous"):
        suggestions.step(1 if what == "next" else -1)
    elif suggestions.panel.current() is None:
        window.statusBar().showMessage("No suggestion chosen: Claim ▸ Next Suggestion (Ctrl+J) picks one.", 6000)
    elif what == "accept":
        suggestions.accept()
    else:
        suggestions.dismiss()


def _find(window, step: int) -> None:
    if not window.article_panel.find(step):
        window.statusBar().showMessage("Open an article to find words in it.", 5000)


def _search_library(window) -> None:
    from factcheck.ui.search_window import show_search  # loaded when first asked for

    show_search(window)


def _all_claims(window) -> None:
    from factcheck.ui.claims_view import show_claims_view  # loaded when first asked for

    show_claims_view(window)


def _article_history(window) -> None:
    from factcheck.ui.review_panel import show_article_history

    show_article_history(window)


def _assign(window) -> None:
    from factcheck.ui.assign_dialog import assign_article  # loaded when first asked for

    if window._open_article_id() is not None:
        assign_article(window, window._open_article_id())


def _agreement(window) -> None:
    from factcheck.ui.agreement_dialog import show_agreement  # loaded when first asked for

    show_agreement(window)


def toolbar_twin(window, action: QAction, text: str) -> QAction:
    """A short-labelled copy of an undo/redo action: the menu shows what it will undo, the toolbar stays narrow."""
    twin = QAction(text, window)
    twin.triggered.connect(action.trigger)
    sync = lambda: (twin.setEnabled(action.isEnabled()), twin.setToolTip(
                                                                         f"{action.text().replace('&', '')} ({action.shortcut().toString()})"))
    action.changed.connect(sync)
    sync()
    return twin
