"""Find in the article (Ctrl+F): finding as you type, next/previous, options, tints, Esc, and no edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from factcheck.ui.article_view import CURRENT_FIND_TINT, FIND_COLOR, FIND_TINT, blend
from factcheck.ui.find_bar import TextFinder, fold
from factcheck.ui.palettes import fusion_dark_palette, use_fusion

EMOJI_TEXT = ("🇺🇦😀 Emoji first: 📈 then the figure. Mr Ilić said the 𝐗 figure rose; "
              "the Figure fell, figures vary, and “don’t” trust a disfigured figure.\n\n"
              "A second paragraph with the figure again.")


def imported(window, sources):
    """Import through the window, as File ▸ Import does, and wait for it to finish (the last one opens)."""
    from pytestqt.qtbot import QtBot

    job = window.import_paths(sources)
    QtBot(window).waitUntil(lambda: window.importer.completed is job, timeout=10000)


def saved(window) -> tuple[list, list]:
    """Every article and claim as the library has saved them, read through a handle of its own."""
    library = window.library.open_another()
    try:
        articles = library.articles(archived=True)
        return articles, [c for a in articles for c in library.claims(a.id)]
    finally:
        library.close()


def find_bar(window):
    return window.article_panel.find_bar


def type_query(qtbot, window, query: str):
    """Ctrl+F, then the query typed key by key into the bar."""
    window.find_action.trigger()
    bar = find_bar(window)
    bar.field.clear()
    qtbot.keyClicks(bar.field, query)
    return bar


def selected(window) -> str:
    view = window.article_panel.view
    start, end = view.selection_span()
    return view.article_text()[start:end]


def find_tints(window) -> list:
    """The find bar's extra selections: (text, background) for each tinted match."""
    view = window.article_panel.view
    page = view.palette().color(view.backgroundRole()).name()
    shades = {blend([FIND_COLOR], alpha, view._page[0]).name() for alpha in (FIND_TINT, CURRENT_FIND_TINT)}
    assert page  # the page colour the tints are blended on
    return [(s.cursor.selectedText(), s.format.background().color().name()) for s in view.extraSelections()
            if s.format.background().color().name() in shades]


@pytest.fixture
def emoji_window(window, tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text(EMOJI_TEXT, encoding="utf-8")
    imported(window, [path])
    assert window.controller.article.text == EMOJI_TEXT
    return window


# ------------------------------------------------------------------ matching, without Qt


def test_folding_keeps_every_offset_and_ignores_case_accents_and_quote_styles():
    text = "São Paulo, SÃO PAULO; don’t ΟΔΟΣ İstanbul 😀Ilić"
    for match_case in (False, True):
        assert len(fold(text, match_case)) == len(text)
    finder = TextFinder(text)
    assert finder.find("sao paulo") == [0, 11]
    assert finder.find("Sao Paulo", match_case=True) == [0]
    assert finder.find("don't") == [22]
    assert finder.find("οδος") == [28]
    assert finder.find("istanbul") == [33]
    assert finder.find("ilic") == [text.index("Ilić")]


def test_whole_words_need_no_letter_or_digit_either_side():
    finder = TextFinder("the other the, bathe The😀the 2the the")
    assert finder.find("the") == [0, 5, 10, 17, 21, 25, 30, 34]
    assert finder.find("the", whole_words=True) == [0, 10, 21, 25, 34]
    assert finder.find("The", match_case=True, whole_words=True) == [21]
    assert finder.find("the,", whole_words=True) == [10]  # ends in a comma: anything may follow
    assert finder.find("") == []


# ------------------------------------------------------------------------- the bar


def test_shortcuts_are_in_the_edit_menu_with_ctrl_shift_f_for_the_library_search(window):
    from factcheck.ui.shortcuts_dialog import shortcut_rows

    rows = {command: keys for menu, command, keys in shortcut_rows(window.menuBar()) if menu == "Edit"}
    assert rows["Find…"] == "Ctrl+F"
    assert rows["Find Next"] == "F3, Ctrl+G"
    assert rows["Find Previous"] == "Shift+F3"
    assert rows["Search the Library…"] == "Ctrl+Shift+F"
    every = [k for _, _, keys in shortcut_rows(window.menuBar()) for k in keys.split(", ")]
    assert len(every) == len(set(every)), "a shortcut used twice"


def test_typing_finds_the_first_match_after_the_cursor_and_counts(qtbot, window):
    text = window.controller.article.text
    view = window.article_panel.view
    view.select_span(text.index("A total of 13 hours"), text.index("A total of 13 hours"))
    bar = type_query(qtbot, window, "put")
    assert bar.isVisible() and bar.field.hasFocus()
    expected = fold(text, False).count("put")
    assert expected > 3
    after = [i for i in range(len(text)) if text.lower().startswith("put", i)]
    first = next(i for i in after if i >= text.index("A total of 13 hours"))
    assert view.selection_span() == (first, first + 3)
    assert bar.count.text() == f"{after.index(first) + 1} of {expected}"
    qtbot.keyClicks(bar.field, "in & I")
    assert selected(window) == "Putin & I"
    assert bar.count.text() == f"1 of {text.count('Putin & I')}"
    qtbot.keyClicks(bar.field, "zzz")
    assert bar.count.text() == "No matches"
    assert selected(window) == "Putin & I"  # nothing found: the selection stays


def test_next_and_previous_wrap_with_a_note(qtbot, window):
    text = window.controller.article.text
    bar = type_query(qtbot, window, "Trump")
    starts = TextFinder(text).find("Trump")
    total = len(starts)
    assert window.article_panel.view.selection_span()[0] == starts[0]
    for n in range(2, total + 1):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        assert bar.count.text() == f"{n} of {total}" and bar.note.text() == ""
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == f"1 of {total}" and bar.note.text() == "Wrapped to the top"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"{total} of {total}" and bar.note.text() == "Wrapped to the bottom"
    assert window.article_panel.view.selection_span()[0] == starts[-1]
    [next_action] = [a for a in window.actions() if a.text() == "Find &Next"]
    [previous_action] = [a for a in window.actions() if a.text() == "Find Pre&vious"]
    next_action.trigger()
    assert bar.count.text() == f"1 of {total}"
    previous_action.trigger()
    previous_action.trigger()
    assert bar.count.text() == f"{total - 1} of {total}" and bar.note.text() == ""
    bar.previous_button.click()
    bar.next_button.click()
    assert bar.count.text() == f"{total - 1} of {total}"


def test_next_starts_from_where_the_reader_clicked(qtbot, window):
    text = window.controller.article.text
    bar = type_query(qtbot, window, "Putin")
    starts = TextFinder(text).find("Putin")
    view = window.article_panel.view
    view.select_span(starts[2] + 6, starts[2] + 6)  # a click after the third match
    bar.find_next()
    assert view.selection_span()[0] == starts[3]
    view.select_span(starts[1] + 1, starts[1] + 1)
    qtbot.keyClicks(bar.field, " ")  # typing on finds from the click too
    assert view.selection_span()[0] == TextFinder(text).find("Putin ")[
        [s >= starts[1] + 1 for s in TextFinder(text).find("Putin ")].index(True)]


def test_case_and_whole_word_options_change_the_count(qtbot, window):
    text = window.controller.article.text
    bar = type_query(qtbot, window, "the")
    finder = TextFinder(text)
    loose = len(finder.find("the"))
    assert bar.count.text().endswith(f" of {loose}")
    qtbot.keyClick(bar.field, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Alt+C: match case
    assert bar.case_button.isChecked()
    assert bar.count.text().endswith(f" of {len(finder.find('the', match_case=True))}")
    qtbot.keyClick(bar.field, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Alt+W: whole words
    assert bar.words_button.isChecked()
    both = len(finder.find("the", match_case=True, whole_words=True))
    assert bar.count.text().endswith(f" of {both}")
    assert len({loose, len(finder.find('the', match_case=True)), both}) == 3
    bar.case_button.click()
    assert bar.count.text().endswith(f" of {len(finder.find('the', whole_words=True))}")
    assert QApplication.activePopupWidget() is None  # Alt+C did not open the Claim menu


def test_matches_in_sight_are_tinted_the_current_one_more_and_esc_clears_them(qtbot, window, mark):
    claim_id = mark(window, "Putin & I discussed forming an impenetrable Cyber Security unit")
    window.claims_panel.select_claim(claim_id)
    view = window.article_panel.view
    claim_selection = view.extraSelections()[0]
    bar = type_query(qtbot, window, "cyber")
    tints = find_tints(window)
    assert len(tints) >= 2 and all(t.lower() == "cyber" for t, _ in tints)
    current = blend([FIND_COLOR], CURRENT_FIND_TINT, view._page[0]).name()
    assert [color for _, color in tints].count(current) == 1
    assert view.extraSelections()[0].cursor.selectedText() == claim_selection.cursor.selectedText()
    colours = {color for _, color in tints} | {blend([FIND_COLOR], FIND_TINT, view._page[0]).name()}
    assert QColor(view.extraSelections()[0].format.background().color()).name() not in colours
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert find_tints(window) == []
    assert [s.cursor.selectedText() for s in view.extraSelections()] == [claim_selection.cursor.selectedText()]


def test_tints_follow_the_scroll_in_a_long_article(qtbot, window, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(f"Paragraph {n}: the figure rose again, said the minister." for n in range(3000)),
                    encoding="utf-8")
    imported(window, [path])
    bar = type_query(qtbot, window, "figure")
    assert bar.count.text() == "1 of 3,000"
    tints = find_tints(window)
    assert 0 < len(tints) < 200  # those in sight, not 3,000
    view = window.article_panel.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    first, last = view.visible_span()
    tinted = [s.cursor.selectionStart() for s in view.extraSelections()]
    assert tinted and all(first - 10 <= position <= last for position in tinted)
    bar.find_previous()  # from the cursor, still at the first match: wraps to the last
    assert bar.count.text() == "3,000 of 3,000" and bar.note.text() == "Wrapped to the bottom"


def test_esc_leaves_the_match_selected_and_ctrl_m_marks_it(qtbot, window):
    bar = type_query(qtbot, window, "impenetrable cyber security unit")
    view = window.article_panel.view
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert QApplication.focusWidget() is view
    assert selected(window) == "impenetrable cyber security unit"
    window.mark_action.trigger()
    window.runner.wait_idle()
    claim = window.claims_model.claim(window.claims_panel.selected_claim_id())
    assert claim.quote == "impenetrable cyber security unit"
    assert [c.quote for c in saved(window)[1]] == ["impenetrable cyber security unit"]


def test_ctrl_f_takes_the_selection_as_the_query(qtbot, window):
    text = window.controller.article.text
    view = window.article_panel.view
    start = text.index("Lindsey Graham")
    view.select_span(start, start + len("Lindsey Graham"))
    window.find_action.trigger()
    bar = find_bar(window)
    assert bar.field.text() == "Lindsey Graham"
    assert bar.field.selectedText() == "Lindsey Graham"
    assert view.selection_span() == (start, start + len("Lindsey Graham"))
    assert bar.count.text() == f"1 of {text.count('Lindsey Graham')}"


def test_characters_outside_the_bmp_before_a_match_do_not_shift_it(qtbot, emoji_window):
    window, view = emoji_window, emoji_window.article_panel.view
    bar = type_query(qtbot, window, "figure")
    starts = TextFinder(EMOJI_TEXT).find("figure")
    assert bar.count.text() == f"1 of {len(starts)}"
    for start in starts:
        assert view.selection_span() == (start, start + 6)
        assert view.textCursor().selectedText().lower() == "figure"
        bar.find_next()
    assert {t.lower() for t, _ in find_tints(window)} == {"figure"}
    bar.field.setText("𝐗 figure")
    assert view.textCursor().selectedText() == "𝐗 figure"
    bar.field.setText("ilic said")  # no accent, no capital
    assert view.textCursor().selectedText() == "Ilić said"
    bar.field.setText("don't")
    assert view.textCursor().selectedText() == "don’t"
    bar.words_button.setChecked(True)
    bar.field.setText("figure")
    assert bar.count.text() == f"1 of {len(TextFinder(EMOJI_TEXT).find('figure', whole_words=True))}"


def test_the_find_bar_never_edits_the_document_the_history_or_the_library(qtbot, window, mark):
    claim_id = mark(window, "Putin & I discussed forming an impenetrable Cyber Security unit")
    view = window.article_panel.view
    document = view.document()
    group = window.controller.undo_group
    stack = group.activeStack()
    before = (document.revision(), document.isModified(), document.availableUndoSteps(), stack.count(),
              stack.index(), group.undoText(), saved(window))
    claim = window.claims_model.claim(claim_id)
    cursor = view.textCursor()
    cursor.setPosition(claim.start + 1)
    claim_format = cursor.charFormat().background().color().name()

    bar = type_query(qtbot, window, "cyber")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert (document.revision(), document.isModified(), document.availableUndoSteps(), stack.count(),
            stack.index(), group.undoText(), saved(window)) == before
    cursor.setPosition(claim.start + 1)
    assert cursor.charFormat().background().color().name() == claim_format


@pytest.fixture
def dark(qapp):
    """Switches the application to the dark Fusion palette when called; its own palette comes back after."""
    original = QPalette(qapp.palette())
    yield lambda: use_fusion(qapp, fusion_dark_palette())
    qapp.setPalette(original)


def test_no_matches_reads_in_the_error_colour_in_light_and_dark(qtbot, window, dark):
    from factcheck.io.colors import contrast_ratio

    bar = type_query(qtbot, window, "no such words here")
    assert bar.count.text() == "No matches"
    reds = []
    for switch in (lambda: None, dark):
        switch()
        QApplication.processEvents()
        red = bar.count.styleSheet().removeprefix("color: ").rstrip(";")
        reds.append(red)
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert contrast_ratio(red, bar.palette().color(role).name()) >= 4.5
    assert reds[0] != reds[1]  # a lighter red on the dark palette
    qtbot.keyClick(bar.field, Qt.Key.Key_Backspace)
    assert bar.count.text() == "No matches"
    bar.field.setText("Putin")
    assert bar.count.styleSheet() == ""


def test_a_new_article_is_searched_while_the_bar_is_open_and_none_closes_it(qtbot, emoji_window):
    window = emoji_window
    bar = type_query(qtbot, window, "figure")
    first = window.controller.article.id
    others = [a.id for a in window.library.articles() if a.id != first]
    window.open_article(others[0])
    assert bar.isVisible()
    assert bar.count.text() == "No matches"
    window.open_article(first)
    assert bar.count.text().startswith("1 of ")
    window.article_panel.set_article(None)
    assert bar.isHidden()
