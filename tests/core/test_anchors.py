"""Anchors: making them, finding them again in revised text, and Qt's UTF-16 offsets."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.core.anchors import (
    CONTEXT_LENGTH,
    Anchor,
    AnchorError,
    Utf16Map,
    locate,
    make_anchor,
    matches,
    trim_span,
)

ARTICLE = (
    "The mayor said the city had cut crime by 40 percent last year. "
    "Police figures show a fall of 12 percent. "
    "The mayor also said the budget was balanced."
)


def span_of(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


# ------------------------------------------------------------- make_anchor


def test_make_anchor_keeps_quote_and_32_characters_of_context():
    start, end = span_of(ARTICLE, "Police figures show a fall of 12 percent.")
    anchor = make_anchor(ARTICLE, start, end)
    assert CONTEXT_LENGTH == 32
    assert anchor == Anchor(
        start=start,
        end=end,
        quote="Police figures show a fall of 12 percent.",
        prefix=ARTICLE[start - 32 : start],
        suffix=ARTICLE[end : end + 32],
    )
    assert len(anchor.prefix) == len(anchor.suffix) == 32
    assert anchor.prefix.endswith("last year. ")
    assert anchor.suffix.startswith(" The mayor also")


def test_make_anchor_context_is_cut_short_at_the_ends_of_the_text():
    text = "Short text here."
    anchor = make_anchor(text, 0, len(text))
    assert (anchor.prefix, anchor.quote, anchor.suffix) == ("", text, "")
    anchor = make_anchor(text, 6, 10)
    assert (anchor.prefix, anchor.quote, anchor.suffix) == ("Short ", "text", " here.")


def test_make_anchor_context_length_can_be_chosen():
    anchor = make_anchor(ARTICLE, 10, 20, context=3)
    assert anchor.prefix == ARTICLE[7:10]
    assert anchor.suffix == ARTICLE[20:23]


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (3, 3), (5, 2), (0, len(ARTICLE) + 1), (len(ARTICLE), len(ARTICLE) + 1)],
)
def test_make_anchor_refuses_spans_outside_the_text_or_empty(start, end):
    with pytest.raises(AnchorError, match="outside"):
        make_anchor(ARTICLE, start, end)


@pytest.mark.parametrize("blank", [" ", "   ", "\n\n", " \t\n ", "\u00a0\u2003"])
def test_make_anchor_refuses_a_whitespace_only_selection(blank):
    text = f"Before{blank}after"
    with pytest.raises(AnchorError, match="white space"):
        make_anchor(text, 6, 6 + len(blank))


def test_anchor_error_is_a_value_error():
    assert issubclass(AnchorError, ValueError)


@given(st.text(min_size=1, max_size=200), st.data())
def test_make_anchor_invariants(text, data):
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(text)), label="end")
    if not text[start:end].strip():
        with pytest.raises(AnchorError):
            make_anchor(text, start, end)
        return
    anchor = make_anchor(text, start, end)
    assert (anchor.start, anchor.end) == (start, end)
    assert anchor.quote == text[start:end]
    assert anchor.prefix == text[max(0, start - CONTEXT_LENGTH) : start]
    assert anchor.suffix == text[end : end + CONTEXT_LENGTH]
    assert len(anchor.prefix) <= CONTEXT_LENGTH and len(anchor.suffix) <= CONTEXT_LENGTH
    assert text.startswith(anchor.prefix + anchor.quote + anchor.suffix, start - len(anchor.prefix))
    assert matches(text, anchor)


# --------------------------------------------------------------- trim_span


@pytest.mark.parametrize(
    ("text", "span", "trimmed"),
    [
        ("  word  ", (0, 8), (2, 6)),
        ("a claim\n", (0, 8), (0, 7)),
        ("\ta claim", (0, 8), (1, 8)),
        ("exact", (0, 5), (0, 5)),
        ("x    y", (1, 5), (5, 5)),  # nothing but white space: an empty span
        ("ab cd", (1, 4), (1, 4)),
    ],
)
def test_trim_span(text, span, trimmed):
    assert trim_span(text, *span) == trimmed


@given(st.text(alphabet=" \n\tab", max_size=40), st.data())
def test_trim_span_never_grows_and_leaves_no_edge_space(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    new_start, new_end = trim_span(text, start, end)
    assert start <= new_start <= new_end <= end
    assert text[new_start:new_end] == text[start:end].strip()


# ----------------------------------------------------------------- matches


def test_matches_only_when_the_position_still_holds_the_quote():
    start, end = span_of(ARTICLE, "cut crime by 40 percent")
    anchor = make_anchor(ARTICLE, start, end)
    assert matches(ARTICLE, anchor)
    assert not matches("Breaking: " + ARTICLE, anchor)
    assert not matches(ARTICLE[: end - 1], anchor)  # text now too short
    assert not matches(ARTICLE.replace("40", "45"), anchor)


# ------------------------------------------------------------------ locate


def test_locate_keeps_a_position_that_still_holds_the_quote():
    span = span_of(ARTICLE, "Police figures")
    anchor = make_anchor(ARTICLE, *span)
    assert locate(ARTICLE, anchor) == span
    # an edit after the quote does not move it
    assert locate(ARTICLE + " Update: corrected.", anchor) == span


def test_locate_follows_a_quote_moved_by_a_revision():
    anchor = make_anchor(ARTICLE, *span_of(ARTICLE, "Police figures show a fall of 12 percent."))
    revised = "UPDATED 14:05 with a statement from the police.\n\n" + ARTICLE.replace(
        "last year.", "last year, in a speech on Monday."
    )
    found = locate(revised, anchor)
    assert found == span_of(revised, "Police figures show a fall of 12 percent.")
    assert revised[found[0] : found[1]] == anchor.quote


def test_locate_picks_the_right_occurrence_of_a_repeated_phrase_by_its_context():
    text = (
        "In March the minister said: we will build 100,000 homes. "
        "Critics doubted it. "
        "In June the prime minister said: we will build 100,000 homes. "
        "Nobody has counted them since."
    )
    first = span_of(text, "we will build 100,000 homes", 0)
    second = span_of(text, "we will build 100,000 homes", 1)
    anchor_first = make_anchor(text, *first)
    anchor_second = make_anchor(text, *second)

    # shift both occurrences by the same amount so neither stored position holds
    revised = "Analysis | " + text
    shift = len("Analysis | ")
    assert locate(revised, anchor_first) == (first[0] + shift, first[1] + shift)
    assert locate(revised, anchor_second) == (second[0] + shift, second[1] + shift)


def test_locate_prefers_context_over_closeness_to_the_old_position():
    text = "Alpha said: taxes fell. Beta said: taxes fell. Gamma wrote more."
    second = span_of(text, "taxes fell", 1)
    anchor = make_anchor(text, *second)
    # Beta's words move far away; a stranger "taxes fell" with the wrong
    # context now sits a few characters from the old position.
    revised = "Alpha said: taxes fell. Beta: taxes fell! " + "x" * 80 + " Beta said: taxes fell. Gamma wrote more."
    near = span_of(revised, "taxes fell", 1)
    assert abs(near[0] - second[0]) < 10 and near != second
    assert locate(revised, anchor) == span_of(revised, "taxes fell", 2)


def test_locate_breaks_equal_context_ties_by_closeness_to_the_old_position():
    text = "one two ## one two ## one two"
    anchor = Anchor(start=9, end=16, quote="one two", prefix="", suffix="")
    # no context to go by: the occurrence nearest to position 9 wins
    assert locate(text, anchor) == span_of(text, "one two", 1)


@pytest.mark.parametrize(
    "revised",
    [
        ARTICLE.replace("12 percent", "12 per cent"),  # a lookalike
        ARTICLE.replace("Police figures", "police figures"),  # case changed
        ARTICLE.replace("Police figures show a fall of 12 percent. ", ""),  # gone
        "",
    ],
)
def test_locate_returns_none_when_the_quote_is_gone_never_a_lookalike(revised):
    anchor = make_anchor(ARTICLE, *span_of(ARTICLE, "Police figures show a fall of 12 percent."))
    assert locate(revised, anchor) is None


def test_locate_with_an_empty_quote_finds_nothing():
    assert locate(ARTICLE, Anchor(start=3, end=3, quote="", prefix="", suffix="")) is None


@given(st.text(min_size=1, max_size=300), st.data())
def test_locate_finds_the_original_span_in_an_unchanged_text(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    anchor = make_anchor(text, start, end)
    assert locate(text, anchor) == (start, end)


@given(
    st.text(alphabet="abc .,\n", min_size=1, max_size=200),
    st.text(alphabet="XYZ", min_size=1, max_size=50),
    st.data(),
)
def test_locate_follows_a_span_when_text_is_inserted_before_it(text, inserted, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    anchor = make_anchor(text, start, end)
    # Only a passage that is unique with its context can be found for certain.
    assume(text.count(anchor.prefix + anchor.quote + anchor.suffix) == 1)
    revised = inserted + text
    shift = len(inserted)
    if matches(revised, anchor):
        # By design a stored position that still holds the quote wins, even by
        # coincidence (as in the Hypothesis client); nothing to disambiguate.
        assert locate(revised, anchor) == (start, end)
    else:
        assert locate(revised, anchor) == (start + shift, end + shift)


@given(st.text(max_size=200), st.text(min_size=1, max_size=20))
def test_locate_result_always_holds_the_quote_or_is_none(text, quote):
    anchor = Anchor(start=0, end=len(quote), quote=quote, prefix="", suffix="")
    found = locate(text, anchor)
    if quote in text:
        assert found is not None and text[found[0] : found[1]] == quote
    else:
        assert found is None


# --------------------------------------------------------------- Utf16Map


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_utf16_map_on_plain_bmp_text_is_the_identity():
    text = "Café — naïve 中文 text"
    mapping = Utf16Map(text)
    for i in range(len(text) + 1):
        assert mapping.to_utf16(i) == i
        assert mapping.to_code_point(i) == i


def test_utf16_map_counts_non_bmp_characters_before_a_span_twice():
    text = "😀 Emoji 🇺🇸 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 then 𠜎 before the claim: taxes fell."
    mapping = Utf16Map(text)
    start, end = span_of(text, "taxes fell")
    astral_before = sum(1 for ch in text[:start] if ord(ch) > 0xFFFF)
    assert astral_before == 1 + 2 + 7 + 1
    assert mapping.to_utf16(start) == start + astral_before == utf16_length(text[:start])
    assert mapping.to_utf16(end) == utf16_length(text[:end])
    assert mapping.to_code_point(mapping.to_utf16(start)) == start
    assert mapping.to_code_point(mapping.to_utf16(end)) == end
    assert mapping.length == len(text)


def test_utf16_map_rounds_an_offset_inside_a_surrogate_pair_down():
    text = "a😀b"
    mapping = Utf16Map(text)
    assert [mapping.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    # UTF-16 offset 2 falls between the two halves of the emoji
    assert [mapping.to_code_point(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_utf16_map_of_consecutive_astral_characters():
    text = "😀😀😀x"
    mapping = Utf16Map(text)
    assert [mapping.to_utf16(i) for i in range(5)] == [0, 2, 4, 6, 7]
    assert [mapping.to_code_point(u) for u in range(8)] == [0, 0, 1, 1, 2, 2, 3, 4]


@given(st.text(max_size=200))
def test_utf16_map_matches_utf16_encoding_and_round_trips(text):
    mapping = Utf16Map(text)
    for i in range(len(text) + 1):
        u16 = mapping.to_utf16(i)
        assert u16 == utf16_length(text[:i])
        assert mapping.to_code_point(u16) == i


@given(st.text(alphabet=st.characters(min_codepoint=0x10000, max_codepoint=0x1FAFF) | st.sampled_from("ab\n"),
               max_size=100))
def test_utf16_map_every_utf16_offset_maps_to_the_character_holding_it(text):
    mapping = Utf16Map(text)
    total = utf16_length(text)
    for u16 in range(total + 1):
        cp = mapping.to_code_point(u16)
        assert 0 <= cp <= len(text)
        # the code point starts at or just before this UTF-16 offset
        assert mapping.to_utf16(cp) <= u16
        assert u16 - mapping.to_utf16(cp) <= (1 if cp < len(text) and ord(text[cp]) > 0xFFFF else 0)
