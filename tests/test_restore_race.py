"""restore racing imports (issue 9, point 1): every import that reported success survives somewhere whole.

A restore replaces the library with a backup and keeps the replaced file beside it
(``library.db.before-restore-…``): an import acknowledged before a restore is in that kept
file, one acknowledged after it is in the library. Before the library lock, a writer that
opened between the restore's checks and its swap wrote into the replaced file while its
``-wal`` sat beside the restored one: imports were lost and the library damaged.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factcheck.core.articles import Article
from factcheck.store import SQLiteStore
from factcheck.store.backups import make_backup

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")

IMPORTER = textwrap.dedent("""
    import contextlib, io, json, sys
    from pathlib import Path
    from factcheck.cli import main
    library, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    for n in range(count):
        path = folder / f"story-{n}.txt"
        path.write_text(f"Story number {n} of the race\\n\\nThe council voted {n} times on Tuesday about it.",
                        encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(["--db", library, "import", str(path)])
        if status == 0:
            print(json.dumps(out.getvalue().split("\\t", 1)[1].strip()), flush=True)
        (folder / "started").touch()  # the restorer begins once imports are under way
""")

RESTORER = textwrap.dedent("""
    import contextlib, io, sys, time
    from pathlib import Path
    from factcheck.cli import main
    library, backup, count, started = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not started.exists():  # overlap the imports, not run before them
        time.sleep(0.01)
    done = 0
    with contextlib.redirect_stdout(io.StringIO()):
        for _ in range(count):
            done += main(["--db", library, "restore", backup]) == 0
            time.sleep(0.05)  # spread over the importer's run; the lock, not luck, keeps them apart
    print(done, flush=True)
""")


def titles_in(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path
        return {title for (title,) in conn.execute("SELECT title FROM articles")}
    finally:
        conn.close()


def race(tmp_path: Path, imports: int, restores: int) -> None:
    library_path = tmp_path / "library.db"
    library = SQLiteStore.open(library_path)
    library.add_article(Article(title="Before the race", text="The first story, before any restore."))
    library.close()
    backup = make_backup(library_path).path
    folder = tmp_path / "stories"
    folder.mkdir()
    env = dict(os.environ, FACTCHECK_BUSY_TIMEOUT_MS="60000", FACTCHECK_SETTINGS=str(tmp_path / "s.ini"))
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(library_path), str(folder), str(imports)],
                                stdout=subprocess.PIPE, text=True, env=env)
    restorer = subprocess.Popen([sys.executable, "-c", RESTORER, str(library_path), str(backup), str(restores),
                                 str(folder / "started")],
                                stdout=subprocess.PIPE, text=True, env=env)
    acknowledged = [json.loads(line) for line in importer.stdout]
    assert importer.wait(600) == 0 and restorer.wait(600) == 0
    assert int(restorer.stdout.read()) == restores  # every restore went through (none refused as busy)
    importer.stdout.close()
    restorer.stdout.close()

    kept = [library_path, *library_path.parent.glob("library.db.before-restore-*")]
    found = set().union(*(titles_in(path) for path in kept if not path.name.endswith(("-wal", "-shm"))))
    assert len(acknowledged) == imports
    assert [t for t in acknowledged if t not in found] == []


def test_restores_racing_imports_lose_no_acknowledged_import(tmp_path):
    race(tmp_path, imports=20, restores=5)


@pytest.mark.soak
def test_hundreds_of_restores_racing_a_fast_importer(tmp_path):
    race(tmp_path, imports=600, restores=200)
