"""Every text in the window stays readable (WCAG AA, 4.5:1) under light, dark and high-contrast palettes.

The contrast is measured on what is painted: the window is grabbed and, inside
the rectangle of each text, the background is the commonest colour and the
text the colour that differs most from it. Anti-aliasing can only lower that
figure, never raise it. The article's highlights are also read from the
character formats the view writes.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QToolBar

from factcheck.core.articles import Article
from factcheck.io.report_presentation import contrast_ratio, readable
from factcheck.store import SQLiteStore
from factcheck.ui.claims_model import ClaimsTableModel, VerdictColorRole
from factcheck.ui.palettes import fusion_dark_palette, high_contrast_palette, system_dark_palette, use_fusion

AA = 4.5

PALETTES = {
    "light": lambda: QStyleFactory.create("Fusion").standardPalette(),
    "dark Fusion": fusion_dark_palette,
    "OS dark": system_dark_palette,
    "high contrast": high_contrast_palette,
    "high contrast, dark": lambda: high_contrast_palette(dark=True),
}

CLAIMS = [  # one claim of each verdict of the newsroom scale, and one unrated
    ("Putin & I discussed forming an impenetrable Cyber Security unit", "Misleading"),
    ("It's not the dumbest idea I've ever heard, but it's pretty close", "Opinion — not checkable"),
    ("Russian operatives were the chief suspects", "Accurate"),
    ("He vehemently denied it", None),
    ("Mr Trump talked with Mr Putin for around two and a half hours", "Mostly accurate"),
    ("an agreement with Russia for a partial ceasefire in Syria", "Mixed"),
    ("like the guy who robbed your house", "False"),
    ("The suggestion was met with widespread criticism", "Unverifiable"),
]


@pytest.fixture(params=list(PALETTES))
def palette(request, qapp):
    """The application under one of the palettes; the shared application gets its own back afterwards."""
    original = QPalette(qapp.palette())
    use_fusion(qapp, PALETTES[request.param]())
    yield request.param
    qapp.setPalette(original)


@pytest.fixture
def desk(palette, open_app, library_path, mark):
    """The window on the seed article and a second one, with a claim of every verdict; the first selected."""
    library = SQLiteStore.open(library_path, user="tester")
    library.add_article(Article(title="Budget figures", text="The budget grew by 4% last year.",
                                outlet="The Daily Check"))
    library.close()
    window = open_app()
    window.resize(1400, 1300)  # the whole of the claim editor in view
    seed = next(a.id for a in window.library.articles() if a.title.startswith("Donald Trump"))
    window.open_article(seed)
    ids = []
    for quote, verdict in CLAIMS:
        claim_id = mark(window, quote)
        if verdict:
            window.controller.set_claim_field(claim_id, "verdict", verdict)
        ids.append(claim_id)
    window.runner.wait_idle()
    window.claims_panel.select_claim(ids[0])
    window.editor.claim_date.show_error("The date “32 July” is not one the desk can read.")
    QApplication.processEvents()
    return window, ids


# ------------------------------------------------------------------ measuring

class Shot:
    """A picture of the window, read pixel by pixel."""

    def __init__(self, window) -> None:
        QApplication.processEvents()
        self.window = window
        self.image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        self.bits = bytes(self.image.constBits())
        self.stride = self.image.bytesPerLine()

    def rect_of(self, widget, rect: QRect | None = None) -> QRect:
        """``rect`` (widget coordinates; the whole widget by default) in the picture, as far as it is in view."""
        rect = (widget.rect() if rect is None else rect).intersected(widget.visibleRegion().boundingRect())
        return QRect(widget.mapTo(self.window, rect.topLeft()), rect.size())

    def colors(self, rect: QRect) -> Counter:
        rect = rect.intersected(self.image.rect())
        counts: Counter = Counter()
        for y in range(rect.top(), rect.bottom() + 1):
            row = y * self.stride
            for x in range(rect.left(), rect.right() + 1):
                b, g, r = self.bits[row + 4 * x: row + 4 * x + 3]
                counts[f"#{r:02x}{g:02x}{b:02x}"] += 1
        return counts

    def contrast(self, rect: QRect) -> float:
        """The contrast of the text in ``rect``: its most distinct colour against the commonest one."""
        counts = self.colors(rect)
        assert counts, f"nothing to measure in {rect}"
        background = counts.most_common(1)[0][0]
        return max(contrast_ratio(color, background) for color in counts)


def text_bands(shot: Shot, rect: QRect) -> list[QRect]:
    """The horizontal bands of ``rect`` that hold something besides the background: lines of text, a bar."""
    background = shot.colors(rect).most_common(1)[0][0]
    bands, top = [], None
    for y in range(rect.top(), rect.bottom() + 2):
        inked = y <= rect.bottom() and any(
            contrast_ratio(color, background) > 1.3 for color in shot.colors(QRect(rect.left(), y, rect.width(), 1)))
        if inked and top is None:
            top = y
        elif not inked and top is not None:
            bands.append(QRect(rect.left(), top - 1, rect.width(), y - top + 2))
            top = None
    return bands


def chip_rect(shot: Shot, cell: QRect, color: str) -> QRect:
    """Inside the verdict chip drawn in ``cell``: found by its fill or outline colour, its rounded ends left out."""
    target = QColor(color)
    xs, ys = [], []
    for y in range(cell.top(), cell.bottom() + 1):
        for x in range(cell.left(), cell.right() + 1):
            pixel = QColor(shot.colors(QRect(x, y, 1, 1)).most_common(1)[0][0])
            if max(abs(pixel.red() - target.red()), abs(pixel.green() - target.green()),
                   abs(pixel.blue() - target.blue())) <= 24:
                xs.append(x)
                ys.append(y)
    assert xs, f"no chip of {color} in {cell}"
    height = max(ys) - min(ys)
    return QRect(min(xs) + height // 2, min(ys) + 2, max(xs) - min(xs) - height, height - 3)


def article_contrasts(window) -> dict[str, float]:
    """Each claim's text against its highlight, as the view's character formats and extra selection set them."""
    view = window.article_panel.view
    text_color = view.palette().color(QPalette.ColorRole.Text).name()
    found = {}
    for claim in window.claims_model.claims():
        cursor = QTextCursor(view.document())
        cursor.setPosition(view._map.to_utf16(claim.start) + 1)
        fmt = cursor.charFormat()
        foreground = fmt.foreground().color().name() if fmt.foreground().style().value else text_color
        found[f"article: {claim.verdict or 'unrated'} highlight"] = contrast_ratio(
            foreground, fmt.background().color().name())
    for selection in view.extraSelections():
        fmt = selection.format
        foreground = fmt.foreground().color().name() if fmt.foreground().style().value else text_color
        found["article: selected claim"] = contrast_ratio(foreground, fmt.background().color().name())
    return found


def article_pixels(window, claim) -> float:
    """The claim's first characters on one line as painted: the band above the underline, one line high."""
    view = window.article_panel.view
    cursor = QTextCursor(view.document())

    def rect_at(code_point: int) -> QRect:
        cursor.setPosition(view._map.to_utf16(code_point))
        return view.cursorRect(cursor)

    view.setTextCursor(QTextCursor(cursor))
    cursor.setPosition(view._map.to_utf16(claim.start))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    edges = [rect_at(p) for p in range(claim.start, min(claim.end, claim.start + 12) + 1)]
    lines = [[r for r in edges if r.top() == top] for top in sorted({r.top() for r in edges})]
    line = max(lines, key=len)  # a claim that starts at the end of a line is measured on the next
    ascent = QFontMetrics(view.document().defaultFont()).ascent()  # the underline is below the baseline
    rect = QRect(line[0].left() + 1, line[0].top() + 1, line[-1].left() - line[0].left() - 2, ascent - 2)
    shot = Shot(window)
    return shot.contrast(shot.rect_of(view.viewport(), rect))


def measure_desk(window, ids) -> dict[str, float]:
    found = article_contrasts(window)
    for claim_id in ids:
        claim = window.claims_model.claim(claim_id)
        found[f"article (pixels): {claim.verdict or 'unrated'}"] = article_pixels(window, claim)
    shot = Shot(window)

    table = window.claims_panel.table
    viewport = table.viewport()
    for row in range(table.model().rowCount()):
        claimant = table.visualRect(table.model().index(row, ClaimsTableModel.QUOTE))
        found[f"claims table: row {row + 1} text"] = shot.contrast(shot.rect_of(viewport, claimant))
        index = table.model().index(row, ClaimsTableModel.VERDICT)
        cell = shot.rect_of(viewport, table.visualRect(index))
        found[f"claims table: {index.data()} chip"] = shot.contrast(chip_rect(shot, cell, index.data(VerdictColorRole)))
    header = table.horizontalHeader()
    found["claims table: heading"] = shot.contrast(shot.rect_of(header.viewport(), QRect(
        header.sectionViewportPosition(ClaimsTableModel.QUOTE), 0,
        header.sectionSize(ClaimsTableModel.QUOTE), header.height())))

    library = window.library_panel.view
    for row in range(library.model().rowCount()):
        item = shot.rect_of(library.viewport(), library.visualRect(library.model().index(row, 0)))
        state = "selected" if library.currentIndex().row() == row else "not selected"
        bands = text_bands(shot, item)
        lines = [band for band in bands if band.height() > 8]  # not the progress bar, not the line under the row
        for n in range(max(2, len(lines))):  # a title and a detail line at least: a line not seen has no contrast
            found[f"library: {state} row, line {n + 1}"] = shot.contrast(lines[n]) if n < len(lines) else 1.0

    panel = window.article_panel
    for name, label in (("headline", panel.title), ("byline", panel.meta)):
        found[f"article: {name}"] = shot.contrast(shot.rect_of(label))
    found.update(label_contrasts(shot))
    toolbar = window.findChild(QToolBar, "mainToolbar")
    found["toolbar: Import"] = shot.contrast(shot.rect_of(toolbar.widgetForAction(window.import_action)))
    button = window.editor.delete_claim
    found["editor: Delete claim"] = shot.contrast(shot.rect_of(button, button.rect().adjusted(3, 3, -3, -3)))
    return found


def label_contrasts(shot: Shot) -> dict[str, float]:
    """Every label of the window that shows text, by its name or text."""
    found = {}
    for label in shot.window.findChildren(QLabel):
        if label.isVisible() and label.text().strip() and not shot.rect_of(label).isEmpty():
            name = f"{label.objectName()}: {label.text()[:30]!r}" if label.objectName() else repr(label.text())
            name = next(f"label {name}{' (again)' * n}" for n in range(9) if f"label {name}{' (again)' * n}" not in found)
            found[name] = shot.contrast(shot.rect_of(label))
    return found


def failures(found: dict[str, float]) -> dict[str, float]:
    return {name: round(ratio, 2) for name, ratio in found.items() if ratio < AA}


# ------------------------------------------------------------------ tests

def test_every_text_of_the_desk_reaches_aa(desk, palette):
    window, ids = desk
    found = measure_desk(window, ids)
    assert len(found) > 40
    assert not failures(found), f"under the {palette} palette"


def test_the_empty_states_reach_aa(palette, open_app, tmp_path):
    empty = SQLiteStore.open(tmp_path / "empty.db", user="tester")
    empty.set_property("seeded", "1")
    empty.close()
    window = open_app(tmp_path / "empty.db")
    found = label_contrasts(Shot(window))
    assert sum(name.startswith(("label emptyHeading", "label emptyHint")) for name in found) == 8  # four empty states, two lines each
    assert not failures(found), f"under the {palette} palette"


def test_a_palette_changed_while_the_window_is_open_is_followed(open_app, qapp, mark):
    """The desktop switched to dark mode under a running window: its stylesheet and highlights follow."""
    original = QPalette(qapp.palette())
    try:
        window = open_app()
        window.resize(1400, 1300)
        ids = [mark(window, quote) for quote, _ in CLAIMS[:2]]
        window.controller.set_claim_field(ids[0], "verdict", "Misleading")
        window.runner.wait_idle()
        window.claims_panel.select_claim(ids[0])
        use_fusion(qapp, fusion_dark_palette())
        found = measure_desk(window, ids)
        assert not failures(found)
        assert Shot(window).colors(Shot(window).rect_of(window.article_panel.view.viewport())) \
            .most_common(1)[0][0] == "#2a2a2a"  # the article sits on the dark palette's base
    finally:
        qapp.setPalette(original)


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True), st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_a_readable_shade_reaches_aa_against_any_background(color, background):
    shade = readable(color, background)
    assert contrast_ratio(shade, background) >= AA
    if contrast_ratio(color, background) >= AA:
        assert shade == color
