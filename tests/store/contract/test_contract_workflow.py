"""The Store contract for the review workflow: proposals, blind second opinions, decisions, comments, stages.

Run on both engines; reviewers are handles opened by other logins on the same library
(``libraries.as_user``): alice and bob are editors, rita a reporter on the shared desk.
"""

from __future__ import annotations

import pytest
from contract_samples import add_article, mark

from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import Decision, Stage, WorkflowError


def test_each_reviewer_keeps_one_proposal_and_a_draft_is_its_authors_alone(libraries, store, notices):
    claim = mark(store, add_article(store), "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    draft = rita.propose(claim.id, "False", "Police data says 12%.", submit=False)
    assert (draft.reviewer, draft.verdict, draft.submitted) == ("rita", "False", False)
    assert store.proposals(claim.id) == []  # a draft: rita's alone
    assert rita.proposals(claim.id) == [draft]
    submitted = rita.propose(claim.id, "Mostly false", "Police data says 12%, not 40%.")
    assert submitted.id == draft.id and submitted.submitted and submitted.verdict == "Mostly false"
    assert store.proposals(claim.id) == [submitted]
    mine = store.propose(claim.id, "False")
    assert [p.reviewer for p in store.proposals(claim.id)] == ["rita", "alice"] and mine.submitted
    assert store.claim(claim.id).verdict is None  # a proposal is not the claim's verdict


def test_a_second_opinion_is_blind_until_it_is_submitted(libraries, store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    rita, bob = libraries.as_user(store, "rita"), libraries.as_user(store, "bob")
    rita.propose(claim.id, "False", "Police data.")
    requests = store.request_opinions(claim.id, ["bob"], note="Please rate it without looking.")
    assert [(r.reviewer, r.requested_by, r.note) for r in requests] == [
        ("bob", "alice", "Please rate it without looking.")]
    assert bob.blind_claims() == {claim.id}
    assert bob.proposals(claim.id) == []  # no one else's verdict before his own
    own = bob.propose(claim.id, "Mixed", "Both figures are right for different years.", submit=False)
    assert bob.proposals(claim.id) == [own] and bob.blind_claims() == {claim.id}  # a draft does not lift it
    bob.propose(claim.id, "Mixed", "Both figures are right for different years.")
    assert bob.blind_claims() == set()
    side_by_side = {p.reviewer: (p.verdict, p.second_opinion) for p in bob.proposals(claim.id)}
    assert side_by_side == {"rita": ("False", False), "bob": ("Mixed", True)}
    assert store.request_opinions(claim.id, ["bob"]) == requests  # asked again: nothing new
    with pytest.raises(WorkflowError):
        store.request_opinions(claim.id, ["  ", "alice"])  # no one but oneself


def test_an_editor_approves_a_proposal_returns_and_reopens_each_with_a_note(libraries, store, notices):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    proposal = rita.propose(claim.id, "False", "Police data says 12%.")
    with pytest.raises(WorkflowError, match="note"):
        store.decide(claim.id, Decision.APPROVE, "  ", proposal_id=proposal.id)
    heard = len(notices)
    approved = store.decide(claim.id, Decision.APPROVE, "Checked the police table.", proposal_id=proposal.id)
    assert (approved.action, approved.decided_by, approved.proposal_id, approved.verdict) == (
        Decision.APPROVE, "alice", proposal.id, "False")
    stored = store.claim(claim.id)
    assert (stored.verdict, stored.rationale, stored.status) == ("False", "Police data says 12%.",
                                                                ClaimStatus.APPROVED)
    assert len(notices) == heard + 1 and claim.id in notices[-1].claims  # one edit
    reopened = store.decide(claim.id, "reopen", "The ministry published new figures.")
    assert store.claim(claim.id).status == ClaimStatus.IN_REVIEW
    returned = store.decide(claim.id, "return", "Find the 2023 table first.")
    assert store.claim(claim.id).status == ClaimStatus.DRAFT
    assert [d.action for d in store.decisions(claim.id)] == [Decision.APPROVE, Decision.REOPEN, Decision.RETURN]
    assert [d.note for d in rita.decisions(claim.id)][1:] == [reopened.note, returned.note]
    fields = [(r["field"], r["new_value"]) for r in store.history(article.id) if r["field"] == "status"]
    assert fields == [("status", "approved"), ("status", "in_review"), ("status", "draft")]
    with pytest.raises(WorkflowError):
        store.decide(claim.id, "reopen", "It is not approved.")


def test_an_editor_may_approve_their_own_final_verdict(store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    store.decide(claim.id, "approve", "Final wording mine.", verdict="Mostly false", rationale="12%, not 40%.")
    stored = store.claim(claim.id)
    assert (stored.verdict, stored.rationale, stored.status) == ("Mostly false", "12%, not 40%.", "approved")
    with pytest.raises(WorkflowError, match="no verdict"):
        store.decide(mark(store, store.article(claim.article_id), "the mayor").id, "approve", "Nothing to approve.")


def test_comments_are_a_thread_per_claim(libraries, store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    first = store.add_comment(claim.id, "Can we get the 2023 table?")
    second = rita.add_comment(claim.id, "  Asked the police press office.  ")
    assert [(c.author, c.text) for c in store.comments(claim.id)] == [
        ("alice", "Can we get the 2023 table?"), ("rita", "Asked the police press office.")]
    assert first.written_at and second.id != first.id
    with pytest.raises(WorkflowError):
        store.add_comment(claim.id, "   ")


def test_an_article_moves_through_its_stages(store, notices):
    article = add_article(store)
    assert store.article_stage(article.id).stage is Stage.UNASSIGNED
    with pytest.raises(WorkflowError):
        store.set_article_stage(article.id, Stage.ASSIGNED)
    assigned = store.set_article_stage(article.id, Stage.ASSIGNED, "rita", "2026-12-05")
    assert (assigned.stage, assigned.assignee, assigned.due) == (Stage.ASSIGNED, "rita", "2026-12-05")
    assert notices[-1].article_list
    assert store.set_article_stage(article.id, "in_review").assignee == "rita"
    assert store.set_article_stage(article.id, Stage.PUBLISHED, due=None).due is None


def test_what_changed_since_i_last_looked(libraries, store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    other = mark(store, article, "the mayor")
    rita = libraries.as_user(store, "rita")
    assert store.changed_since_seen() == {}  # only alice's own changes so far
    import time
    time.sleep(1.1)  # stamps are to the second: a change in the second of opening counts as unseen
    rita.mark_seen(article.id)
    assert rita.changed_since_seen() == {}
    store.mark_seen(article.id)
    time.sleep(1.1)
    rita.update_claim(claim.id, "verdict", "False")
    assert store.changed_since_seen() == {article.id: {claim.id}}
    assert other.id not in store.changed_since_seen()[article.id]
    time.sleep(1.1)
    store.mark_seen(article.id)
    assert store.changed_since_seen() == {}


def test_a_change_in_the_second_the_reviewer_opened_the_article_is_marked_not_missed(libraries, store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    store.mark_seen(article.id)
    rita.update_claim(claim.id, "verdict", "False")  # within the same second, most likely: still seen as new
    assert store.changed_since_seen() == {article.id: {claim.id}}


def test_ratings_for_agreement_are_the_submitted_proposals(libraries, store):
    article = add_article(store)
    one, two = mark(store, article, "Crime fell 40%"), mark(store, article, "the mayor")
    bob = libraries.as_user(store, "bob")
    store.propose(one.id, "False")
    bob.propose(one.id, "Mixed")
    bob.propose(two.id, "True", submit=False)  # a draft: not a rating
    assert store.ratings(article.id) == [(one.id, "alice", "False"), (one.id, "bob", "Mixed")]
    assert store.ratings(article.id + 1000) == []


def test_what_waits_for_a_reviewer(libraries, store):
    article = add_article(store)
    one, two = mark(store, article, "Crime fell 40%"), mark(store, article, "the mayor")
    rita, bob = libraries.as_user(store, "rita"), libraries.as_user(store, "bob")
    store.request_opinions(one.id, ["bob"])
    store.set_article_stage(article.id, Stage.ASSIGNED, "rita")
    rita.propose(two.id, "False")
    rita.update_claim(two.id, "status", ClaimStatus.IN_REVIEW)
    assert bob.waiting()["opinions"] == [one.id]
    assert rita.waiting()["assigned"] == [article.id] and rita.waiting()["opinions"] == []
    assert store.waiting()["sign_off"] == [two.id]  # alice, an editor: rita's proposal waits for her
    store.decide(two.id, "approve", "Fine.", proposal_id=rita.own_proposal(two.id).id)
    assert store.waiting()["sign_off"] == []


def test_one_articles_records_at_once_are_the_claim_by_claim_ones(libraries, store):
    article = add_article(store)
    one, two = mark(store, article, "Crime fell 40%"), mark(store, article, "the mayor")
    elsewhere = mark(store, add_article(store, title="Another"), "Crime fell 40%")
    rita, bob = libraries.as_user(store, "rita"), libraries.as_user(store, "bob")
    rita.propose(one.id, "False", "Police data.")
    bob.propose(two.id, "True", submit=False)
    store.request_opinions(two.id, ["bob"], "Blind, please.")
    store.add_comment(one.id, "Which year?")
    store.decide(one.id, "approve", "Good.", proposal_id=rita.own_proposal(one.id).id)
    store.add_comment(elsewhere.id, "Not this article.")
    for reader in (store, rita, bob):
        at_once = reader.article_workflow(article.id)
        for claim in (one, two):
            expected = {"proposals": reader.proposals(claim.id), "requests": reader.opinion_requests(claim.id),
                        "decisions": reader.decisions(claim.id), "comments": reader.comments(claim.id)}
            assert at_once.get(claim.id, {"proposals": [], "requests": [], "decisions": [], "comments": []}) == expected
        assert elsewhere.id not in at_once


# ----------------------------------------- compare-and-set beyond claim fields (a review's findings)


def test_a_claim_changed_by_someone_else_is_not_deleted_as_the_caller_knew_it(libraries, store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    bob = libraries.as_user(store, "bob")
    bob.update_claim(claim.id, "verdict", "False")
    from factcheck.store import StaleValue

    with pytest.raises(StaleValue, match="verdict"):
        store.delete_claim(claim.id, seen=claim)
    assert store.claim(claim.id).verdict == "False"
    store.delete_claim(claim.id, seen=store.claim(claim.id))  # as it is now: deleted


def test_article_details_change_only_over_what_was_read(libraries, store):
    from factcheck.store import StaleValue

    article = add_article(store, outlet="Gazette")
    libraries.as_user(store, "bob").update_article(article.id, "outlet", "Herald")
    with pytest.raises(StaleValue, match="Herald"):
        store.update_article_fields(article.id, {"outlet": "Times", "author": "Sam"}, expected={"outlet": "Gazette"})
    assert (store.article(article.id).outlet, store.article(article.id).author) == ("Herald", "")


def test_a_claimants_details_change_only_over_what_was_read(libraries, store):
    from factcheck.core.claims import Claimant, ClaimantKind
    from factcheck.store import StaleValue

    read = store.claimant("City Hall")
    libraries.as_user(store, "bob").set_claimant(Claimant("City Hall", ClaimantKind.ORGANIZATION))
    with pytest.raises(StaleValue, match="Organisation"):
        store.set_claimant(Claimant("City Hall", ClaimantKind.PERSON, "https://cityhall.example"), expected=read)
    assert store.claimant("City Hall").kind is ClaimantKind.ORGANIZATION


def test_the_last_number_an_article_gave_is_read_as_stored(store):
    article = add_article(store)
    mark(store, article, "Crime fell 40%")
    store.delete_claim(mark(store, article, "the mayor").id)
    assert store.claims_numbered(article.id) == 2  # the deleted claim's number stays given
    with pytest.raises(KeyError):
        store.claims_numbered(article.id + 1000)


def test_a_proposal_and_requests_for_opinions_can_be_taken_back_not_an_approved_proposal(libraries, store, notices):
    claim = mark(store, add_article(store), "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    rita.propose(claim.id, "False", "Police data.")
    store.propose(claim.id, "Mixed")
    assert store.withdraw_proposal(claim.id).verdict == "Mixed"
    assert notices[-1].claims == {claim.id}
    assert [p.reviewer for p in store.proposals(claim.id)] == ["rita"]
    assert store.withdraw_proposal(claim.id) is None  # nothing left of alice's
    store.request_opinions(claim.id, ["bob", "rita"])
    store.withdraw_opinion_requests(claim.id, ["bob"])
    assert [r.reviewer for r in store.opinion_requests(claim.id)] == ["rita"]
    bob = libraries.as_user(store, "bob")
    assert bob.blind_claims() == set()
    (approved,) = rita.proposals(claim.id)
    store.decide(claim.id, Decision.APPROVE, "Checked.", proposal_id=approved.id)
    with pytest.raises(WorkflowError, match="alice approved this proposal already"):
        rita.withdraw_proposal(claim.id)
    assert [p.reviewer for p in store.proposals(claim.id)] == ["rita"]


def test_an_assignment_is_in_the_articles_history_and_marks_it_changed_for_colleagues(libraries, store):
    article = add_article(store)
    rita = libraries.as_user(store, "rita")
    rita.mark_seen(article.id)
    import time
    time.sleep(1.1)
    store.set_article_stage(article.id, Stage.ASSIGNED, "rita", "2026-12-05")
    store.set_article_stage(article.id, Stage.ASSIGNED, "rita", "2026-12-05")  # the same again: no new row
    rows = [(r["changed_by"], r["field"], r["old_value"], r["new_value"]) for r in store.history(article.id)
            if r["field"] in ("stage", "assignee", "due")]
    assert rows == [("alice", "stage", "unassigned", "assigned"), ("alice", "assignee", "", "rita"),
                    ("alice", "due", None, "2026-12-05")]
    assert rita.changed_since_seen() == {article.id: set()}
    from factcheck.core.history_text import describe

    assert describe(store.history(article.id)[-3]) == "alice changed the stage from Unassigned to Assigned"


def test_colleagues_proposals_comments_and_requests_mark_a_claim_changed(libraries, store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    bob = libraries.as_user(store, "bob")
    store.mark_seen(article.id)
    import time
    time.sleep(1.1)
    assert store.changed_since_seen() == {}
    rita.propose(claim.id, "False", "Police data.")
    assert store.changed_since_seen() == {article.id: {claim.id}}
    store.mark_seen(article.id)
    time.sleep(1.1)
    bob.add_comment(claim.id, "Which table?")
    assert store.changed_since_seen() == {article.id: {claim.id}}
    store.mark_seen(article.id)
    time.sleep(1.1)
    bob.request_opinions(claim.id, ["rita"])
    assert store.changed_since_seen() == {article.id: {claim.id}}


def test_agreement_figures_leave_out_the_claims_a_reviewer_still_rates_blind(libraries, store):
    article = add_article(store)
    one, two = mark(store, article, "Crime fell 40%"), mark(store, article, "the mayor")
    rita, bob = libraries.as_user(store, "rita"), libraries.as_user(store, "bob")
    for claim in (one, two):
        store.propose(claim.id, "False")
        rita.propose(claim.id, "False")
    store.request_opinions(one.id, ["bob"])
    assert {claim_id for claim_id, _, _ in bob.ratings(article.id)} == {two.id}  # nothing told of claim one
    assert {claim_id for claim_id, _, _ in store.ratings(article.id)} == {one.id, two.id}


def test_the_approved_proposal_is_not_rewritten_and_undoing_a_new_proposal_restores_the_old_one_exactly(
        libraries, store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    rita = libraries.as_user(store, "rita")
    first = rita.propose(claim.id, "False", "Police data.")
    import time
    time.sleep(1.1)
    rita.propose(claim.id, "Mixed", "Both figures.")
    assert rita.restore_proposal(first) == first  # its times too
    store.decide(claim.id, Decision.APPROVE, "Checked.", proposal_id=first.id)
    with pytest.raises(WorkflowError, match="approved on your proposal"):
        rita.propose(claim.id, "Mixed")
    assert rita.own_proposal(claim.id) == first
    assert libraries.as_user(store, "bob").propose(claim.id, "Mixed").submitted  # another opinion, kept beside it
