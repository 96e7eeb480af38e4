"""The article's text, with every claim highlighted in its verdict's colour.

Highlights are character formats written into the document, painted only over
the span that changed (a claim marked, rated or deleted), so a long article with
thousands of claims stays quick to edit. The selected claim gets one extra
selection on top. Positions cross the Qt boundary here: Qt counts UTF-16 code
units, the rest of factcheck counts code points (:class:`Utf16Map`).

Matches of Find in the article (:mod:`factcheck.ui.find_bar`) are extra
selections after the selected claim's: they never enter the document, so
neither its formats nor an undo history see them.

A claim a revision orphaned is never shown on the text: its offsets belong to an
earlier revision. It is neither tinted nor, when selected, emphasised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetrics, QPainter, QPalette, QTextBlockFormat, QTextCharFormat,
                           QTextCursor)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip

from factcheck.core.anchors import Utf16Map
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.overlaps import covering_runs
from factcheck.core.word_spans import snap_to_words
from factcheck.io.colors import mix
from factcheck.ui.claims_model import ClaimsTableModel
from factcheck.ui.palettes import readable_on

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

TINT = 0.24
"""How much of a verdict's colour shows behind the text of a claim."""
DARK_TINT = 0.36
"""The same on a dark page, where a verdict's colour shows less."""
SELECTED_TINT = 0.5
FIND_COLOR = "#ff2fd0"
"""The tint of a match of Find: magenta, a hue no rating scale gives a verdict and far from the selection's blue."""
FIND_TINT = 0.45
"""Deeper than a claim's (TINT): a match reads as vivid magenta, a claim as a pale wash of its verdict's colour."""
CURRENT_FIND_TINT = 0.7


def blend(colors: list[str], alpha: float, base: str = "#ffffff") -> QColor:
    """Lay each colour over ``base`` at ``alpha``: overlapping claims show deeper.

    The view passes at most :data:`~factcheck.core.report.SHOWN_DEPTH` colours, those of the
    innermost claims: the next one out would add at most 2.5% of its colour (TINT and DARK_TINT).
    """
    for color in colors:
        base = mix(color, base, alpha)
    return QColor(base)


def highlight_format(colors: list[str], alpha: float, base: str, text: str) -> QTextCharFormat:
    """A claim's highlight on the page's ``base``: its verdict's hue behind text that stays readable on it.

    The text keeps the page's colour when it contrasts enough with the blend
    (:data:`~factcheck.ui.palettes.AIMED_CONTRAST`), and turns to the nearest
    shade that does when it would not.
    """
    background = blend(colors, alpha, base)
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setForeground(QColor(readable_on(text, background.name())))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(QColor(colors[-1]))
    return fmt


HUGE_PARAGRAPH = 100_000
"""Characters in one paragraph beyond which the text is laid out plainly (a pasted dump, not prose)."""


def has_huge_paragraph(text: str) -> bool:
    if len(text) < HUGE_PARAGRAPH:
        return False
    return any(len(paragraph) > HUGE_PARAGRAPH for paragraph in text.split("\n"))


class ArticleView(QTextBrowser):
    claim_clicked = Signal(int)
    mark_requested = Signal()

    READING_WIDTH = 78
    """Characters to a line at most: a comfortable measure for long reading."""

    def __init__(self, model: ClaimsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.mark_action = None
        self.placement_actions: list = []
        """Actions on the selected claim's place (Attach Here, Accept New Wording), in the context menu when enabled."""
        self.snaps_to_words: Callable[[], bool] = lambda: True
        """Whether selections widen to whole words (the preference); Alt while selecting keeps exact characters."""
        self._exact = False
        self._text = ""
        self._map = Utf16Map("")
        self._selected: int | None = None
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._selected_formats: dict[str, QTextCharFormat] = {}  # the selected claim's, by its colour
        self._claim_selections: list[QTextEdit.ExtraSelection] = []
        self._find_spans: list[tuple[int, int]] = []
        self._find_current: tuple[int, int] | None = None
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        self._find_formats: tuple[QTextCharFormat, QTextCharFormat] | None = None  # a match's, the current one's
        self._page = self._page_colors()
        self._removed_span: tuple[int, int] | None = None
        self._article_id: int | None = None
        self.paint_over: Callable | None = None
        """Paints over the page after the text (``paint_over(painter)``): the suggestions' margin marks."""
        self.setObjectName("articleView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setMouseTracking(True)
        self.document().setUndoRedoEnabled(False)
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(12)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(18)
        model.modelReset.connect(self.repaint_all)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._rows_about_to_be_removed)
        model.rowsRemoved.connect(self._rows_removed)
        model.dataChanged.connect(self._data_changed)

    # ------------------------------------------------------------ content

    def set_article(self, article: Article | None) -> None:
        text = article.text if article else ""
        self._article_id = article.id if article else None
        self._text = text
        self._map = Utf16Map(text)
        self._selected = None
        self._claim_selections, self._find_spans, self._find_current, self._find_selections = [], [], None, []
        self.setExtraSelections([])
        self.setPlainText(text)
        block = QTextBlockFormat()
        if not has_huge_paragraph(text):  # airy lines cost Qt a second layout pass: not for a 1 MB line
            block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        self._repaint_all(block)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def lines_high(self, lines: int) -> int:
        """The height in pixels that shows ``lines`` lines of the article at its line height."""
        line = QFontMetrics(self.document().defaultFont()).lineSpacing() * 1.5
        return int(lines * line + 2 * self.document().documentMargin() + 2 * self.frameWidth())

    def article_text(self) -> str:
        """The article's text as stored: what Find searches, in code points."""
        return self._text

    def article_id(self) -> int | None:
        return self._article_id

    def text_length(self) -> int:
        return self._map.length

    def utf16_of(self, offset: int) -> int:
        """A code-point offset into the article as Qt counts it (UTF-16 units)."""
        return self._map.to_utf16(offset)

    def page_colors(self) -> tuple[str, str]:
        """The page and its text colour, as painted now."""
        return self._page

    def loadResource(self, kind: int, url: QUrl):
        """Articles never load anything: no files, no network, no images."""
        return None

    # ---------------------------------------------------------- positions

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets into the article, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (self._map.to_code_point(cursor.selectionStart()),
                self._map.to_code_point(cursor.selectionEnd()))

    def claim_span(self) -> tuple[int, int] | None:
        """The span a mark takes: the selection widened to whole words, unless snapping is off or it was exact."""
        span = self.selection_span()
        if span is None or self._exact or not self.snaps_to_words():
            return span
        return snap_to_words(self._text, *span)

    def select_span(self, start: int, end: int, exact: bool = True) -> None:
        """Select code points ``start``–``end`` (``end`` may come first: the selection then runs backwards).

        A span chosen by the program is marked as it is; ``exact=False`` makes it
        a selection like one made by hand, widened to whole words when marked.
        """
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._exact = exact

    def cursor_offset(self) -> int:
        """Where the cursor stands, in code points: the start of the selection if there is one."""
        return self._map.to_code_point(self.textCursor().selectionStart())

    def reveal_span(self, start: int, end: int) -> None:
        """Select ``start``–``end`` exactly; one that was out of sight is brought to a third of the way down."""
        bar = self.verticalScrollBar()
        before = bar.value()
        self.select_span(start, end)
        if bar.value() != before:  # it was out of sight: show it with some of the text before it
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_utf16(start))
            bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 3)

    def visible_span(self) -> tuple[int, int]:
        """The code points from the first line in sight to the end of the last.

        Read from the lines laid out so far, without laying out more: Qt lays a
        long article out in steps after it opens, and its hit test gives wrong
        answers (or forces the rest) meanwhile.
        """
        top = self.verticalScrollBar().value()
        first = self._laid_out_position(top, end=False)
        last = self._laid_out_position(top + self.viewport().height(), end=True)
        return self._map.to_code_point(first), self._map.to_code_point(max(first, last))

    def _laid_out_position(self, y: float, end: bool) -> int:
        """The UTF-16 position where the laid-out line at document height ``y`` starts (or ends)."""
        document = self.document()
        low, high = 0, document.blockCount() - 1
        while low < high:  # the last laid-out block whose top is at or above y (laid-out blocks come first)
            middle = (low + high + 1) // 2
            layout = document.findBlockByNumber(middle).layout()
            if layout.lineCount() and layout.position().y() <= y:
                low = middle
            else:
                high = middle - 1
        block = document.findBlockByNumber(low)
        layout = block.layout()
        if not layout.lineCount():
            return block.position()
        y -= layout.position().y()
        low, high = 0, layout.lineCount() - 1
        while low < high:
            middle = (low + high + 1) // 2
            if layout.lineAt(middle).y() <= y:
                low = middle
            else:
                high = middle - 1
        line = layout.lineAt(low)
        return block.position() + line.textStart() + (line.textLength() if end else 0)

    def settle_selection(self, exact: bool) -> None:
        """A selection just made by hand: widen it to whole words on screen, unless it is ``exact``."""
        self._exact = exact
        span = self.selection_span()
        if span is None or exact or not self.snaps_to_words():
            return
        start, end = snap_to_words(self._text, *span)
        if (start, end) != span:
            backwards = self.textCursor().position() < self.textCursor().anchor()
            self.select_span(*((end, start) if backwards else (start, end)), exact=False)

    def position_at(self, point: QPoint) -> int | None:
        """Code-point offset of the character under a viewport point, if any."""
        position = self.document().documentLayout().hitTest(
            point + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value()),
            Qt.HitTestAccuracy.ExactHit)
        return None if position < 0 else self._map.to_code_point(position)

    # --------------------------------------------------------- highlights

    def _format(self, colors: tuple[str, ...]) -> QTextCharFormat:
        """The highlight of a stretch covered by claims of these colours (outermost first)."""
        fmt = self._formats.get(colors)
        if fmt is None:
            tint = DARK_TINT if QColor(self._page[0]).lightness() < 128 else TINT
            fmt = highlight_format(list(colors), tint, *self._page) if colors else QTextCharFormat()
            self._formats[colors] = fmt
        return fmt

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._page_colors() != self._page:
            self._page = self._page_colors()  # a dark or light palette, or the stylesheet following it
            self._formats.clear()
            self._selected_formats.clear()
            self._find_formats = None
            self.repaint_all()
            self.show_find_matches(self._find_spans, self._find_current)

    def _page_colors(self) -> tuple[str, str]:
        """The page and its text, as the palette (and the stylesheet over it) paints them."""
        palette = self.palette()
        return palette.color(QPalette.ColorRole.Base).name(), palette.color(QPalette.ColorRole.Text).name()

    def repaint_all(self) -> None:
        self._repaint_all()

    def _repaint_all(self, block: QTextBlockFormat | None = None) -> None:
        """Clear and repaint every highlight (and merge ``block`` into every paragraph) in one edit block.

        One edit block means one relayout of the document instead of one per
        change: on a long article that is most of the cost of opening it.
        """
        current = self.model.article_id == self._article_id
        if block is None and not current:
            # The model already holds the next article, whose text is on the way:
            # set_article paints it then, so clearing the old text's highlights is wasted work.
            self._show_selected()
            return
        self._formats.clear()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        if block is not None:  # a text just set: it has no highlights to clear
            if block.properties():
                cursor.mergeBlockFormat(block)
        else:
            cursor.setCharFormat(QTextCharFormat())
        if current:
            self._paint(cursor, 0, self._map.length, self.model.claims()[: self.model.placed_count()])
        cursor.endEditBlock()
        self._show_selected()

    def repaint_span(self, start: int, end: int) -> None:
        # A colleague's revision reaches the claims a moment before its text: no offset past the text shown.
        start, end = min(start, self._map.length), min(end, self._map.length)
        claims = self.model.claims_overlapping(start, end)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        self._paint(cursor, start, end, claims)
        cursor.endEditBlock()
        selected = self.model.claim(self._selected)
        if selected is None or (selected.start < end and start < selected.end):
            self._show_selected()  # it is gone, or its verdict's colour may have changed; else it shows as it did

    def _paint(self, cursor: QTextCursor, start: int, end: int, claims: list[Claim]) -> None:
        """Format ``[start, end)`` from the claims that touch it (in text order), once per stretch of one colour.

        A stretch is coloured by its :data:`~factcheck.core.report.SHOWN_DEPTH`
        innermost claims, as the reports are, so its cost does not grow with the
        number of claims overlapping it; neighbouring stretches that come out the
        same are formatted as one.
        """
        if self.model.article_id != self._article_id:
            return  # the model already holds the next article; its text is on the way
        length = self._map.length
        spans = [(min(c.start, length), min(c.end, length)) for c in claims]
        color = [self.model.color_of(c) for c in claims]
        regions: list[list] = []  # [start, end, colours]
        for a, b, inner, _covering, _starting in covering_runs(range(len(claims)), spans.__getitem__, start, end):
            colors = tuple(color[i] for i in inner)
            if regions and regions[-1][2] == colors:
                regions[-1][1] = b
            else:
                regions.append([a, b, colors])
        for a, b, colors in regions:
            cursor.setPosition(self._map.to_utf16(a))
            cursor.setPosition(self._map.to_utf16(b), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(self._format(colors))

    def _placed(self, first: int, last: int) -> list[Claim]:
        """The claims of these rows that stand on the text (an orphan's offsets are an earlier revision's)."""
        return [c for c in map(self.model.claim_at, range(first, last + 1)) if not c.orphan]

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        spans = self._placed(first, last)
        if spans:
            self.repaint_span(min(c.start for c in spans), max(c.end for c in spans))

    def _rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        spans = self._placed(first, last)
        self._removed_span = (min(c.start for c in spans), max(c.end for c in spans)) if spans else None

    def _rows_removed(self, *args) -> None:
        if self._removed_span:
            self.repaint_span(*self._removed_span)
            self._removed_span = None

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        if top.column() > ClaimsTableModel.VERDICT or bottom.column() < ClaimsTableModel.VERDICT:
            return  # only numbers or status moved: colours are as they were
        spans = self._placed(top.row(), bottom.row())
        if len(spans) > 50:
            self.repaint_all()
        elif spans:
            self.repaint_span(min(c.start for c in spans), max(c.end for c in spans))

    # ------------------------------------------------------------ selection

    def show_claim(self, claim_id: int | None) -> None:
        """Emphasise the claim and scroll its span into view (no-op for None)."""
        self._selected = claim_id
        claim = self._show_selected()
        if claim is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_utf16(claim.end))
            self.setTextCursor(cursor)
            cursor.setPosition(self._map.to_utf16(claim.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def show_find_matches(self, spans: list[tuple[int, int]], current: tuple[int, int] | None = None) -> None:
        """Tint these matches of Find (code-point spans), ``current`` more strongly; none clears them.

        Each is one extra selection, so the caller passes the matches in or near
        sight, not every match of a long article.
        """
        self._find_spans, self._find_current = spans, current
        if self._find_formats is None:
            self._find_formats = (self._find_format(FIND_TINT), self._find_format(CURRENT_FIND_TINT))
        selections = []
        to_utf16, document, keep = self._map.to_utf16, self.document(), QTextCursor.MoveMode.KeepAnchor
        for span in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(to_utf16(span[0]))
            cursor.setPosition(to_utf16(span[1]), keep)
            selection.cursor = cursor
            selection.format = self._find_formats[span == current]
            selections.append(selection)
        self._find_selections = selections
        self.setExtraSelections(self._claim_selections + selections)

    def _find_format(self, alpha: float) -> QTextCharFormat:
        """A match's tint: only the background and a text colour readable on it, so a claim's underline stays."""
        background = blend([FIND_COLOR], alpha, self._page[0])
        fmt = QTextCharFormat()
        fmt.setBackground(background)
        fmt.setForeground(QColor(readable_on(self._page[1], background.name())))
        return fmt

    def _show_selected(self) -> Claim | None:
        claim = self.model.claim(self._selected)
        if claim is None or claim.orphan or claim.end > self._map.length:  # an orphan is not on this text
            self._claim_selections = []
            self.setExtraSelections(self._find_selections)
            return None
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(claim.start))
        cursor.setPosition(self._map.to_utf16(claim.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        color = self.model.color_of(claim)
        fmt = self._selected_formats.get(color)
        if fmt is None:
            fmt = self._selected_formats[color] = highlight_format([color], SELECTED_TINT, *self._page)
        selection.format = fmt
        self._claim_selections = [selection]
        self.setExtraSelections(self._claim_selections + self._find_selections)
        return claim

    # ---------------------------------------------------------------- events

    def mousePressEvent(self, event) -> None:
        self._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self.settle_selection(self._exact or bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            return
        position = self.position_at(event.position().toPoint())
        if position is None:
            return
        covering = self.model.claims_at(position)
        if not covering:
            return
        ids = [c.id for c in covering]
        # Clicking again where claims overlap steps to the next one out.
        if self._selected in ids:
            chosen = ids[(ids.index(self._selected) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self.claim_clicked.emit(chosen)

    def keyPressEvent(self, event) -> None:
        before = (self.textCursor().anchor(), self.textCursor().position())
        super().keyPressEvent(event)
        if (self.textCursor().anchor(), self.textCursor().position()) != before:
            self._exact = False  # a selection changed by keyboard is snapped when marked

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self.position_at(event.pos())
            covering = self.model.claims_at(position) if position is not None else []
            if covering:
                QToolTip.showText(event.globalPos(), self._tooltip(covering), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, claims: list[Claim]) -> str:
        lines = []
        for claim in claims:
            number = self.model.number_of(claim.id)
            verdict = claim.verdict or "Unrated"
            claimant = claim.claimant or "claimant not set"
            lines.append(f"Claim {number} · {verdict} · {claimant}")
        return "\n".join(lines)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        ours = [a for a in (self.mark_action, *self.placement_actions) if a is not None and (
            a is self.mark_action or a.isEnabled())]
        for action in ours:
            menu.insertAction(first, action)
        if ours:
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.paint_over is not None:
            painter = QPainter(self.viewport())
            try:
                self.paint_over(painter)
            finally:
                painter.end()

    def resizeEvent(self, event) -> None:
        # Keep lines to a readable measure: centre a column of READING_WIDTH characters.
        metrics = QFontMetrics(self.document().defaultFont())
        widest = metrics.horizontalAdvance("n" * self.READING_WIDTH) + 2 * int(self.document().documentMargin())
        spare = max(0, self.width() - widest)
        self.setViewportMargins(spare // 2, 0, spare // 2, 0)
        super().resizeEvent(event)
