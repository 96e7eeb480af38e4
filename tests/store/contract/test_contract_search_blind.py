"""A blind second opinion holds in the library search and the claims view's rows, on every engine (issues 12, 13).

A reviewer asked to rate a claim blind sees no other verdict or rationale of it until they
submit theirs: neither may decide whether (or where) the claim is found, nor show in a
snippet or a row. Its public fields (quote, claimant, article, dates, status) match as
anyone's do.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from factcheck.core.search_query import parse_query

from contract_samples import add_article, mark
from search_model import pieces

VACCINE = "Covid vaccines contain microchips"


@pytest.fixture
def desk(libraries, store):
    """Alice's library: a claim rated False (its rationale holds "zyxwq") that bob owes a blind opinion on, another
    rated Accurate and an unrated one; bob's handle."""
    myths = add_article(store, "Vaccine myths", f"At the meeting: {VACCINE}. Nobody objected.", outlet="Herald")
    rents = add_article(store, "Housing in Lyon", "The mayor said: Rents in Lyon doubled. Tenants agree. Lyon grew.")
    blind = mark(store, myths, VACCINE, claimant="Dr Vale", verdict="False", rationale="Zyxwq lab found no chip.")
    rated = mark(store, rents, "Rents in Lyon doubled", verdict="Accurate", rationale="Rents rose in the lab study.")
    unrated = mark(store, rents, "Tenants agree")
    store.request_opinions(blind.id, ["bob"])
    bob = libraries.as_user(store, "bob")
    assert bob.blind_claims() == {blind.id}
    return store, bob, {"blind": blind, "rated": rated, "unrated": unrated, "myths": myths, "rents": rents}


def hits(store, query) -> list[tuple[str, int | None]]:
    return [(h.where, h.claim_id) for m in store.search(query).articles for h in m.hits]


def snippets(store, query) -> str:
    return " ".join(h.snippet.text for m in store.search(query).articles for h in m.hits)


def listed(store, query="", **filters) -> list[int]:
    rows = store.search_claims(query, **filters)
    assert store.count_claims(query, **{k: v for k, v in filters.items() if k not in ("sort", "descending")}) \
        == len(rows)
    return [r.claim_id for r in rows]


def test_the_search_finds_a_blind_claim_by_its_public_fields_never_by_its_verdict_or_rationale(desk):
    alice, bob, d = desk
    blind = d["blind"].id
    assert hits(alice, "verdict:false") == [("claim", blind)]  # the editor who asked sees all
    assert hits(alice, "zyxwq") == [("rationale", blind)]
    assert hits(bob, "verdict:false") == []
    assert hits(bob, "microchips verdict:false") == []  # not even through its article's text
    assert hits(bob, "zyxwq") == [] and "Zyxwq" not in snippets(bob, "microchips")
    assert hits(bob, "lab") == [("rationale", d["rated"].id)]  # the other claim's rationale: found as ever
    assert ("claim", blind) in hits(bob, "microchips") and ("claimant", blind) in hits(bob, "vale")
    assert hits(bob, "claimant:vale") == [("claim", blind)] and hits(bob, "outlet:herald") == [("headline", None)]
    for excluded in ("-zyxwq", "-chip", "-lab"):  # a word of its rationale leaves it in: that tells nothing
        assert ("claim", blind) in hits(bob, f"microchips {excluded}"), excluded
        assert hits(bob, f"claimant:vale {excluded}") == [("claim", blind)], excluded
    assert hits(bob, "microchips -vale") == [("text", None)]  # a public field's word still leaves it out


def test_the_claims_view_lists_a_blind_claim_without_its_verdict_whatever_its_verdict_or_rationale_hold(desk):
    alice, bob, d = desk
    blind, rated, unrated = d["blind"].id, d["rated"].id, d["unrated"].id
    assert listed(alice, verdict="False") == [blind] and listed(alice, "zyxwq") == [blind]
    assert listed(bob, verdict="False") == [] and listed(bob, "verdict:false") == []
    assert listed(bob, verdict="") == [unrated]  # a hidden verdict is no verdict filter's: not "unrated" either
    assert listed(bob, "zyxwq") == [] and listed(bob, "lab") == [rated]
    assert listed(bob, "microchips -zyxwq") == [blind] and listed(bob, "-chip", claimant="Dr Vale") == [blind]
    assert listed(bob, "microchips -vale") == []
    rows = {r.claim_id: r for r in bob.search_claims()}
    assert (rows[blind].verdict, rows[blind].verdict_hidden) == (None, True)
    assert (rows[rated].verdict, rows[rated].verdict_hidden) == ("Accurate", False)
    assert alice.search_claims(article_id=d["myths"].id)[0].verdict == "False"
    # sorted by verdict, a hidden one sorts as an unrated one (then by article), wherever its own would go
    assert listed(alice, sort="verdict") == [unrated, rated, blind]  # "", "accurate", "false"
    assert listed(bob, sort="verdict") == [blind, unrated, rated]
    assert listed(bob, sort="verdict", descending=True) == [rated, unrated, blind]


def test_the_choosers_offer_no_value_only_blind_claims_hold(desk):
    alice, bob, d = desk
    assert alice.claim_values()["verdict"] == ["Accurate", "False"]
    assert bob.claim_values()["verdict"] == ["Accurate"]
    assert bob.claim_values()["claimant"] == ["Dr Vale"]  # public fields are offered as ever


def test_once_the_opinion_is_submitted_the_claim_is_found_as_by_anyone(desk):
    alice, bob, d = desk
    bob.propose(d["blind"].id, "Mostly false", "My own reading.")
    assert bob.blind_claims() == set()
    assert hits(bob, "verdict:false") == hits(alice, "verdict:false")
    assert hits(bob, "zyxwq") == [("rationale", d["blind"].id)]
    assert listed(bob, verdict="False") == [d["blind"].id] and bob.claim_values() == alice.claim_values()


# ------------------------------------------------------------- against a plain reading of the library

_FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def blind_library(libraries, store):
    """search_model's random library; bob owes blind opinions on every third claim. (alice, bob, the plain reading
    as bob may see it)."""
    import random

    from search_model import Library, build_library

    build_library(store, random.Random(13))
    claims = sorted(Library(store).claims)
    for claim_id in claims[::3]:
        store.request_opinions(claim_id, ["bob"])
    bob = libraries.as_user(store, "bob")
    assert bob.blind_claims() == set(claims[::3])
    return store, bob, Library(store, hidden=bob.blind_claims())


@_FAST
@given(query=pieces())
def test_what_a_blind_reader_finds_is_what_their_plain_reading_holds(blind_library, query):
    """Words, phrases, words left out, every field, on either engine: the articles and claims bob's search finds, and
    the claims his claims view lists, are exactly those of a reading in which his blind claims have no verdict and
    no rationale."""
    from search_model import answer

    alice, bob, plain = blind_library
    q = parse_query(query)
    assert answer(bob, query) == plain.found(q)
    rows = bob.search_claims(query)
    assert {r.claim_id for r in rows} == plain.claims_found(q) and bob.count_claims(query) == len(rows)
    assert {r.claim_id for r in rows if r.verdict_hidden} == plain.claims_found(q) & plain.hidden
    assert all(r.verdict is None for r in rows if r.verdict_hidden)
