"""Colours as ``#rrggbb`` text: WCAG contrast, mixing, and the shade of a colour that stays readable.

Shared by the reports (through :mod:`factcheck.io.report_presentation`) and the window's
highlights, list and palettes; apart from the report's presentation so that the window
needs none of the report's modules to start (issue 10: cold start).
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.core.rating_scales import NEUTRAL_COLOR

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def safe_color(color: str | None) -> str:
    """The colour as ``#rrggbb``; anything else (never expected) becomes the neutral grey."""
    return color.lower() if isinstance(color, str) and _HEX_COLOR.fullmatch(color) else NEUTRAL_COLOR


def _channels(color: str) -> tuple[int, int, int]:
    color = safe_color(color)
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=1024)
def text_color_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") \
        else "#ffffff"


@lru_cache(maxsize=1024)
def tint(color: str, strength: float = 0.2) -> str:
    """``color`` mixed into white: a light background that keeps dark text readable."""
    return mix(color, "#ffffff", strength)


def mix(color: str, under: str, amount: float) -> str:
    """``color`` laid over ``under`` at ``amount`` (0: only ``under``; 1: only ``color``)."""
    return "#" + "".join(f"{round(b + (a - b) * amount):02x}"
                         for a, b in zip(_channels(color), _channels(under), strict=True))


def readable(color: str, background: str, ratio: float = 4.5) -> str:
    """``color`` if it reaches ``ratio`` against ``background``; else the nearest shade of it that does.

    The shade moves away from the background, toward white if ``color`` is the
    lighter of the two and toward black if not (the other way when that end
    cannot reach ``ratio``), so a hue keeps its meaning: dark red becomes a
    lighter red on a dark background. 4.5:1 is always reachable; 21:1 is not,
    and gives black or white.
    """
    if contrast_ratio(color, background) >= ratio:
        return safe_color(color)
    extreme = "#ffffff" if relative_luminance(color) >= relative_luminance(background) else "#000000"
    if contrast_ratio(extreme, background) < ratio:
        extreme = "#000000" if extreme == "#ffffff" else "#ffffff"
    low, high = 0.0, 1.0  # how much of the extreme: too little, enough
    for _ in range(16):
        middle = (low + high) / 2
        if contrast_ratio(mix(extreme, color, middle), background) >= ratio:
            high = middle
        else:
            low = middle
    return mix(extreme, color, high)
