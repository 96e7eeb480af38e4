"""Lookalikes a revision must not take for the claim (found by review): a paragraph deleted beside one like
it, and a quote the old text held twice found once, out of its context."""

from __future__ import annotations

from factcheck.core.anchors import make_anchor
from factcheck.core.reanchor import PlacementKind, place_all

A = "Crime fell 40 percent in 2023 across the whole city, the mayor said on Monday."
B = "Crime fell 40 percent in 2022 across the whole city, the mayor said on Friday."
OLD = f"Intro paragraph about the city.\n\n{A}\n\n{B}\n\nEnd of story."


def anchor_on(text: str, words: str):
    start = text.index(words)
    return make_anchor(text, start, start + len(words))


def test_a_deleted_paragraph_s_claim_never_lands_on_the_paragraph_like_it_that_stays():
    """The comparison pairs the deleted paragraph's opening words with the next one's; the next one is still
    another passage, and its own claim keeps it."""
    for new in (OLD.replace(A + "\n\n", "").replace("2022", "2021"),
                OLD.replace(A + "\n\n", "").replace("on Friday.", "on Friday night.")):
        on_a, on_b = place_all(new, [anchor_on(OLD, A), anchor_on(OLD, B)], old_text=OLD)
        assert on_a.kind is PlacementKind.ORPHAN
        assert on_b.kind is PlacementKind.CHANGED and new[on_b.start:on_b.end].endswith(("Friday.", "night."))


MAYOR = "The mayor said on Monday that crime fell 40 percent in the city centre last year."
CHIEF = "Separately, the police chief told reporters that crime fell 40 percent in the suburbs."
TWICE = f"Headline story.\n\n{MAYOR}\n\n{CHIEF}\n\nMore later."
REWORDED = "In the suburbs, where officers now patrol more often, crime fell 40 percent, the police chief told reporters."


def test_a_quote_the_old_text_held_twice_is_not_taken_where_the_other_one_was():
    claim = anchor_on(TWICE, "crime fell 40 percent")  # the mayor's
    for new in (TWICE.replace(MAYOR + "\n\n", "").replace(CHIEF, REWORDED),
                TWICE.replace("crime fell 40 percent in the city", "crime fell 45 percent in the city")
                .replace(CHIEF, REWORDED)):
        (placed,) = place_all(new, [claim], old_text=TWICE)
        assert placed.kind is PlacementKind.ORPHAN, placed


def test_a_quote_held_twice_still_follows_its_own_paragraph_when_it_moves_with_its_context():
    claim = anchor_on(TWICE, "crime fell 40 percent")
    new = f"Headline story.\n\nMore later.\n\n{MAYOR}"  # the chief's paragraph gone, the mayor's moved
    (placed,) = place_all(new, [claim], old_text=TWICE)
    assert placed.kind is PlacementKind.MOVED and new[placed.start - 30:placed.start].endswith("Monday that ")


def test_a_quote_held_twice_is_still_found_when_its_reworded_paragraph_is_clearly_its_own():
    """The headline lost the phrase; the body was reworded around it: the words around it are the body's."""
    old = ("Mayor says crime fell 40 percent\n\nThe mayor said on Monday that crime fell 40 percent in the city centre "
           "last year.\n\nCritics doubted it.")
    new = ("Mayor's crime figures questioned\n\nAt a Tuesday briefing the mayor repeated that crime fell 40 percent "
           "downtown last year.\n\nCritics doubted it.")
    start = old.index("crime fell 40 percent", 40)
    (placed,) = place_all(new, [make_anchor(old, start, start + 21)], old_text=old)
    assert placed.kind is PlacementKind.MOVED and new[placed.start:placed.end] == "crime fell 40 percent"


def test_a_repeated_sentence_left_once_between_two_rewritten_paragraphs_is_nobody_s_guess():
    sentence = "Unemployment rose to 5 percent."
    first = f"The governor opened his speech on jobs. {sentence} He blamed the federal government."
    second = f"Critics were unconvinced. {sentence} They blamed the governor."
    old = f"Lead.\n\n{first}\n\n{second}\n\nEnd."
    new = f"Lead.\n\nOpponents disagreed. {sentence} That was the governor's fault.\n\nEnd."
    claims = [make_anchor(old, old.index(sentence), old.index(sentence) + len(sentence)),
              make_anchor(old, old.rindex(sentence), old.rindex(sentence) + len(sentence))]
    assert [p.kind for p in place_all(new, claims, old_text=old)] == [PlacementKind.ORPHAN] * 2
