"""How a line of the library search's results is drawn: headings, hits with their snippets marked, fact-checks.

A snippet is plain text with ranges (:class:`~factcheck.core.search_query.Snippet`): it is
laid out as text (a :class:`QTextLayout`, never rich text, so nothing in it is read as
markup) and each range is drawn bold on the tint that marks a match of Find in the
article, with its text in a colour that reads on that tint in any palette. A snippet
takes up to two lines and ends in "…" when cut.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from factcheck.core.anchors import Utf16Map
from factcheck.io.colors import mix
from factcheck.ui.article_view import FIND_COLOR, FIND_TINT, blend
from factcheck.ui.palettes import muted, readable_on
from factcheck.ui.search_results import (MORE, ResultRow, RowRole, article_detail, published_detail, where_detail,
                                         where_label)

PADDING = 10
"""Left and right margin of every line."""
INDENT = 18
"""How far a hit sits in from its article's heading."""
SNIPPET_LINES = 2
LINE_GAP = 4
"""Space above and below a hit's text."""

_Shaped = tuple[str, tuple[tuple[int, int], ...], int]
_WHITE_SPACE = re.compile(r"\s+")


class SearchResultDelegate(QStyledItemDelegate):
    """Draws the rows of :class:`~factcheck.ui.search_results.SearchResultsModel` in a :class:`QListView`."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._shaped: dict[tuple, object] = {}  # shaped snippets, their lines, the column's width: by font
        self._keys: list[tuple[QFont, str]] = []

    # ------------------------------------------------------------------ fonts and widths

    def _key(self, font: QFont) -> str:
        """``font.key()``, remembered for the last few fonts (asked for every row: it costs more than the row)."""
        for known, key in self._keys:
            if known == font:
                return key
        self._keys = [(QFont(font), font.key()), *self._keys[:3]]
        return self._keys[0][1]

    def _fonts(self, option) -> tuple[QFont, QFont, QFont]:
        """The text's font, the headings' (bold) and the small one of the details."""
        key = ("fonts", self._key(option.font))
        if key not in self._shaped:
            heading = QFont(option.font)
            heading.setBold(True)
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
            self._shaped[key] = (QFont(option.font), heading, small)
        return self._shaped[key]

    def _where_width(self, small: QFont) -> int:
        """The width of the column that says where a hit is (or a fact-check's verdict), for this font."""
        key = ("where", self._key(small))
        if key not in self._shaped:
            bold = QFont(small)
            bold.setBold(True)
            metrics = QFontMetrics(small)
            widest = max(metrics.horizontalAdvance(t) for t in ("Headline", "Rationale #99", "Claimant #99",
                                                                "Claim 999"))
            self._shaped[key] = max(widest, QFontMetrics(bold).horizontalAdvance("Mostly False")) + 14
        return self._shaped[key]

    def _text_width(self, option) -> int:
        _, _, small = self._fonts(option)
        width = self.view.viewport().width() if self.view is not None else option.rect.width()
        return max(80, width - 2 * PADDING - INDENT - self._where_width(small))

    def _heights(self, option) -> tuple[int, int, int, int]:
        """An article's heading, the published checks' heading, a line of text, a line of details: in pixels."""
        key = ("heights", self._key(option.font))
        if key not in self._shaped:
            body, heading, small = self._fonts(option)
            heading_line = QFontMetrics(heading).lineSpacing()
            self._shaped[key] = (heading_line + 14, heading_line + 20, QFontMetrics(body).lineSpacing(),
                                 QFontMetrics(small).lineSpacing())
        return self._shaped[key]

    # ------------------------------------------------------------------ size

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row: ResultRow | None = index.data(RowRole)
        width = self.view.viewport().width() if self.view is not None else 400
        if row is None:
            return QSize(width, 0)
        article, section, line, detail = self._heights(option)
        if row.kind == "article":
            return QSize(width, article)
        if row.kind == "section":
            return QSize(width, section)
        if row.kind == "more":
            return QSize(width, line + 2 * LINE_GAP)
        snippet = row.hit.snippet if row.kind == "hit" else row.published.snippet
        lines = self._shape(snippet.text, snippet.marks, option.font, self._text_width(option), measure_only=True)
        height = lines * line + 2 * LINE_GAP
        return QSize(width, height + detail + 2 if row.kind == "published" else height)

    def _shape(self, text: str, marks, font: QFont, width: int, *, measure_only: bool = False):
        """The text as shown in ``width`` (cut with "…" after the lines its row has), its marks, its lines.

        Only the lines in sight are shaped (a row's height is measured more cheaply,
        :func:`_lines_needed`): a page of 300 results is laid out in a few milliseconds.
        """
        if len(self._shaped) > 2000:
            self._shaped.clear()
        key = (text, marks, self._key(font), width)
        lines = self._shaped.get(key + (None,))
        if lines is None:
            lines = self._shaped[key + (None,)] = _lines_needed(text, marks, font, width)
        if measure_only:
            return lines
        if key not in self._shaped:
            self._shaped[key] = _shape(text, tuple(marks), font, width, lines)
        return self._shaped[key]

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: ResultRow | None = index.data(RowRole)
        if row is None:
            return
        painter.save()
        palette = option.palette if row.selectable else self.view.palette()  # a heading is not "disabled"
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            background = palette.highlight().color()
        elif option.state & QStyle.StateFlag.State_MouseOver and row.selectable:
            background = QColor(mix(palette.text().color().name(), palette.base().color().name(), 0.05))
        elif row.kind == "section":  # a band: the published fact-checks are a group of their own
            background = QColor(mix(palette.text().color().name(), palette.base().color().name(), 0.05))
        else:
            background = palette.base().color()
        painter.fillRect(option.rect, background)
        ground = background.name()
        text = readable_on((palette.highlightedText() if selected else palette.text()).color().name(), ground)
        colors = (QColor(text), QColor(muted(text, ground)), ground)
        border = QColor(mix(palette.text().color().name(), palette.base().color().name(), 0.14))
        if row.kind == "article":
            self._paint_article(painter, option, row, colors, border, index.row() > 0)
        elif row.kind == "section":
            self._paint_section(painter, option, row, colors, border)
        elif row.kind == "more":
            self._paint_more(painter, option, colors)
        else:
            self._paint_hit(painter, option, row, colors)
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            painter.setPen(QColor(mix(text, ground, 0.5)))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()

    def _paint_article(self, painter, option, row: ResultRow, colors, border, rule: bool) -> None:
        text, detail_color, _ = colors
        _, heading, small = self._fonts(option)
        if rule:  # a thin line sets each article's group apart from the one before
            painter.setPen(border)
            painter.drawLine(option.rect.topLeft(), option.rect.topRight())
        rect = option.rect.adjusted(PADDING, 0, -PADDING, 0)
        detail = article_detail(row.article)
        small_metrics, heading_metrics = QFontMetrics(small), QFontMetrics(heading)
        detail_width = min(small_metrics.horizontalAdvance(detail), int(rect.width() * 0.45)) if detail else 0
        gap = 14 if detail else 0
        title = heading_metrics.elidedText(" ".join(row.article.title.split()), Qt.TextElideMode.ElideRight,
                                           rect.width() - detail_width - gap)
        baseline = rect.top() + 8 + heading_metrics.ascent()
        painter.setFont(heading)
        painter.setPen(text)
        painter.drawText(QPointF(rect.left(), baseline), title)
        if detail:
            painter.setFont(small)
            painter.setPen(detail_color)
            x = rect.left() + heading_metrics.horizontalAdvance(title) + gap
            painter.drawText(QPointF(x, baseline),
                             small_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.right() - x))

    def _paint_section(self, painter, option, row: ResultRow, colors, border) -> None:
        _, detail_color, _ = colors
        _, heading, _ = self._fonts(option)
        painter.setPen(border)
        painter.drawLine(option.rect.topLeft(), option.rect.topRight())
        painter.setFont(heading)
        painter.setPen(detail_color)
        metrics = QFontMetrics(heading)
        painter.drawText(QPointF(option.rect.left() + PADDING, option.rect.top() + 14 + metrics.ascent()),
                         row.heading)

    def _paint_more(self, painter, option, colors) -> None:
        _, detail_color, _ = colors
        _, _, small = self._fonts(option)
        italic = QFont(small)
        italic.setItalic(True)
        painter.setFont(italic)
        painter.setPen(detail_color)
        left = option.rect.left() + PADDING + INDENT + self._where_width(small)
        baseline = option.rect.top() + LINE_GAP + QFontMetrics(option.font).ascent()
        painter.drawText(QPointF(left, baseline), f"{MORE} — Enter opens it")

    def _paint_hit(self, painter, option, row: ResultRow, colors) -> None:
        text, detail_color, ground = colors
        body, _, small = self._fonts(option)
        left = option.rect.left() + PADDING + INDENT
        top = option.rect.top() + LINE_GAP
        body_metrics, small_metrics = QFontMetrics(body), QFontMetrics(small)
        where_width = self._where_width(small)
        baseline = top + body_metrics.ascent()
        if row.kind == "hit":
            label, detail = where_label(row.hit), where_detail(row.hit)
            painter.setFont(small)
            painter.setPen(detail_color)
            painter.drawText(QPointF(left, baseline), label)
            if detail:
                painter.drawText(QPointF(left + small_metrics.horizontalAdvance(label + " "), baseline), detail)
            snippet = row.hit.snippet
        else:
            check = row.published.check
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(text)
            verdict = QFontMetrics(bold).elidedText(check.verdict or "No verdict", Qt.TextElideMode.ElideRight,
                                                    where_width - 10)
            painter.drawText(QPointF(left, baseline), verdict)
            snippet = row.published.snippet
        width = self._text_width(option)
        shown, marks, lines = self._shape(snippet.text, snippet.marks, body, width)
        layout = _layout(shown, marks, body, width, SNIPPET_LINES, _mark_format(body, text.name(), ground))
        painter.setPen(text)
        layout.draw(painter, QPointF(left + where_width, top))
        if row.kind == "published":
            line = published_detail(row.published)
            painter.setFont(small)
            painter.setPen(detail_color)
            y = top + lines * body_metrics.lineSpacing() + 2 + small_metrics.ascent()
            painter.drawText(QPointF(left + where_width, y),
                             small_metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))


def _mark_format(font: QFont, text: str, ground: str) -> QTextCharFormat:
    """A matched word: bold, on the tint of a match of Find, in a colour that reads on it."""
    tint = blend([FIND_COLOR], FIND_TINT, ground)
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setBackground(tint)
    fmt.setForeground(QColor(readable_on(text, tint.name())))
    return fmt


def _layout(text: str, marks, font: QFont, width: int, max_lines: int,
            mark_format: QTextCharFormat | None = None) -> QTextLayout:
    """``text`` laid out in lines of ``width`` (one more than ``max_lines`` at most), its ``marks`` formatted."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    to_utf16 = Utf16Map(text).to_utf16  # the ranges count code points; Qt counts UTF-16 units
    fmt = mark_format or _mark_format(font, "#000000", "#ffffff")  # only the weight matters for the width
    ranges = []
    for start, end in marks:
        piece = QTextLayout.FormatRange()
        piece.start, piece.length, piece.format = to_utf16(start), to_utf16(end) - to_utf16(start), fmt
        ranges.append(piece)
    layout.setFormats(ranges)
    layout.beginLayout()
    y = 0.0
    for _ in range(max_lines + 1):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += QFontMetrics(font).lineSpacing()
    layout.endLayout()
    return layout


def tidy(text: str, marks: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet as a line shows it: each run of white space one space; a word cut short before a final "…" gone.

    The marks move with the text they mark.
    """
    runs = [(m.start(), m.end()) for m in _WHITE_SPACE.finditer(text) if m.group() != " "]
    shown = _WHITE_SPACE.sub(" ", text) if runs else text

    def moved(offset: int) -> int:
        shift = 0
        for start, end in runs:
            if offset <= start:
                break
            if offset < end:  # inside a run: just after its one space
                return start - shift + 1
            shift += end - start - 1
        return offset - shift

    if runs:
        marks = tuple((a, b) for a, b in ((moved(s), moved(e)) for s, e in marks) if b > a)
    if shown.endswith(" …"):
        shown = shown[:-2] + "…"
    elif shown.endswith("…") and len(shown) > 1:
        space = shown.rfind(" ", 0, len(shown) - 1)
        if len(shown) - space <= 20 and space > 0 and all(e <= space for _, e in marks):
            shown = shown[:space].rstrip(" ,;:") + "…"
    return shown, marks


def _lines_needed(text: str, marks, font: QFont, width: int) -> int:
    """The lines a snippet takes in ``width``: 1 if it fits on one (its marks in bold), else :data:`SNIPPET_LINES`."""
    plain = QFontMetrics(font)
    if 2 * len(text) * plain.averageCharWidth() > 3 * width:  # surely more than a line: no need to measure
        return SNIPPET_LINES
    text, marks = tidy(text, tuple(marks))
    advance = plain.horizontalAdvance(text)
    if marks and advance <= width:
        bold_font = QFont(font)
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        advance += sum(bold.horizontalAdvance(text[s:e]) - plain.horizontalAdvance(text[s:e]) for s, e in marks)
    return 1 if advance <= width - 2 else SNIPPET_LINES


def _shape(text: str, marks: tuple[tuple[int, int], ...], font: QFont, width: int, lines: int) -> _Shaped:
    text, marks = tidy(text, marks)
    layout = _layout(text, marks, font, width, lines)
    if layout.lineCount() <= lines:
        return text, marks, lines
    last = layout.lineAt(lines - 1)
    cut = _code_points(text, last.textStart() + last.textLength())
    while cut > 1:  # cut back a word (or a few characters) at a time until the "…" fits on the last line
        cut = _before_word(text, cut)
        shown = text[:cut].rstrip() + "…"
        kept = tuple((s, min(e, cut)) for s, e in marks if s < cut)
        if _layout(shown, kept, font, width, lines).lineCount() <= lines:
            return shown, kept, lines
    return "…", (), lines


def _code_points(text: str, utf16: int) -> int:
    return Utf16Map(text).to_code_point(utf16)


def _before_word(text: str, at: int) -> int:
    """The start of the word before ``at`` (at most 12 characters back, so a long word is cut inside)."""
    limit = max(0, at - 12)
    at -= 1
    while at > limit and not text[at - 1].isspace():
        at -= 1
    return at if at > 0 else max(0, limit)

