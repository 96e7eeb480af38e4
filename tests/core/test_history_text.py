"""History rows read as sentences: who did what, from what to what."""

from __future__ import annotations

from factcheck.core.history_text import describe, newest_first, shown_value
from factcheck.store import open_store

from factcheck.core.articles import Article
from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim, Source

TEXT = "Crime fell 40% last year, the mayor said."


def test_every_kind_of_row_a_library_writes_reads_as_a_sentence(tmp_path):
    store = open_store(tmp_path / "lib.db", user="Sam")
    article = store.add_article(Article(title="Mayor on crime", text=TEXT))
    claim = store.add_claim(Claim(anchor=make_anchor(TEXT, 0, 14), article_id=article.id))
    store.update_claim(claim.id, "verdict", "Mixed")
    store.update_claim(claim.id, "verdict", "False")
    store.update_claim(claim.id, "status", "in_review")
    store.update_claim(claim.id, "rationale", "Police figures show a fall of 12 per cent over the year, not 40.")
    store.update_claim(claim.id, "verdict", None)
    source = store.add_source(claim.id, Source(title="Police figures"))
    store.update_source(source.id, {"publisher": "Police"})
    store.delete_source(source.id)
    store.update_article(article.id, "outlet", "Gazette")
    store.set_archived(article.id, True)
    said = [describe(row) for row in store.history(article.id)]
    assert said == [
        "Sam imported the article “Mayor on crime”",
        "Sam marked the claim “Crime fell 40%”",
        "Sam set the verdict to “Mixed”",
        "Sam changed the verdict from “Mixed” to “False”",
        "Sam changed the status from Draft to In review",
        "Sam set the rationale to “Police figures show a fall of 12 per cent over the year, no…”",
        "Sam cleared the verdict (was “False”)",
        "Sam added the source “Police figures”",
        "Sam set the publisher of a source to “Police”",
        "Sam removed the source “Police figures”",
        "Sam set the outlet to “Gazette”",
        "Sam archived the article",
    ]
    newest = newest_first(store.history(article.id), claim.id)
    assert describe(newest[0]) == "Sam removed the source “Police figures”"
    assert all(row["claim_id"] == claim.id for row in newest)
    store.close()


def test_values_are_shown_plainly():
    assert shown_value("verdict", None) == "empty" and shown_value("status", "approved") == "Approved"
    assert shown_value("rationale", "two\n\nlines") == "“two lines”"
    assert describe({"entity": "claim", "action": "update", "field": "verdict", "old_value": "True",
                     "new_value": "False"}) == "Someone changed the verdict from “True” to “False”"


def test_proposals_and_decisions_read_as_the_desk_says_them():
    from factcheck.core.workflow import ClaimDecision, Decision, Proposal
    from factcheck.core.history_text import workflow_rows

    rows = workflow_rows([Proposal(7, "Lee", "Mixed", "Half of it.", True, "t0", "2026-12-01T10:00:00+00:00"),
                          Proposal(7, "Rae", "False", "draft", False, "t0", None)],
                         [ClaimDecision(7, Decision.RETURN, "Dana", "2026-12-01T11:00:00+00:00", "Find the source."),
                          ClaimDecision(7, Decision.APPROVE, "Dana", "2026-12-01T12:00:00+00:00", "Good.",
                                        verdict="Mixed")])
    assert [describe(r) for r in newest_first(rows)] == [
        "Dana approved the claim as “Mixed”: “Good.”",
        "Dana returned the claim: “Find the source.”",
        "Lee proposed “Mixed” as a second opinion"]  # a draft is not in the history
    assert all(r["claim_id"] == 7 for r in rows)


def test_revisions_and_placements_read_as_sentences():
    row = {"changed_by": "Sam", "entity": "article", "action": "update", "field": "revision"}
    assert describe({**row, "old_value": "1", "new_value": "2"}) == "Sam brought revision 2 of the article"
    assert describe({**row, "old_value": "3", "new_value": "2"}) == "Sam undid revision 3 of the article"
    claim = {"changed_by": "Sam", "entity": "claim", "action": "update", "field": "placement", "old_value": ""}
    assert describe({**claim, "new_value": "changed"}) == "Sam found the claim's wording changed"
    assert describe({**claim, "new_value": "orphan"}) == "Sam could not find the claim any more"
