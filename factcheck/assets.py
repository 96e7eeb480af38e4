"""Files that ship with factcheck: ``resources/`` and ``seeds/`` at the project's top.

An installed wheel carries them as the packages ``factcheck.resources`` and
``factcheck.seeds`` (mapped in ``pyproject.toml``). When factcheck runs from a
source checkout without being installed, the folders beside the package are
used instead. Either way the location is found from the package itself, never
from the working directory.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _folder(package: str, checkout_name: str) -> Traversable:
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        return _CHECKOUT / checkout_name


def resource(*parts: str) -> Traversable:
    """A file or folder under ``resources/``."""
    node = _folder("factcheck.resources", "resources")
    for part in parts:
        node = node / part
    return node


def seed_article() -> Traversable:
    """The article a new user sees on first launch."""
    folder = _folder("factcheck.seeds", "seeds")
    return next(f for f in folder.iterdir() if f.name.endswith(".txt"))
