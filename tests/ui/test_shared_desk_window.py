"""The window on a shared library: two reviewers' windows in one test, on a real PostgreSQL server.

A mark in one window appears in the other; a colleague's change reaches the claim being
edited without undoing what the reviewer is typing; the server refuses a reporter's Approve
and the window says so; the window says who the reviewer is; the window goes Offline when
the server goes away, refuses edits meanwhile, and comes back by itself.
"""

from __future__ import annotations

import itertools
import logging
import time

import pytest
import shiboken6

from pathlib import Path

from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus
from factcheck.store import open_store
from factcheck.ui.app import create_application, open_window

TEXT = ("Crime fell 40% last year, the mayor said.\n\n"
        "Police figures show a fall of 12%, and the budget rose by a third.")

_names = itertools.count(1)


@pytest.fixture
def desk_windows(qtbot, qapp, preferences, warnings, shared_desk):
    """open_as(login): a window on one new shared library (holding one article), as that reviewer."""
    create_application()
    name = f"window_{next(_names)}"
    shared_desk.new_library(name)
    opened = []

    def open_as(login: str, url: str | None = None):
        library = open_store(url or shared_desk.url(name, login))
        if not library.articles():
            library.add_article(Article(title="Mayor on crime", text=TEXT))
        window = open_window(library, preferences)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        window.open_article(library.articles()[0].id)
        opened.append((window, library))
        return window

    open_as.name = name
    yield open_as
    for window, library in opened:
        if shiboken6.isValid(window):  # pytest-qt closes them first, and a closing window's wait lets others go
            window.close()
        library.close()


def claim_quotes(window) -> list[str]:
    return [c.quote for c in window.claims_model.claims()]


def test_a_mark_in_one_window_appears_in_the_others_within_a_second(qtbot, desk_windows, mark):
    alice, rita = desk_windows("alice"), desk_windows("rita")
    started = time.monotonic()
    mark(alice, "Crime fell 40%")
    qtbot.waitUntil(lambda: claim_quotes(rita) == ["Crime fell 40%"], timeout=2000)
    assert time.monotonic() - started < 1.5  # the commit, the notice, the read-back, the table
    claim_id = alice.claims_panel.selected_claim_id()
    alice.controller.set_claim_field(claim_id, "verdict", "False")
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id).verdict == "False", timeout=2000)
    article_id = rita.controller.article.id
    row = rita.articles_model.row_of(article_id)
    qtbot.waitUntil(lambda: rita.articles_model._articles[row].rated_count == 1, timeout=2000)


def test_a_colleagues_change_leaves_what_the_reviewer_is_typing(qtbot, desk_windows, mark):
    alice, rita = desk_windows("alice"), desk_windows("rita")
    mark(alice, "Crime fell 40%")
    claim_id = alice.claims_panel.selected_claim_id()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id) is not None, timeout=2000)
    rita.claims_panel.select_claim(claim_id)
    rita.editor.rationale.setFocus()
    qtbot.keyClicks(rita.editor.rationale, "Police figures say 12")
    alice.controller.set_claim_field(claim_id, "verdict", "False")  # alice, meanwhile
    alice.runner.wait_idle()
    qtbot.waitUntil(lambda: rita.editor.verdict.currentData() == "False", timeout=2000)
    assert rita.editor.rationale.toPlainText() == "Police figures say 12"  # still there, still hers


def test_the_server_refuses_a_reporters_approve_and_the_window_says_so(qtbot, desk_windows, mark, warnings,
                                                                         monkeypatch):
    rita = desk_windows("rita")
    mark(rita, "Crime fell 40%")
    claim_id = rita.claims_panel.selected_claim_id()
    assert "rita (reporter)" in rita.desk.label.text()
    assert rita.claims_model.claim(claim_id).reviewer == "rita"  # the login, not Preferences' "tester"
    box = rita.editor.status  # the window offers no Approve to a reporter...
    assert not box.model().item(box.findData(ClaimStatus.APPROVED.value)).isEnabled()
    rita.controller.confirm_approval = lambda claim, missing: True
    rita.controller.set_claim_field(claim_id, "verdict", "False")
    rita.runner.wait_idle()
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Looks right.", True))
    rita.controller.set_status(claim_id, ClaimStatus.APPROVED)  # ...and is refused one all the same
    rita.runner.wait_idle()
    assert any("Only an editor can approve" in text for text in warnings)
    assert rita.claims_model.claim(claim_id).status == ClaimStatus.DRAFT
    assert rita.library.decisions(claim_id) == []


def test_the_window_goes_offline_refuses_edits_and_comes_back_by_itself(qtbot, qapp, preferences, warnings, mark):
    from postgres_server import desk_of_one, start_or_skip

    server = start_or_skip()
    try:
        create_application()
        library = open_store(desk_of_one(server))
        library.add_article(Article(title="Mayor on crime", text=TEXT))
        window = open_window(library, preferences)
        qtbot.addWidget(window)
        window.show()
        window.open_article(library.articles()[0].id)
        mark(window, "Crime fell 40%")
        claim_id = window.claims_panel.selected_claim_id()

        server.crash()
        started = time.monotonic()
        qtbot.waitUntil(lambda: window.desk.offline, timeout=3000)
        assert time.monotonic() - started < 2
        assert window.desk.label.text().startswith("Offline")
        window.controller.set_claim_field(claim_id, "verdict", "False")
        window.runner.wait_idle()
        assert window.saved_label.text() != "Saved" or window.claims_model.claim(claim_id).verdict is None
        assert window.claims_model.claim(claim_id).verdict is None  # refused, not pretended

        server.restart()
        qtbot.waitUntil(lambda: not window.desk.offline, timeout=10_000)
        window.controller.set_claim_field(claim_id, "verdict", "False")
        window.runner.wait_idle()
        assert window.saved_label.text() == "Saved"
        assert window.claims_model.claim(claim_id).verdict == "False"
        window.close()
        library.close()
    finally:
        server.stop()


def _typed_and_overtaken(qtbot, desk_windows, mark, choice):
    """rita types a rationale; alice saves another meanwhile; rita's typing ends. Returns the windows, the claim, the asks."""
    alice, rita = desk_windows("alice"), desk_windows("rita")
    mark(alice, "Crime fell 40%")
    claim_id = alice.claims_panel.selected_claim_id()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id) is not None, timeout=2000)
    rita.claims_panel.select_claim(claim_id)
    asked = []
    rita.controller.resolve_conflict = lambda conflict: asked.append(conflict) or choice
    rita.editor.rationale.setFocus()
    qtbot.keyClicks(rita.editor.rationale, "Police say 12%")
    alice.controller.set_claim_field(claim_id, "rationale", "The mayor's office confirmed 40%.")
    alice.runner.wait_idle()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id).rationale.startswith("The mayor"), timeout=2000)
    assert rita.editor.rationale.toPlainText() == "Police say 12%"  # hers, until she decides
    rita.editor.flush()
    rita.runner.wait_idle()
    return alice, rita, claim_id, asked


def test_a_stale_same_field_save_never_overwrites_and_taking_theirs_shows_theirs(qtbot, desk_windows, mark):
    alice, rita, claim_id, asked = _typed_and_overtaken(qtbot, desk_windows, mark, "theirs")
    assert [(c.field, c.mine, c.theirs, c.changed_by) for c in asked] == [
        ("rationale", "Police say 12%", "The mayor's office confirmed 40%.", "alice")]
    assert rita.library.claim(claim_id).rationale == "The mayor's office confirmed 40%."
    assert rita.editor.rationale.toPlainText() == "The mayor's office confirmed 40%."


def test_keeping_mine_saves_it_over_theirs_as_an_undoable_edit(qtbot, desk_windows, mark):
    alice, rita, claim_id, asked = _typed_and_overtaken(qtbot, desk_windows, mark, "mine")
    assert len(asked) == 1
    assert rita.library.claim(claim_id).rationale == "Police say 12%"
    qtbot.waitUntil(lambda: alice.claims_model.claim(claim_id).rationale == "Police say 12%", timeout=2000)
    rita.controller.undo()
    rita.runner.wait_idle()
    assert rita.library.claim(claim_id).rationale == "The mayor's office confirmed 40%."


def test_two_reviewers_editing_different_fields_both_keep_their_edits(qtbot, desk_windows, mark):
    alice, rita = desk_windows("alice"), desk_windows("rita")
    mark(alice, "Crime fell 40%")
    claim_id = alice.claims_panel.selected_claim_id()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id) is not None, timeout=2000)
    asked = []
    for window in (alice, rita):
        window.controller.resolve_conflict = lambda conflict: asked.append(conflict) or "theirs"
    alice.controller.set_claim_field(claim_id, "verdict", "False")
    rita.controller.set_claim_field(claim_id, "claimant", "Mayor Jane Doe")
    alice.runner.wait_idle()
    rita.runner.wait_idle()
    stored = alice.library.claim(claim_id)
    assert (stored.verdict, stored.claimant) == ("False", "Mayor Jane Doe") and not asked
    for window in (alice, rita):
        qtbot.waitUntil(lambda w=window: (w.claims_model.claim(claim_id).verdict,
                                          w.claims_model.claim(claim_id).claimant) == ("False", "Mayor Jane Doe"),
                        timeout=2000)


def test_undo_over_a_colleagues_later_change_is_refused_naming_them_and_the_step_stays(qtbot, desk_windows, mark,
                                                                                       warnings):
    alice, rita = desk_windows("alice"), desk_windows("rita")
    mark(alice, "Crime fell 40%")
    claim_id = alice.claims_panel.selected_claim_id()
    alice.controller.set_claim_field(claim_id, "verdict", "False")
    alice.runner.wait_idle()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id) is not None
                    and rita.claims_model.claim(claim_id).verdict == "False", timeout=2000)
    rita.controller.set_claim_field(claim_id, "verdict", "Mixed")
    rita.runner.wait_idle()
    qtbot.waitUntil(lambda: alice.claims_model.claim(claim_id).verdict == "Mixed", timeout=2000)
    stack = alice.controller.stack
    at = stack.index()
    alice.controller.undo()
    alice.runner.wait_idle()
    assert alice.library.claim(claim_id).verdict == "Mixed"  # rita's stays
    assert any("rita changed it" in text for text in warnings)
    assert stack.index() == at and stack.canUndo()  # the step is still there to try again


def test_a_connection_lost_while_colleagues_write_comes_back_with_their_changes(qtbot, desk_windows, mark,
                                                                              shared_desk):
    rita, alice = desk_windows("rita"), desk_windows("alice")
    import psycopg

    with psycopg.connect(shared_desk.url(desk_windows.name), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                      [rita.library._name])  # every connection of rita's window: the cable, pulled
    qtbot.waitUntil(lambda: rita.desk.offline, timeout=3000)
    mark(alice, "Crime fell 40%")  # alice, meanwhile
    qtbot.waitUntil(lambda: not rita.desk.offline, timeout=10_000)
    qtbot.waitUntil(lambda: claim_quotes(rita) == ["Crime fell 40%"], timeout=3000)
    claim_id = rita.claims_model.claims()[0].id
    rita.controller.set_claim_field(claim_id, "rationale", "Police say 12%.")
    rita.runner.wait_idle()
    assert rita.saved_label.text() == "Saved" and alice.library.claim(claim_id).rationale == "Police say 12%."


def test_no_password_reaches_the_settings_file_or_the_log(qtbot, desk_windows, mark, preferences, caplog):
    caplog.set_level(logging.DEBUG)
    rita = desk_windows("rita")
    mark(rita, "Crime fell 40%")
    rita.controller.set_claim_field(rita.claims_panel.selected_claim_id(), "rationale", "x" * 10)
    alice_approves = rita.library.decide  # a reporter's decision: refused by the server, and logged
    with pytest.raises(Exception):
        alice_approves(rita.claims_panel.selected_claim_id(), "approve", "Fine.", verdict="False")
    rita.runner.wait_idle()
    rita.save_layout()
    preferences.settings.sync()
    stored = Path(preferences.settings.fileName()).read_text(errors="replace")
    assert "rita-pw" not in stored and "rita-pw" not in caplog.text
    assert "rita-pw" not in rita.desk.label.text() + rita.windowTitle()


def test_undoing_a_mark_a_colleague_worked_on_is_refused_and_a_source_edit_over_theirs_too(
        qtbot, desk_windows, mark, warnings):
    from factcheck.core.claims import Source

    alice, rita = desk_windows("alice"), desk_windows("rita")
    mark(alice, "Crime fell 40%")
    claim_id = alice.claims_panel.selected_claim_id()
    qtbot.waitUntil(lambda: rita.claims_model.claim(claim_id) is not None, timeout=2000)
    rita.controller.set_claim_field(claim_id, "verdict", "False")
    rita.runner.wait_idle()
    qtbot.waitUntil(lambda: alice.claims_model.claim(claim_id).verdict == "False", timeout=2000)
    alice.controller.undo()  # alice's mark: rita has rated the claim since
    alice.runner.wait_idle()
    assert alice.library.claim(claim_id).verdict == "False"
    assert any("changed since" in text for text in warnings)
    source = alice.library.add_source(claim_id, Source(title="Police figures"))
    qtbot.waitUntil(lambda: bool(rita.claims_model.claim(claim_id).sources), timeout=2000)
    seen = rita.claims_model.claim(claim_id).sources[0]
    alice.library.update_source(source.id, {"title": "Police figures 2023"})  # alice, meanwhile
    asked = []
    rita.controller.resolve_conflict = lambda conflict: asked.append(conflict) or "theirs"
    rita.controller.edit_source(seen, seen.with_(title="Police"))
    rita.runner.wait_idle()
    assert rita.library.source(source.id).title == "Police figures 2023"  # theirs kept
    assert [(c.field, c.mine, c.theirs, c.changed_by) for c in asked] == [
        ("source", "title: Police", "title: Police figures 2023", "alice")]
    rita.controller.resolve_conflict = lambda conflict: "mine"
    rita.controller.edit_source(seen, seen.with_(title="Police"))
    rita.runner.wait_idle()
    assert rita.library.source(source.id).title == "Police"  # mine, over theirs, knowingly


def test_a_colleagues_change_of_the_articles_rating_scale_is_followed(qtbot, desk_windows):
    alice, rita = desk_windows("alice"), desk_windows("rita")
    article_id = alice.controller.article.id
    other = next(s for s in alice.library.scales() if s.key != alice.claims_model.scale.key)
    alice.controller.set_rating_scale(other.key)
    alice.runner.wait_idle()
    qtbot.waitUntil(lambda: rita.claims_model.scale.key == other.key, timeout=2000)
    assert rita.controller.article.rating_scale == other.key and rita.controller.article.id == article_id
