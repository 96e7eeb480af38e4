"""A claim keeps its number for life in the window, as in every report."""

from __future__ import annotations

from factcheck.ui.claims_model import ClaimsTableModel


def numbers_in_table(window) -> dict[str, str]:
    model = window.claims_model
    return {model.index(row, ClaimsTableModel.QUOTE).data(): model.index(row, ClaimsTableModel.NUMBER).data()
            for row in range(model.rowCount())}


def test_marking_an_earlier_claim_does_not_renumber_the_others(window, mark):
    text = window.controller.article.text
    later = text[text.index("hours after"):text.index("hours after") + len("hours after")]
    earlier = "Donald Trump"
    second_id = mark(window, later)
    assert window.editor.number.text() == "Claim 1"
    first_id = mark(window, earlier)

    assert numbers_in_table(window) == {earlier: "2", later: "1"}  # listed in text order, numbered for life
    assert window.claims_model.number_of(first_id) == 2 and window.claims_model.number_of(second_id) == 1
    assert window.editor.number.text() == "Claim 2"
    assert {c.quote: c.number for c in window.library.claims(window.controller.article.id)} == {earlier: 2, later: 1}


def test_undoing_a_deletion_brings_the_claim_back_under_its_number(window, mark):
    first = mark(window, "Donald Trump")
    second = mark(window, "Vladimir Putin")
    window.claims_panel.select_claim(first)
    window.delete_action.trigger()
    window.undo_action.trigger()
    assert window.claims_model.number_of(first) == 1 and window.claims_model.number_of(second) == 2
    third = mark(window, "impenetrable")
    assert window.claims_model.number_of(third) == 3
