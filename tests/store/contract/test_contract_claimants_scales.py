"""The Store contract for what articles share: claimants and their details, rating scales, properties."""

from __future__ import annotations

import pytest
from contract_samples import add_article, everything, mark

from factcheck.core.claims import Claimant, ClaimantKind, InvalidUrl
from factcheck.core.rating_scales import (
    DEFAULT_SCALE_KEY,
    RatingScale,
    Verdict,
    builtin_scales,
)

HOUSE = RatingScale("house", "House scale", (Verdict("Solid", "#2e7d32", "Backed by data.", 1),
                                             Verdict("Shaky", "#c62828", "", None)))

# ---------------------------------------------------------------- claimants


def test_claimants_are_listed_most_used_first_then_by_name(store):
    article = add_article(store)
    for phrase, claimant in (("Crime fell 40%", "Mayor"), ("Police figures 📊", "Police"),
                             ("The budget", "Mayor"), ("Taxes rose", ""), ("a fall of 12%", "Council")):
        mark(store, article, phrase, claimant=claimant)
    assert store.claimants() == ["Mayor", "Council", "Police"]
    assert [store.claimant_uses(name) for name in ("Mayor", "Council", "Nobody")] == [2, 1, 0]


def test_claimants_follow_edits_and_deletions(store):
    article = add_article(store)
    claim = mark(store, article, "Crime fell 40%", claimant="Mayor")
    store.update_claim(claim.id, "claimant", "Minister")
    assert store.claimants() == ["Minister"]
    store.delete_claim(claim.id)
    assert store.claimants() == []


def test_a_claimant_with_no_details_is_a_person_with_no_link(store):
    assert store.claimant("Mayor") == Claimant("Mayor", ClaimantKind.PERSON, "")
    assert store.claimant_details() == {}


def test_claimant_details_are_kept_once_per_name(store):
    article = add_article(store)
    mark(store, article, "Crime fell 40%", claimant="Ministry of Health")
    health = Claimant("Ministry of Health", ClaimantKind.ORGANIZATION, "https://www.wikidata.org/wiki/Q1")
    assert store.set_claimant(health) == health
    assert store.claimant("Ministry of Health") == health
    mayor = store.set_claimant(Claimant("  Mayor  ", ClaimantKind.PERSON, " https://city.example/mayor "))
    assert mayor == Claimant("Mayor", ClaimantKind.PERSON, "https://city.example/mayor")  # trimmed
    assert store.claimant_details() == {"Ministry of Health": health, "Mayor": mayor}

    person = store.set_claimant(Claimant(health.name, ClaimantKind.PERSON, health.same_as))
    assert store.claimant("Ministry of Health") == person
    assert len(store.claimant_details()) == 2


def test_a_claimant_link_must_be_a_web_address_and_nothing_is_written(store, notices):
    before = everything(store)
    with pytest.raises(InvalidUrl):
        store.set_claimant(Claimant("Mayor", ClaimantKind.PERSON, "javascript:alert(1)"))
    assert everything(store) == before and notices == []


def test_setting_the_details_a_claimant_has_changes_nothing(store, notices):
    store.set_claimant(Claimant("Mayor", ClaimantKind.ORGANIZATION))
    heard = len(notices)
    assert store.set_claimant(Claimant("Mayor", ClaimantKind.ORGANIZATION)) == store.claimant("Mayor")
    assert store.set_claimant(Claimant("Council")) == Claimant("Council")  # the details it has without a record
    assert len(notices) == heard


# -------------------------------------------------------------------- scales


def test_the_built_in_scales_are_there_first_and_the_default_is_newsroom(store):
    shipped = builtin_scales()
    assert store.scales()[:len(shipped)] == shipped
    for scale in shipped:
        assert store.scale(scale.key) == scale
    assert store.scale(None).key == DEFAULT_SCALE_KEY == "newsroom"
    assert store.scale("no-such-scale").key == DEFAULT_SCALE_KEY


def test_an_added_scale_is_stored_under_its_key_and_listed_after_the_built_in_ones(store):
    assert store.add_scale(HOUSE) == "house"
    assert store.scale("house") == HOUSE
    assert store.scales() == [*builtin_scales(), HOUSE]


def test_a_scale_identical_to_a_stored_one_is_reused(store, notices):
    store.add_scale(HOUSE)
    before, heard = store.scales(), len(notices)
    assert store.add_scale(HOUSE) == "house"
    assert store.add_scale(RatingScale("another-key", HOUSE.name, HOUSE.verdicts)) == "house"
    politifact = store.scale("politifact")
    assert store.add_scale(RatingScale("pf", politifact.name, politifact.verdicts)) == "politifact"
    assert store.scales() == before and len(notices) == heard


def test_a_different_scale_whose_key_is_taken_gets_a_new_key_and_changes_no_verdicts(store):
    article = add_article(store, rating_scale="politifact")
    mark(store, article, "Crime fell 40%", verdict="False")
    politifact = store.scale("politifact")
    ours = RatingScale("politifact", "Our own scale", (Verdict("False", "#123456"),))
    assert store.add_scale(ours) == "politifact-2"
    assert store.add_scale(RatingScale("politifact", "Another", ours.verdicts)) == "politifact-3"
    assert store.add_scale(ours) == "politifact-2"  # identical to the renamed one
    assert store.scale("politifact") == politifact
    assert store.scale("politifact-2") == RatingScale("politifact-2", "Our own scale", ours.verdicts)
    assert store.article(article.id).rating_scale == "politifact"


def test_an_article_can_be_put_on_an_added_scale(store):
    article = add_article(store)
    key = store.add_scale(HOUSE)
    assert store.update_article(article.id, "rating_scale", key).rating_scale == key
    assert add_article(store, "Other", "Other text.", rating_scale=key).rating_scale == key


# ---------------------------------------------------------------- properties


def test_properties_are_kept_and_replaced(store):
    assert store.get_property("seeded") is None
    store.set_property("seeded", "1")
    assert store.get_property("seeded") == "1"
    store.set_property("seeded", "0 ✓")
    assert store.get_property("seeded") == "0 ✓"
    assert store.get_property("something else") is None
