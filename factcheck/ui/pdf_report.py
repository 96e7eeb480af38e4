"""The report as a paginated PDF, drawn by Qt's text engine.

The report's HTML is laid out by a QTextDocument and printed page by page to a
QPdfWriter: text stays selectable and searchable, fonts are embedded (as
subsets), claim highlights keep their colours, and every page carries its
number and the article's title in the footer. Works in any thread and needs
only a QGuiApplication (the command line creates an offscreen one).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QFont, QGuiApplication, QPageLayout, QPageSize,
                           QPainter, QPdfWriter, QTextDocument)

from PySide6.QtWidgets import QApplication

from factcheck.core.report import Report

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 18
FOOTER_MM = 8
RESOLUTION = 300


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
    from factcheck.io.report_html import render_html

    return html_to_pdf(render_html(report), report.article.title, page_size)


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
    document.setPageSize(body)
    document.setDocumentMargin(0)
    pages = max(1, document.pageCount())

    painter = QPainter(writer)
    small = QFont("DejaVu Sans")
    small.setPointSizeF(8)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.translate(0, -index * body.height())
            clip = QRectF(0, index * body.height(), body.width(), body.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            painter.setClipRect(clip)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(small)
            painter.setPen(Qt.GlobalColor.darkGray)
            line = QRectF(0, body.height() + footer * 0.25, body.width(), footer * 0.75)
            painter.drawLine(line.topLeft(), line.topRight())
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             _elide(title, 90))
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"Page {index + 1} of {pages}")
    finally:
        painter.end()
    data = QByteArray(buffer.data())
    buffer.close()
    return bytes(data)


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
