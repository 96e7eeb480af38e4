"""Exports run off the UI thread: render the report, then write the file atomically.

The worker is handed plain data (a :class:`~factcheck.core.report.Report`), never
the library connection, which belongs to the UI thread. It reports its stage,
can be cancelled between stages, and leaves any existing file untouched unless
the new one was written whole.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from factcheck.core.report import Report
from factcheck.io import BadInput
from factcheck.io.files import write_atomically
from factcheck.operations import render_export

log = logging.getLogger(__name__)


class ExportSignals(QObject):
    progress = Signal(int, str)
    """Percent done and the stage, for the progress dialog."""
    finished = Signal(str)
    """The path written."""
    rendered = Signal(str)
    """A preview's text (a job without a path renders and writes nothing)."""
    failed = Signal(str)
    """A message for the user; nothing was written."""
    cancelled = Signal()


class ExportJob(QRunnable):
    def __init__(self, report: Report, fmt: str, path: Path | None, review_url: str = "",
                 page_size: str = "A4", include_unapproved: bool = False) -> None:
        """``include_unapproved``: ClaimReview publishes verdicts not yet approved too."""
        super().__init__()
        self.report = report
        self.fmt = fmt
        self.path = Path(path) if path is not None else None
        self.review_url = review_url
        self.page_size = page_size
        self.include_unapproved = include_unapproved
        self.signals = ExportSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            self.signals.progress.emit(10, "Rendering the report…")
            if self.path is None:  # a preview: the PDF is previewed as its HTML
                self.signals.rendered.emit(render_export(self.report, "html" if self.fmt == "pdf" else self.fmt,
                                                         self.review_url, self.include_unapproved))
                return
            if self.fmt == "pdf":
                from factcheck.ui.pdf_report import render_pdf

                data: str | bytes = render_pdf(self.report, self.page_size)
            else:
                data = render_export(self.report, self.fmt, self.review_url, self.include_unapproved)
            if self._cancel.is_set():
                self.signals.cancelled.emit()
                return
            self.signals.progress.emit(80, f"Writing {self.path.name}…")
            write_atomically(self.path, data)
        except BadInput as error:
            self.signals.failed.emit(str(error))
        except OSError as error:
            self.signals.failed.emit(f"Could not write {self.path}: {error.strerror or error}. "
                                     "Any earlier file of that name is unchanged.")
        except Exception as error:  # a bug: keep the traceback, tell the user
            log.exception("export to %s failed", self.path)
            self.signals.failed.emit(f"The export failed because of a bug: {error}")
        else:
            self.signals.progress.emit(100, "Done")
            self.signals.finished.emit(str(self.path))
