"""Write ``factcheck/store/first_library.sqlite.gz``: the library a window's first launch copies.

    .venv/bin/python tools/first_library.py

A library made as a first launch made it before the recording (a new file's schema, step by
step, then the seed article imported, by a reviewer with no name yet), closed, its times set to
``STAMP`` (a launch copying it makes them its own), compacted (VACUUM) and gzipped without a time
in its header, so that writing it again from the same code gives the same bytes. Run it after adding a schema step or changing the seed article:
tests/store/test_first_library.py fails until then. See :mod:`factcheck.store.first_library`.
"""

from __future__ import annotations

import gzip
import sqlite3
import sys
import tempfile
from pathlib import Path

from factcheck.operations_add import ensure_seed_article
from factcheck.store import SQLiteStore
from factcheck.store.first_library import RECORDING, STAMP


def first_library_bytes() -> bytes:
    """The file of a library made the long way: schema, then the seed article; closed and compacted."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.db"
        library = SQLiteStore.open(path)
        try:
            ensure_seed_article(library)
        finally:
            library.close()
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("UPDATE articles SET imported_at = ?", [STAMP])
            conn.execute("UPDATE history SET changed_at = ?", [STAMP])
            conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", [STAMP])
            conn.execute("VACUUM")
        finally:
            conn.close()  # the last connection: its log is written back and removed
        return path.read_bytes()


def main() -> int:
    RECORDING.write_bytes(gzip.compress(first_library_bytes(), compresslevel=9, mtime=0))
    print(f"wrote {RECORDING} ({RECORDING.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
