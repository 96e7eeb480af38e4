"""Importing published fact-checks (schema.org ClaimReview) in the window: counted, kept apart, nothing opens."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from factcheck.cli import main
from factcheck.store import LibraryLock, window_channel


def review(n: int, **changes) -> dict:
    return {"@context": "https://schema.org", "@type": "ClaimReview", "url": f"https://checkdesk.example/check-{n}",
            "claimReviewed": f"Claim number {n} about bus fares", "author": {"@type": "Organization", "name": "Desk"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"}, **changes}


def rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def list_titles(window) -> list[str]:
    model = window.articles_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def finish(window, qtbot, job):
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)


def test_importing_a_jsonld_says_what_it_added_and_opens_no_article(window, qtbot, tmp_path, library_path, warnings):
    reading, listed = window.controller.article.id, list_titles(window)
    path = tmp_path / "checks.jsonld"
    path.write_text(json.dumps([review(1), review(2), review(3)]), encoding="utf-8")
    finish(window, qtbot, window.import_paths([path]))
    assert window.statusBar().currentMessage() == "3 published fact-checks added, 0 updated."
    assert window.controller.article.id == reading and list_titles(window) == listed
    assert rows(library_path, "SELECT count(*) FROM published_checks") == [(3,)]
    assert warnings == []

    path.write_text(json.dumps([review(3), review(4)]), encoding="utf-8")  # the same address again: updated
    finish(window, qtbot, window.import_paths([path]))
    assert window.statusBar().currentMessage() == "1 published fact-check added, 1 updated."
    assert rows(library_path, "SELECT count(*) FROM published_checks") == [(4,)]


def test_what_a_file_left_out_is_listed_and_an_article_beside_it_opens(window, qtbot, tmp_path, library_path,
                                                                        warnings):
    checks = tmp_path / "checks.jsonld"
    checks.write_text(json.dumps([review(1), {"@type": "ClaimReview", "claimReviewed": "No address"}]),
                      encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("Council to close library\n\nThe council will close the central library in May.",
                    encoding="utf-8")
    finish(window, qtbot, window.import_paths([checks, note]))
    assert window.controller.article.title == "Council to close library"
    assert window.statusBar().currentMessage() == (
        "Imported 1 article; 1 published fact-check added, 0 updated (1 problem).")
    (listed,) = warnings
    assert f"{checks}:\n• ClaimReview 2 (at $[1]) was not imported: it has no \"url\"" in listed
    assert rows(library_path, "SELECT count(*) FROM published_checks") == [(1,)]


def test_a_file_with_no_claimreview_is_named_and_nothing_is_written(window, qtbot, tmp_path, library_path,
                                                                    warnings):
    path = tmp_path / "annotations.jsonld"
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}),
                    encoding="utf-8")
    before = rows(library_path, "SELECT count(*) FROM articles")
    finish(window, qtbot, window.import_paths([path]))
    (failed,) = warnings
    assert "annotations.jsonld holds no schema.org ClaimReview" in failed
    assert rows(library_path, "SELECT count(*) FROM articles") == before
    assert rows(library_path, "SELECT count(*) FROM published_checks") == [(0,)]


@pytest.fixture
def served(window, library_path):
    """The window holds the library and listens on its channel, as run_window does (see test_window_channel.py)."""
    from factcheck.ui.window_channel_server import WindowChannelServer

    lock = LibraryLock.acquire(library_path)
    window.channel_server = WindowChannelServer(library_path, window)
    yield window
    window.channel_server.close()
    lock.release()


@pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")
def test_factcheck_import_handed_to_the_window_prints_the_fact_checks(served, qtbot, tmp_path, library_path,
                                                                      capsys, warnings):
    path = tmp_path / "checks.jsonld"
    path.write_text(json.dumps([review(1), review(2), {"@type": "ClaimReview", "url": "https://x.example/3"}]),
                    encoding="utf-8")
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(["--db", str(library_path), "import", str(path)])))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20000)
    out, err = capsys.readouterr()
    assert status == [0]
    assert out == f"published\t2 fact-checks added, 0 updated ({path.absolute()})\n"
    assert "ClaimReview 3 (at $[2]) was not imported" in err
    assert served.statusBar().currentMessage() == (
        "Handed over by another factcheck process: 2 published fact-checks added, 0 updated (1 problem).")
    assert warnings == []  # the command said it


def test_with_no_article_open_importing_only_fact_checks_shows_an_article(window, qtbot, tmp_path, warnings):
    newest = window.library.articles()[0].id
    window.article_panel.set_article(None)
    window.controller.article = None  # as `factcheck checks.jsonld` starts: nothing open yet
    path = tmp_path / "checks.jsonld"
    path.write_text(json.dumps([review(7)]), encoding="utf-8")
    finish(window, qtbot, window.import_paths([path]))
    assert window.controller.article is not None and window.controller.article.id == newest
