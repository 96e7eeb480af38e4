"""The claim editor's form is made when a claim is first shown (issue 10: the window's first paint needs none of it).

A window starts with no claim selected, showing "No claim selected"; the article's scale
and the library's claimants reach the editor before its form exists, and the form shows
them once a claim is picked.
"""

from __future__ import annotations


def test_a_window_starts_without_the_claim_form_and_the_first_claim_shown_has_it_whole(open_app, mark):
    first = open_app()
    claim_id = mark(first, "impenetrable cyber security unit")
    first.controller.set_claim_field(claim_id, "claimant", "Jane Minister")
    first.runner.wait_idle()

    window = open_app()  # a second start on the same library: the article with its claim, none selected
    editor = window.editor
    assert window.claims_model.rowCount() == 1
    assert editor.pages.count() == 1  # only "No claim selected": no form was built for the first paint
    assert editor.pages.currentWidget().heading.text() == "No claim selected"

    window.claims_panel.select_claim(claim_id)
    assert editor.pages.currentWidget() is editor.scroll
    assert editor.number.text() == "Claim 1"
    assert editor.claimant.text() == "Jane Minister"
    assert editor.claimants.stringList() == ["Jane Minister"]  # the completer knew the library's claimants
    scale = window.claims_model.scale
    assert [editor.verdict.itemData(i) for i in range(editor.verdict.count())] == \
           [None, *(v.label for v in scale.verdicts)]  # the article's scale, given before the form was made
    assert editor.verdict.currentIndex() == 0  # unrated


def test_a_field_asked_for_before_any_claim_is_shown_builds_the_form_once(window):
    editor = window.editor
    assert editor.pages.count() == 1
    rationale = editor.rationale  # a test, a menu or a dialog may ask for a field first
    assert editor.pages.count() == 2 and editor.pages.currentIndex() == 0  # made, still hidden behind the empty state
    editor.build_form()
    assert editor.rationale is rationale and editor.pages.count() == 2
    assert editor.verdict.count() == 1 + len(window.claims_model.scale.verdicts)
