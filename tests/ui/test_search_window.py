"""Edit ▸ Search the Library… (Ctrl+Shift+F): results as you type, grouped and marked, opened in the main window."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices, QPalette

from factcheck.core.published import PublishedCheck
from factcheck.store import LibraryError, SQLiteStore
from factcheck.ui.article_view import FIND_COLOR, FIND_TINT, blend
from factcheck.ui.palettes import fusion_dark_palette, use_fusion
from factcheck.ui.search_results import RowRole
from factcheck.ui.search_window import SearchWindow, show_search

KREMLIN = ("Kremlin says Putin and Trump agreed on cyber security talks\n\n"
           "The Kremlin said on Wednesday that Vladimir Putin and Donald Trump had agreed to set up a working "
           "group on cyber security. Dmitry Peskov said the health service of Russia was not discussed.")
SERVICE = ("A service for health workers\n\n"
           "The service for health workers opened on Monday; Putin was not mentioned, and nothing was failing.")


def imported(qtbot, window, tmp_path, texts: dict[str, str]) -> None:
    """Import text files through the window, as File ▸ Import does, and wait for them."""
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    job = window.import_paths(paths)
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=10000)


def search(qtbot, window, text: str, *, typed: bool = False) -> SearchWindow:
    """Ctrl+Shift+F, the query set (or typed key by key), and the answer waited for."""
    window.search_action.trigger()
    found = window.findChild(SearchWindow, "searchWindow")
    if typed:
        found.box.clear()
        qtbot.keyClicks(found.box, text)
    else:
        found.box.setText(text)
    qtbot.waitUntil(found.is_idle, timeout=10000)
    return found


def rows(found: SearchWindow) -> list:
    return [found.model.index(n).data(RowRole) for n in range(found.model.rowCount())]


def lines(found: SearchWindow) -> list[tuple[str, str]]:
    """Each line as (kind, what it says)."""
    return [(row.kind, found.model.index(n).data()) for n, row in enumerate(rows(found))]


def marked(row) -> list[str]:
    snippet = row.hit.snippet if row.kind == "hit" else row.published.snippet
    return [snippet.text[start:end] for start, end in snippet.marks]


def choose(qtbot, found: SearchWindow, test) -> None:
    """Select the first line for which ``test(row)`` holds, and press Enter on it."""
    number = next(n for n, row in enumerate(rows(found)) if test(row))
    found.list.setFocus()
    found.list.setCurrentIndex(found.model.index(number))
    qtbot.keyClick(found.list, Qt.Key.Key_Return)


@pytest.fixture
def library(window, qtbot, tmp_path):
    """The seed article, and two more (the newest listed first)."""
    imported(qtbot, window, tmp_path, {"kremlin.txt": KREMLIN, "service.txt": SERVICE})
    return window


@pytest.fixture
def calls(monkeypatch):
    """Every Store.search the window makes: (query, the thread it ran on, the handle it ran on)."""
    made = []
    search_of = SQLiteStore.search

    def spy(self, query, **kwargs):
        made.append((query, threading.current_thread(), id(self)))
        return search_of(self, query, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", spy)
    return made


def held(monkeypatch) -> threading.Event:
    """Make each Store.search wait (on its worker) until the returned event is set."""
    search_of = SQLiteStore.search
    gate = threading.Event()

    def wait_then_search(self, query, **kwargs):
        gate.wait(5)
        return search_of(self, query, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", wait_then_search)
    return gate


# ------------------------------------------------------------------ results


def test_typing_gives_results_grouped_by_article_with_the_words_marked(library, qtbot, calls):
    found = search(qtbot, library, "putin", typed=True)
    assert [query for query, *_ in calls] == ["putin"]  # one search when the typing paused, not one a key
    shown = rows(found)
    kinds = [row.kind for row in shown]
    assert kinds[0] == "article" and kinds.count("article") == 3
    titles = [row.article.title for row in shown if row.kind == "article"]
    assert titles[-1].startswith("Donald Trump backtracks")  # the newest articles first
    for n, row in enumerate(shown):  # each hit under its own article's heading
        if row.kind == "hit":
            heading = next(r for r in reversed(shown[:n]) if r.kind == "article")
            assert row.article == heading.article
            assert {word.lower() for word in marked(row)} == {"putin"}
    assert ("hit", "The headline: Kremlin says Putin and Trump agreed on cyber security talks") in lines(found)
    assert found.count.text() == "3 articles"
    assert found.pages.currentWidget() is found.list


@pytest.fixture
def dark(qapp):
    """Switches the application to the dark Fusion palette when called; its own palette comes back after."""
    original = QPalette(qapp.palette())
    yield lambda: use_fusion(qapp, fusion_dark_palette())
    qapp.setPalette(original)


def test_the_results_model_keeps_qts_rules(library, qtbot, qtmodeltester):
    found = search(qtbot, library, "putin")
    qtmodeltester.check(found.model)
    search(qtbot, library, "putin kremlin")  # reset under the tester's eyes
    qtmodeltester.check(found.model)


def test_the_marks_are_drawn_in_the_tint_of_find_in_light_and_dark(library, qtbot, dark):
    found = search(qtbot, library, "kremlin")
    found.resize(760, 500)
    for palette in ("light", "dark"):
        if palette == "dark":
            dark()
        qtbot.wait(20)
        image = found.list.viewport().grab().toImage()
        tint = blend([FIND_COLOR], FIND_TINT, found.list.palette().base().color().name())
        tinted = sum(image.pixelColor(x, y) == tint for x in range(0, image.width(), 2)
                     for y in range(image.height()))
        assert tinted > 30, palette


def test_a_phrase_must_stand_together_and_an_excluded_word_leaves_an_article_out(library, qtbot):
    found = search(qtbot, library, '"health service"')
    assert [row.article.title for row in rows(found) if row.kind == "article"] == [
        "Kremlin says Putin and Trump agreed on cyber security talks"]
    assert [marked(row) for row in rows(found) if row.kind == "hit"] == [["health service"]]

    found = search(qtbot, library, "health -kremlin")
    assert [row.article.title for row in rows(found) if row.kind == "article"] == ["A service for health workers"]


def test_an_archived_article_says_so(library, qtbot):
    article_id = library.controller.article.id  # the last one imported: the health workers'
    library.archive_article(article_id)
    library.runner.wait_idle()
    found = search(qtbot, library, "workers")
    assert lines(found)[0] == ("article", "A service for health workers — archived")


# ------------------------------------------------------------------ as you type, off the UI thread


def test_the_search_runs_on_a_worker_with_one_handle_of_its_own_closed_with_the_window(library, qtbot, calls,
                                                                                      monkeypatch):
    closed = []
    close_of = SQLiteStore.close
    monkeypatch.setattr(SQLiteStore, "close", lambda self: (closed.append(id(self)), close_of(self))[1])
    found = search(qtbot, library, "putin")
    search(qtbot, library, "trump")
    assert [query for query, *_ in calls] == ["putin", "trump"]
    assert {thread for _, thread, _ in calls} != {threading.main_thread()}
    assert len({thread for _, thread, _ in calls}) == 1
    handles = {handle for *_, handle in calls}
    assert len(handles) == 1 and id(library.library) not in handles  # its own, made once and kept

    found.close()
    qtbot.waitUntil(lambda: handles <= set(closed), timeout=5000)
    search(qtbot, library, "kremlin")  # shown again: it searches on a new handle
    assert calls[-1][0] == "kremlin" and calls[-1][1] is not threading.main_thread()


def test_only_the_last_query_typed_is_answered(library, qtbot, calls, monkeypatch):
    search_of = SQLiteStore.search

    def slow_for_putin(self, query, **kwargs):
        if query == "putin":
            time.sleep(0.4)  # the first answer comes after the reviewer typed on
        return search_of(self, query, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", slow_for_putin)
    found = show_search(library)
    shown = []  # every set of results the window put on screen
    found.model.modelReset.connect(lambda: shown.append(found.shown_query))
    for query in ("putin", "cyber", "health"):  # as fast as the reviewer types them, each asked at once
        found.box.setText(query)
        found.search_now()
    qtbot.waitUntil(found.is_idle, timeout=10000)
    qtbot.wait(100)
    assert [query for query, *_ in calls] == ["putin", "health"]  # "cyber" was stale before it ran
    assert shown == ["health"]  # the answer for "putin" came, and was dropped
    assert {row.article.title for row in rows(found) if row.kind == "article"} == {
        "Kremlin says Putin and Trump agreed on cyber security talks", "A service for health workers"}
    assert all(word.lower().startswith("health") for row in rows(found) if row.kind == "hit" for word in marked(row))


def test_an_answer_that_comes_after_the_box_was_cleared_is_dropped(library, qtbot, monkeypatch):
    gate = held(monkeypatch)
    found = show_search(library)
    found.box.setText("putin")
    found.search_now()
    found.box.clear()
    gate.set()
    qtbot.wait(300)
    assert found.model.rowCount() == 0 and found.empty.heading.text() == "Search the whole library"


def test_searching_shows_only_when_an_answer_is_slow(library, qtbot, monkeypatch):
    gate = held(monkeypatch)
    found = show_search(library)
    found.box.setText("putin")
    found.search_now()
    qtbot.wait(100)
    assert found.count.isHidden()  # a quick answer does not flash "Searching…"
    qtbot.waitUntil(lambda: found.count.text() == "Searching…" and found.count.isVisible(), timeout=3000)
    gate.set()
    qtbot.waitUntil(found.is_idle, timeout=5000)
    assert found.count.text() == "3 articles"


def test_an_unreachable_library_is_a_line_in_the_window_and_the_next_search_reconnects(library, qtbot, monkeypatch):
    search_of = SQLiteStore.search

    def offline(self, query, **kwargs):
        raise LibraryError("The shared library at db.example is offline: check the network.")

    monkeypatch.setattr(SQLiteStore, "search", offline)
    found = search(qtbot, library, "putin")
    assert found.error.isVisible()
    assert found.error.text() == ("Cannot search the library now: The shared library at db.example is offline: "
                                  "check the network.")
    monkeypatch.setattr(SQLiteStore, "search", search_of)
    search(qtbot, library, "putin cyber")
    assert found.error.isHidden() and found.count.text() == "2 articles"


# ------------------------------------------------------------------ what the window says


def test_before_anything_is_typed_a_hint_and_with_no_match_a_clear_empty_state(window, qtbot):
    window.search_action.trigger()
    found = window.findChild(SearchWindow, "searchWindow")
    assert found.isVisible() and found.pages.currentWidget() is found.empty
    assert found.empty.heading.text() == "Search the whole library"
    assert 'claimant:graham' in found.empty.hint.text()

    search(qtbot, window, "zeppelin")
    assert found.pages.currentWidget() is found.empty
    assert found.empty.heading.text() == "No matches for “zeppelin”"
    assert found.count.text() == "No matches"

    found.box.clear()
    assert found.empty.heading.text() == "Search the whole library" and found.count.isHidden()


def test_a_problem_in_the_query_is_shown_under_the_box(window, qtbot):
    found = search(qtbot, window, 'putin "cyber security')
    assert found.problems.isVisible()
    assert "quote mark is not closed" in found.problems.text()
    assert found.count.text() == "1 article"  # what could be read was searched

    search(qtbot, window, "status:maybe -putin")
    assert "status:maybe is not a status" in found.problems.text()
    assert found.empty.heading.text() == "Nothing to look for"

    search(qtbot, window, "putin")
    assert found.problems.isHidden()


def test_more_than_the_limit_asks_to_refine(library, qtbot, monkeypatch):
    import factcheck.ui.search_window as search_window

    monkeypatch.setattr(search_window, "LIMIT", 2)
    found = search(qtbot, library, "putin")
    assert found.count.text() == "More than 2 articles — refine the search"


def test_an_article_with_more_hits_than_are_listed_says_so_and_enter_opens_it(library, qtbot, monkeypatch):
    import factcheck.ui.search_window as search_window

    monkeypatch.setattr(search_window, "PER_ARTICLE", 1)
    found = search(qtbot, library, "kremlin")  # in the Kremlin article's headline and text
    assert [kind for kind, _ in lines(found)] == ["article", "hit", "more"]
    library.open_article(next(a.id for a in library.library.articles() if not a.title.startswith("Kremlin")))
    choose(qtbot, found, lambda row: row.kind == "more")
    assert library.controller.article.title.startswith("Kremlin says")


# ------------------------------------------------------------------ opening what was found


def test_enter_on_a_claim_hit_selects_the_claim_in_the_main_window(library, qtbot, mark):
    seed = next(a.id for a in library.library.articles() if a.title.startswith("Donald Trump"))
    library.open_article(seed)
    claim_id = mark(library, "impenetrable cyber security unit")
    library.open_article(next(a.id for a in library.library.articles() if a.id != seed))
    assert library.controller.article.id != seed

    found = search(qtbot, library, "impenetrable")
    choose(qtbot, found, lambda row: row.kind == "hit" and row.hit.where == "claim")
    assert library.controller.article.id == seed
    assert library.claims_panel.selected_claim_id() == claim_id
    assert found.isVisible()  # open for the next hit


def test_enter_on_a_text_hit_finds_the_words_in_the_article(library, qtbot):
    found = search(qtbot, library, "hamburg")
    choose(qtbot, found, lambda row: row.kind == "hit" and row.hit.where == "text")
    assert library.controller.article.title.startswith("Donald Trump backtracks")
    bar = library.article_panel.find_bar
    assert bar.isVisible() and bar.field.text() == "Hamburg"
    view = library.article_panel.view
    start, end = view.selection_span()
    assert view.article_text()[start:end] == "Hamburg"


def test_a_claimant_hit_opens_its_claim_and_a_headline_hit_its_article(library, qtbot, mark):
    seed = next(a.id for a in library.library.articles() if a.title.startswith("Donald Trump"))
    library.open_article(seed)
    claim_id = mark(library, "Mr Putin denied the allegations")
    library.controller.set_claim_field(claim_id, "claimant", "Dmitry Peskov")
    library.runner.wait_idle()
    found = search(qtbot, library, "peskov")
    assert [row.hit.where for row in rows(found) if row.kind == "hit"] == ["text", "claimant"]
    library.claims_panel.select_claim(None)
    choose(qtbot, found, lambda row: row.kind == "hit" and row.hit.where == "claimant")
    assert library.claims_panel.selected_claim_id() == claim_id

    search(qtbot, library, "kremlin")
    choose(qtbot, found, lambda row: row.kind == "hit" and row.hit.where == "headline")
    assert library.controller.article.title.startswith("Kremlin says")


def test_published_checks_come_after_the_articles_and_open_only_web_addresses(window, qtbot, monkeypatch):
    window.library.add_published_checks([
        PublishedCheck(url="https://fact.example/cyber-unit", claim_reviewed="Putin and Trump will form a cyber unit.",
                       verdict="False", author="Fact Desk", published="2017-07-11"),
        PublishedCheck(url="file:///etc/passwd", claim_reviewed="Putin planted a file on your disk.",
                       verdict="Pants on Fire", author="Mischief"),
    ])
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    found = search(qtbot, window, "putin")
    kinds = [row.kind for row in rows(found)]
    assert kinds.index("section") > max(n for n, kind in enumerate(kinds) if kind != "published" and kind != "section")
    assert ("published",
            "Putin and Trump will form a cyber unit. — False · Fact Desk · 11 July 2017") in lines(found)
    assert found.count.text() == "1 article, 2 published fact-checks"

    choose(qtbot, found, lambda row: row.kind == "published" and row.published.check.url.startswith("https"))
    assert opened == ["https://fact.example/cyber-unit"]
    choose(qtbot, found, lambda row: row.kind == "published" and row.published.check.url.startswith("file"))
    assert opened == ["https://fact.example/cyber-unit"]
    assert found.error.text() == "Not opened: file:///etc/passwd is not a web address."


# ------------------------------------------------------------------ keyboard and window


def test_down_moves_into_the_results_up_returns_and_esc_closes(library, qtbot):
    found = search(qtbot, library, "putin")
    found.activateWindow()
    found.box.setFocus()
    qtbot.keyClick(found.box, Qt.Key.Key_Down)
    assert found.list.hasFocus() or found.focusWidget() is found.list
    assert found.list.currentIndex().row() == 0
    qtbot.keyClick(found.list, Qt.Key.Key_Down)
    assert found.list.currentIndex().data(RowRole).kind == "hit"
    qtbot.keyClick(found.list, Qt.Key.Key_Up)
    qtbot.keyClick(found.list, Qt.Key.Key_Up)
    assert found.focusWidget() is found.box
    qtbot.keyClick(found.box, Qt.Key.Key_Escape)
    assert not found.isVisible()

    library.search_action.trigger()  # Ctrl+Shift+F again: the same window, its box selected
    assert library.findChildren(SearchWindow) == [found] and found.isVisible()
    assert found.box.selectedText() == "putin"


def test_the_heading_of_published_checks_is_stepped_over(window, qtbot):
    window.library.add_published_checks([PublishedCheck(url="https://fact.example/a", claim_reviewed="Putin said so.")])
    found = search(qtbot, window, "putin")
    last_hit = max(n for n, row in enumerate(rows(found)) if row.kind == "hit")
    found.list.setFocus()
    found.list.setCurrentIndex(found.model.index(last_hit))
    qtbot.keyClick(found.list, Qt.Key.Key_Down)
    assert found.list.currentIndex().data(RowRole).kind == "published"


def test_the_window_remembers_where_it_was(open_app, qtbot, preferences):
    first = open_app()
    found = show_search(first)
    found.resize(640, 480)
    found.close()
    assert preferences.window_state("search_window") is not None
    first.close()

    again = show_search(open_app())
    assert (again.width(), again.height()) == (640, 480)


# ------------------------------------------------------------------ following the library


def test_an_edit_in_the_main_window_shows_up_in_the_open_search(window, qtbot, mark):
    found = search(qtbot, window, "zebrafish")
    assert found.empty.heading.text() == "No matches for “zebrafish”"
    claim_id = mark(window, "Mr Putin denied the allegations")
    window.controller.set_claim_field(claim_id, "rationale", "As a zebrafish denies it swims.")
    window.runner.wait_idle()
    qtbot.waitUntil(lambda: found.is_idle() and found.model.rowCount() == 2, timeout=5000)
    hit = rows(found)[1]
    assert (hit.hit.where, hit.hit.claim_id, marked(hit)) == ("rationale", claim_id, ["zebrafish"])

    found.list.setCurrentIndex(found.model.index(1))
    window.controller.set_claim_field(claim_id, "claimant", "Vladimir Putin")  # another edit: the line stays chosen
    window.runner.wait_idle()
    qtbot.waitUntil(found.is_idle, timeout=5000)
    assert found.list.currentIndex().data(RowRole).hit.claim_id == claim_id


def test_an_import_while_the_search_is_open_shows_up(window, qtbot, tmp_path):
    found = search(qtbot, window, "peskov")
    assert found.count.text() == "No matches"
    imported(qtbot, window, tmp_path, {"kremlin.txt": KREMLIN})
    qtbot.waitUntil(lambda: found.is_idle() and found.count.text() == "1 article", timeout=5000)


def test_closing_the_main_window_closes_the_search_and_its_handle(open_app, qtbot, calls, monkeypatch):
    closed = []
    close_of = SQLiteStore.close
    monkeypatch.setattr(SQLiteStore, "close", lambda self: (closed.append(id(self)), close_of(self))[1])
    window = open_app()
    found = search(qtbot, window, "putin")
    window.close()
    assert not found.isVisible()
    qtbot.waitUntil(lambda: calls[-1][2] in closed, timeout=5000)  # on the search's thread, at once: none runs


def test_closing_the_main_window_does_not_wait_for_a_search_under_way(open_app, qtbot, monkeypatch):
    """A slow search (a shared library far away) keeps no window open: its handle closes when it returns."""
    closed, started = [], threading.Event()
    close_of, search_of = SQLiteStore.close, SQLiteStore.search
    gate = threading.Event()

    def slow(self, query, **kwargs):
        started.set()
        gate.wait(10)
        return search_of(self, query, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", slow)
    monkeypatch.setattr(SQLiteStore, "close", lambda self: (closed.append(self), close_of(self))[1])
    window = open_app()
    window.search_action.trigger()
    found = window.findChild(SearchWindow, "searchWindow")
    found.box.setText("putin")
    qtbot.waitUntil(started.is_set, timeout=5000)  # (after the typing pause)
    begun = time.monotonic()
    window.close()
    took = time.monotonic() - begun
    try:
        assert took < 2 and not window.isVisible() and not found.isVisible()
        assert all(store is window.library for store in closed)  # the search's handle: still reading
    finally:
        gate.set()
    qtbot.waitUntil(lambda: any(store is not window.library for store in closed), timeout=5000)


def test_the_marks_read_on_a_selected_line(library, qtbot):
    found = search(qtbot, library, "kremlin")
    found.list.setFocus()
    found.list.setCurrentIndex(found.model.index(1))
    image = found.list.viewport().grab().toImage()
    highlight = found.list.palette().highlight().color()
    tint = blend([FIND_COLOR], FIND_TINT, highlight.name())
    rect = found.list.visualRect(found.model.index(1))
    colours = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right(), 2)
               for y in range(rect.top(), rect.bottom())}
    assert tint.name() in colours and QColor(highlight).name() in colours


def test_a_restore_closes_the_search_handle_first_and_the_results_follow_the_restored_library(
        window, qtbot, mark, calls, monkeypatch):
    import factcheck.ui.backup_controller as backup_controller
    from PySide6.QtWidgets import QMessageBox

    from factcheck.store.backups import make_backup
    from factcheck.ui.restore_dialog import RestoreDialog

    claim_id = mark(window, "Mr Putin denied the allegations")
    window.controller.set_claim_field(claim_id, "rationale", "As a zebrafish denies it swims.")
    window.runner.wait_idle()
    made = make_backup(window.library, keep=10)
    window.controller.delete_claim(claim_id)  # the edit the reviewer regrets
    window.runner.wait_idle()
    found = search(qtbot, window, "zebrafish")
    assert found.count.text() == "No matches"
    handle = calls[-1][2]

    closed, open_at_restore = [], []
    close_of = SQLiteStore.close
    monkeypatch.setattr(SQLiteStore, "close", lambda self: (closed.append(id(self)), close_of(self))[1])
    restore_of = backup_controller.restore_library
    monkeypatch.setattr(backup_controller, "restore_library",
                        lambda *args: (open_at_restore.append(handle not in closed), restore_of(*args))[1])
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: 1)
    # The backup made above, not merely the newest: the rolling backup of the window's opening may share its second.
    monkeypatch.setattr(RestoreDialog, "chosen", lambda self: next(b for b in self.backups if b.path == made.path))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[1:]))
    window.restore_action.trigger()
    window.runner.wait_idle()

    assert open_at_restore == [False]  # the search's handle was closed before the file was replaced
    assert found.isVisible()
    assert warned == []  # restored: no handle (the suggestions' included) kept the file open
    qtbot.waitUntil(lambda: found.is_idle() and found.count.text() == "1 article", timeout=5000)
    assert [row.hit.where for row in rows(found) if row.kind == "hit"] == ["rationale"]


def test_a_claim_owed_a_blind_opinion_is_found_by_its_words_never_its_verdict_or_rationale(window, qtbot, mark,
                                                                                          library_path):
    """The reviewer was asked for a second opinion: the search tells nothing of the claim's verdict or rationale."""
    claim_id = mark(window, "Mr Putin denied the allegations")
    editor = SQLiteStore.open(library_path, user="alice")
    editor.update_claim(claim_id, "verdict", "False")
    editor.update_claim(claim_id, "rationale", "Zyxwq: alice's own reasoning.")
    editor.request_opinions(claim_id, ["tester"])
    editor.close()
    for query in ("verdict:false", "zyxwq", "denied verdict:false"):
        assert search(qtbot, window, query).count.text() == "No matches", query
    found = search(qtbot, window, "denied -zyxwq")
    assert [(row.hit.where, row.hit.claim_id) for row in rows(found) if row.kind == "hit"
            and row.hit.claim_id is not None] == [("claim", claim_id)]
    assert "Zyxwq" not in " ".join(text for _, text in lines(found))
