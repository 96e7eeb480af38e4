"""The Store contract runs once per engine: every engine must pass the same tests.

An engine is one factory, ``open_<engine>(folder, user) -> Store``: it opens the library that
``folder`` names (a new, empty one the first time, the same one when called again with the
same folder) as reviewer ``user``. Adding an engine is writing its factory and naming it in
:data:`ENGINES`; the tests speak to the library through :class:`~factcheck.store.Store` alone.

The PostgreSQL engine runs on the session's throw-away server (``shared_desk`` in
tests/conftest.py): a folder names a database copied from a library made by ``server
init``, and the reviewer is the login of that name (alice, bob, ... are its editors).
Without PostgreSQL installed its half of the suite is skipped, saying why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from factcheck.store import Changes, Store, open_store

EngineFactory = Callable[[Path, str], Store]


def open_sqlite(folder: Path, user: str) -> Store:
    """A library file in ``folder``, opened as the app opens one."""
    return open_store(folder / "library.db", user=user)


def open_postgresql(desk, folder: Path, user: str) -> Store:
    """The shared library whose database is named after ``folder``, opened by login ``user``."""
    name = "lib_" + hashlib.sha1(str(folder).encode()).hexdigest()[:16]
    if not desk.has(name):
        desk.new_library(name)
    return open_store(desk.url(name, user), user=user)


ENGINES: dict[str, EngineFactory] = {
    "sqlite": open_sqlite,
    "postgresql": open_postgresql,  # needs the shared_desk fixture: see libraries()
}


class Libraries:
    """Opens libraries of one engine for a test, each in a folder of its own, and closes them after it."""

    def __init__(self, engine: str, factory: EngineFactory, tmp_path: Path) -> None:
        self.engine = engine
        self._factory = factory
        self._tmp_path = tmp_path
        self._folders = 0
        self._open: list[Store] = []
        self._folder_of: dict[int, Path] = {}

    def new_folder(self) -> Path:
        self._folders += 1
        folder = self._tmp_path / f"library-{self._folders}"
        folder.mkdir()
        return folder

    def open(self, folder: Path | None = None, user: str = "alice") -> Store:
        """The library in ``folder`` (a new, empty library when None), closed after the test."""
        folder = folder or self.new_folder()
        store = self._factory(folder, user)
        self._open.append(store)
        self._folder_of[id(store)] = folder
        return store

    def as_user(self, store: Store, user: str) -> Store:
        """The library ``store`` has open, opened again by reviewer ``user`` (closed after the test)."""
        return self.open(self._folder_of[id(store)], user=user)

    def another(self, store: Store) -> Store:
        """``store.open_another()``, closed after the test."""
        other = store.open_another()
        self._open.append(other)
        return other

    def close(self, store: Store) -> None:
        self._open.remove(store)
        store.close()

    def close_all(self) -> None:
        while self._open:
            self._open.pop().close()


@pytest.fixture(params=list(ENGINES))
def libraries(request, tmp_path) -> Iterator[Libraries]:
    factory = ENGINES[request.param]
    if request.param == "postgresql":
        factory = partial(factory, request.getfixturevalue("shared_desk"))
    opened = Libraries(request.param, factory, tmp_path)
    yield opened
    opened.close_all()


@pytest.fixture
def store(libraries) -> Store:
    """A new, empty library opened by reviewer "alice"."""
    return libraries.open()


@pytest.fixture
def notices(store) -> list[Changes]:
    """Every change notice ``store`` announces during the test, in order."""
    heard: list[Changes] = []
    store.subscribe(heard.append)
    return heard
