"""The revision dialog: its list of claims is built on the worker and written out for at most 100 claims."""

from __future__ import annotations

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim
from factcheck.core.reanchor import place_all
from factcheck.revision_plans import RevisionPlan
from factcheck.ui.revision_check import page_colors
from factcheck.ui.revision_dialog import LISTED_CLAIMS, RevisionDialog, claims_html_for


def changed_plan(count: int) -> RevisionPlan:
    """An article of ``count`` sentences, each a claim, whose new text changes a word in every one."""
    sentences = [f"In district {i} the council said it had built {1000 + i} new homes last year." for i in range(count)]
    old = "\n\n".join(sentences)
    new = "\n\n".join(s.replace("new homes", "affordable homes") for s in sentences)
    claims, start = [], 0
    for i, sentence in enumerate(sentences):
        claims.append(Claim(anchor=make_anchor(old, start, start + len(sentence)), article_id=1, id=i + 1,
                            number=i + 1))
        start += len(sentence) + 2
    placements = tuple(place_all(new, [c.anchor for c in claims], old_text=old))
    return RevisionPlan(1, "Homes", 1, old, new, "https://example.org/homes", tuple(claims), placements)


def test_at_most_a_hundred_changed_claims_are_written_out_then_how_many_more(qtbot):
    plan = changed_plan(LISTED_CLAIMS + 30)
    dialog = RevisionDialog(plan, "", None, claims_html_for(plan, *page_colors(qtbot_widget(qtbot))))
    qtbot.addWidget(dialog)
    listed = dialog.claims.toPlainText()
    assert f"Wording changed: check the claim still holds ({LISTED_CLAIMS + 30})" in listed
    assert listed.count("was “") == LISTED_CLAIMS
    assert "…and 30 more (see the Revision tab once applied)" in listed
    assert "affordable homes" in listed
    assert dialog.summary.text().startswith(f"{LISTED_CLAIMS + 30} claims: 0 in place, 0 moved, "
                                            f"{LISTED_CLAIMS + 30} with changed wording")


def test_a_few_claims_are_all_listed_and_the_dialog_builds_its_list_when_not_given(qtbot):
    plan = changed_plan(3)
    dialog = RevisionDialog(plan)
    qtbot.addWidget(dialog)
    listed = dialog.claims.toPlainText()
    assert listed.count("was “") == 3 and "more" not in listed


def qtbot_widget(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget
