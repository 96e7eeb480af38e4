"""A claim keeps its number for life in the window, as in every report."""

from __future__ import annotations

from PySide6.QtCore import Qt

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


def shown(window, column: int) -> list[str]:
    table = window.claims_panel.table
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_claims_table_sorts_by_any_column_and_keeps_the_selection(window, mark):
    c = window.controller
    trump = mark(window, "Donald Trump")
    putin = mark(window, "Vladimir Putin")
    unit = mark(window, "impenetrable")
    c.set_claim_field(trump, "verdict", "False")
    c.set_claim_field(putin, "verdict", "Accurate")
    c.set_claim_field(unit, "claimant", "Aaron")
    c.set_claim_field(putin, "status", "in_review")
    window.runner.wait_idle()
    table = window.claims_panel.table
    window.claims_panel.select_claim(putin)

    table.sortByColumn(ClaimsTableModel.VERDICT, Qt.SortOrder.AscendingOrder)
    assert shown(window, ClaimsTableModel.VERDICT) == ["Accurate", "False", "Unrated"]  # the scale's order
    assert window.claims_panel.selected_claim_id() == putin
    table.sortByColumn(ClaimsTableModel.STATUS, Qt.SortOrder.DescendingOrder)
    assert shown(window, ClaimsTableModel.STATUS) == ["In review", "Draft", "Draft"]
    table.sortByColumn(ClaimsTableModel.CLAIMANT, Qt.SortOrder.AscendingOrder)
    assert shown(window, ClaimsTableModel.CLAIMANT)[0] == "Aaron"  # named claimants before the unnamed
    table.sortByColumn(ClaimsTableModel.NUMBER, Qt.SortOrder.DescendingOrder)
    assert shown(window, ClaimsTableModel.NUMBER) == ["3", "2", "1"]

    in_text = [cl.id for cl in sorted(window.claims_model.claims(), key=lambda cl: cl.start)]
    window.claims_panel.select_claim(in_text[0])
    window.claims_panel.step(1)  # Ctrl+] still follows the text, whatever the sort
    assert window.claims_panel.selected_claim_id() == in_text[1]
    window.claims_panel.step(1)
    assert window.claims_panel.selected_claim_id() == in_text[2]


def test_the_claim_column_lists_claims_in_text_order_by_default(window, mark):
    mark(window, "impenetrable")
    mark(window, "Donald Trump")
    quotes = shown(window, ClaimsTableModel.QUOTE)
    text = window.controller.article.text
    assert quotes == sorted(quotes, key=text.index)


def test_text_order_costs_no_sort(window, mark):
    """Opening an article of thousands of claims must not sort them: text order is the model's own."""
    mark(window, "impenetrable")
    assert window.claims_panel.sorted.sortColumn() == -1
    window.claims_panel.table.sortByColumn(ClaimsTableModel.VERDICT, Qt.SortOrder.AscendingOrder)
    assert window.claims_panel.sorted.sortColumn() == ClaimsTableModel.VERDICT
    window.claims_panel.table.sortByColumn(ClaimsTableModel.QUOTE, Qt.SortOrder.AscendingOrder)
    assert window.claims_panel.sorted.sortColumn() == -1
