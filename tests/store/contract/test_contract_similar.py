"""Was this claim checked before? ``Store.similar`` the same on every engine (issue 13)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.published import PublishedCheck

from contract_samples import add_article, mark

_FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

VACCINE = "Covid vaccines contain microchips to track people."
MASTS = "5G masts spread the coronavirus, the councillor claimed."
RENT = "Rents in Lyon doubled in ten years."


@pytest.fixture
def desk(store):
    """Three articles with a claim each, and three published fact-checks."""
    health = add_article(store, "Vaccine myths at the town hall", f"At the meeting: {VACCINE} Nobody objected.",
                         url="https://news.example.org/town-hall", outlet="Herald")
    masts = add_article(store, "Council hears 5G fears", f"{MASTS} Engineers disagreed.")
    rent = add_article(store, "Housing in Lyon", f"The mayor said: {RENT} Tenants agree.")
    vaccine = mark(store, health, VACCINE, verdict="False", rationale="No vaccine holds a chip.")
    mast = mark(store, masts, MASTS, verdict="Pants on fire")
    rents = mark(store, rent, RENT)
    store.add_published_checks([
        PublishedCheck(url="https://checks.example.org/microchips", claim_reviewed="COVID-19 vaccines contain "
                       "microchips that track whoever gets the shot.", verdict="False",
                       title="Do COVID-19 Vaccines Contain Tracking Microchips?", author="Snopes",
                       published="2021-05-04"),
        PublishedCheck(url="https://checks.example.org/bleach", claim_reviewed="Drinking bleach cures the coronavirus.",
                       verdict="False", title="Does bleach cure COVID?", author="Full Fact"),
        PublishedCheck(url="https://checks.example.org/dna", claim_reviewed="The coronavirus vaccine changes your DNA.",
                       verdict="False", title="Can a vaccine alter your DNA?", author="PolitiFact"),
    ])
    return store, {"vaccine": vaccine, "mast": mast, "rent": rent, "rents": rents, "health": health}


def where(hits) -> list:
    return [(h.source, h.claim_id or h.published_id and h.url) for h in hits]


def test_the_same_claim_reworded_is_found_first_from_the_library_and_published_checks(desk):
    store, d = desk
    hits = store.similar("Do the covid vaccines put a microchip in people to track them?")
    assert where(hits)[:2] == [("library", d["vaccine"].id), ("published", "https://checks.example.org/microchips")]
    assert ("published", "https://checks.example.org/dna") in where(hits)  # the same topic: found, below
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert hits[0].score > 0.5 > hits[-1].score


def test_a_library_hit_tells_its_verdict_article_and_rationale(desk):
    store, d = desk
    hit = store.similar(VACCINE, limit=1)[0]
    assert (hit.source, hit.claim, hit.title, hit.verdict, hit.rationale) == (
        "library", VACCINE, "Vaccine myths at the town hall", "False", "No vaccine holds a chip.")
    assert (hit.article_id, hit.claim_id, hit.published_id) == (d["health"].id, d["vaccine"].id, None)
    assert (hit.url, hit.outlet) == ("https://news.example.org/town-hall", "Herald")
    assert hit.date == store.claim(d["vaccine"].id).updated_at[:10]
    assert hit.score > 0.85  # the same words, under a headline of other words
    assert hit.as_json() == {"claim": VACCINE, "title": "Vaccine myths at the town hall", "verdict": "False",
                             "url": "https://news.example.org/town-hall", "article_id": d["health"].id,
                             "claim_id": d["vaccine"].id, "score": hit.score, "source": "library"}


def test_a_published_hit_tells_its_fact_check(desk):
    store, _ = desk
    hit = store.similar("drinking bleach cures covid", limit=1)[0]
    check = store.published_check(hit.published_id)
    assert (hit.source, hit.claim, hit.title, hit.verdict, hit.url, hit.outlet, hit.date) == (
        "published", "Drinking bleach cures the coronavirus.", "Does bleach cure COVID?", "False",
        "https://checks.example.org/bleach", "Full Fact", None)
    assert check.url == hit.url
    assert (hit.article_id, hit.claim_id, hit.rationale) == (None, None, "")
    assert hit.as_json()["article_id"] is None and hit.as_json()["source"] == "published"


def test_the_claim_looked_up_for_can_be_left_out_and_limit_is_kept(desk):
    store, d = desk
    assert d["vaccine"].id in [h.claim_id for h in store.similar(VACCINE)]
    assert d["vaccine"].id not in [h.claim_id for h in store.similar(VACCINE, exclude_claim_id=d["vaccine"].id)]
    assert len(store.similar("coronavirus vaccine", limit=2)) == 2
    assert store.similar("coronavirus vaccine", limit=0) == []


@pytest.mark.parametrize("text", ["", "   ", "the of and", "?!…", "🙄🔥" * 20, "\x00", "a" * 100_000])
def test_a_text_with_no_words_to_look_up_finds_nothing(desk, text):
    store, _ = desk
    assert store.similar(text) == []


@pytest.mark.parametrize("text", ['" OR 1=1 --', "NEAR(vaccine chip)", 'vaccine* AND -"chip"', "covid:vaccine",
                                  "'); DROP TABLE claims; --", "{quote} : vaccine", "vaccine & !chip | dna <-> x"])
def test_operators_and_sql_in_the_text_are_words_only(desk, text):
    store, d = desk
    hits = store.similar(text)
    assert all(h.source in ("library", "published") for h in hits)
    if "vaccine" in text:
        assert "vaccine" in hits[0].claim.lower()
    assert store.claim(d["vaccine"].id).quote == VACCINE and store.published_count() == 3


def test_it_follows_every_edit_at_once(desk):
    store, d = desk
    rents = d["rents"]
    assert store.similar("Lyon rents doubled", limit=1)[0].claim_id == rents.id
    store.update_claim(rents.id, "verdict", "Mostly true")
    assert store.similar("Lyon rents doubled", limit=1)[0].verdict == "Mostly true"
    store.delete_claim(rents.id)
    assert all(h.claim_id != rents.id for h in store.similar("Lyon rents doubled"))
    restored = store.restore_claim(rents)
    assert store.similar("Lyon rents doubled", limit=1)[0].claim_id == restored.id
    deleted = store.delete_article(d["rent"].id)
    assert store.similar("Lyon rents doubled") == []
    store.restore_article(deleted)
    assert store.similar("Lyon rents doubled", limit=1)[0].claim_id == restored.id


def test_a_published_check_imported_again_is_found_by_its_new_words(desk):
    store, _ = desk
    store.add_published_checks([PublishedCheck(url="https://checks.example.org/bleach",
                                               claim_reviewed="Gargling salt water kills the virus.",
                                               verdict="Mostly false", title="Salt water and COVID")])
    assert all(h.url != "https://checks.example.org/bleach" for h in store.similar("drinking bleach"))
    hit = store.similar("gargling salt water", limit=1)[0]
    assert (hit.url, hit.verdict) == ("https://checks.example.org/bleach", "Mostly false")


def test_a_claim_owed_a_blind_opinion_is_offered_to_no_one_owing_it(libraries, desk):
    store, d = desk
    store.request_opinions(d["vaccine"].id, ["bob"])
    bob = libraries.as_user(store, "bob")
    assert d["vaccine"].id not in [h.claim_id for h in bob.similar(VACCINE)]
    assert bob.similar(VACCINE)[0].source == "published"  # the rest is offered as to anyone
    assert d["vaccine"].id in [h.claim_id for h in store.similar(VACCINE)]  # alice asked: she sees it
    bob.propose(d["vaccine"].id, "Mostly false", "My own reading.")
    assert d["vaccine"].id in [h.claim_id for h in bob.similar(VACCINE)]  # submitted: no longer blind


def test_the_same_answers_on_every_engine(desk):
    store, d = desk
    hits = store.similar("vaccine coronavirus microchips DNA track", limit=5)
    assert [(h.source, h.claim, round(h.score, 2)) for h in hits] == [
        ("published", "The coronavirus vaccine changes your DNA.", 0.65),
        ("published", "COVID-19 vaccines contain microchips that track whoever gets the shot.", 0.54),
        ("library", VACCINE, 0.49),
        ("published", "Drinking bleach cures the coronavirus.", 0.16),
        ("library", MASTS, 0.15),
    ]


@_FAST
@given(text=st.text(max_size=200), limit=st.integers(min_value=0, max_value=12))
def test_no_text_breaks_it(desk, text, limit):
    store, _ = desk
    hits = store.similar(text, limit=limit)
    assert len(hits) <= limit
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 < h.score <= 1.0 and h.source in ("library", "published") for h in hits)


def test_words_only_in_claimants_and_rationales_change_nothing_on_either_engine(desk):
    """Both engines look for a claim's words in its quote only (a check's: claim and title), found by review."""
    store, d = desk

    def scores():
        return [(h.claim, round(h.score, 6)) for h in store.similar("rents in Lyon", limit=5)]

    before = scores()
    assert before and before[0][0] == RENT
    store.update_claim(d["mast"].id, "claimant", "Lyon rents office")  # the words, but not in a quote
    store.update_claim(d["mast"].id, "rationale", "Rents in Lyon are not what this is about.")
    assert scores() == before  # no engine counts them: the rarity of "lyon" and the scores stay
