"""Bringing articles in through the window: paste, drop, URL, folder, cancel, details."""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mayor claims record | City Post</title>
<link rel="canonical" href="https://citypost.example/mayor-record">
<meta property="og:site_name" content="City Post"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie">We use cookies. Accept all cookies?</div>
<article><h1>Mayor claims record year for new homes</h1>
<p>The mayor said on Monday that the city had built more new homes last year than in any year since 1970,
a figure the opposition disputes.</p>
<p>Council records show 4,120 homes were completed, against 4,480 in 1988, according to the planning
department's annual report published in March.</p>
<p>A spokesperson for the mayor said the claim referred to homes built by the council itself, not by
private developers, and that the press release should have said so.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def finish(window, qtbot, job):
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)


@pytest.fixture
def server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if self.path == "/mayor":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_pasting_plain_text_makes_a_new_article(window, qtbot, library_path):
    QApplication.clipboard().setText("Minister says exports doubled\n\nExports doubled in ten years, "
                                     "the minister told parliament on Tuesday.")
    window.importer.paste()
    finish(window, qtbot, window.importer.job)
    assert window.controller.article.title == "Minister says exports doubled"
    assert rows(library_path, "SELECT source_type FROM articles WHERE id = ?",
                [window.controller.article.id]) == [("paste",)]


def test_pasting_a_web_page_keeps_only_the_article(window, qtbot):
    mime = QMimeData()
    mime.setHtml(PAGE.decode())
    mime.setText("Home News We use cookies. Mayor claims record year for new homes …")
    QApplication.clipboard().setMimeData(mime)
    window.importer.paste()
    finish(window, qtbot, window.importer.job)
    QApplication.clipboard().clear()  # the clipboard owns the data: let Qt free it now, not at exit
    text = window.article_panel.view.toPlainText()
    assert "4,120 homes were completed" in text
    assert "cookies" not in text and "All rights reserved" not in text


def test_opening_a_url_keeps_the_page_and_its_address(window, qtbot, server, library_path):
    job = window.import_paths([f"{server}/mayor"])
    finish(window, qtbot, job)
    article = window.controller.article
    assert article.title == "Mayor claims record year for new homes"
    assert article.outlet == "City Post"
    assert article.url == "https://citypost.example/mayor-record"
    assert "Outlet" not in window.article_panel.meta.text() and "City Post" in window.article_panel.meta.text()
    assert rows(library_path, "SELECT media_type, data FROM article_originals WHERE article_id = ?",
                [article.id]) == [("text/html", PAGE)]


def test_a_url_that_fails_is_named_and_nothing_changes(window, qtbot, server, library_path, warnings):
    before = rows(library_path, "SELECT count(*) FROM articles")
    job = window.import_paths([f"{server}/gone"])
    finish(window, qtbot, job)
    assert f"{server}/gone" in warnings[0] and "404" in warnings[0]
    assert rows(library_path, "SELECT count(*) FROM articles") == before


def drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropping_a_folder_imports_every_article_and_lists_what_failed(window, qtbot, tmp_path, warnings,
                                                                      library_path):
    folder = tmp_path / "inbox"
    (folder / "older").mkdir(parents=True)
    (folder / "page.html").write_bytes(PAGE)
    (folder / "older" / "note.txt").write_text("Council to close library\n\nThe council will close the "
                                               "central library in May, a spokesperson said.", encoding="utf-8")
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not an article type: not even tried
    drop(window, [folder])
    finish(window, qtbot, window.importer.job)
    titles = {t for (t,) in rows(library_path, "SELECT title FROM articles")}
    assert {"Mayor claims record year for new homes", "Council to close library"} <= titles
    assert len(warnings) == 1 and "empty.md" in warnings[0]


def test_cancelling_a_folder_import_keeps_what_was_imported_complete(window, qtbot, tmp_path, library_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"story-{n:02d}.txt").write_text(
            f"Story number {n} about the budget\n\nThe budget for item {n} rose by {n} per cent this year.",
            encoding="utf-8")
    before = rows(library_path, "SELECT count(*) FROM articles")[0][0]
    job = window.import_paths([folder])
    # Direct: the cancel lands in the worker at once, as if the user pressed it at file 6.
    job.signals.progress.connect(lambda done, total, source: done >= 5 and job.cancel(),
                                 Qt.ConnectionType.DirectConnection)
    finish(window, qtbot, job)
    imported = rows(library_path, "SELECT count(*) FROM articles")[0][0] - before
    assert 5 <= imported < 40
    # every article that made it is whole: its text and its original bytes
    assert rows(library_path, "SELECT count(*) FROM articles a JOIN article_originals o ON o.article_id = a.id"
                              " WHERE a.title LIKE 'Story number %' AND length(a.text) > 40") == [(imported,)]


def test_article_details_are_editable_and_undoable(window, library_path, monkeypatch):
    from factcheck.ui.article_details_dialog import ArticleDetailsDialog

    def fill(dialog):
        dialog.outlet.setText("The Independent")
        dialog.published.setText("2017-07-10")
        dialog.url.setText("https://www.independent.co.uk/")
        return True

    monkeypatch.setattr(ArticleDetailsDialog, "exec", fill)
    article_id = window.controller.article.id
    window.details_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT outlet, published, url FROM articles WHERE id = ?", [article_id]) == [
        ("The Independent", "2017-07-10", "https://www.independent.co.uk/")]
    assert "The Independent" in window.article_panel.meta.text()
    window.undo_action.trigger()
    window.runner.wait_idle()
    assert rows(library_path, "SELECT outlet, published, url FROM articles WHERE id = ?", [article_id]) == [
        ("", None, "")]
    assert "The Independent" not in window.article_panel.meta.text()


def test_article_details_refuse_a_bad_date_or_address(window, qtbot):
    from factcheck.ui.article_details_dialog import ArticleDetailsDialog

    dialog = ArticleDetailsDialog(window.controller.article, window)
    qtbot.addWidget(dialog)
    dialog.published.setText("sometime in July")
    dialog.accept()
    assert dialog.result() == 0 and dialog.published.error.text()  # said under the date itself
    dialog.published.setText("10 July 2017")  # as people write dates
    assert dialog.values()["published"] == "2017-07-10"
    dialog.published.setText("")
    dialog.url.setText("javascript:alert(1)")
    dialog.accept()
    assert dialog.result() == 0 and "http" in dialog.error.text()


def test_the_import_size_limit_is_a_preference(window, qtbot, tmp_path, warnings, library_path):
    window.preferences.set_max_import_mb(1)
    big = tmp_path / "long.txt"
    big.write_text("A very long article\n\n" + "The council met again. " * 60_000, encoding="utf-8")  # ~1.4 MB
    before = rows(library_path, "SELECT count(*) FROM articles")
    job = window.import_paths([big])
    finish(window, qtbot, job)
    assert "long.txt is 1.4 MB" in warnings[0] and "up to 1.0 MB" in warnings[0]
    assert rows(library_path, "SELECT count(*) FROM articles") == before
    window.preferences.set_max_import_mb(20)
    job = window.import_paths([big])
    finish(window, qtbot, job)
    assert window.controller.article.title == "A very long article"


def test_importing_the_same_article_again_opens_it_and_says_so(window, qtbot, tmp_path, library_path):
    path = tmp_path / "note.txt"
    path.write_text("Council to close library\n\nThe council will close the central library in May.",
                    encoding="utf-8")
    finish(window, qtbot, window.import_paths([path]))
    first = window.controller.article.id
    copy = tmp_path / "copy.txt"
    copy.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")  # same text
    finish(window, qtbot, window.import_paths([copy]))
    assert window.controller.article.id == first
    assert "already in the library: Council to close library" in window.statusBar().currentMessage()
    assert rows(library_path, "SELECT count(*) FROM articles WHERE title = 'Council to close library'") == [(1,)]


def long_word_draft(paragraphs: int) -> bytes:
    """A .docx of ``paragraphs`` numbered paragraphs (python-docx's file, its body written directly)."""
    import io
    import zipfile

    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    body = "".join(f"<w:p><w:r><w:t>Paragraph {n} of the draft budget report.</w:t></w:r></w:p>"
                   for n in range(paragraphs))
    result = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                           f"<w:body>{body}<w:sectPr/></w:body></w:document>").encode()
            target.writestr(item.filename, content)
    return result.getvalue()


def test_cancel_stops_inside_a_long_word_document_and_imports_none_of_it(window, qtbot, tmp_path, library_path,
                                                                        warnings, monkeypatch):
    from factcheck.io import docx_article

    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a-note.txt").write_text("Council to close library\n\nThe council will close the central library "
                                       "in May, a spokesperson said.", encoding="utf-8")
    (folder / "b-long-draft.docx").write_bytes(long_word_draft(5_000))
    (folder / "c-note.txt").write_text("Bus fares to rise\n\nBus fares will rise by ten pence in June, the "
                                       "operator said.", encoding="utf-8")
    read = []
    original = docx_article._paragraph_text

    def reading(paragraph):  # runs in the worker: the user presses Cancel at the draft's 1,000th paragraph
        read.append(1)
        if len(read) == 1_000:
            window.importer.job.cancel()
        return original(paragraph)

    monkeypatch.setattr(docx_article, "_paragraph_text", reading)
    before = rows(library_path, "SELECT count(*) FROM articles")[0][0]
    job = window.import_paths([folder])
    finish(window, qtbot, job)
    assert len(read) < 5_000  # it stopped inside the draft, not at its end
    titles = [t for (t,) in rows(library_path, "SELECT title FROM articles")]
    assert "Council to close library" in titles  # read before the cancel: kept, whole
    assert rows(library_path, "SELECT count(*) FROM articles")[0][0] == before + 1  # nothing of the draft, nor after
    assert warnings == []  # a cancelled file is not a failure
    assert "cancelled" in window.statusBar().currentMessage()
