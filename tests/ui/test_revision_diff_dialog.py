"""View ▸ Changes Between Revisions: the newer text with what was added and removed, the claims on it,
the claims a revision left to review, and stepping through the changes (F7, Shift+F7).

The article is revised through the library (as `factcheck revise` does) before the window opens:
three texts, a claim that moved, one whose figure was corrected, one whose paragraph was deleted.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from factcheck import api
from factcheck.core.articles import Article
from factcheck.core.revision_diff import diff_texts
from factcheck.io.colors import contrast_ratio
from factcheck.revision_plans import apply_revision, plan_revision
from factcheck.ui.palettes import fusion_dark_palette
from factcheck.ui.revision_diff_dialog import RevisionDiffDialog, show_revision_diff
from factcheck.ui.revision_diff_document import DiffColors

FIRST = ("The mayor 🏛️ said crime fell by 40% last year.\n\n"
         "Schools will close in 2027, the council said.\n\n"
         "The budget is balanced, she added.")
SECOND = ("The mayor 🏛️ said crime fell by 40% last year.\n\n"
          "The budget is balanced, she added.")
THIRD = ("Update: the council replied on Tuesday.\n\n"
         "The mayor 🏛️ said crime fell by 45% last year.\n\n"
         "The budget is balanced, she added.")


@pytest.fixture
def revised(library_path):
    """An article with three texts and three claims; returns its id."""
    with api.open_library(library_path, reviewer="Seeder", create=True) as library:
        article = library.store.add_article(Article("Mayor on crime", FIRST, rating_scale="newsroom"))
        for quote in ("crime fell by 40% last year", "Schools will close in 2027", "The budget is balanced"):
            library.mark_claim(article.id, quote=quote)
        for text in (SECOND, THIRD):
            apply_revision(library.store, plan_revision(library.store, article.id, text, origin="gazette.html"))
    return article.id


def opened(qtbot, window, article_id: int) -> RevisionDiffDialog:
    window.open_article(article_id)
    dialog = show_revision_diff(window, article_id)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    return dialog


def format_at(dialog: RevisionDiffDialog, text: str, inside: int = 0):
    """The character format of the document at ``inside`` characters into the first ``text``."""
    document = dialog.text.document()
    cursor = document.find(text)
    assert not cursor.isNull(), text
    at = QTextCursor(document)
    at.setPosition(cursor.selectionStart() + inside + 1)
    return at.charFormat()  # the format of the character before the cursor


def test_it_opens_on_the_previous_and_the_current_text(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.older.currentData() == 2 and dialog.newer.currentData() == 3
    assert dialog.newer.currentText().endswith("(current)")
    assert dialog.newer.count() == 3
    assert dialog.summary.text() == diff_texts(SECOND, THIRD).summary() == \
        "1 paragraph added, 1 word changed in 1 paragraph"
    shown = dialog.text.toPlainText()
    # The newer text, with the figure removed struck through where it stood: "40%45%".
    assert shown == ("Update: the council replied on Tuesday.\n"
                     "The mayor 🏛️ said crime fell by 4045% last year.\n"
                     "The budget is balanced, she added.")
    colors = DiffColors.of(dialog.text.palette())
    assert format_at(dialog, "Update: the council").background().color().name() == colors.added_background
    removed = format_at(dialog, "4045", inside=0)
    assert removed.fontStrikeOut()
    added = format_at(dialog, "4045", inside=2)
    assert not added.fontStrikeOut() and added.background().color().name() == colors.added_background
    assert show_revision_diff(window, revised) is dialog  # brought to the front, not opened twice


def test_claims_are_underlined_on_the_newer_text_and_those_to_review_listed(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    budget = format_at(dialog, "The budget is balanced")
    assert budget.fontUnderline() or budget.underlineStyle() != budget.UnderlineStyle.NoUnderline
    assert budget.toolTip() == "Claim 3"
    assert format_at(dialog, "she added").underlineStyle() == budget.UnderlineStyle.NoUnderline
    items = [dialog.claims_list.item(n).text() for n in range(dialog.claims_list.count())]
    assert items == [
        "1. Wording changed\nChecked on: “crime fell by 40% last year”\nNow: “crime fell by 45% last year”",
        "2. No longer in the article (last seen in revision 1)\nWas: “Schools will close in 2027”",
    ]
    assert dialog.claims_note.text() == "2 claims on this text, underlined; 2 claims to review."
    # Choosing the changed claim selects it on the newer text.
    dialog._claim_chosen(dialog.claims_list.item(0))
    assert dialog.text.textCursor().selectedText() == "crime fell by 4045% last year"


def test_an_orphan_is_found_in_the_text_it_was_last_seen_on(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    dialog.older.setCurrentIndex(dialog.older.findData(1))
    dialog.older.activated.emit(dialog.older.currentIndex())
    qtbot.waitUntil(lambda: dialog.result.older == 1, timeout=10_000)
    assert dialog.summary.text() == diff_texts(FIRST, THIRD).summary()
    assert format_at(dialog, "Schools will close").fontStrikeOut()
    orphan = dialog.claims_list.item(1)
    dialog._claim_chosen(orphan)
    assert dialog.text.textCursor().selectedText() == "Schools will close in 2027"


def test_f7_and_shift_f7_step_through_the_changes(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.position.text() == "2 changes"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    qtbot.keyClick(dialog.text, Qt.Key.Key_F7)
    assert dialog.text.textCursor().selectedText() == "Update: the council replied on Tuesday."
    assert dialog.position.text() == "Change 1 of 2"
    qtbot.keyClick(dialog.text, Qt.Key.Key_F7)
    assert dialog.text.textCursor().selectedText() == "4045"
    assert dialog.position.text() == "Change 2 of 2"
    assert not dialog.next_button.isEnabled() and dialog.previous_button.isEnabled()
    qtbot.keyClick(dialog.text, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.position.text() == "Change 1 of 2"
    dialog.next_button.click()
    assert dialog.position.text() == "Change 2 of 2"


def test_an_older_pair_says_where_the_claims_stand(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    dialog.newer.setCurrentIndex(dialog.newer.findData(2))
    dialog.newer.activated.emit(dialog.newer.currentIndex())
    qtbot.waitUntil(lambda: dialog.result.newer == 2, timeout=10_000)
    assert dialog.result.older == 1
    assert dialog.summary.text() == "1 paragraph removed"
    assert dialog.claims_list.isHidden()
    assert dialog.claims_note.text() == ("Claims stand on the current text (revision 3): "
                                         "choose it as the newer one to see them.")
    assert format_at(dialog, "The budget").underlineStyle() == format_at(dialog, "she").UnderlineStyle.NoUnderline


def test_a_new_revision_committed_meanwhile_is_shown(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    fourth = THIRD.replace("on Tuesday", "on Wednesday")
    window.runner.run(lambda store: apply_revision(store, plan_revision(store, revised, fourth)))
    qtbot.waitUntil(lambda: dialog.result.newer == 4, timeout=10_000)
    assert dialog.older.currentData() == 3
    assert dialog.summary.text() == "1 word changed in 1 paragraph"


def test_an_article_never_revised(qtbot, window, library_path):
    with api.open_library(library_path, reviewer="Seeder", create=True) as library:
        article = library.store.add_article(Article("Plain", "One text only.", rating_scale="newsroom"))
    dialog = opened(qtbot, window, article.id)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.heading.text() == "This article has one text so far"
    assert not dialog.older.isEnabled() and not dialog.next_button.isEnabled()


def test_the_marks_are_readable_in_the_dark(qtbot, window, revised):
    window.setPalette(fusion_dark_palette())
    dialog = opened(qtbot, window, revised)
    dialog.text.setPalette(fusion_dark_palette())
    colors = DiffColors.of(fusion_dark_palette())
    assert contrast_ratio(colors.added_text, colors.added_background) >= 4.5
    assert contrast_ratio(colors.removed_text, colors.removed_background) >= 4.5
    assert contrast_ratio("#ffffff", colors.claim_background) >= 4.5


def test_a_long_quote_is_cut_short_in_the_list_and_whole_in_its_tooltip(qtbot, window, library_path):
    long = " ".join(f"word{n}" for n in range(200))
    with api.open_library(library_path, reviewer="Seeder", create=True) as library:
        article = library.store.add_article(Article("Long", f"Intro.\n\n{long}.", rating_scale="newsroom"))
        library.mark_claim(article.id, quote=long)
        apply_revision(library.store, plan_revision(library.store, article.id, "Intro only."))
    dialog = opened(qtbot, window, article.id)
    item = dialog.claims_list.item(0)
    assert len(item.text()) < 320 and item.text().endswith("…”")
    assert long in item.toolTip()


def test_the_document_maps_both_texts_even_where_a_long_paragraph_is_cut(qapp, monkeypatch):
    """Every piece of the document is the text it says it comes from; a claim is underlined all along."""
    from factcheck.core.anchors import Anchor
    from factcheck.core.claims import Claim
    from factcheck.ui import revision_diff_document
    from factcheck.ui.revision_diff_document import DiffDocument

    monkeypatch.setattr(revision_diff_document, "MAX_BLOCK", 40)
    old = "🏛️ Intro.\n\n" + " ".join(f"w{n}" for n in range(60)) + ".\n\nGone 𝔉 paragraph."
    new = "🏛️ Intro.\n\n" + " ".join(f"w{n}" if n % 13 else f"x{n}" for n in range(60)) + "."
    diff = diff_texts(old, new)
    start = new.index("w20")
    claim = Claim(anchor=Anchor(start, start + 60, new[start:start + 60], "", ""), number=1)
    view = DiffDocument(diff, DiffColors.of(qapp.palette()), claims=[claim])
    assert view.document.blockCount() > 4  # the long paragraph was cut in lines
    document = view.document

    def shown(a: int, b: int) -> str:
        cursor = QTextCursor(document)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    for segment in view.segments:
        source = new[segment.new:segment.new + segment.length] if segment.new is not None \
            else old[segment.old:segment.old + segment.length]
        assert shown(segment.doc, segment.doc + len(source.encode("utf-16-le")) // 2) == source
    spans = view.new_spans(claim.start, claim.end)
    assert "".join(shown(a, b) for a, b, _ in spans) == claim.quote
    for a, b, _ in spans:
        for position in range(a + 1, b + 1):
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            assert cursor.charFormat().underlineStyle() != cursor.charFormat().UnderlineStyle.NoUnderline
    assert "".join(shown(a, b) for a, b, _ in view.old_spans(old.index("Gone"), len(old))) == "Gone 𝔉 paragraph."


def test_choosing_the_same_revision_twice_compares_it_with_a_neighbour(qtbot, window, revised):
    dialog = opened(qtbot, window, revised)
    for older, newer, shown in ((1, 1, (1, 2)), (3, 3, (2, 3)), (3, 1, (1, 3))):
        dialog.older.setCurrentIndex(dialog.older.findData(older))
        dialog.newer.setCurrentIndex(dialog.newer.findData(newer))
        dialog.newer.activated.emit(dialog.newer.currentIndex())
        qtbot.waitUntil(lambda shown=shown: (dialog.result.older, dialog.result.newer) == shown, timeout=10_000)
        assert (dialog.older.currentData(), dialog.newer.currentData()) == shown
        assert dialog.pages.currentWidget() is dialog.body
