"""The window: the only package that imports PySide6."""

import os
import sys

import PySide6.QtCore  # noqa: F401  (first of all: it sets up shibokensupport, which _known_to_pyside fills)


def _known_to_pyside() -> None:
    """Tell PySide up front which modules use it, sparing it their sources (some 8 ms at start).

    For ``from __feature__ import …`` (PYSIDE-2029), PySide's import hook reads the source of
    each module named in an import after Qt's (``inspect.getsource``) to see whether it names
    PySide6. factcheck uses no feature, and knows the answer for its own modules (its ``ui``
    modules do, the others do not) and for Python's standard library (never). Other
    packages are left to PySide, as is a PySide without that table.
    """
    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    root = os.path.dirname(os.path.dirname(__file__))
    for folder, package in ((root, "factcheck"), *((os.path.join(root, p), f"factcheck.{p}")
                                                   for p in ("core", "io", "store", "ui"))):
        table.setdefault(package, 0 if package == "factcheck.ui" else -1)
        for entry in os.scandir(folder):
            if entry.name.endswith(".py") and entry.name != "__init__.py":
                table.setdefault(f"{package}.{entry.name[:-3]}", 0 if package == "factcheck.ui" else -1)
    standard = sys.stdlib_module_names
    for name in (*standard, *(n for n in list(sys.modules) if n.partition(".")[0] in standard)):
        table.setdefault(name, -1)


_known_to_pyside()
