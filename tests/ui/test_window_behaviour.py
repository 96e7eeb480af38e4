"""The window around the desk: reopening, selection, hover, errors, links, keyboard, scales."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QDesktopServices, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from factcheck.core.claims import Source, Stance
from factcheck.store import LibraryError, SQLiteStore
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.library_model import ArticlesListModel
from factcheck.ui.sources_model import SourcesListModel

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"
GRAHAM = "It's not the dumbest idea I've ever heard, but it's pretty close"


def imported(window, sources):
    """Import through the window, as a drop or File ▸ Import does, and wait for it to finish."""
    from pytestqt.qtbot import QtBot

    job = window.import_paths(sources)
    QtBot(window).waitUntil(lambda: window.importer.completed is job, timeout=10000)
    return job


def saved_claims(window) -> list:
    """Every claim as the library has saved it, read through a handle of its own (committed writes only)."""
    library = window.library.open_another()
    try:
        return [c for a in library.articles(archived=True) for c in library.claims(a.id)]
    finally:
        library.close()


def saved_articles(window) -> list:
    """Every article (archived ones too) as the library has saved it, read through a handle of its own."""
    library = window.library.open_another()
    try:
        return library.articles(archived=True)
    finally:
        library.close()


def point_of(view, code_point: int) -> QPoint:
    """The viewport point over the character at a code-point offset."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_utf16(code_point))
    rect = view.cursorRect(cursor)
    return QPoint(rect.right() + 3, rect.center().y())


def test_close_and_reopen_brings_everything_back(open_app, library_path, mark):
    window = open_app()
    claim_id = mark(window, QUOTE)
    c = window.controller
    c.set_claim_field(claim_id, "claimant", "Donald Trump")
    c.set_claim_field(claim_id, "claim_date", "2017-07-09")
    c.set_claim_field(claim_id, "verdict", "Misleading")
    c.set_claim_field(claim_id, "rationale", "The White House dropped the idea within hours.")
    c.set_claim_field(claim_id, "status", "in_review")
    c.add_source(claim_id, Source(url="https://example.org/t", title="Transcript", stance=Stance.SUPPORTS))
    window.runner.wait_idle()
    window.splitter.setSizes([300, 700, 400])
    sizes = window.splitter.sizes()
    before = window.claims_model.claims()
    window.close()

    again = open_app()
    assert again.controller.article.id == before[0].article_id
    assert again.claims_model.claims() == before
    assert again.splitter.sizes() == sizes
    claim = again.claims_model.claim(claim_id)
    assert (claim.claimant, claim.claim_date, claim.verdict, claim.status.value) == (
        "Donald Trump", "2017-07-09", "Misleading", "in_review")
    assert claim.sources[0].title == "Transcript"


def test_clicking_a_highlight_selects_its_claim_and_overlaps_cycle(window, qtbot, mark):
    outer = mark(window, QUOTE)
    inner = mark(window, "impenetrable Cyber Security unit")
    assert window.claims_model.rowCount() == 2  # claims may overlap
    window.claims_panel.select_claim(None)
    view = window.article_panel.view
    text = window.controller.article.text
    start = text.index("impenetrable Cyber", text.index(QUOTE))
    view.show_claim(outer)
    QApplication.processEvents()

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, start + 2))
    assert window.claims_panel.selected_claim_id() == inner  # innermost first
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a second click, not a double click
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, start + 2))
    assert window.claims_panel.selected_claim_id() == outer  # then the one around it


def test_selecting_a_claim_shows_it_in_the_article_and_the_editor(window, mark):
    claim_id = mark(window, "He vehemently denied it")
    window.claims_panel.select_claim(None)
    window.article_panel.view.verticalScrollBar().setValue(0)
    window.claims_panel.select_claim(claim_id)
    view = window.article_panel.view
    assert view.extraSelections()[0].cursor.selectedText() == "He vehemently denied it"
    assert view.verticalScrollBar().value() > 0  # scrolled down to the span
    assert window.editor.quote.text() == "“He vehemently denied it”"
    assert window.editor.number.text() == "Claim 1"


def test_hovering_a_highlight_shows_verdict_and_claimant(window, mark):
    claim_id = mark(window, GRAHAM)
    window.controller.set_claim_field(claim_id, "claimant", "Lindsey Graham")
    window.controller.set_claim_field(claim_id, "verdict", "Opinion — not checkable")
    window.runner.wait_idle()
    view = window.article_panel.view
    point = point_of(view, window.controller.article.text.index(GRAHAM) + 3)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    view.viewportEvent(event)
    assert QToolTip.text() == "Claim 1 · Opinion — not checkable · Lindsey Graham"


def test_an_edit_the_store_refuses_is_not_acknowledged(window, library_path, warnings, monkeypatch, mark):
    claim_id = mark(window, QUOTE)

    def refuse(*args, **kwargs):
        raise LibraryError("The disk holding the library is full: nothing was saved.")

    monkeypatch.setattr(SQLiteStore, "update_claim", refuse)  # the write runs on the runner's own handle
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()

    assert warnings == ["“Set verdict to “False”” was not saved. "  # named: the edit that failed
                        "The disk holding the library is full: nothing was saved."]
    assert window.saved_label.text() == "Not saved"
    assert window.claims_model.claim(claim_id).verdict is None
    assert window.controller.stack.count() == 1  # only the mark: nothing to undo that did not happen
    assert "Mark claim" in window.undo_action.text()


def test_links_open_only_for_http_https_and_mailto(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    for url in ("javascript:alert(1)", "file:///etc/passwd", "https://example.org/a", "mailto:desk@example.org"):
        window.open_link(url)
    assert opened == ["https://example.org/a", "mailto:desk@example.org"]


def test_rationale_is_saved_after_a_pause_and_on_leaving_the_field(window, qtbot, mark):
    claim_id = mark(window, QUOTE)
    editor = window.editor
    editor.rationale.setPlainText("Both leaders discussed it.")
    qtbot.waitUntil(lambda: window.claims_model.claim(claim_id).rationale == "Both leaders discussed it.",
                    timeout=3000)
    assert [c.rationale for c in saved_claims(window)] == ["Both leaders discussed it."]
    editor.rationale.setPlainText("Changed, then the claim switched")
    other = mark(window, GRAHAM)  # switching claims saves what was typed
    assert window.claims_model.claim(claim_id).rationale == "Changed, then the claim switched"
    assert window.editor.claim.id == other


def test_claimant_field_offers_claimants_already_used(window, mark):
    first = mark(window, QUOTE)
    window.controller.set_claim_field(first, "claimant", "Donald Trump")
    mark(window, GRAHAM)
    assert "Donald Trump" in window.editor.claimants.stringList()


def test_verdict_shortcuts_follow_the_scale(window, library_path, mark):
    claim_id = mark(window, QUOTE)
    actions = {a.shortcut().toString(): a for a in window.verdict_menu.actions()}
    assert actions["Alt+1"].text() == "Accurate"
    actions["Alt+5"].trigger()
    window.runner.wait_idle()
    assert window.claims_model.claim(claim_id).verdict == "False"
    actions["Alt+0"].trigger()
    window.runner.wait_idle()
    assert window.claims_model.claim(claim_id).verdict is None


def test_status_shortcuts_and_delete_shortcut(window, mark, monkeypatch, warnings):
    from PySide6.QtWidgets import QMessageBox

    from PySide6.QtWidgets import QInputDialog

    asked, notes = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: notes.append(args[2]) or ("Checked.", True))
    claim_id = mark(window, QUOTE)
    status_actions = {a.shortcut().toString(): a for a in window.findChildren(type(window.mark_action))}
    status_actions["Alt+1"].trigger()  # a verdict to approve
    window.runner.wait_idle()
    status_actions["Ctrl+Alt+3"].trigger()
    window.runner.wait_idle()
    assert len(asked) == 1  # approving with no rationale and no source is confirmed first
    assert len(notes) == 1  # then it is an editor's decision, with a note for the claim's record
    assert warnings == []
    assert window.claims_model.claim(claim_id).status.value == "approved"
    assert [d.note for d in window.library.decisions(claim_id)] == ["Checked."]
    assert window.delete_action.shortcut().toString() == "Ctrl+Del"
    window.delete_action.trigger()  # an approved claim is not deleted before it is reopened
    window.runner.wait_idle()
    assert len(saved_claims(window)) == 1
    status_actions["Ctrl+Alt+2"].trigger()  # In review: reopening it, with a note
    window.runner.wait_idle()
    assert window.claims_model.claim(claim_id).status.value == "in_review"
    window.delete_action.trigger()
    window.runner.wait_idle()
    assert saved_claims(window) == []


def test_switching_scale_is_refused_while_a_verdict_would_not_fit(window, warnings, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "Misleading")
    window.runner.wait_idle()
    assert not window.controller.set_rating_scale("politifact")
    assert "Misleading" in warnings[-1]
    window.controller.set_claim_field(claim_id, "verdict", None)
    window.runner.wait_idle()
    assert window.controller.set_rating_scale("politifact")
    window.runner.wait_idle()
    assert window.claims_panel.scale_box.currentData() == "politifact"
    assert window.editor.verdict.findData("Pants on Fire") > 0
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert window.library.article(window.controller.article.id).rating_scale == "newsroom"


def test_models_follow_the_qt_model_contract(window, qtmodeltester, mark):
    mark(window, QUOTE)
    mark(window, GRAHAM)
    qtmodeltester.check(window.claims_model)
    qtmodeltester.check(window.articles_model)
    window.controller.add_source(window.claims_panel.selected_claim_id(), Source(url="https://example.org"))
    qtmodeltester.check(window.editor.sources_model)
    assert isinstance(window.claims_model, ClaimsTableModel)
    assert isinstance(window.articles_model, ArticlesListModel)
    assert isinstance(window.editor.sources_model, SourcesListModel)


def test_library_list_shows_progress(window, mark):
    claim_id = mark(window, QUOTE)
    mark(window, GRAHAM)
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    summary = window.articles_model.index(0).data(Qt.ItemDataRole.UserRole + 1)
    assert (summary.rated_count, summary.claim_count) == (1, 2)
    assert window.claims_panel.count.text() == "1 of 2 rated"


def test_importing_a_bad_file_in_the_window_reports_it_and_changes_nothing(window, tmp_path, warnings):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    before = saved_articles(window)
    imported(window, [binary])
    assert "photo.txt is a binary file" in warnings[0]
    assert saved_articles(window) == before


def test_importing_a_text_file_opens_it(window, tmp_path):
    article = tmp_path / "draft.md"
    article.write_text("# Minister claims record jobs growth\n\nThe minister said 500,000 jobs were created.\n",
                       encoding="utf-8")
    imported(window, [article])
    assert window.controller.article.title == "Minister claims record jobs growth"
    assert "500,000 jobs" in window.article_panel.view.toPlainText()
    assert window.articles_model.rowCount() == 2


def test_empty_library_says_what_to_do(open_app, library_path):
    from factcheck.store import open_store

    library = open_store(library_path)
    library.set_property("seeded", "1")  # a desk that already removed the seed
    library.close()
    window = open_app()
    assert window.library_panel.pages.currentIndex() == 0
    assert window.article_panel.pages.currentIndex() == 0
    assert window.editor.pages.currentIndex() == 0


def test_tab_moves_through_the_editor_in_reading_order(window, mark):
    mark(window, QUOTE)
    editor = window.editor
    chain, widget = [], editor.claimant
    for _ in range(6):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    assert chain == [editor.claimant, editor.claim_date, editor.verdict, editor.rationale, editor.status,
                     editor.reviewer]


def test_every_frequent_action_has_a_unique_shortcut_listed_in_help(window):
    from factcheck.ui.shortcuts_dialog import shortcut_rows

    rows = shortcut_rows(window.menuBar())
    commands = {command: keys for _, command, keys in rows}
    for command in ("Import…", "Preferences…", "Quit", "Undo", "Redo", "Mark Claim", "Delete Claim",
                    "Next Claim", "Previous Claim", "Edit Claim", "Add Source…", "Unrated", "Approved",
                    "Keyboard Shortcuts"):
        assert commands.get(command), f"{command} has no shortcut"
    keys = [k for _, _, ks in rows for k in ks.split(", ")]
    assert len(keys) == len(set(keys)), "two commands share a shortcut"


def test_imported_articles_use_the_default_scale_from_preferences(window, preferences, tmp_path):
    preferences.update(reviewer_name="tester", organisation_name="", organisation_url="",
                       default_scale="politifact")
    path = tmp_path / "speech.txt"
    path.write_text("The senator said crime doubled in a year.\n", encoding="utf-8")
    imported(window, [path])
    assert window.claims_model.scale.key == "politifact"
    assert window.claims_panel.scale_box.currentData() == "politifact"


def test_factcheck_file_opens_the_window_on_that_file(qtbot, library_path, preferences, tmp_path):
    from factcheck.store import open_store
    from factcheck.ui.app import open_window

    path = tmp_path / "draft.txt"
    path.write_text("Draft headline about the budget\n\nThe budget grew by 4% last year.\n", encoding="utf-8")
    library = open_store(library_path)
    window = open_window(library, preferences, [path])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.importer.completed is window.importer.job, timeout=10000)
    assert window.controller.article.title == "Draft headline about the budget"
    assert "grew by 4%" in window.article_panel.view.toPlainText()
    window.close()
    library.close()


def test_a_library_that_is_not_ours_gets_a_message_and_is_untouched(tmp_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from factcheck.ui import app

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"these are my notes, not a database\n" * 10)
    before = bad.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(app, "qInstallMessageHandler", lambda handler: None)  # keep pytest-qt's
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)  # restored afterwards
    assert app.run_window(bad, []) == 1
    assert "is not a factcheck library" in shown[0]
    assert bad.read_bytes() == before


# ---- typing that is not yet saved is never lost, whatever the next action is


def test_a_verdict_shortcut_keeps_the_rationale_being_typed(window, mark):
    claim_id = mark(window, QUOTE)
    window.editor.rationale.setFocus()
    window.editor.rationale.setPlainText("Half a thought")  # typed; the pause has not passed yet
    actions = {a.shortcut().toString(): a for a in window.verdict_menu.actions()}
    actions["Alt+1"].trigger()
    window.runner.wait_idle()
    assert [(c.id, c.rationale, c.verdict) for c in saved_claims(window)] == [
        (claim_id, "Half a thought", "Accurate")]
    assert window.editor.rationale.toPlainText() == "Half a thought"


def test_deleting_while_typing_saves_the_typing_first_and_undo_brings_both_back(window, mark):
    claim_id = mark(window, QUOTE)
    window.editor.rationale.setPlainText("Careful note")
    window.delete_action.trigger()
    window.runner.wait_idle()
    assert window.controller.stack.count() == 3  # mark, the typed rationale, the delete
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert [(c.id, c.rationale) for c in saved_claims(window)] == [(claim_id, "Careful note")]


def test_the_pause_save_keeps_the_rationale_and_cursor_as_typed(window, qtbot, mark):
    claim_id = mark(window, QUOTE)
    editor = window.editor.rationale
    editor.setPlainText("First paragraph.\n")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.waitUntil(lambda: window.claims_model.claim(claim_id).rationale == "First paragraph.\n", timeout=3000)
    assert editor.toPlainText() == "First paragraph.\n"
    assert editor.textCursor().position() == len("First paragraph.\n")


def test_a_typed_date_is_saved_when_moving_to_the_next_claim(window, mark):
    first = mark(window, QUOTE)
    mark(window, GRAHAM)
    window.claims_panel.select_claim(first)
    window.editor.claim_date.setText("2017-07-09")
    window.editor.claim_date.setModified(True)  # as typing does
    window.claims_panel.step(1)
    window.runner.wait_idle()
    assert [c.claim_date for c in saved_claims(window) if c.id == first] == ["2017-07-09"]


def test_an_undo_the_library_refuses_keeps_its_step(window, warnings, monkeypatch, qtbot, mark):
    claim_id = mark(window, QUOTE)
    window.controller.add_source(claim_id, Source(url="https://example.org/a", title="A"))
    window.runner.wait_idle()
    real = SQLiteStore.delete_source

    def busy(*args, **kwargs):
        raise LibraryError("The library is busy: another program is writing to it. Try again in a moment.")

    monkeypatch.setattr(SQLiteStore, "delete_source", busy)  # the write runs on the runner's own handle
    window.undo_action.trigger()
    window.runner.wait_idle()
    qtbot.wait(50)  # the stack steps back in the next turn of the event loop
    assert "busy" in warnings[-1]
    assert window.controller.stack.index() == 2  # the step is still there to undo
    assert [len(c.sources) for c in saved_claims(window)] == [1]

    monkeypatch.setattr(SQLiteStore, "delete_source", real)
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert [len(c.sources) for c in saved_claims(window)] == [0]
    assert window.claims_model.claim(claim_id).sources == ()


def test_the_scale_box_shows_the_scale_in_use_after_a_refusal(window, warnings, mark):
    claim_id = mark(window, QUOTE)
    window.controller.set_claim_field(claim_id, "verdict", "Misleading")
    window.runner.wait_idle()
    box = window.claims_panel.scale_box
    index = box.findData("politifact")
    box.setCurrentIndex(index)
    box.activated.emit(index)
    window.runner.wait_idle()
    assert warnings and box.currentData() == "newsroom"


def test_a_bundle_with_its_own_scale_shows_that_scale(window, tmp_path):
    import json

    from factcheck.operations import export_bundle

    bundle = json.loads(export_bundle(window.library, window.controller.article.id))
    bundle["rating_scale"] = {"key": "house", "name": "House scale",
                              "verdicts": [{"label": "Solid", "color": "#2e7d32"}]}
    bundle["article"]["text"] += "\n\nA new line so the text differs."
    path = tmp_path / "house.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    imported(window, [path])
    assert window.claims_panel.scale_box.currentData() == "house"
    assert window.claims_panel.scale_box.currentText() == "House scale"


def test_a_full_disk_is_reported_and_the_window_keeps_working(window, warnings, monkeypatch, mark):
    claim_id = mark(window, QUOTE)
    engine = type(window.library)  # every handle on the library, the window's and its workers'
    real = engine.update_claim

    def disk_full(*args, **kwargs):
        raise LibraryError(f"The disk holding {window.library.location} is full: nothing was saved. "
                           "Free some space and try again.")

    monkeypatch.setattr(engine, "update_claim", disk_full)  # the engine's own full disk: tests/store
    window.controller.set_claim_field(claim_id, "rationale", "a long note " * 20_000)
    window.runner.wait_idle()
    assert "full" in warnings[-1] and window.saved_label.text() == "Not saved"
    assert window.claims_model.claim(claim_id).rationale == ""
    monkeypatch.setattr(engine, "update_claim", real)  # space freed
    window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    assert window.saved_label.text() == "Saved"
    assert [(c.verdict, c.rationale) for c in saved_claims(window)] == [("False", "")]


def test_the_article_open_at_close_is_the_one_the_next_window_opens(open_app, library_path, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from factcheck.ui.settings import Preferences

    window = open_app()
    first = window.controller.article.id
    path = tmp_path / "second.txt"
    path.write_text("Second article\n\nIt rained for 40 days.\n", encoding="utf-8")
    imported(window, [path])  # the import opens it
    second = window.controller.article.id
    window.close()  # before the moment after which an opened article is noted: the close notes it

    assert Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)).last_article() == second
    assert open_app().controller.article.id == second != first


def test_a_first_start_writes_no_settings_before_its_first_paint_yet_notes_the_article_soon(open_app, tmp_path,
                                                                                             qtbot):
    settings_file = tmp_path / "settings.ini"
    before = settings_file.read_bytes()
    window = open_app()  # a new library: the seed article opens, and no article was noted before
    for _ in range(3):  # the first paint and the turns after it
        QApplication.processEvents()
    assert settings_file.read_bytes() == before  # a write now (two fsyncs) would come before the first paint

    seed = window.controller.article.id
    qtbot.waitUntil(lambda: window.preferences.last_article() == seed and settings_file.read_bytes() != before,
                    timeout=5000)  # noted soon after, in case factcheck is killed later
