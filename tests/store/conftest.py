"""Fixtures of the SQLite engine's own tests: a library file in a temporary folder."""

import pytest

from factcheck.store import SQLiteStore


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "library.db"


@pytest.fixture
def library(db_path):
    """The library at ``db_path``, open as alice, closed after the test."""
    lib = SQLiteStore.open(db_path, user="alice")
    yield lib
    lib.close()
