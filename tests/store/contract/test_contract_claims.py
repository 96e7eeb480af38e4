"""The Store contract for claims: text order, numbers for life, edits with history, deletion and undo."""

from __future__ import annotations

import pytest
from contract_samples import (
    HISTORY_KEYS,
    PHRASES,
    TEXT,
    add_article,
    everything,
    mark,
    new_claim,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.claims import CLAIM_FIELDS, ClaimStatus, Source, Stance
from factcheck.store import StaleValue

FEW = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_a_marked_claim_reads_back_as_it_was_returned(store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor", claim_date="2024-05-06", verdict="False",
                 rationale="Police figures 📊 say 12%.", status=ClaimStatus.IN_REVIEW, reviewer="Dana",
                 sources=(Source(url="https://police.example/2023", title="Police", publisher="Police",
                                 date="2024-01-02", excerpt="a fall of 12%", stance=Stance.REFUTES),))
    assert claim.id is not None and claim.number == 1 and claim.article_id == article.id
    assert claim.created_at and claim.updated_at
    assert store.claim(claim.id) == claim
    assert claim.anchor == new_claim(article, "Crime fell 40%").anchor
    assert TEXT[claim.start:claim.end] == claim.quote == "Crime fell 40%"
    assert (claim.claimant, claim.claim_date, claim.verdict, claim.rationale, claim.status, claim.reviewer) == (
        "Mayor", "2024-05-06", "False", "Police figures 📊 say 12%.", ClaimStatus.IN_REVIEW, "Dana")
    [source] = claim.sources
    assert (source.claim_id, source.url, source.title, source.publisher, source.date, source.excerpt,
            source.stance) == (claim.id, "https://police.example/2023", "Police", "Police", "2024-01-02",
                               "a fall of 12%", Stance.REFUTES)
    assert store.source(source.id) == source


@FEW
@given(claimant=st.text(max_size=30), rationale=st.text(max_size=80), verdict=st.none() | st.text(max_size=20),
       status=st.sampled_from(ClaimStatus), phrase=st.sampled_from(PHRASES))
def test_any_claim_reads_back_unchanged(store, claimant, rationale, verdict, status, phrase):
    article = add_article(store)  # one library for every example, an article for each
    claim = mark(store, article, phrase, claimant=claimant, rationale=rationale, verdict=verdict, status=status)
    assert store.claim(claim.id) == claim == store.claims(article.id)[0]
    assert (claim.claimant, claim.rationale, claim.verdict, claim.status) == (claimant, rationale, verdict, status)


def test_claims_come_in_text_order_whatever_the_order_of_marking(store):
    article = add_article(store)
    other = add_article(store, "Other", TEXT + " Again.")
    for phrase in ("The budget", "Crime fell 40%", "Taxes rose", "Crime fell", "Police figures 📊"):
        mark(store, article, phrase)
    mark(store, other, "Crime fell 40%")
    claims = store.claims(article.id)
    assert [c.quote for c in claims] == ["Crime fell", "Crime fell 40%", "Police figures 📊", "The budget",
                                         "Taxes rose"]  # same start: the shorter first
    assert [c.number for c in claims] == [4, 2, 5, 1, 3]  # numbers follow the marking, not the text
    assert {c.article_id for c in claims} == {article.id}


def test_two_claims_on_the_same_words_are_listed_oldest_first(store):
    article = add_article(store)
    first, second = mark(store, article, "Taxes rose"), mark(store, article, "Taxes rose")
    assert [c.id for c in store.claims(article.id)] == [first.id, second.id]


def test_claims_carry_their_sources_in_order(store):
    article = add_article(store)
    titles = ["Police", "Council", "Interview"]
    claim = mark(store, article, "Crime fell 40%", sources=tuple(Source(title=t) for t in titles))
    mark(store, article, "The budget")
    [with_sources, without] = store.claims(article.id)
    assert [s.title for s in with_sources.sources] == titles and with_sources == claim
    assert without.sources == ()


def test_an_id_given_with_a_new_claim_is_ignored(store):
    article = add_article(store)
    first = mark(store, article, "Crime fell 40%")
    second = store.add_claim(new_claim(article, "The budget").with_(id=first.id))
    assert second.id != first.id and second.number == 2
    assert store.claim(first.id).quote == "Crime fell 40%"


def test_a_number_brought_with_a_claim_is_kept_and_later_numbers_follow_it(store):
    """A bundle's claims keep their numbers ("see claim 5" stays right in the imported copy)."""
    article = add_article(store)
    assert store.add_claim(new_claim(article, "The budget", number=5)).number == 5
    assert store.add_claim(new_claim(article, "Taxes rose", number=2)).number == 2
    assert mark(store, article, "Crime fell 40%").number == 6


def test_unknown_claim_ids_raise_key_error(store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    missing = claim.id + 1000
    with pytest.raises(KeyError):
        store.claim(missing)
    with pytest.raises(KeyError):
        store.update_claim(missing, "verdict", "False")
    with pytest.raises(KeyError):
        store.delete_claim(missing)
    with pytest.raises(KeyError):
        store.add_source(missing, Source(title="Police"))
    assert store.claim(claim.id) == claim


# ------------------------------------------------------------------- numbers


def test_numbers_are_given_in_the_order_of_marking_and_kept_for_life(store):
    article = add_article(store)
    budget = mark(store, article, "The budget")
    crime = mark(store, article, "Crime fell 40%")  # earlier in the text: the budget stays number 1
    assert (budget.number, crime.number) == (1, 2)
    assert store.claim(budget.id).number == 1


def test_a_number_is_never_given_twice_not_even_after_deletion(store):
    article = add_article(store)
    claims = [mark(store, article, phrase) for phrase in PHRASES[:3]]
    store.delete_claim(claims[2].id)  # the highest
    store.delete_claim(claims[0].id)
    assert mark(store, article, "Taxes rose").number == 4
    other = add_article(store, "Other", TEXT + " Again.")
    assert mark(store, other, "Taxes rose").number == 1  # numbers are the article's own


@FEW
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 20)), max_size=25))
def test_marks_and_deletions_in_any_order_never_give_a_number_twice(store, steps):
    article = add_article(store)  # one library for every example, an article for each
    given_numbers: list[int] = []
    for marking, pick in steps:
        claims = store.claims(article.id)
        if marking or not claims:
            given_numbers.append(mark(store, article, PHRASES[pick % len(PHRASES)]).number)
        else:
            store.delete_claim(claims[pick % len(claims)].id)
    assert given_numbers == list(range(1, len(given_numbers) + 1))


# ------------------------------------------------------------------- editing


@pytest.mark.parametrize("field, old, value", [
    ("claimant", "", "Mayor Zoë 🏛️"), ("claim_date", None, "2024-05-06"), ("verdict", None, "Half True"),
    ("rationale", "", "Line one.\n\nLine two 📊."), ("status", "draft", ClaimStatus.APPROVED),
    ("reviewer", "", "Dana"),
])
def test_every_claim_field_can_be_edited_and_the_edit_is_recorded(libraries, store, field, old, value):
    assert field in CLAIM_FIELDS
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%")
    store = libraries.as_user(store, "bob")
    edited = store.update_claim(claim.id, field, value)
    assert edited == store.claim(claim.id) and getattr(edited, field) == value
    assert (edited.id, edited.number, edited.anchor) == (claim.id, claim.number, claim.anchor)
    last = store.history(article.id)[-1]
    assert HISTORY_KEYS <= set(last)
    assert (last["changed_by"], last["entity"], last["action"], last["claim_id"], last["field"],
            last["old_value"], last["new_value"]) == ("bob", "claim", "update", claim.id, field, old, str(value))


def test_a_status_may_be_given_as_its_text(store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    assert store.update_claim(claim.id, "status", "in_review").status == ClaimStatus.IN_REVIEW
    assert store.update_claim(claim.id, "status", "approved", expected="in_review").status == ClaimStatus.APPROVED


def test_a_verdict_can_be_cleared(store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", verdict="False")
    assert store.update_claim(claim.id, "verdict", None).verdict is None
    last = store.history(article.id)[-1]
    assert (last["field"], last["old_value"], last["new_value"]) == ("verdict", "False", None)


def test_an_edit_to_the_same_value_records_nothing(store, notices):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", verdict="False")
    rows, heard = len(store.history(article.id)), len(notices)
    assert store.update_claim(claim.id, "verdict", "False") == claim
    assert len(store.history(article.id)) == rows and len(notices) == heard


def test_unknown_fields_and_statuses_are_refused_and_nothing_is_written(store):
    claim = mark(store, add_article(store), "Crime fell 40%")
    before = everything(store)
    for field, value in (("quote", "other words"), ("number", 7), ("no_such_field", "x"), ("status", "published")):
        with pytest.raises(ValueError):
            store.update_claim(claim.id, field, value)
    assert everything(store) == before


def test_an_edit_expecting_the_stored_value_is_made(store):
    claim = mark(store, add_article(store), "Crime fell 40%", verdict="False")
    assert store.update_claim(claim.id, "verdict", "True", expected="False").verdict == "True"
    assert store.update_claim(claim.id, "rationale", "Checked.", expected="").rationale == "Checked."
    assert store.update_claim(claim.id, "claim_date", "2024-05-06", expected=None).claim_date == "2024-05-06"


@pytest.mark.parametrize("field, theirs, expected, mine", [
    ("verdict", "True", "False", "Half True"),
    ("verdict", None, "False", "Half True"),
    ("rationale", "Their note.", "", "My note."),
    ("claimant", "Minister", "Mayor", "Council"),
    ("status", ClaimStatus.APPROVED, ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW),
])
def test_an_edit_expecting_another_value_is_refused_and_nothing_is_written(store, notices, field, theirs,
                                                                          expected, mine):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor", verdict="False")
    store.update_claim(claim.id, field, theirs)  # another reviewer, since the caller read it
    before, heard = everything(store), len(notices)
    with pytest.raises(StaleValue) as refused:
        store.update_claim(claim.id, field, mine, expected=expected)
    assert refused.value.stored == theirs
    assert everything(store) == before and len(notices) == heard


def test_an_edit_expecting_another_value_is_refused_even_when_it_would_change_nothing(store):
    claim = mark(store, add_article(store), "Crime fell 40%", verdict="True")
    with pytest.raises(StaleValue):
        store.update_claim(claim.id, "verdict", "True", expected="False")


def test_a_refused_edit_names_who_changed_the_value_and_when(libraries, store):
    claim = mark(store, add_article(store), "Crime fell 40%", verdict="True")
    bob = libraries.as_user(store, "bob")
    bob.update_claim(claim.id, "verdict", "False")
    with pytest.raises(StaleValue) as refused:
        store.update_claim(claim.id, "verdict", "Mixed", expected="True")
    stale = refused.value
    assert (stale.stored, stale.changed_by) == ("False", "bob") and stale.changed_at
    assert "bob changed it at" in str(stale) and "“False”" in str(stale)


def test_an_approval_checks_the_whole_claim_as_it_was_read(libraries, store):
    claim = mark(store, add_article(store), "Crime fell 40%", verdict="False", rationale="Police data.")
    seen = store.claim(claim.id)
    bob = libraries.as_user(store, "bob")
    bob.add_source(claim.id, Source(title="A blog that disagrees"))  # another field than the status
    with pytest.raises(StaleValue, match="sources") as refused:
        store.update_claim(claim.id, "status", ClaimStatus.APPROVED, expected=ClaimStatus.DRAFT, seen=seen)
    assert store.claim(claim.id).status == ClaimStatus.DRAFT and refused.value.stored.sources
    bob.update_claim(claim.id, "rationale", "Police data, 2023.")
    with pytest.raises(StaleValue, match="rationale"):
        store.update_claim(claim.id, "status", ClaimStatus.APPROVED, seen=store.claim(claim.id).with_(rationale="x"))
    approved = store.update_claim(claim.id, "status", ClaimStatus.APPROVED, seen=store.claim(claim.id))
    assert approved.status == ClaimStatus.APPROVED


# ------------------------------------------------------- delete and restore


def test_a_deleted_claim_is_gone_with_its_sources_and_returned_whole(store):
    article = add_article(store)
    kept = mark(store, article, "The budget")
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor", verdict="False",
                 sources=(Source(title="Police"), Source(title="Council")))
    deleted = store.delete_claim(claim.id)
    assert deleted == claim
    assert store.claims(article.id) == [kept]
    with pytest.raises(KeyError):
        store.claim(claim.id)
    for source in claim.sources:
        with pytest.raises(KeyError):
            store.source(source.id)
    assert store.claimants() == [] and store.claimant_uses("Mayor") == 0
    last = store.history(article.id)[-1]
    assert (last["entity"], last["action"], last["claim_id"]) == ("claim", "delete", claim.id)


def test_a_restored_claim_comes_back_under_its_id_with_its_number_and_sources(store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor", verdict="False", rationale="12%, not 40%.",
                 sources=(Source(title="Police", stance=Stance.REFUTES), Source(title="Council")))
    mark(store, article, "The budget")
    before = store.claims(article.id)
    store.delete_claim(claim.id)
    mark(store, article, "Taxes rose")  # number 3, written meanwhile

    restored = store.restore_claim(claim)

    assert restored == claim == store.claim(claim.id)
    assert [c for c in store.claims(article.id) if c.quote != "Taxes rose"] == before
    assert store.article_summary(article.id).claim_count == 3
    assert store.claimants() == ["Mayor"]
    assert mark(store, article, "Police figures 📊").number == 4


def test_ids_of_deleted_claims_and_sources_are_never_given_again(store):
    article = add_article(store)
    first = mark(store, article, "Crime fell 40%", sources=(Source(title="Police"),))
    last = mark(store, article, "The budget", sources=(Source(title="Budget"),))
    store.delete_claim(last.id)
    store.delete_claim(first.id)
    again = mark(store, article, "Taxes rose", sources=(Source(title="Again"),))
    assert again.id > last.id
    assert again.sources[0].id > last.sources[0].id
