"""The claim's Review and History tabs: propose, approve with a note, comment; read the history, restore a value."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import Decision

QUOTE = "Crime fell 40%"


def test_a_reviewer_proposes_an_editor_approves_with_a_note_and_the_desk_comments(window, mark, monkeypatch):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    tabs = window.claim_tabs
    tabs.setCurrentIndex(1)
    review = tabs.review
    assert review is not None and review.claim.id == claim_id  # built when first shown, on the selected claim
    scale = window.claims_model.scale
    verdict = scale.verdicts[1].label
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (verdict, True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("The figures say otherwise.", True))
    review.propose()
    window.runner.wait_idle()
    assert [(p.reviewer, p.verdict) for p in window.library.proposals(claim_id)] == [("tester", verdict)]
    row = [review.proposals.item(0, column).text() for column in range(review.proposals.columnCount())]
    assert row[0].startswith("tester\n") and row[1:] == [verdict, "The figures say otherwise."]  # side by side, a row each
    review.proposals.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Checked the table.", True))
    review.decide(Decision.APPROVE)
    window.runner.wait_idle()
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.status) == (verdict, ClaimStatus.APPROVED)
    assert window.claims_model.claim(claim_id).status == ClaimStatus.APPROVED  # the table follows
    assert review.decisions.item(0).text().startswith("Approved by tester")
    assert review.decisions.item(0).text().endswith("Checked the table.")
    review.comment_box.setText("Link the 2023 table, please.")
    review.comment()
    window.runner.wait_idle()
    assert [c.text for c in window.library.comments(claim_id)] == ["Link the 2023 table, please."]
    assert review.comments.count() == 1
    window.claim_tabs.show_history()  # the decision, with its note, and the proposal are in the claim's history
    history = window.claim_tabs.history.list
    texts = [history.item(i).text().splitlines()[0] for i in range(history.count())]
    assert f"tester approved the claim as “{verdict}”: “Checked the table.”" in texts
    assert f"tester proposed “{verdict}”" in texts


def test_a_decision_without_a_note_is_not_made(window, mark, monkeypatch):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    window.claim_tabs.setCurrentIndex(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    window.claim_tabs.review.decide(Decision.RETURN)
    window.runner.wait_idle()
    assert window.library.decisions(claim_id) == []
    assert "a note is needed" in window.statusBar().currentMessage()


def test_the_history_tab_reads_as_sentences_and_restores_a_value_as_an_undoable_edit(window, mark):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    for verdict in ("True", "False"):
        window.controller.set_claim_field(claim_id, "verdict", window.claims_model.scale.verdicts[0].label
                                          if verdict == "True" else window.claims_model.scale.verdicts[1].label)
        window.runner.wait_idle()
    first, second = (v.label for v in window.claims_model.scale.verdicts[:2])
    window.claim_tabs.setCurrentIndex(2)
    history = window.claim_tabs.history
    texts = [history.list.item(i).text().splitlines()[0] for i in range(history.list.count())]
    assert texts[0] == f"tester changed the verdict from “{first}” to “{second}”"
    assert texts[-1].startswith("tester marked the claim")
    history.list.setCurrentRow(0)
    assert history.restore.isEnabled()
    history.restore_selected()
    window.runner.wait_idle()
    assert window.library.claim(claim_id).verdict == first
    window.controller.undo()
    window.runner.wait_idle()
    assert window.library.claim(claim_id).verdict == second


def test_second_opinions_appear_side_by_side_for_the_editor_who_approves_one(window, mark, library_path, monkeypatch):
    from contextlib import closing

    from factcheck.store import SQLiteStore

    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    labels = [v.label for v in window.claims_model.scale.verdicts]
    window.library.request_opinions(claim_id, ["rae", "lee"])
    for name, verdict, why in (("rae", labels[0], "The record backs it."), ("lee", labels[2], "Half the story.")):
        with closing(SQLiteStore.open(library_path, user=name)) as colleague:
            colleague.propose(claim_id, verdict, why)
    window.claim_tabs.setCurrentIndex(1)
    review = window.claim_tabs.review
    table = review.proposals
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [(r[0].split("\n")[0], r[1], r[2]) for r in rows] == [("rae", labels[0], "The record backs it."),
                                                                 ("lee", labels[2], "Half the story.")]
    assert all(r[0].endswith("· second opinion") for r in rows)
    assert review.summary.text() == f"2 reviewers differ: {labels[0]} (rae), {labels[2]} (lee)."
    scale = window.claims_model.scale
    assert table.item(1, review.VERDICT).background().color().name() == scale.color_of(labels[2]).lower()
    table.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Lee's reading holds.", True))
    review.decide(Decision.APPROVE)
    window.runner.wait_idle()
    stored = window.library.claim(claim_id)
    assert (stored.verdict, stored.rationale, stored.status) == (labels[2], "Half the story.", ClaimStatus.APPROVED)
    assert window.library.decisions(claim_id)[0].proposal_id == window.library.proposals(claim_id)[1].id


def test_proposing_and_asking_are_undoable_edits(window, mark, monkeypatch):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    labels = [v.label for v in window.claims_model.scale.verdicts]
    review = window.claim_tabs.show_review()
    for verdict in labels[:2]:
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, v=verdict, **k: (v, True))
        monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, v=verdict, **k: (f"Because {v}.", True))
        review.propose()
        window.runner.wait_idle()
    assert window.library.claim(claim_id).status == ClaimStatus.IN_REVIEW  # a draft goes into review, as the API does
    assert window.undo_action.text().startswith(f"&Undo Propose “{labels[1]}”")
    window.controller.undo()
    window.runner.wait_idle()
    assert [(p.verdict, p.rationale) for p in window.library.proposals(claim_id)] == [(labels[0], f"Because {labels[0]}.")]
    window.controller.undo()
    window.runner.wait_idle()
    assert window.library.proposals(claim_id) == []
    assert window.library.claim(claim_id).status == ClaimStatus.DRAFT
    assert window.claims_model.claim(claim_id).status == ClaimStatus.DRAFT  # the table follows
    window.controller.redo()
    window.runner.wait_idle()
    assert [p.verdict for p in window.library.proposals(claim_id)] == [labels[0]]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("rae, lee", True))
    review.ask()
    window.runner.wait_idle()
    assert [r.reviewer for r in window.library.opinion_requests(claim_id)] == ["rae", "lee"]
    window.controller.undo()
    window.runner.wait_idle()
    assert window.library.opinion_requests(claim_id) == []


def test_a_reporter_cannot_decide_from_the_window_either(window, mark, monkeypatch):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    window.controller.set_claim_field(claim_id, "verdict", window.claims_model.scale.verdicts[0].label)
    window.runner.wait_idle()
    monkeypatch.setattr(type(window.library), "role", property(lambda self: "reporter"))
    review = window.claim_tabs.show_review()
    assert not review.buttons["approve"].isEnabled()  # the button is off; and the API refuses if reached anyway
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Fine by me.", True))
    review.decide(Decision.APPROVE)
    window.runner.wait_idle()
    assert window.library.decisions(claim_id) == []
    assert shown and "Only an editor can approve it" in shown[0]


def test_an_editor_asks_for_second_opinions_on_every_claim_of_the_article_and_undoes_it(window, mark, monkeypatch):
    first = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    second = mark(window, window.controller.article.text.split(".")[1][:25].strip())
    window.controller.set_claim_field(second, "verdict", window.claims_model.scale.verdicts[0].label)
    window.runner.wait_idle()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Checked.", True))
    window.controller.confirm_approval = lambda claim, missing: True  # no rationale, no source: approved all the same
    window.set_status(ClaimStatus.APPROVED)  # the selected claim (the second): a decision, with a note
    window.runner.wait_idle()
    assert window.library.claim(second).status == ClaimStatus.APPROVED
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("rae", True))
    actions = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    review_menu = {a.text().replace("&", ""): a for a in actions["Review"].menu().actions() if a.text()}
    review_menu["Ask for Second Opinions on the Article…"].trigger()
    window.runner.wait_idle()
    assert [r.reviewer for r in window.library.opinion_requests(first)] == ["rae"]
    assert window.library.opinion_requests(second) == []  # approved: left as it stands
    assert "the claims of" in window.undo_action.text()
    window.controller.undo()
    window.runner.wait_idle()
    assert window.library.opinion_requests(first) == []


def test_the_history_tab_reads_again_after_an_edit_not_after_a_read(window, mark, monkeypatch):
    claim_id = mark(window, window.controller.article.text.split(".")[0][:30].strip())
    window.claim_tabs.setCurrentIndex(2)
    history = window.claim_tabs.history
    refreshed = []
    monkeypatch.setattr(history, "refresh", lambda *a: refreshed.append(1))
    window.runner.run(lambda store: store.search_claims(limit=10))  # as the claims view pages in its rows
    window.runner.wait_idle()
    assert refreshed == []
    window.controller.set_claim_field(claim_id, "rationale", "Police figures say 12%.")
    window.runner.wait_idle()
    assert refreshed
