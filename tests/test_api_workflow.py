"""The review workflow in the public API (issue 12): proposals, blind second opinions, sign-off, comments,
what waits for a reviewer, agreement; and docs/api.md's "Review workflow" example, run exactly as documented.

On a library file, and on the shared desk where it matters (blindness, a reporter cannot sign off):
alice, bob and carol are editors there, rita and ron reporters.
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path

import pytest

from factcheck import api
from factcheck.core.agreement import measure_agreement
from factcheck.core.articles import Article
from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import Decision, Stage

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
TEXT = "Crime fell 40% last year, the mayor said. The council spent £2m on the lanes. Unemployment is at a record low."
QUOTES = ("Crime fell 40% last year", "The council spent £2m", "Unemployment is at a record low")

_names = itertools.count(1)


@pytest.fixture
def path(tmp_path):
    """A library file holding one article with three claims, closed: the tests open it as their reviewers."""
    path = tmp_path / "newsroom.db"
    with api.open_library(path, reviewer="Seeder", create=True) as library:
        article = library.store.add_article(Article("Mayor says crime fell", TEXT))
        for quote in QUOTES:
            library.mark_claim(article.id, quote=quote)
    return path


def opened(path, reviewer: str):
    return api.open_library(path, reviewer=reviewer)


def ids(path) -> tuple[int, list[int]]:
    """The article's id and its claims' ids, in text order."""
    with opened(path, "Reader") as library:
        article_id = library.articles()[0].id
        return article_id, [c.id for c in library.claims(article_id)]


def review_example() -> str:
    """The Python block under "### Example: sign off the claims the reviewers agree on" in docs/api.md."""
    section = DOCS.read_text(encoding="utf-8").split("### Example: sign off the claims the reviewers agree on", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


# ------------------------------------------------------------ the documented example


def rate_for_the_example(open_as, claims: list[int]) -> None:
    """One reviewer alone on the first claim; two who agree on the second; two who differ on the third."""
    with open_as("first") as first:  # one at a time: a library file is opened by one program at once
        first.propose(claims[0], "Misleading", "Police figures show a fall of 12%.")
        first.propose(claims[1], "False", "The budget says £1.2m.")
        first.propose(claims[2], "False", "The rate was lower in 2019.")
    with open_as("second") as second:
        second.propose(claims[1], "false", "£1.2m in the 2024 budget.")
        second.propose(claims[2], "Mixed", "A record low for men only.")


def check_example_ran(out: list[str], library, article_id: int, claims: list[int], reviewers: tuple[str, str],
                      asked: str = "Ben Ode"):
    assert out == [f"claim {article_id}:1: asked {asked}",
                   f"claim {article_id}:2: approved as False",
                   f"claim {article_id}:3: reviewers differ (False, Mixed): decide in the window",
                   "Newsroom scale: Krippendorff's alpha 0.00 on 2 claims"]  # {F, F} and {F, Mixed}: alpha 0
    assert [r.reviewer for r in library.store.opinion_requests(claims[0])] == [asked]
    approved = library.claim(claims[1])
    assert (approved.status, approved.verdict, approved.rationale) == (ClaimStatus.APPROVED, "False",
                                                                       "The budget says £1.2m.")
    assert library.store.decisions(claims[1])[0].proposal_id == library.proposals(claims[1])[0].id
    assert library.proposals(claims[1])[0].reviewer == reviewers[0]
    assert library.claim(claims[2]).status == ClaimStatus.IN_REVIEW


def test_the_documented_review_example_runs_as_written(path, tmp_path, monkeypatch, capsys):
    article_id, claims = ids(path)
    rate_for_the_example(lambda who: opened(path, {"first": "Cy Tran", "second": "Dee Lam"}[who]), claims)
    monkeypatch.chdir(tmp_path)

    exec(compile(review_example(), str(DOCS), "exec"), {"__name__": "__main__"})

    with opened(path, "Ana Ruiz") as library:
        check_example_ran(capsys.readouterr().out.splitlines(), library, article_id, claims, ("Cy Tran", "Dee Lam"))
    exec(compile(review_example(), str(DOCS), "exec"), {"__name__": "__main__"})  # again: nothing new is asked
    assert capsys.readouterr().out.splitlines()[:2] == [f"claim {article_id}:1: asked Ben Ode",
                                                        f"claim {article_id}:3: reviewers differ (False, Mixed): "
                                                        "decide in the window"]


def test_the_documented_review_example_runs_on_a_shared_library_too(shared_desk, tmp_path, monkeypatch, capsys):
    name = f"api_review_{next(_names)}"
    shared_desk.new_library(name)
    with api.open_library(shared_desk.url(name, "rita")) as rita:
        article_id = rita.store.add_article(Article("Mayor says crime fell", TEXT)).id
        claims = [rita.mark_claim(article_id, quote=quote).id for quote in QUOTES]
    rate_for_the_example(lambda who: api.open_library(shared_desk.url(name, {"first": "rita", "second": "ron"}[who])),
                         claims)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGPASSWORD", "alice-pw")
    url = shared_desk.server.url("alice", None, name)
    example = review_example().replace("Ben Ode", "bob")  # on a shared library: a reviewer's login
    assert example.count('"newsroom.db"') == 1

    exec(compile(example.replace('"newsroom.db"', repr(url)), str(DOCS), "exec"), {"__name__": "__main__"})

    with api.open_library(url) as library:
        check_example_ran(capsys.readouterr().out.splitlines(), library, article_id, claims, ("rita", "ron"), "bob")
        assert library.store.decisions(claims[1])[0].decided_by == "alice"  # the login, not the script's name


# ------------------------------------------------------------------ proposals


def test_a_proposal_is_checked_against_the_scale_and_submitting_puts_a_draft_claim_in_review(path):
    _, (one, two, _) = ids(path)
    with opened(path, "Cy Tran") as cy:
        with pytest.raises(api.VerdictNotOnScale, match="Pants on Fire"):
            cy.propose(one, "Pants on Fire")
        with pytest.raises(api.WorkflowError, match="verdict to submit"):
            cy.propose(one, None, "Still reading.")
        assert cy.proposals(one) == [] and cy.claim(one).status == ClaimStatus.DRAFT  # nothing saved
        draft = cy.propose(one, None, "Still reading.", submit=False)
        assert (draft.verdict, draft.submitted, cy.claim(one).status) == (None, False, ClaimStatus.DRAFT)
        proposal = cy.propose(one, "  mostly ACCURATE ", "The police table.")
        assert (proposal.id, proposal.verdict, proposal.submitted) == (draft.id, "Mostly accurate", True)
        assert cy.claim(one).status == ClaimStatus.IN_REVIEW and cy.claim(one).verdict is None  # not its verdict
        cy.set_claim_field(two, "verdict", "False")
        cy.approve(two, "Checked.")
        cy.propose(two, "Mixed")  # a later opinion is kept beside the sign-off
        assert cy.claim(two).status == ClaimStatus.APPROVED  # an approved claim stays approved
    with opened(path, "Dee Lam") as dee:
        dee.propose(one, "False", submit=False)
        assert [p.reviewer for p in dee.proposals(one)] == ["Cy Tran", "Dee Lam"]
    with opened(path, "Cy Tran") as cy:
        assert [p.reviewer for p in cy.proposals(one)] == ["Cy Tran"]  # Dee's draft is hers alone
        with pytest.raises(api.NotInLibrary, match="There is no claim 999"):
            cy.propose(999, "False")


# ------------------------------------------------------------------ blindness


def check_blind(library, article_id: int, claim_id: int, hidden_rationale: str) -> None:
    """``library``'s reviewer owes the claim a second opinion: nothing the API returns shows its verdict."""
    assert library.proposals(claim_id) == []
    claim = library.claim(claim_id)
    assert (claim.verdict, claim.rationale) == (None, "")
    listed = next(c for c in library.claims(article_id) if c.id == claim_id)
    assert (listed.verdict, listed.rationale) == (None, "")
    assert [(c.id, c.verdict) for c in library.waiting()["opinions"]] == [(claim_id, None)]
    assert claim_id not in [c.id for c in library.waiting()["sign_off"]]  # not to sign off before rating it
    changed = library.set_claim_field(claim_id, "claimant", f"The mayor, says {library.reviewer}")
    assert (changed.verdict, changed.rationale, changed.claimant) == (None, "", f"The mayor, says {library.reviewer}")
    for field in ("verdict", "rationale"):
        with pytest.raises(api.WorkflowError, match="second opinion"):  # no StaleValue naming the stored value
            library.set_claim_field(claim_id, field, "False", expected="Mixed")
    refusal = (api.WorkflowError, "second opinion") if library.store.role == "editor" else (api.NotAllowed, "editor")
    with pytest.raises(refusal[0], match=refusal[1]):
        library.approve(claim_id, "Looks right to me.")
    assert hidden_rationale not in repr((library.claim(claim_id), library.claims(article_id), library.waiting(),
                                         library.proposals(claim_id)))


def test_a_second_opinion_shows_no_verdict_through_the_api_until_it_is_submitted(path):
    article_id, (one, *_) = ids(path)
    with opened(path, "Ana Ruiz") as ana:
        ana.propose(one, "False", "Police data: 12%, not 40%.")
        ana.set_claim_field(one, "verdict", "False")  # the claim's working verdict, which Ben may not see yet
        ana.set_claim_field(one, "rationale", "Police data: 12%, not 40%.")
        requests = ana.request_second_opinion(one, "Ben Ode", "Rate it without looking, please.")
        assert [(r.reviewer, r.requested_by, r.note) for r in requests] == [
            ("Ben Ode", "Ana Ruiz", "Rate it without looking, please.")]
    with opened(path, "Ben Ode") as ben:
        check_blind(ben, article_id, one, "Police data")
        ben.propose(one, "Misleading", "A fall, but of 12%.", submit=False)  # a draft does not lift it
        assert [p.reviewer for p in ben.proposals(one)] == ["Ben Ode"] and ben.claim(one).verdict is None
        mine = ben.propose(one, "Misleading", "A fall, but of 12%.")
        assert mine.second_opinion
        assert [(p.reviewer, p.verdict) for p in ben.proposals(one)] == [("Ana Ruiz", "False"),
                                                                        ("Ben Ode", "Misleading")]
        assert (ben.claim(one).verdict, ben.claim(one).rationale) == ("False", "Police data: 12%, not 40%.")
        assert ben.waiting()["opinions"] == []


def test_blindness_holds_on_the_shared_desk_for_an_editor_and_a_reporter(shared_desk):
    name = f"api_blind_{next(_names)}"
    shared_desk.new_library(name)
    with api.open_library(shared_desk.url(name, "alice")) as alice:
        article_id = alice.store.add_article(Article("Mayor says crime fell", TEXT)).id
        claim = alice.mark_claim(article_id, quote=QUOTES[0]).id
        alice.set_claim_field(claim, "verdict", "False")  # in draft: a reporter may still edit it
        alice.set_claim_field(claim, "rationale", "Police data: 12%, not 40%.")
        alice.request_second_opinion(claim, ["bob", "ron"], "Blind, please.")
    for login in ("bob", "ron"):  # the server lets an editor read every proposal: the API still shows none
        with api.open_library(shared_desk.url(name, login)) as asked:
            check_blind(asked, article_id, claim, "Police data")
    with api.open_library(shared_desk.url(name, "carol")) as carol:  # not asked: sees the claim as it is
        assert carol.claim(claim).verdict == "False"


# ------------------------------------------------------------------ decisions


def test_approve_return_and_reopen_each_need_a_note_and_are_kept(path):
    _, (one, two, three) = ids(path)
    with opened(path, "Cy Tran") as cy:
        cy.propose(one, "False", "Police data.")
    with opened(path, "Ana Ruiz") as ana:
        cy_proposal = ana.proposals(one)[0]
        for blank in ("", "   "):
            with pytest.raises(api.WorkflowError, match="note"):
                ana.approve(one, blank, cy_proposal)
        with pytest.raises(TypeError):
            ana.approve(one, "Both?", cy_proposal, verdict="Mixed")
        assert ana.claim(one).status == ClaimStatus.IN_REVIEW  # nothing saved
        decision = ana.approve(one, "Checked the police table.", cy_proposal.id)
        assert (decision.action, decision.decided_by, decision.verdict, decision.note) == (
            Decision.APPROVE, "Ana Ruiz", "False", "Checked the police table.")
        own = ana.approve(two, "My wording.", verdict="mostly accurate", rationale="£2m over two years.")
        stored = ana.claim(two)
        assert (own.proposal_id, stored.verdict, stored.rationale, stored.status) == (
            None, "Mostly accurate", "£2m over two years.", ClaimStatus.APPROVED)
        with pytest.raises(api.VerdictNotOnScale):
            ana.approve(three, "Nope.", verdict="Pants on Fire")
        with pytest.raises(api.WorkflowError, match="no verdict to approve"):
            ana.approve(three, "Nothing proposed yet.")
        with pytest.raises(api.WorkflowError, match="not approved"):
            ana.reopen(three, "It is a draft.")
        ana.reopen(one, "The ministry published new figures.")
        assert ana.claim(one).status == ClaimStatus.IN_REVIEW
        ana.return_claim(one, "Find the 2023 table first.")
        assert ana.claim(one).status == ClaimStatus.DRAFT
        assert [(d.action, d.note) for d in ana.store.decisions(one)] == [
            (Decision.APPROVE, "Checked the police table."), (Decision.REOPEN, "The ministry published new figures."),
            (Decision.RETURN, "Find the 2023 table first.")]


def test_a_reporter_cannot_sign_off_ask_return_or_reopen_on_the_shared_desk(shared_desk):
    name = f"api_roles_{next(_names)}"
    shared_desk.new_library(name)
    with api.open_library(shared_desk.url(name, "alice")) as alice:
        article_id = alice.store.add_article(Article("Mayor says crime fell", TEXT)).id
        proposed, approved = (alice.mark_claim(article_id, quote=q).id for q in QUOTES[:2])
        alice.approve(approved, "Fine.", verdict="Accurate")
    with api.open_library(shared_desk.url(name, "rita")) as rita:
        mine = rita.propose(proposed, "False", "Police data.")
        refusals = [lambda: rita.approve(proposed, "I checked it myself.", mine),
                    lambda: rita.approve(proposed, "Mine.", verdict="False"),
                    lambda: rita.return_claim(proposed, "Not ready."),
                    lambda: rita.reopen(approved, "New figures."),
                    lambda: rita.request_second_opinion(proposed, "ron", "Have a look.")]
        for refused in refusals:
            with pytest.raises(api.NotAllowed, match="Only an editor can .*rita is a reporter"):
                refused()
        with pytest.raises(api.NotAllowed, match="Only an editor can approve"):  # the server refuses it too
            rita.store.decide(proposed, "approve", "Behind the API's back.", proposal_id=mine.id)
        assert rita.claim(proposed).status == ClaimStatus.IN_REVIEW and rita.claim(proposed).verdict is None
        assert rita.store.decisions(proposed) == [] and rita.store.opinion_requests(proposed) == []
        assert rita.comment(proposed, "Police press office says 12%.").author == "rita"  # a reporter may comment
    with api.open_library(shared_desk.url(name, "alice")) as alice:
        alice.approve(proposed, "Checked.", alice.proposals(proposed)[0])
        assert alice.claim(proposed).status == ClaimStatus.APPROVED


# ------------------------------------------------------------ comments, waiting


def test_comments_are_a_thread_per_claim(path):
    _, (one, two, _) = ids(path)
    with opened(path, "Ana Ruiz") as ana:
        ana.comment(one, "  Can we get the 2023 table?  ")
        with pytest.raises(api.WorkflowError, match="text"):
            ana.comment(one, "   ")
    with opened(path, "Cy Tran") as cy:
        cy.comment(one, "Asked the police press office.")
        assert [(c.author, c.text) for c in cy.comments(one)] == [
            ("Ana Ruiz", "Can we get the 2023 table?"), ("Cy Tran", "Asked the police press office.")]
        assert cy.comments(two) == []


def test_waiting_lists_opinions_sign_offs_and_assigned_articles(path):
    article_id, (one, two, three) = ids(path)
    with opened(path, "Ana Ruiz") as ana:
        ana.request_second_opinion(one, "Ben Ode")
        ana.store.set_article_stage(article_id, Stage.ASSIGNED, "Cy Tran", "2026-12-05")
    with opened(path, "Cy Tran") as cy:
        cy.propose(two, "False")
        cy.propose(three, "Mixed", submit=False)  # a draft waits for no one
        waiting = cy.waiting()
        assert [a.id for a in waiting["assigned"]] == [article_id] and waiting["opinions"] == []
    with opened(path, "Ben Ode") as ben:
        assert [c.id for c in ben.waiting()["opinions"]] == [one]
    with opened(path, "Ana Ruiz") as ana:
        assert [c.quote for c in ana.waiting()["sign_off"]] == [QUOTES[1]]
        assert ana.waiting()["assigned"] == []


# ------------------------------------------------------------------ agreement


def test_agreement_for_an_article_is_the_core_measure_on_its_scale(path):
    article_id, claims = ids(path)
    verdicts = {"Cy Tran": ["False", "Mixed", "Accurate"], "Dee Lam": ["False", "Misleading", "Accurate"]}
    for reviewer, given in verdicts.items():
        with opened(path, reviewer) as library:
            for claim_id, verdict in zip(claims, given):
                library.propose(claim_id, verdict)
    with opened(path, "Ana Ruiz") as ana:
        result = ana.agreement(article_id)
        triples = [(c, r, v) for r, given in verdicts.items() for c, v in zip(claims, given)]
        assert result == measure_agreement(triples, ana.rating_scale(article_id))
        assert (result.reviewers, result.claims, result.verdicts) == (("Cy Tran", "Dee Lam"), 3, 6)
        assert result.kappa is not None and result.alpha_ordinal is not None
        today = datetime.datetime.now(datetime.UTC).date()
        assert ana.agreement(article_id, since=today, until=today.isoformat()) == result  # both days included
        assert ana.agreement(article_id, since=today + datetime.timedelta(days=1)).claims == 0
        assert ana.agreement(article_id, until=today - datetime.timedelta(days=1)).claims == 0
        with pytest.raises(api.InvalidValue, match="10 July or 7 October"):
            ana.agreement(article_id, since="10/07/2026")
        with pytest.raises(api.NotInLibrary):
            ana.agreement(article_id + 100)


def test_the_desks_agreement_is_one_per_rating_scale(path):
    article_id, newsroom_claims = ids(path)
    with opened(path, "Seeder") as seeder:
        other = seeder.store.add_article(Article("Senator on jobs", TEXT, rating_scale="politifact")).id
        politifact_claims = [seeder.mark_claim(other, quote=q).id for q in QUOTES[:2]]
    given = {"Cy Tran": (["False", "Mixed", "Accurate"], ["Pants on Fire", "True"]),
             "Dee Lam": (["False", "False", "Accurate"], ["False", "True"])}
    for reviewer, (newsroom, politifact) in given.items():
        with opened(path, reviewer) as library:
            for claim_id, verdict in [*zip(newsroom_claims, newsroom), *zip(politifact_claims, politifact)]:
                library.propose(claim_id, verdict)
    with opened(path, "Ana Ruiz") as ana:
        desk = ana.agreement()
        assert [scale.key for scale in desk] == ["newsroom", "politifact"]  # verdicts of two scales are not pooled
        assert [result.claims for result in desk.values()] == [3, 2]
        for scale in desk:
            assert scale == ana.rating_scale(article_id if scale.key == "newsroom" else other)
        assert desk[ana.rating_scale(article_id)] == ana.agreement(article_id)
        assert desk[ana.rating_scale(other)] == ana.agreement(other)
        assert ana.agreement(since="2999-01-01") == {}


# ------------------------------------------------------------------ read-only


def test_a_read_only_library_refuses_every_review_step(path):
    _, (one, *_) = ids(path)
    with api.open_library(path, reviewer="Ana Ruiz", read_only=True) as library:
        steps = [lambda: library.propose(one, "False"), lambda: library.comment(one, "Hello."),
                 lambda: library.request_second_opinion(one, "Ben Ode"),
                 lambda: library.approve(one, "Fine.", verdict="False"),
                 lambda: library.return_claim(one, "No."), lambda: library.reopen(one, "Again.")]
        for step in steps:
            with pytest.raises(api.LibraryError, match="read-only"):
                step()
        assert library.proposals(one) == [] and library.comments(one) == []



def test_a_script_listens_to_colleagues_on_a_shared_library(shared_desk):
    from factcheck.api import Article, LibraryOffline, open_library  # noqa: F401  (exported for listeners)

    shared_desk.new_library("api_listen")
    alice = open_library(shared_desk.url("api_listen", "alice"))
    rita = open_library(shared_desk.url("api_listen", "rita"))
    feed = alice.listen()
    try:
        article = rita.store.add_article(Article(title="Budget", text="The budget rose by a third."))
        heard = feed.wait(2)
        assert article.id in heard.articles and feed.by == {"rita"}
    finally:
        feed.close()
        alice.close()
        rita.close()
