"""The Store contract for records made in another library: ``receive_workflow``, and a bundle's round trip.

Run on both engines. On the shared desk only the library's owner may store records made
by others (tests/store/test_postgres_server.py shows the refusals), so the receiving
library is opened by "owner": on a local file that is just a name.
"""

from __future__ import annotations

import json

from contract_samples import add_article, mark

from factcheck.core.claims import ClaimStatus
from factcheck.core.report import ClaimWorkflow
from factcheck.core.workflow import ArticleStage, ClaimDecision, Comment, Decision, OpinionRequest, Proposal, Stage
from factcheck.operations import export_bundle, import_bundle

SAM_AT, LEE_AT, ASKED_AT, DECIDED_AT = ("2024-05-06T10:00:00+00:00", "2024-05-06T14:30:00+00:00",
                                         "2024-05-06T11:00:00+00:00", "2024-05-07T09:15:00+00:00")


def elsewhere() -> ClaimWorkflow:
    """A claim's records as another library kept them (its ids, claim 0): Lee's proposal is the one approved."""
    return ClaimWorkflow(
        proposals=(Proposal(0, "Sam Ortiz", "False", "Police data show 12%.", False, SAM_AT, SAM_AT, 7),
                   Proposal(0, "Lee Chan", "Mostly False", "40% in one ward.", True, LEE_AT, LEE_AT, 9),
                   Proposal(0, "Kim Park", "True", "Half-way.", False, LEE_AT, None, 10)),
        requests=(OpinionRequest(0, "Lee Chan", "Dana Editor", "Rate it blind.", ASKED_AT, 3),),
        decisions=(ClaimDecision(0, Decision.RETURN, "Dana Editor", ASKED_AT, "Find the table.", None, None, None, 4),
                   ClaimDecision(0, Decision.APPROVE, "Dana Editor", DECIDED_AT, "Ward table checked.", 9,
                                 "Mostly False", "40% in one ward.", 5)),
        comments=(Comment(0, "Dana Editor", "Check the ward table first.", SAM_AT, 1),
                  Comment(0, "Sam Ortiz", "Done.", LEE_AT, 2)))


def test_received_records_keep_their_authors_times_and_order_under_new_ids(libraries):
    owner = libraries.open(user="owner")
    heard = []
    owner.subscribe(heard.append)
    claim = mark(owner, add_article(owner), "Crime fell 40%")
    records = elsewhere()
    assert owner.receive_workflow(claim.id, records) == 8
    assert claim.id in heard[-1].claims
    got = owner.article_workflow(claim.article_id, whole=True)[claim.id]
    assert [(p.claim_id, p.reviewer, p.verdict, p.rationale, p.second_opinion, p.created_at, p.submitted_at)
            for p in got["proposals"]] == [(claim.id, *_proposal(p)) for p in records.proposals]
    assert [p.reviewer for p in owner.proposals(claim.id)] == ["Sam Ortiz", "Lee Chan"]  # Kim's draft is Kim's
    lee = got["proposals"][1]
    assert [(d.action, d.decided_by, d.decided_at, d.note, d.proposal_id, d.verdict, d.rationale)
            for d in owner.decisions(claim.id)] == [
        (Decision.RETURN, "Dana Editor", ASKED_AT, "Find the table.", None, None, None),
        (Decision.APPROVE, "Dana Editor", DECIDED_AT, "Ward table checked.", lee.id, "Mostly False",
         "40% in one ward.")]  # the approved proposal by its new id
    assert [(r.reviewer, r.requested_by, r.note, r.requested_at) for r in owner.opinion_requests(claim.id)] == [
        ("Lee Chan", "Dana Editor", "Rate it blind.", ASKED_AT)]
    assert [(c.author, c.text, c.written_at) for c in owner.comments(claim.id)] == [
        ("Dana Editor", "Check the ward table first.", SAM_AT), ("Sam Ortiz", "Done.", LEE_AT)]
    assert owner.claim(claim.id).status == ClaimStatus.DRAFT  # the records do not decide: the claim came as it was
    assert [r["entity"] for r in owner.history(claim.article_id)] == ["article", "claim"]


def _proposal(p: Proposal) -> tuple:
    return p.reviewer, p.verdict, p.rationale, p.second_opinion, p.created_at, p.submitted_at


def test_receiving_again_adds_no_second_proposal_or_request_for_the_same_reviewer(libraries):
    owner = libraries.open(user="owner")
    claim = mark(owner, add_article(owner), "Crime fell 40%")
    owner.receive_workflow(claim.id, elsewhere())
    assert owner.receive_workflow(claim.id, ClaimWorkflow(proposals=elsewhere().proposals[:1],
                                                          requests=elsewhere().requests)) == 0
    assert len(owner.article_workflow(claim.article_id, whole=True)[claim.id]["proposals"]) == 3


def desk(libraries):
    """An article worked on by a desk: alice (editor), rita (reporter) and bob; exported as alice."""
    alice = libraries.open()
    rita, bob = libraries.as_user(alice, "rita"), libraries.as_user(alice, "bob")
    article = add_article(alice, url="https://gazette.example/mayor")
    crime, _, lanes = (mark(alice, article, phrase, claimant="Mayor", status=ClaimStatus.IN_REVIEW)
                       for phrase in ("Crime fell 40%", "The budget", "Taxes rose"))
    alice.set_article_stage(article.id, Stage.ASSIGNED, "rita", "2024-05-10")
    proposal = rita.propose(crime.id, "False", "Police data show 12%.")
    alice.request_opinions(crime.id, ["bob", "carol"], note="Rate it blind.")
    bob.propose(crime.id, "Mostly False", "40% in one ward.")
    alice.add_comment(crime.id, "Check the ward table first.")
    rita.add_comment(crime.id, "Done.\n\nThe ward table agrees.")
    alice.decide(crime.id, Decision.APPROVE, "Police table checked.", proposal_id=proposal.id)
    rita.propose(lanes.id, "True", "They did.")
    alice.decide(lanes.id, Decision.RETURN, "Not a checkable claim.")
    return alice, article.id


def comparable(text: str) -> dict:
    data = json.loads(text)
    data.pop("generator")
    data["article"].pop("imported_at")
    return data


def test_a_version_2_bundle_keeps_the_desks_workflow_through_import_and_export(libraries):
    alice, article_id = desk(libraries)
    exported = export_bundle(alice, article_id)
    data = json.loads(exported)
    crime = next(c for c in data["claims"] if c["quote"] == "Crime fell 40%")
    assert [p["reviewer"] for p in crime["proposals"]] == ["rita", "bob"] and crime["decisions"][0]["proposal_by"] == "rita"

    owner = libraries.open(user="owner")  # a new library
    result = import_bundle(owner, exported.encode(), "desk.json")
    assert (result.claims, result.workflow_left_out, result.workflow_note) == (3, 0, "")
    assert comparable(export_bundle(owner, result.article_id)) == comparable(exported)
    assert owner.article_stage(result.article_id) == ArticleStage(Stage.ASSIGNED, "rita", "2024-05-10")
    claims = {c.quote: c for c in owner.claims(result.article_id)}
    (approval,) = owner.decisions(claims["Crime fell 40%"].id)
    approved = next(p for p in owner.proposals(claims["Crime fell 40%"].id) if p.id == approval.proposal_id)
    assert (approved.reviewer, approval.decided_by) == ("rita", "alice")


def test_a_version_1_bundle_still_imports(libraries):
    alice = libraries.open()
    article = add_article(alice)
    mark(alice, article, "Crime fell 40%", verdict="False")
    exported = export_bundle(alice, article.id)
    assert json.loads(exported)["version"] == 1
    owner = libraries.open(user="owner")
    result = import_bundle(owner, exported.encode(), "plain.json")
    assert (result.claims, result.workflow_left_out) == (1, 0)
    assert comparable(export_bundle(owner, result.article_id)) == comparable(exported)
