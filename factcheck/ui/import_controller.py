"""Bringing articles in from the window: files, folders, URLs, the clipboard, drops.

Every way in ends in :meth:`ImportController.start`, which runs an
:class:`ImportJob` on the thread pool behind a progress dialog the user can
cancel, then reports what was imported and lists what failed, with why.
Published fact-checks (schema.org ClaimReview files and pages) come in the same ways;
they are kept apart from the articles, so the status bar counts them and nothing opens.

A file of W3C Web Annotations is placed on the open article, as one undoable step
(:mod:`factcheck.ui.annotation_commands`), and the claims placed and the annotations not
found are reported. An article that looks like a new version of one the library holds
is not imported until the reviewer has said how: as a new revision of it, or as a new
article (:mod:`factcheck.ui.import_revision`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

# The file and address dialogs, and the progress dialog, are loaded when first shown: the
# window's first paint needs none of their classes (each costs Qt a little to make). The
# operations (the readers, bundles and exporters behind them) are loaded when first used too.

from factcheck.store import LibraryError
from factcheck.ui.palettes import muted

if TYPE_CHECKING:  # the worker (and html, for the messages) load with the first import: a window's start needs neither
    from PySide6.QtCore import QMimeData

    from factcheck.operations import ImportFailure, ImportResult, PublishedImportResult
    from factcheck.ui.import_worker import ImportJob

log = logging.getLogger(__name__)


def sources_from_mime(mime: QMimeData) -> list:
    """Local files and folders, and http(s) links, carried by a drop or a paste."""
    sources: list = []
    for url in mime.urls():
        if url.isLocalFile():
            sources.append(Path(url.toLocalFile()))
        elif url.scheme() in ("http", "https"):
            sources.append(url.toString())
    return sources


class ImportController(QObject):
    imported = Signal(object)
    """The list of ImportResults (articles) of a finished import (possibly empty): published fact-checks are not in it."""
    imported_from_command = Signal(object)
    """The same, for an import that another factcheck process handed over (``factcheck import``, a second launch)."""
    annotations_placed = Signal(object)
    """The AnnotationImportResults of Web Annotation files placed on an article (once committed)."""

    def __init__(self, window, preferences) -> None:
        """Imports into ``window.library``: each job opens its own handle on it (:meth:`Store.open_another`)."""
        super().__init__(window)
        self.window = window
        self.preferences = preferences
        self.pool = QThreadPool.globalInstance()
        self.job: ImportJob | None = None
        self.completed: ImportJob | None = None
        """The last job whose results the window has taken in."""
        self.revision_offers = None
        """Asks about articles that look like new versions of others (ui/import_revision.py), made when needed."""

    def opener(self):
        return self.window.library.open_another()  # called on the job's thread, on the library open then

    def where(self) -> str:
        return self.window.library.location

    # ----------------------------------------------------------- ways in

    def choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from factcheck.operations import IMPORTABLE_SUFFIXES

        patterns = " ".join(f"*{s}" for s in IMPORTABLE_SUFFIXES)
        title = "Import articles, published fact-checks or Web Annotations"
        paths, _ = QFileDialog.getOpenFileNames(self.window, title, str(Path.home()), f"Articles and fact-checks ({patterns});;"
                                                "Published fact-checks (*.jsonld *.json *.html *.htm);;"
                                                "Web Annotations, placed on the open article (*.jsonld *.json);;"
                                                "All files (*)")
        if paths:
            self.start([Path(p) for p in paths])

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self.window, "Import every article in a folder", str(Path.home()))
        if folder:
            self.start([Path(folder)])

    def ask_url(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from factcheck.operations import is_url

        url, ok = QInputDialog.getText(self.window, "Open URL", "Address of the article (http or https):",
                                       QLineEdit.EchoMode.Normal, "https://")
        url = url.strip()
        if ok and url and url != "https://":
            if not is_url(url):
                QMessageBox.warning(self.window, "Not a web address",
                                    f"“{url}” is not a web address: it must start with http:// or https://.")
                return
            self.start([url])

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        sources = sources_from_mime(mime)
        if sources:
            self.start(sources)
        elif mime.hasHtml() or mime.hasText():
            self.start([], pasted=(mime.text(), mime.html() if mime.hasHtml() else None))
        else:
            self.window.statusBar().showMessage("The clipboard holds no text to import.", 6000)

    # ------------------------------------------------------------ running

    def running(self) -> bool:
        """Whether an import's worker may still be writing to the library."""
        return self.job is not None and self.completed is not self.job

    def start_for_command(self, sources: list[str], done, article_id: int | None = None) -> ImportJob:
        """An import handed over by another factcheck process; ``done(results, failures, cancelled)``.

        That process (``factcheck import``, or a second launch with files) reports the
        failures itself, so the window lists none in a dialog; the status bar says what arrived.
        With ``article_id`` (``factcheck import FILE --article ID``) each file is Web Annotations,
        placed on that article; their AnnotationImportResults come among the results. Articles
        are imported as new ones: the command line makes a revision only when asked
        (``--revision-of``).
        """
        from factcheck.operations import is_url

        return self.start([s if is_url(s) else Path(s) for s in sources], from_command=True, done=done,
                          article_id=article_id)

    def start(self, sources: list, pasted: tuple[str, str | None] | None = None, *,
              from_command: bool = False, done=None, article_id: int | None = None) -> ImportJob:
        """Run an import; ``done(results, failures, cancelled)`` when it has finished, if given.

        Files of Web Annotations are placed on ``article_id`` when given, else (an import of
        the window's own) on the open article.
        """
        from factcheck.ui.import_worker import ImportJob

        article = self.window.controller.article
        job = self.job = ImportJob(self.opener, sources, self.preferences.default_scale,
                                   self.preferences.reviewer_name, pasted,
                                   max_bytes=self.preferences.max_import_mb * 1_000_000, where=self.where(),
                                   annotate=article_id if article_id is not None or from_command
                                   else article.id if article is not None else None,
                                   find_annotations=article_id is not None or not from_command,
                                   annotations_only=article_id is not None, offer_revisions=not from_command)
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.canceled.connect(job.cancel)

        def step(done: int, total: int, source: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Importing {done + 1} of {total}:\n{_short(source)}")

        job.signals.progress.connect(step)
        job.signals.finished.connect(progress.close)
        # Connected before the job starts: a quick job cannot finish unheard.
        job.signals.finished.connect(lambda *result: self._finished(job, *result, from_command=from_command,
                                                                    done=done))
        self.pool.start(job)
        return job

    def _finished(self, job: ImportJob, results: list[ImportResult | PublishedImportResult],
                  failures: list[ImportFailure], cancelled: bool, *, from_command: bool = False, done=None) -> None:
        self._report(job, results, failures, cancelled, from_command=from_command)

        def finish(placed: list, failed: list[ImportFailure]) -> None:
            if done is not None:
                done([*results, *placed], [*failures, *failed], cancelled)
            self.completed = job

        if job.annotations and not cancelled:
            self._place(job, from_command, finish)
        else:
            finish([], [])
        if job.revisions and not cancelled:  # asked once the import itself is done with
            self._offer_revisions(job.revisions)

    def _report(self, job: ImportJob, results: list[ImportResult | PublishedImportResult],
                failures: list[ImportFailure], cancelled: bool, *, from_command: bool = False) -> None:
        from factcheck.operations import PublishedImportResult

        published = [r for r in results if isinstance(r, PublishedImportResult)]
        results = [r for r in results if not isinstance(r, PublishedImportResult)]
        (self.imported_from_command if from_command else self.imported).emit(results)
        if any(r.added or r.updated for r in published):  # an open search and Checked Before look again
            if not results:
                self.window.reload_library()
            self.window.claim_tabs.matches_may_have_changed()
        new = sum(1 for r in results if r.created)
        again = [r.title for r in results if not r.created]
        handed_over = " handed over by another factcheck process" if from_command else ""
        quiet = not results and (published or job.annotations or job.revisions)  # they are said on their own
        parts = [] if quiet else [f"Imported {new} article{'s' if new != 1 else ''}{handed_over}"]
        if published:
            told = parts or not from_command  # else: say where they came from
            parts.append(_published_text(published, "" if told else "Handed over by another factcheck process: "))
        if again:
            parts.append(f"already in the library: {', '.join(_short(t, 40) for t in again)}")
        if cancelled:
            parts.append("cancelled (what was imported before is kept)")
        if failures:
            parts.append(f"{len(failures)} not imported")
        if parts:
            self.window.statusBar().showMessage("; ".join(parts) + ".", 10000)
        notes = [f"{_short(r.title, 60)}: {r.workflow_note}" for r in results if r.workflow_note]
        if notes and not from_command:  # imported, without the desk's records of it: say why
            QMessageBox.information(self.window, "Imported without the desk's records", "\n\n".join(notes[:20]))
        if any(r.problems for r in published) and not from_command:  # the command prints them itself
            QMessageBox.warning(self.window, "Published fact-checks imported with problems",
                                "The published fact-checks were imported, except for what is said here.\n\n"
                                + _problems_text(published))
        if failures and not from_command:
            QMessageBox.warning(self.window, "Some articles were not imported",
                                "Nothing was changed for these:\n\n"
                                + "\n\n".join(f.message for f in failures[:20])
                                + (f"\n\n… and {len(failures) - 20} more." if len(failures) > 20 else ""))

    # ------------------------------------------------------- Web Annotations

    def _place(self, job: ImportJob, from_command: bool, finish) -> None:
        """Place the job's Web Annotation files on its article, off the UI thread; then ``finish(results, failures)``.

        On the open article, from the window's own import: one undoable step. Handed over by
        ``factcheck import --article`` (or on an article not open): written as an import is,
        the open article's claims following.
        """
        from factcheck.ui.annotation_commands import PlaceAnnotationsCommand

        controller = self.window.controller
        command = PlaceAnnotationsCommand(controller, job.annotate, job.annotations)
        first = [True]

        def placed(results: list) -> None:
            if first[0]:
                first[0] = False
                self._say_placed(results, from_command)
                self.annotations_placed.emit(results)

        if not from_command and controller.article is not None and controller.article.id == job.annotate \
                and controller.stack is not None:
            def follow(command: PlaceAnnotationsCommand, outcome) -> None:  # its undo and redo too
                controller.follow_elsewhere(outcome, colleague=False)
                if command.focus is not None:
                    controller.claim_selection_requested.emit(command.focus)
                placed(command.results)

            controller.push_to(command, controller.stack, follow)
            finish([], [])  # the step is the controller's now: it says if it is refused
            return

        def done(outcome) -> None:
            controller.follow_elsewhere(outcome, colleague=False)
            placed(outcome.result)
            finish(outcome.result, [])

        def failed(error: BaseException) -> None:
            what = ", ".join(read.name for read in job.annotations)
            if isinstance(error, KeyError):
                reason = f"there is no article {job.annotate} in the library (`factcheck list` shows them)."
            elif isinstance(error, LibraryError):
                reason = str(error)
            else:
                log.error("placing Web Annotations failed", exc_info=error)
                reason = f"factcheck met an unexpected error placing them; nothing was changed ({error})."
            self.window.statusBar().showMessage(f"Web Annotations not placed: {reason}", 10000)
            from factcheck.operations import ImportFailure

            finish([], [ImportFailure(what, f"{what}: {reason}")])

        self.window.runner.run(command.apply, done, failed, what=command.text())

    def _say_placed(self, results: list, from_command: bool) -> None:
        """E.g. "3 claims placed on “Mayor…”, 1 not found", and the quotes not found, for the reviewer."""
        if not results:
            return
        palette = self.window.palette()
        quiet = muted(palette.color(QPalette.ColorRole.WindowText).name(),
                      palette.color(QPalette.ColorRole.Window).name())
        text, details = placed_text(results, self._title(results[0].article_id), quiet=quiet)
        handed_over = " (handed over by another factcheck process)" if from_command else ""
        self.window.statusBar().showMessage(text + handed_over + ".", 15000)
        if details and not from_command:  # the command prints them itself
            import html

            QMessageBox.information(self.window, "Web Annotations placed",
                                    f"<p><b>{html.escape(text)}.</b></p>{details}")

    def _title(self, article_id: int) -> str:
        try:
            return self.window.library.article_summary(article_id).title
        except (KeyError, LibraryError):
            return f"article {article_id}"

    # ------------------------------------------------------- new revisions

    def _offer_revisions(self, offers: list) -> None:
        from factcheck.ui.import_revision import RevisionOffers

        if self.revision_offers is None:
            self.revision_offers = RevisionOffers(self)
        self.revision_offers.offer(offers)


def placed_text(results: list, title: str, limit: int = 20, quiet: str = "gray") -> tuple[str, str]:
    """("3 claims placed on “title”, 2 not found", the quotes not found each with why, and the problems, as
    rich text: a list under the line; ``quiet`` colours the why)."""
    import html

    placed = sum(r.placed for r in results)
    orphans = [orphan for r in results for orphan in r.orphans]
    problems = [problem for r in results for problem in r.problems]
    text = f"{_count(placed, 'claim')} placed on “{_quote(title, 60)}”"
    if orphans:
        text += f", {len(orphans)} not found"
    parts = []
    if orphans:
        items = "".join(f'<li>“{html.escape(_quote(quote))}”<br>'
                        f'<span style="color:{quiet}">{html.escape(why)}</span></li>' for quote, why in orphans[:limit])
        more = f"<p>… and {len(orphans) - limit} more.</p>" if len(orphans) > limit else ""
        parts.append(f"<p>Not found in the article (no claim was made of them):</p><ul>{items}</ul>{more}")
    if problems:
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems[:limit])
        parts.append(f"<p>{_count(len(problems), 'annotation')} left out:</p><ul>{items}</ul>")
    return text, "".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _quote(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _published_text(published: list[PublishedImportResult], prefix: str) -> str:
    """E.g. "12 published fact-checks added, 3 updated (2 problems)": the counts of every file."""
    added, updated = sum(r.added for r in published), sum(r.updated for r in published)
    problems = sum(len(r.problems) for r in published)
    left_out = f" ({problems} problem{'s' * (problems != 1)})" if problems else ""
    return f"{prefix}{added} published fact-check{'s' * (added != 1)} added, {updated} updated{left_out}"


def _problems_text(published: list[PublishedImportResult], limit: int = 20) -> str:
    """Each file's problems under its name (said once), the first ``limit`` of them, and how many more."""
    blocks, shown = [], 0
    for result in published:
        listed = [f"• {problem.removeprefix(result.source + ': ')}"
                  for problem in result.problems[:max(limit - shown, 0)]]
        if listed:
            blocks.append(f"{_short(result.source)}:\n" + "\n".join(listed))
        shown += len(listed)
    more = sum(len(r.problems) for r in published) - shown
    return "\n\n".join(blocks) + (f"\n\n… and {more} more." if more else "")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1):]
