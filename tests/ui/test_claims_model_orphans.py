"""The claims table with orphans (issue 14): listed last and marked, never met on the text, moved when placed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim
from factcheck.ui.claims_model import ClaimIdRole, ClaimsTableModel

TEXT = "Alpha said one thing. Beta said another. Gamma said a third thing entirely."


def claim(id_, quote, number, placement="", **fields):
    start = TEXT.index(quote)
    return Claim(anchor=make_anchor(TEXT, start, start + len(quote)), article_id=1, id=id_, number=number,
                 placement=placement, **fields)


def model_with_orphan(qtbot=None):
    model = ClaimsTableModel()
    orphan = claim(1, "Alpha said one thing", 1, "orphan", placed_on=1)  # its offsets: an earlier revision's
    model.reset(1, [orphan, claim(2, "Beta said another", 2, "moved", placed_on=2),
                    claim(3, "Gamma said a third", 3, "changed", old_quote="Gamma said a 3rd", placed_on=2)], None)
    return model, orphan


def test_an_orphan_is_listed_last_marked_and_never_met_on_the_text(qapp, qtmodeltester):
    model, orphan = model_with_orphan()
    assert [c.id for c in model.claims()] == [2, 3, 1]
    assert model.placed_count() == 2
    assert [c.id for c in model.needing_review()] == [3, 1]
    assert model.claims_at(orphan.start) == []
    assert 1 not in {c.id for c in model.claims_overlapping(0, len(TEXT))}
    assert model.index(2, model.QUOTE).data().startswith("Orphaned · Alpha")
    assert "no longer in the article" in model.index(2, model.QUOTE).data(3)  # its tooltip says why, and what to do
    assert "Gamma said a 3rd" in model.index(1, model.QUOTE).data(3)
    qtmodeltester.check(model)


def test_an_orphan_placed_by_hand_moves_to_its_place_in_text_order(qapp, qtbot, qtmodeltester):
    model, orphan = model_with_orphan()
    start = TEXT.index("said one thing")
    placed = orphan.with_(anchor=make_anchor(TEXT, start, start + len("said one thing")), placement="", placed_on=2)
    with qtbot.waitSignals([model.rowsRemoved, model.rowsInserted]):
        model.replace_claim(placed)
    assert [c.id for c in model.claims()] == [1, 2, 3]
    assert model.placed_count() == 3
    assert 1 in {c.id for c in model.claims_at(start)}
    assert model.row_of(1) == 0 and model.claim(1).start == start
    qtmodeltester.check(model)


def test_sorted_by_verdict_claimant_or_status_an_orphan_comes_after_the_placed_claims_like_it(qapp, qtbot):
    """Its offsets are an earlier text's: among claims of one verdict (claimant, status) it sorts last, not by them."""
    from PySide6.QtCore import Qt

    from factcheck.ui.claims_panel import ClaimsSortModel

    model = ClaimsTableModel()
    orphan = claim(1, "Alpha said one thing", 3, "orphan", placed_on=1, verdict="False", claimant="Mayor")
    model.reset(1, [orphan, claim(2, "Beta said another", 1, "moved", placed_on=2, verdict="False", claimant="Mayor"),
                    claim(3, "Gamma said a third", 2, "", placed_on=2, verdict="False", claimant="Mayor")], None)
    proxy = ClaimsSortModel()
    proxy.setSourceModel(model)
    for column in (model.VERDICT, model.CLAIMANT, model.STATUS, model.QUOTE):
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        order = [proxy.index(row, 0).data(ClaimIdRole) for row in range(proxy.rowCount())]
        assert order == [2, 3, 1], column


PLACEMENTS = ("", "moved", "changed", "orphan")


@given(st.lists(st.tuples(st.sampled_from(["insert", "replace", "remove"]), st.integers(1, 6),
                          st.sampled_from(PLACEMENTS)), max_size=30))
@settings(max_examples=60, deadline=None)
def test_the_count_of_claims_needing_review_follows_every_change_of_the_table(qapp, steps):
    quotes = ["Alpha said", "one thing", "Beta said", "another", "Gamma said", "a third thing"]
    model = ClaimsTableModel()
    model.reset(1, [claim(1, quotes[0], 1, "changed", old_quote="Alpha sad")], None)
    for action, claim_id, placement in steps:
        shown = model.claim(claim_id)
        made = claim(claim_id, quotes[claim_id - 1], claim_id, placement, placed_on=1)
        if action == "insert" and shown is None:
            model.insert_claim(made)
        elif action == "replace" and shown is not None:
            model.replace_claim(made)
        elif action == "remove":
            model.remove_claim(claim_id)
        assert model.needing_review_count() == len(model.needing_review()) == sum(
            c.needs_review for c in model.claims())
