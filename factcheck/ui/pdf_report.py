"""The report as a paginated PDF, drawn by Qt's text engine.

The report's HTML is laid out by a QTextDocument and printed page by page to a
QPdfWriter: text stays selectable and searchable, fonts are embedded (as
subsets), claim highlights keep their colours, and every page carries its
number and the article's title in the footer. Works in any thread and needs
only a QGuiApplication (the command line creates an offscreen one).

The pages are cut here, not by Qt (which knows no "keep together"): the text is
laid out as one long column and each page ends at a gap between lines, chosen so
that a claim card that fits on a page is never split, a heading (a card's or a
section's) stays with the start of what follows it, and no paragraph or card
leaves a single line at the top or bottom of a page.

Qt lays out one column of about 2,800 pages at most (below that, lines are left
unplaced and tables crash it): a longer report is refused with
:class:`ReportTooLong`, at once when its claim cards and text lines alone surely
run past it, otherwise as soon as it is laid out.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from factcheck.core.report import Report
from factcheck.io import BadInput

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 18
FOOTER_MM = 8
RESOLUTION = 300
COLUMN_LIMIT = 2 ** 23
"""Device pixels of height Qt lays out in one document: text below is left unplaced, and a table
there crashes the layout. At RESOLUTION that is 710 m of column, about 2,800 A4 pages."""
SHORTEST_CARD_MM = 60
"""A claim card is never shorter than this (with a one-word quote and nothing else: 72 mm)."""
QUOTE_LINE_MM = 6
"""A line of a card's quote (6.3 mm), of QUOTE_LINE_CHARACTERS at most (128 of the narrowest letter fit)."""
QUOTE_LINE_CHARACTERS = 150
ARTICLE_LINE_MM = 5
"""A line of the article's text (5.6 mm): each line that has text takes one at least."""


class ReportTooLong(BadInput):
    """The report would run past what one PDF document can hold."""

    def __init__(self) -> None:
        super().__init__("This report is too long for a PDF: it would run to more than about 2,800 pages, "
                         "past what Qt can lay out in one document. Export it as HTML (a browser prints it), "
                         "or leave out claims (only approved ones) or the article text.")


class ReportDocument(QTextDocument):
    """A report document that loads nothing from outside (no files, no network)."""

    def loadResource(self, kind, url):
        return None


def ensure_gui_application() -> None:
    """The command line has no window: give Qt's text engine an offscreen application.

    A full QApplication, not a QGuiApplication, so that a window opened later in
    the same process (tests do this) still finds the application it needs.
    """
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui_application.app = QApplication([])  # kept alive for the process


def render_pdf(report: Report, page_size: str = "A4") -> bytes:
    """The report as a PDF; raises :class:`ReportTooLong` for one too long for a PDF, quickly when it surely is."""
    from factcheck.io.report_html import render_html

    if shortest_column_mm(report) * RESOLUTION / 25.4 >= COLUMN_LIMIT:
        raise ReportTooLong()  # before the seconds of laying out what cannot fit
    return html_to_pdf(render_html(report), report.article.title, page_size)


def shortest_column_mm(report: Report) -> float:
    """A lower bound of the report's length: its claim cards, and the lines of its article text."""
    cards = sum(SHORTEST_CARD_MM + QUOTE_LINE_MM * ((len(c.claim.quote) - 1) // QUOTE_LINE_CHARACTERS)
                for c in report.claims)
    lines = sum(1 for line in report.article.text.split("\n") if line.strip()) \
        if report.options.include_text else 0  # the report breaks lines at "\n" only
    return cards + ARTICLE_LINE_MM * lines


def html_to_pdf(html: str, title: str, page_size: str = "A4") -> bytes:
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("factcheck")
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES.get(page_size, QPageSize.PageSizeId.A4)),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    dpmm = RESOLUTION / 25.4
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = FOOTER_MM * dpmm
    body = QSizeF(page.width(), page.height() - footer)

    document = ReportDocument()
    font = QFont("DejaVu Serif")
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(html)
    document.setDocumentMargin(0)
    document.setTextWidth(body.width())  # one long column: the pages are cut below
    if document.size().height() >= COLUMN_LIMIT - body.height():
        raise ReportTooLong()
    pages = pages_of(*_ink_and_keeps(document, body.height()), body.height())

    painter = QPainter(writer)
    small = QFont("DejaVu Sans")
    small.setPointSizeF(8)
    try:
        for index, (top, bottom) in enumerate(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.setClipRect(QRectF(0, 0, body.width(), bottom - top))
            painter.translate(0, -top)
            context = QAbstractTextDocumentLayout.PaintContext()
            # Qt draws every line that touches the clip, even when the clip hides it; kept a
            # hair inside the page, the line just below it is not written (and copied) twice.
            context.clip = QRectF(0, top + 0.5, body.width(), bottom - top - 1)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(small)
            painter.setPen(Qt.GlobalColor.darkGray)
            line = QRectF(0, body.height() + footer * 0.25, body.width(), footer * 0.75)
            painter.drawLine(line.topLeft(), line.topRight())
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             _elide(title, 90))
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"Page {index + 1} of {len(pages)}")
    finally:
        painter.end()
    data = QByteArray(buffer.data())
    buffer.close()
    return bytes(data)


# ------------------------------------------------------------------ where the pages end

Stretch = tuple[float, float]
"""A vertical stretch of the laid-out column, top and bottom, in device pixels."""


def pages_of(ink: list[Stretch], keeps: list[Stretch], height: float) -> list[Stretch]:
    """Cut the column into pages no taller than ``height``: each page's top and bottom.

    ``ink`` is what must not be cut (lines of text, a table's border and padding);
    a page may end only where no ink is, at the top of the next ink. ``keeps`` are
    stretches that should stay on one page: a page ends inside one only when no
    other end fits, and then at the lowest gap that fits (cut through ink only if
    a single line is taller than a page). No page is taller than ``height``.
    """
    tops, end = _gaps(ink)
    if not tops and end <= 0:
        return [(0.0, height)]
    allowed = _outside(tops, keeps)
    pages: list[Stretch] = []
    start, first = 0.0, 0
    while end - start > height:
        limit = start + height
        last = bisect_right(tops, limit, lo=first) - 1
        chosen = next((i for i in range(last, first - 1, -1) if allowed[i] and tops[i] > start), None)
        if chosen is None:
            chosen = last if last >= first and tops[last] > start else None
        cut = tops[chosen] if chosen is not None else limit
        pages.append((start, cut))
        start = cut
        first = chosen + 1 if chosen is not None else bisect_right(tops, start, lo=first)
    pages.append((start, max(end, start)))
    return pages


def _gaps(ink: list[Stretch]) -> tuple[list[float], float]:
    """Where a page may end (the tops of ink that begin below a gap) and where the ink ends."""
    tops: list[float] = []
    bottom = 0.0
    for top, low in sorted(ink):
        if top >= bottom and top > 0:
            tops.append(top)
        bottom = max(bottom, low)
    return tops, bottom


def _outside(tops: list[float], keeps: list[Stretch]) -> list[bool]:
    """For each of ``tops``: whether it is strictly inside none of ``keeps``."""
    allowed = [True] * len(tops)
    for top, bottom in keeps:
        for i in range(bisect_right(tops, top), bisect_left(tops, bottom)):
            allowed[i] = False
    return allowed


def _ink_and_keeps(document: QTextDocument, height: float) -> tuple[list[Stretch], list[Stretch]]:
    """The laid-out document's ink and what should stay together (see :func:`pages_of`).

    Together: the first two and the last two lines of a paragraph; a heading and
    the first two lines after it; a table (a claim card, the summary, the scale)
    that fits on a page; and of a taller one, its top with the start of its
    second paragraph (a card's heading with its quote) and its last two lines.
    """
    layout = document.documentLayout()
    ink: list[Stretch] = []
    keeps: list[Stretch] = []
    lines_of: dict[int, list[Stretch]] = {}
    heading_from: float | None = None
    block = document.begin()
    while block.isValid():
        origin = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        lines = [(origin + line.y(), origin + line.y() + line.height())
                 for line in (text_layout.lineAt(i) for i in range(text_layout.lineCount()))]
        if lines and block.length() > 1:  # not an empty block
            ink += lines
            lines_of[block.blockNumber()] = lines
            if heading_from is not None:
                keeps.append((heading_from, lines[min(1, len(lines) - 1)][1]))
                heading_from = None
            if len(lines) > 1:
                keeps += [(lines[0][0], lines[1][1]), (lines[-2][0], lines[-1][1])]
            if block.blockFormat().headingLevel():
                heading_from = lines[0][0]
        block = block.next()
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        inside = [lines_of[n] for n in range(frame.firstCursorPosition().blockNumber(),
                                             frame.lastCursorPosition().blockNumber() + 1) if n in lines_of]
        if not inside:
            continue
        box_top, box_bottom = _table_box(layout, frame)
        top, bottom = inside[0][0][0], inside[-1][-1][1]
        ink += [(box_top, top), (bottom, box_bottom)]
        if box_bottom - box_top <= height:
            keeps.append((box_top, box_bottom))
            continue
        after_heading = inside[1] if len(inside) > 1 else inside[0]
        keeps.append((box_top, after_heading[min(1, len(after_heading) - 1)][1]))
        last_lines = [line for lines in inside[-2:] for line in lines]
        keeps.append((last_lines[-2][0] if len(last_lines) > 1 else top, box_bottom))
    return ink, keeps


def _table_box(layout: QAbstractTextDocumentLayout, table: QTextTable) -> Stretch:
    """The top and bottom of a table as drawn: its borders, without its margins.

    Qt's frameBoundingRect() of a table starts where its first cell's text does
    (past the table's border and the cell's padding) and ends past its bottom
    margin: both are taken back here, in device pixels (Qt's CSS pixels are 1/96 inch).
    """
    box = layout.frameBoundingRect(table)
    scale = layout.paintDevice().logicalDpiY() / 96
    form = table.format()
    cell = table.cellAt(0, 0).format().toTableCellFormat()
    padding = cell.topPadding() if cell.hasProperty(QTextFormat.Property.TableCellTopPadding) \
        else form.cellPadding()
    spacing = 0 if form.borderCollapse() else form.cellSpacing()
    top = box.top() - scale * (padding + cell.topBorder() + form.border() + spacing)
    return top, top - scale * form.topMargin() + box.height() - scale * form.bottomMargin()


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
