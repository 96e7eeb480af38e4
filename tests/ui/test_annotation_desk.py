"""The annotation desk as a user drives it: mark, rate, source, undo, reopen."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from factcheck.core.articles import Article
from factcheck.core.claims import Source, Stance
from factcheck.store import SQLiteStore
from factcheck.ui.article_view import TINT, blend
from factcheck.ui.claims_model import VerdictColorRole

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"


def rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def brush_at(window, code_point: int):
    """The highlight brush on the character at ``code_point``."""
    view = window.article_panel.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(code_point) + 1)  # charFormat() is that of the char before
    return cursor.charFormat().background()


def background_at(window, code_point: int) -> QColor:
    return brush_at(window, code_point).color()


def test_first_run_shows_the_seed_article_with_an_empty_claims_panel(window, library_path):
    assert "Donald Trump backtracks" in window.windowTitle()
    text = window.article_panel.view.toPlainText()
    assert "Donald Trump has backtracked claims" in text
    assert "Advertisement" not in text  # the seed's stray advert label is dropped on import
    assert window.claims_panel.pages.currentIndex() == 0  # the "press Ctrl+M" empty state
    assert window.mark_action.shortcut().toString() == "Ctrl+M"
    assert "Ctrl+M" in window.mark_action.toolTip()
    assert rows(library_path, "SELECT count(*) FROM articles") == [(1,)]


def test_marking_a_selection_highlights_lists_and_stores_the_claim(window, library_path, mark):
    claim_id = mark(window, QUOTE)

    assert window.claims_model.rowCount() == 1
    assert window.claims_panel.pages.currentIndex() == 1
    start = window.controller.article.text.index(QUOTE)
    assert background_at(window, start) == blend(["#9e9e9e"], TINT)  # neutral while unrated
    assert brush_at(window, start - 3).style() == Qt.BrushStyle.NoBrush  # outside the claim
    assert rows(library_path, 'SELECT id, start, "end", quote, reviewer FROM claims') == [
        (claim_id, start, start + len(QUOTE), QUOTE, "tester")]
    assert window.saved_label.text() == "Saved"


def test_selection_with_surrounding_spaces_is_trimmed(window, library_path):
    text = window.controller.article.text
    start = text.index(" widespread criticism ")
    window.article_panel.view.select_span(start, start + len(" widespread criticism "))
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT quote FROM claims") == [("widespread criticism",)]


def test_claims_after_emoji_anchor_by_code_point(open_app, library_path, mark):
    text = "Intro 😀😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 first.\n\nThe minister said unemployment fell by 3%."
    with_library = SQLiteStore.open(library_path)
    article = with_library.add_article(Article(title="Emoji", text=text))
    with_library.close()
    window = open_app()
    window.open_article(article.id)

    claim_id = mark(window, "unemployment fell by 3%")

    start = text.index("unemployment fell by 3%")
    stored = rows(library_path, 'SELECT start, "end", quote FROM claims WHERE id = ?', [claim_id])
    assert stored == [(start, start + len("unemployment fell by 3%"), "unemployment fell by 3%")]
    # Qt counts the six astral characters twice: the highlight sits on the same words all the same.
    view = window.article_panel.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(start))
    cursor.setPosition(view._map.to_utf16(start + len("unemployment fell by 3%")), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "unemployment fell by 3%"
    assert background_at(window, start) == blend(["#9e9e9e"], TINT)


def test_setting_a_verdict_colours_the_chip_and_the_highlight_and_is_stored(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    editor = window.editor
    index = editor.verdict.findData("False")
    editor.verdict.setCurrentIndex(index)
    editor.verdict.activated.emit(index)
    window.runner.wait_idle()

    row = window.claims_model.index(0, window.claims_model.VERDICT)
    assert row.data() == "False"
    assert row.data(VerdictColorRole) == "#c62828"
    start = window.controller.article.text.index(QUOTE)
    assert background_at(window, start) == blend(["#c62828"], TINT)
    assert rows(library_path, "SELECT verdict FROM claims WHERE id = ?", [claim_id]) == [("False",)]
    history = rows(library_path, "SELECT field, old_value, new_value, changed_by FROM history WHERE field = 'verdict'")
    assert history == [("verdict", None, "False", "tester")]


def test_undo_and_redo_restore_the_database(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "Misleading")
    window.controller.set_claim_field(claim_id, "claimant", "Donald Trump")
    window.runner.wait_idle()
    assert "claimant" in window.undo_action.text()

    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT claimant, verdict FROM claims") == [("", "Misleading")]
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT claimant, verdict FROM claims") == [("", None)]
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT count(*) FROM claims") == [(0,)]
    assert window.claims_model.rowCount() == 0

    window.redo_action.trigger()
    window.redo_action.trigger()
    window.redo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT id, claimant, verdict FROM claims") == [(claim_id, "Donald Trump", "Misleading")]
    assert window.claims_model.claim(claim_id).verdict == "Misleading"


def test_deleting_a_claim_and_undoing_brings_back_its_sources(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    window.controller.add_source(claim_id, Source(url="https://example.org/a", title="A", stance=Stance.REFUTES))
    window.controller.add_source(claim_id, Source(url="https://example.org/b", title="B"))
    window.delete_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT count(*) FROM sources") == [(0,)]
    assert window.claims_model.rowCount() == 0

    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT claim_id, title, stance FROM sources ORDER BY position") == [
        (claim_id, "A", "refutes"), (claim_id, "B", "context")]
    assert [s.title for s in window.claims_model.claim(claim_id).sources] == ["A", "B"]


def test_sources_add_edit_remove_are_each_undoable(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    window.controller.add_source(claim_id, Source(url="https://example.org/a", title="A"))
    window.runner.wait_idle()
    source = window.claims_model.claim(claim_id).sources[0]
    assert window.editor.sources_model.rowCount() == 1
    window.controller.edit_source(source, source.with_(title="A, revised", stance=Stance.SUPPORTS))
    window.runner.wait_idle()
    assert rows(library_path, "SELECT title, stance FROM sources") == [("A, revised", "supports")]
    window.controller.remove_source(window.claims_model.claim(claim_id).sources[0])
    window.runner.wait_idle()
    assert rows(library_path, "SELECT count(*) FROM sources") == [(0,)]

    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT title FROM sources") == [("A, revised",)]
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT title, stance FROM sources") == [("A", "context")]
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT count(*) FROM sources") == [(0,)]
