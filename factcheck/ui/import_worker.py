"""Imports run off the UI thread, with progress, and can be cancelled, even inside a long file.

The worker opens its own connection to the library (a SQLite connection belongs
to the thread that opened it) and imports each file, folder entry or URL (an article,
a bundle, or a file or page of published fact-checks) whole or not at all: a cancel stops before the next one, or while a long Word document
or saved page is being read (that file then imports nothing), and everything
imported before it stays, complete.

Two kinds of source are read here and stored later, by the window, which asks or
makes an undoable step of them: files of W3C Web Annotations, placed on an article
(:attr:`ImportJob.annotations`), and, when :attr:`ImportJob.offer_revisions`, an
article that looks like a new version of one the library holds
(:attr:`ImportJob.revisions`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from factcheck.core.articles import ImportedArticle
from factcheck.io import BadInput
from factcheck.operations import ImportFailure, import_many, import_text
from factcheck.store import LibraryError, Store

log = logging.getLogger(__name__)

MAX_OFFERED = 20
"""Sources of an import (named one by one) beyond which no article is offered as a new revision."""


class ImportSignals(QObject):
    progress = Signal(int, int, str)
    """Done, total, and the file or URL being imported."""
    finished = Signal(object, object, bool)
    """The ImportResults and PublishedImportResults, the ImportFailures, and whether the user cancelled."""


@dataclass(frozen=True)
class RevisionOffer:
    """An article read that is probably a new version of one the library holds: the window asks which."""

    source: str
    """The file or address it was read from (the new revision's origin)."""
    imported: ImportedArticle
    target: int
    """The article it looks like a new version of."""


class ImportJob(QRunnable):
    def __init__(self, opener: Callable[[], Store], sources: list, rating_scale: str | None, user: str = "",
                 pasted: tuple[str, str | None] | None = None, max_bytes: int = 20_000_000,
                 where: str = "the library", *, annotate: int | None = None, find_annotations: bool = False,
                 annotations_only: bool = False, offer_revisions: bool = False) -> None:
        """Import ``sources`` (paths and URLs), or ``pasted`` (plain text, HTML) when given.

        ``opener`` gives the job its own handle on the library, on the job's thread;
        ``where`` names the library in a failure. With ``find_annotations`` a file of Web
        Annotations is read for the article ``annotate`` (none: a failure that says to open
        the article first); with ``annotations_only`` every source must be one. Without, the
        import refuses such a file, saying to name the article. ``offer_revisions`` keeps an
        article that looks like a new version of one in the library out of it, for the
        window to ask about (up to :data:`MAX_OFFERED` files or addresses; not a folder's).
        """
        super().__init__()
        self.opener = opener
        self.where = where
        self.sources = list(sources)
        self.pasted = pasted
        self.rating_scale = rating_scale
        self.user = user
        self.max_bytes = max_bytes
        self.annotate = annotate
        self.find_annotations = find_annotations or annotations_only
        self.annotations_only = annotations_only
        self.offer_revisions = offer_revisions
        self.annotations: list = []
        """Each Web Annotation file read (an AnnotationFile), to be placed on :attr:`annotate`."""
        self.revisions: list[RevisionOffer] = []
        """Articles read and not stored: probably new versions of ones the library holds."""
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
                sources = self._read_annotations(failures) if self.find_annotations else self.sources
                results, more = import_many(
                    library, sources, self.rating_scale,
                    progress=lambda done, total, source: self.signals.progress.emit(done, total, source),
                    cancelled=self._cancel.is_set, max_bytes=self.max_bytes,
                    hold=self._offer(library) if self._offers_revisions() else None)
                failures += more
        except LibraryError as error:
            failures.append(ImportFailure(self.where, str(error)))
        except Exception:  # a bug: keep the traceback; what was imported so far stays
            log.exception("import failed")
            failures.append(ImportFailure("the import", "An unexpected error stopped the import; "
                                                         "what was imported before it is kept."))
        finally:
            library.close()
        self.signals.finished.emit(results, failures, self._cancel.is_set())

    def _read_annotations(self, failures: list[ImportFailure]) -> list:
        """Read the sources that are files of Web Annotations into :attr:`annotations`; the other sources."""
        from factcheck.operations import read_annotation_file

        others = []
        for source in self.sources:
            if self._cancel.is_set():
                break
            if not (self.annotations_only or _holds_annotations(source, self.max_bytes)):
                others.append(source)
                continue
            self.signals.progress.emit(len(self.annotations), len(self.sources), str(source))
            if not isinstance(source, Path):
                failures.append(ImportFailure(str(source), f"{source}: Web Annotations are read from a file, "
                                                           "not from an address."))
            elif self.annotate is None:
                failures.append(ImportFailure(str(source), f"{source.name} holds W3C Web Annotations, which are "
                                                           "placed on an article: open the article they annotate, "
                                                           "then import the file again."))
            else:
                try:
                    self.annotations.append(read_annotation_file(source, self.max_bytes))
                except BadInput as error:
                    failures.append(ImportFailure(str(source), str(error)))
        return others

    def _offers_revisions(self) -> bool:
        """Whether to look for new versions: for a few files or addresses named one by one, not a folder's
        (each look reads the library's addresses and headlines; a bulk import asks nothing)."""
        return self.offer_revisions and len(self.sources) <= MAX_OFFERED and not any(
            isinstance(source, Path) and source.is_dir() for source in self.sources)

    def _offer(self, library: Store) -> Callable[[object, object], bool]:
        """What :func:`import_many` asks of each file read: True keeps a likely new revision out, for the window."""
        from factcheck.operations_revisions import revision_target

        def hold(source, read) -> bool:
            if not isinstance(read, ImportedArticle) or library.find_article_by_text(read.article.text) is not None:
                return False  # not an article, or one the library holds already (said as such)
            target = revision_target(library, read.article)
            if target is None:
                return False
            self.revisions.append(RevisionOffer(str(source), read, target))
            return True

        return hold


def _holds_annotations(source, max_bytes: int) -> bool:
    """Whether a source is a file of W3C Web Annotations (a .json or .jsonld file that holds them)."""
    from factcheck.operations import file_kind

    if not isinstance(source, Path) or source.suffix.lower() not in (".json", ".jsonld"):
        return False
    try:
        if not source.is_file() or source.stat().st_size > max_bytes:
            return False  # the import says what is wrong with it
        return file_kind(source.suffix.lower(), source.read_bytes()) == "webannotation"
    except OSError:
        return False
