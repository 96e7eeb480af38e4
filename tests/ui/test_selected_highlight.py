"""The selected claim's emphasis in the article follows what changed, and only that.

After an edit the article view formats again the stretch the edit touched; the
selected claim's emphasis is worked out again only when that stretch meets it (or it
is gone), not after every edit anywhere in the article.
"""

from __future__ import annotations

from factcheck.ui.article_view import SELECTED_TINT, highlight_format

DENIED = "He vehemently denied it"
GRAHAM = "It's not the dumbest idea I've ever heard, but it's pretty close"


def emphasis(window):
    """The selected claim's emphasis: (its text, its background colour), or None."""
    selections = window.article_panel.view.extraSelections()
    if not selections:
        return None
    [selection] = selections
    return selection.cursor.selectedText(), selection.format.background().color().name()


def expected_background(window, claim_id: int) -> str:
    view, model = window.article_panel.view, window.claims_model
    return highlight_format([model.color_of(model.claim(claim_id))], SELECTED_TINT, *view._page).background() \
        .color().name()


def test_the_emphasis_follows_its_claim_and_ignores_the_others(window, mark):
    other = mark(window, GRAHAM)
    selected = mark(window, DENIED)
    assert emphasis(window) == (DENIED, expected_background(window, selected))

    window.controller.set_claim_field(other, "verdict", "False")  # elsewhere in the article
    window.runner.wait_idle()
    window.claims_panel.select_claim(selected)
    assert emphasis(window) == (DENIED, expected_background(window, selected))

    before = emphasis(window)[1]
    window.controller.set_claim_field(selected, "verdict", "Accurate")  # its own colour changes
    window.runner.wait_idle()
    assert emphasis(window) == (DENIED, expected_background(window, selected))
    assert emphasis(window)[1] != before

    window.controller.delete_claim(selected)  # gone: no emphasis left behind
    window.runner.wait_idle()
    assert window.claims_model.claim(selected) is None
    assert emphasis(window) is None or emphasis(window)[0] != DENIED
