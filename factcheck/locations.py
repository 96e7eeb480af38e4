"""Where factcheck keeps the library by default, and whether a location names a shared one.

platformdirs is imported only when a default is wanted: a start that names its library
(``--db``, ``$FACTCHECK_DB``, ``$FACTCHECK_SETTINGS``) does without it (bench/cold_start.py).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "factcheck"
DB_ENV = "FACTCHECK_DB"


def is_shared(location) -> bool:
    """Whether ``location`` names a shared library on a server (a ``postgresql://`` URL), not a file.

    Here, not in :mod:`factcheck.store`, so that reading the command line loads no store.
    """
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def default_library_path() -> Path:
    """``$FACTCHECK_DB`` if set, else ``library.db`` in the user's data directory."""
    chosen = os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"


SETTINGS_ENV = "FACTCHECK_SETTINGS"


def settings_path() -> Path:
    """``$FACTCHECK_SETTINGS`` if set, else ``factcheck.ini`` in the user's configuration directory.

    The window keeps its preferences there (through QSettings, in INI format) and
    the command line reads the same file, so both publish under one organisation.
    """
    chosen = os.environ.get(SETTINGS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "factcheck.ini"
