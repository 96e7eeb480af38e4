"""schema.org ClaimReview JSON-LD, checked against Google's fact-check requirements (DOMAIN.md)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.core.report import Organisation, ReportOptions, build_report
from factcheck.io import BadInput
from factcheck.io.claimreview import MissingData, render_claimreview, unapproved_verdicts
from report_samples import (
    ARTICLE_URL,
    NOW,
    ORGANISATION,
    claim,
    empty_values,
    make_library,
    make_report,
    sample_report,
)

PAGE = "https://checkdesk.example/2024/mayor-budget"


def reviews(report, url: str = PAGE, include_unapproved: bool = True) -> list[dict]:
    """The ClaimReviews of a report; whatever their status, unless a test is about the status."""
    data = json.loads(render_claimreview(report, url, include_unapproved))
    assert isinstance(data, list)
    return data


def check_google_requirements(review: dict) -> None:
    """The required and recommended ClaimReview fields, as Google's guide states them."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"].strip()
    assert review["url"].startswith(("http://", "https://"))
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert isinstance(rating["alternateName"], str) and rating["alternateName"].strip()
    numeric = {"ratingValue", "bestRating", "worstRating"} & rating.keys()
    assert numeric in (set(), {"ratingValue", "bestRating", "worstRating"})
    if numeric:
        assert rating["worstRating"] >= 1
        assert rating["bestRating"] > rating["worstRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    if "author" in review:
        assert review["author"]["@type"] in ("Organization", "Person")
        assert review["author"].get("name") or review["author"].get("url")
    if "itemReviewed" in review:
        assert review["itemReviewed"]["@type"] == "Claim"
    assert empty_values(review) == []


def test_one_claimreview_per_rated_claim_field_by_field():
    report = sample_report()
    data = reviews(report)
    assert len(data) == 2  # the unrated claim is left out
    for review in data:
        check_google_requirements(review)

    false, budget = data
    assert budget == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": PAGE + "#claim-3",
        "claimReviewed": "The budget is balanced",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly False",
                         "ratingValue": 3, "bestRating": 6, "worstRating": 1},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mayor Zoë Núñez"},
            "datePublished": "2024-05-06",
            "appearance": {"@type": "CreativeWork", "url": ARTICLE_URL,
                           "headline": "Mayor says crime fell 40%",
                           "author": {"@type": "Person", "name": "Zoë"},
                           "publisher": {"@type": "Organization", "name": "Gazette 📰"},
                           "datePublished": "2024-05-06"},
        },
        "author": {"@type": "Organization", "name": "Check Desk", "url": "https://checkdesk.example"},
        "datePublished": report.claims[2].claim.updated_at[:10],
    }
    assert false["url"] == PAGE + "#claim-2"
    assert false["claimReviewed"] == "crime fell 40%"
    assert false["reviewRating"] == {"@type": "Rating", "alternateName": "False",
                                     "ratingValue": 2, "bestRating": 6, "worstRating": 1}
    assert "datePublished" not in false["itemReviewed"]  # the claim date is unknown


def test_claim_reviewed_is_the_quote_with_white_space_collapsed():
    text = "She said:  the budget\n\nis   balanced\tnow. Then she left."
    library, article_id = make_library(text=text, claims=[
        claim("the budget\n\nis   balanced\tnow.", text=text, verdict="True")])
    (review,) = reviews(make_report(library, article_id))
    assert review["claimReviewed"] == "the budget is balanced now."


def test_a_verdict_without_a_value_gives_the_text_rating_only():
    library, article_id = make_library(scale="newsroom", claims=[
        claim("The budget is balanced", verdict="Unverifiable"),
        claim("Crime fell 40% last year", verdict="Opinion — not checkable"),
        claim("Police figures 📊 show a fall of 12%.", verdict="Mostly accurate"),
    ])
    data = reviews(make_report(library, article_id))
    for review in data:
        check_google_requirements(review)
    assert [r["reviewRating"] for r in data] == [
        {"@type": "Rating", "alternateName": "Opinion — not checkable"},
        {"@type": "Rating", "alternateName": "Mostly accurate", "ratingValue": 4,
         "bestRating": 5, "worstRating": 1},
        {"@type": "Rating", "alternateName": "Unverifiable"},
    ]


@pytest.mark.parametrize("values", [
    (0, 1, 2),        # worst below 1
    (-3, 3),          # negative
    (2, 2),           # best not above worst
    (0.5, 4),         # fractional worst below 1
])
def test_a_scale_that_breaks_googles_rules_gives_no_numbers(values):
    scale = RatingScale("odd", "Odd scale", tuple(
        Verdict(f"V{n}", "#9e9e9e", "", value) for n, value in enumerate(values)))
    library, article_id = make_library(custom_scale=scale, claims=[claim("The budget is balanced", verdict="V1")])
    (review,) = reviews(make_report(library, article_id))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "V1"}


def test_fractional_values_on_a_valid_scale_are_kept():
    scale = RatingScale("stars", "Stars", (Verdict("Low", "#c62828", "", 1.5), Verdict("High", "#2e7d32", "", 4)))
    library, article_id = make_library(custom_scale=scale, claims=[claim("The budget is balanced", verdict="Low")])
    (review,) = reviews(make_report(library, article_id))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Low",
                                      "ratingValue": 1.5, "bestRating": 4, "worstRating": 1.5}


@given(st.lists(st.one_of(st.none(), st.integers(-5, 10), st.floats(-5, 10, allow_nan=False)),
                min_size=1, max_size=6))
def test_numeric_ratings_always_meet_the_rules(values):
    text = "The budget is balanced."
    scale = RatingScale("any", "Any", tuple(Verdict(f"V{n}", "#9e9e9e", "", v) for n, v in enumerate(values)))
    claims = [Claim(anchor=make_anchor(text, 0, 10), verdict=f"V{n}", id=n + 1) for n in range(len(values))]
    report = build_report(Article("T", text), scale, claims, ReportOptions(), ORGANISATION, now=NOW)
    for review in reviews(report):
        check_google_requirements(review)


def test_no_empty_strings_or_nulls_when_little_is_known():
    library, article_id = make_library(url="", claims=[claim("The budget is balanced", verdict="True")])
    library.update_article(article_id, "outlet", "")
    library.update_article(article_id, "author", "")
    library.update_article(article_id, "published", None)
    report = make_report(library, article_id, organisation=Organisation("Check Desk", ""))
    text = render_claimreview(report, PAGE, include_unapproved=True)
    (review,) = json.loads(text)
    check_google_requirements(review)
    assert '""' not in text and "null" not in text
    assert review["author"] == {"@type": "Organization", "name": "Check Desk"}
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "headline": "Mayor says crime fell 40%"},
    }


def test_an_article_link_that_is_not_a_web_address_is_left_out():
    library, article_id = make_library(url="file:///home/me/article.txt")
    for review in reviews(make_report(library, article_id)):
        assert "url" not in review["itemReviewed"]["appearance"]


def test_the_review_date_falls_back_to_the_report_date():
    text = "The budget is balanced."
    report = build_report(Article("T", text), RatingScale("s", "S", (Verdict("True", "#2e7d32"),)),
                          [Claim(anchor=make_anchor(text, 0, 10), verdict="True")],
                          ReportOptions(), ORGANISATION, now=NOW)
    (review,) = reviews(report)
    assert review["datePublished"] == "2024-05-08"


def test_each_review_gets_its_own_fragment_of_the_page():
    report = sample_report()
    data = reviews(report, "https://checkdesk.example/check?id=7#top")
    assert [r["url"] for r in data] == ["https://checkdesk.example/check?id=7#claim-2",
                                        "https://checkdesk.example/check?id=7#claim-3"]


@pytest.mark.parametrize("name", ["", "   "])
def test_a_missing_organisation_name_is_named(name):
    report = make_report(*make_library(), organisation=Organisation(name, ""))
    with pytest.raises(MissingData) as caught:
        render_claimreview(report, PAGE)
    assert "organisation's name" in str(caught.value)
    assert caught.value.keys == ["organisation"]  # the CLI and the dialog say where it is set
    assert isinstance(caught.value, BadInput)


def test_a_missing_fact_check_page_says_what_to_fill_in():
    with pytest.raises(MissingData, match="page where the fact check of this article will be published") as caught:
        render_claimreview(sample_report(), " ")
    assert caught.value.keys == ["review_url"]
    assert "--review-url" not in str(caught.value)  # a window user has no command line to pass it on


def test_the_reviews_are_published_at_the_articles_own_fact_check_page():
    library, article_id = make_library()
    library.update_article(article_id, "review_url", "https://checkdesk.example/2024/mayor")
    urls = [r["url"] for r in json.loads(render_claimreview(make_report(library, article_id)))]
    assert urls and all(u.startswith("https://checkdesk.example/2024/mayor#claim-") for u in urls)
    given = json.loads(render_claimreview(make_report(library, article_id), "https://other.example/page"))
    assert given[0]["url"].startswith("https://other.example/page#claim-")  # an explicit page wins


def test_the_claimant_is_typed_as_the_library_records_them():
    from factcheck.core.claims import Claimant, ClaimantKind

    library, article_id = make_library()
    library.set_claimant(Claimant("Mayor Zoë Núñez", ClaimantKind.PERSON, "https://www.wikidata.org/wiki/Q1"))
    library.set_claimant(Claimant("Families", ClaimantKind.ORGANIZATION))
    reviews = json.loads(render_claimreview(make_report(library, article_id), PAGE, include_unapproved=True))
    authors = {r["itemReviewed"]["author"]["name"]: r["itemReviewed"]["author"] for r in reviews}
    assert authors["Mayor Zoë Núñez"] == {"@type": "Person", "name": "Mayor Zoë Núñez",
                                          "sameAs": "https://www.wikidata.org/wiki/Q1"}
    assert authors["Families"] == {"@type": "Organization", "name": "Families"}


def test_no_rated_claim_is_an_error_not_an_empty_list():
    library, article_id = make_library(claims=[claim("The budget is balanced")])
    with pytest.raises(MissingData, match="with a verdict"):
        render_claimreview(make_report(library, article_id), PAGE)


def test_approved_only_without_a_rated_approved_claim_says_so():
    library, article_id = make_library(claims=[
        claim("The budget is balanced", verdict="True", status=ClaimStatus.IN_REVIEW),
        claim("Crime fell 40% last year", status=ClaimStatus.APPROVED)])
    with pytest.raises(MissingData, match="approved claim with a verdict"):
        render_claimreview(make_report(library, article_id, ReportOptions(approved_only=True)), PAGE)


def test_everything_missing_is_named_at_once():
    library, article_id = make_library(claims=[claim("The budget is balanced")])
    report = make_report(library, article_id, organisation=Organisation())
    with pytest.raises(MissingData) as caught:
        render_claimreview(report, "")
    assert len(caught.value.missing) == 3
    message = str(caught.value)
    assert "organisation's name" in message and "fact-check page" in message and "verdict" in message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "checkdesk.example/page", "ftp://checkdesk.example/x"])
def test_a_review_url_that_is_not_a_web_address_is_refused(url):
    with pytest.raises(BadInput, match="not a web address"):
        render_claimreview(sample_report(), url)


def test_an_organisation_url_that_is_not_a_web_address_is_refused():
    report = make_report(*make_library(), organisation=Organisation("Check Desk", "javascript:alert(1)"))
    with pytest.raises(BadInput, match="organisation's URL"):
        render_claimreview(report, PAGE)


def test_hostile_text_cannot_close_a_script_element():
    hostile = '</script><img src=x onerror=alert(1)> & "quotes"'
    library, article_id = make_library(claims=[claim("The budget is balanced", verdict="True", claimant=hostile)])
    text = render_claimreview(make_report(library, article_id), PAGE, include_unapproved=True)
    assert "<" not in text and ">" not in text and "&" not in text
    (review,) = json.loads(text)
    assert review["itemReviewed"]["author"]["name"] == hostile


# ------------------------------------------------------- approved verdicts only


def test_only_approved_verdicts_are_published_by_default():
    report = sample_report()  # claim 3 approved, claim 2 rated but in review, claim 1 unrated
    data = reviews(report, include_unapproved=False)
    assert [(r["url"], r["reviewRating"]["alternateName"]) for r in data] == [(PAGE + "#claim-3", "Mostly False")]
    assert unapproved_verdicts(report) == 1


def test_include_unapproved_publishes_drafts_and_claims_in_review_too():
    library, article_id = make_library(claims=[
        claim("The budget is balanced", verdict="True", status=ClaimStatus.DRAFT),
        claim("Crime fell 40% last year", verdict="False", status=ClaimStatus.IN_REVIEW),
        claim("Police figures 📊 show a fall of 12%.", verdict="Half True", status=ClaimStatus.APPROVED),
        claim("Straße works cost £2m", status=ClaimStatus.IN_REVIEW)])  # no verdict: never published
    report = make_report(library, article_id)
    assert unapproved_verdicts(report) == 2
    assert [r["claimReviewed"] for r in reviews(report, include_unapproved=False)] == [
        "Police figures 📊 show a fall of 12%."]
    assert sorted(r["claimReviewed"] for r in reviews(report, include_unapproved=True)) == [
        "Crime fell 40% last year", "Police figures 📊 show a fall of 12%.", "The budget is balanced"]


def test_verdicts_none_approved_is_an_error_that_says_how_to_include_them():
    library, article_id = make_library(claims=[
        claim("The budget is balanced", verdict="True", status=ClaimStatus.IN_REVIEW),
        claim("Crime fell 40% last year", verdict="False")])
    report = make_report(library, article_id)
    with pytest.raises(MissingData) as caught:
        render_claimreview(report, PAGE)
    (message,) = caught.value.missing
    assert "approved claim with a verdict" in message and "2 claims have verdicts not yet approved" in message
    assert "--include-unapproved" in message and "check box" in message
    assert len(reviews(report, include_unapproved=True)) == 2


def test_an_orphaned_claim_is_published_with_the_article_as_its_first_appearance_not_its_appearance():
    """A revision took its words out: it was made in the article, and the article no longer shows it."""
    from dataclasses import replace

    report = sample_report()
    at = next(i for i, numbered in enumerate(report.claims) if numbered.claim.quote == "The budget is balanced")
    orphaned = replace(report.claims[at], claim=report.claims[at].claim.with_(placement="orphan", placed_on=1))
    report = replace(report, claims=tuple(orphaned if i == at else c for i, c in enumerate(report.claims)))
    placed, orphan = reviews(report)
    check_google_requirements(orphan)
    assert "appearance" not in orphan["itemReviewed"]
    assert orphan["itemReviewed"]["firstAppearance"]["url"] == ARTICLE_URL
    assert orphan["claimReviewed"] == "The budget is balanced"
    assert placed["itemReviewed"]["appearance"]["url"] == ARTICLE_URL and "firstAppearance" not in placed["itemReviewed"]
