"""A reviewer renamed in Preferences: the look-ups on the workers' own handles read as the new name."""

from __future__ import annotations

from test_checked_before import NEW_QUOTE, desk, listed, open_at, settle  # noqa: F401 (desk: a fixture)

from factcheck.store import SQLiteStore
from factcheck.ui.search_window import SearchWindow

RATED = ("library", "5G masts spread the coronavirus")


def renamed(window, name: str) -> None:
    """Preferences… with another reviewer name, as the dialog's OK does."""
    window.preferences.set_reviewer_name(name)
    window.apply_reviewer_name()


def test_a_claim_blind_for_the_new_name_is_neither_listed_nor_looked_up(qtbot, open_app, desk, mark, library_path,
                                                                        monkeypatch):
    store = SQLiteStore.open(library_path, user="alice")
    store.request_opinions(desk["rated"].id, ["bob"])  # bob owes a blind opinion on the rated claim
    store.close()
    asked = []
    similar = SQLiteStore.similar
    monkeypatch.setattr(SQLiteStore, "similar",
                        lambda self, text, **kw: asked.append(text) or similar(self, text, **kw))
    window = open_app()
    open_at(qtbot, window, mark, desk["new"], NEW_QUOTE)
    panel = window.claim_tabs.show_checked_before()
    assert RATED in listed(panel)  # the tester owes none: its verdict is theirs to see
    renamed(window, "bob")
    settle(qtbot, window)
    assert RATED not in listed(panel) and listed(panel)  # looked up again, as bob
    window.open_article(desk["rated"].article_id)
    asked.clear()
    window.claims_panel.select_claim(desk["rated"].id)
    settle(qtbot, window)
    assert panel.empty.heading.text() == "Your second opinion comes first"
    assert window.claims_model.claim(desk["rated"].id).verdict is None  # the table hides it too
    assert asked == []


def test_the_search_windows_searches_run_under_the_new_name(qtbot, open_app, monkeypatch):
    users = []
    search = SQLiteStore.search
    monkeypatch.setattr(SQLiteStore, "search", lambda self, text, **kw: users.append(self.user) or search(self, text,
                                                                                                         **kw))
    window = open_app()
    window.search_action.trigger()
    found = window.findChild(SearchWindow, "searchWindow")
    found.box.setText("council")
    qtbot.waitUntil(lambda: found.is_idle() and bool(users), timeout=10_000)
    renamed(window, "bob")
    found.box.setText("masts")
    qtbot.waitUntil(lambda: found.is_idle() and len(users) == 2, timeout=10_000)
    assert users == ["tester", "bob"]
