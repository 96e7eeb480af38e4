"""Where factcheck keeps the library by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "factcheck"
DB_ENV = "FACTCHECK_DB"


def default_library_path() -> Path:
    """``$FACTCHECK_DB`` if set, else ``library.db`` in the user's data directory."""
    chosen = os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"
