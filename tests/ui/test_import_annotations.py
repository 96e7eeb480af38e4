"""File ▸ Import of W3C Web Annotations in the window: placed on the open article as one undoable step,
the claims placed and the annotations not found reported; without an article, a clear refusal; and
``factcheck import FILE --article ID`` handed over to the window that holds the library."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from factcheck.cli import main
from factcheck.store import LibraryLock, window_channel
from factcheck.ui.window_channel_server import WindowChannelServer

PLACED = ["an agreement with Russia for a partial ceasefire in Syria",
          "The suggestion was met with widespread criticism"]
LOST = "Mr Trump promised a moon base by Friday"


def annotation(exact: str, note: str = "", prefix: str = "", suffix: str = "") -> dict:
    item = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
            "target": {"source": "https://example.org/trump",
                       "selector": {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}}}
    if note:
        item["body"] = {"type": "TextualBody", "value": note, "purpose": "describing"}
    return item


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps([annotation(PLACED[0], "Checked with the State Department."),
                                annotation(PLACED[1]), annotation(LOST, "Never said.")]), encoding="utf-8")
    return path


@pytest.fixture
def informed(monkeypatch):
    """Every QMessageBox.information the window shows: (title, text)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append((title, text)))
    return shown


def stored_quotes(library_path, article_id: int) -> list[str]:
    with sqlite3.connect(library_path) as conn:
        return [row[0] for row in conn.execute("SELECT quote FROM claims WHERE article_id = ? ORDER BY start",
                                               [article_id])]


def import_and_wait(window, qtbot, sources) -> list:
    with qtbot.waitSignal(window.importer.annotations_placed, timeout=15000) as placed:
        window.import_paths(sources)
    window.runner.wait_idle()
    return placed.args[0]


def test_annotations_are_placed_on_the_open_article_as_one_undoable_step(window, qtbot, notes, informed,
                                                                         library_path, warnings):
    article = window.controller.article
    before = window.claims_model.rowCount()

    (result,) = import_and_wait(window, qtbot, [notes])

    assert (result.article_id, result.placed, [q for q, _ in result.orphans]) == (article.id, 2, [LOST])
    assert stored_quotes(library_path, article.id) == PLACED
    assert window.claims_model.rowCount() == before + 2  # the table shows them at once
    assert window.controller.article.id == article.id  # the article stays open: no new one
    message = window.statusBar().currentMessage()
    assert message.startswith("2 claims placed on “Donald Trump backtracks") and "1 not found" in message
    ((title, text),) = informed
    assert title == "Web Annotations placed"
    assert "2 claims placed" in text and f"“{LOST}”" in text  # the orphan's quote, with why
    assert warnings == []
    rationale = {c.quote: c.rationale for c in window.library.claims(article.id)}[PLACED[0]]
    assert rationale == "Checked with the State Department."

    stack = window.controller.stack
    assert stack.undoText() == "Place Web Annotations from “notes.jsonld”"
    window.controller.undo()
    window.runner.wait_idle()
    assert stored_quotes(library_path, article.id) == []  # the database, not only the screen
    assert window.claims_model.rowCount() == before
    window.controller.redo()
    window.runner.wait_idle()
    assert stored_quotes(library_path, article.id) == PLACED
    assert window.claims_model.rowCount() == before + 2
    assert len(informed) == 1  # the report is made once, not at each redo


def test_annotations_found_only_as_orphans_change_nothing_and_leave_no_undo_step(window, qtbot, tmp_path, informed,
                                                                               library_path):
    path = tmp_path / "lost.json"
    path.write_text(json.dumps({"type": "AnnotationCollection", "items": [annotation(LOST)]}), encoding="utf-8")
    (result,) = import_and_wait(window, qtbot, [path])
    assert (result.placed, len(result.orphans)) == (0, 1)
    assert stored_quotes(library_path, window.controller.article.id) == []
    assert window.controller.stack.count() == 0
    assert "0 claims placed" in window.statusBar().currentMessage()


def test_without_an_open_article_an_annotation_file_is_refused_saying_what_to_do(window, qtbot, notes, warnings,
                                                                                library_path):
    window.controller.article = None  # as after the open article was deleted
    job = window.import_paths([notes])
    qtbot.waitUntil(lambda: window.importer.completed is job, timeout=15000)
    (shown,) = warnings
    assert "notes.jsonld holds W3C Web Annotations" in shown and "open the article they annotate" in shown
    with sqlite3.connect(library_path) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)


def test_an_annotation_file_and_an_article_imported_together_each_go_their_way(window, qtbot, notes, tmp_path,
                                                                               informed, library_path):
    reading = window.controller.article.id
    text = tmp_path / "crime.txt"
    text.write_text("Mayor says crime fell\n\nCrime fell 40% last year, the mayor said.\n", encoding="utf-8")
    (result,) = import_and_wait(window, qtbot, [text, notes])
    assert result.article_id == reading and result.placed == 2
    assert stored_quotes(library_path, reading) == PLACED
    assert "Mayor says crime fell" in [s.title for s in window.library.articles()]


# ------------------------------------------------------------------ factcheck import FILE --article ID


@pytest.fixture
def served(window, library_path):
    lock = LibraryLock.acquire(library_path)
    window.channel_server = WindowChannelServer(library_path, window)
    yield window
    window.channel_server.close()
    lock.release()


def run_command(qtbot, *argv) -> int:
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(main(list(argv))))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20000)
    return status[0]


@pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")
def test_the_command_line_hands_annotations_over_to_the_window_which_places_them(served, qtbot, notes, capsys,
                                                                                 library_path, warnings):
    article_id = served.controller.article.id
    before = served.claims_model.rowCount()

    assert run_command(qtbot, "--db", str(library_path), "import", str(notes), "--article", str(article_id)) == 0

    out, err = capsys.readouterr()
    assert out == f"{article_id}\t2 claims placed, 1 orphan ({notes})\n"
    assert f"factcheck: orphan: “{LOST}”" in err
    assert stored_quotes(library_path, article_id) == PLACED
    qtbot.waitUntil(lambda: served.claims_model.rowCount() == before + 2)  # the open article shows them
    assert "handed over by another factcheck process" in served.statusBar().currentMessage()
    assert warnings == []


@pytest.mark.skipif(not window_channel.SUPPORTED, reason="the channel is a Unix socket")
def test_a_handed_over_annotation_file_for_an_unknown_article_fails_with_a_clear_message(served, qtbot, notes,
                                                                                        capsys, library_path):
    assert run_command(qtbot, "--db", str(library_path), "import", str(notes), "--article", "999") == 1
    assert "there is no article 999" in capsys.readouterr().err
