"""Imports run off the UI thread, with progress, and can be cancelled, even inside a long file.

The worker opens its own connection to the library (a SQLite connection belongs
to the thread that opened it) and imports each file, folder entry or URL (an article,
a bundle, or a file or page of published fact-checks) whole or not at all: a cancel stops before the next one, or while a long Word document
or saved page is being read (that file then imports nothing), and everything
imported before it stays, complete.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal

from factcheck.io import BadInput
from factcheck.operations import ImportFailure, import_many, import_text
from factcheck.store import LibraryError, Store

log = logging.getLogger(__name__)


class ImportSignals(QObject):
    progress = Signal(int, int, str)
    """Done, total, and the file or URL being imported."""
    finished = Signal(object, object, bool)
    """The ImportResults and PublishedImportResults, the ImportFailures, and whether the user cancelled."""


class ImportJob(QRunnable):
    def __init__(self, opener: Callable[[], Store], sources: list, rating_scale: str | None, user: str = "",
                 pasted: tuple[str, str | None] | None = None, max_bytes: int = 20_000_000,
                 where: str = "the library") -> None:
        """Import ``sources`` (paths and URLs), or ``pasted`` (plain text, HTML) when given.

        ``opener`` gives the job its own handle on the library, on the job's thread;
        ``where`` names the library in a failure.
        """
        super().__init__()
        self.opener = opener
        self.where = where
        self.sources = list(sources)
        self.pasted = pasted
        self.rating_scale = rating_scale
        self.user = user
        self.max_bytes = max_bytes
        self.signals = ImportSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        results, failures = [], []
        try:
            library = self.opener()
            library.user = self.user or library.user
        except LibraryError as error:
            self.signals.finished.emit([], [ImportFailure(self.where, str(error))], False)
            return
        try:
            if self.pasted is not None:
                self.signals.progress.emit(0, 1, "the pasted text")
                try:
                    results.append(import_text(library, self.pasted[0], self.pasted[1], self.rating_scale))
                except BadInput as error:
                    failures.append(ImportFailure("the pasted text", str(error)))
            else:
                results, failures = import_many(
                    library, self.sources, self.rating_scale,
                    progress=lambda done, total, source: self.signals.progress.emit(done, total, source),
                    cancelled=self._cancel.is_set, max_bytes=self.max_bytes)
        except LibraryError as error:
            failures.append(ImportFailure(self.where, str(error)))
        except Exception:  # a bug: keep the traceback; what was imported so far stays
            log.exception("import failed")
            failures.append(ImportFailure("the import", "An unexpected error stopped the import; "
                                                         "what was imported before it is kept."))
        finally:
            library.close()
        self.signals.finished.emit(results, failures, self._cancel.is_set())
