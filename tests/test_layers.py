"""The architecture rules: only factcheck.ui may use Qt, and layers point one way."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path


PROJECT = Path(__file__).resolve().parent.parent  # the checkout, wherever factcheck is installed

BLOCK_QT_AND_IMPORT = textwrap.dedent(
    """
    import importlib
    import pkgutil
    import sys

    # A missing Qt: any "import PySide6" now raises ImportError.
    sys.modules["PySide6"] = None
    sys.modules["shiboken6"] = None

    import factcheck.core
    import factcheck.io

    names = ["factcheck", "factcheck.assets", "factcheck.locations", "factcheck.store",
             "factcheck.store.sqlite_store", "factcheck.store.migrations", "factcheck.store.errors",
             "factcheck.store.postgres_store", "factcheck.store.postgres_admin", "factcheck.store.postgres_feed",
             "factcheck.operations", "factcheck.api", "factcheck.cli", "factcheck.cli_server", "factcheck.cli_review"]
    for package in (factcheck.core, factcheck.io):
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    for name in names:
        importlib.import_module(name)
        print("imported", name)

    # The command line works without Qt too.
    from factcheck.cli import main
    from factcheck.store import SQLiteStore
    SQLiteStore.open(sys.argv[1]).close()
    assert main(["--db", sys.argv[1], "list"]) == 0
    assert sys.modules["PySide6"] is None
    """
)


def test_core_store_io_operations_and_cli_import_without_qt(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT, str(tmp_path / "lib.db")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("imported ")}
    assert {"factcheck.core.anchors", "factcheck.core.articles", "factcheck.core.claims",
            "factcheck.core.rating_scales", "factcheck.io.bundle", "factcheck.io.text_files",
            "factcheck.store", "factcheck.operations", "factcheck.cli"} <= imported


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = [str(lint_imports)] if lint_imports.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(
        [*command, "--no-cache"], capture_output=True, text=True, timeout=120, cwd=PROJECT,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Nothing but ui reaches Qt, not even through another module KEPT" in output
    assert "The command line uses Qt only through ui (to open the window, to draw a PDF) KEPT" in output
    assert "Layers point one way: cli -> ui -> api/operations -> store/io -> core KEPT" in output
    assert "0 broken" in output
