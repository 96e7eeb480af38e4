"""Snapping a selection to whole words: pure code-point logic, no Qt."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.word_spans import MAX_SNAP, cuts_word, snap_to_words

HEADLINE = "LOS ANGELES (Reuters) - The mayor said crime fell by 40.5 percent, \u201cit\u2019s true.\u201d"


def snapped(text: str, selected: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(selected, start + 1)
    a, b = snap_to_words(text, start, start + len(selected))
    return text[a:b]


@pytest.mark.parametrize(("selected", "marked"), [
    ("LOS ANGE", "LOS ANGELES"),
    ("OS ANGELES", "LOS ANGELES"),
    ("NGE", "ANGELES"),
    ("LOS ANGELES", "LOS ANGELES"),  # whole words stay as they are
    ("ayor sai", "mayor said"),
    ("fell by 40", "fell by 40.5"),  # a figure is never cut at its decimal point
    ("0.5 perc", "40.5 percent"),
    ("percent", "percent"),  # the comma after it stays out
    ("percent,", "percent,"),  # and in when selected
    ("it\u2019", "it\u2019s"),  # an apostrophe inside a word joins it
    ("\u201cit", "\u201cit\u2019s"),  # the opening quote stays as selected
    ("s true", "it\u2019s true"),
    ("true.", "true."),
    ("tru", "true"),  # the full stop and closing quote stay out
    ("(Reuters", "(Reuters"),
    (" - ", " - "),
])
def test_a_boundary_inside_a_word_moves_to_the_word_edge(selected, marked):
    assert snapped(HEADLINE, selected) == marked


def test_snapping_never_crosses_a_paragraph_break_or_white_space():
    text = "The first paragraph ends\n\nsecond begins here"
    assert snapped(text, "ends\n\nsec") == "ends\n\nsecond"
    assert snapped(text, "nds\n") == "ends\n"
    assert snapped(text, "\nsec") == "\nsecond"
    assert snapped(text, "ends") == "ends"


def test_letters_outside_the_basic_plane_and_combining_marks_count_as_word_characters():
    text = "Intro 😀😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 first; cafe\u0301 au lait"
    assert snapped(text, "𝔫𝔦𝔠") == "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    assert snapped(text, "caf") == "cafe\u0301"  # the accent is part of the word
    assert snapped(text, "😀") == "😀"  # emoji are not words: nothing to widen


def test_a_run_longer_than_any_word_is_left_as_selected():
    text = "x" * (MAX_SNAP * 3)
    start, end = MAX_SNAP + 1, MAX_SNAP * 2 - 1
    assert snap_to_words(text, start, end) == (start, end)


def test_an_empty_or_outside_span_is_returned_unchanged():
    assert snap_to_words("words", 2, 2) == (2, 2)
    assert snap_to_words("words", 3, 9) == (3, 9)


# ------------------------------------------------------------------ properties

WORDY = st.text(alphabet=st.sampled_from(list("ab1 .,'\u2019\n\u201c\u201d-é😀𝔘\u0301\u200d")), max_size=60)


@st.composite
def text_and_span(draw):
    text = draw(WORDY)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@given(text_and_span())
def test_snapping_only_widens_and_only_over_word_characters(case):
    text, start, end = case
    a, b = snap_to_words(text, start, end)
    assert a <= start <= end <= b
    added = text[a:start] + text[end:b]
    assert not any(c.isspace() for c in added)  # so never across a paragraph break
    assert not any(c in "\u201c\u201d-😀" for c in added)  # quotes, dashes and emoji at the edge stay as selected


@given(text_and_span())
def test_a_snapped_span_cuts_no_word_and_snaps_to_itself(case):
    text, start, end = case
    a, b = snap_to_words(text, start, end)
    if start < end:
        assert not cuts_word(text, a) and not cuts_word(text, b)
    assert snap_to_words(text, a, b) == (a, b)


@given(text_and_span())
def test_a_span_that_cuts_no_word_is_kept_exactly(case):
    text, start, end = case
    if not cuts_word(text, start) and not cuts_word(text, end):
        assert snap_to_words(text, start, end) == (start, end)
