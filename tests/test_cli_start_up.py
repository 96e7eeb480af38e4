"""What ``factcheck`` loads before its window's first paint (issue 10: bench/cold_start.py).

Each check runs in a fresh interpreter: what a module imports is only visible the
first time it is imported.
"""

import os
import subprocess
import sys
import textwrap

from factcheck.operations import ensure_seed_article
from factcheck.store import open_store

HEAVY = {"sqlite_utils", "trafilatura", "docx", "lxml", "PySide6", "shiboken6", "factcheck.store",
         "factcheck.api", "factcheck.operations", "factcheck.ui"}

START_WINDOW = textwrap.dedent(
    """
    import gc
    import sys
    from importlib.machinery import PathFinder

    seen = {}


    class QtWidgetsFinder:
        # When factcheck imports Qt's widgets: note what is loaded by then, and make
        # QApplication.exec return at once (the window is built and shown, then closes).
        def find_spec(self, name, path, target=None):
            if name != "PySide6.QtWidgets":
                return None
            sys.meta_path.remove(self)
            seen["before_qt"] = "sqlite_utils" in sys.modules
            spec = PathFinder.find_spec(name, path, target)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                module.QApplication.exec = lambda *args: 0

            spec.loader.exec_module = exec_module
            return spec


    sys.meta_path.insert(0, QtWidgetsFinder())
    from factcheck.cli import main

    assert main(["--db", sys.argv[1]]) == 0
    print(seen["before_qt"], "sqlite_utils" in sys.modules, gc.get_freeze_count() > 0, gc.isenabled())
    later = ("factcheck.core.workflow", "factcheck.cli_review", "factcheck.cli_server", "factcheck.ui.review_panel",
             "factcheck.core.search_query", "factcheck.ui.claims_view", "factcheck.ui.claims_view_model",
             "factcheck.io.claims_csv", "factcheck.ui.find_bar", "factcheck.ui.date_field",
             "factcheck.ui.revision_check", "factcheck.ui.revision_panel", "factcheck.ui.revision_commands",
             "factcheck.operations_revisions", "factcheck.ui.suggestion_controller", "factcheck.operations_suggestions",
             "factcheck.core.checkworthy", "factcheck.core.attribution", "factcheck.ui.import_worker", "html",
             "factcheck.ui.sources_model", "factcheck.core.revisions")
    # nor the API's Library, the operations, the readers, the seed's import or a new file's schema statements: a
    # window's first library is copied with the seed in it (factcheck/store/first_library.py), and hashes nothing
    later += ("factcheck.api", "factcheck.operations", "factcheck.operations_add", "factcheck.operations_bundle",
              "factcheck.io.import_sources", "factcheck.io.article_readers", "factcheck.io.text_files",
              "factcheck.store.new_schema", "hashlib")
    # PySide makes a class the first time it is used (some 0.3-1 ms each): those of an import, of the claim
    # editor's form or of a wait are not made for the first paint. A PySide that makes them all up front
    # (QJsonDocument, which factcheck never uses, is there) has nothing to check.
    from PySide6 import QtCore, QtWidgets
    classes = [] if "QJsonDocument" in vars(QtCore) else [
        f"{module.__name__}.{name}" for module, names in (
            (QtCore, ("QThread", "QUrl", "QEventLoop", "QStringListModel", "QMimeData")),
            (QtWidgets, ("QCompleter", "QFormLayout"))) for name in names if name in vars(module)]
    print(",".join([name for name in later if name in sys.modules] + classes) or "-")
    feature = sys.modules["shibokensupport.feature"].pyside_feature_dict
    print(feature.get("factcheck.ui.main_window"), feature.get("factcheck.store.sqlite_store"), feature.get("json"))
    """
)


def python(code: str, *args: str, cwd, env: dict | None = None) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                            cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_the_command_line_loads_neither_the_library_nor_qt_nor_the_readers(tmp_path):
    loaded = set(python("import sys, factcheck.cli; print(' '.join(sys.modules))", cwd=tmp_path).split())
    assert sorted(name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY)) == []


def test_reading_the_windows_command_line_loads_no_library(tmp_path):
    # the store is loaded by open_window, with collection off (issue 10), not while the arguments are read
    code = ("import sys\nfrom factcheck.cli import parse_arguments\n"
            "args = parse_arguments(['--db', sys.argv[1]])\nprint(args.command, 'factcheck.store' in sys.modules)")
    assert python(code, str(tmp_path / "library.db"), cwd=tmp_path).split() == ["None", "False"]


def test_a_command_loads_no_qt(tmp_path):
    db = tmp_path / "library.db"
    open_store(db).close()
    code = "import sys\nfrom factcheck.cli import main\nassert main(['--db', sys.argv[1], 'list']) == 0\n" \
           "print('PySide6' in sys.modules)"
    assert python(code, str(db), cwd=tmp_path).split()[-1] == "False"


def start_window(db, tmp_path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FACTCHECK_SETTINGS=str(tmp_path / "settings.ini"),
               FACTCHECK_LOG="ERROR")
    env.pop("FACTCHECK_DB", None)
    return python(START_WINDOW, str(db), cwd=tmp_path, env=env).split()


def test_a_first_launch_needs_no_sqlite_utils_either(tmp_path):
    # a new library's schema is built on the plain connection (factcheck/store/migrations.py)
    before_qt, loaded, frozen, collecting, later, *_ = start_window(tmp_path / "new.db", tmp_path)
    assert (before_qt, loaded) == ("False", "False")
    assert (frozen, collecting) == ("True", "True")  # start-up's objects set aside, collection back on
    assert later == "-"  # nor the search's query language (a new library's index needs none of it)


def test_an_up_to_date_library_opens_without_sqlite_utils(tmp_path):
    db = tmp_path / "library.db"
    open_store(db).close()
    before_qt, loaded, frozen, collecting, *_ = start_window(db, tmp_path)
    assert (before_qt, loaded) == ("False", "False")
    assert (frozen, collecting) == ("True", "True")


def test_the_window_starts_without_the_review_tabs_or_the_commands_and_tells_pyside_its_modules(tmp_path):
    db = tmp_path / "library.db"
    library = open_store(db)
    ensure_seed_article(library)  # as a first launch left it: the next starts without the importing
    library.close()
    *_, later, window, store, json = start_window(db, tmp_path)
    # loaded when a review tab, a review command or a workflow record is first wanted; the find bar when first
    # opened; the claim editor's form (and its date field, its sources' model) just after the first paint, no
    # claim being selected; the import worker (and html, for its messages) with the first import
    assert later == "-"
    # PySide reads no source of ours, nor of the standard library's, to look for __feature__ (factcheck/ui/__init__.py)
    assert (window, store, json) == ("0", "-1", "-1")
