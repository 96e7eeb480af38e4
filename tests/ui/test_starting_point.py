"""Use as Starting Point while edits are still being saved (the store's writes slowed as by a server round trip)."""

from __future__ import annotations

import time

from test_checked_before import NEW_QUOTE, choose, desk, open_at  # noqa: F401 (desk: a fixture)

from factcheck.core.claims import Source
from factcheck.store import SQLiteStore
from factcheck.ui import commands

ROUND_TRIP_S = 0.3


def slowed(monkeypatch, command: type, name: str = "apply") -> None:
    """``command``'s ``name`` (apply or revert) takes a server's round trip (on the worker)."""
    step = getattr(command, name)

    def slow(self, store):
        time.sleep(ROUND_TRIP_S)
        return step(self, store)

    monkeypatch.setattr(command, name, slow)


def test_use_pressed_twice_while_the_first_is_saved_is_one_step(qtbot, open_app, desk, mark, warnings, monkeypatch):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    before = window.controller.stack.count()
    slowed(monkeypatch, commands.StartingPointCommand)
    assert panel.use_as_starting_point()
    assert not panel.use_button.isEnabled()  # while it is being saved
    assert not panel.use_as_starting_point()  # a double click: the second press makes nothing
    window.runner.wait_idle()
    assert warnings == []
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.rationale, len(stored.sources)) == ("False", "Radio waves do not carry viruses.", 1)
    assert window.controller.stack.count() == before + 1
    assert panel.use_button.isEnabled()  # saved: usable again


def test_a_verdict_set_right_after_use_is_the_reviewers_with_no_conflict(
        qtbot, open_app, desk, mark, warnings, monkeypatch):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    slowed(monkeypatch, commands.StartingPointCommand)
    asked = []
    window.controller.resolve_conflict = lambda conflict: asked.append(conflict) or "theirs"
    panel.use_as_starting_point()
    assert window.controller.set_claim_field(claim_id, "verdict", "Mostly True")  # before Use is saved
    window.runner.wait_idle()
    assert asked == [] and warnings == []
    assert window.library.claim(claim_id).verdict == "Mostly True"
    window.controller.undo()  # the verdict set, then the starting point: each undone in turn
    window.runner.wait_idle()
    assert window.library.claim(claim_id).verdict == "False"
    window.controller.undo()
    window.runner.wait_idle()
    assert (window.library.claim(claim_id).verdict, window.library.claim(claim_id).sources) == (None, ())


def test_use_right_after_an_undo_still_being_saved_starts_from_what_the_undo_put_back(
        qtbot, open_app, desk, mark, warnings, monkeypatch):
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    window.controller.set_claim_field(claim_id, "rationale", "My notes.")
    window.runner.wait_idle()
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    slowed(monkeypatch, commands.SetClaimFieldCommand, "revert")
    window.controller.undo()  # the notes go; the table still shows them until the undo is saved
    assert window.controller.use_as_starting_point(claim_id, panel.selected_hit())
    window.runner.wait_idle()
    assert warnings == []
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.rationale) == ("False", "Radio waves do not carry viruses.")
    window.controller.undo()
    window.runner.wait_idle()
    assert (window.library.claim(claim_id).verdict, window.library.claim(claim_id).rationale) == (None, "")


def test_a_source_the_claim_has_is_not_copied_again_and_the_status_bar_says_what_was(
        qtbot, open_app, desk, mark, library_path):
    store = SQLiteStore.open(library_path, user="alice")
    rated = desk["rated"].id
    store.add_source(rated, Source(title="Interview with an engineer", publisher="Evening Star"))  # no address
    store.add_source(rated, Source(url="https://www.who.int/mythbusters", title="WHO: 5G myths"))  # listed twice
    store.close()
    window = open_app()
    claim_id = open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    choose(panel, "library", "5G masts spread the coronavirus")
    panel.use_as_starting_point()
    window.runner.wait_idle()
    assert [(s.url, s.title) for s in window.library.claim(claim_id).sources] == [
        ("https://www.who.int/mythbusters", "WHO mythbusters"), ("", "Interview with an engineer")]
    assert window.statusBar().currentMessage() == ("Copied the verdict “False”, the rationale and 2 sources. "
                                                   "1 source the claim has already was left out.")
    steps = window.controller.stack.count()
    panel.use_as_starting_point()  # again: nothing is new
    window.runner.wait_idle()
    assert len(window.library.claim(claim_id).sources) == 2
    assert window.statusBar().currentMessage() == ("Nothing new to copy from the match. "
                                                   "3 sources the claim has already were left out.")
    assert window.controller.stack.count() == steps  # no step that would undo nothing
