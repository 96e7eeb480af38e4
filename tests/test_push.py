"""operations.push_library: a library file's articles brought into a shared library whole, once.

On the session's throw-away PostgreSQL server (tests/postgres_server.py); skipped without one.
"""

from __future__ import annotations

import itertools
import json

import pytest

from factcheck.api import claim_for_quote
from factcheck.core.articles import Article, Original
from factcheck.core.claims import Source
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.operations import (
    HISTORY_COLUMNS,
    PushResult,
    push_library,
    whole_article,
)
from factcheck.store import NotAllowed, open_store

TEXT = "Crime fell 40% last year, the mayor said. The council spent £2m on the lanes."
OTHER = "Unemployment is at a record low, the minister said on Tuesday."

_names = itertools.count(1)


@pytest.fixture
def shared(shared_desk):
    """``shared(login)`` opens a new shared library as that login (the owner by default); closed after."""
    name = f"push_{next(_names)}"
    shared_desk.new_library(name)
    opened = []

    def open_as(login="owner"):
        store = open_store(shared_desk.url(name, login))
        opened.append(store)
        return store

    yield open_as
    for store in opened:
        store.close()


@pytest.fixture
def local(tmp_path):
    store = open_store(tmp_path / "mine.db", user="Sam Field")
    yield store
    store.close()


def mark(store, article, quote, **fields):
    return store.add_claim(claim_for_quote(article, quote).with_(**fields))


def test_whole_article_reads_what_deleting_would_return_and_changes_nothing(local):
    article = local.add_article(Article("Mayor says crime fell", TEXT), Original(b"<p>page</p>", "text/html", "a.html"))
    claim = mark(local, article, "Crime fell 40%")
    local.add_source(claim.id, Source(title="Police"))
    local.delete_claim(mark(local, article, "The council").id)
    whole = whole_article(local, article.id)
    assert local.articles()[0].claim_count == 1  # still there
    deleted = local.delete_article(article.id)
    assert whole == deleted
    assert whole.claims_numbered == 2 and len(HISTORY_COLUMNS) == len(whole.history[0])


def test_push_brings_articles_with_numbers_sources_history_and_scale(local, shared):
    desk_scale = RatingScale("desk", "Our desk", (Verdict("Sound", "#00aa00"), Verdict("Unsound", "#aa0000")))
    local.add_scale(desk_scale)
    first = local.add_article(Article("Mayor says crime fell", TEXT, rating_scale="desk"),
                              Original(b"raw bytes", "text/plain", "crime.txt"))
    claim = mark(local, first, "Crime fell 40%", claimant="Mayor Jones")
    local.update_claim(claim.id, "verdict", "Unsound")
    local.add_source(claim.id, Source(title="Police"))
    local.add_source(claim.id, Source(url="https://stats.example/crime", title="Statistics office"))
    local.delete_claim(mark(local, first, "The council").id)
    second = local.add_article(Article("Jobs at a record", OTHER))
    local.set_archived(second.id, True)
    heard = []

    owner = shared()
    result = push_library(local, owner, progress=lambda done, total, title: heard.append((done, total, title)))

    assert heard == [(0, 2, "Mayor says crime fell"), (1, 2, "Jobs at a record")]
    assert [local_id for local_id, _ in result.pushed] == [first.id, second.id] and result.already == ()
    crime = dict(result.pushed)[first.id]
    assert owner.article(crime).rating_scale == "desk" and owner.scale("desk") == desk_scale
    assert owner.original(crime) == Original(b"raw bytes", "text/plain", "crime.txt")
    claims = owner.claims(crime)
    assert [(c.number, c.quote, c.verdict, c.claimant, [s.title for s in c.sources]) for c in claims] == [
        (1, "Crime fell 40%", "Unsound", "Mayor Jones", ["Police", "Statistics office"])]
    history = owner.history(crime)
    assert [(r["changed_by"], r["entity"], r["action"], r["field"]) for r in history[:-1]] == [
        (r["changed_by"], r["entity"], r["action"], r["field"]) for r in local.history(first.id)]
    assert history[-1]["changed_by"] == "owner" and history[-1]["field"] == "pushed"
    assert owner.add_claim(claim_for_quote(owner.article(crime), "The council")).number == 3  # 2 stays given
    assert owner.article_summary(dict(result.pushed)[second.id]).archived_at is not None


def test_pushing_again_adds_nothing_whatever_the_titles_became(local, shared):
    article = local.add_article(Article("Mayor says crime fell", TEXT))
    local.add_article(Article("Mayor says crime fell (corrected)", TEXT))  # the same text, imported again
    owner = shared()
    first = push_library(local, owner)
    assert len(first.pushed) == 2  # two local articles, two shared ones
    again = push_library(local, owner)
    assert again == PushResult(pushed=(), already=first.pushed)
    local.update_article(article.id, "title", "Crime: the mayor's figures")  # retitled here...
    owner.update_article(first.pushed[1][1], "title", "Mayor's crime figures (corrected)")  # ...and there
    assert push_library(local, owner).pushed == () and len(owner.articles(archived=True)) == 2
    owner.delete_article(first.pushed[0][1])  # deleted there: a push brings it back
    assert [local_id for local_id, _ in push_library(local, owner).pushed] == [article.id]


def test_the_shared_librarys_own_claimant_details_win(local, shared):
    from factcheck.core.claims import Claimant, ClaimantKind

    article = local.add_article(Article("Mayor says crime fell", TEXT))
    mark(local, article, "Crime fell 40%", claimant="City Hall")
    mark(local, article, "The council", claimant="Council")
    local.set_claimant(Claimant("City Hall", ClaimantKind.ORGANIZATION, "https://cityhall.example"))
    local.set_claimant(Claimant("Council", ClaimantKind.ORGANIZATION, "https://council.example"))
    owner = shared()
    owner.set_claimant(Claimant("Council", ClaimantKind.ORGANIZATION, "https://www.wikidata.org/wiki/Q2"))
    push_library(local, owner)
    assert owner.claimant("City Hall").same_as == "https://cityhall.example"
    assert owner.claimant("Council").same_as == "https://www.wikidata.org/wiki/Q2"


@pytest.mark.parametrize("login", ["alice", "rita"])
def test_a_reviewer_cannot_push_and_nothing_is_saved(local, shared, login):
    local.add_scale(RatingScale("desk", "Our desk", (Verdict("Sound", "#00aa00"),)))
    local.add_article(Article("Mayor says crime fell", TEXT, rating_scale="desk"))
    reviewer = shared(login)
    with pytest.raises(NotAllowed, match="Only the owner"):
        push_library(local, reviewer)
    assert reviewer.articles(archived=True) == [] and "desk" not in [s.key for s in reviewer.scales()]


def test_push_brings_the_desks_records_with_their_authors_and_times(local, shared, tmp_path):
    from factcheck.core.claims import ClaimStatus
    from factcheck.core.workflow import ArticleStage, Decision, Stage
    from factcheck.operations import export_bundle

    article = local.add_article(Article("Mayor says crime fell", TEXT))
    crime = mark(local, article, "Crime fell 40%", status=ClaimStatus.IN_REVIEW)
    lanes = mark(local, article, "The council", status=ClaimStatus.IN_REVIEW)
    local.set_article_stage(article.id, Stage.IN_REVIEW, "Lee Chan", "2024-05-10")
    lee, kim = (open_store(tmp_path / "mine.db", user=name) for name in ("Lee Chan", "Kim Park"))
    try:
        proposal = local.propose(crime.id, "False", "Police data show 12%.")
        local.request_opinions(crime.id, ["Lee Chan", "Kim Park"], note="Rate it blind.")
        lee.propose(crime.id, "Mostly False", "40% in one ward.")
        kim.propose(crime.id, "True", "Not sure yet.", submit=False)  # a draft: Kim's, and still blind
        lee.add_comment(crime.id, "Check the ward table first.")
        local.decide(crime.id, Decision.APPROVE, "Police table checked.", proposal_id=proposal.id)
        lee.propose(lanes.id, "True", "It did.")
        local.decide(lanes.id, Decision.RETURN, "Not a checkable claim.")
    finally:
        lee.close()
        kim.close()
    owner = shared()
    ((_, pushed),) = push_library(local, owner).pushed

    def bundle(store, article_id):  # the generator (factcheck's version) aside
        return {k: v for k, v in json.loads(export_bundle(store, article_id)).items() if k != "generator"}

    assert bundle(owner, pushed) == bundle(local, article.id)
    assert owner.article_stage(pushed) == ArticleStage(Stage.IN_REVIEW, "Lee Chan", "2024-05-10")
    claims = {c.quote: c for c in owner.claims(pushed)}
    every = owner.article_workflow(pushed, whole=True)[claims["Crime fell 40%"].id]
    assert [(p.reviewer, p.submitted) for p in every["proposals"]] == [
        ("Sam Field", True), ("Lee Chan", True), ("Kim Park", False)]  # the draft too, still Kim's alone
    (approval,) = owner.decisions(claims["Crime fell 40%"].id)
    assert (approval.decided_by, every["proposals"][0].id) == ("Sam Field", approval.proposal_id)
    assert [d.action for d in owner.decisions(claims["The council"].id)] == [Decision.RETURN]


def test_an_empty_library_pushes_nothing(local, shared):
    assert push_library(local, shared()) == PushResult((), ())
