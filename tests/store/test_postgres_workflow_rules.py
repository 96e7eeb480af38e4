"""The desk's workflow rules a shared library keeps for every reviewer: who moves an article on, whom one may ask."""

from __future__ import annotations

import itertools

import pytest

from factcheck.store import open_store

from contract.contract_samples import add_article, mark

_names = itertools.count(1)


@pytest.fixture
def library(shared_desk):
    """A new shared library; ``library(login)`` opens it as that reviewer (closed after the test)."""
    name = f"workflow_rules_{next(_names)}"
    shared_desk.new_library(name)
    opened = []

    def open_as(login="owner"):
        store = open_store(shared_desk.url(name, login))
        opened.append(store)
        return store

    yield open_as
    for store in opened:
        store.close()


def test_a_reporter_moves_only_their_own_article_into_review_and_asks_reach_only_real_logins(library):
    from factcheck.core.workflow import Stage, WorkflowError
    from factcheck.store import NotAllowed

    alice, rita = library("alice"), library("rita")
    article = add_article(alice)
    claim = mark(alice, article, "Crime fell 40%")
    with pytest.raises(NotAllowed, match="Only an editor can assign or publish"):
        rita.set_article_stage(article.id, Stage.PUBLISHED)
    alice.set_article_stage(article.id, Stage.ASSIGNED, "rita")
    assert rita.set_article_stage(article.id, Stage.IN_REVIEW).stage is Stage.IN_REVIEW
    with pytest.raises(NotAllowed):
        rita.set_article_stage(article.id, Stage.PUBLISHED)
    with pytest.raises(WorkflowError, match="bbo: no such reviewer"):
        alice.request_opinions(claim.id, ["bbo"])
    assert alice.opinion_requests(claim.id) == []
    assert [r.reviewer for r in alice.request_opinions(claim.id, ["rita"])] == ["rita"]


def test_only_an_editor_revises_an_article_with_approved_claims_and_history_names_each_placement(library):
    from factcheck.revision_plans import apply_revision, plan_revision
    from factcheck.store import NotAllowed

    alice, rita = library("alice"), library("rita")
    article = add_article(alice)
    draft = mark(alice, article, "Crime fell 40%")
    new_text = "A correction opens the story.\n\n" + article.text
    plan = plan_revision(rita, article.id, new_text)
    assert apply_revision(rita, plan).revision == 2  # nothing approved yet: a reporter may
    rita.unrevise_article(article.id, plan.claims, revision=2)
    approved = mark(alice, article, "Taxes rose")
    alice.update_claim(approved.id, "status", "approved")
    plan = plan_revision(rita, article.id, new_text)
    with pytest.raises(NotAllowed, match="only an editor"):
        apply_revision(rita, plan)
    assert alice.article(article.id).revision == 1 and alice.claim(draft.id).anchor == draft.anchor
    assert apply_revision(alice, plan_revision(alice, article.id, new_text)).revision == 2
    rows = [r for r in alice.history(article.id) if r["claim_id"] == draft.id and r["field"] == "placement"]
    assert [(r["changed_by"], r["new_value"]) for r in rows][-1] == ("alice", "moved")
