"""Shared test settings: headless Qt, deterministic Hypothesis, temporary settings and libraries."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("factcheck", derandomize=True, deadline=None, database=None)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "factcheck"))


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path, monkeypatch):
    """No test reads or writes the real user's library or settings."""
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "default-library.db"))
    monkeypatch.setenv("FACTCHECK_SETTINGS", str(tmp_path / "default-settings.ini"))
