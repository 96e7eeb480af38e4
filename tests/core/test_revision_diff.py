"""What changed between two revisions: paragraphs added, removed, changed, and the words changed in them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.revision_diff import ParagraphKind, TextDiff, diff_texts

SAME, ADDED, REMOVED, CHANGED = ParagraphKind

OLD = ("Crime fell by 40 percent in 2023, the mayor said.\n\n"
       "Police figures show a rise in burglaries.\n\n"
       "The budget was balanced, according to the council.\n\n"
       "Residents will vote in May.")


def kinds(diff: TextDiff) -> list[str]:
    return [p.kind.value for p in diff.paragraphs]


def word_changes(diff: TextDiff) -> list[tuple[str, str]]:
    return [(diff.old[c.old_start:c.old_end], diff.new[c.new_start:c.new_end])
            for p in diff.paragraphs for c in p.changes]


def test_equal_texts_have_no_change():
    diff = diff_texts(OLD, OLD)
    assert diff.equal
    assert diff.summary() == "No change."
    assert kinds(diff) == ["same"] * 4
    assert diff.changed_paragraphs() == []


def test_a_paragraph_added_at_the_top_and_one_removed():
    new = "UPDATE: the council has responded.\n\n" + OLD.replace("Police figures show a rise in burglaries.\n\n", "")
    diff = diff_texts(OLD, new)
    assert kinds(diff) == ["added", "same", "removed", "same", "same"]
    added, removed = diff.paragraphs[0], diff.paragraphs[2]
    assert new[added.new_start:added.new_end] == "UPDATE: the council has responded."
    assert (added.old_start, added.old_end) == (0, 0)
    assert OLD[removed.old_start:removed.old_end] == "Police figures show a rise in burglaries."
    assert removed.new_start == removed.new_end
    assert diff.summary() == "1 paragraph added, 1 removed"


def test_a_figure_corrected_is_one_word_changed():
    new = OLD.replace("40 percent", "45 percent").replace("council.", "council on Monday.")
    diff = diff_texts(OLD, new)
    assert kinds(diff) == ["changed", "same", "changed", "same"]
    assert word_changes(diff) == [("40", "45"), ("", " on Monday")]
    assert diff.summary() == "3 words changed in 2 paragraphs"


def test_a_sentence_rewritten_in_a_long_paragraph_changes_that_sentence_only():
    old = "It rained. The mayor said crime fell by 40 percent. It was cold. Everyone went home."
    new = "It rained. The mayor claimed crime fell by 45 percent. It was cold. Everyone went home."
    assert word_changes(diff_texts(old, new)) == [("said", "claimed"), ("40", "45")]


def test_an_unrelated_paragraph_in_place_of_another_is_removed_and_added():
    new = OLD.replace("Police figures show a rise in burglaries.", "Schools reopen on Tuesday after the storm.")
    diff = diff_texts(OLD, new)
    assert kinds(diff) == ["same", "removed", "added", "same", "same"]


def test_paragraphs_swapped_are_moved():
    paragraphs = OLD.split("\n\n")
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    diff = diff_texts(OLD, "\n\n".join(paragraphs))
    assert diff.summary() == "1 paragraph moved"
    assert [p.moved for p in diff.paragraphs if p.kind != SAME] == [True, True]


def test_single_line_breaks_separate_paragraphs_too():
    old = "One line here.\nTwo lines here.\nThree lines here."
    diff = diff_texts(old, old.replace("Two lines here.\n", ""))
    assert kinds(diff) == ["same", "removed", "same"]


def test_words_are_counted_as_a_reader_counts_them():
    old = 'The opposition called it "an accounting trick".'
    new = 'The opposition called it "an accounting trick" and "the city\'s gamble".'
    assert diff_texts(old, new).summary() == "4 words changed in 1 paragraph"
    assert diff_texts("Hello world.", "Hello world!").summary() == "1 word changed in 1 paragraph"


def test_spacing_only():
    diff = diff_texts("A sentence here.\n\nAnother.", "A sentence  here.\n\n\nAnother.")
    assert not diff.equal
    assert diff.summary() == "Only spacing changed."
    assert diff.apply() == "A sentence  here.\n\n\nAnother."


def test_empty_texts():
    assert diff_texts("", "").summary() == "No change."
    assert diff_texts("", "New text.").summary() == "1 paragraph added"
    assert diff_texts("Old text.", "").summary() == "1 paragraph removed"


def test_counts_are_written_with_thousands():
    old = "\n\n".join(f"Paragraph number {n} of the old text." for n in range(1200))
    diff = diff_texts(old, old + "\n\nOne more.")
    assert diff.summary() == "1 paragraph added"
    words = " ".join(f"w{n}" for n in range(1500))
    more = " ".join(f"x{n}" for n in range(1400))
    assert diff_texts(words, f"{words} {more}").summary() == "1,400 words changed in 1 paragraph"


def test_offsets_count_code_points_outside_the_bmp():
    old = "🇺🇦 The 𝔉𝔞𝔠𝔱 rose 40 percent.\n\n😀 Next."
    new = "🇺🇦 The 𝔉𝔞𝔠𝔱 rose 45 percent.\n\n😀 Next."
    diff = diff_texts(old, new)
    (change,) = diff.paragraphs[0].changes
    assert old[change.old_start:change.old_end] == "40"
    assert new[change.new_start:change.new_end] == "45"
    assert change.old_start == old.index("40")


# ------------------------------------------------------------------ properties

VOCABULARY = ["the", "mayor", "said", "crime", "fell", "by", "40", "percent", "in", "2023", "police",
              "a", "rise", "🇺🇦", "Zürich", "𝔉𝔞𝔠𝔱", "😀"]
sentences = st.builds(lambda ws, end: " ".join(ws) + end,
                      st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8), st.sampled_from([".", "!", ""]))
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
separators = st.sampled_from(["\n\n", "\n", "\n\n\n", " \n\n"])


@st.composite
def articles(draw) -> str:
    parts = draw(st.lists(paragraphs, min_size=0, max_size=6))
    text = ""
    for n, part in enumerate(parts):
        text += (draw(separators) if n else "") + part
    return text


@st.composite
def revisions(draw) -> tuple[str, str]:
    """An article and a revision of it: paragraphs added, removed, moved, words replaced, or another text."""
    old = draw(articles())
    if draw(st.integers(0, 9)) == 0:
        return old, draw(articles())
    units = old.split("\n\n")
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["add", "remove", "move", "word", "space"]))
        k = draw(st.integers(0, max(0, len(units) - 1)))
        if action == "add" or not units:
            units.insert(k, draw(paragraphs))
        elif action == "remove":
            del units[k]
        elif action == "move":
            units.insert(draw(st.integers(0, len(units) - 1)), units.pop(k))
        else:
            words = units[k].split(" ")
            w = draw(st.integers(0, len(words) - 1))
            words[w] = draw(st.sampled_from(VOCABULARY)) if action == "word" else words[w] + " "
            units[k] = " ".join(words)
    return old, "\n\n".join(units)


@given(revisions())
@settings(max_examples=300, deadline=None)
def test_the_edits_turn_the_old_text_into_the_new(pair):
    old, new = pair
    diff = diff_texts(old, new)
    assert diff.apply() == new
    assert diff.equal == (old == new)
    assert (diff.summary() == "No change.") == (old == new)


@given(revisions())
@settings(max_examples=300, deadline=None)
def test_offsets_are_in_range_and_in_order(pair):
    old, new = pair
    diff = diff_texts(old, new)
    old_at = new_at = 0
    for edit in diff.edits:
        assert old_at <= edit.old_start <= edit.old_end <= len(old)
        assert new_at <= edit.new_start <= edit.new_end <= len(new)
        assert edit.deletes or edit.inserts
        old_at, new_at = edit.old_end, edit.new_end
    for p in diff.paragraphs:
        assert 0 <= p.old_start <= p.old_end <= len(old)
        assert 0 <= p.new_start <= p.new_end <= len(new)
        if p.kind == SAME:
            assert old[p.old_start:p.old_end] == new[p.new_start:p.new_end]
        for c in p.changes:
            assert p.old_start <= c.old_start <= c.old_end <= p.old_end
            assert p.new_start <= c.new_start <= c.new_end <= p.new_end


@given(revisions())
@settings(max_examples=300, deadline=None)
def test_every_paragraph_is_accounted_for_once_in_order(pair):
    """Each paragraph of the old text is same, changed or removed; each of the new same, changed or
    added; in text order on both sides; and a changed paragraph's word changes make its new text."""
    old, new = pair
    diff = diff_texts(old, new)
    olds = [(p.old_start, p.old_end) for p in diff.paragraphs if p.kind != ADDED]
    news = [(p.new_start, p.new_end) for p in diff.paragraphs if p.kind != REMOVED]
    assert [old[a:b] for a, b in olds] == [line for line in old.split("\n") if line.strip()]
    assert [new[a:b] for a, b in news] == [line for line in new.split("\n") if line.strip()]
    assert olds == sorted(olds) and news == sorted(news)
    for p in diff.paragraphs:
        if p.kind == CHANGED:
            text, at = [], p.old_start
            for c in p.changes:
                text += [old[at:c.old_start], new[c.new_start:c.new_end]]
                at = c.old_end
            text.append(old[at:p.old_end])
            assert "".join(text) == new[p.new_start:p.new_end]
