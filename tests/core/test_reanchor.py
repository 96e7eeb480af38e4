"""Re-anchoring claims on a new revision: realistic revisions, the thresholds, and ties.

The random-edit proofs are in test_reanchor_properties.py; the word index, edit
distances and the old → new comparison in test_reanchor_text.py.
"""

import time

import pytest

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.reanchor import (
    MAX_LOOSE_WORDS,
    MIN_SIMILARITY,
    Placement,
    PlacementKind,
    Revision,
    anchor_from_selectors,
    place,
    place_all,
)
from factcheck.core.reanchor_text import words
from factcheck.io.webannotation import selectors

EXACT, MOVED, CHANGED, ORPHAN = PlacementKind

ARTICLE = (
    "Council approves budget after long night of talks\n\n"
    "The mayor said the city had cut crime by 40 percent last year. "
    "Police figures show a fall of 12 percent over the same period.\n\n"
    "Opposition councillors said the budget was not balanced. "
    "The treasurer said the deficit stood at 3.2 million and would fall by 2026.\n\n"
    "Residents who spoke at the meeting asked for more street lighting. "
    "The mayor promised 200 new lamps before the winter."
)

CLAIMS = [
    "the city had cut crime by 40 percent last year.",
    "Police figures show a fall of 12 percent over the same period.",
    "the deficit stood at 3.2 million and would fall by 2026.",
    "The mayor promised 200 new lamps before the winter.",
]


def span_of(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def anchors_for(text: str, phrases: list[str]) -> list[Anchor]:
    return [make_anchor(text, *span_of(text, p)) for p in phrases]


def both(new: str, anchors: list[Anchor], old: str) -> list[list[Placement]]:
    """The placements without the old text and with it."""
    return [place_all(new, anchors), place_all(new, anchors, old_text=old)]


def assert_at(placement: Placement, text: str, phrase: str, kind: PlacementKind, occurrence: int = 0) -> None:
    assert placement.kind is kind, placement
    assert (placement.start, placement.end) == span_of(text, phrase, occurrence)
    assert placement.quote == phrase
    assert placement.anchor == make_anchor(text, placement.start, placement.end)


# ----------------------------------------------------------------- realistic revisions


def test_an_unchanged_text_places_every_claim_exactly():
    anchors = anchors_for(ARTICLE, CLAIMS)
    for placements in both(ARTICLE, anchors, ARTICLE):
        assert [p.kind for p in placements] == [EXACT] * 4
        assert [p.anchor for p in placements] == anchors
        assert all(p.similarity == 1.0 and p.old is a for p, a in zip(placements, anchors, strict=True))


def test_a_paragraph_inserted_above_moves_every_claim_to_its_place():
    anchors = anchors_for(ARTICLE, CLAIMS)
    title, rest = ARTICLE.split("\n\n", 1)
    revised = title + "\n\nUPDATED 14:05: adds the treasurer's statement and a correction.\n\n" + rest
    for placements in both(revised, anchors, ARTICLE):
        for placement, phrase in zip(placements, CLAIMS, strict=True):
            assert_at(placement, revised, phrase, MOVED)
            assert placement.anchor.prefix == revised[placement.start - 32 : placement.start]


def test_a_figure_corrected_inside_a_claim_changes_its_wording_to_the_new_figure():
    anchors = anchors_for(ARTICLE, CLAIMS)
    revised = ARTICLE.replace("by 40 percent", "by 14 percent")
    for placements in both(revised, anchors, ARTICLE):
        changed = placements[0]
        assert changed.kind is CHANGED
        assert changed.quote == "the city had cut crime by 14 percent last year."
        assert changed.old.quote == CLAIMS[0]
        assert (changed.start, changed.end) == span_of(revised, changed.quote)
        assert changed.similarity == pytest.approx(1 - 1 / 11)  # 1 of 11 words (10 and a full stop)
        assert "wording changed" in changed.why
        assert [p.kind for p in placements[1:]] == [EXACT] * 3


@pytest.mark.parametrize(("before", "after"), [
    ("Police figures show a fall of 12 percent", "Police figures show a fall of 11 percent"),
    ("the deficit stood at 3.2 million and would fall by 2026.",
     "the deficit stood at 3.2 million and would fall by 2027."),
    ("The mayor promised 200 new lamps", "The mayor promised 150 new lamps"),
])
def test_a_figure_corrected_at_the_start_or_end_of_a_claim_is_inside_the_new_quote(before, after):
    anchors = anchors_for(ARTICLE, CLAIMS)
    revised = "Corrected.\n\n" + ARTICLE.replace(before, after)
    new_figure = after.split()[-2] if after.endswith(".") else after.split()[-3]
    for placements in both(revised, anchors, ARTICLE):
        changed = [p for p in placements if p.kind is CHANGED]
        assert len(changed) == 1
        assert changed[0].quote.replace(after, before) == changed[0].old.quote
        assert new_figure in changed[0].quote
        assert [p.kind for p in placements].count(MOVED) == 3


def test_a_deleted_paragraph_orphans_its_claims_and_only_them():
    anchors = anchors_for(ARTICLE, CLAIMS)
    paragraphs = ARTICLE.split("\n\n")
    revised = "\n\n".join(paragraphs[:2] + paragraphs[3:])
    for placements in both(revised, anchors, ARTICLE):
        assert [p.kind for p in placements] == [EXACT, EXACT, ORPHAN, MOVED]
        orphan = placements[2]
        assert (orphan.anchor, orphan.start, orphan.end, orphan.quote) == (None, None, None, None)
        assert orphan.old == anchors[2]
        assert orphan.why.startswith("quote not found")
        assert_at(placements[3], revised, CLAIMS[3], MOVED)


def test_two_paragraphs_swapped_each_claim_follows_its_paragraph():
    anchors = anchors_for(ARTICLE, CLAIMS)
    title, first, second, third = ARTICLE.split("\n\n")
    revised = "\n\n".join([title, third, second, first])
    for placements in both(revised, anchors, ARTICLE):
        for placement, phrase in zip(placements, CLAIMS, strict=True):
            assert_at(placement, revised, phrase, MOVED)


def test_an_empty_new_text_orphans_every_claim():
    anchors = anchors_for(ARTICLE, CLAIMS)
    for new in ("", "\n\n  "):
        for placements in both(new, anchors, ARTICLE):
            assert [p.kind for p in placements] == [ORPHAN] * 4
            assert all(p.why == "the new text is empty" and not p.unfinished for p in placements)


def test_characters_outside_the_bmp_count_one_offset_each():
    text = ("Markets 📈 rose as the 🇺🇦 delegation arrived.\n\n"
            "The minister 🤔 said exports grew by 9 percent in 2023 🌍. "
            "𝔉𝔞𝔠𝔱: imports fell by 3 percent.")
    phrases = ["exports grew by 9 percent in 2023 🌍.", "𝔉𝔞𝔠𝔱: imports fell by 3 percent."]
    anchors = anchors_for(text, phrases)
    revised = "🧾🧾 Correction 💶 appended.\n\n" + text.replace("9 percent", "8 percent")
    for placements in both(revised, anchors, text):
        changed, moved = placements
        assert changed.kind is CHANGED and changed.quote == "exports grew by 8 percent in 2023 🌍."
        assert revised[changed.start : changed.end] == changed.quote  # code points, not UTF-16 units
        assert_at(moved, revised, phrases[1], MOVED)


# ----------------------------------------------------------------- repeated phrases


REPEATS = (
    "In March the minister said: we will build 100,000 homes. Critics doubted it.\n\n"
    "In June the prime minister said: we will build 100,000 homes. Nobody has counted them since.\n\n"
    "The housing agency's own figures show 31,000 homes were built in the year."
)


def test_a_repeated_phrase_is_placed_on_its_own_occurrence_by_its_context():
    promise = "we will build 100,000 homes"
    anchors = [make_anchor(REPEATS, *span_of(REPEATS, promise, k)) for k in (0, 1)]
    revised = "Analysis | Housing\n\n" + REPEATS.replace("Critics doubted it.", "Critics, including the "
                                                                              "opposition, doubted it.")
    for placements in both(revised, anchors, REPEATS):
        assert_at(placements[0], revised, promise, MOVED, 0)
        assert_at(placements[1], revised, promise, MOVED, 1)
    # The first occurrence deleted: the second's claim stays; with the old text the first's is
    # an orphan. Without it, the one occurrence left is all there is to go by.
    shorter = REPEATS.replace("In March the minister said: we will build 100,000 homes. ", "")
    without, with_old = both(shorter, anchors, REPEATS)
    assert with_old[0].kind is ORPHAN
    assert_at(with_old[1], shorter, promise, MOVED)
    assert_at(without[1], shorter, promise, MOVED)
    assert_at(without[0], shorter, promise, MOVED)


BOILERPLATE = "Sign up to our morning briefing for the figures behind the news, free every weekday, straight to you."


def boilerplate_article() -> tuple[str, list[str]]:
    paragraphs = [
        "Rents rose by 6 percent in the capital, the statistics office said on Tuesday.",
        BOILERPLATE,
        "Wages rose by 4 percent over the same period, according to the treasury.",
        BOILERPLATE,
        "The opposition said the figures hid a fall in real incomes for the young.",
        BOILERPLATE,
        "The minister said a new housing bill would be published in the spring.",
    ]
    return "\n\n".join(paragraphs), paragraphs


def test_a_phrase_with_the_same_context_each_time_is_placed_by_the_edits_when_the_old_text_is_known():
    text, _ = boilerplate_article()
    quote = "the figures behind the news"
    anchors = [make_anchor(text, *span_of(text, quote, k)) for k in range(3)]
    # 32 characters each side are the same for all three
    assert len({(a.prefix, a.suffix) for a in anchors}) == 1
    revised = "Live updates\n\n" + text.replace("Wages rose by 4 percent", "Wages rose by 4.5 percent")
    placements = place_all(revised, anchors, old_text=text)
    for k, placement in enumerate(placements):
        assert_at(placement, revised, quote, MOVED, k)
        assert placement.why == "followed the edits"


def test_a_phrase_with_the_same_context_each_time_is_an_orphan_without_the_old_text_unless_its_neighbours_say():
    text, _ = boilerplate_article()
    quote = "the figures behind the news"
    tied = [make_anchor(text, *span_of(text, quote, k)) for k in range(3)]
    revised = "Live updates\n\n" + text
    # Alone, each of the three is a tie: an orphan, never a guess.
    for anchor in tied:
        placement = place(None, revised, anchor)
        assert placement.kind is ORPHAN and placement.why == "3 candidates equally good"
    # With claims before and after each that moved by the same amount, the tie is settled.
    neighbours = anchors_for(text, ["Rents rose by 6 percent", "Wages rose by 4 percent",
                                    "fall in real incomes", "a new housing bill"])
    placements = place_all(revised, [*tied, *neighbours])
    for k, placement in enumerate(placements[:3]):
        assert_at(placement, revised, quote, MOVED, k)
        assert placement.why.endswith("by the claims around it")
    # Neighbours that moved by different amounts settle nothing.
    uneven = ("Live updates\n\n" + text).replace("the treasury", "the national treasury")
    placements = place_all(uneven, [*tied, *neighbours])
    assert [p.kind for p in placements] == [MOVED, ORPHAN, MOVED] + [MOVED] * 4
    assert placements[1].why == "3 candidates equally good"
    assert_at(placements[2], uneven, quote, MOVED, 2)


def test_a_repeated_quote_whose_context_changed_on_both_sides_is_an_orphan_not_a_guess():
    text = ("Drivers were told that fuel duty will rise in April, the chancellor confirmed.\n\n"
            "A spokesman added that fuel duty will rise in April for the first time since 2011.")
    quote = "fuel duty will rise in April"
    anchors = [make_anchor(text, *span_of(text, quote, k)) for k in (0, 1)]
    revised = ("Hauliers fear fuel duty will rise in April again; motorists expect fuel duty will rise "
               "in April as well.")
    for anchor in anchors:
        placement = place(None, revised, anchor)
        assert placement.kind is ORPHAN and placement.why == "2 candidates equally good"


def test_the_stored_position_loses_to_an_occurrence_that_keeps_all_of_its_context():
    text = "Alpha said: taxes fell. Beta said: taxes fell. Gamma wrote more."
    anchor = make_anchor(text, *span_of(text, "taxes fell", 1))
    # a stranger "taxes fell" now sits exactly at the stored position
    revised = "Alpha said: taxes fell. Delta too: taxes fell! Beta said: taxes fell. Gamma wrote more."
    assert revised[anchor.start : anchor.end] == "taxes fell"
    placement = place(None, revised, anchor)
    assert_at(placement, revised, "taxes fell", MOVED, 2)


def test_a_deleted_quote_is_not_attached_to_a_passage_that_was_already_there():
    text = ("The minister said unemployment fell to 4 percent in May.\n\n"
            "Analysts noted that unemployment fell to 4 percent in May, but warned of revisions.")
    anchor = make_anchor(text, *span_of(text, "unemployment fell to 4 percent in May", 0))
    revised = "Analysts noted that unemployment fell to 4 percent in May, but warned of revisions."
    placement = place(text, revised, anchor)
    assert placement.kind is ORPHAN
    assert "was there before" in placement.why
    # Without the old text nothing tells the two apart: the only occurrence is taken (by design:
    # a quote that occurs once is found; the old text is what tells a lookalike apart).
    assert place(None, revised, anchor).kind is MOVED


def test_a_deleted_quote_is_not_attached_to_a_lookalike_nearby():
    text = ("Inflation fell to 3.1 percent in March, the bank said.\n\n"
            "In April, the bank said, inflation fell to 3.4 percent in April of last year.")
    anchor = make_anchor(text, *span_of(text, "Inflation fell to 3.1 percent in March"))
    revised = text.split("\n\n")[1]
    for placement in (place(None, revised, anchor), place(text, revised, anchor)):
        assert placement.kind is ORPHAN, placement


# ----------------------------------------------------------------- thresholds


def test_one_word_of_five_changed_is_the_least_similarity_kept():
    text = "Before the vote. Turnout reached sixty percent. After the vote."
    anchor = make_anchor(text, *span_of(text, "Turnout reached sixty percent."))  # 5 words: 4 and "."
    placement = place(None, text.replace("sixty", "fifty"), anchor)
    assert placement.kind is CHANGED and placement.similarity == MIN_SIMILARITY == 0.8
    assert placement.quote == "Turnout reached fifty percent."


def test_one_word_of_four_changed_is_too_little_kept():
    text = "Before the vote. Turnout reached sixty percent After the vote."
    anchor = make_anchor(text, *span_of(text, "Turnout reached sixty percent"))
    placement = place(None, text.replace("sixty", "fifty"), anchor)
    assert placement.kind is ORPHAN
    assert placement.why == "quote not found; nothing close enough (0.75 of the words, 0.80 needed)"


@pytest.mark.parametrize(("replacement", "kind"), [
    ("an estimated", CHANGED),  # 61 → 66 characters: +8%
    ("an estimated and hotly contested", ORPHAN),  # +43%, though 8 of 10 words kept
])
def test_a_changed_wording_stays_within_thirty_percent_of_the_quote_s_length(replacement, kind):
    text = "Officials said that turnout reached sixty percent in the north, on Monday."
    quote = "that turnout reached sixty percent in the north, on Monday."
    anchor = make_anchor(text, *span_of(text, quote))
    placement = place(None, text.replace("sixty", replacement + " sixty"), anchor)
    assert placement.kind is kind, placement


def test_a_change_of_spacing_alone_is_a_changed_wording_with_every_word_kept():
    text = "Intro.\n\nThe budget, he said, was balanced in 2023. More text follows here."
    anchor = make_anchor(text, *span_of(text, "The budget, he said, was balanced in 2023."))
    placement = place(text, text.replace("he said, was", "he said,\nwas"), anchor)
    assert placement.kind is CHANGED and placement.similarity == 1.0
    assert placement.why == "spacing changed"


def test_a_loose_match_must_keep_some_of_its_context():
    text = "Councillor Haddad told us: the port handled 12 million tonnes. The end."
    anchor = make_anchor(text, *span_of(text, "the port handled 12 million tonnes."))
    moved_and_changed = "Elsewhere entirely, the port handled 13 million tonnes. Nothing else"
    placement = place(None, moved_and_changed, anchor)
    assert placement.kind is ORPHAN and "not in its context" in placement.why
    # The old text puts it there (the text around the claim was rewritten in place): changed.
    rewritten_around = "Councillor Haddad said: the port handled 13 million tonnes. Then he left."
    assert place(None, rewritten_around, anchor).kind is ORPHAN
    placement = place(text, rewritten_around, anchor)
    assert placement.kind is CHANGED and placement.quote == "the port handled 13 million tonnes."


def test_two_loose_matches_about_equally_good_make_an_orphan():
    revised = "Taxes rose by 4 percent in 2023. Taxes rose by 5 percent in 2023."
    anchor = anchor_from_selectors("Taxes rose by 3 percent in 2023.")  # no position, no context
    placement = place(None, revised, anchor)
    assert placement.kind is ORPHAN and placement.why == "2 candidates equally good"


# ----------------------------------------------------------------- selectors, deadlines, old text


def test_what_web_annotation_selectors_give_can_be_placed():
    anchors = anchors_for(ARTICLE, CLAIMS)
    revised = "Updated.\n\n" + ARTICLE
    for anchor in anchors:
        quote_selector, position_selector = selectors(ARTICLE, anchor)
        from_selectors = anchor_from_selectors(
            quote_selector["exact"], quote_selector.get("prefix", ""), quote_selector.get("suffix", ""),
            position_selector["start"], position_selector["end"])
        assert from_selectors == anchor
        assert place(None, ARTICLE, from_selectors).kind is EXACT
        assert_at(place(None, revised, from_selectors), revised, anchor.quote, MOVED)
        # a TextQuoteSelector alone (as an orphan is exported) has no position to keep
        quote_only = anchor_from_selectors(quote_selector["exact"], quote_selector.get("prefix", ""),
                                           quote_selector.get("suffix", ""))
        assert (quote_only.start, quote_only.end) == (-1, -1)
        assert_at(place(None, ARTICLE, quote_only), ARTICLE, anchor.quote, MOVED)


def test_a_position_that_does_not_span_the_quote_is_not_used():
    anchor = anchor_from_selectors("cut crime", start=0, end=3)
    assert (anchor.start, anchor.end) == (-1, -1)
    assert_at(place(None, ARTICLE, anchor), ARTICLE, "cut crime", MOVED)


def test_an_anchor_not_made_on_the_old_text_given_is_placed_by_its_quote():
    anchor = make_anchor(ARTICLE, *span_of(ARTICLE, CLAIMS[1]))
    unrelated_old = "Something else entirely. " * 20
    revised = "Updated.\n\n" + ARTICLE
    assert_at(place(unrelated_old, revised, anchor), revised, CLAIMS[1], MOVED)


def test_a_passed_deadline_leaves_loose_searches_unfinished_and_places_the_rest():
    anchors = anchors_for(ARTICLE, CLAIMS)
    revised = "New.\n\n" + ARTICLE.replace("40 percent", "41 percent")
    placements = place_all(revised, anchors, deadline=time.monotonic() - 1)
    assert placements[0].kind is ORPHAN and placements[0].unfinished
    assert placements[0].why == "not searched: time ran out"
    assert [p.kind for p in placements[1:]] == [MOVED] * 3
    # placed again without a deadline, it is found
    assert Revision(revised).place(anchors[0]).kind is CHANGED


def test_a_claim_without_a_quote_is_an_orphan():
    placement = place(None, ARTICLE, Anchor(start=3, end=3, quote="", prefix="", suffix=""))
    assert placement.kind is ORPHAN and placement.why == "the claim has no quote"


def test_placement_kinds_have_labels_for_the_reviewer():
    assert [k.value for k in PlacementKind] == ["exact", "moved", "changed", "orphan"]
    assert [k.label for k in PlacementKind] == ["exact", "moved", "changed wording", "orphaned"]


# ----------------------------------------------------------------- found by review of the benchmark


def test_the_stored_place_among_identical_copies_is_not_kept_when_the_claims_around_it_moved():
    text, _ = boilerplate_article()
    quote = "the figures behind the news"
    tied = make_anchor(text, *span_of(text, quote, 1))
    around = anchors_for(text, ["Wages rose by 4 percent", "fall in real incomes"])
    # The paragraph before the claim grows by exactly the distance between two boxes, so the
    # first box now sits at the claim's stored place, with all of its context.
    first_box = span_of(text, quote, 0)[0]
    grown = "Rents rose by 6 percent" + "!" * (tied.start - first_box)
    revised = text.replace("Rents rose by 6 percent", grown)
    assert revised[tied.start : tied.end] == quote and revised.startswith(tied.prefix, tied.start - 32)
    placements = place_all(revised, [tied, *around])
    assert_at(placements[0], revised, quote, MOVED, 1)
    assert placements[0].why.endswith("by the claims around it")
    # The claims around it moved by different amounts: an orphan, not the stored place.
    uneven = revised.replace("Wages rose by 4 percent", "Wages rose by 4 percent again")
    placement = place_all(uneven, [tied, *around])[0]
    assert placement.kind is ORPHAN and placement.why == "3 candidates equally good"
    # Alone, the stored place holding the quote with all its context is kept (nothing says otherwise).
    assert place(None, revised, tied).kind is EXACT


def test_a_changed_claim_that_starts_a_paragraph_keeps_the_paragraph_break_as_context():
    text = ("First paragraph, to be replaced.\n\n"
            "Unemployment fell to 4.1 percent in May, the lowest in a decade. More follows.")
    anchor = make_anchor(text, *span_of(text, "Unemployment fell to 4.1 percent in May, the lowest in a decade."))
    revised = ("An entirely new first paragraph.\n\n"
               "Unemployment fell to 4.2 percent in May, the lowest in a decade. More follows.")
    placement = place(None, revised, anchor)
    assert placement.kind is CHANGED and placement.quote.startswith("Unemployment fell to 4.2")


def test_a_deleted_sentence_is_not_taken_for_the_lookalike_right_after_it():
    # "A. B." where B is A with one word changed; A deleted: B keeps A's prefix only.
    text = ("Intro sentence here. The port handled 12 million tonnes in 2023. "
            "The port handled 12 million tonnes in 2022. Closing words follow.")
    anchor = make_anchor(text, *span_of(text, "The port handled 12 million tonnes in 2023."))
    revised = text.replace("The port handled 12 million tonnes in 2023. ", "")
    placement = place(None, revised, anchor)
    assert placement.kind is ORPHAN and "not in its context" in placement.why


def test_a_long_passage_with_a_word_changed_is_found_and_a_longer_one_only_whole():
    sentence = "Officials in {n} said the budget for roads rose by {n} percent over the decade. "
    text = "Intro.\n\n" + "".join(sentence.format(n=n) for n in range(80)) + "\n\nEnd."
    start = text.index("Officials in 3 ")
    end = text.index("Officials in 40 ")
    long_anchor = make_anchor(text, start, end)  # some 550 words
    assert 500 < len(words(long_anchor.quote)) < MAX_LOOSE_WORDS
    revised = text.replace("rose by 20 percent", "rose by 21 percent")
    placement = place(None, revised, long_anchor)
    assert placement.kind is CHANGED and "rose by 21 percent" in placement.quote
    assert (placement.start, placement.end) == (start, end)
    whole = make_anchor(text, text.index("Officials in 0 "), len(text) - len("\n\nEnd."))
    assert len(words(whole.quote)) > MAX_LOOSE_WORDS
    placement = place(None, revised, whole)
    assert placement.kind is ORPHAN and "only found whole" in placement.why
