"""The pieces re-anchoring stands on: the word index, word edit distances, the old → new map."""

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.reanchor_diff import EditMap, same_in_order
from factcheck.core.reanchor_text import TextIndex, best_ends, distance, similarity, words

few_words = st.lists(st.sampled_from(["a", "b", "c", "40", "."]), max_size=14)


def naive_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def naive_best_ends(pattern, text):
    return [min(naive_distance(pattern, text[i : j + 1]) for i in range(j + 2)) for j in range(len(text))]


# ----------------------------------------------------------------- words


def test_words_are_runs_of_letters_and_digits_or_single_marks():
    assert words("The mayor's 40.5% — “cut” 🇺🇦 crime\n\nby 𝔉𝔞𝔠𝔱!") == [
        "The", "mayor", "'", "s", "40", ".", "5", "%", "—", "“", "cut", "”", "🇺", "🇦", "crime", "by",
        "𝔉𝔞𝔠𝔱", "!"]
    assert words(" \n\t ") == []


def test_similarity_is_the_share_of_words_kept():
    assert similarity(words("crime fell by 40 percent"), words("crime fell by 45 percent")) == 0.8
    assert similarity(words("a b c d"), words("a b c d e")) == 0.8  # over the longer
    assert similarity([], []) == 1.0
    assert similarity(words("a b"), []) == 0.0


# ----------------------------------------------------------------- bit-parallel distances


@settings(max_examples=300)
@given(few_words, few_words)
def test_distance_is_the_edit_distance_over_words(a, b):
    assert distance(a, b) == naive_distance(a, b) == distance(b, a)


@settings(max_examples=300)
@given(few_words, few_words)
def test_best_ends_gives_the_fewest_edits_of_a_run_ending_at_each_word(pattern, text):
    assert best_ends(pattern, text) == naive_best_ends(pattern, text)


def test_distances_of_a_long_pattern_use_one_integer_of_many_bits():
    pattern = [f"w{i % 97}" for i in range(700)]
    text = pattern[:300] + ["x"] + pattern[300:]
    assert distance(pattern, text) == 1
    assert min(best_ends(pattern, ["y"] * 5 + text)) == 1


# ----------------------------------------------------------------- the word index


def test_index_gives_offsets_and_positions_of_words():
    index = TextIndex("Crime fell.\n\nCrime 🇺🇦 rose")
    assert index.words == ["Crime", "fell", ".", "Crime", "🇺", "🇦", "rose"]
    assert index.starts == [0, 6, 10, 13, 19, 20, 22]
    assert index.positions["Crime"] == [0, 3]
    assert index.words_within(6, 12) == (1, 3)


@settings(max_examples=400)
@given(st.text(alphabet="ab .\n🇺", max_size=60), st.data())
def test_index_finds_every_occurrence_of_any_quote(text, data):
    index = TextIndex(text)
    if text:
        start = data.draw(st.integers(0, len(text) - 1))
        quote = text[start : data.draw(st.integers(start + 1, len(text)))]
    else:
        quote = data.draw(st.text(alphabet="ab .", min_size=1, max_size=5))
    expected = [i for i in range(len(text)) if text.startswith(quote, i)]
    assert index.occurrences(quote, limit=1000) == expected
    assert index.occurrences(quote, limit=len(expected)) == expected
    if expected:
        assert index.occurrences(quote, limit=len(expected) - 1) is None


# ----------------------------------------------------------------- old → new


OLD = ("Headline\n\nThe mayor said crime fell by 40 percent last year, citing police data.\n\n"
       "A second paragraph that stays as it is.\n\nA third paragraph, also kept.")


def test_a_figure_corrected_keeps_everything_but_the_figure():
    new = OLD.replace("40", "45")
    edits = EditMap(OLD, new)
    figure = OLD.index("40")
    assert edits.to_new(figure) is None and edits.to_new(figure + 1) is None
    assert all(edits.to_new(i) == i for i in range(len(OLD)) if not figure <= i < figure + 2)
    start = OLD.index("crime")
    end = OLD.index(" last")
    assert edits.span_to_new(start, end) == (start, end)  # its ends kept: the caller checks the text
    assert edits.region_to_new(figure, figure + 2) == (figure, figure + 2)


def test_an_inserted_paragraph_shifts_what_follows():
    insert = "Update: a statement was added.\n\n"
    at = OLD.index("The mayor")
    new = OLD[:at] + insert + OLD[at:]
    edits = EditMap(OLD, new)
    assert edits.to_new(at) == at + len(insert)
    assert edits.to_old(at) is None
    assert edits.span_to_old(at + len(insert), at + len(insert) + 9) == (at, at + 9)


def test_a_deleted_paragraph_maps_to_where_it_was():
    start = OLD.index("A second")
    end = OLD.index("A third")
    new = OLD[:start] + OLD[end:]
    edits = EditMap(OLD, new)
    assert edits.span_to_new(start, start + 8) is None
    assert edits.region_to_new(start + 2, start + 8) == (start, start)


def test_unrelated_paragraphs_in_the_same_place_share_nothing():
    old = "Intro.\n\nThe mayor said the budget was balanced in the spring.\n\nEnd."
    new = "Intro.\n\nThe police said the number of burglaries rose in the town.\n\nEnd."
    edits = EditMap(old, new)
    middle = old.index("The mayor")
    assert all(edits.to_new(i) is None for i in range(middle, old.index("\n\nEnd")))


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["The mayor said", " crime fell", " by 40", " percent.", "\n\n", " Police",
                                 " figures", " 🇺🇦"]), max_size=20),
       st.lists(st.sampled_from(["The mayor said", " crime fell", " by 45", " percent.", "\n\n", " Police",
                                 " figures", " 🇺🇦", " rose"]), max_size=20))
def test_kept_stretches_are_equal_text_in_order_in_both(old_parts, new_parts):
    old, new = "".join(old_parts), "".join(new_parts)
    edits = EditMap(old, new)
    previous = (0, 0)
    for o, n, length in edits.segments:
        assert length > 0
        assert old[o : o + length] == new[n : n + length]
        assert o >= previous[0] and n >= previous[1]
        previous = (o + length, n + length)
    for i in range(len(old)):
        j = edits.to_new(i)
        if j is not None:
            assert old[i] == new[j] and edits.to_old(j) == i


# ----------------------------------------------------------------- patience diff


@settings(max_examples=300)
@given(st.lists(st.sampled_from("abcdeB"), max_size=25), st.lists(st.sampled_from("abcdefB"), max_size=25))
def test_same_in_order_pairs_equal_elements_increasing_in_both(a, b):
    pairs = same_in_order(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    if a == b:
        assert pairs == [(i, i) for i in range(len(a))]


def test_a_moved_paragraph_does_not_pair_a_repeated_one_with_a_copy_further_on():
    box = "Sign up to our morning briefing for the figures behind the news, free every weekday."
    units = []
    for n in range(150):  # enough for difflib to take the box for junk, as it once did
        units += [f"Paragraph {n} says something about figure {n * 7}.", box]
    old = "\n\n".join(units)
    units.insert(251, units.pop(4))  # paragraph 2 moved near the end; its box stays
    units[11] += " Updated."
    new = "\n\n".join(units)
    edits = EditMap(old, new)
    # every box keeps its order: none is paired with a copy near the moved paragraph
    old_boxes = [i for i in range(len(old)) if old.startswith(box, i)]
    new_boxes = [i for i in range(len(new)) if new.startswith(box, i)]
    assert [edits.to_new(i) for i in old_boxes] == new_boxes
