"""What every report rendering shares: chip colours, dates, which links are links, the text's paragraphs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_rendering_helpers import REPORT_TEXT, make_report

from factcheck.core.rating_scales import NEUTRAL_COLOR, builtin_scales
from factcheck.io.report_presentation import (
    article_paragraphs,
    contrast_ratio,
    format_date,
    format_timestamp,
    is_web_url,
    relative_luminance,
    safe_color,
    text_color_on,
    tint,
)

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(colours)
def test_chip_text_always_reaches_wcag_aa_contrast(colour):
    assert contrast_ratio(colour, text_color_on(colour)) >= 4.5


def test_chip_text_is_black_on_light_and_white_on_dark():
    assert text_color_on("#f9a825") == "#000000"  # amber
    assert text_color_on("#c62828") == "#ffffff"  # red
    assert text_color_on("#ffffff") == "#000000"
    assert text_color_on("#000000") == "#ffffff"
    for scale in builtin_scales():
        for verdict in scale.verdicts:
            assert contrast_ratio(verdict.color, text_color_on(verdict.color)) >= 4.5, verdict


@given(colours)
def test_tint_is_a_light_background_for_black_text(colour):
    light = tint(colour)
    assert relative_luminance(light) >= relative_luminance(colour)
    assert contrast_ratio(light, "#000000") >= 7


def test_only_hex_colours_reach_a_style_attribute():
    assert safe_color("#C62828") == "#c62828"
    for bad in ("red", "#c62828;background:url(x)", "", None, "#12345"):
        assert safe_color(bad) == NEUTRAL_COLOR


@pytest.mark.parametrize(("value", "shown"), [
    ("2017-07-09", "9 July 2017"),
    ("2024-05-06T10:00:00+00:00", "6 May 2024, 10:00 UTC"),
    ("2024-05-06T10:00:00+02:00", "6 May 2024, 10:00 UTC+02:00"),
    ("2024-05-06T10:00:00", "6 May 2024, 10:00"),
    ("not a date", "not a date"),
    ("2024-13-45", "2024-13-45"),
    (None, ""),
    ("", ""),
])
def test_dates_read_the_same_everywhere(value, shown):
    assert format_timestamp(value) == shown
    assert format_date(value) == shown


@pytest.mark.parametrize(("url", "web"), [
    ("https://example.com/a", True),
    ("HTTP://EXAMPLE.COM", True),
    ("https://example.com/a b", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    (" https://example.com", False),
    ("https:example.com", False),
    ("//example.com", False),
    ("file:///etc/passwd", False),
    ("mailto:a@example.com", False),
    ("data:text/html,<script>", False),
    ("https://[::1", False),
    ("", False),
])
def test_only_http_and_https_addresses_become_links(url, web):
    assert is_web_url(url) is web


def test_paragraphs_lines_and_pieces():
    report = make_report()
    paragraphs = article_paragraphs(report.text_runs())
    assert len(paragraphs) == 3
    assert [len(p) for p in paragraphs] == [1, 2, 1]
    joined = "\n\n".join("\n".join("".join(piece.text for piece in line) for line in p) for p in paragraphs)
    assert joined == REPORT_TEXT
    starts = [c.number for p in paragraphs for line in p for piece in line for c in piece.starts]
    assert starts == [1, 2, 3, 4, 5]


def test_a_claim_across_a_paragraph_break_is_cut_and_numbered_once():
    text = "First part.\n\nSecond part."
    report = make_report(claims=[((0, len(text)), {})], text=text)
    paragraphs = article_paragraphs(report.text_runs())
    assert len(paragraphs) == 2
    pieces = [piece for p in paragraphs for line in p for piece in line]
    assert all(piece.claims for piece in pieces)
    assert [len(piece.starts) for piece in pieces] == [1, 0]
