"""The suggestions' marks in the article's margin: a short stroke beside the lines of each suggested sentence.

The stroke is painted over the article view's page, in the document's left margin, in the
suggestions' hue (:data:`~factcheck.ui.suggestion_panel.SUGGESTION_COLOR`): it never
enters the document, tints no word, and so never looks like a claim. The suggestion chosen
(or hovered) in the list gets a wider stroke and a faint outline round its words.
Only the suggestions on the lines in sight are painted, from the lines Qt has laid out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QToolTip

from factcheck.ui.suggestion_panel import suggestion_color

STROKE = 3
EMPHASISED_STROKE = 5
LEFT = 6
"""Pixels from the page's left edge to the stroke (the document's margin is 18)."""


class MarginMarks(QObject):
    """Paints the marks of the suggestions given (code-point spans) on the article view.

    A mark tells what it is in its tooltip (:attr:`describe`), and a click on it chooses its
    suggestion (:attr:`clicked`).
    """

    clicked = Signal(object)
    """A mark was clicked: its span."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.spans: list[tuple[int, int]] = []  # in text order
        self.emphasised: tuple[int, int] | None = None
        self.article_id: int | None = None
        self.describe: Callable[[tuple[int, int]], str] = lambda span: ""
        self._bars: list[tuple[float, float, tuple[int, int]]] = []
        """The marks as last painted: top and bottom in the viewport, and the span."""
        self._cursor_before: QCursor | None = None
        """The article's cursor while the pointing hand shows over a mark (None: no hand shown)."""
        view.paint_over = self.paint
        view.viewport().installEventFilter(self)

    def show(self, article_id: int | None, spans, emphasised: tuple[int, int] | None = None) -> None:
        spans = sorted(spans)
        if (article_id, spans, emphasised) != (self.article_id, self.spans, self.emphasised):
            self.article_id, self.spans, self.emphasised = article_id, spans, emphasised
            self.view.viewport().update()

    def emphasise(self, span: tuple[int, int] | None) -> None:
        if span != self.emphasised:
            self.emphasised = span
            self.view.viewport().update()

    def clear(self) -> None:
        self.show(None, [])

    def remove(self) -> None:
        """No marks any more (suggestions turned off)."""
        self.clear()
        self._bars = []
        self._point(False)
        if self.view.paint_over == self.paint:
            self.view.paint_over = None

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter) -> None:
        view = self.view
        self._bars = []
        if not self.spans or view.article_id() != self.article_id or view.paint_over != self.paint:
            return
        top, bottom = view.visible_span()
        length = view.text_length()
        color = QColor(suggestion_color(view.page_colors()[0]))
        scroll = view.verticalScrollBar().value()
        first = max(0, bisect_left(self.spans, (top, -1)) - 1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for start, end in self.spans[first:]:
            if start > bottom:
                break
            if end <= top or end > length:
                continue
            lines = self._lines(start, end)
            if not lines:
                continue
            emphasised = (start, end) == self.emphasised
            width = EMPHASISED_STROKE if emphasised else STROKE
            y0, y1 = lines[0].top() - scroll, lines[-1].bottom() - scroll
            self._bars.append((y0, y1, (start, end)))
            painter.setPen(Qt.PenStyle.NoPen)
            color.setAlpha(255 if emphasised else 200)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(LEFT, y0 + 2, width, max(4.0, y1 - y0 - 4)), 1.5, 1.5)
            if emphasised:
                outline = QColor(color)
                outline.setAlpha(150 if QColor(view.page_colors()[0]).lightness() >= 128 else 220)
                painter.setPen(QPen(outline, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in lines:
                    painter.drawRoundedRect(rect.translated(0, -scroll).adjusted(-2, 1, 2, -1), 3, 3)

    def _lines(self, start: int, end: int) -> list[QRectF]:
        """The rectangles (document coordinates) of the words ``start``–``end`` on each line laid out so far."""
        view = self.view
        document = view.document()
        begin, finish = view.utf16_of(start), view.utf16_of(end)
        rects: list[QRectF] = []
        block = document.findBlock(begin)
        while block.isValid() and block.position() < finish:
            layout = block.layout()
            if not layout.lineCount():  # not laid out yet: painted once it is
                break
            origin = layout.position()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                a = block.position() + line.textStart()
                b = a + line.textLength()
                if b <= begin or a >= finish:
                    continue
                left = line.cursorToX(max(begin, a) - block.position())[0]
                right = line.cursorToX(min(finish, b) - block.position())[0]
                rects.append(QRectF(origin.x() + min(left, right), origin.y() + line.y(), abs(right - left),
                                    line.height()))
            block = block.next()
        return rects

    # ------------------------------------------------------------------ pointing

    def span_at(self, point) -> tuple[int, int] | None:
        """The span of the mark at a viewport point (in the margin beside its lines), if any."""
        if not LEFT - 4 <= point.x() <= LEFT + EMPHASISED_STROKE + 6:
            return None
        # the innermost first: of two sentences sharing a line, the one whose lines the point is on
        hits = [(y1 - y0, span) for y0, y1, span in self._bars if y0 <= point.y() <= y1]
        return min(hits)[1] if hits else None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            span = self.span_at(event.pos())
            if span is not None:
                QToolTip.showText(event.globalPos(), self.describe(span), self.view.viewport())
                return True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease) and \
                event.button() == Qt.MouseButton.LeftButton:
            span = self.span_at(event.position().toPoint())
            if span is not None:
                if kind == QEvent.Type.MouseButtonRelease:
                    self.clicked.emit(span)
                return True  # the article's selection stays as it was
        elif kind == QEvent.Type.MouseMove and not event.buttons():
            if self.span_at(event.position().toPoint()) is not None:
                self._point(True)
                return True
            self._point(False)
        elif kind == QEvent.Type.Leave:
            self._point(False)
        return False

    def _point(self, on: bool) -> None:
        """The pointing hand over a mark; off it, the cursor the article had before (the text's I-beam)."""
        viewport = self.view.viewport()
        if on and self._cursor_before is None:
            self._cursor_before = viewport.cursor()
            viewport.setCursor(Qt.CursorShape.PointingHandCursor)
        elif not on and self._cursor_before is not None:
            viewport.setCursor(self._cursor_before)
            self._cursor_before = None

    def scroll_to(self, start: int) -> None:
        """Bring the sentence at ``start`` into sight (a third of the way down) if it is out of it; select nothing."""
        view = self.view
        top, bottom = view.visible_span()
        if top <= start < bottom:
            return
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.utf16_of(start))
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + view.cursorRect(cursor).top() - view.viewport().height() // 3)
