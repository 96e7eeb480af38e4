"""Reports and the history name reviewers as they chose to be named, never by login name."""

from __future__ import annotations

import getpass
import types

from PySide6.QtWidgets import QInputDialog

from factcheck import accounts
from factcheck.cli import default_user
from factcheck.ui import app


def history_names(window) -> set[str]:
    return {row["changed_by"] for row in window.library.history(window.controller.article.id)}


def test_the_first_launch_asks_for_a_name_prefilled_with_the_accounts_full_name(window, mark, monkeypatch):
    window.preferences.set_reviewer_name("")
    window.apply_reviewer_name()
    offered = []
    monkeypatch.setattr(accounts, "account_full_name", lambda: "Dana Reyes")
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda parent, title, label, echo, text: offered.append(text) or ("Dana R.", True))

    assert app.ask_reviewer_name(window)

    assert offered == ["Dana Reyes"] and window.preferences.reviewer_name == "Dana R."
    claim_id = mark(window, "Donald Trump")
    assert window.claims_model.claim(claim_id).reviewer == "Dana R."
    assert window.controller.set_claim_field(claim_id, "verdict", "False")
    window.runner.wait_idle()
    rows = [r for r in window.library.history(window.controller.article.id) if r["claim_id"] == claim_id]
    assert rows and {r["changed_by"] for r in rows} == {"Dana R."}


def test_without_a_name_no_login_name_reaches_a_claim_or_the_history(window, mark, monkeypatch):
    window.preferences.set_reviewer_name("")
    window.apply_reviewer_name()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("", False))
    assert not app.ask_reviewer_name(window)
    assert "Preferences" in window.statusBar().currentMessage()
    claim_id = mark(window, "Donald Trump")
    assert window.claims_model.claim(claim_id).reviewer == ""
    assert getpass.getuser() not in history_names(window) - {""}


def test_commands_name_the_reviewer_from_preferences_or_no_one(tmp_path, monkeypatch):
    settings = tmp_path / "settings.ini"
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(settings))
    assert default_user() == ""  # not the login name
    settings.write_text("[preferences]\nreviewer_name=Sam Ortiz\n", encoding="utf-8")
    assert default_user() == "Sam Ortiz"


def test_the_accounts_full_name_comes_from_its_gecos_field(monkeypatch):
    import pwd

    entry = types.SimpleNamespace(pw_gecos="Dana Reyes,Room 4,555-0100,,")
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: entry)
    assert accounts.account_full_name() == "Dana Reyes"
    entry.pw_gecos = "root"
    assert accounts.account_full_name() == ""  # a system account's label is not a name
