"""Files that ship with factcheck: ``resources/`` and ``seeds/`` at the project's top.

An installed wheel carries them as the packages ``factcheck.resources`` and
``factcheck.seeds`` (mapped in ``pyproject.toml``). When factcheck runs from a
source checkout without being installed, the folders beside the package are
used instead. Either way the location is found from the package itself, never
from the working directory.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

_CHECKOUT = Path(__file__).resolve().parent.parent


def _folder(package: str, checkout_name: str) -> Traversable:
    # The package's folder as its spec names it (a wheel's, or an editable install's mapping): a folder on
    # disk, as factcheck is never imported from a zip. importlib.resources would answer the same, after
    # loading tempfile, zipfile, shutil and random before the window's first paint (~3 ms).
    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        spec = None
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    return Path(locations[0]) if locations else _CHECKOUT / checkout_name


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
