"""Palettes the window is checked under, and the stylesheet's colours drawn from the palette in use.

The window takes its colours from the application's QPalette: the light one, the
dark one Qt gives when the desktop is in dark mode (Qt 6.5+ follows
``QStyleHints.colorScheme()``), or any palette the user or a test sets. Nothing
in ``resources/style.qss`` is a fixed colour: each ``@name`` in it is worked out
here from the palette (:func:`style_colors`), so that every text reaches the
WCAG AA contrast of 4.5:1 against what is behind it, and the stylesheet is
worked out again whenever the palette changes (:class:`StyleFollower`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from factcheck.assets import resource
from factcheck.core.rating_scales import NEUTRAL_COLOR
from factcheck.io.colors import mix, readable

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

BODY_CONTRAST = 4.5
"""WCAG AA for text: every text in the window reaches it against its background."""
AIMED_CONTRAST = 5.0
"""What the window's colours are worked out to reach: AA with a margin, as anti-aliasing pales thin strokes."""
GRAPHIC_CONTRAST = 3.0
"""WCAG AA for the parts of a graphic that carry meaning (a progress bar, an underline)."""
DANGER = "#b71c1c"
"""The red of an error or a destructive button, made lighter as needed on a dark background."""
PROGRESS = "#2e7d32"
"""The green of the library's progress bars."""


def _palette(colors: dict[Role, str], disabled: dict[Role, str] = ()) -> QPalette:
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role, color in dict(disabled).items():
        palette.setColor(Group.Disabled, role, QColor(color))
    return palette


def fusion_dark_palette() -> QPalette:
    """The well-known dark palette for Qt's Fusion style (grey 53, blue 42-130-218 highlight)."""
    return _palette({
        Role.Window: "#353535", Role.WindowText: "#ffffff", Role.Base: "#2a2a2a",
        Role.AlternateBase: "#424242", Role.ToolTipBase: "#ffffff", Role.ToolTipText: "#000000",
        Role.PlaceholderText: "#a0a0a0", Role.Text: "#ffffff", Role.Button: "#353535",
        Role.ButtonText: "#ffffff", Role.BrightText: "#ff5252", Role.Light: "#505050",
        Role.Midlight: "#424242", Role.Mid: "#2a2a2a", Role.Dark: "#232323", Role.Shadow: "#141414",
        Role.Link: "#2a82da", Role.Highlight: "#2a82da", Role.HighlightedText: "#000000",
    }, disabled={Role.Text: "#7f7f7f", Role.WindowText: "#7f7f7f", Role.ButtonText: "#7f7f7f",
                 Role.Highlight: "#505050", Role.HighlightedText: "#7f7f7f"})


def system_dark_palette() -> QPalette:
    """The palette Qt 6.5+ gives the Fusion style when the desktop is dark and the theme names no colours.

    Its highlight is Qt's light-mode blue under near-white text, 3.2:1: the
    window must not take the selection colours as they come.
    """
    return _palette({
        Role.Window: "#323232", Role.WindowText: "#f0f0f0", Role.Base: "#242424",
        Role.AlternateBase: "#2b2b2b", Role.Text: "#f0f0f0", Role.Button: "#323232",
        Role.ButtonText: "#f0f0f0", Role.Light: "#4b4b4b", Role.Midlight: "#2b2b2b", Role.Mid: "#262626",
        Role.Dark: "#212121", Role.Shadow: "#181818", Role.Highlight: "#308cc6",
        Role.HighlightedText: "#f0f0f0", Role.Link: "#308cc6", Role.PlaceholderText: "#8f8f8f",
        Role.ToolTipBase: "#ffffdc", Role.ToolTipText: "#000000",
    }, disabled={Role.Text: "#828282", Role.WindowText: "#828282", Role.ButtonText: "#828282",
                 Role.Base: "#323232", Role.Highlight: "#919191"})


def high_contrast_palette(dark: bool = False) -> QPalette:
    """Black on white (or white on black) with a vivid highlight, as a desktop's high-contrast theme."""
    ink, paper = ("#ffffff", "#000000") if dark else ("#000000", "#ffffff")
    highlight, on_highlight = ("#ffff00", "#000000") if dark else ("#0000ee", "#ffffff")
    return _palette({
        Role.Window: paper, Role.WindowText: ink, Role.Base: paper, Role.AlternateBase: paper,
        Role.Text: ink, Role.Button: paper, Role.ButtonText: ink, Role.Light: ink, Role.Midlight: ink,
        Role.Mid: ink, Role.Dark: ink, Role.Shadow: ink, Role.Highlight: highlight,
        Role.HighlightedText: on_highlight, Role.Link: highlight if dark else "#0000ee",
        Role.PlaceholderText: ink, Role.ToolTipBase: paper, Role.ToolTipText: ink, Role.BrightText: ink,
    }, disabled={Role.Text: "#808080", Role.WindowText: "#808080", Role.ButtonText: "#808080"})


def use_fusion(app: QApplication, palette: QPalette) -> None:
    """The Fusion style (which paints with the palette alone) under ``palette``."""
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette)


# ------------------------------------------------------------------ the stylesheet's colours

def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` sets light text on a dark window (a dark or high-contrast dark theme)."""
    return palette.color(Role.WindowText).lightness() > palette.color(Role.Window).lightness()


@lru_cache(maxsize=1024)
def readable_on(color: str, *backgrounds: str, ratio: float = AIMED_CONTRAST) -> str:
    """``color``, or the nearest shade of it that reaches ``ratio`` against each of ``backgrounds``.

    The backgrounds must be all light or all dark, as a palette's window and base are.
    Remembered: the list and the claims table ask it for every row they paint, with the
    few colours of the palette and the scale.
    """
    for background in backgrounds:
        color = readable(color, background, ratio)
    return color


@lru_cache(maxsize=1024)
def muted(color: str, background: str) -> str:
    """Secondary text: ``color`` faded toward ``background``, as far as it stays readable on it."""
    return readable_on(mix(color, background, 0.62), background)


def style_colors(palette: QPalette) -> dict[str, str]:
    """The value of each ``@name`` in ``style.qss`` under ``palette``."""
    def role(r: Role) -> str:
        return palette.color(Group.Active, r).name()

    window, base = role(Role.Window), role(Role.Base)
    text = readable_on(role(Role.Text), base)
    selection_text = role(Role.HighlightedText)
    soft_selection = mix(role(Role.Highlight), base, 0.25)
    return {
        "window": window,
        "base": base,
        # The claim editor's page: white paper in a light palette; in a dark one the window's grey,
        # since fields there are darker than the window and would vanish on a page of their own colour.
        "form": window if is_dark(palette) else base,
        "text": text,
        "heading": readable_on(mix(role(Role.WindowText), window, 0.85), window, base, ratio=7.0),
        "muted": readable_on(muted(text, base), window, base),
        "alternate": mix(text, base, 0.03),
        "border": mix(text, base, 0.14),
        "toolbar": mix(role(Role.WindowText), window, 0.04),
        "quote": mix(text, base, 0.04),
        "neutral": NEUTRAL_COLOR,
        "selection": readable_on(role(Role.Highlight), selection_text),
        "selection_text": selection_text,
        "soft_selection": soft_selection,
        "soft_selection_text": readable_on(text, soft_selection),
        "danger": readable_on(DANGER, base, window),
        # A button's face is a gradient that starts lighter than its colour (Fusion's, among others).
        "danger_button": readable_on(DANGER, role(Role.Button), mix(role(Role.ButtonText), role(Role.Button), 0.12)),
    }


_NAME = re.compile(r"@([a-z_]+)")


def style_sheet(palette: QPalette) -> str:
    """``resources/style.qss`` with its colours worked out for ``palette``."""
    colors = style_colors(palette)
    return _NAME.sub(lambda m: colors[m.group(1)], resource("style.qss").read_text(encoding="utf-8"))


class StyleFollower(QWidget):
    """Keeps the application's stylesheet in step with its palette; never shown.

    The palette changes when the desktop switches between light and dark (Qt
    6.5+ follows ``QStyleHints.colorScheme()``) or when the application sets one;
    the stylesheet is then worked out again, so no colour of it is left from
    the palette before. A widget, since Qt tells every widget of a new
    application palette: an event filter on the application would see every
    event of the program.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(objectName="styleFollower")
        self.app = app
        app.styleHints().colorSchemeChanged.connect(self.restyle)

    def restyle(self, *args) -> None:
        sheet = style_sheet(self.app.palette())
        if self.app.styleSheet() != sheet:
            self.app.setStyleSheet(sheet)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.restyle()
        return super().event(event)


_follower: StyleFollower | None = None


def follow_palette(app: QApplication) -> None:
    """Style ``app`` for its palette now and whenever the palette changes."""
    global _follower
    if _follower is None or _follower.app is not app:
        _follower = StyleFollower(app)
    _follower.restyle()
