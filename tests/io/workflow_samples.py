"""The desk's workflow for report and export tests: records with fixed times, and a real desk library.

``chained_report`` builds a report the way :func:`factcheck.operations.report_for` does,
from claims stored in a library and workflow records given as they come out of the store;
``desk_library`` makes the same chain through the Store's own methods, one handle per reviewer.
"""

from __future__ import annotations

from pathlib import Path

from report_rendering_helpers import NOW, REPORT_TEXT, SAMPLE_CLAIMS, span

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.report import ClaimWorkflow, Organisation, Report, ReportOptions, build_report
from factcheck.core.workflow import ClaimDecision, Comment, Decision, OpinionRequest, Proposal
from factcheck.store import SQLiteStore, Store

PROPOSED_AT = "2024-05-06T10:00:00+00:00"
SECOND_AT = "2024-05-06T14:30:00+00:00"
ASKED_AT = "2024-05-06T11:00:00+00:00"
APPROVED_AT = "2024-05-07T09:15:00+00:00"


def full_workflow(claim_id: int, *, proposer: str = "Sam Ortiz", second: str = "Lee Chan",
                  awaited: str = "Kim Park", editor: str = "Dana Editor", note: str = "Police table checked.",
                  comments: tuple[tuple[str, str], ...] = (("Dana Editor", "Check the ward table first."),
                                                          ("Sam Ortiz", "Done.\n\nThe ward table agrees.")),
                  ) -> ClaimWorkflow:
    """Sam proposed False; Lee, asked for a second opinion, said Mostly False; Kim was asked and has not
    answered; Dana approved Sam's proposal with a note. Two comments."""
    return ClaimWorkflow(
        proposals=(Proposal(claim_id, proposer, "False", "Police data show 12%.", False, PROPOSED_AT, PROPOSED_AT, 11),
                   Proposal(claim_id, second, "Mostly False", "40% in one ward.", True, SECOND_AT, SECOND_AT, 12)),
        requests=(OpinionRequest(claim_id, second, editor, "Rate it blind.", ASKED_AT, 21),
                  OpinionRequest(claim_id, awaited, editor, "Rate it blind.", ASKED_AT, 22)),
        decisions=(ClaimDecision(claim_id, Decision.APPROVE, editor, APPROVED_AT, note, 11, "False",
                                 "Police data show 12%.", 31),),
        comments=tuple(Comment(claim_id, author, text, f"2024-05-06T1{n}:00:00+00:00", 40 + n)
                       for n, (author, text) in enumerate(comments)))


def chained_report(options: ReportOptions = ReportOptions(), workflow=full_workflow, claims=SAMPLE_CLAIMS,
                   **article_fields) -> Report:
    """The sample report whose first claim ("Crime fell 40% last year", approved False) has ``workflow(id)``."""
    library = SQLiteStore.in_memory(user="tester")
    fields = dict(title="Mayor says crime fell 40%", outlet="Gazette", url="https://gazette.example/mayor",
                  rating_scale="politifact")
    fields.update(article_fields)
    article = library.add_article(Article(text=REPORT_TEXT, **fields))
    stored = [library.add_claim(Claim(anchor=make_anchor(REPORT_TEXT, *span(phrase)), article_id=article.id,
                                      **claim_fields)) for phrase, claim_fields in claims]
    records = {stored[0].id: workflow(stored[0].id)} if workflow is not None else {}
    return build_report(library.article(article.id), library.scale(article.rating_scale),
                        library.claims(article.id), options, Organisation("The Daily Check"), now=NOW,
                        workflow=records)


def first(report: Report):
    """The claim that carries the workflow."""
    return next(c for c in report.claims if c.claim.quote == "Crime fell 40% last year")


# ------------------------------------------------------------ through the Store

DESK_TEXT = "Crime fell 40% last year, the mayor said. The budget is balanced, she added."


def desk_library(folder: Path) -> tuple[dict[str, Store], int, list[int]]:
    """A library file with one article and three claims, worked on by four reviewers.

    Claim 1 ("Crime fell 40% last year"): Sam proposes False, Dana asks Lee and Kim for
    second opinions, Lee answers Mostly False, Dana and Sam comment, Dana approves Sam's
    proposal. Claim 2 ("The budget is balanced"): no workflow at all. Claim 3 ("she added"):
    Sam's proposal, returned by Dana. Returns the handles by name, the article's id and the claims' ids.
    """
    path = folder / "desk.db"
    dana = SQLiteStore.open(path, user="Dana Editor")
    article = dana.add_article(Article(title="Mayor says crime fell 40%", text=DESK_TEXT, rating_scale="politifact",
                                       url="https://gazette.example/mayor"))
    claims = [dana.add_claim(Claim(anchor=make_anchor(DESK_TEXT, *span(phrase, DESK_TEXT)), article_id=article.id,
                                   claimant="Mayor", status=ClaimStatus.IN_REVIEW))
              for phrase in ("Crime fell 40% last year", "The budget is balanced", "she added")]
    users = {name: SQLiteStore.open(path, user=name) for name in ("Sam Ortiz", "Lee Chan", "Kim Park")}
    users["Dana Editor"] = dana
    crime, _, added = (c.id for c in claims)
    proposal = users["Sam Ortiz"].propose(crime, "False", "Police data show 12%.")
    dana.request_opinions(crime, ["Lee Chan", "Kim Park"], note="Rate it blind.")
    users["Lee Chan"].propose(crime, "Mostly False", "40% in one ward.")
    dana.add_comment(crime, "Check the ward table first.")
    users["Sam Ortiz"].add_comment(crime, "Done.\n\nThe ward table agrees.")
    dana.decide(crime, Decision.APPROVE, "Police table checked.", proposal_id=proposal.id)
    users["Sam Ortiz"].propose(added, "True", "She did add it.")
    dana.decide(added, Decision.RETURN, "Not a checkable claim.")
    return users, article.id, [c.id for c in claims]


def close_all(users: dict[str, Store]) -> None:
    for store in users.values():
        store.close()
