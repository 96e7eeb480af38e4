"""The claim matcher behind "Already checked": ranking, edits, hostile text (no shared data read)."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.matching import ClaimMatcher, Collection, MatchSettings, rank
from factcheck.core.matching_closeness import cosine, grams
from factcheck.core.matching_text import clean, lookup_words, query_terms, stem, terms

LIBRARY = [
    (("library", 1), "The mayor said unemployment in Lyon fell by 12 percent last year.", "Lyon's jobs"),
    (("library", 2), "Crime in Lyon rose by 5 percent, the opposition leader claimed.", "Lyon debates crime"),
    (("library", 3), "Petrol taxes will double next year, the finance minister announced.", "Budget day"),
    (("published", 1), "Drinking bleach cures the coronavirus.", "Does Bleach Cure COVID-19?"),
    (("published", 2), "5G masts spread the coronavirus.", "Do 5G Masts Spread the Coronavirus?"),
    (("published", 3), "Vaccines contain microchips to track people.", "Do COVID-19 Vaccines Contain Microchips?"),
    (("published", 4), "The coronavirus vaccine changes your DNA.", "Can a COVID-19 Vaccine Alter Your DNA?"),
]


@pytest.fixture
def matcher():
    return ClaimMatcher(LIBRARY)


def keys(results):
    return [key for key, _score in results]


def test_the_same_claim_reworded_ranks_first(matcher):
    results = matcher.similar("Unemployment fell 12% in Lyon last year, according to its mayor")
    assert keys(results)[0] == ("library", 1)


def test_a_different_claim_on_the_same_topic_ranks_below(matcher):
    results = matcher.similar("Covid vaccines put a microchip in you so they can track you")
    assert keys(results)[0] == ("published", 3)
    assert ("published", 4) in keys(results)  # the same topic (vaccines, covid): found, below
    scores = dict(results)
    assert scores[("published", 4)] < scores[("published", 3)]


def test_a_post_with_its_packaging_finds_the_claim(matcher):
    post = (
        "RT @someone: So #5GMasts spread the #Coronavirus now?? 🙄 https://t.co/abc123 "
        "pic.twitter.com/XyZ — Some One (@SomeOne) April 4, 2020"
    )
    assert keys(matcher.similar(post))[0] == ("published", 2)


def test_the_same_words_score_1_and_a_rewording_less(matcher):
    same = dict(matcher.similar("Drinking bleach cures the coronavirus."))
    assert same[("published", 1)] == pytest.approx(1.0, abs=0.2)
    reworded = dict(matcher.similar("A glass of bleach a day cures the coronavirus"))
    assert 0.2 < reworded[("published", 1)] < same[("published", 1)]
    other = dict(matcher.similar("The coronavirus came from a bat market"))
    assert all(score < 0.5 for score in other.values())


def test_an_added_document_is_found(matcher):
    assert ("library", 9) not in keys(matcher.similar("Wind farms kill millions of birds"))
    matcher.add(("library", 9), "Wind farms kill millions of birds every year.", "Energy")
    assert keys(matcher.similar("Wind farms kill millions of birds"))[0] == ("library", 9)
    assert ("library", 9) in matcher and len(matcher) == len(LIBRARY) + 1


def test_a_removed_document_is_not_found(matcher):
    matcher.remove(("published", 1))
    assert ("published", 1) not in keys(matcher.similar("Drinking bleach cures the coronavirus"))
    assert ("published", 1) not in matcher and len(matcher) == len(LIBRARY) - 1
    matcher.remove(("published", 1))  # twice: harmless
    matcher.remove(("nowhere", 0))


def test_an_updated_document_is_found_by_its_new_text_only(matcher):
    matcher.update(("library", 3), "Diesel cars will be banned from Lyon in 2030.", "Budget day")
    assert keys(matcher.similar("Lyon bans diesel cars from 2030"))[0] == ("library", 3)
    assert ("library", 3) not in keys(matcher.similar("petrol taxes double"))
    assert len(matcher) == len(LIBRARY)


def test_adding_a_key_twice_replaces_it(matcher):
    matcher.add(("library", 1), "Bananas are radioactive.")
    assert len(matcher) == len(LIBRARY)
    assert keys(matcher.similar("radioactive bananas")) == [("library", 1)]
    assert ("library", 1) not in keys(matcher.similar("unemployment in Lyon"))


def test_limit_and_an_empty_index():
    assert ClaimMatcher().similar("anything") == []
    matcher = ClaimMatcher(LIBRARY)
    assert len(matcher.similar("coronavirus", limit=2)) == 2
    assert matcher.similar("coronavirus", limit=0) == []


def test_a_matcher_emptied_by_removals_finds_nothing():
    matcher = ClaimMatcher(LIBRARY)
    for key, _claim, _title in LIBRARY:
        matcher.remove(key)
    assert len(matcher) == 0 and matcher.similar("coronavirus") == []
    matcher.add("k", "Coronavirus came from a lab.")
    assert keys(matcher.similar("coronavirus lab")) == ["k"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "?!…—«»", "🙄🔥🇺🇸" * 50, "#", "@", "the of and", "\x00\ud800", "a" * 100_000, "word " * 20_000],
)
def test_texts_with_no_words_to_match_find_nothing(matcher, text):
    assert matcher.similar(text) == []


def test_100_kb_of_text_is_answered(matcher):
    text = ("Vaccines contain microchips. " + "Lorem ipsum dolor sit amet. " * 4000)[:100_000]
    assert keys(matcher.similar(text))[0] == ("published", 3)


def test_right_to_left_text_is_indexed_and_found():
    matcher = ClaimMatcher(LIBRARY)
    matcher.add("ar", "اللقاح يغير الحمض النووي", "")
    matcher.add("he", "החיסון משנה את הדנ״א", "")
    assert keys(matcher.similar("هل اللقاح يغير الحمض النووي؟"))[0] == "ar"
    assert keys(matcher.similar("החיסון משנה"))[0] == "he"


def test_accents_and_case_are_ignored():
    matcher = ClaimMatcher([("k", "Le ministre a menti sur la réforme des retraites.", "")])
    assert keys(matcher.similar("REFORME des RETRAITES")) == ["k"]


@given(st.text(max_size=300), st.integers(min_value=0, max_value=20))
def test_no_text_crashes_similar_and_scores_are_sorted_in_0_1(text, limit):
    matcher = ClaimMatcher(LIBRARY)
    results = matcher.similar(text, limit)
    assert len(results) <= limit
    scores = [score for _key, score in results]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert {key for key, _ in results} <= {key for key, _c, _t in LIBRARY}


@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=80)), max_size=30), st.text(max_size=80))
def test_any_sequence_of_edits_leaves_a_consistent_index(edits, query):
    """After any adds, updates and removes, the index answers as one built from the survivors."""
    matcher = ClaimMatcher()
    current: dict[int, str] = {}
    for key, text in edits:
        if text.startswith("-"):
            matcher.remove(key)
            current.pop(key, None)
        else:
            matcher.update(key, text)
            current[key] = text
    rebuilt = ClaimMatcher((k, t, "") for k, t in current.items())
    assert len(matcher) == len(current)
    assert {k for k, _ in matcher.similar(query, 10)} == {k for k, _ in rebuilt.similar(query, 10)}
    assert matcher._postings == {
        term: {matcher._slots[k]: n for k, n in posting_keys.items()}
        for term, posting_keys in _postings_by_key(rebuilt).items()
    }


def _postings_by_key(matcher):
    by_slot = {slot: key for key, slot in matcher._slots.items()}
    return {term: {by_slot[s]: n for s, n in posting.items()} for term, posting in matcher._postings.items()}


def test_cleaning_of_posts():
    assert clean("#DefundTheCBC now").split() == ["Defund", "The", "CBC", "now"]
    assert clean("@realDonaldTrump said").split() == ["real", "Donald", "Trump", "said"]
    assert "http" not in clean("see https://t.co/abc and pic.twitter.com/xyz and www.example.org")
    assert clean("RT @bob: hello").split() == ["bob", ":", "hello"]
    assert clean("#ÉlectionsFrance").split() == ["ÉlectionsFrance"]


def test_terms_fold_stem_and_drop_stop_words():
    assert terms("The TAXES on Café owners in the U.S.") == ["tax", "cafe", "owner", "us"]
    assert terms("1,000 people") == ["1000", "peopl"]
    assert stem("vaccinated") == stem("vaccines") == "vaccin"


def test_a_signature_counts_less_than_the_post():
    weights = query_terms("Taxes are up — Jane Doe (@JaneDoe) January 6, 2020")
    assert weights["tax"] == 1.0
    assert weights["jane"] < 1.0 and weights["2020"] < 1.0


def test_words_to_look_up_are_those_the_matcher_weighs_with_their_stems():
    text = "RT @bob: #TaxCuts for Café owners in the U.S. https://t.co/x"
    found = lookup_words(text)
    assert found == {"bob": "bob", "tax": "tax", "cuts": "cut", "cafe": "cafe", "owners": "owner", "us": "us"}
    assert set(found.values()) == set(query_terms(text))


def _collection_of(matcher, text):
    """The statistics a store would give for ``text`` over everything ``matcher`` holds."""
    frequencies = {term: len(matcher._postings.get(term, ())) for term in query_terms(text)}
    return Collection(len(matcher), frequencies, matcher._total_length / len(matcher))


@pytest.mark.parametrize("text", ["Unemployment fell 12% in Lyon last year", "covid vaccine microchip DNA",
                                  "RT @x: #5GMasts spread the #Coronavirus", "Lyon", "nothing like it at all"])
def test_ranking_candidates_with_the_collections_counts_gives_the_matchers_answer(matcher, text):
    expected = matcher.similar(text, 5)
    ranked = rank(text, LIBRARY, _collection_of(matcher, text), 5)
    assert keys(ranked) == keys(expected)
    assert [score for _, score in ranked] == pytest.approx([score for _, score in expected])


def test_ranking_a_few_candidates_keeps_the_collections_rarity():
    matcher = ClaimMatcher(LIBRARY)
    text = "coronavirus vaccine DNA"
    few = [doc for doc in LIBRARY if doc[0] in (("published", 3), ("published", 4))]
    full = dict(matcher.similar(text))
    for key, score in rank(text, few, _collection_of(matcher, text)):
        assert score == pytest.approx(full[key])


def test_ranking_leaves_out_candidates_sharing_no_word_and_answers_nothing_to_no_words():
    collection = Collection(1000, {"bleach": 3})
    assert keys(rank("bleach cures", LIBRARY, collection)) == [("published", 1)]
    assert rank("the of and", LIBRARY, collection) == []
    assert rank("bleach", [], collection) == []
    assert rank("bleach", LIBRARY, collection, limit=0) == []
    # counts too low for what the candidates hold (a stale count) still give scores in 0..1
    for _, score in rank("coronavirus vaccine", LIBRARY, Collection(1, {})):
        assert 0.0 <= score <= 1.0


BM25_ALONE = MatchSettings(words_weight=1, grams_weight=0, rarest_weight=0)
CEREALS = [
    ("flakes", "Kellogg's Corn Flakes were invented to curb masturbation.", "Were Corn Flakes an Anti-Masturbation Food?"),
    ("cereal", "A breakfast cereal was invented by a Michigan doctor.", "Cereal history"),
    ("vaccine", "The doctor invented a new vaccine.", "Vaccine news"),
    ("corn", "Corn prices doubled after the drought.", "Farm news"),
]


def test_words_run_together_find_the_claim_that_writes_them_apart():
    """'cornflakes' shares no stem with 'Corn Flakes': BM25 alone ranks it third, the fused score first."""
    text = "Why were #cornflakes invented? pic.twitter.com/x"
    assert keys(ClaimMatcher(CEREALS, BM25_ALONE).similar(text))[:3] == ["vaccine", "cereal", "flakes"]
    assert keys(ClaimMatcher(CEREALS).similar(text))[0] == "flakes"
    assert keys(rank(text, CEREALS, Collection(len(CEREALS), {"invent": 3})))[0] == "flakes"


def test_the_fused_score_weighs_three_closenesses_each_1_for_the_same_text():
    matcher = ClaimMatcher(LIBRARY)
    parts = dict(matcher.closenesses("Drinking bleach cures the coronavirus. Does Bleach Cure COVID-19?"))
    assert parts[("published", 1)] == pytest.approx((1.0, 1.0, 1.0))
    for _key, part in matcher.closenesses("Covid vaccines and microchips: the coronavirus again"):
        assert all(0.0 <= p <= 1.0 for p in part)
    assert matcher.closenesses("nothing shared at all") == []


def test_bm25_alone_keeps_bm25s_order_and_score():
    """With the other weights at 0 the score is BM25's over the text's own, as before the fused score."""
    text = "coronavirus vaccine DNA microchips"
    plain = ClaimMatcher(LIBRARY, BM25_ALONE).similar(text)
    words_part = {key: part[0] for key, part in ClaimMatcher(LIBRARY).closenesses(text)}
    assert [score for _, score in plain] == sorted((score for _, score in plain), reverse=True)
    assert dict(plain) == pytest.approx({key: words_part[key] for key in keys(plain)})


def test_weights_that_add_up_to_nothing_are_refused():
    matcher = ClaimMatcher(LIBRARY, MatchSettings(words_weight=0, grams_weight=0, rarest_weight=0))
    with pytest.raises(ValueError, match="weights"):
        matcher.similar("coronavirus")


def test_character_grams_see_words_apart_and_together_alike():
    assert cosine(grams("Corn Flakes"), grams("cornflakes")) > 0.3
    assert cosine(grams("Pérez said 1,000"), grams("PEREZ SAID 1000")) == pytest.approx(1.0)
    assert cosine(grams("vaccines"), grams("bananas")) < 0.2
    assert cosine(grams(""), grams("anything")) == 0.0


def test_importing_the_matcher_brings_no_numpy_and_no_qt():
    code = "import sys, factcheck.core.matching; print(sorted(m for m in ('numpy', 'PySide6') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
