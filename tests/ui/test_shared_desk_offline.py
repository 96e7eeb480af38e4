"""A window on a shared library whose server goes away: typing survives, it comes back, nothing crashes.

Each test crashes a throw-away server of its own (tests/postgres_server.py) under an open window.
"""

from __future__ import annotations

import sys
import time

import pytest

from factcheck.core.articles import Article
from factcheck.store import LibraryOffline, open_store
from factcheck.ui.app import create_application, open_window

TEXT = "Crime fell 40% last year, the mayor said.\n\nPolice figures show a fall of 12%."


@pytest.fixture
def desk(qtbot, qapp, preferences, warnings):
    """(server, window): alice's window on a library of a server this test may crash."""
    from postgres_server import desk_of_one, start_or_skip

    server = start_or_skip()
    library = None
    try:
        url = desk_of_one(server)
        create_application()
        library = open_store(url)
        library.add_article(Article(title="Budget", text="The budget rose by a third."))
        library.add_article(Article(title="Mayor on crime", text=TEXT))
        window = open_window(library, preferences)
        qtbot.addWidget(window)
        window.show()
        window.open_article(library.articles()[0].id)
        yield server, window
        window.close()
    finally:
        if library is not None:
            library.close()
        server.stop()


def test_typing_in_the_rationale_survives_going_offline(qtbot, desk, mark):
    server, window = desk
    mark(window, "Crime fell 40%")
    server.crash()
    qtbot.waitUntil(lambda: window.desk.offline, timeout=3000)
    window.editor.rationale.setFocus()
    qtbot.keyClicks(window.editor.rationale, "Three paragraphs of research")
    window.editor.flush()  # the typing pause, or the reviewer tabbing away: refused while offline
    window.runner.wait_idle()
    assert window.editor.rationale.toPlainText() == "Three paragraphs of research"
    assert window.saved_label.text() != "Saved" or "Offline" in window.desk.label.text()
    server.restart()
    qtbot.waitUntil(lambda: not window.desk.offline, timeout=10_000)
    window.editor.flush()  # saved now
    window.runner.wait_idle()
    claim = window.claims_model.claims()[0]
    assert window.library.claim(claim.id).rationale == "Three paragraphs of research"


def test_the_window_comes_back_even_if_its_own_reconnect_fails_once(qtbot, desk):
    server, window = desk
    server.crash()
    qtbot.waitUntil(lambda: window.desk.offline, timeout=3000)
    real, calls = window.library.reconnect, []

    def flaky() -> None:  # the whole desk reconnecting at once: "too many connections", once
        calls.append(1)
        if len(calls) == 1:
            raise LibraryOffline("too many connections for now")
        real()

    window.library.reconnect = flaky
    server.restart()
    qtbot.waitUntil(lambda: len(calls) >= 2 and not window.desk.offline, timeout=10_000)


def test_opening_another_article_while_offline_says_so_and_keeps_the_one_shown(qtbot, desk, monkeypatch):
    server, window = desk
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: hooked.append(a))
    shown = window.controller.article.id
    other = next(a.id for a in window.library.articles() if a.id != shown)
    server.crash()
    qtbot.waitUntil(lambda: window.desk.offline, timeout=3000)
    started = time.monotonic()
    window.open_article(other)
    assert not hooked and window.controller.article.id == shown
    assert "Cannot open the article now" in window.statusBar().currentMessage()
    assert time.monotonic() - started < 7


def test_a_window_that_could_not_listen_at_first_is_offline_until_it_can(qtbot, qapp, preferences, warnings):
    from postgres_server import desk_of_one, start_or_skip

    server = start_or_skip()
    try:
        url = desk_of_one(server)
        create_application()
        library = open_store(url)
        real, tries = library.listen, []

        def listen():  # the listening connection refused at first (too many connections, say)
            tries.append(1)
            if len(tries) == 1:
                raise LibraryOffline("too many connections for now")
            return real()

        library.listen = listen
        window = open_window(library, preferences)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.desk.offline, timeout=3000)
        qtbot.waitUntil(lambda: not window.desk.offline, timeout=10_000)
        colleague = open_store(url)
        colleague.add_article(Article(title="Budget", text="The budget rose by a third."))
        qtbot.waitUntil(lambda: window.articles_model.rowCount() == 1, timeout=3000)  # now it hears
        colleague.close()
        window.close()
        library.close()
    finally:
        server.stop()
