"""The desk as fact-checkers expect it (issue 8, section 3): marking, approving, the editor, dates, the headline."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from factcheck.core.claims import ClaimStatus, Source

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"
GRAHAM = "It's not the dumbest idea I've ever heard, but it's pretty close"


def rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def status_bar(window) -> str:
    return window.statusBar().currentMessage()


@pytest.fixture
def questions(monkeypatch):
    """Every QMessageBox.question the window asks, answered from ``questions.answer`` (No unless set)."""
    asked: list[str] = []

    def ask(parent, title, text, buttons=None, default=None):
        asked.append(f"{title}\n{text}")
        return asked.answer

    asked = type("Asked", (list,), {})()
    asked.answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", ask)
    return asked


# ------------------------------------------------------------ a failed mark


def test_marking_only_white_space_says_so_and_leaves_no_undo_step(window, library_path, warnings):
    text = window.controller.article.text
    gap = text.index("\n\n")
    window.article_panel.view.select_span(gap, gap + 2)
    steps = window.controller.stack.count()

    window.mark_action.trigger()

    assert status_bar(window) == "Only white space is selected: select the words of the claim."
    assert warnings == []  # a slip of the mouse is not an error dialog
    assert window.saved_label.text() != "Not saved"
    assert window.controller.stack.count() == steps
    assert not window.undo_action.isEnabled()
    assert rows(library_path, "SELECT count(*) FROM claims") == [(0,)]
    assert window.claims_model.rowCount() == 0


# ---------------------------------------------------- approving needs a reason


def approve_actions(window):
    return [a for a in window.findChildren(type(window.mark_action)) if a.shortcut().toString() == "Ctrl+Alt+3"]


@pytest.mark.parametrize("how", ["shortcut", "combo"])
def test_approving_without_rationale_or_source_asks_and_no_keeps_the_status(window, library_path, questions,
                                                                             mark, how):
    claim_id = mark(window, QUOTE)
    steps = window.controller.stack.count()
    history = rows(library_path, "SELECT count(*) FROM history")

    if how == "shortcut":
        approve_actions(window)[0].trigger()
    else:
        combo = window.editor.status
        combo.setCurrentIndex(combo.findData(ClaimStatus.APPROVED.value))
        combo.activated.emit(combo.currentIndex())

    assert len(questions) == 1
    assert "no rationale" in questions[0] and "no source" in questions[0]
    assert window.claims_model.claim(claim_id).status == ClaimStatus.DRAFT
    assert window.editor.status.currentData() == ClaimStatus.DRAFT.value  # the box shows the old status again
    assert window.controller.stack.count() == steps
    assert rows(library_path, "SELECT status FROM claims") == [("draft",)]
    assert rows(library_path, "SELECT count(*) FROM history") == history


def test_approving_names_only_what_is_missing_and_yes_approves(window, library_path, questions, mark, monkeypatch):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", window.claims_model.scale.verdicts[0].label)
    window.controller.add_source(claim_id, Source(url="https://example.org/a", title="A"))
    window.runner.wait_idle()
    questions.answer = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("The tweet says so.", True))

    approve_actions(window)[0].trigger()
    window.runner.wait_idle()

    assert "no rationale" in questions[0] and "no source" not in questions[0]
    assert rows(library_path, "SELECT status FROM claims") == [("approved",)]
    assert rows(library_path, "SELECT action, note FROM decisions") == [("approve", "The tweet says so.")]
    assert window.editor.status.currentData() == ClaimStatus.APPROVED.value
    window.undo_action.trigger()  # the source added before: not taken off an approved claim
    window.runner.wait_idle()
    assert rows(library_path, "SELECT status FROM claims") == [("approved",)]
    assert rows(library_path, "SELECT count(*) FROM sources") == [(1,)]
    assert window.claims_panel.selected_claim_id() == claim_id  # the refusal leaves the reviewer where they were


def test_approving_a_claim_with_rationale_and_source_asks_nothing(window, library_path, questions, mark,
                                                                  monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Checked.", True))  # only the note
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", window.claims_model.scale.verdicts[0].label)
    window.controller.add_source(claim_id, Source(url="https://example.org/a", title="A"))
    window.runner.wait_idle()
    window.editor.rationale.setPlainText("The White House said so the next day.")  # typed, not yet saved
    approve_actions(window)[0].trigger()
    window.runner.wait_idle()
    assert questions == []
    assert rows(library_path, "SELECT status, rationale FROM claims") == [
        ("approved", "The White House said so the next day.")]


def test_other_statuses_never_ask(window, library_path, questions, mark):
    mark(window, QUOTE)
    window.set_status(ClaimStatus.IN_REVIEW)
    window.runner.wait_idle()
    assert questions == []
    assert rows(library_path, "SELECT status FROM claims") == [("in_review",)]


# ------------------------------------------------------------ the claim editor

LONG_RATIONALE = "\n".join(f"Point {n}: what the record shows." for n in range(1, 41))


def in_view(editor, widget) -> bool:
    """Whether the whole of ``widget`` shows in the editor's scrolled viewport."""
    viewport = editor.scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(top_left) and viewport.rect().contains(
        widget.mapTo(viewport, widget.rect().bottomRight()))


def short_editor(window):
    """Leave the claim editor little room, as on a laptop screen."""
    window.right.setSizes([600, 200])


def test_the_rationale_grows_with_its_text_up_to_a_limit(window, mark):
    mark(window, QUOTE)
    rationale = window.editor.rationale
    line = rationale.fontMetrics().lineSpacing()
    rationale.setPlainText("One line.")
    short = rationale.height()

    rationale.setPlainText("\n".join(f"Line {n}" for n in range(12)))
    assert rationale.height() >= short + 8 * line
    assert rationale.verticalScrollBar().maximum() == 0  # every line shows, nothing to scroll

    words = " ".join(["The figure comes from the statistics office's annual survey."] * 12)
    rationale.setPlainText(words)  # one paragraph, wrapped over many lines
    assert rationale.verticalScrollBar().maximum() == 0

    rationale.setPlainText(LONG_RATIONALE)
    tallest = rationale.height()
    assert tallest <= 20 * line + 40  # a limit: a very long rationale scrolls inside its field
    assert rationale.verticalScrollBar().maximum() > 0
    rationale.setPlainText("Short again.")
    assert rationale.height() == short


def test_ctrl_e_scrolls_the_field_it_focuses_into_view(window, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "rationale", LONG_RATIONALE)
    short_editor(window)
    editor = window.editor
    bar = editor.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.maximum() > 0 and not in_view(editor, editor.claimant)

    [edit_claim] = [a for a in window.actions() if a.shortcut().toString() == "Ctrl+E"]
    edit_claim.trigger()

    assert window.focusWidget() is editor.claimant
    assert in_view(editor, editor.claimant)


def test_choosing_another_claim_shows_its_editor_from_the_top(window, mark):
    first = mark(window, QUOTE)
    second = mark(window, GRAHAM)
    for claim_id in (first, second):
        window.controller.set_claim_field(claim_id, "rationale", LONG_RATIONALE)
    short_editor(window)
    editor = window.editor
    window.claims_panel.select_claim(second)
    bar = editor.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0

    window.claims_panel.select_claim(first)

    assert editor.claim.id == first
    assert bar.value() == 0 and in_view(editor, editor.number)


# ------------------------------------------------------- the headline at minimum size

LONG_HEADLINE = ("Council to close library, swimming pool and three youth centres after budget shortfall of "
                 "£4.2 million, leader says, as opposition accuses administration of misleading residents "
                 "about the scale of cuts planned for the coming financial year 😀")


def at_minimum_size(window):
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # the minimum follows the layout, which follows what is shown
        window.resize(1, 1)
        QApplication.processEvents()
    assert window.size() == window.minimumSize()


def test_at_the_minimum_size_a_long_headline_leaves_the_article_most_of_the_pane(window, tmp_path):
    from PySide6.QtGui import QFontMetrics

    from factcheck.core.articles import Article

    article = window.library.add_article(Article(
        title=LONG_HEADLINE, outlet="The Evening Chronicle of the Northern Counties",
        author="Chief Municipal Affairs Correspondent", text="The council leader said the figure was final.\n\n" * 40))
    window.reload_library()
    window.open_article(article.id)

    at_minimum_size(window)
    window.grab().save(str(tmp_path / "minimum.png"))  # to look at by hand: pytest --basetemp

    panel = window.article_panel
    assert panel.view.height() >= 0.6 * panel.height()
    title = panel.title
    assert title.height() <= 2 * QFontMetrics(title.font()).lineSpacing() + 2  # two lines at most
    assert 1 <= title.text().count("\n") + 1 <= 2 and title.text().endswith("…")
    assert title.toolTip() == LONG_HEADLINE  # the whole headline on hover
    assert "\n" not in panel.meta.text() and panel.meta.toolTip().startswith("The Evening Chronicle")


def test_a_headline_that_fits_shows_whole_without_a_tooltip(window):
    title = window.article_panel.title
    assert title.full_text() == window.controller.article.title
    assert " ".join(title.text().split()) == window.controller.article.title
    assert title.toolTip() == ""


# ------------------------------------------------------------ snapping to words


def point_of(view, code_point: int):
    """The viewport point at the left edge of the character at a code-point offset."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(code_point))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag(qtbot, view, start: int, end: int, alt: bool = False) -> None:
    """Select from ``start`` to ``end`` with the mouse, as a reviewer does (holding Alt if asked)."""
    from PySide6.QtCore import Qt

    modifier = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, point_of(view, start))
    qtbot.mouseMove(viewport, point_of(view, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, point_of(view, end))


def test_a_selection_by_mouse_snaps_to_whole_words_on_screen_and_when_marked(window, library_path, qtbot):
    view = window.article_panel.view
    text = window.controller.article.text
    start = text.index(QUOTE) + QUOTE.index("impenetrable") + 3  # "enetrable Cyber Secu"
    end = start + len("enetrable Cyber Secu")

    drag(qtbot, view, start, end)

    assert view.textCursor().selectedText() == "impenetrable Cyber Security"
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT quote FROM claims") == [("impenetrable Cyber Security",)]


def test_holding_alt_while_selecting_marks_exact_characters(window, library_path, qtbot):
    view = window.article_panel.view
    text = window.controller.article.text
    start = text.index(QUOTE) + QUOTE.index("impenetrable") + 3
    end = start + len("enetrable Cyber Secu")

    drag(qtbot, view, start, end, alt=True)

    assert view.textCursor().selectedText() == "enetrable Cyber Secu"
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT quote FROM claims") == [("enetrable Cyber Secu",)]


def test_a_selection_by_keyboard_snaps_when_marked_and_keeps_edge_punctuation_as_selected(window, library_path):
    view = window.article_panel.view
    text = window.controller.article.text
    quote = "It can't,” Trump said on Twit"
    start = text.index(quote)
    view.select_span(start + 4, start + len(quote), exact=False)  # "an't,” Trump said on Twit"

    window.mark_action.trigger()
    window.runner.wait_idle()

    assert rows(library_path, "SELECT quote FROM claims") == [("can't,” Trump said on Twitter",)]
    claim = window.claims_model.claims()[0]
    assert (claim.start, claim.end) == (start + 3, start + len(quote) + 3)


def test_snapping_counts_code_points_past_emoji_and_stops_at_a_paragraph(open_app, library_path, qtbot):
    from factcheck.core.articles import Article
    from factcheck.store import SQLiteStore

    text = "Intro 😀😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 first.\n\nThe minister said unemployment fell by 3.5%."
    library = SQLiteStore.open(library_path)
    article = library.add_article(Article(title="Emoji", text=text))
    library.close()
    window = open_app()
    window.open_article(article.id)
    view = window.article_panel.view

    drag(qtbot, view, text.index("𝔫𝔦"), text.index("𝔬𝔡𝔢"))
    assert view.textCursor().selectedText() == "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    view.select_span(text.index("first."), text.index("minister") + 3, exact=False)
    window.mark_action.trigger()
    window.runner.wait_idle()

    start = text.index("first.")
    assert rows(library_path, 'SELECT start, "end", quote FROM claims') == [
        (start, text.index("minister") + 8, "first.\n\nThe minister")]
    view.select_span(text.index("by 3"), text.index("by 3") + 4, exact=False)
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT quote FROM claims ORDER BY id")[-1] == ("by 3.5",)


def test_snapping_is_a_preference_and_can_be_turned_off(window, library_path, preferences):
    from factcheck.ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(preferences, window.library.scales(), window)
    assert dialog.snap_to_words.isChecked()  # on by default
    dialog.snap_to_words.setChecked(False)
    dialog.accept()
    assert preferences.snap_to_words is False

    view = window.article_panel.view
    text = window.controller.article.text
    start = text.index("impenetrable") + 3
    view.select_span(start, start + 6, exact=False)
    view.settle_selection(exact=False)
    assert view.textCursor().selectedText() == "enetra"
    window.mark_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT quote FROM claims") == [("enetra",)]


# ------------------------------------------------------------------ dates


@pytest.fixture
def locale():
    """Set the default locale (new fields read dates in it); put the old one back after."""
    from PySide6.QtCore import QLocale

    old = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(old)


@pytest.mark.parametrize(("typed", "shown"), [
    ("10 July 2017", "10 July 2017"), ("July 10, 2017", "10 July 2017"), ("2017-07-10", "10 July 2017"),
    ("10 Jul 2017", "10 July 2017"), ("10/07/2017", "10 July 2017"),
])
def test_a_claim_date_typed_as_people_write_it_is_understood(window, library_path, mark, typed, shown):
    from PySide6.QtCore import QLocale

    claim_id = mark(window, QUOTE)
    field = window.editor.claim_date
    field.setLocale(QLocale("en_GB"))  # figures read day/month/year
    field.setText(typed)
    field.setModified(True)  # as typing does
    field.editingFinished.emit()  # Enter, or leaving the field
    window.runner.wait_idle()

    assert rows(library_path, "SELECT claim_date FROM claims WHERE id = ?", [claim_id]) == [("2017-07-10",)]
    assert field.text() == shown  # the date as the desk understood it
    assert field.error.isHidden()


def test_figures_are_read_in_the_locale_order(qapp, locale):
    from factcheck.ui.date_field import DateField

    locale("en_US")

    field = DateField()
    field.setText("07/10/2017")
    assert field.date() == "2017-07-10"
    assert "7/10/2017" in field.placeholderText()
    locale("de_DE")
    field = DateField()
    field.setText("10.07.2017")
    assert field.date() == "2017-07-10"
    field.setText("10. Juli 2017")
    assert field.date() == "2017-07-10"  # the locale's month names too


@pytest.mark.parametrize("name", ["C", "en_GB", "en_US", "de_DE", "fr_FR", "sv_SE", "ja_JP", "nl_NL", "hu_HU",
                                  "ar_EG"])
def test_the_example_a_date_field_shows_is_one_it_understands(qapp, locale, name):
    from factcheck.ui.date_field import DateField

    locale(name)
    field = DateField()
    example = field.placeholderText().split(" or ")[-1]
    field.setText(example)
    assert field.date() == "2017-07-10", example


def test_an_unreadable_claim_date_is_refused_inline_and_nothing_is_saved(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "claim_date", "2017-07-09")
    window.runner.wait_idle()
    steps = window.controller.stack.count()
    field = window.editor.claim_date
    field.setText("31 June 2017")
    field.setModified(True)
    field.editingFinished.emit()
    window.runner.wait_idle()

    assert field.error.isVisible() and "June 2017 has 30 days" in field.error.text()
    assert rows(library_path, "SELECT claim_date FROM claims") == [("2017-07-09",)]
    assert window.controller.stack.count() == steps
    field.setText("30 June 2017")
    field.editingFinished.emit()
    window.runner.wait_idle()
    assert field.error.isHidden()
    assert rows(library_path, "SELECT claim_date FROM claims") == [("2017-06-30",)]


POPUP = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the offscreen platform


@POPUP
def test_a_claim_date_can_be_picked_on_a_calendar(window, library_path, mark):
    from PySide6.QtCore import QDate

    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "claim_date", "2017-07-09")
    window.runner.wait_idle()
    field = window.editor.claim_date
    assert field.calendar_action.toolTip().startswith("Pick the date on a calendar")

    field.calendar_action.trigger()
    assert field.popup.isVisible()
    assert field.calendar.selectedDate() == QDate(2017, 7, 9)  # opens on the date in the field
    field.calendar.setSelectedDate(QDate(2017, 7, 10))
    field.calendar.activated.emit(field.calendar.selectedDate())
    window.runner.wait_idle()

    assert not field.popup.isVisible()
    assert rows(library_path, "SELECT claim_date FROM claims") == [("2017-07-10",)]
    assert field.text() == "10 July 2017"
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT claim_date FROM claims") == [("2017-07-09",)]


@POPUP
def test_the_source_dialog_understands_dates_and_refuses_bad_ones_inline(window, qtbot):
    from PySide6.QtCore import QDate

    from factcheck.ui.source_dialog import SourceDialog

    dialog = SourceDialog(Source(title="Budget statement", date="2017-07-09"), parent=window)
    qtbot.addWidget(dialog)
    assert dialog.date.text() == "9 July 2017"
    dialog.date.setText("Tuesday, 10 July 2017")
    dialog.accept()
    assert dialog.result() == 0
    assert not dialog.date.error.isHidden() and "was a Monday" in dialog.date.error.text()

    dialog.date.setText("July 10, 2017")
    dialog.accept()
    assert dialog.result() == 1 and dialog.value().date == "2017-07-10"

    dialog = SourceDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.title.setText("Minutes")
    dialog.date.open_calendar()
    dialog.date.calendar.clicked.emit(QDate(2016, 2, 29))
    assert dialog.date.text() == "29 February 2016"
    dialog.accept()
    assert dialog.value().date == "2016-02-29"
