"""What the window and the command line both do with a library: import, export, seed, push.

Each function takes an open :class:`~factcheck.store.Store` and plain values, so
it runs the same from the CLI, from the window, or from a worker thread that
opened its own connection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from factcheck.core.articles import DeletedArticle
from factcheck.io import BadInput
from factcheck.io.article_readers import HTML_SUFFIXES, ImportCancelled
from factcheck.io.article_readers import IMPORTABLE_SUFFIXES as ARTICLE_SUFFIXES
from factcheck.io.import_sources import ImportFailure, expand_sources, is_url  # noqa: F401 (is_url: for callers)
from factcheck.io.text_files import MAX_BYTES, read_file_bytes
from factcheck.operations_add import ImportResult, add_imported, ensure_seed_article  # noqa: F401
from factcheck.operations_bundle import (as_seen, claims_workflow, export_bundle, import_bundle,  # noqa: F401
                                         revision_texts, store_bundle)
from factcheck.store import Store

if TYPE_CHECKING:  # the reports and bundles are loaded when used: the window starts without them
    from factcheck.core.report import Organisation, Report, ReportOptions
    from factcheck.io.claimreview_import import ClaimReviewFile

log = logging.getLogger(__name__)

IMPORTABLE_SUFFIXES = (*ARTICLE_SUFFIXES, ".json", ".jsonld")
"""What import_file takes: articles, factcheck bundles and published fact-checks (schema.org ClaimReview)."""


@dataclass(frozen=True)
class PublishedImportResult:
    """What a file or page of published fact-checks (schema.org ClaimReview) brought in: no article."""

    source: str
    """The file or address, as the user gave it."""
    added: int
    updated: int
    """Fact-checks whose address the library held already: replaced by this file's, not duplicated."""
    problems: tuple[str, ...] = ()
    """ClaimReviews (or values of them) left out, each with where and why; the others were imported."""

    def summary(self) -> str:
        """E.g. "12 fact-checks added, 3 updated"."""
        return f"{self.added} fact-check{'s' * (self.added != 1)} added, {self.updated} updated"


COMMIT_EVERY = 25
"""Files imported per transaction in a batch (see :func:`import_many`)."""


def import_file(library: Store, path: Path, rating_scale: str | None = None,
                max_bytes: int = MAX_BYTES) -> ImportResult | PublishedImportResult:
    """Import one file: an article (.txt, .md, .html, .docx), a factcheck bundle (.json) or
    published fact-checks (.jsonld, a ClaimReview .json, a saved fact-check page: :func:`file_kind`).

    A new article is rated on ``rating_scale`` (a bundle brings its own). Raises
    :class:`BadInput` for anything it refuses; the library is then unchanged.
    """
    return store_read(library, read_source(path, max_bytes), rating_scale)


def read_source(source: str | Path, max_bytes: int = MAX_BYTES, cancelled=None):
    """Read and parse one file or URL without touching the library.

    Returns an :class:`ImportedArticle`, a parsed bundle, or the published fact-checks of a
    file or page (a :class:`~factcheck.io.claimreview_import.ClaimReviewFile`), as
    :func:`file_kind` decides; raises :class:`BadInput`. Kept apart from storing so that a
    slow download or extraction never runs while the library's write lock is held.
    ``cancelled()`` is asked while a Word document or a saved page is read (not during a
    download): when it answers True, :class:`~factcheck.io.article_readers.ImportCancelled`
    is raised.
    """
    from factcheck.io.article_readers import read_article_file

    if isinstance(source, str):
        return _read_url(source, max_bytes)
    suffix = source.suffix.lower()
    if suffix not in (".json", ".jsonld", *HTML_SUFFIXES):
        return read_article_file(source, max_bytes, cancelled)
    data = read_file_bytes(source, max_bytes) if suffix in HTML_SUFFIXES else _read_bytes(source, max_bytes)
    kind = file_kind(suffix, data)
    if kind == "webannotation":
        raise BadInput(f"{source} holds W3C Web Annotations: name the article they annotate "
                       f"(factcheck import {source.name} --article ID).")
    if kind == "claimreview":
        from factcheck.io.claimreview_import import read_claimreviews

        return read_claimreviews(data, str(source))
    if kind == "bundle":
        from factcheck.io import bundle

        return bundle.loads(data, str(source))
    return read_article_file(source, max_bytes, cancelled, data=data)  # a page: read once


def file_kind(suffix: str, data: bytes) -> Literal["webannotation", "claimreview", "bundle", "article"]:
    """Which reader a ``.jsonld``, ``.json`` or saved page's bytes are for; the one place it is decided.

    A ``.jsonld`` is published fact-checks (schema.org ClaimReview): one without any is
    refused, by name, when read. A ``.json`` is ClaimReview when it holds one, else a
    factcheck bundle. A page (``.html``, ``.htm``) with ClaimReview markup is a published
    fact-check, kept apart from the desk's articles; any other page is an article. A ``.jsonld``
    or ``.json`` of W3C Web Annotations is placed on an article the user names
    (:func:`import_annotations`).
    """
    from factcheck.io.claimreview_import import html_has_claimreview, is_claimreview_json
    from factcheck.io.webannotation_import import is_webannotation

    if suffix in (".jsonld", ".json") and is_webannotation(data):
        return "webannotation"
    if suffix == ".jsonld":
        return "claimreview"
    if suffix == ".json":
        return "claimreview" if is_claimreview_json(data) else "bundle"
    if suffix in HTML_SUFFIXES and html_has_claimreview(data):
        return "claimreview"
    return "article"


@dataclass(frozen=True)
class AnnotationImportResult:
    """What a file of Web Annotations brought onto an article: claims placed, orphans left out."""

    article_id: int
    source: str
    placed: int
    orphans: tuple[tuple[str, str], ...] = ()
    """(quote, why) of each annotation not placed: no claim was made of it."""
    problems: tuple[str, ...] = ()
    claims: tuple = ()
    """The claims placed, as stored (with their ids): what an undo takes away."""


def import_annotations(library: Store, path: Path, article_id: int,
                       max_bytes: int = MAX_BYTES) -> AnnotationImportResult:
    """Place a file's W3C Web Annotations on the article as claims, in one transaction.

    Placed as a revision's claims are (:func:`factcheck.core.reanchor.place_all` on the
    article's text); a changed quote takes the text's wording; orphans are reported, not
    added; a passage one of the article's claims holds already is not added again. Raises
    :class:`BadInput` (nothing written) for a file that is not Web Annotations, and
    KeyError for an unknown article.
    """
    return place_annotation_file(library, read_annotation_file(path, max_bytes), article_id)


def read_annotation_file(path: Path, max_bytes: int = MAX_BYTES):
    """Read a file of W3C Web Annotations (a :class:`~factcheck.io.webannotation_import.AnnotationFile`),
    without touching the library; :class:`BadInput` for a file that holds none."""
    from factcheck.io.webannotation_import import read_annotations

    data = _read_bytes(path, max_bytes)
    if file_kind(path.suffix.lower(), data) != "webannotation":
        read_annotations(data, str(path))  # says why it is not (broken JSON, no annotation)
        raise BadInput(f"{path} holds no W3C Web Annotation.")
    return read_annotations(data, str(path))


def place_annotation_file(library: Store, read, article_id: int) -> AnnotationImportResult:
    """Place annotations read by :func:`read_annotation_file` on the article, in one transaction."""
    from factcheck.core.claims import Claim
    from factcheck.io.webannotation_import import place_annotations

    article = library.article(article_id)
    taken = {(c.anchor.start, c.anchor.end) for c in library.claims(article_id) if not c.orphan}
    placed = place_annotations(article.text, read.annotations, library.scale(article.rating_scale), taken)
    with library.transaction():
        added = tuple(library.add_claim(Claim(anchor=anchor, article_id=article_id, verdict=verdict,
                                              rationale=annotation.rationale, reviewer=annotation.reviewer,
                                              claimant=annotation.claimant, sources=annotation.sources,
                                              placed_on=article.revision))
                      for annotation, anchor, verdict in placed.claims)
    return AnnotationImportResult(article_id, read.name, len(added), tuple(placed.orphans),
                                  (*read.problems, *placed.problems), added)


def _read_url(url: str, max_bytes: int):
    """The page at ``url``: an article, or the published fact-checks of a fact-check page."""
    from factcheck.io.claimreview_import import html_has_claimreview, read_claimreviews
    from factcheck.io.web_fetch import article_from_download, fetch

    download = fetch(url, max_bytes=max_bytes)
    if html_has_claimreview(download.data):
        return read_claimreviews(download.data, url, page_url=download.final_url, charset=download.charset)
    return article_from_download(download)


def store_read(library: Store, read, rating_scale: str | None = None) -> ImportResult | PublishedImportResult:
    """Store what :func:`read_source` returned: each file whole, or nothing of it."""
    from factcheck.io import bundle
    from factcheck.io.claimreview_import import ClaimReviewFile

    if isinstance(read, bundle.Bundle):
        return store_bundle(library, read)
    if isinstance(read, ClaimReviewFile):
        return store_published(library, read)
    return add_imported(library, read, rating_scale)


def store_published(library: Store, read: ClaimReviewFile) -> PublishedImportResult:
    """Keep a file's published fact-checks, in one transaction: a fact-check's address the
    library holds already is updated, not added again. The reader's problems are passed on."""
    added, updated = library.add_published_checks(read.checks)
    return PublishedImportResult(read.source, added, updated, tuple(read.problems))


def import_text(library: Store, text: str, html: str | None = None,
                rating_scale: str | None = None) -> ImportResult:
    """Import pasted content: its HTML when that holds an article, else its plain text."""
    from factcheck.io.article_readers import read_pasted

    return add_imported(library, read_pasted(text, html), rating_scale)


def import_many(library: Store, sources: list[str | Path], rating_scale: str | None = None,
                progress=None, cancelled=None, max_bytes: int = MAX_BYTES, hold=None
                ) -> tuple[list[ImportResult | PublishedImportResult], list[ImportFailure]]:
    """Import files, folders and URLs one by one; each is stored whole or not at all.

    An article or bundle gives an :class:`ImportResult`; a file or page of published
    fact-checks a :class:`PublishedImportResult` (see :func:`file_kind`).

    ``progress(done, total, source)`` is called before each; ``cancelled()`` is asked
    between them, and while a long file is read: what was imported before a cancel
    stays, complete, and the file being read when it came imports nothing. A source that
    fails is listed with its reason and the others still import, as is what
    :func:`expand_sources` left out (a named pipe, a link out of a folder). Local files are
    read and parsed first, outside any transaction, then stored in groups of up to
    :data:`COMMIT_EVERY` (each file a savepoint of its own): one disk flush per
    group, and the write lock held only for the inserts. ``hold(source, read)``, when given, is
    asked of each file read before it is stored: True keeps it out (the caller has taken it).
    """
    items, failures = expand_sources(sources, IMPORTABLE_SUFFIXES)
    results: list[ImportResult | PublishedImportResult] = []
    ready: list[tuple[str, object]] = []

    def store_ready() -> None:
        with library.transaction():  # the write lock is held only while these are inserted
            for source, read in ready:
                try:
                    results.append(store_read(library, read, rating_scale))
                except BadInput as error:
                    failures.append(ImportFailure(source, str(error)))
        ready.clear()

    for done, source in enumerate(items):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(items), str(source))
        try:
            read = read_source(source, max_bytes, cancelled)
            if hold is None or not hold(source, read):
                ready.append((str(source), read))
        except ImportCancelled:
            break  # the files read before this one are still stored, below
        except BadInput as error:
            failures.append(ImportFailure(str(source), str(error)))
        except Exception as error:  # a bug in a reader must not cost the other files
            log.exception("could not read %s", source)
            failures.append(ImportFailure(str(source), f"{source} could not be read: {error}"))
        if len(ready) >= COMMIT_EVERY or isinstance(source, str):
            store_ready()
    if ready:
        store_ready()
    return results, failures


@dataclass(frozen=True)
class ExportFormat:
    """A format an article's report or data can be exported in: its key, its label in the window, its file suffix."""

    key: str
    label: str
    suffix: str
    binary: bool = False


EXPORT_FORMATS = {f.key: f for f in (
    ExportFormat("html", "Report (HTML)", ".html"),
    ExportFormat("pdf", "Report (PDF)", ".pdf", binary=True),
    ExportFormat("md", "Report (Markdown)", ".md"),
    ExportFormat("csv", "Claims table (CSV)", ".csv"),
    ExportFormat("json", "factcheck bundle (JSON)", ".json"),
    ExportFormat("claimreview", "schema.org ClaimReview (JSON-LD)", ".claimreview.jsonld"),
    ExportFormat("webannotation", "W3C Web Annotations (JSON-LD)", ".annotations.jsonld"),
)}
"""Every export, by the name ``factcheck export --format`` takes."""


def report_for(library: Store, article_id: int, options: ReportOptions | None = None,
               organisation: Organisation | None = None, fmt: str = "html") -> Report:
    """Gather one article's report data (reads the library; rendering needs no library).

    ``options`` are the defaults of :class:`~factcheck.core.report.ReportOptions` when not
    given. The JSON bundle is lossless: for it the options are ignored and every claim is kept,
    with the desk's workflow and comments. Each claim's chain (proposed by, second opinions,
    approved by) is read through the Store as this reviewer may see it; comments only when
    ``options.include_comments``.
    """
    from factcheck.core.claims import ClaimStatus
    from factcheck.core.report import ReportOptions, build_report

    if options is None:
        options = ReportOptions()
    if fmt == "json":  # the desk's comments travel in the bundle, with the rest of its workflow
        options = ReportOptions(include_comments=True)
    article = library.article(article_id)
    claims = as_seen(library, library.claims(article_id))
    shown = [c for c in claims if c.status == ClaimStatus.APPROVED] if options.approved_only else claims
    report = build_report(article, library.scale(article.rating_scale), claims, options, organisation,
                          claimants=library.claimant_details(),
                          workflow=claims_workflow(library, shown, comments=options.include_comments),
                          stage=library.article_stage(article_id))
    if fmt == "json":  # the bundle carries the article's earlier texts too
        from factcheck.io.bundle import BundleReport

        return BundleReport.of(report, revision_texts(library, article) if article.revision > 1 else ())
    return report


def render_export(report: Report, fmt: str, review_url: str = "", include_unapproved: bool = False) -> str:
    """Render a text export of a report (built by :func:`report_for` for the same format).

    ClaimReview publishes only approved verdicts unless ``include_unapproved``
    (:func:`factcheck.io.claimreview.unapproved_verdicts` counts the others). The PDF
    is drawn by Qt, in :mod:`factcheck.ui.pdf_report`.
    """
    from factcheck.io import bundle, claimreview, report_csv, report_html, report_markdown, webannotation

    renderers = {
        "html": report_html.render_html,
        "md": report_markdown.render_markdown,
        "csv": report_csv.render_csv,
        "webannotation": webannotation.render_webannotation,
        "claimreview": lambda r: claimreview.render_claimreview(r, review_url, include_unapproved),
        "json": lambda r: bundle.dumps(r.article, r.scale, [c.claim for c in r.claims], r.claimants,
                                       workflow={c.claim.id: c.workflow for c in r.claims if c.workflow},
                                       stage=r.stage, revisions=getattr(r, "revisions", ())),
    }
    if fmt not in renderers:
        raise ValueError(f"no text renderer for {fmt!r}")
    return renderers[fmt](report)


HISTORY_COLUMNS = ("id", "changed_at", "changed_by", "article_id", "claim_id", "source_id", "claimant", "entity",
                   "action", "field", "old_value", "new_value")
"""A history row's columns in the order an article brought in whole carries them (``DeletedArticle.history``)."""


@dataclass(frozen=True)
class PushResult:
    """What :func:`push_library` did: (local id, shared id) of each article pushed, and of each found there."""

    pushed: tuple[tuple[int, int], ...]
    already: tuple[tuple[int, int], ...]


def push_library(local: Store, shared: Store, progress=None) -> PushResult:
    """Bring every article of ``local`` (archived ones too) into ``shared`` whole, oldest first.

    Each article comes with its original, its claims (their numbers kept), their sources,
    its history (who changed what, and when), its stage and the desk's records of each claim
    (proposals, drafts included, second-opinion requests, decisions, comments: who made each,
    and when), in one transaction of its own, with its rating scale when the shared library
    lacks it and the details of its claimants it has no record of. An article pushed before is left out, so pushing twice adds nothing, also
    after a colleague retitled it there or it was retitled here: the shared library keeps, for
    each article pushed, a property naming the local one (its text's digest, import time and
    id) and the id it got. ``shared`` must be opened by its owner: anyone else
    gets the store's :class:`~factcheck.store.NotAllowed`, with nothing saved.
    ``progress(done, total, title)`` is called before each article. ``local`` is only read.
    """
    from factcheck.core.workflow import ArticleStage

    pushed: list[tuple[int, int]] = []
    already: list[tuple[int, int]] = []
    summaries = sorted(local.articles(archived=True), key=lambda a: a.id)
    for done, summary in enumerate(summaries):
        if progress is not None:
            progress(done, len(summaries), summary.title)
        article = local.article(summary.id)
        key = f"pushed:{article.sha256}:{article.imported_at}:{summary.id}"  # which local article, whatever its title
        found = _still_there(shared, shared.get_property(key))
        if found is not None:
            already.append((summary.id, found))
            continue
        whole = whole_article(local, summary.id)
        with shared.transaction():  # the article, its scale and its claimants' details: all of them, or none
            scale = shared.add_scale(local.scale(article.rating_scale))
            arrived = shared.receive_article(DeletedArticle(
                whole.article.with_(rating_scale=scale), whole.original, whole.claims, whole.history,
                whole.claims_numbered, whole.revisions))
            known = shared.claimant_details()  # the shared library's own record of a claimant wins
            for name in sorted({claim.claimant for claim in whole.claims} - set(known) - {""}):
                shared.set_claimant(local.claimant(name))
            stage = local.article_stage(summary.id)
            if stage != ArticleStage():  # where the desk's work on it stood
                shared.set_article_stage(arrived, stage.stage, stage.assignee, stage.due)
            _push_workflow(local.article_workflow(summary.id, whole=True), whole.claims, shared, arrived)
            shared.set_property(key, str(arrived))
        pushed.append((summary.id, arrived))
    return PushResult(tuple(pushed), tuple(already))


def _push_workflow(found: dict[int, dict[str, list]], claims, shared: Store, shared_id: int) -> None:
    """The records ``found`` of each local claim (``article_workflow(whole=True)``), onto the claim pushed."""
    from factcheck.core.report import ClaimWorkflow

    if not found:
        return
    arrived = {_same_claim(claim): claim.id for claim in shared.claims(shared_id)}
    for claim in claims:
        kept = found.get(claim.id)
        if kept is not None:
            shared.receive_workflow(arrived[_same_claim(claim)], ClaimWorkflow(
                tuple(kept["proposals"]), tuple(kept["requests"]), tuple(kept["decisions"]), tuple(kept["comments"])))


def _same_claim(claim) -> tuple:
    """What a pushed claim keeps: its number and where it is (its id changes)."""
    return claim.number, claim.anchor.start, claim.anchor.end, claim.anchor.quote


def _still_there(library: Store, recorded: str | None) -> int | None:
    """The article id a push recorded, if that article is still in the library (else None: push it again)."""
    try:
        return library.article_summary(int(recorded)).id if recorded is not None else None
    except (KeyError, ValueError):
        return None


def whole_article(library: Store, article_id: int) -> DeletedArticle:
    """Everything an article holds, read without changing it: what deleting it would return, for a push."""
    article = library.article(article_id)
    claims = tuple(library.claims(article_id))
    history = tuple(tuple(row.get(column) for column in HISTORY_COLUMNS) for row in library.history(article_id))
    return DeletedArticle(article, library.original(article_id), claims, history,
                          library.claims_numbered(article_id), revision_texts(library, article))


def _read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        if path.stat().st_size > max_bytes:
            raise BadInput(f"{path} is larger than the import limit of {max_bytes / 1e6:.0f} MB "
                           "(Preferences ▸ Largest import).")
        return path.read_bytes()
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror or error}.") from error
