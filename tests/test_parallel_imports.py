"""Eight first imports at once into a new library all succeed (issue 9: five failed "busy" at once)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def test_eight_parallel_first_imports_into_a_new_library_all_succeed(tmp_path):
    library = tmp_path / "new" / "library.db"
    env = dict(os.environ, FACTCHECK_SETTINGS=str(tmp_path / "settings.ini"), FACTCHECK_BUSY_TIMEOUT_MS="60000")
    children = []
    for n in range(8):
        story = tmp_path / f"story-{n}.txt"
        story.write_text(f"Story {n} about the council\n\nThe council voted {n} times on Tuesday about the lanes.\n",
                         encoding="utf-8")
        children.append(subprocess.Popen([sys.executable, "-m", "factcheck", "--db", str(library), "import",
                                          str(story)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True))
    results = [(child.wait(120), *child.communicate()) for child in children]
    assert [(status, err) for status, _out, err in results if status != 0] == []
    conn = sqlite3.connect(library)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (8,)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
