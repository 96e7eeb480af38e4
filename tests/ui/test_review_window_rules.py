"""The window keeps the desk's rules: blind second opinions, colleagues' changes marked, the article's history, the Review menu."""

from __future__ import annotations

from contextlib import closing

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from factcheck.core.rating_scales import NEUTRAL_COLOR
from factcheck.store import SQLiteStore
from factcheck.ui.claims_model import ClaimsTableModel


def _first_words(window) -> str:
    return window.controller.article.text.split(".")[0][:30].strip()


def _cell(window, claim_id, column, role=Qt.ItemDataRole.DisplayRole):
    model = window.claims_model
    return model.data(model.index(model.row_of(claim_id), column), role)


def _as_colleague(library_path, name="ed"):
    return closing(SQLiteStore.open(library_path, user=name))


def test_a_reviewer_owing_a_second_opinion_sees_no_verdict_in_the_window_until_they_submit(
        window, mark, library_path, monkeypatch):
    claim_id = mark(window, _first_words(window))
    article_id = window.controller.article.id
    scale = window.claims_model.scale
    theirs, mine = scale.verdicts[0].label, scale.verdicts[1].label
    with _as_colleague(library_path) as ed:
        ed.update_claim(claim_id, "verdict", theirs)
        ed.update_claim(claim_id, "rationale", "Ed's reasons, which the second reviewer must not read.")
        ed.propose(claim_id, theirs, "Ed's reasons")
        ed.request_opinions(claim_id, ["tester"])
    window.open_article(article_id)
    window.claims_panel.select_claim(claim_id)

    shown = window.claims_model.claim(claim_id)
    assert (shown.verdict, shown.rationale) == (None, "")  # the table, the tints and the editor read this
    assert _cell(window, claim_id, ClaimsTableModel.VERDICT) == "Hidden"
    assert window.claims_model.color_of(shown) == NEUTRAL_COLOR
    editor = window.editor
    assert not editor.verdict.isEnabled() and editor.rationale.isReadOnly()
    assert editor.rationale.toPlainText() == "" and "second opinion" in editor.definition.full_text()
    editor.set_verdict_by_number(2)  # Alt+2 does nothing on a blind claim
    window.controller.set_claim_field(claim_id, "rationale", "typed anyway")
    window.runner.wait_idle()
    assert window.library.claim(claim_id).verdict == theirs
    assert window.library.claim(claim_id).rationale.startswith("Ed's reasons")

    window.claim_tabs.show_history()
    history = [window.claim_tabs.history.list.item(i).text() for i in range(window.claim_tabs.history.list.count())]
    assert not any(theirs in text or "Ed's reasons" in text for text in history)
    assert any("changed the verdict (hidden" in text for text in history)
    review = window.claim_tabs.show_review()
    assert review.blind_note.isVisibleTo(review)
    assert review.proposals.rowCount() == 0  # Ed's proposal is not shown

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (mine, True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("My own reading.", True))
    review.propose()
    window.runner.wait_idle()
    assert window.claims_model.blind == frozenset()
    assert window.claims_model.claim(claim_id).verdict == theirs  # submitted: the claim shows as it is
    assert _cell(window, claim_id, ClaimsTableModel.VERDICT) == theirs
    assert editor.verdict.isEnabled() and not editor.rationale.isReadOnly()
    assert editor.rationale.toPlainText().startswith("Ed's reasons")


def test_claims_a_colleague_changed_since_the_reviewer_last_looked_are_marked_until_selected(
        window, mark, library_path):
    first = mark(window, _first_words(window))
    second = mark(window, window.controller.article.text.split(".")[1][:25].strip())
    article_id = window.controller.article.id
    window.library.mark_seen(article_id)
    with _as_colleague(library_path, "sam") as sam:
        sam.update_claim(second, "claimant", "The minister")
    window.open_article(article_id)
    decoration = Qt.ItemDataRole.DecorationRole
    assert _cell(window, second, ClaimsTableModel.NUMBER, decoration) is not None
    assert "colleague" in _cell(window, second, ClaimsTableModel.NUMBER, Qt.ItemDataRole.ToolTipRole)
    assert _cell(window, first, ClaimsTableModel.NUMBER, decoration) is None  # the reviewer's own edits are not
    window.claims_panel.select_claim(second)
    assert _cell(window, second, ClaimsTableModel.NUMBER, decoration) is None


def test_the_article_history_lists_every_claims_changes_and_restores_one(window, mark):
    from factcheck.ui.review_panel import show_article_history

    first = mark(window, _first_words(window))
    second = mark(window, window.controller.article.text.split(".")[1][:25].strip())
    labels = [v.label for v in window.claims_model.scale.verdicts]
    window.controller.set_claim_field(first, "verdict", labels[0])
    window.runner.wait_idle()
    window.controller.set_claim_field(second, "verdict", labels[1])
    window.runner.wait_idle()
    window.controller.set_claim_field(second, "verdict", labels[2])
    window.runner.wait_idle()
    show_article_history(window)
    panel = window.article_history.panel
    texts = [panel.list.item(i).text().splitlines()[0] for i in range(panel.list.count())]
    number = window.claims_model.number_of
    assert texts[0] == f"Claim {number(second)}: tester changed the verdict from “{labels[1]}” to “{labels[2]}”"
    assert f"Claim {number(first)}: tester set the verdict to “{labels[0]}”" in texts
    assert window.controller.article.title in window.article_history.windowTitle()
    panel.list.setCurrentRow(0)
    assert panel.restore.isEnabled()
    panel.restore_selected()
    window.runner.wait_idle()
    assert window.library.claim(second).verdict == labels[1]
    assert panel.list.item(0).text().startswith(f"Claim {number(second)}: tester changed the verdict from "
                                                f"“{labels[2]}” to “{labels[1]}”")  # it follows the edit
    window.controller.undo()
    window.runner.wait_idle()
    assert window.library.claim(second).verdict == labels[2]


def test_the_review_menu_reaches_the_review_and_history_tabs_by_keyboard(window, mark, monkeypatch):
    claim_id = mark(window, _first_words(window))
    actions = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    review_menu = actions["Review"].menu()
    by_text = {a.text().replace("&", ""): a for a in review_menu.actions() if a.text()}
    assert by_text["Propose Verdict…"].shortcut().toString() == "Ctrl+Shift+P"
    verdict = window.claims_model.scale.verdicts[0].label
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (verdict, True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    by_text["Propose Verdict…"].trigger()
    window.runner.wait_idle()
    assert window.claim_tabs.currentWidget() is window.claim_tabs.review
    assert [p.verdict for p in window.library.proposals(claim_id)] == [verdict]
    by_text["Claim History"].trigger()
    assert window.claim_tabs.currentWidget() is window.claim_tabs.history


def test_the_review_menu_opens_the_agreement_of_the_open_article(window):
    actions = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    by_text = {a.text().replace("&", ""): a for a in actions["Review"].menu().actions() if a.text()}
    by_text["Agreement…"].trigger()
    window.runner.wait_idle()
    dialog = window.findChild(QDialog, "agreementDialog")
    assert dialog is not None and dialog.isVisible()


def test_opening_an_article_in_the_window_records_it_as_seen(window, mark, library_path, qtbot):
    claim_id = mark(window, _first_words(window))
    article_id = window.controller.article.id
    import time

    time.sleep(1.1)  # stamps are to the second
    with _as_colleague(library_path, "sam") as sam:
        sam.update_claim(claim_id, "claimant", "The minister")
    assert window.library.changed_since_seen() == {article_id: {claim_id}}
    time.sleep(1.1)
    window.open_article(article_id)
    qtbot.waitUntil(lambda: window.runner.wait_idle() or window.library.changed_since_seen() == {}, timeout=5000)
    assert _cell(window, claim_id, ClaimsTableModel.NUMBER, Qt.ItemDataRole.DecorationRole) is not None  # until selected


def test_article_assign_opens_the_assign_dialog_for_the_open_article(window, monkeypatch):
    import factcheck.ui.assign_dialog as assign_dialog

    asked = []
    monkeypatch.setattr(assign_dialog, "assign_article", lambda win, article_id: asked.append(article_id))
    assert window.assign_action.shortcut().toString() == "Ctrl+Shift+G"
    window.assign_action.trigger()
    assert asked == [window.controller.article.id]
