"""Fixtures for window tests: a real library file, settings in a temporary .ini, no modal dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from factcheck.store import SQLiteStore
from factcheck.ui.app import create_application, open_window
from factcheck.ui.settings import Preferences


@pytest.fixture(autouse=True)
def no_unexpected_input_dialogs(monkeypatch):
    """A QInputDialog or question a test did not answer fails the test at once, instead of waiting forever for a user."""
    from PySide6.QtWidgets import QInputDialog

    def unexpected(name):
        def ask(*args, **kwargs):
            raise AssertionError(f"an unexpected QInputDialog.{name} was opened: {args[1:3]!r}")
        return ask

    for name in ("getText", "getItem", "getMultiLineText", "getInt", "getDouble"):
        monkeypatch.setattr(QInputDialog, name, unexpected(name))
    from PySide6.QtWidgets import QMessageBox

    for name in ("question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected(f"QMessageBox.{name}"))


@pytest.fixture
def warnings(monkeypatch):
    """Every QMessageBox.warning the window would show, instead of showing it."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def preferences(tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    prefs.update(reviewer_name="tester", organisation_name="The Daily Check",
                 organisation_url="https://check.example", default_scale="newsroom")
    return prefs


@pytest.fixture
def library_path(tmp_path):
    return tmp_path / "library.db"


@pytest.fixture
def open_app(qtbot, qapp, library_path, preferences, warnings):
    """Open a window on the library file, as `factcheck --db FILE` does; returns a factory."""
    create_application()
    opened = []

    def factory(path=library_path):
        library = SQLiteStore.open(path, user="tester")
        window = open_window(library, preferences)
        qtbot.addWidget(window)
        window.resize(1400, 860)
        window.show()
        opened.append((window, library))
        return window

    yield factory
    for window, library in opened:
        window.close()
        library.close()


@pytest.fixture
def window(open_app):
    return open_app()


@pytest.fixture
def mark():
    """mark(window, quote): select ``quote`` in the article and press Mark; returns the claim id."""

    def select_and_mark(window, quote: str, occurrence: int = 0) -> int:
        text = window.controller.article.text
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(quote, start + 1)
        window.article_panel.view.select_span(start, start + len(quote))
        window.mark_action.trigger()
        window.runner.wait_idle()  # the claim is written off the UI thread, then shown
        return window.claims_panel.selected_claim_id()

    return select_and_mark
