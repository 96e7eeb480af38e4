"""The Store contract for what the library list shows of the desk's work: each article's stage, assignee and due date.

Run on both engines, with colleagues as handles opened by other logins on the same library.
"""

from __future__ import annotations

from contract_samples import add_article, mark

from factcheck.core.claims import ClaimStatus
from factcheck.core.workflow import Stage


def test_a_new_article_is_listed_unassigned(store):
    article = add_article(store)
    summary = store.article_summary(article.id)
    assert (summary.stage, summary.assignee, summary.due) == ("unassigned", None, None)
    assert store.articles() == [summary]


def test_the_list_shows_each_articles_stage_assignee_and_due_date(libraries, store):
    first, second, third = (add_article(store, title=t) for t in ("First", "Second", "Third"))
    store.set_article_stage(first.id, Stage.ASSIGNED, "rita", "2026-12-04")
    store.set_article_stage(second.id, Stage.IN_REVIEW, "bob")
    store.set_article_stage(third.id, Stage.ASSIGNED, "rita")
    store.set_article_stage(third.id, Stage.PUBLISHED, due=None)
    listed = {s.id: (s.stage, s.assignee, s.due) for s in store.articles()}
    assert listed == {first.id: ("assigned", "rita", "2026-12-04"), second.id: ("in_review", "bob", None),
                      third.id: ("published", "rita", None)}
    assert all(store.article_summary(s.id) == s for s in store.articles())  # one line, read either way
    bob = libraries.as_user(store, "bob")  # a colleague's list shows the same
    assert {s.id: (s.stage, s.assignee, s.due) for s in bob.articles()} == listed


def test_a_stage_change_is_listed_for_the_archive_too(store):
    article = add_article(store)
    store.set_article_stage(article.id, Stage.IN_REVIEW, "rita")
    store.set_archived(article.id, True)
    assert store.articles() == []
    [archived] = store.articles(archived=True)
    assert (archived.stage, archived.assignee, archived.archived_at is not None) == ("in_review", "rita", True)


def test_claims_are_told_by_their_article_in_a_few_reads(store):
    one, two = add_article(store, title="One"), add_article(store, title="Two")
    a, b = mark(store, one, "Crime fell 40%"), mark(store, one, "the mayor")
    c = mark(store, two, "Taxes rose")
    assert store.claim_articles([a.id, c.id, b.id, a.id]) == {a.id: one.id, b.id: one.id, c.id: two.id}
    store.delete_claim(b.id)
    assert store.claim_articles([b.id, c.id, 10_000]) == {c.id: two.id}  # gone or never there: left out
    assert store.claim_articles([]) == {}


def test_the_reviewers_a_library_knows_are_those_who_worked_in_it(libraries, store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    assert store.reviewer_names() == ["alice"]
    rita, bob = libraries.as_user(store, "rita"), libraries.as_user(store, "bob")
    rita.propose(claim.id, "False", "Police data.")
    rita.update_claim(claim.id, "status", ClaimStatus.IN_REVIEW)
    store.request_opinions(claim.id, ["bob"])
    store.set_article_stage(article.id, Stage.ASSIGNED, "Sam Lee")
    assert store.reviewer_names() == ["alice", "bob", "rita", "Sam Lee"]
    assert "alice" in bob.reviewer_names() and "bob" in bob.reviewer_names()
