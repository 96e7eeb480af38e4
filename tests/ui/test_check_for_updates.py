"""File ▸ Check for Updates against a local web server, the Revision tab, Attach Here and undo (issue 14)."""

from __future__ import annotations

import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from factcheck.store import window_channel
from factcheck.ui import revision_dialog

HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Council housing record | City Post</title>
<meta property="og:site_name" content="City Post"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Mayor claims record year for new homes</h1>"""
TAIL = "</article><footer>All rights reserved.</footer></body></html>"
INSERTED = ("<p>Update: the planning department has since published revised figures for the year, "
            "and the mayor's office says it stands by the claim.</p>")
RECORD = ("<p>The mayor said on Monday that the city had built more new homes last year than in any year "
          "since 1970, a figure the opposition disputes.</p>")
FIGURE = ("<p>Council records show 4,120 homes were completed, against 4,480 in 1988, according to the "
          "planning department's annual report published in March.</p>")
CORRECTED = FIGURE.replace("4,120", "4,210")
DELETED = ("<p>A spokesperson for the mayor said the press release should have said so, and that the "
           "council would correct it by Friday.</p>")
CLOSING = ("<p>The opposition leader called for an inquiry into how the housing figures are counted and "
           "published each year.</p>")

ORIGINAL = HEAD + RECORD + FIGURE + DELETED + CLOSING + TAIL
CHANGED = HEAD + INSERTED + RECORD + CORRECTED + CLOSING + TAIL

MOVED_QUOTE = "the city had built more new homes last year than in any year since 1970"
CHANGED_QUOTE = "Council records show 4,120 homes were completed"
ORPHAN_QUOTE = "the council would correct it by Friday"


@pytest.fixture
def site():
    """A web server on 127.0.0.1 whose page the test changes: ``site.pages[path] = html`` (None: 404)."""
    pages: dict[str, str | None] = {"/story": ORIGINAL}
    slow = threading.Event()  # set: the page takes a second to come

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if slow.is_set():
                time.sleep(1)
            page = pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.pages = pages
    httpd.slow = slow
    httpd.url = f"http://127.0.0.1:{httpd.server_port}/story"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def dialogs(monkeypatch):
    """The revision dialogs the window opened, each answered "Apply" (or Cancel once ``dialogs.answer`` is 0)."""
    class Dialogs(list):
        answer = 1
        before_answer = staticmethod(lambda: None)

    dialogs = Dialogs()

    def exec_(dialog):
        dialogs.append(dialog)
        dialogs.before_answer()
        return dialogs.answer

    monkeypatch.setattr(revision_dialog.RevisionDialog, "exec", exec_)
    return dialogs


@pytest.fixture
def informed(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    return said


def rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def imported(window, qtbot, url):
    job = window.import_paths([url])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    return window.controller.article


def check(window, qtbot):
    window.check_updates_action.trigger()
    qtbot.waitUntil(lambda: not window.revision_checks.running(), timeout=15000)
    window.runner.wait_idle()


def claims_by_quote(window, article_id):
    return {c.quote: c for c in window.library.claims(article_id)}


@pytest.fixture
def revised(window, qtbot, site, mark, dialogs, library_path):
    """The story imported, three claims marked, then the page changed and its new text applied as revision 2."""
    article = imported(window, qtbot, site.url)
    assert article.url == site.url
    ids = {quote: mark(window, quote) for quote in (MOVED_QUOTE, CHANGED_QUOTE, ORPHAN_QUOTE)}
    before = {c.id: c for c in window.library.claims(article.id)}
    site.pages["/story"] = CHANGED
    check(window, qtbot)
    return article, ids, before


def test_a_changed_page_becomes_revision_2_with_claims_moved_changed_and_orphaned(revised, window, dialogs,
                                                                                  library_path):
    article, ids, before = revised
    dialog = dialogs[0]
    assert dialog.apply_button.text() == "Apply Revision 2"
    assert "1 moved" in dialog.summary.text() and "1 with changed wording" in dialog.summary.text()
    listed = dialog.claims.toPlainText()
    assert ORPHAN_QUOTE in listed and "4,210" in listed and "Orphaned" in listed

    (text, revision), = rows(library_path, "SELECT text, revision FROM articles WHERE id = ?", [article.id])
    assert revision == 2 and "revised figures" in text and "by Friday" not in text and "4,210 homes" in text
    assert rows(library_path, "SELECT number, text FROM article_revisions WHERE article_id = ?",
                [article.id]) == [(1, article.text)]
    claims = {c.id: c for c in window.library.claims(article.id)}
    moved, changed, orphan = (claims[ids[q]] for q in (MOVED_QUOTE, CHANGED_QUOTE, ORPHAN_QUOTE))
    assert moved.placement == "moved" and text[moved.start:moved.end] == MOVED_QUOTE
    assert moved.start > before[moved.id].start
    assert changed.placement == "changed" and changed.old_quote == CHANGED_QUOTE
    assert text[changed.start:changed.end] == changed.quote == CHANGED_QUOTE.replace("4,120", "4,210")
    assert orphan.placement == "orphan" and orphan.anchor == before[orphan.id].anchor
    assert (moved.placed_on, changed.placed_on, orphan.placed_on) == (2, 2, 1)  # an orphan's anchor is revision 1's

    # On screen: the new text; the orphan listed last, marked, and never shown on the text.
    view = window.article_panel.view
    assert view.toPlainText() == text
    model = window.claims_model
    assert model.claim_at(model.rowCount() - 1).id == orphan.id
    assert model.index(model.rowCount() - 1, model.QUOTE).data().startswith("Orphaned · ")
    assert orphan.id not in {c.id for c in model.claims_at(orphan.start)}
    untinted = 0
    for position in range(orphan.start, min(orphan.end, len(text))):  # its stale offsets: tinted only by others
        cursor = QTextCursor(view.document())
        cursor.setPosition(position + 1)
        if not model.claims_at(position):
            assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush, position
            untinted += 1
    assert untinted > 0  # the loop looked at some of the text the orphan's stale offsets cover
    window.claims_panel.select_claim(orphan.id)
    assert view.extraSelections() == []
    assert not view.textCursor().hasSelection()
    assert window.statusBar().currentMessage() == "Revision 2: 1 claim placed, 1 changed, 1 orphaned"

    tabs = window.claim_tabs
    assert tabs.currentWidget() is tabs.revision and tabs.tabText(tabs.currentIndex()) == "Revision (2)"
    entries = [tabs.revision.list.item(i).text() for i in range(tabs.revision.list.count())]
    assert entries[0].startswith(f"{changed.number} · changed") and entries[1].startswith(f"{orphan.number} · orphaned")
    assert tabs.revision.list.currentRow() == 1  # the orphan, selected in the table
    assert "by Friday" in tabs.revision.detail.toPlainText()
    assert window.revision_diff_action.isEnabled()


def test_undo_brings_back_the_first_text_and_every_claim_in_the_library(revised, window, qtbot, library_path):
    article, ids, before = revised
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT text, revision FROM articles WHERE id = ?", [article.id]) == [(article.text, 1)]
    assert rows(library_path, "SELECT count(*) FROM article_revisions") == [(0,)]
    after = {c.id: c for c in window.library.claims(article.id)}
    assert {i: (c.anchor, c.placement, c.old_quote, c.placed_on) for i, c in after.items()} == \
        {i: (c.anchor, c.placement, c.old_quote, c.placed_on) for i, c in before.items()}
    assert window.article_panel.view.toPlainText() == article.text
    assert window.claims_model.needing_review() == []
    tabs = window.claim_tabs
    assert not any(tabs.tabText(i).startswith("Revision") for i in range(tabs.count()))  # nothing to look at

    window.redo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT revision FROM articles WHERE id = ?", [article.id]) == [(2,)]
    assert window.claims_model.claim(ids[ORPHAN_QUOTE]).orphan


def test_attach_here_places_the_orphan_and_undo_orphans_it_again(revised, window, qtbot, library_path):
    article, ids, before = revised
    orphan_id = ids[ORPHAN_QUOTE]
    view = window.article_panel.view
    window.claims_panel.select_claim(orphan_id)
    assert not window.attach_action.isEnabled()  # no words selected yet
    text = view.article_text()
    start = text.index("the mayor's office says it stands by the claim")
    view.select_span(start, start + len("the mayor's office says it stands by the claim"))
    assert window.attach_action.isEnabled() and window.claim_tabs.revision.attach_button.isEnabled()
    window.attach_action.trigger()
    window.runner.wait_idle()

    stored = window.library.claim(orphan_id)
    assert (stored.placement, stored.start, stored.quote, stored.placed_on) == (
        "", start, "the mayor's office says it stands by the claim", 2)
    assert rows(library_path, "SELECT placement, start FROM claims WHERE id = ?", [orphan_id]) == [("", start)]
    assert orphan_id in {c.id for c in window.claims_model.claims_at(start)}  # now shown on the text
    assert window.claim_tabs.tabText(window.claim_tabs.currentIndex()) == "Revision (1)"

    window.undo_action.trigger()
    window.runner.wait_idle()
    stored = window.library.claim(orphan_id)
    assert stored.orphan and stored.anchor == before[orphan_id].anchor and stored.placed_on == 1
    assert window.claims_model.claim(orphan_id).orphan
    assert orphan_id not in {c.id for c in window.claims_model.claims_at(start)}


def test_accept_new_wording_clears_the_mark_and_undo_restores_it(revised, window, library_path):
    article, ids, before = revised
    changed_id = ids[CHANGED_QUOTE]
    window.claims_panel.select_claim(changed_id)
    assert window.accept_wording_action.isEnabled() and not window.attach_action.isEnabled()
    window.accept_wording_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT placement, old_quote FROM claims WHERE id = ?", [changed_id]) == [("", "")]
    assert not window.claims_model.claim(changed_id).needs_review
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT placement, old_quote FROM claims WHERE id = ?",
                [changed_id]) == [("changed", CHANGED_QUOTE)]


def test_cancel_in_the_dialog_changes_nothing(window, qtbot, site, mark, dialogs, library_path):
    article = imported(window, qtbot, site.url)
    mark(window, ORPHAN_QUOTE)
    site.pages["/story"] = CHANGED
    dialogs.answer = 0
    check(window, qtbot)
    assert len(dialogs) == 1
    assert rows(library_path, "SELECT revision FROM articles WHERE id = ?", [article.id]) == [(1,)]
    assert window.article_panel.view.toPlainText() == article.text
    assert not window.controller.undo_group.canUndo() or "Revision" not in window.controller.undo_group.undoText()


def test_an_unchanged_page_says_so_with_its_revision(window, qtbot, site, informed, dialogs, library_path):
    article = imported(window, qtbot, site.url)
    check(window, qtbot)
    assert dialogs == []
    assert len(informed) == 1
    assert informed[0].startswith(f"“{article.title}” has not changed since revision 1 (checked ")
    assert rows(library_path, "SELECT revision FROM articles WHERE id = ?", [article.id]) == [(1,)]


def test_a_page_that_cannot_be_read_is_named_without_a_traceback(window, qtbot, site, warnings, dialogs):
    imported(window, qtbot, site.url)
    site.pages["/story"] = None
    check(window, qtbot)
    assert dialogs == [] and len(warnings) == 1
    assert "404" in warnings[0] and site.url in warnings[0] and "Traceback" not in warnings[0]


def test_an_article_without_an_address_cannot_be_checked_and_says_why(window, qtbot):
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText("Minister says exports doubled\n\nExports doubled in ten years.")
    window.importer.paste()
    qtbot.waitUntil(lambda: window.importer.completed is window.importer.job, timeout=15000)
    assert window.controller.article.url == ""
    assert not window.check_updates_action.isEnabled()
    assert "no web address" in window.check_updates_action.toolTip()
    assert not window.revision_diff_action.isEnabled()


def test_a_claim_marked_on_revision_2_is_placed_on_it(revised, window, mark, library_path):
    article, ids, before = revised
    claim_id = mark(window, "revised figures for the year")
    assert rows(library_path, "SELECT placement, placed_on FROM claims WHERE id = ?", [claim_id]) == [("", 2)]


def test_a_revision_made_elsewhere_shows_its_text_once_followed(window, qtbot, site, mark, library_path):
    """As a colleague's revision on a shared library reaches the window: the claims first, then the new text."""
    from factcheck.operations_revisions import apply_revision, plan_revision
    from factcheck.store import Changes

    article = imported(window, qtbot, site.url)
    ids = [mark(window, quote) for quote in (MOVED_QUOTE, ORPHAN_QUOTE)]
    new_text = article.text.replace("The mayor said", "Revised figures are due.\n\nThe mayor said")
    new_text = new_text.replace(DELETED[3:-4] + "\n\n", "")
    other = window.library.open_another()
    try:
        apply_revision(other, plan_revision(other, article.id, new_text, origin="elsewhere"))
    finally:
        other.close()
    window.runner.follow(Changes(articles=frozenset({article.id}), claims=frozenset(ids)),
                         lambda outcome: window.controller.follow_elsewhere(outcome))
    window.runner.wait_idle()
    assert window.article_panel.view.toPlainText() == new_text
    assert window.controller.article.revision == 2
    assert window.claims_model.claim(ids[1]).orphan
    assert window.claim_tabs.tabText(window.claim_tabs.count() - 1) == "Revision (1)"


@pytest.mark.parametrize("claims", ["none", "only an orphan"])
def test_a_revision_made_elsewhere_shows_its_text_though_no_claim_stays_placed(window, qtbot, site, mark, claims):
    """No claim placed on the new text (none, or all orphaned): the window still shows it, and its undo."""
    from factcheck.operations_revisions import apply_revision, plan_revision
    from factcheck.store import Changes

    article = imported(window, qtbot, site.url)
    ids = [mark(window, ORPHAN_QUOTE)] if claims != "none" else []
    new_text = article.text.replace(DELETED[3:-4] + "\n\n", "")
    assert new_text != article.text

    def follow():
        window.runner.follow(Changes(articles=frozenset({article.id}), claims=frozenset(ids)),
                             lambda outcome: window.controller.follow_elsewhere(outcome))
        window.runner.wait_idle()

    other = window.library.open_another()
    try:
        plan = plan_revision(other, article.id, new_text, origin="elsewhere")
        apply_revision(other, plan)
        follow()
        assert window.article_panel.view.toPlainText() == new_text
        assert window.controller.article.revision == 2
        assert all(window.claims_model.claim(i).orphan for i in ids)
        assert window.claims_model.claims_at(0) == []

        other.unrevise_article(article.id, list(plan.claims), revision=2)  # the colleague's undo
        follow()
        assert window.article_panel.view.toPlainText() == article.text
        assert window.controller.article.revision == 1
        assert not any(window.claims_model.claim(i).orphan for i in ids)
    finally:
        other.close()


@pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")
def test_factcheck_revise_refuses_while_the_window_holds_the_library(window, qtbot, tmp_path, library_path):
    """A SQLite library is the window's while it is open: `factcheck revise`, run meanwhile, says to use the window."""
    import os
    import subprocess
    import sys

    from factcheck import api
    from factcheck.store import LibraryLock
    from factcheck.ui.window_channel_server import WindowChannelServer

    text = "The mayor said crime fell 40% last year.\n\nPolice figures show a fall of 12%."
    article = window.library.add_article(api.Article(title="Crime", text=text))
    window.open_article(article.id)
    new = tmp_path / "crime-v2.txt"
    new.write_text("A correction.\n\n" + text, encoding="utf-8")
    lock = LibraryLock.acquire(library_path)  # the window holds the library and listens, as run_window does
    window.channel_server = WindowChannelServer(library_path, window)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    process = subprocess.Popen([sys.executable, "-m", "factcheck", "--db", str(library_path), "revise",
                                str(article.id), str(new)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)  # the window's loop runs meanwhile
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        window.channel_server.close()
        lock.release()
    assert process.returncode == 1
    assert "a factcheck window has" in stderr and "use File ▸ Check for Updates there" in stderr
    assert "nothing was changed" in stderr and "Traceback" not in stderr
    assert rows(library_path, "SELECT revision, text FROM articles WHERE id = ?", [article.id]) == [(1, text)]
    assert window.article_panel.view.toPlainText() == text


def test_a_revision_by_a_real_factcheck_revise_process_shows_in_the_window(open_app, tmp_path, library_path):
    import os
    import subprocess
    import sys

    from factcheck import api

    text = ("The mayor said crime fell 40% last year.\n\nPolice figures show a fall of 12%.\n\n"
            "The council voted to cut the budget by 5 million.")
    with api.open_library(library_path, reviewer="tester", create=True) as library:
        article = library.store.add_article(api.Article(title="Crime", text=text))
        for quote in ("crime fell 40% last year", "a fall of 12%", "cut the budget by 5 million"):
            library.mark_claim(article.id, quote=quote)
    new = tmp_path / "crime-v2.txt"
    new.write_text("A correction was added.\n\nThe mayor said crime fell 40% last year.\n\n"
                   "Police figures show a fall of 14%.", encoding="utf-8")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "factcheck", "--db", str(library_path), "revise", str(article.id),
                           str(new)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "is now revision 2" in done.stdout

    window = open_app()
    window.open_article(article.id)
    assert window.article_panel.view.toPlainText() == new.read_text(encoding="utf-8")
    model = window.claims_model
    assert [(c.number, c.placement) for c in model.claims()] == [(1, "moved"), (2, "changed"), (3, "orphan")]
    tabs = window.claim_tabs
    assert tabs.tabText(tabs.count() - 1) == "Revision (2)"
    window.claims_panel.select_claim(model.claim_at(1).id)
    assert window.accept_wording_action.isEnabled()
    assert window.revision_diff_action.isEnabled()


def test_a_check_can_be_cancelled_while_the_page_downloads(window, qtbot, site, dialogs, library_path):
    article = imported(window, qtbot, site.url)
    site.pages["/story"] = CHANGED
    site.slow.set()
    window.check_updates_action.trigger()
    progress, = [d for d in window.findChildren(QProgressDialog) if d.windowTitle() == "Check for Updates"]
    qtbot.waitUntil(progress.isVisible, timeout=5000)  # shown once the check takes more than a moment
    assert "Checking “Mayor claims record year for new homes” for updates" in progress.labelText()
    progress.findChild(QPushButton).click()  # Cancel
    qtbot.waitUntil(lambda: not window.revision_checks.running(), timeout=15000)
    assert dialogs == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert rows(library_path, "SELECT revision FROM articles WHERE id = ?", [article.id]) == [(1,)]


def test_a_claim_marked_while_the_page_was_checked_refuses_the_revision_saying_why(window, qtbot, site, mark,
                                                                                  dialogs, warnings, library_path):
    article = imported(window, qtbot, site.url)
    mark(window, ORPHAN_QUOTE)
    site.pages["/story"] = CHANGED
    dialogs.before_answer = lambda: mark(window, MOVED_QUOTE)  # marked meanwhile: the plan does not place it
    check(window, qtbot)
    assert len(warnings) == 1 and "Revision 2" in warnings[0] and "was not saved" in warnings[0]
    assert rows(library_path, "SELECT revision FROM articles WHERE id = ?", [article.id]) == [(1,)]
    assert window.article_panel.view.toPlainText() == article.text
    assert [c.placement for c in window.claims_model.claims()] == ["", ""]


def colleague_revises(window, article_id, text, who="Ed"):
    """A colleague's revision of the article, on their own handle on the library (as a shared desk's)."""
    from factcheck.operations_revisions import apply_revision, plan_revision

    other = window.library.open_another()
    try:
        other.user = who
        apply_revision(other, plan_revision(other, article_id, text, origin="elsewhere"))
    finally:
        other.close()


def test_a_colleague_revising_first_refuses_the_revision_and_shows_their_text(window, qtbot, site, mark, dialogs,
                                                                               warnings, library_path):
    article = imported(window, qtbot, site.url)
    orphan_id = mark(window, ORPHAN_QUOTE)
    site.pages["/story"] = CHANGED
    theirs = article.text.replace(DELETED[3:-4] + "\n\n", "")
    dialogs.before_answer = lambda: colleague_revises(window, article.id, theirs)
    check(window, qtbot)
    assert len(warnings) == 1
    said = warnings[0]
    assert said.startswith(f"Ed revised «{article.title}» at ") and "(now revision 2)" in said
    assert "while you were looking at the update: nothing was saved. Its new text is shown." in said
    assert said.endswith("Check for Updates compares the page with it again.")
    assert said.count("revision 2") == 1 and "“" not in said
    assert rows(library_path, "SELECT revision, text FROM articles WHERE id = ?", [article.id]) == [(2, theirs)]
    assert window.article_panel.view.toPlainText() == theirs  # their text on screen, not the one read before
    assert window.controller.article.revision == 2
    assert window.claims_model.claim(orphan_id).orphan
    assert window.claim_tabs.tabText(window.claim_tabs.count() - 1) == "Revision (1)"
    assert not window.controller.undo_group.canUndo() or "Revision" not in window.controller.undo_group.undoText()


@pytest.mark.parametrize("step", ["undo", "redo"])
def test_an_undo_or_redo_of_attach_here_after_a_colleague_placed_the_claim_is_refused(revised, window, warnings,
                                                                                        monkeypatch, step):
    """Theirs stays: the step says it was not saved, in the store's words, and the claim shows as they left it."""
    import sys

    article, ids, before = revised
    crashes = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: crashes.append(exc))
    orphan_id = ids[ORPHAN_QUOTE]
    view = window.article_panel.view
    text = view.article_text()
    window.claims_panel.select_claim(orphan_id)
    start = text.index("the mayor's office says it stands by the claim")
    view.select_span(start, start + len("the mayor's office says it stands by the claim"))
    window.attach_action.trigger()
    window.runner.wait_idle()
    if step == "redo":
        window.undo_action.trigger()
        window.runner.wait_idle()
        assert window.library.claim(orphan_id).orphan

    from factcheck.core.anchors import make_anchor

    theirs_start = text.index("revised figures for the year")
    theirs = make_anchor(text, theirs_start, theirs_start + len("revised figures for the year"))
    other = window.library.open_another()
    try:
        other.place_claim(orphan_id, theirs, "", placed_on=2)  # a colleague places it on other words
    finally:
        other.close()
    (window.undo_action if step == "undo" else window.redo_action).trigger()
    window.runner.wait_idle()

    stored = window.library.claim(orphan_id)
    assert (stored.start, stored.quote, stored.placement) == (theirs.start, theirs.quote, "")
    assert crashes == []
    assert len(warnings) == 1
    assert "was not saved" in warnings[0] and "was placed again since" in warnings[0]
    assert window.claims_model.claim(orphan_id).quote == theirs.quote  # the table shows what the library holds


def test_a_wording_changed_earlier_stays_changed_in_the_dialog_the_status_line_and_the_library(
        revised, window, qtbot, site, dialogs, library_path, monkeypatch):
    """Revision 3 finds claim 2 where revision 2 left it; its new wording is not accepted yet: still "changed"."""
    article, ids, before = revised
    changed_id = ids[CHANGED_QUOTE]
    now_reads = CHANGED_QUOTE.replace("4,120", "4,210")
    built_here = []
    real = revision_dialog.placement_html
    monkeypatch.setattr(revision_dialog, "placement_html", lambda *a: built_here.append(a) or real(*a))
    site.pages["/story"] = CHANGED.replace(TAIL, "<p>The council will publish its figures on Friday.</p>" + TAIL)
    check(window, qtbot)
    dialog = dialogs[-1]
    assert built_here == []  # the list was built on the check's worker
    assert dialog.summary.text().startswith("3 claims: 1 in place, 0 moved, 1 with changed wording, 1 no longer found.")
    listed = dialog.claims.toPlainText()
    assert "Wording changed: check the claim still holds (1)" in listed
    assert f"was “{CHANGED_QUOTE}”" in listed and f"now “{now_reads}”" in listed
    assert window.statusBar().currentMessage() == "Revision 3: 1 claim placed, 1 changed, 1 orphaned"
    assert rows(library_path, "SELECT placement, old_quote, quote FROM claims WHERE id = ?", [changed_id]) == [
        ("changed", CHANGED_QUOTE, now_reads)]
    placements = [p for (p,) in rows(library_path, "SELECT placement FROM claims WHERE article_id = ?", [article.id])]
    counts = dialog.plan.counts()
    assert (counts["changed"], counts["orphan"]) == (placements.count("changed"), placements.count("orphan")) == (1, 1)

    window.claims_panel.select_claim(changed_id)  # the Revision tab names no wrong revision for the change
    detail = window.claim_tabs.revision.detail.toPlainText()
    assert "checked on an earlier wording" in detail and "revision 3" not in detail
    assert f"Checked on: “{CHANGED_QUOTE}”" in detail and f"Now reads: “{now_reads}”" in detail
