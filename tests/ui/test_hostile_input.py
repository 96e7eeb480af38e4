"""What an article says is shown, never obeyed: no markup, no fetching, no running."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from factcheck.core.articles import Article
from factcheck.store import SQLiteStore

HOSTILE = ('Council says <img src="file:///etc/passwd" onerror="alert(1)"> rates fell.\n\n'
           '<script>alert("x")</script> <a href="javascript:alert(2)">click</a> '
           '<link rel="stylesheet" href="http://127.0.0.1:9/steal.css"> and <iframe src="https://evil.example">')


def test_hostile_markup_in_an_article_stays_text(open_app, library_path):
    library = SQLiteStore.open(library_path)
    article = library.add_article(Article(title="Hostile", text=HOSTILE))
    library.close()
    window = open_app()
    window.open_article(article.id)
    view = window.article_panel.view
    assert view.toPlainText() == HOSTILE  # every character shown as written
    assert view.document().toHtml().count("<img") == 0  # nothing became an element
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/steal.css", "data:image/png;base64,AAAA"):
        assert view.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
    assert view.openLinks() is False and view.openExternalLinks() is False


def test_the_report_preview_loads_nothing(window, qtbot):
    from factcheck.ui.export_dialog import SafeBrowser

    browser = SafeBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>x</p><img src="file:///etc/passwd"><img src="https://evil.example/x.png">')
    assert browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("file:///etc/passwd")) is None
